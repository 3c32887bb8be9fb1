// The x87's load-constant values (FLDPI, FLDL2E, FLDL2T, FLDLG2, FLDLN2), rounded to 64 bits per
// FCW.RC (SDM Vol.1 8.3.8 speaks of a 66-bit internal value; this CPU's oracle shows FLDLG2 in
// round-to-nearest rounding from the exact value, so that is what is kept: 128 bits, with a sticky bit).
// Computed once from series (fixedPoint.ts).
import { FB, fdiv, LN10, LN2, ONE, PI } from './fixedPoint.js';
import { EXP_BIAS } from './float80.js';

/** se, and the significand's top 128 bits (m128) with bit 0 sticky. */
export interface Const66 { se: number; m128: bigint }

function to66(v: bigint): Const66 {
  const n = v.toString(2).length;
  const top = n - 1 - FB;
  const m = v >> BigInt(n - 128);
  return { se: top + EXP_BIAS, m128: m | (m << BigInt(n - 128) !== v ? 1n : 0n) };
}

export const K_PI = 0, K_L2E = 1, K_L2T = 2, K_LG2 = 3, K_LN2 = 4;
/** Indexed by K_*: pi, log2(e), log2(10), log10(2), ln(2). */
export const CONST_66: readonly Const66[] = [
  to66(PI), to66(fdiv(ONE, LN2)), to66(fdiv(LN10, LN2)), to66(fdiv(LN2, LN10)), to66(LN2),
];
