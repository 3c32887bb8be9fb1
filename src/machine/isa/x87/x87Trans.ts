// x87 transcendentals: F2XM1, FYL2X, FYL2XP1, FPATAN, FSIN, FCOS, FSINCOS, FPTAN. Each result is
// computed in 256-bit fixed point (fixedPoint.ts), far beyond 64 bits, and rounded once to the
// 64-bit significand per FCW.RC (precision control does not apply to them, SDM Vol.1 8.1.5.2);
// hardware is within 1 ulp of the exact result, and so is this. Special operands per the
// instruction pages' tables.
import type { CpuCore } from '../../CpuCore.js';
import type { DecodedInsn } from '../../decodedInsn.js';
import { bitLength, C1, classify, DE, DENORMAL, EXP_BIAS, IE, INDEF_M, INDEF_SE, INF, isNan, J_BIT, lsbExp, PE, UNSUPPORTED, ZE, ZERO } from './float80.js';
import * as F from './float80.js';
import { finish, invalid, NO_RESULT, propagateNan } from './float80Arith.js';
import { atanFixed, cosOut, expFixed, FB, fdiv, fmul, LN2, lnFixed, ONE, PI, sinCosSmall, sinOut } from './fixedPoint.js';
import { enter, isEmpty, mOf, overflow, pop, push, report, seOf, SW_C2, underflow, writeSt } from './x87State.js';

const topOf = (se: number, m: bigint): number => lsbExp(se) + bitLength(m) - 1;

/** |value| as fixed point (value's top exponent must be below ~2^63 and above -FB). */
function fixedOf(se: number, m: bigint): bigint {
  const s = lsbExp(se) + FB;
  return s >= 0 ? m << BigInt(s) : m >> BigInt(-s);
}

/** Round |r| * 2^e (an inexact value: a sticky bit goes below it) to 64 bits. */
function roundInexact(neg: boolean, r: bigint, e: number, cw: number): number {
  if (r === 0n) { F.setPacked(neg ? 0x8000 : 0, 0n); return 0; }
  return finish(neg, (r << 1n) | 1n, e - 1, cw | 0x300);
}

/** Operands below this top exponent take the first term of their series (the rest is far below 2^-64 relative). */
const TINY = -100;

const denormalFlags = (cw: number, c: number): number => (c === DENORMAL ? (cw & DE ? DE : DE | NO_RESULT) : 0);

/** F2XM1: 2^x - 1 for -1 <= x <= 1. */
function f2xm1Value(cw: number, se: number, m: bigint): number {
  const c = classify(se, m), neg = (se & 0x8000) !== 0;
  if (c === UNSUPPORTED) return invalid(cw);
  if (isNan(c)) return propagateNan(cw, se, m, c, 0, 0n, ZERO);
  if (c === ZERO) { F.setPacked(se, m); return 0; }
  if (c === INF) { if (neg) F.setPacked(0xbfff, J_BIT); else F.setPacked(se, m); return 0; }
  const fl = denormalFlags(cw, c);
  if (fl & NO_RESULT) return fl;
  const top = topOf(se, m);
  if (top < TINY) return fl | roundInexact(neg, m * LN2, lsbExp(se) - FB, cw);
  // beyond the defined range -1..+1 the AMD host returns x unchanged, with PE and C1 = 0
  if (top > 0 || (top === 0 && m !== J_BIT)) { F.setPacked(se, m); return fl | PE; }
  const y = fmul(fixedOf(se, m), LN2);
  const r = expFixed(neg ? -y : y) - ONE;
  return fl | roundInexact(r < 0n, r < 0n ? -r : r, -FB, cw);
}

/** log2 of a positive finite value as fixed point (signed). */
function log2Fixed(se: number, m: bigint): bigint {
  const n = bitLength(m), top = topOf(se, m);
  const frac = m << BigInt(FB - (n - 1)); // m / 2^(n-1) in [1, 2)
  return BigInt(top) * ONE + fdiv(lnFixed(frac), LN2);
}

