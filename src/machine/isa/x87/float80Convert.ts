// Conversions between the 80-bit register format and memory formats: single, double, integers
// and packed BCD (SDM Vol.1 4.2, 4.7, 8.5; the FLD/FST/FIST/FISTTP/FBLD/FBSTP pages of Vol.2).
// Loads return the value in float80's pse/pm; stores return their bits in the module's outLo/outHi.
import {
  bitLength, C1, classify, DBL, DE, EXP_BIAS, IE, INDEF_M, INDEF_SE, INF, isNan, J_BIT, lsbExp, OE, overflowsToInf,
  PE, QUIET_BIT, round, roundedTop, SGL, SNAN, UE, UNSUPPORTED, ZERO, type Format,
} from './float80.js';
import * as F from './float80.js';
import { NO_RESULT } from './float80Arith.js';

/**
 * A memory-format value as an extended one: exact; DE for a denormal, IE for an SNaN (quietened,
 * as FLD does; an arithmetic operand keeps it signalling for the operation to see: keepSnan).
 */
function fromBinary(neg: boolean, exp: number, frac: bigint, fracBits: number, bias: number, maxExp: number, keepSnan: boolean): number {
  const s = neg ? 0x8000 : 0;
  if (exp === maxExp) {
    if (frac === 0n) { F.setPacked(s | 0x7fff, J_BIT); return 0; }
    const m = J_BIT | (frac << BigInt(63 - fracBits));
    const snan = (m & QUIET_BIT) === 0n;
    if (keepSnan) { F.setPacked(s | 0x7fff, m); return 0; }
    F.setPacked(s | 0x7fff, m | QUIET_BIT);
    return snan ? IE : 0;
  }
  if (exp === 0) {
    if (frac === 0n) { F.setPacked(s, 0n); return 0; }
    const n = bitLength(frac);
    // value = frac * 2^(1 - bias - fracBits); normalise into the extended format
    const top = 1 - bias - fracBits + n - 1;
    F.setPacked(s | (top + EXP_BIAS), frac << BigInt(64 - n));
    return DE;
  }
  F.setPacked(s | (exp - bias + EXP_BIAS), J_BIT | (frac << BigInt(63 - fracBits)));
  return 0;
}

export function fromF32(bits: number, keepSnan = false): number {
  return fromBinary((bits >>> 31) === 1, (bits >>> 23) & 0xff, BigInt(bits & 0x7fffff), 23, 127, 0xff, keepSnan);
}

export function fromF64(lo: number, hi: number, keepSnan = false): number {
  return fromBinary((hi >>> 31) === 1, (hi >>> 20) & 0x7ff, (BigInt(hi & 0xfffff) << 32n) | BigInt(lo >>> 0), 52, 1023, 0x7ff, keepSnan);
}

/** An integer (FILD, FIADD ...) as an extended value: exact. */
export function fromInt(v: bigint): void {
  if (v === 0n) { F.setPacked(0, 0n); return; }
  const neg = v < 0n, a = neg ? -v : v;
  const n = bitLength(a);
  F.setPacked((neg ? 0x8000 : 0) | (n - 1 + EXP_BIAS), a << BigInt(64 - n));
}

/** Bits of the last store conversion (a single in outLo; a double or integer as outLo/outHi dwords). */
export let outLo = 0, outHi = 0;

/** Round an extended value to single (fmt SGL) or double (DBL) for a memory store; flags | NO_RESULT. */
export function toBinary(se: number, m: bigint, cw: number, fmt: Format): number {
  const dbl = fmt === DBL;
  const fracBits = dbl ? 52 : 23, bias = dbl ? 1023 : 127, maxExp = dbl ? 0x7ff : 0xff;
  const neg = (se & 0x8000) !== 0;
  const c = classify(se, m);
  const pack = (exp: number, frac: bigint): void => {
    if (dbl) {
      outLo = Number(frac & 0xffffffffn) >>> 0;
      outHi = ((neg ? 0x80000000 : 0) | (exp << 20) | Number(frac >> 32n)) >>> 0;
    } else { outLo = ((neg ? 0x80000000 : 0) | (exp << 23) | Number(frac)) >>> 0; outHi = 0; }
  };
  if (c === UNSUPPORTED) {
    if (!(cw & IE)) return IE | NO_RESULT;
    pack(maxExp, 1n << BigInt(fracBits - 1)); // the indefinite: negative quiet NaN
    if (dbl) outHi |= 0x80000000; else outLo |= 0x80000000;
    return IE;
  }
  if (isNan(c)) {
    if (c === SNAN && !(cw & IE)) return IE | NO_RESULT;
    pack(maxExp, ((m | QUIET_BIT) & ~J_BIT) >> BigInt(63 - fracBits));
    return c === SNAN ? IE : 0;
  }
  if (c === INF) { pack(maxExp, 0n); return 0; }
  if (c === ZERO) { pack(0, 0n); return 0; }
  const rc = (cw >> 10) & 3;
  round(neg, m, lsbExp(se), fmt, rc);
  const inexact = F.rinexact, up = F.rup;
  if (F.rtiny) {
    if (!(cw & UE)) return UE | NO_RESULT; // nothing stored: no precision flag either
    if (F.rq === 0n) { pack(0, 0n); return inexact ? UE | PE | (up ? C1 : 0) : 0; }
    const top = roundedTop();
    if (top >= fmt.emin) pack(1, 0n); // rounded up to the smallest normal
    else pack(0, F.rq);
    return inexact ? UE | PE | (up ? C1 : 0) : 0;
  }
  const top = roundedTop();
  if (top > fmt.emax) {
    if (!(cw & OE)) return OE | NO_RESULT;
    if (overflowsToInf(neg, rc)) { pack(maxExp, 0n); return OE | PE | C1; }
    pack(maxExp - 1, (1n << BigInt(fracBits)) - 1n);
    return OE | PE;
  }
  pack(top + bias, (F.rq << BigInt(fmt.p - bitLength(F.rq))) & ((1n << BigInt(fracBits)) - 1n));
  return (inexact ? PE : 0) | (up ? C1 : 0);
}

