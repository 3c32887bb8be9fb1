// Data movement of MMX/SSE/SSE2/SSE3/SSE4.1: whole-register moves (aligned and unaligned), movd/movq
// in all their forms, scalar and half-register moves, mask extraction, non-temporal stores,
// prefetch, emms and the MXCSR load/store (SDM Vol.2 instruction pages).
import type { CpuCore } from '../../CpuCore.js';
import type { DecodedInsn } from '../../decodeInstruction.js';
import { GuestFault } from '../../GuestFault.js';
import type { Handler, OpRow } from '../opRow.js';
import {
  D32, D8, K_MEM, K_MMX, K_REG, K_XMM, S32, S8, T32, VEC_GP, alignedEa, getXmm, loadOperand, mmxCheck, readMem, rowsOfAll,
  setXmm, sseCheck, writeMem, type RowSpec,
} from './sseState.js';

/** Load of operand 1 into S (16-byte memory aligned per `strict`/`unaligned`). */
function loadSrc(cpu: CpuCore, d: DecodedInsn, unaligned: boolean, strict: boolean): void {
  if (d.k1 === K_MEM && d.s1 === 16 && !unaligned) readMem(cpu, alignedEa(cpu, d, strict), 16, S32, S8);
  else loadOperand(cpu, d, d.k1, d.r1, d.s1, S32, S8, unaligned);
}

/** Store of `v` to operand 0 when it is memory or a general register (`size` bytes). */
function storeOut(cpu: CpuCore, d: DecodedInsn, size: number, v: Uint32Array, unaligned: boolean, strict: boolean): void {
  if (d.k0 === K_REG) { cpu.setR(d.r0, size === 8 ? 8 : 4, v[0]!, size === 8 ? v[1]! : 0); return; }
  writeMem(cpu, size === 16 && !unaligned ? alignedEa(cpu, d, strict) : cpu.ea(d), size, v);
}

/** movaps/movups/movdqa/movdqu/movapd/movupd/lddqu/movntdqa: 128 bits either way. */
function move128(unaligned: boolean): Handler {
  return (cpu, d) => {
    sseCheck(cpu);
    if (d.k0 === K_XMM) { loadSrc(cpu, d, unaligned, true); setXmm(cpu, d.r0, S32); return; }
    getXmm(cpu, d.r1, S32);
    storeOut(cpu, d, 16, S32, unaligned, true);
  };
}

/** movss/movsd: a register source merges into the low lane; a memory source zeroes the rest. */
function moveScalar(size: 4 | 8): Handler {
  return (cpu, d) => {
    sseCheck(cpu);
    const x = cpu.fpu.xmm32;
    if (d.k0 === K_MEM) { getXmm(cpu, d.r1, S32); writeMem(cpu, cpu.ea(d), size, S32); return; }
    if (d.k1 === K_MEM) { readMem(cpu, cpu.ea(d), size, S32, S8); setXmm(cpu, d.r0, S32); return; }
    x[d.r0 * 4] = x[d.r1 * 4]!;
    if (size === 8) x[d.r0 * 4 + 1] = x[d.r1 * 4 + 1]!;
  };
}

/** movd/movq between XMM, MMX, general registers and memory (SDM "MOVD/MOVQ", "MOVQ"). */
const movdq: Handler = (cpu, d) => {
  const size = d.k0 === K_XMM || d.k0 === K_MMX ? (d.k1 === K_XMM || d.k1 === K_MMX ? 8 : d.s1) : d.s0;
  if (d.k0 === K_MMX || d.k1 === K_MMX) mmxCheck(cpu); else sseCheck(cpu);
  if (d.k0 === K_XMM || d.k0 === K_MMX) {
    loadOperand(cpu, d, d.k1, d.r1, size, S32, S8, true);
    if (size === 4) S32[1] = 0;
    if (d.k0 === K_MMX) { cpu.fpu.writeMmx(d.r0, S32[0]!, S32[1]!); return; }
    S32[2] = 0; S32[3] = 0;
    if (d.k1 === K_MMX) cpu.fpu.enterMmx();
    setXmm(cpu, d.r0, S32);
    return;
  }
  loadOperand(cpu, d, d.k1, d.r1, 8, S32, S8, true);
  if (d.k1 === K_MMX) cpu.fpu.enterMmx();
  storeOut(cpu, d, size, S32, true, false);
};