/** Special cases of y * log2(x) (FYL2X) and y * log2(x + 1) (FYL2XP1 with one = false). */
function ylogSpecial(cw: number, xSe: number, xM: bigint, cx: number, ySe: number, yM: bigint, cy: number, xp1: boolean): number | null {
  if (cx === UNSUPPORTED || cy === UNSUPPORTED) return invalid(cw);
  if (isNan(cx) || isNan(cy)) return propagateNan(cw, xSe, xM, cx, ySe, yM, cy);
  const xNeg = (xSe & 0x8000) !== 0, yNeg = (ySe & 0x8000) !== 0;
  const fl = denormalFlags(cw, cx) | denormalFlags(cw, cy);
  if (!xp1) {
    if (xNeg && cx !== ZERO) return invalid(cw);
    if (cx === ZERO) {
      if (cy === ZERO) return invalid(cw);
      if (fl & NO_RESULT) return fl;
      F.setPacked((yNeg ? 0 : 0x8000) | 0x7fff, J_BIT);
      if (cy === INF) return fl;
      return cw & ZE ? fl | ZE : ZE | NO_RESULT;
    }
    // sign of log2(x): +1 above one, 0 at one, -1 below
    const one = xSe === EXP_BIAS && xM === J_BIT;
    const lsign = cx === INF ? 1 : one ? 0 : topOf(xSe, xM) >= 0 ? 1 : -1;
    if (cx === INF || cy === INF || cy === ZERO || one) {
      if ((cy === INF && lsign === 0) || (cx === INF && cy === ZERO)) return invalid(cw);
      if (fl & NO_RESULT) return fl;
      const neg = yNeg !== (lsign < 0);
      if (cy === INF || cx === INF) F.setPacked((neg ? 0x8000 : 0) | 0x7fff, J_BIT);
      else F.setPacked(neg ? 0x8000 : 0, 0n);
      return fl;
    }
    return fl & NO_RESULT ? fl : null;
  }
  // FYL2XP1: x in (-(1 - sqrt2/2), 1 - sqrt2/2); log2(1 + x) has x's sign. Beyond it the AMD host
  // computes log2(1 + x) all the same, and returns x itself for x < -1 (below: outOfRange)
  if (cx === INF && xNeg) return invalid(cw);
  if (cx === INF) {
    if (cy === ZERO) return invalid(cw);
    if (fl & NO_RESULT) return fl;
    F.setPacked((ySe & 0x8000) | 0x7fff, J_BIT);
    return fl;
  }
  if (cx === ZERO || cy === ZERO) {
    if (cy === INF) return invalid(cw);
    if (fl & NO_RESULT) return fl;
    F.setPacked(((xSe ^ ySe) & 0x8000), 0n);
    return fl;
  }
  if (cy === INF) {
    if (fl & NO_RESULT) return fl;
    F.setPacked(((xSe ^ ySe) & 0x8000) | 0x7fff, J_BIT);
    return fl;
  }
  return fl & NO_RESULT ? fl : null;
}

/** FYL2XP1 with x < -1 on the AMD host: ST(1) = x, inexact, C1 = 0. */
function outOfRange(xSe: number, xM: bigint, fl: number): number {
  F.setPacked(xSe, xM);
  return (fl & ~C1) | PE;
}

/** FYL2X (xp1 false) or FYL2XP1: ST(1) * log2(ST(0) [+ 1]) into ST(1), then pop. */
export function fyl2x(cpu: CpuCore, d: DecodedInsn, xp1: boolean): void {
  enter(cpu, d, true, false);
  const f = cpu.fpu, cw = f.fpCw;
  if (isEmpty(f, 0) || isEmpty(f, 1)) { stackFault2(cpu); return; }
  const xSe = seOf(f, 0), xM = mOf(f, 0), ySe = seOf(f, 1), yM = mOf(f, 1);
  const cx = classify(xSe, xM), cy = classify(ySe, yM);
  let fl = ylogSpecial(cw, xSe, xM, cx, ySe, yM, cy, xp1);
  if (fl === null) {
    fl = denormalFlags(cw, cx) | denormalFlags(cw, cy);
    const yNeg = (ySe & 0x8000) !== 0, xNeg = (xSe & 0x8000) !== 0;
    if (xp1 && topOf(xSe, xM) < TINY) {
      // log2(1 + x) = x / ln 2 (1 - x/2 ...): the first term, then * y
      const q = fdiv(xM * yM << 64n, LN2);
      fl |= roundInexact(xNeg !== yNeg, q, lsbExp(xSe) + lsbExp(ySe) - 64, cw);
    } else {
      let l: bigint;
      if (xp1) {
        // 1 + x is exact in fixed point (x's lowest bit is above 2^-FB here); out of range below -1
        const v = ONE + (xNeg ? -fixedOf(xSe, xM) : fixedOf(xSe, xM));
        if (v < 0n) { fl = outOfRange(xSe, xM, fl); l = 0n; } else if (v === 0n) {
          F.setPacked((ySe & 0x8000) ^ 0xffff, J_BIT); fl |= cw & ZE ? ZE : ZE | NO_RESULT; l = 0n; // y * log2(0)
        } else l = fdiv(lnFixed(v), LN2);
      } else l = log2Fixed(xSe, xM);
      const neg = (l < 0n) !== yNeg;
      if (l !== 0n) fl |= roundInexact(neg, (l < 0n ? -l : l) * yM, lsbExp(ySe) - FB, cw);
    }
  }
  if (fl & NO_RESULT) { report(f, fl); return; }
  writeSt(f, 1, F.pse, F.pm);
  pop(f);
  report(f, fl);
}