export const toF32 = (se: number, m: bigint, cw: number): number => toBinary(se, m, cw, SGL);
export const toF64 = (se: number, m: bigint, cw: number): number => toBinary(se, m, cw, DBL);

/** The integer value of the last toInteger. */
export let outInt = 0n;

/**
 * Round an extended value to an integer of `bytes` bytes in mode rc (3 for FISTTP's truncation);
 * IE (and the integer indefinite 100..0b when masked) for NaN, infinity or out of range.
 */
export function toInteger(se: number, m: bigint, cw: number, rc: number, bytes: number): number {
  const c = classify(se, m);
  const min = -(1n << BigInt(bytes * 8 - 1));
  const indefinite = (): number => { if (!(cw & IE)) return IE | NO_RESULT; outInt = min; return IE; };
  if (c === UNSUPPORTED || isNan(c) || c === INF) return indefinite();
  if (c === ZERO) { outInt = 0n; return 0; }
  const neg = (se & 0x8000) !== 0;
  const e = lsbExp(se);
  let q: bigint, inexact = false, up = false;
  if (e >= 0) q = e > 80 ? 1n << 80n : m << BigInt(e);
  else if (-e > 66) { q = 0n; inexact = true; up = roundAway(neg, rc, m, -e) ; if (up) q = 1n; }
  else {
    const s = BigInt(-e);
    q = m >> s;
    const rem = m & ((1n << s) - 1n), half = 1n << (s - 1n);
    if (rem !== 0n) {
      inexact = true;
      up = rc === 0 ? rem > half || (rem === half && (q & 1n) === 1n) : rc === 1 ? neg : rc === 2 ? !neg : false;
      if (up) q += 1n;
    }
  }
  const v = neg ? -q : q;
  if (v < min || v > -min - 1n) return indefinite();
  outInt = v;
  return (inexact ? PE : 0) | (up ? C1 : 0);
}

// A nonzero fraction below one half: rounds away from zero only in the directed mode toward its sign's side.
function roundAway(neg: boolean, rc: number, _m: bigint, _s: number): boolean {
  return rc === 1 ? neg : rc === 2 ? !neg : false;
}

/** FBLD: 18 packed BCD digits and a sign byte as an extended value (non-decimal digits: undefined, taken as is). */
export function fromBcd(bytes: Uint8Array): void {
  let v = 0n;
  for (let i = 8; i >= 0; i--) {
    const b = bytes[i]!;
    v = v * 100n + BigInt((b >> 4) * 10 + (b & 15));
  }
  const neg = (bytes[9]! & 0x80) !== 0;
  fromInt(neg ? -v : v);
  if (v === 0n && neg) F.setPacked(0x8000, 0n); // -0 stays -0
}

/** FBSTP: round to an integer and pack 18 BCD digits into out[0..10); IE (BCD indefinite when masked) beyond 18 digits. */
export function toBcd(se: number, m: bigint, cw: number, out: Uint8Array): number {
  const c = classify(se, m);
  const indefinite = (): number => {
    if (!(cw & IE)) return IE | NO_RESULT;
    out.fill(0); out[7] = 0xc0; out[8] = 0xff; out[9] = 0xff;
    return IE;
  };
  if (c === UNSUPPORTED || isNan(c) || c === INF) return indefinite();
  let fl = 0, v = 0n;
  if (c !== ZERO) {
    fl = toInteger(se, m, cw | IE, (cw >> 10) & 3, 10);
    v = outInt;
  }
  const neg = (se & 0x8000) !== 0;
  const a = v < 0n ? -v : v;
  if (a >= 10n ** 18n || (fl & IE)) return indefinite();
  let x = a;
  for (let i = 0; i < 9; i++) {
    const lo = Number(x % 10n); x /= 10n;
    const hi = Number(x % 10n); x /= 10n;
    out[i] = (hi << 4) | lo;
  }
  out[9] = neg ? 0x80 : 0;
  return fl;
}

export { INDEF_SE, INDEF_M };
