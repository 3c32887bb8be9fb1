// IEEE 754 arithmetic for the SSE unit as MXCSR controls it (SDM Vol.1 4.8, 4.9, 11.5): rounding
// control, DAZ/FTZ, the six exception flags, NaN propagation. Finite float32/float64 values are
// exactly JS doubles, so the common case (round to nearest, normal operands and results) runs on
// JS arithmetic with an exact error term for the inexact flag; everything else (other rounding
// modes, denormal or tiny results, overflow) takes an exact path: the operation computed in
// integers (BigInt) and rounded once. Tininess is detected after rounding, as x86 does.

export const IE = 0x1, DE = 0x2, ZE = 0x4, OE = 0x8, UE = 0x10, PE = 0x20;
export const RC_NEAREST = 0, RC_DOWN = 1, RC_UP = 2, RC_ZERO = 3;

/** The state of one instruction: MXCSR controls and the flags its lanes raise. */
export const fp = {
  rc: 0, daz: false, ftz: false, um: true, om: true,
  /** Flags found before computing (IE DE ZE) and after (OE UE PE), ORed over the lanes. */
  pre: 0, post: 0,
};

/** Load the controls of MXCSR for an instruction and clear its flags. */
export function beginFp(mxcsr: number): void {
  fp.rc = (mxcsr >> 13) & 3; fp.daz = (mxcsr & 0x40) !== 0; fp.ftz = (mxcsr & 0x8000) !== 0; fp.um = (mxcsr & 0x800) !== 0; fp.om = (mxcsr & 0x400) !== 0;
  fp.pre = 0; fp.post = 0;
}

/** Format parameters: precision, minimum normal exponent, maximum exponent. */
export interface Fmt { p: number; emin: number; emax: number; }
export const F32: Fmt = { p: 24, emin: -126, emax: 127 };
export const F64: Fmt = { p: 53, emin: -1022, emax: 1023 };
const MIN_NORMAL32 = 2 ** -126, MIN_NORMAL64 = 2 ** -1022;
const MAX32 = (2 - 2 ** -23) * 2 ** 127, MAX64 = Number.MAX_VALUE;

const cvt = new DataView(new ArrayBuffer(8));

/** A finite nonzero double as mantissa * 2^exp. */
let mExp = 0;
function mantOf(x: number): bigint {
  cvt.setFloat64(0, Math.abs(x));
  const hi = cvt.getUint32(0), lo = cvt.getUint32(4);
  const e = hi >>> 20;
  const frac = BigInt(hi & 0xfffff) * 4294967296n + BigInt(lo);
  if (e === 0) { mExp = -1074; return frac; }
  mExp = e - 1075;
  return frac | (1n << 52n);
}

/** Sign bit of a double (true for -0). */
const isNeg = (x: number): boolean => x < 0 || (x === 0 && 1 / x < 0);

function bitLength(m: bigint): number { return m.toString(2).length; }

/**
 * Round sign * (m * 2^e, plus a nonzero tail below when `sticky`) to the format under fp.rc,
 * with FTZ; sets OE/UE/PE in fp.post. Returns the result as a double.
 */
export function roundExact(neg: boolean, m: bigint, e: number, sticky: boolean, f: Fmt): number {
  const L = bitLength(m), E = e + L - 1;
  // after rounding to p bits with an unbounded exponent: still below 2^emin? (tininess after rounding)
  let r = roundTo(neg, m, e, sticky, E - f.p + 1);
  const tiny = E - f.p + 1 + bitLength(r.v) - 1 < f.emin;
  // An unmasked overflow or underflow stores nothing; its PE reflects the rounding to p bits with
  // an unbounded exponent (what x87 would deliver scaled), as the oracle shows on this CPU.
  const inexactUnbounded = r.inexact, overUnbounded = E - f.p + 1 + bitLength(r.v) - 1 > f.emax;
  if (tiny && !fp.um) { fp.post |= inexactUnbounded ? UE | PE : UE; return 0; }
  if (overUnbounded && !fp.om) { fp.post |= inexactUnbounded ? OE | PE : OE; return 0; }
  let q: number;
  if (E < f.emin) { q = f.emin - f.p + 1; r = roundTo(neg, m, e, sticky, q); } else q = E - f.p + 1;
  let v = r.v;
  if (v === 1n << BigInt(f.p)) { v >>= 1n; q++; }
  const inexact = r.inexact;
  if (q + f.p - 1 > f.emax && v !== 0n) {
    fp.post |= OE | PE;
    const max = f === F32 ? MAX32 : MAX64;
    const toInf = fp.rc === RC_NEAREST || (fp.rc === RC_UP && !neg) || (fp.rc === RC_DOWN && neg);
    return neg ? (toInf ? -Infinity : -max) : (toInf ? Infinity : max);
  }
  if (tiny) {
    if (fp.ftz) { fp.post |= UE | PE; return neg ? -0 : 0; }
    if (inexact) fp.post |= UE;
  }
  if (inexact) fp.post |= PE;
  const x = Number(v) * 2 ** q;
  return neg ? -x : x;
}

