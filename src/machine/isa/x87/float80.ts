// The x87 extended-precision format computed exactly: classification of 80-bit values and the one
// rounding step every operation ends in (SDM Vol.1 4.8-4.9, 8.1.5). A value is held as its raw
// 16-bit sign+exponent `se` and 64-bit significand `m` (BigInt: exact products and quotients are
// up to 130 bits wide; see README "What is simplified").

/** x87 exception flags as in FSW/FCW bits 5:0, and C1 (FSW bit 9). */
export const IE = 0x01, DE = 0x02, ZE = 0x04, OE = 0x08, UE = 0x10, PE = 0x20, SF = 0x40, C1 = 0x200;

export const EXP_BIAS = 16383;
/** The QNaN floating-point indefinite (negative, quiet, fraction 0). */
export const INDEF_SE = 0xffff, INDEF_M = 0xc000000000000000n;
export const J_BIT = 0x8000000000000000n;
export const QUIET_BIT = 0x4000000000000000n;
export const M64 = 0xffffffffffffffffn;

/** Classes of an 80-bit encoding. */
export const ZERO = 0, DENORMAL = 1, NORMAL = 2, INF = 3, QNAN = 4, SNAN = 5, UNSUPPORTED = 6;

export function classify(se: number, m: bigint): number {
  const e = se & 0x7fff;
  if (e === 0) return m === 0n ? ZERO : DENORMAL; // pseudo-denormals (J set) are denormal operands too
  if ((m & J_BIT) === 0n) return UNSUPPORTED; // unnormal, pseudo-infinity, pseudo-NaN
  if (e === 0x7fff) {
    if (m === J_BIT) return INF;
    return m & QUIET_BIT ? QNAN : SNAN;
  }
  return NORMAL;
}

export const isNan = (c: number): boolean => c === QNAN || c === SNAN;

/** Unbiased exponent of the significand's LSB of a finite value: value = m * 2^lsbExp(se). */
export function lsbExp(se: number): number {
  const e = se & 0x7fff;
  return (e === 0 ? 1 : e) - EXP_BIAS - 63;
}

/** Precision control (FCW bits 9:8) as significand bits: 00 -> 24, 10 -> 53, 11 -> 64 (01 reserved: 64). */
export function precisionBits(cw: number): number {
  const pc = (cw >> 8) & 3;
  return pc === 0 ? 24 : pc === 2 ? 53 : 64;
}

export function bitLength(x: bigint): number {
  // x > 0; the hex string's length gives it in one allocation
  const h = x.toString(16);
  return (h.length - 1) * 4 + (32 - Math.clz32(parseInt(h[0]!, 16)));
}

/** Destination format of a rounding: significand bits, minimum normal and maximum exponent (unbiased). */
export interface Format { p: number; emin: number; emax: number }
export const EXT: Format = { p: 64, emin: -16382, emax: 16383 };
export const DBL: Format = { p: 53, emin: -1022, emax: 1023 };
export const SGL: Format = { p: 24, emin: -126, emax: 127 };
const EXT_PC: Record<number, Format> = { 24: { p: 24, emin: -16382, emax: 16383 }, 53: { p: 53, emin: -16382, emax: 16383 }, 64: EXT };
/** The extended register format with precision control applied. */
export const extFormat = (p: number): Format => EXT_PC[p]!;

// Result of round(): value = rq * 2^rlsb, rounded; flags in rflags (PE, C1 for rounded up).
export let rq = 0n, rlsb = 0, rtiny = false, rinexact = false, rup = false;

/**
 * Round sig * 2^e (sig > 0 exact, its LSB may be a sticky bit) to f.p bits at the grid of f
 * (denormals below f.emin), in rounding mode rc (FCW bits 11:10: 0 nearest even, 1 down, 2 up, 3 toward zero).
 */
export function round(neg: boolean, sig: bigint, e: number, f: Format, rc: number): void {
  const n = bitLength(sig);
  const top = e + n - 1;
  rtiny = top < f.emin;
  const lsb = Math.max(top, f.emin) - f.p + 1;
  const shift = lsb - e;
  rinexact = false; rup = false;
  if (shift <= 0) { rq = sig << BigInt(-shift); rlsb = lsb; return; }
  let q: bigint, rem: bigint, half: bigint;
  if (shift > n + 1) { q = 0n; rem = 1n; half = 2n; } // far below the grid: only sticky
  else {
    const s = BigInt(shift);
    q = sig >> s; rem = sig & ((1n << s) - 1n); half = 1n << (s - 1n);
  }
  if (rem !== 0n) {
    rinexact = true;
    let up: boolean;
    switch (rc) {
      case 0: up = rem > half || (rem === half && (q & 1n) === 1n); break;
      case 1: up = neg; break;
      case 2: up = !neg; break;
      default: up = false;
    }
    if (up) { q += 1n; rup = true; }
  }
  rq = q; rlsb = lsb;
  if (q !== 0n && bitLength(q) > f.p) { rq = q >> 1n; rlsb = lsb + 1; } // carry out: q = 2^p exactly
}

/** Unbiased exponent of the rounded value's top bit (rq > 0). */
export function roundedTop(): number {
  return rlsb + bitLength(rq) - 1;
}

/** Whether an overflowing result in rounding mode rc becomes infinity (else the largest finite value). */
export function overflowsToInf(neg: boolean, rc: number): boolean {
  return rc === 0 || (rc === 1 && neg) || (rc === 2 && !neg);
}

// Packed extended result: se and m.
export let pse = 0, pm = 0n;

/** Pack the rounded value (rq, rlsb) as an extended register value (exponent in range: checked by the caller). */
export function packExt(neg: boolean): void {
  const s = neg ? 0x8000 : 0;
  if (rq === 0n) { pse = s; pm = 0n; return; }
  const top = roundedTop();
  if (top >= EXT.emin) { pse = s | (top + EXP_BIAS); pm = rq << BigInt(63 - (top - rlsb)); }
  else { pse = s; pm = rq << BigInt(rlsb - (EXT.emin - 63)); }
}

/** The largest finite value of format f with precision f.p, as an extended value. */
export function packMaxExt(neg: boolean, p: number): void {
  pse = (neg ? 0x8000 : 0) | 0x7ffe;
  pm = (M64 >> BigInt(64 - p)) << BigInt(64 - p);
}

/** The significand as BigInt from fpMant's two dwords. */
export function mantOf(lo: number, hi: number): bigint {
  return (BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0);
}

/** Set the packed result directly (special values: NaNs, infinities, zeros). */
export function setPacked(se: number, m: bigint): void { pse = se; pm = m; }
