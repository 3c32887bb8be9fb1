// SSE/SSE2 conversions (SDM Vol.2 CVT*): integer <-> float under MXCSR rounding (cvtt* truncate),
// float32 <-> float64, packed, scalar and MMX (pi) forms. An unrepresentable integer result is the
// integer indefinite (0x80000000 / 0x8000000000000000) with IE.
import type { CpuCore } from '../../CpuCore.js';
import type { DecodedInsn } from '../../decodeInstruction.js';
import type { Handler, OpRow } from '../opRow.js';
import {
  C_QNAN, C_SNAN, F32, F64, IE, PE, RC_ZERO, beginFp, class32, class64, fp, roundInt, roundTo32, roundToIntegral,
} from './sseFloatCore.js';
import { finishFp, in32, in64 } from './sseFloat.js';
import {
  D32, K_MEM, K_MMX, S32, S8, T32, alignedEa, getXmm, loadOperand, mmxCheck, readMem, rowsOfAll, setXmm, sseCheck, type RowSpec,
} from './sseState.js';

const lane = new DataView(new ArrayBuffer(8));
const f32 = (x: number): number => { lane.setFloat32(0, x); return lane.getUint32(0); };
let hiOut = 0;
const f64 = (x: number): number => { lane.setFloat64(0, x); hiOut = lane.getUint32(0); return lane.getUint32(4); };

/** A float lane's value for a conversion to integer (NaN as NaN, DAZ applied, DE raised). */
function val32(b: number): number {
  const c = class32(b);
  if (c >= C_QNAN) { fp.pre |= IE; return NaN; }
  return in32(b, c, true); // conversions to integer raise no DE
}
function val64(h: number, l: number): number {
  const c = class64(h, l);
  if (c >= C_QNAN) { fp.pre |= IE; return NaN; }
  return in64(h, l, c, true);
}

/** x to int32 (rounding control rc): the dword; IE and the indefinite when out of range or NaN. */
function toI32(x: number, rc: number): number {
  if (Number.isNaN(x)) return 0x80000000;
  const r = roundToIntegral(x, rc);
  if (!(r >= -2147483648 && r <= 2147483647)) { fp.pre |= IE; return 0x80000000; }
  if (r !== x) fp.post |= PE;
  return r >>> 0;
}
/** x to int64: low dword returned, high in hiOut. */
function toI64(x: number, rc: number): number {
  hiOut = 0x80000000;
  if (Number.isNaN(x)) return 0;
  const r = roundToIntegral(x, rc);
  if (!(r >= -(2 ** 63) && r < 2 ** 63)) { fp.pre |= IE; return 0; }
  if (r !== x) fp.post |= PE;
  const m = Math.abs(r), h = Math.floor(m / 4294967296), l = m - h * 4294967296;
  if (r >= 0) { hiOut = h; return l; }
  const nl = (~l >>> 0) + 1;
  hiOut = (~h + (nl > 0xffffffff ? 1 : 0)) >>> 0;
  return nl >>> 0;
}

/** The MXCSR rounding control, or truncation for cvtt*. */
const rcOf = (trunc: boolean): number => (trunc ? RC_ZERO : fp.rc);

/** float32 -> float64 bits (exact; NaNs quieted and widened). */
function widen(b: number): number {
  const c = class32(b);
  if (c >= C_QNAN) {
    if (c === C_SNAN) fp.pre |= IE;
    hiOut = (b & 0x80000000) | 0x7ff80000 | ((b & 0x3fffff) >>> 3);
    return (b & 0x7) << 29;
  }
  return f64(in32(b, c));
}
/** float64 -> float32 bits under MXCSR (NaNs quieted, payload's top bits kept). */
function narrow(h: number, l: number): number {
  const c = class64(h, l);
  if (c >= C_QNAN) {
    if (c === C_SNAN) fp.pre |= IE;
    return ((h & 0x80000000) | 0x7fc00000 | ((h & 0x7ffff) << 3) | (l >>> 29)) >>> 0;
  }
  return f32(roundTo32(in64(h, l, c)));
}

type Kind = 'si2ss' | 'si2sd' | 'ss2si' | 'sd2si' | 'ss2sd' | 'sd2ss' | 'dq2ps' | 'ps2dq' | 'dq2pd' | 'pd2dq' | 'ps2pd' | 'pd2ps'
  | 'pi2ps' | 'ps2pi' | 'pi2pd' | 'pd2pi';

/** Load the source (operand 1) into S: XMM, MMX (with the MMX transition), general register or memory. */
function source(cpu: CpuCore, d: DecodedInsn, aligned16: boolean): void {
  if (d.k1 === K_MMX) { mmxCheck(cpu); cpu.fpu.enterMmx(); }
  if (d.k1 === K_MEM && d.s1 === 16 && aligned16) readMem(cpu, alignedEa(cpu, d, false), 16, S32, S8);
  else loadOperand(cpu, d, d.k1, d.r1, d.s1, S32, S8, true);
}

