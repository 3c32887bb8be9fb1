// Exact x87 arithmetic on 80-bit values: add, multiply, divide, square root (SDM Vol.1 4.8.3 and
// Table 4-7 for NaNs, 8.5 for the exceptions). Each returns the exception flags it raised (| C1 for
// rounded up, | NO_RESULT when an unmasked exception leaves the destination alone); the result is
// in float80's pse/pm.
import {
  C1, classify, DE, DENORMAL, extFormat, IE, INDEF_M, INDEF_SE, INF, isNan, lsbExp, NORMAL, OE, overflowsToInf,
  packExt, packMaxExt, PE, precisionBits, QNAN, QUIET_BIT, round, roundedTop, rinexact, rtiny, rup, SNAN, UE, UNSUPPORTED, ZE, ZERO,
} from './float80.js';
import * as F from './float80.js';

/** The destination is not written (an unmasked exception that stops the instruction). */
export const NO_RESULT = 0x10000;

/** Set the result (pse, pm) directly. */
function setResult(se: number, m: bigint): void { F.setPacked(se, m); }

/** The invalid-operation result: the indefinite QNaN when IE is masked, nothing when not. */
export function invalid(cw: number): number {
  if (!(cw & IE)) return IE | NO_RESULT;
  setResult(INDEF_SE, INDEF_M);
  return IE;
}

/** NaN operand(s): the propagated quiet NaN (SDM Table 4-7); IE when one is signalling. */
export function propagateNan(cw: number, aSe: number, aM: bigint, ca: number, bSe: number, bM: bigint, cb: number): number {
  const sig = ca === SNAN || cb === SNAN;
  if (sig && !(cw & IE)) return IE | NO_RESULT;
  let se: number, m: bigint;
  if (isNan(ca) && isNan(cb)) {
    if (ca !== cb) { if (ca === QNAN) { se = aSe; m = aM; } else { se = bSe; m = bM; } } else if (aM > bM) { se = aSe; m = aM; } else if (bM > aM) { se = bSe; m = bM; } else { se = aSe & bSe; m = aM; }
  } else if (isNan(ca)) { se = aSe; m = aM; } else { se = bSe; m = bM; }
  setResult(se, m | QUIET_BIT);
  return sig ? IE : 0;
}

/**
 * Round sig * 2^e (sig > 0) into the register format under FCW's precision and rounding control,
 * with the masked/unmasked underflow and overflow results (unmasked: exponent wrapped by 24576).
 */
export function finish(neg: boolean, sig: bigint, e: number, cw: number): number {
  const f = extFormat(precisionBits(cw)), rc = (cw >> 10) & 3;
  round(neg, sig, e, f, rc);
  if (rtiny) {
    if (!(cw & UE)) {
      round(neg, sig, e + 24576, f, rc);
      packExt(neg);
      return UE | (rinexact ? PE : 0) | (rup ? C1 : 0);
    }
    packExt(neg);
    return rinexact ? UE | PE | (rup ? C1 : 0) : 0;
  }
  if (roundedTop() > f.emax) {
    if (!(cw & OE)) {
      round(neg, sig, e - 24576, f, rc);
      packExt(neg);
      return OE | (rinexact ? PE : 0) | (rup ? C1 : 0);
    }
    if (overflowsToInf(neg, rc)) { setResult((neg ? 0x8000 : 0) | 0x7fff, F.J_BIT); return OE | PE | C1; }
    packMaxExt(neg, f.p);
    return OE | PE;
  }
  packExt(neg);
  return (rinexact ? PE : 0) | (rup ? C1 : 0);
}

/** Flags for denormal operands: DE, and NO_RESULT when DE is unmasked. */
function denormal(cw: number, ca: number, cb: number): number {
  if (ca !== DENORMAL && cb !== DENORMAL) return 0;
  return cw & DE ? DE : DE | NO_RESULT;
}

function signedZero(neg: boolean): void { setResult(neg ? 0x8000 : 0, 0n); }
function signedInf(neg: boolean): void { setResult((neg ? 0x8000 : 0) | 0x7fff, F.J_BIT); }

/** a + b (b's sign flipped when subtract). */
export function add(cw: number, aSe: number, aM: bigint, bSe: number, bM: bigint, subtract: boolean): number {
  if (subtract) bSe ^= 0x8000;
  const ca = classify(aSe, aM), cb = classify(bSe, bM);
  if (ca === UNSUPPORTED || cb === UNSUPPORTED) return invalid(cw);
  if (isNan(ca) || isNan(cb)) return propagateNan(cw, aSe, aM, ca, bSe ^ (subtract ? 0x8000 : 0), bM, cb);
  const na = (aSe & 0x8000) !== 0, nb = (bSe & 0x8000) !== 0;
  if (ca === INF && cb === INF && na !== nb) return invalid(cw);
  const dn = denormal(cw, ca, cb);
  if (dn & NO_RESULT) return dn;
  if (ca === INF || cb === INF) { signedInf(ca === INF ? na : nb); return dn; }
  const rc = (cw >> 10) & 3;
  if (ca === ZERO && cb === ZERO) { signedZero(na === nb ? na : rc === 1); return dn; }
  if (cb === ZERO) return dn | finish(na, aM, lsbExp(aSe), cw);
  if (ca === ZERO) return dn | finish(nb, bM, lsbExp(bSe), cw);
  let ea = lsbExp(aSe), eb = lsbExp(bSe), ma = aM, mb = bM;
  // An operand far below the other only matters as a sticky bit: keep it as one, 130 bits down.
  if (ea - eb > 200) { mb = 1n; eb = ea - 200; } else if (eb - ea > 200) { ma = 1n; ea = eb - 200; }
  const e = Math.min(ea, eb);
  const xa = ma << BigInt(ea - e), xb = mb << BigInt(eb - e);
  let s: bigint, neg: boolean;
  if (na === nb) { s = xa + xb; neg = na; } else if (xa >= xb) { s = xa - xb; neg = na; } else { s = xb - xa; neg = nb; }
  if (s === 0n) { signedZero(rc === 1); return dn; }
  return dn | finish(neg, s, e, cw);
}