const rr = { v: 0n, inexact: false };
function roundTo(neg: boolean, m: bigint, e: number, sticky: boolean, q: number): typeof rr {
  const shift = q - e;
  if (shift <= 0) { rr.v = m << BigInt(-shift); rr.inexact = sticky; return rr; }
  const s = BigInt(shift);
  let kept = m >> s;
  const rem = m - (kept << s), half = 1n << (s - 1n);
  const inexact = rem !== 0n || sticky;
  let up = false;
  switch (fp.rc) {
    case RC_NEAREST: up = rem > half || (rem === half && (sticky || (kept & 1n) === 1n)); break;
    case RC_DOWN: up = inexact && neg; break;
    case RC_UP: up = inexact && !neg; break;
    default: up = false;
  }
  if (up) kept += 1n;
  rr.v = kept; rr.inexact = inexact;
  return rr;
}

export const OP_ADD = 0, OP_SUB = 1, OP_MUL = 2, OP_DIV = 3, OP_SQRT = 4;

/** The exact path: a op b for finite doubles (b unused for sqrt; zero and invalid cases excluded by the caller). */
function exactOp(op: number, a: number, b: number, f: Fmt): number {
  if (op === OP_SUB) { b = -b; op = OP_ADD; }
  if (op === OP_ADD) {
    if (a === 0 && b === 0) return Object.is(a, -0) === Object.is(b, -0) ? a : fp.rc === RC_DOWN ? -0 : 0;
    // x + 0 is x, but still rounded: a denormal x meets FTZ and the underflow rules
    if (a === 0 || b === 0) { const x = a === 0 ? b : a; const m = mantOf(x); return roundExact(x < 0, m, mExp, false, f); }
    const ma = mantOf(a), ea = mExp, mb = mantOf(b), eb = mExp;
    const e = Math.min(ea, eb);
    let m = (a < 0 ? -ma : ma) * (1n << BigInt(ea - e)) + (b < 0 ? -mb : mb) * (1n << BigInt(eb - e));
    if (m === 0n) return fp.rc === RC_DOWN ? -0 : 0;
    const neg = m < 0n; if (neg) m = -m;
    return roundExact(neg, m, e, false, f);
  }
  const neg = op === OP_SQRT ? false : isNeg(a) !== isNeg(b);
  if (op === OP_MUL) {
    if (a === 0 || b === 0) return neg ? -0 : 0;
    const ma = mantOf(a), ea = mExp, mb = mantOf(b), eb = mExp;
    return roundExact(neg, ma * mb, ea + eb, false, f);
  }
  if (op === OP_DIV) {
    if (a === 0) return neg ? -0 : 0;
    const ma = mantOf(a), ea = mExp, mb = mantOf(b), eb = mExp;
    const k = 2 * f.p + 8 + Math.max(0, bitLength(mb) - bitLength(ma));
    const num = ma << BigInt(k), qt = num / mb;
    return roundExact(neg, qt, ea - eb - k, qt * mb !== num, f);
  }
  // sqrt of a positive finite a
  if (a === 0) return a;
  let ma = mantOf(a), ea = mExp;
  if (ea & 1) { ma <<= 1n; ea -= 1; }
  const k = 2 * f.p + 8;
  const x = ma << BigInt(2 * k);
  const s = isqrt(x);
  return roundExact(false, s, (ea - 2 * k) / 2, s * s !== x, f);
}

function isqrt(n: bigint): bigint {
  // Newton's iteration from above converges monotonically to floor(sqrt(n))
  let x = 1n << BigInt((bitLength(n) >> 1) + 1);
  for (;;) {
    const y = (x + n / x) >> 1n;
    if (y >= x) return x;
    x = y;
  }
}

// Dekker's exact product: a*b = hi + lo (valid away from overflow and underflow; callers check the range).
let prodLo = 0;
function twoProd(a: number, b: number): number {
  const p = a * b;
  const ca = 134217729 * a, ah = ca - (ca - a), al = a - ah;
  const cb = 134217729 * b, bh = cb - (cb - b), bl = b - bh;
  prodLo = ((ah * bh - p) + ah * bl + al * bh) + al * bl;
  return p;
}

