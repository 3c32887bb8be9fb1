// SSE4.1 beyond the integer arithmetic: blends, pmovzx/pmovsx, ptest, pinsr*/pextr*, insertps/
// extractps, round*, dpps/dppd, mpsadbw, phminposuw (SDM Vol.2 instruction pages).
import type { CpuCore } from '../../CpuCore.js';
import type { DecodedInsn } from '../../decodeInstruction.js';
import type { Handler, OpRow } from '../opRow.js';
import {
  C_QNAN, C_SNAN, IE, OP_ADD, OP_MUL, PE, beginFp, class32, class64, fp, roundToIntegral,
} from './sseFloatCore.js';
import { finishFp, in32, in64, op32, op64, outHi } from './sseFloat.js';
import {
  D32, D8, K_REG, K_XMM, S16, S32, S8, SI16, SI32, SI8, T16, T32, T8, X32, X8, getXmm, loadBinary, loadOperand, rowsOfAll, setXmm,
  sseCheck, storeT, writeMem, type RowSpec,
} from './sseState.js';

const imm = (d: DecodedInsn): number => d.immLo & 0xff;

/** blendps/blendpd/pblendw (imm8 selects S lanes) and blendvps/blendvpd/pblendvb (XMM0's sign bits select). */
function blend(lane: 1 | 2 | 4 | 8, variable: boolean): Handler {
  return (cpu, d) => {
    loadBinary(cpu, d);
    if (variable) getXmm(cpu, 0, X32);
    const m = imm(d);
    for (let i = 0; i < 16 / lane; i++) {
      const take = variable ? (X8[i * lane + lane - 1]! & 0x80) !== 0 : ((m >> i) & 1) === 1;
      for (let b = 0; b < lane; b++) T8[i * lane + b] = take ? S8[i * lane + b]! : D8[i * lane + b]!;
    }
    storeT(cpu, d, 16);
  };
}

/** pmovzx and pmovsx: widen the low elements of the source (from `from` to `to` bytes, signed or not). */
function pmovx(from: 1 | 2 | 4, to: 2 | 4 | 8, signed: boolean): Handler {
  return (cpu, d) => {
    loadBinary(cpu, d, true); // the memory operand is 16/32/64 bits: no alignment
    const n = 16 / to;
    for (let i = 0; i < n; i++) {
      const v = from === 1 ? (signed ? SI8[i]! : S8[i]!) : from === 2 ? (signed ? SI16[i]! : S16[i]!) : (signed ? SI32[i]! : S32[i]!);
      if (to === 2) T16[i] = v;
      else if (to === 4) T32[i] = v;
      else { T32[2 * i] = v; T32[2 * i + 1] = v < 0 ? 0xffffffff : 0; }
    }
    storeT(cpu, d, 16);
  };
}

/** ptest: ZF = (S AND D) == 0, CF = (S AND NOT D) == 0; the other arithmetic flags cleared. */
const ptest: Handler = (cpu, d) => {
  loadBinary(cpu, d);
  let and = 0, andn = 0;
  for (let i = 0; i < 4; i++) { and |= S32[i]! & D32[i]!; andn |= S32[i]! & ~D32[i]!; }
  cpu.setArith((and === 0 ? 0x40 : 0) | (andn === 0 ? 0x1 : 0));
};

/** pextrd/pextrq/extractps r/m, xmm, imm8. */
function pextr(size: 4 | 8): Handler {
  return (cpu, d) => {
    sseCheck(cpu);
    getXmm(cpu, d.r1, S32);
    const m = imm(d);
    if (size === 4) { T32[0] = S32[m & 3]!; T32[1] = 0; }
    else { T32[0] = S32[(m & 1) * 2]!; T32[1] = S32[(m & 1) * 2 + 1]!; }
    if (d.k0 === K_REG) cpu.setR(d.r0, d.s0 === 8 ? 8 : 4, T32[0]!, T32[1]!);
    else writeMem(cpu, cpu.ea(d), size, T32);
  };
}
const pextrb: Handler = (cpu, d) => {
  sseCheck(cpu);
  getXmm(cpu, d.r1, S32);
  const v = S8[imm(d) & 15]!;
  if (d.k0 === K_REG) cpu.setR(d.r0, d.s0 === 8 ? 8 : 4, v, 0); else cpu.wr8(cpu.ea(d), v);
};