/** movdq2q mm, xmm / movq2dq xmm, mm. */
const movq2 = movdq;

/** movhps/movhpd/movlps/movlpd (m64 either way) and movhlps/movlhps (register forms). */
function moveHalf(high: boolean): Handler {
  return (cpu, d) => {
    sseCheck(cpu);
    const x = cpu.fpu.xmm32, lane = high ? 2 : 0;
    if (d.k0 === K_MEM) { const i = d.r1 * 4 + lane; T32[0] = x[i]!; T32[1] = x[i + 1]!; writeMem(cpu, cpu.ea(d), 8, T32); return; }
    if (d.k1 === K_MEM) { readMem(cpu, cpu.ea(d), 8, S32, S8); x[d.r0 * 4 + lane] = S32[0]!; x[d.r0 * 4 + lane + 1] = S32[1]!; return; }
    // movlhps: dst.high = src.low; movhlps (the movlps opcode with a register): dst.low = src.high
    const from = d.r1 * 4 + (high ? 0 : 2), to = d.r0 * 4 + lane;
    const a = x[from]!, b = x[from + 1]!;
    x[to] = a; x[to + 1] = b;
  };
}

/** movmskps/movmskpd/pmovmskb: the sign bit of every lane into a general register. */
function moveMask(lane: 1 | 4 | 8): Handler {
  return (cpu, d) => {
    let w = 16;
    if (d.k1 === K_MMX) { mmxCheck(cpu); w = 8; cpu.fpu.enterMmx(); } else sseCheck(cpu);
    loadOperand(cpu, d, d.k1, d.r1, w, S32, S8, true);
    let m = 0;
    for (let i = 0, b = 0; i < w; i += lane, b++) m |= (S8[i + lane - 1]! >> 7) << b;
    cpu.setR(d.r0, d.s0 === 8 ? 8 : 4, m, 0);
  };
}

/** maskmovq/maskmovdqu: store the bytes whose mask byte has bit 7 set to DS:rDI. */
const maskmov: Handler = (cpu, d) => {
  const w = d.k1 === K_MMX ? 8 : 16;
  if (w === 8) { mmxCheck(cpu); cpu.fpu.enterMmx(); } else sseCheck(cpu);
  loadOperand(cpu, d, d.k1, d.r1, w, S32, S8, true);
  loadOperand(cpu, d, d.k2, d.r2, w, D32, D8, true);
  let a = d.asz === 8 ? cpu.reg64(7) : cpu.regLo[7]! >>> 0;
  if (cpu.bits !== 64 || d.seg >= 4) a += cpu.segBase[d.seg]!;
  if (d.asz !== 8) a >>>= 0;
  let first = -1, last = -1;
  for (let i = 0; i < w; i++) if (D8[i]! & 0x80) { if (first < 0) first = i; last = i; }
  if (first < 0) return;
  cpu.probeWrite(a + first, 1); cpu.probeWrite(a + last, 1);
  for (let i = first; i <= last; i++) if (D8[i]! & 0x80) cpu.wr8(a + i, S8[i]!);
};

/** movntq m64, mm. */
const movntq: Handler = (cpu, d) => {
  mmxCheck(cpu); cpu.fpu.enterMmx();
  T32[0] = cpu.fpu.fpMant[2 * d.r1]!; T32[1] = cpu.fpu.fpMant[2 * d.r1 + 1]!;
  writeMem(cpu, cpu.ea(d), 8, T32);
};

/** movnti m32/m64, r: an ordinary store (no cache to bypass). */
const movnti: Handler = (cpu, d) => {
  const v = cpu.getR(d.r1, d.s0);
  cpu.wrMem(cpu.ea(d), d.s0, v, cpu.hi);
};

