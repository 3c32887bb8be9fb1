// SSE/SSE2/SSE3 floating-point arithmetic: add/sub/mul/div/sqrt/min/max in scalar and packed
// single and double forms, the horizontal and alternating forms of SSE3, bitwise logic on floats
// and the #XM rule: an unmasked exception stores no result (SDM Vol.1 11.5.2).
import type { CpuCore } from '../../CpuCore.js';
import type { DecodedInsn } from '../../decodeInstruction.js';
import { GuestFault } from '../../GuestFault.js';
import type { Handler, OpRow } from '../opRow.js';
import {
  C_DENORMAL, C_INF, C_QNAN, C_SNAN, C_ZERO, DE, F32, F64, IE, INDEF32, INDEF64_HI, OP_ADD, OP_DIV, OP_MUL, OP_SQRT, OP_SUB,
  ZE, arith, beginFp, class32, class64, fp,
} from './sseFloatCore.js';
import { bin } from './sseIntArith.js';
import {
  CR4_OSXMMEXCPT, D32, S32, T32, VEC_UD, VEC_XM, loadBinary, rowsOfAll, storeT, type RowSpec,
} from './sseState.js';

const lane = new DataView(new ArrayBuffer(8));
const f32 = (bits: number): number => { lane.setUint32(0, bits); return lane.getFloat32(0); };
const bits32 = (x: number): number => { lane.setFloat32(0, x); return lane.getUint32(0); };
const f64 = (hi: number, lo: number): number => { lane.setUint32(0, hi); lane.setUint32(4, lo); return lane.getFloat64(0); };
/** Result of a double lane: high dword here, low dword returned. */
export let outHi = 0;
const bits64 = (x: number): number => { lane.setFloat64(0, x); outHi = lane.getUint32(0); return lane.getUint32(4); };

/**
 * End of an instruction's lanes: with an unmasked exception raise #XM (or #UD without
 * CR4.OSXMMEXCPT) having set the flags, and return false (store nothing); else set the flags.
 */
export function finishFp(cpu: CpuCore): void {
  const unmasked = ~(cpu.fpu.mxcsr >> 7) & 0x3f;
  if (fp.pre & unmasked) raiseXm(cpu, fp.pre);
  const all = fp.pre | fp.post;
  if (all & unmasked) raiseXm(cpu, all);
  cpu.fpu.mxcsr |= all;
}

function raiseXm(cpu: CpuCore, flags: number): never {
  cpu.fpu.mxcsr |= flags;
  if (!(cpu.cr4 & CR4_OSXMMEXCPT)) throw new GuestFault(VEC_UD, -1, 'unmasked SIMD floating-point exception with CR4.OSXMMEXCPT clear');
  throw new GuestFault(VEC_XM, -1, `SIMD floating-point exception (MXCSR flags 0x${flags.toString(16)})`);
}

/** A float32 operand's value after DAZ, raising DE for a denormal without DAZ (unless `noDe`: conversions to integer, round*). */
export function in32(bits: number, c: number, noDe = false): number {
  if (c === C_DENORMAL) { if (fp.daz) return bits >>> 31 ? -0 : 0; if (!noDe) fp.pre |= DE; }
  return f32(bits);
}
export function in64(hi: number, lo: number, c: number, noDe = false): number {
  if (c === C_DENORMAL) { if (fp.daz) return hi >>> 31 ? -0 : 0; if (!noDe) fp.pre |= DE; }
  return f64(hi, lo);
}

/** add/sub/mul/div (b is the source) or sqrt (of b) of float32 bit patterns. */
export function op32(op: number, a: number, b: number): number {
  const cb = class32(b), ca = op === OP_SQRT ? C_ZERO : class32(a);
  if (ca >= C_QNAN || cb >= C_QNAN) {
    if (ca === C_SNAN || cb === C_SNAN) fp.pre |= IE;
    return (ca >= C_QNAN ? a : b) | 0x400000;
  }
  // the square root of a negative number is invalid before its being denormal counts
  const before = fp.pre;
  fp.pre = 0;
  const y = in32(b, cb, op === OP_SQRT && b >>> 31 === 1), x = op === OP_SQRT ? 0 : in32(a, ca);
  const r = opValues(op, x, y, false);
  if (fp.pre & ZE) fp.pre &= ~DE; // division by zero outranks a denormal dividend
  fp.pre |= before;
  return r === null ? INDEF32 : bits32(r);
}

