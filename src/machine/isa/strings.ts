// String instructions: MOVS STOS LODS CMPS SCAS with REP/REPE/REPNE. A long REP yields to the run
// loop every 4096 iterations (RIP back on the instruction) so timers and breakpoints still come.
import { Mnemonic } from '../../x86/icedModule.js';
import * as C from '../constants.js';
import type { CpuCore } from '../CpuCore.js';
import { Op, type DecodedInsn } from '../decodedInsn.js';
import { ARITH, type CoreRows } from './coreRows.js';

const CX = 1, SI = 6, DI = 7, ACC = 0;
const MOVS = Op.MOVS, STOS = Op.STOS, LODS = Op.LODS, CMPS = Op.CMPS, SCAS = Op.SCAS, CMP = Op.CMP;

/** RCX/ECX/RSI/... as the address size `as` reads it. */
function idx(c: CpuCore, as: number, r: number): number { return as === 8 ? c.reg64(r) : c.regLo[r]! >>> 0; }

function setIdx(c: CpuCore, as: number, r: number, v: number): void {
  if (as === 8) c.setReg64Num(r, v); else { c.regLo[r] = v | 0; if (c.bits === 64) c.regHi[r] = 0; }
}

/** A string address: segment base added (FS/GS only in 64-bit mode). */
function segAdd(c: CpuCore, seg: number, a: number): number {
  if (c.bits === 64) return seg >= 4 ? a + c.segBase[seg]! : a;
  if (c.segAttr[seg] === 0) c.nullSegment(seg);
  return (a + c.segBase[seg]!) >>> 0;
}

/**
 * REP MOVS / REP STOS forwards, as many whole elements as lie within the current source and
 * destination pages (and the yield guard) in one copy or fill: the same bytes, registers and
 * cycles as that many single iterations, and the same first fault (source read, then
 * destination write). Returns the elements done; 0 leaves the next element to the loop (it
 * straddles a page, or the copy overlaps itself forwards, where byte order matters).
 */
function bulk(c: CpuCore, d: DecodedInsn, count: number, room: number): number {
  const size = d.osz, as = d.asz;
  const di = idx(c, as, DI), dla = segAdd(c, C.SEG_ES, di), doff = dla - Math.floor(dla / 4096) * 4096;
  let n = Math.min(count, room, Math.floor((4096 - doff) / size));
  if (as === 4) n = Math.min(n, Math.floor((4294967296 - di) / size));
  if (d.op === MOVS) {
    const si = idx(c, as, SI), sla = segAdd(c, d.seg, si), soff = sla - Math.floor(sla / 4096) * 4096;
    n = Math.min(n, Math.floor((4096 - soff) / size));
    if (as === 4) n = Math.min(n, Math.floor((4294967296 - si) / size));
    if (n <= 0) return 0;
    const v = Math.floor(sla / 4096), t = c.rtlb;
    const src = t.tags[v & 255] === v ? t.pages[v & 255]! : c.translate(sla, 0);
    const dst = c.wpage(dla), len = n * size;
    if (src === dst && doff > soff && doff < soff + len) return 0;
    if (src === dst) dst.data.copyWithin(doff, soff, soff + len);
    else dst.data.set(src.data.subarray(soff, soff + len), doff);
    setIdx(c, as, SI, si + len);
  } else {
    if (n <= 0) return 0;
    const data = c.wpage(dla).data, lo = c.regLo[ACC]!;
    if (size === 1) data.fill(lo & 0xff, doff, doff + n);
    else {
      const view = new DataView(data.buffer, data.byteOffset + doff, n * size), hi = c.regHi[ACC]!;
      for (let k = 0; k < n * size; k += size) {
        if (size === 2) view.setUint16(k, lo, true);
        else if (size === 4) view.setUint32(k, lo, true);
        else { view.setUint32(k, lo, true); view.setUint32(k + 4, hi, true); }
      }
    }
  }
  setIdx(c, as, DI, di + n * size);
  setIdx(c, as, CX, count - n);
  c.cycles += n * (c.costs['stringIter'] ?? 0);
  return n;
}

function stringOp(c: CpuCore, d: DecodedInsn): void {
  const size = d.osz, as = d.asz, op = d.op;
  const step = (c.flagsRest & C.FLAG_DF) ? -size : size;
  const rep = d.rep;
  const iter = c.costs['stringIter'] ?? 0;
  const fast = rep !== 0 && step > 0 && (op === MOVS || op === STOS) && (as === 4 || as === 8);
  let guard = 0;
  for (;;) {
    if (rep && idx(c, as, CX) === 0) return;
    if (fast) {
      const k = bulk(c, d, idx(c, as, CX), 4096 - guard);
      if (k > 0) {
        guard += k;
        if (guard >= 4096 && idx(c, as, CX) !== 0) { c.rip -= d.len; return; }
        continue;
      }
    }
    const si = idx(c, as, SI), di = idx(c, as, DI);
    switch (op) {
      case MOVS: {
        const v = c.rdMem(segAdd(c, d.seg, si), size);
        c.wrMem(segAdd(c, C.SEG_ES, di), size, v, c.hi); setIdx(c, as, SI, si + step); setIdx(c, as, DI, di + step);
        break;
      }
      case STOS: { const v = c.getR(ACC, size); c.wrMem(segAdd(c, C.SEG_ES, di), size, v, c.hi); setIdx(c, as, DI, di + step); break; }
      case LODS: { const v = c.rdMem(segAdd(c, d.seg, si), size); c.setR(ACC, size, v, c.hi); setIdx(c, as, SI, si + step); break; }
      case CMPS: {
        const a = c.rdMem(segAdd(c, d.seg, si), size), ah = c.hi;
        const b = c.rdMem(segAdd(c, C.SEG_ES, di), size), bh = c.hi;
        c.alu(CMP, size, a, ah, b, bh); setIdx(c, as, SI, si + step); setIdx(c, as, DI, di + step);
        break;
      }
      case SCAS: {
        const a = c.getR(ACC, size), ah = c.hi;
        const b = c.rdMem(segAdd(c, C.SEG_ES, di), size), bh = c.hi;
        c.alu(CMP, size, a, ah, b, bh); setIdx(c, as, DI, di + step);
        break;
      }
    }
    if (!rep) return;
    setIdx(c, as, CX, idx(c, as, CX) - 1);
    c.cycles += iter;
    if (op === CMPS || op === SCAS) {
      const zf = c.cond(4);
      if (rep === 1 ? !zf : zf) return;
    }
    if (++guard >= 4096 && idx(c, as, CX) !== 0) { c.rip -= d.len; return; }
  }
}

const M = Mnemonic;
// REP loops re-execute and charge per iteration: strings stay interpreted.
const row = { handler: stringOp, cls: 'string', jit: false, flagsRead: 0, flagsWritten: 0 } as const;

// MOVSD and CMPSD with string operands are decoded from the operand kind (the mnemonics are SSE's too).
export const STRING_ROWS: CoreRows = {
  MOVS: { ...row, mnemonics: [M.Movsb, M.Movsw, M.Movsq] },
  STOS: { ...row, mnemonics: [M.Stosb, M.Stosw, M.Stosd, M.Stosq] },
  LODS: { ...row, mnemonics: [M.Lodsb, M.Lodsw, M.Lodsd, M.Lodsq] },
  CMPS: { ...row, mnemonics: [M.Cmpsb, M.Cmpsw, M.Cmpsq], flagsWritten: ARITH },
  SCAS: { ...row, mnemonics: [M.Scasb, M.Scasw, M.Scasd, M.Scasq], flagsWritten: ARITH },
};