/** pinsrb/pinsrd/pinsrq xmm, r/m, imm8. */
function pinsr(size: 1 | 4 | 8): Handler {
  return (cpu, d) => {
    sseCheck(cpu);
    loadOperand(cpu, d, d.k1, d.r1, d.k1 === K_REG ? (size === 8 ? 8 : 4) : size, S32, S8, true);
    getXmm(cpu, d.r0, D32);
    const m = imm(d);
    if (size === 1) D8[m & 15] = S8[0]!;
    else if (size === 4) D32[m & 3] = S32[0]!;
    else { D32[(m & 1) * 2] = S32[0]!; D32[(m & 1) * 2 + 1] = S32[1]!; }
    setXmm(cpu, d.r0, D32);
  };
}

/** insertps xmm, xmm/m32, imm8: count_s (register source only), count_d, zero mask. */
const insertps: Handler = (cpu, d) => {
  loadBinary(cpu, d, true);
  const m = imm(d);
  const v = d.k1 === K_XMM ? S32[(m >> 6) & 3]! : S32[0]!;
  D32[(m >> 4) & 3] = v;
  for (let i = 0; i < 4; i++) if (m & (1 << i)) D32[i] = 0;
  setXmm(cpu, d.r0, D32);
};

/** roundps/roundpd/roundss/roundsd: imm8[1:0] rounding (or MXCSR's with imm8[2]), imm8[3] suppresses PE. */
function roundOp(double: boolean, scalar: boolean): Handler {
  return (cpu, d) => {
    loadBinary(cpu, d);
    beginFp(cpu.fpu.mxcsr);
    const m = imm(d), rc = m & 4 ? fp.rc : m & 3, quiet = (m & 8) !== 0;
    T32.set(D32);
    const n = scalar ? 1 : double ? 2 : 4;
    for (let i = 0; i < n; i++) {
      if (double) {
        const h = S32[2 * i + 1]!, l = S32[2 * i]!, c = class64(h, l);
        if (c >= C_QNAN) { if (c === C_SNAN) fp.pre |= IE; T32[2 * i] = l; T32[2 * i + 1] = h | 0x80000; continue; }
        const x = in64(h, l, c, true), r = roundToIntegral(x, rc); // round* raise no DE
        if (r !== x && !quiet) fp.post |= PE;
        lane.setFloat64(0, r); T32[2 * i + 1] = lane.getUint32(0); T32[2 * i] = lane.getUint32(4);
      } else {
        const b = S32[i]!, c = class32(b);
        if (c >= C_QNAN) { if (c === C_SNAN) fp.pre |= IE; T32[i] = b | 0x400000; continue; }
        const x = in32(b, c, true), r = roundToIntegral(x, rc);
        if (r !== x && !quiet) fp.post |= PE;
        lane.setFloat32(0, r); T32[i] = lane.getUint32(0);
      }
    }
    finishFp(cpu);
    storeT(cpu, d, 16);
  };
}
const lane = new DataView(new ArrayBuffer(8));

/**
 * dpps: products of the lanes imm8[7:4] selects (others +0.0), summed as (p0+p1)+(p2+p3), each
 * step rounded; the sum goes to the lanes imm8[3:0] selects (others +0.0). dppd likewise on two lanes.
 */
function dp(double: boolean): Handler {
  return (cpu, d) => {
    loadBinary(cpu, d);
    beginFp(cpu.fpu.mxcsr);
    const m = imm(d);
    if (double) {
      const p0 = m & 0x10 ? op64(OP_MUL, D32[1]!, D32[0]!, S32[1]!, S32[0]!) : 0, p0h = m & 0x10 ? outHi : 0;
      const p1 = m & 0x20 ? op64(OP_MUL, D32[3]!, D32[2]!, S32[3]!, S32[2]!) : 0, p1h = m & 0x20 ? outHi : 0;
      checkStage(cpu);
      const s = op64(OP_ADD, p0h, p0, p1h, p1), sh = outHi;
      for (let i = 0; i < 2; i++) { const on = (m >> i) & 1; T32[2 * i] = on ? s : 0; T32[2 * i + 1] = on ? sh : 0; }
    } else {
      const p = products;
      for (let i = 0; i < 4; i++) p[i] = m & (0x10 << i) ? op32(OP_MUL, D32[i]!, S32[i]!) : 0;
      checkStage(cpu);
      const s = op32(OP_ADD, op32(OP_ADD, p[0]!, p[1]!), op32(OP_ADD, p[2]!, p[3]!));
      for (let i = 0; i < 4; i++) T32[i] = (m >> i) & 1 ? s : 0;
    }
    finishFp(cpu);
    storeT(cpu, d, 16);
  };
}