export function op64(op: number, ah: number, al: number, bh: number, bl: number): number {
  const cb = class64(bh, bl), ca = op === OP_SQRT ? C_ZERO : class64(ah, al);
  if (ca >= C_QNAN || cb >= C_QNAN) {
    if (ca === C_SNAN || cb === C_SNAN) fp.pre |= IE;
    if (ca >= C_QNAN) { outHi = ah | 0x80000; return al; }
    outHi = bh | 0x80000; return bl;
  }
  const before = fp.pre;
  fp.pre = 0;
  const y = in64(bh, bl, cb, op === OP_SQRT && bh >>> 31 === 1), x = op === OP_SQRT ? 0 : in64(ah, al, ca);
  const r = opValues(op, x, y, true);
  if (fp.pre & ZE) fp.pre &= ~DE;
  fp.pre |= before;
  if (r === null) { outHi = INDEF64_HI; return 0; }
  return bits64(r);
}

/** The operation on non-NaN values: null for an invalid operation (IE raised). */
function opValues(op: number, x: number, y: number, double: boolean): number | null {
  const fmt = double ? F64 : F32;
  const xi = !Number.isFinite(x), yi = !Number.isFinite(y);
  switch (op) {
    case OP_ADD: case OP_SUB:
      if (xi || yi) { const r = op === OP_ADD ? x + y : x - y; if (Number.isNaN(r)) { fp.pre |= IE; return null; } return r; }
      return arith(op, x, y, fmt);
    case OP_MUL:
      if (xi || yi) { const r = x * y; if (Number.isNaN(r)) { fp.pre |= IE; return null; } return r; }
      return arith(op, x, y, fmt);
    case OP_DIV:
      if (xi || yi) { const r = x / y; if (Number.isNaN(r)) { fp.pre |= IE; return null; } return r; }
      if (y === 0) { if (x === 0) { fp.pre |= IE; return null; } fp.pre |= ZE; return x / y; }
      return arith(op, x, y, fmt);
    default:
      if (y < 0 || (y === -Infinity)) { fp.pre |= IE; return null; }
      if (yi || y === 0) return y; // sqrt(+inf) = +inf, sqrt(-0) = -0
      return arith(op, y, 0, fmt);
  }
}

/** min/max: the source whenever either operand is a NaN (IE on any NaN) or both are zeros. */
function minmax32(max: boolean, a: number, b: number): number {
  const ca = class32(a), cb = class32(b);
  // a NaN operand returns the source, flushed by DAZ like any denormal source
  if (ca >= C_QNAN || cb >= C_QNAN) { fp.pre |= IE; return cb === C_DENORMAL && fp.daz ? b & 0x80000000 : b; }
  const x = in32(a, ca), y = in32(b, cb);
  const pick = max ? x > y : x < y;
  return pick ? (ca === C_DENORMAL && fp.daz ? a & 0x80000000 : a) : (cb === C_DENORMAL && fp.daz ? b & 0x80000000 : b);
}
function minmax64(max: boolean, ah: number, al: number, bh: number, bl: number): number {
  const ca = class64(ah, al), cb = class64(bh, bl);
  if (ca >= C_QNAN || cb >= C_QNAN) {
    fp.pre |= IE;
    if (cb === C_DENORMAL && fp.daz) { outHi = bh & 0x80000000; return 0; }
    outHi = bh; return bl;
  }
  const x = in64(ah, al, ca), y = in64(bh, bl, cb);
  if (max ? x > y : x < y) { if (ca === C_DENORMAL && fp.daz) { outHi = ah & 0x80000000; return 0; } outHi = ah; return al; }
  if (cb === C_DENORMAL && fp.daz) { outHi = bh & 0x80000000; return 0; }
  outHi = bh; return bl;
}

const OP_MIN = 10, OP_MAX = 11;

/** One lane of a float32 op into T32[t] from D32[a] and S32[b]. */
function l32(op: number, t: number, a: number, b: number, fromD = D32, fromS = S32): void {
  T32[t] = op >= OP_MIN ? minmax32(op === OP_MAX, fromD[a]!, fromS[b]!) : op32(op, fromD[a]!, fromS[b]!);
}
function l64(op: number, t: number, a: number, b: number, fromD = D32, fromS = S32): void {
  const ah = fromD[2 * a + 1]!, al = fromD[2 * a]!, bh = fromS[2 * b + 1]!, bl = fromS[2 * b]!;
  const lo = op >= OP_MIN ? minmax64(op === OP_MAX, ah, al, bh, bl) : op64(op, ah, al, bh, bl);
  T32[2 * t] = lo; T32[2 * t + 1] = outHi;
}