function convert(kind: Kind, trunc = false): Handler {
  return (cpu, d) => {
    if (d.k0 === K_MMX) mmxCheck(cpu); else sseCheck(cpu);
    source(cpu, d, true);
    // an MMX destination makes the x87 -> MMX transition once the operand is read, even if #XM follows
    if (d.k0 === K_MMX) cpu.fpu.enterMmx();
    beginFp(cpu.fpu.mxcsr);
    const rc = rcOf(trunc);
    if (d.k0 === K_MMX) { D32[0] = 0; D32[1] = 0; } else if (d.k0 !== 1) getXmm(cpu, d.r0, D32);
    T32.set(D32);
    const neg = (x: number): boolean => (x | 0) < 0;
    switch (kind) {
      case 'si2ss': case 'si2sd': {
        const wide = d.s1 === 8;
        let lo = S32[0]!, hi = wide ? S32[1]! : (neg(lo) ? 0xffffffff : 0);
        const n = neg(hi);
        if (n) { lo = (~lo >>> 0) + 1; hi = (~hi + (lo > 0xffffffff ? 1 : 0)) >>> 0; lo >>>= 0; }
        if (!wide) hi = 0;
        const v = roundInt(n, hi, lo, kind === 'si2ss' ? F32 : F64);
        if (kind === 'si2ss') T32[0] = f32(v); else { T32[0] = f64(v); T32[1] = hiOut; }
        break;
      }
      case 'ss2si': case 'sd2si': {
        const x = kind === 'ss2si' ? val32(S32[0]!) : val64(S32[1]!, S32[0]!);
        if (d.s0 === 8) { T32[0] = toI64(x, rc); T32[1] = hiOut; } else { T32[0] = toI32(x, rc); T32[1] = 0; }
        break;
      }
      case 'ss2sd': T32[0] = widen(S32[0]!); T32[1] = hiOut; break;
      case 'sd2ss': T32[0] = narrow(S32[1]!, S32[0]!); break;
      case 'dq2ps': for (let i = 0; i < 4; i++) { const v = S32[i]! | 0; T32[i] = f32(roundInt(v < 0, 0, Math.abs(v), F32)); } break;
      case 'ps2dq': for (let i = 0; i < 4; i++) T32[i] = toI32(val32(S32[i]!), rc); break;
      case 'dq2pd': for (let i = 1; i >= 0; i--) { T32[2 * i] = f64(S32[i]! | 0); T32[2 * i + 1] = hiOut; } break;
      case 'pd2dq': case 'pd2pi':
        for (let i = 0; i < 2; i++) T32[i] = toI32(val64(S32[2 * i + 1]!, S32[2 * i]!), rc);
        T32[2] = 0; T32[3] = 0;
        break;
      case 'ps2pd': for (let i = 1; i >= 0; i--) { T32[2 * i] = widen(S32[i]!); T32[2 * i + 1] = hiOut; } break;
      case 'pd2ps': T32[0] = narrow(S32[1]!, S32[0]!); T32[1] = narrow(S32[3]!, S32[2]!); T32[2] = 0; T32[3] = 0; break;
      case 'pi2ps': for (let i = 0; i < 2; i++) { const v = S32[i]! | 0; T32[i] = f32(roundInt(v < 0, 0, Math.abs(v), F32)); } break;
      case 'ps2pi': for (let i = 0; i < 2; i++) T32[i] = toI32(val32(S32[i]!), rc); break;
      case 'pi2pd': for (let i = 1; i >= 0; i--) { T32[2 * i] = f64(S32[i]! | 0); T32[2 * i + 1] = hiOut; } break;
    }
    finishFp(cpu);
    if (d.k0 === K_MMX) cpu.fpu.writeMmx(d.r0, T32[0]!, T32[1]!);
    else if (d.k0 === 1 /* K_REG */) cpu.setR(d.r0, d.s0 === 8 ? 8 : 4, T32[0]!, T32[1]!);
    else setXmm(cpu, d.r0, T32);
  };
}

const S = (names: string[], handler: Handler, xmm: RowSpec['xmm'], mm?: RowSpec['mm']): RowSpec => ({ names, handler, cls: 'fpCvt', xmm, mm });

export const SSE_CONVERT_ROWS: readonly OpRow[] = rowsOfAll([
  S(['Cvtsi2ss'], convert('si2ss'), 'sse'), S(['Cvtsi2sd'], convert('si2sd'), 'sse2'),
  S(['Cvtss2si'], convert('ss2si'), 'sse'), S(['Cvttss2si'], convert('ss2si', true), 'sse'),
  S(['Cvtsd2si'], convert('sd2si'), 'sse2'), S(['Cvttsd2si'], convert('sd2si', true), 'sse2'),
  S(['Cvtss2sd'], convert('ss2sd'), 'sse2'), S(['Cvtsd2ss'], convert('sd2ss'), 'sse2'),
  S(['Cvtdq2ps'], convert('dq2ps'), 'sse2'), S(['Cvtps2dq'], convert('ps2dq'), 'sse2'), S(['Cvttps2dq'], convert('ps2dq', true), 'sse2'),
  S(['Cvtdq2pd'], convert('dq2pd'), 'sse2'), S(['Cvtpd2dq'], convert('pd2dq'), 'sse2'), S(['Cvttpd2dq'], convert('pd2dq', true), 'sse2'),
  S(['Cvtps2pd'], convert('ps2pd'), 'sse2'), S(['Cvtpd2ps'], convert('pd2ps'), 'sse2'),
  S(['Cvtpi2ps'], convert('pi2ps'), 'sse'), S(['Cvtps2pi'], convert('ps2pi'), 'sse'), S(['Cvttps2pi'], convert('ps2pi', true), 'sse'),
  S(['Cvtpi2pd'], convert('pi2pd'), 'sse2'), S(['Cvtpd2pi'], convert('pd2pi'), 'sse2'), S(['Cvttpd2pi'], convert('pd2pi', true), 'sse2'),
]);