/** FPATAN: atan2(ST(1), ST(0)) into ST(1), then pop. */
export function fpatan(cpu: CpuCore, d: DecodedInsn): void {
  enter(cpu, d, true, false);
  const f = cpu.fpu, cw = f.fpCw;
  if (isEmpty(f, 0) || isEmpty(f, 1)) { stackFault2(cpu); return; }
  const xSe = seOf(f, 0), xM = mOf(f, 0), ySe = seOf(f, 1), yM = mOf(f, 1);
  const cx = classify(xSe, xM), cy = classify(ySe, yM);
  const xNeg = (xSe & 0x8000) !== 0, yNeg = (ySe & 0x8000) !== 0;
  let fl: number;
  if (cx === UNSUPPORTED || cy === UNSUPPORTED) fl = invalid(cw);
  else if (isNan(cx) || isNan(cy)) fl = propagateNan(cw, xSe, xM, cx, ySe, yM, cy);
  else {
    fl = denormalFlags(cw, cx) | denormalFlags(cw, cy);
    if (!(fl & NO_RESULT)) {
      let a: bigint | null = null; // the angle's magnitude in fixed point, or exact 0
      if (cy === ZERO) a = xNeg ? PI : 0n;
      else if (cx === ZERO) a = PI / 2n;
      else if (cx === INF && cy === INF) a = xNeg ? (3n * PI) / 4n : PI / 4n;
      else if (cx === INF) a = xNeg ? PI : 0n;
      else if (cy === INF) a = PI / 2n;
      if (a !== null) {
        if (a === 0n) F.setPacked(yNeg ? 0x8000 : 0, 0n); else fl |= roundInexact(yNeg, a, -FB, cw);
      } else if (!xNeg && topOf(ySe, yM) - topOf(xSe, xM) < TINY) {
        // atan(y/x) = y/x (1 - ...): the quotient
        const q = (yM << 192n) / xM; // atan(q) is a little below q
        fl |= roundInexact(yNeg, (q << 1n) - 1n, lsbExp(ySe) - lsbExp(xSe) - 193, cw);
      } else {
        // both finite, non-zero: scale to a common exponent for the ratio
        const e = Math.max(topOf(xSe, xM), topOf(ySe, yM));
        const sx = fixedScaled(xSe, xM, e), sy = fixedScaled(ySe, yM, e);
        let t = sy <= sx ? atanFixed(fdiv(sy, sx)) : PI / 2n - atanFixed(fdiv(sx, sy));
        if (xNeg) t = PI - t;
        fl |= roundInexact(yNeg, t, -FB, cw);
      }
    }
  }
  if (fl & NO_RESULT) { report(f, fl); return; }
  writeSt(f, 1, F.pse, F.pm);
  pop(f);
  report(f, fl);
}

/** |value| / 2^e as fixed point (e the larger operand's top exponent). */
function fixedScaled(se: number, m: bigint, e: number): bigint {
  const s = lsbExp(se) - e + FB;
  return s >= 0 ? m << BigInt(s) : m >> BigInt(-s);
}

/** Two-operand stack underflow: the indefinite in ST(1) and a pop when masked. */
function stackFault2(cpu: CpuCore): void {
  const f = cpu.fpu, fl = underflow(f);
  if (!(fl & NO_RESULT)) { writeSt(f, 1, INDEF_SE, INDEF_M); pop(f); }
  report(f, fl);
}

const SIN = 0, COS = 1, SINCOS = 2, TAN = 3;
/** pi with its significand rounded to 66 bits: the constant x87 argument reduction uses (SDM Vol.1 8.3.10). */
const PI66 = ((): bigint => { const sh = BigInt(PI.toString(2).length - 66); return ((PI >> sh) + ((PI >> (sh - 1n)) & 1n)) << sh; })();