export function mul(cw: number, aSe: number, aM: bigint, bSe: number, bM: bigint): number {
  const ca = classify(aSe, aM), cb = classify(bSe, bM);
  if (ca === UNSUPPORTED || cb === UNSUPPORTED) return invalid(cw);
  if (isNan(ca) || isNan(cb)) return propagateNan(cw, aSe, aM, ca, bSe, bM, cb);
  const neg = ((aSe ^ bSe) & 0x8000) !== 0;
  if (ca === INF || cb === INF) {
    if (ca === ZERO || cb === ZERO) return invalid(cw);
    const dn = denormal(cw, ca, cb);
    if (dn & NO_RESULT) return dn;
    signedInf(neg);
    return dn;
  }
  const dn = denormal(cw, ca, cb);
  if (dn & NO_RESULT) return dn;
  if (ca === ZERO || cb === ZERO) { signedZero(neg); return dn; }
  return dn | finish(neg, aM * bM, lsbExp(aSe) + lsbExp(bSe), cw);
}

export function div(cw: number, aSe: number, aM: bigint, bSe: number, bM: bigint): number {
  const ca = classify(aSe, aM), cb = classify(bSe, bM);
  if (ca === UNSUPPORTED || cb === UNSUPPORTED) return invalid(cw);
  if (isNan(ca) || isNan(cb)) return propagateNan(cw, aSe, aM, ca, bSe, bM, cb);
  const neg = ((aSe ^ bSe) & 0x8000) !== 0;
  if (ca === INF) {
    if (cb === INF) return invalid(cw);
    const dn = denormal(cw, ca, cb);
    if (dn & NO_RESULT) return dn;
    signedInf(neg); return dn;
  }
  if (cb === INF) {
    const dn = denormal(cw, ca, cb);
    if (dn & NO_RESULT) return dn;
    signedZero(neg); return dn;
  }
  if (cb === ZERO) {
    if (ca === ZERO) return invalid(cw);
    if (!(cw & ZE)) return ZE | NO_RESULT;
    signedInf(neg);
    return ZE;
  }
  const dn = denormal(cw, ca, cb);
  if (dn & NO_RESULT) return dn;
  if (ca === ZERO) { signedZero(neg); return dn; }
  const k = 140;
  const num = aM << BigInt(k);
  let q = num / bM;
  let e = lsbExp(aSe) - lsbExp(bSe) - k;
  if (q * bM !== num) { q = (q << 1n) | 1n; e -= 1; }
  return dn | finish(neg, q, e, cw);
}

/** Integer square root (floor) of x >= 0. */
export function isqrt(x: bigint): bigint {
  if (x < 2n) return x;
  let r = 1n << BigInt((F.bitLength(x) >> 1) + 1);
  for (;;) {
    const y = (r + x / r) >> 1n;
    if (y >= r) return r;
    r = y;
  }
}

/** sqrt(sig * 2^e) exactly rounded: (root, exponent) with a sticky bit, into finish(). */
export function sqrtParts(sig: bigint, e: number, neg: boolean, cw: number): number {
  let m = sig, ex = e;
  if (ex & 1) { m <<= 1n; ex -= 1; }
  const k = 70;
  const x = m << BigInt(2 * k);
  let r = isqrt(x);
  let re = ex / 2 - k;
  if (r * r !== x) { r = (r << 1n) | 1n; re -= 1; }
  return finish(neg, r, re, cw);
}

export function sqrt(cw: number, aSe: number, aM: bigint): number {
  const ca = classify(aSe, aM);
  if (ca === UNSUPPORTED) return invalid(cw);
  if (isNan(ca)) return propagateNan(cw, aSe, aM, ca, 0, 0n, ZERO);
  const neg = (aSe & 0x8000) !== 0;
  if (ca === ZERO) { signedZero(neg); return 0; }
  if (neg) return invalid(cw);
  if (ca === INF) { signedInf(false); return 0; }
  const dn = denormal(cw, ca, NORMAL);
  if (dn & NO_RESULT) return dn;
  return dn | sqrtParts(aM, lsbExp(aSe), false, cw);
}
