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

function stringOp(c: CpuCore, d: DecodedInsn): void {
  const size = d.osz, as = d.asz, op = d.op;
  const step = (c.flagsRest & C.FLAG_DF) ? -size : size;
  const rep = d.rep;
  const iter = c.costs['stringIter'] ?? 0;
  let guard = 0;
  for (;;) {
    if (rep && idx(c, as, CX) === 0) return;
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