/** FSIN, FCOS, FSINCOS, FPTAN: |x| >= 2^63 sets C2 and leaves ST(0) alone. */
export function trig(cpu: CpuCore, d: DecodedInsn, op: number): void {
  enter(cpu, d, true, false);
  const f = cpu.fpu, cw = f.fpCw;
  const pushes = op === SINCOS || op === TAN;
  if (isEmpty(f, 0) || (pushes && !isEmpty(f, 7))) {
    const fl = isEmpty(f, 0) ? underflow(f) : overflow(f);
    if (!(fl & NO_RESULT)) { writeSt(f, 0, INDEF_SE, INDEF_M); if (pushes) push(f, INDEF_SE, INDEF_M); }
    report(f, fl);
    f.fpSw &= ~SW_C2;
    return;
  }
  const se = seOf(f, 0), m = mOf(f, 0), c = classify(se, m), neg = (se & 0x8000) !== 0;
  let fl: number, r1Se = 0, r1M = 0n; // ST(0)'s new value (sin/tan) when pushing; pse/pm = the last result
  if (c === UNSUPPORTED || c === INF || isNan(c)) {
    // the indefinite or the quieted NaN, in both registers when the instruction pushes
    fl = isNan(c) ? propagateNan(cw, se, m, c, 0, 0n, ZERO) : invalid(cw);
    r1Se = F.pse; r1M = F.pm;
  } else if (c !== ZERO && topOf(se, m) >= 63) {
    f.fpSw = (f.fpSw & ~0x200) | SW_C2; // out of range: nothing changes but C2 (and C1 cleared)
    return;
  } else {
    fl = denormalFlags(cw, c);
    if (fl & NO_RESULT) { report(f, fl); f.fpSw &= ~SW_C2; return; }
    if (c === ZERO) {
      if (op === COS) F.setPacked(EXP_BIAS, J_BIT);
      else { r1Se = se; r1M = m; F.setPacked(op === SINCOS ? EXP_BIAS : se, op === SINCOS ? J_BIT : m); if (op === TAN) F.setPacked(EXP_BIAS, J_BIT); }
    } else if (topOf(se, m) < TINY) {
      // sin x = x - x^3/6, tan x = x + x^3/3, cos x = 1 - x^2/2: x (or 1) with the sign of the next term
      const one = (): number => roundInexact(false, ONE - 1n, -FB, cw);
      const small = (down: boolean): number => roundInexact(neg, (m << 1n) - (down ? 1n : 0n), lsbExp(se) - 1, cw);
      if (op === COS) fl |= one();
      else if (op === SIN) fl |= small(true);
      else if (op === TAN) { fl |= small(false); r1Se = F.pse; r1M = F.pm; F.setPacked(EXP_BIAS, J_BIT); }
      else { fl |= small(true); r1Se = F.pse; r1M = F.pm; fl |= one() & ~C1; }
    } else {
      // reduce by pi/2 (to nearest): x = q pi/2 + r, |r| <= pi/4, with pi rounded to 66 bits as the
      // hardware does (large arguments give the host's results, not the exact ones)
      const x = fixedOf(se, m), half = PI66 / 2n;
      const q = (2n * x + half) / (2n * half);
      const r = x - q * half;
      sinCosSmall(r);
      const k = Number(q & 3n);
      let s = [sinOut, cosOut, -sinOut, -cosOut][k]!, co = [cosOut, -sinOut, -cosOut, sinOut][k]!;
      if (neg) s = -s;
      const put = (v: bigint): number => roundInexact(v < 0n, v < 0n ? -v : v, -FB, cw);
      if (op === SIN) fl |= put(s);
      else if (op === COS) fl |= put(co);
      else if (op === SINCOS) { fl |= put(s); r1Se = F.pse; r1M = F.pm; fl |= put(co) & ~C1; } else { // C1: the sine's rounding (AMD host)
        fl |= put(fdiv(s, co)); r1Se = F.pse; r1M = F.pm; F.setPacked(EXP_BIAS, J_BIT);
      }
    }
  }
  if (!(fl & NO_RESULT)) {
    if (pushes) { writeSt(f, 0, r1Se, r1M); push(f, F.pse, F.pm); } else writeSt(f, 0, F.pse, F.pm);
  }
  report(f, fl);
  f.fpSw &= ~SW_C2;
}

export const TRIG = { SIN, COS, SINCOS, TAN };
export const f2xm1 = (cpu: CpuCore, d: DecodedInsn): void => {
  enter(cpu, d, true, false);
  const f = cpu.fpu;
  if (isEmpty(f, 0)) {
    const fl = underflow(f);
    if (!(fl & NO_RESULT)) writeSt(f, 0, INDEF_SE, INDEF_M);
    report(f, fl);
    return;
  }
  const fl = f2xm1Value(f.fpCw, seOf(f, 0), mOf(f, 0));
  if (!(fl & NO_RESULT)) writeSt(f, 0, F.pse, F.pm);
  report(f, fl);
};