const SAFE_LO = 2 ** -400, SAFE_HI = 2 ** 400;
const safe = (x: number): boolean => { const a = Math.abs(x); return a === 0 || (a >= SAFE_LO && a <= SAFE_HI); };

/**
 * a op b for finite doubles (already DAZ'd, no invalid or divide-by-zero case) rounded to `f`,
 * with OE/UE/PE in fp.post.
 */
export function arith(op: number, a: number, b: number, f: Fmt): number {
  if (fp.rc === RC_NEAREST && safe(a) && safe(b)) {
    const single = f === F32;
    let r: number, exact: boolean;
    switch (op) {
      case OP_ADD: case OP_SUB: {
        const bb = op === OP_SUB ? -b : b;
        r = a + bb; const t = r - a; exact = (a - (r - t)) + (bb - t) === 0;
        break;
      }
      case OP_MUL: r = twoProd(a, b); exact = prodLo === 0; break;
      case OP_DIV: r = a / b; exact = twoProd(r, b) === a && prodLo === 0; break;
      default: r = Math.sqrt(a); exact = twoProd(r, r) === a && prodLo === 0;
    }
    if (single) { const r32 = Math.fround(r); if (r32 !== r) exact = false; r = r32; }
    const ar = Math.abs(r);
    if (ar >= (single ? MIN_NORMAL32 : MIN_NORMAL64) && ar <= (single ? MAX32 : MAX64)) {
      if (!exact) fp.post |= PE;
      return r;
    }
    if (r === 0 && (op === OP_ADD || op === OP_SUB || a === 0 || (op !== OP_DIV && b === 0))) return r; // exact zero
  }
  return exactOp(op, a, b, f);
}

// ------------------------------------------------------------------ classification and NaNs
export const C_ZERO = 0, C_NORMAL = 1, C_DENORMAL = 2, C_INF = 3, C_QNAN = 4, C_SNAN = 5;

export function class32(x: number): number {
  const e = (x >>> 23) & 0xff, m = x & 0x7fffff;
  if (e === 0) return m === 0 ? C_ZERO : C_DENORMAL;
  if (e === 0xff) return m === 0 ? C_INF : m & 0x400000 ? C_QNAN : C_SNAN;
  return C_NORMAL;
}

export function class64(hi: number, lo: number): number {
  const e = (hi >>> 20) & 0x7ff, m = (hi & 0xfffff) | lo;
  if (e === 0) return m === 0 ? C_ZERO : C_DENORMAL;
  if (e === 0x7ff) return m === 0 ? C_INF : hi & 0x80000 ? C_QNAN : C_SNAN;
  return C_NORMAL;
}

/** The QNaN floating-point indefinite. */
export const INDEF32 = 0xffc00000, INDEF64_HI = 0xfff80000;

/** A finite double rounded to float32 under MXCSR (cvtsd2ss, cvtpd2ps). */
export function roundTo32(x: number): number {
  if (x === 0 || !Number.isFinite(x)) return x;
  if (fp.rc === RC_NEAREST) {
    const r = Math.fround(x), ar = Math.abs(r);
    if (ar >= MIN_NORMAL32 && ar <= MAX32) { if (r !== x) fp.post |= PE; return r; }
  }
  const m = mantOf(x);
  return roundExact(x < 0, m, mExp, false, F32);
}

/** An integer (sign and magnitude hi:lo, unsigned dwords) rounded to the format under MXCSR (cvtsi2ss/sd, cvtdq2ps). */
export function roundInt(neg: boolean, hi: number, lo: number, f: Fmt): number {
  const mag = hi * 4294967296 + lo;
  if (mag === 0) return 0;
  if (hi < 0x200000 && fp.rc === RC_NEAREST) { // below 2^53: mag is exact
    const r = f === F32 ? Math.fround(mag) : mag;
    if (r !== mag) fp.post |= PE;
    return neg ? -r : r;
  }
  return roundExact(neg, (BigInt(hi) << 32n) | BigInt(lo), 0, false, f);
}

/** x rounded to an integer by rounding control rc (RC_* values). */
export function roundToIntegral(x: number, rc: number): number {
  switch (rc) {
    case RC_DOWN: return Math.floor(x);
    case RC_UP: return Math.ceil(x);
    case RC_ZERO: return Math.trunc(x);
    default: {
      const f = Math.floor(x), diff = x - f;
      const r = diff < 0.5 ? f : diff > 0.5 ? f + 1 : (f % 2 === 0 ? f : f + 1);
      return r === 0 && (x < 0 || Object.is(x, -0)) ? -0 : r;
    }
  }
}