/** `op` over the lanes of a packed (ps/pd) or scalar (ss/sd) form; scalar forms keep the upper lanes. */
function fpArith(op: number, double: boolean, scalar: boolean): Handler {
  return (cpu, d) => {
    loadBinary(cpu, d);
    beginFp(cpu.fpu.mxcsr);
    T32.set(D32);
    const n = scalar ? 1 : double ? 2 : 4;
    for (let i = 0; i < n; i++) if (double) l64(op, i, i, i); else l32(op, i, i, i);
    finishFp(cpu);
    storeT(cpu, d, 16);
  };
}

/** haddps/hsubps/haddpd/hsubpd: pairs of D, then pairs of S. */
function horizontal(op: number, double: boolean): Handler {
  return (cpu, d) => {
    loadBinary(cpu, d);
    beginFp(cpu.fpu.mxcsr);
    if (double) {
      const a = op64(op, D32[1]!, D32[0]!, D32[3]!, D32[2]!); T32[0] = a; T32[1] = outHi;
      const b = op64(op, S32[1]!, S32[0]!, S32[3]!, S32[2]!); T32[2] = b; T32[3] = outHi;
    } else {
      T32[0] = op32(op, D32[0]!, D32[1]!); T32[1] = op32(op, D32[2]!, D32[3]!);
      T32[2] = op32(op, S32[0]!, S32[1]!); T32[3] = op32(op, S32[2]!, S32[3]!);
    }
    finishFp(cpu);
    storeT(cpu, d, 16);
  };
}

/** addsubps/addsubpd: subtract in even lanes, add in odd lanes. */
function addsub(double: boolean): Handler {
  return (cpu, d) => {
    loadBinary(cpu, d);
    beginFp(cpu.fpu.mxcsr);
    const n = double ? 2 : 4;
    for (let i = 0; i < n; i++) if (double) l64(i & 1 ? OP_ADD : OP_SUB, i, i, i); else l32(i & 1 ? OP_ADD : OP_SUB, i, i, i);
    finishFp(cpu);
    storeT(cpu, d, 16);
  };
}

// andps/andnps/orps/xorps and the pd forms: bitwise, no exceptions.
const andps = bin(() => { for (let i = 0; i < 4; i++) D32[i] = D32[i]! & S32[i]!; });
const andnps = bin(() => { for (let i = 0; i < 4; i++) D32[i] = ~D32[i]! & S32[i]!; });
const orps = bin(() => { for (let i = 0; i < 4; i++) D32[i] = D32[i]! | S32[i]!; });
const xorps = bin(() => { for (let i = 0; i < 4; i++) D32[i] = D32[i]! ^ S32[i]!; });

type Spec = [names: string[], handler: Handler, cls: RowSpec['cls'], feature: RowSpec['xmm']];
const ARITH: [string, number, RowSpec['cls']][] = [
  ['Add', OP_ADD, 'fpAdd'], ['Sub', OP_SUB, 'fpAdd'], ['Mul', OP_MUL, 'fpMul'], ['Div', OP_DIV, 'fpDiv'],
  ['Sqrt', OP_SQRT, 'fpSqrt'], ['Min', OP_MIN, 'fpAdd'], ['Max', OP_MAX, 'fpAdd'],
];
const specs: Spec[] = [];
for (const [n, op, cls] of ARITH) {
  specs.push([[`${n}ps`], fpArith(op, false, false), cls, 'sse'], [[`${n}ss`], fpArith(op, false, true), cls, 'sse'],
    [[`${n}pd`], fpArith(op, true, false), cls, 'sse2'], [[`${n}sd`], fpArith(op, true, true), cls, 'sse2']);
}
specs.push(
  [['Haddps'], horizontal(OP_ADD, false), 'fpAdd', 'pni'], [['Hsubps'], horizontal(OP_SUB, false), 'fpAdd', 'pni'],
  [['Haddpd'], horizontal(OP_ADD, true), 'fpAdd', 'pni'], [['Hsubpd'], horizontal(OP_SUB, true), 'fpAdd', 'pni'],
  [['Addsubps'], addsub(false), 'fpAdd', 'pni'], [['Addsubpd'], addsub(true), 'fpAdd', 'pni'],
  [['Andps'], andps, 'simd', 'sse'], [['Andnps'], andnps, 'simd', 'sse'], [['Orps'], orps, 'simd', 'sse'], [['Xorps'], xorps, 'simd', 'sse'],
  [['Andpd'], andps, 'simd', 'sse2'], [['Andnpd'], andnps, 'simd', 'sse2'], [['Orpd'], orps, 'simd', 'sse2'], [['Xorpd'], xorps, 'simd', 'sse2'],
);

export const SSE_FLOAT_ROWS: readonly OpRow[] = rowsOfAll(specs.map(([names, handler, cls, xmm]) => ({ names, handler, cls, xmm })));

export type { DecodedInsn };