/** An unmasked exception of the multiplications is raised before the additions run. */
function checkStage(cpu: CpuCore): void {
  const unmasked = ~(cpu.fpu.mxcsr >> 7) & 0x3f;
  if ((fp.pre | fp.post) & unmasked) finishFp(cpu);
}

/** mpsadbw: eight sums of absolute differences of 4-byte groups (SDM MPSADBW). */
const mpsadbw: Handler = (cpu, d) => {
  loadBinary(cpu, d);
  const m = imm(d), so = (m & 3) * 4, dOff = ((m >> 2) & 1) * 4;
  for (let i = 0; i < 8; i++) {
    let s = 0;
    for (let k = 0; k < 4; k++) s += Math.abs(D8[dOff + i + k]! - S8[so + k]!);
    T16[i] = s;
  }
  storeT(cpu, d, 16);
};

/** phminposuw: the minimum unsigned word and its index (lowest index on ties). */
const phminposuw: Handler = (cpu, d) => {
  loadBinary(cpu, d);
  let best = 0;
  for (let i = 1; i < 8; i++) if (S16[i]! < S16[best]!) best = i;
  T32[0] = S16[best]! | (best << 16); T32[1] = 0; T32[2] = 0; T32[3] = 0;
  storeT(cpu, d, 16);
};

const products = new Uint32Array(4);
const S = (names: string[], handler: Handler, cls: RowSpec['cls'] = 'simd'): RowSpec => ({ names, handler, cls, xmm: 'sse4_1' });

export const SSE41_ROWS: readonly OpRow[] = rowsOfAll([
  S(['Blendps'], blend(4, false)), S(['Blendpd'], blend(8, false)), S(['Pblendw'], blend(2, false)),
  S(['Blendvps'], blend(4, true)), S(['Blendvpd'], blend(8, true)), S(['Pblendvb'], blend(1, true)),
  S(['Pmovzxbw'], pmovx(1, 2, false)), S(['Pmovzxbd'], pmovx(1, 4, false)), S(['Pmovzxbq'], pmovx(1, 8, false)),
  S(['Pmovzxwd'], pmovx(2, 4, false)), S(['Pmovzxwq'], pmovx(2, 8, false)), S(['Pmovzxdq'], pmovx(4, 8, false)),
  S(['Pmovsxbw'], pmovx(1, 2, true)), S(['Pmovsxbd'], pmovx(1, 4, true)), S(['Pmovsxbq'], pmovx(1, 8, true)),
  S(['Pmovsxwd'], pmovx(2, 4, true)), S(['Pmovsxwq'], pmovx(2, 8, true)), S(['Pmovsxdq'], pmovx(4, 8, true)),
  S(['Ptest'], ptest), S(['Pextrb'], pextrb), S(['Pextrd'], pextr(4)), S(['Pextrq'], pextr(8)), S(['Extractps'], pextr(4)),
  S(['Pinsrb'], pinsr(1)), S(['Pinsrd'], pinsr(4)), S(['Pinsrq'], pinsr(8)), S(['Insertps'], insertps),
  S(['Roundps'], roundOp(false, false), 'fpAdd'), S(['Roundpd'], roundOp(true, false), 'fpAdd'),
  S(['Roundss'], roundOp(false, true), 'fpAdd'), S(['Roundsd'], roundOp(true, true), 'fpAdd'),
  S(['Dpps'], dp(false), 'fpMul'), S(['Dppd'], dp(true), 'fpMul'),
  S(['Mpsadbw'], mpsadbw, 'simdMul'), S(['Phminposuw'], phminposuw, 'simdMul'),
]).map((r) => (r.name === 'PTEST' ? { ...r, flagsWritten: 0x8d5 } : r));