/** movddup / movshdup / movsldup (SSE3). */
function dup(kind: 'ddup' | 'shdup' | 'sldup'): Handler {
  return (cpu, d) => {
    sseCheck(cpu);
    loadSrc(cpu, d, false, false);
    if (kind === 'ddup') { S32[2] = S32[0]!; S32[3] = S32[1]!; }
    else if (kind === 'shdup') { S32[0] = S32[1]!; S32[2] = S32[3]!; }
    else { S32[1] = S32[0]!; S32[3] = S32[2]!; }
    setXmm(cpu, d.r0, S32);
  };
}

const ldmxcsr: Handler = (cpu, d) => {
  sseCheck(cpu);
  const v = cpu.rd32(cpu.ea(d));
  if (v & ~cpu.fpu.mxcsrMask) throw new GuestFault(VEC_GP, 0, `ldmxcsr of 0x${v.toString(16)} sets reserved MXCSR bits`);
  cpu.fpu.mxcsr = v;
};
const stmxcsr: Handler = (cpu, d) => { sseCheck(cpu); cpu.wr32(cpu.ea(d), cpu.fpu.mxcsr); };

/** EMMS: every x87 tag empty (SDM 9.5.1) and, as the AMD host the oracle runs on does, TOP 0 (the SDM is silent on TOP). */
const emms: Handler = (cpu) => { mmxCheck(cpu); cpu.fpu.fpTag.fill(3); cpu.fpu.fpTop = 0; };

/** prefetch*: a hint; it never faults. */
const prefetch: Handler = () => {};

const S = (names: string[], handler: Handler, cls: RowSpec['cls'], xmm: RowSpec['xmm'], mm?: RowSpec['mm']): RowSpec => ({ names, handler, cls, xmm, mm });

export const SSE_MOVE_ROWS: readonly OpRow[] = rowsOfAll([
  S(['Movaps'], move128(false), 'simd', 'sse'), S(['Movups'], move128(true), 'simd', 'sse'),
  S(['Movapd'], move128(false), 'simd', 'sse2'), S(['Movupd'], move128(true), 'simd', 'sse2'),
  S(['Movdqa'], move128(false), 'simd', 'sse2'), S(['Movdqu'], move128(true), 'simd', 'sse2'),
  S(['Movntps'], move128(false), 'store', 'sse'), S(['Movntpd', 'Movntdq'], move128(false), 'store', 'sse2'),
  S(['Lddqu'], move128(true), 'load', 'pni'), S(['Movntdqa'], move128(false), 'load', 'sse4_1'),
  S(['Movss'], moveScalar(4), 'simd', 'sse'), S(['Movsd'], moveScalar(8), 'simd', 'sse2'),
  S(['Movd', 'Movq'], movdq, 'simd', 'sse2', 'mmx'), S(['Movq2dq', 'Movdq2q'], movq2, 'simd', 'sse2'),
  S(['Movhps', 'Movlhps'], moveHalf(true), 'simd', 'sse'), S(['Movlps', 'Movhlps'], moveHalf(false), 'simd', 'sse'),
  S(['Movhpd'], moveHalf(true), 'simd', 'sse2'), S(['Movlpd'], moveHalf(false), 'simd', 'sse2'),
  S(['Movmskps'], moveMask(4), 'simd', 'sse'), S(['Movmskpd'], moveMask(8), 'simd', 'sse2'),
  S(['Pmovmskb'], moveMask(1), 'simd', 'sse2', 'sse'),
  S(['Maskmovdqu'], maskmov, 'store', 'sse2', 'sse'), S(['Maskmovq'], maskmov, 'store', 'sse2', 'sse'),
  S(['Movntq'], movntq, 'store', 'sse', 'sse'), S(['Movnti'], movnti, 'store', 'sse2'),
  S(['Movddup'], dup('ddup'), 'simd', 'pni'), S(['Movshdup'], dup('shdup'), 'simd', 'pni'), S(['Movsldup'], dup('sldup'), 'simd', 'pni'),
  S(['Ldmxcsr'], ldmxcsr, 'fpState', 'sse'), S(['Stmxcsr'], stmxcsr, 'fpState', 'sse'),
  S(['Emms'], emms, 'simd', 'mmx'),
  S(['Prefetchnta', 'Prefetcht0', 'Prefetcht1', 'Prefetcht2'], prefetch, 'load', 'sse'),
]);
