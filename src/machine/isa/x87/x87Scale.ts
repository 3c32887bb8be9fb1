// x87 exponent and integer-part instructions: FRNDINT, FSCALE, FXTRACT, and the partial
// remainders FPREM and FPREM1 (SDM Vol.2 instruction pages; their special-operand tables).
import type { CpuCore } from '../../CpuCore.js';
import type { DecodedInsn } from '../../decodedInsn.js';
import { bitLength, C1, classify, DE, DENORMAL, EXP_BIAS, IE, INDEF_M, INDEF_SE, INF, isNan, J_BIT, lsbExp, OE, PE, UE, UNSUPPORTED, ZE, ZERO } from './float80.js';
import * as F from './float80.js';
import { finish, invalid, NO_RESULT, propagateNan } from './float80Arith.js';
import { fromInt } from './float80Convert.js';
import { unary } from './x87Arith.js';
import { enter, isEmpty, mOf, overflow, push, report, seOf, SW_C0, SW_C1, SW_C2, SW_C3, underflow, writeSt } from './x87State.js';

/** The operation's flags for a denormal operand: DE, or DE|NO_RESULT when unmasked. */
const denormalFlags = (cw: number): number => (cw & DE ? DE : DE | NO_RESULT);

/** FRNDINT: ST(0) rounded to an integer per FCW.RC (precision control does not apply). */
function rndint(cw: number, se: number, m: bigint): number {
  const c = classify(se, m);
  if (c === UNSUPPORTED) return invalid(cw);
  if (isNan(c)) return propagateNan(cw, se, m, c, 0, 0n, ZERO);
  if (c === INF || c === ZERO) { F.setPacked(se, m); return 0; }
  let fl = 0;
  if (c === DENORMAL) { fl = denormalFlags(cw); if (fl & NO_RESULT) return fl; }
  const e = lsbExp(se), neg = (se & 0x8000) !== 0;
  if (e >= 0) { F.setPacked(se, m); return fl; }
  const rc = (cw >> 10) & 3;
  let q: bigint, rem: bigint, half: bigint;
  if (-e > 64) { q = 0n; rem = 1n; half = 2n; } else {
    const s = BigInt(-e);
    q = m >> s; rem = m & ((1n << s) - 1n); half = 1n << (s - 1n);
  }
  let up = false;
  if (rem !== 0n) {
    up = rc === 0 ? rem > half || (rem === half && (q & 1n) === 1n) : rc === 1 ? neg : rc === 2 ? !neg : false;
    if (up) q += 1n;
    fl |= PE | (up ? C1 : 0);
  }
  if (q === 0n) F.setPacked(se & 0x8000, 0n);
  else { fromInt(q); F.setPacked(F.pse | (se & 0x8000), F.pm); }
  return fl;
}

export const frndint = (cpu: CpuCore, d: DecodedInsn): void => unary(cpu, d, rndint);

/** FSCALE: ST(0) * 2^trunc(ST(1)), rounded to 64 bits (precision control does not apply). */
export function fscale(cpu: CpuCore, d: DecodedInsn): void {
  enter(cpu, d, true, false);
  const f = cpu.fpu, cw = f.fpCw;
  if (isEmpty(f, 0) || isEmpty(f, 1)) {
    const fl = underflow(f);
    if (!(fl & NO_RESULT)) writeSt(f, 0, INDEF_SE, INDEF_M);
    report(f, fl);
    return;
  }
  const aSe = seOf(f, 0), aM = mOf(f, 0), bSe = seOf(f, 1), bM = mOf(f, 1);
  const ca = classify(aSe, aM), cb = classify(bSe, bM);
  let fl: number;
  if (ca === UNSUPPORTED || cb === UNSUPPORTED) fl = invalid(cw);
  else if (isNan(ca) || isNan(cb)) fl = propagateNan(cw, aSe, aM, ca, bSe, bM, cb);
  else {
    fl = ca === DENORMAL || cb === DENORMAL ? denormalFlags(cw) : 0;
    const bNeg = (bSe & 0x8000) !== 0;
    if (cb === INF) {
      if ((ca === ZERO && !bNeg) || (ca === INF && bNeg)) fl = invalid(cw);
      else if (!(fl & NO_RESULT)) {
        if (ca === ZERO || bNeg) F.setPacked(aSe & 0x8000, 0n); else F.setPacked((aSe & 0x8000) | 0x7fff, J_BIT);
      }
    } else if (fl & NO_RESULT) { /* unmasked DE: nothing changes */ } else if (ca === ZERO || ca === INF) F.setPacked(aSe, aM);
    else {
      // trunc(ST(1)), clamped where any larger scale over- or underflows the same way
      let n = 0;
      if (cb !== ZERO) {
        const e = lsbExp(bSe);
        const t = e >= 0 ? (e > 40 ? 1n << 40n : bM << BigInt(e)) : -e >= 64 ? 0n : bM >> BigInt(-e);
        n = Number(t > 100000n ? 100000n : t) * (bNeg ? -1 : 1);
      }
      const top = lsbExp(aSe) + bitLength(aM) - 1 + n, neg = (aSe & 0x8000) !== 0;
      // unmasked OE/UE rescale by 2^-+24576; a result out of range even then is inf / 0 (AMD host)
      if (!(cw & OE) && top > 16383 + 24576) { F.setPacked((aSe & 0x8000) | 0x7fff, J_BIT); fl |= OE | PE | C1; } else if (!(cw & UE) && top < -16382 - 24576 - 64) { F.setPacked(aSe & 0x8000, 0n); fl |= UE | PE; } else fl |= finish(neg, aM, lsbExp(aSe) + n, cw | 0x300);
    }
  }
  if (fl & NO_RESULT) { report(f, fl); return; }
  writeSt(f, 0, F.pse, F.pm);
  report(f, fl);
}

/** FXTRACT: ST(0) -> exponent (then ST(1)) and significand (ST(0)). */
export function fxtract(cpu: CpuCore, d: DecodedInsn): void {
  enter(cpu, d, true, false);
  const f = cpu.fpu, cw = f.fpCw;
  if (isEmpty(f, 0)) {
    const fl = underflow(f);
    if (!(fl & NO_RESULT)) { writeSt(f, 0, INDEF_SE, INDEF_M); push(f, INDEF_SE, INDEF_M); }
    report(f, fl);
    return;
  }
  if (!isEmpty(f, 7)) {
    const fl = overflow(f);
    if (!(fl & NO_RESULT)) { writeSt(f, 0, INDEF_SE, INDEF_M); push(f, INDEF_SE, INDEF_M); }
    report(f, fl);
    return;
  }
  const se = seOf(f, 0), m = mOf(f, 0), c = classify(se, m), s = se & 0x8000;
  let fl = 0, eSe: number, eM: bigint, sSe: number, sM: bigint;
  if (c === UNSUPPORTED || isNan(c)) {
    fl = c === UNSUPPORTED ? invalid(cw) : propagateNan(cw, se, m, c, 0, 0n, ZERO);
    eSe = sSe = F.pse; eM = sM = F.pm;
  } else if (c === ZERO) {
    if (!(cw & ZE)) { report(f, ZE); return; }
    fl = ZE; eSe = 0xffff; eM = J_BIT; sSe = se; sM = m;
  } else if (c === INF) { eSe = 0x7fff; eM = J_BIT; sSe = se; sM = m; } else {
    if (c === DENORMAL) { fl = denormalFlags(cw); if (fl & NO_RESULT) { report(f, fl); return; } }
    const n = bitLength(m);
    const top = lsbExp(se) + n - 1;
    fromInt(BigInt(top)); eSe = F.pse; eM = F.pm;
    sSe = s | EXP_BIAS; sM = m << BigInt(64 - n);
  }
  if (fl & NO_RESULT) { report(f, fl); return; }
  writeSt(f, 0, eSe, eM);
  push(f, sSe, sM);
  report(f, fl);
}

/**
 * FPREM (quotient truncated) and FPREM1 (rounded to nearest): an exact remainder when the
 * exponents differ by less than 64 (C2 = 0, C0 C3 C1 = quotient bits 2 1 0), else a partial one
 * reducing the exponent difference to a multiple of 32 below it (C2 = 1).
 */
export function fprem(cpu: CpuCore, d: DecodedInsn, ieee: boolean): void {
  enter(cpu, d, true, false);
  const f = cpu.fpu, cw = f.fpCw;
  if (isEmpty(f, 0) || isEmpty(f, 1)) {
    const fl = underflow(f);
    if (!(fl & NO_RESULT)) writeSt(f, 0, INDEF_SE, INDEF_M);
    report(f, fl);
    f.fpSw &= ~(SW_C1 | SW_C2); // "complete", even when the fault is unmasked
    return;
  }
  const aSe = seOf(f, 0), aM = mOf(f, 0), bSe = seOf(f, 1), bM = mOf(f, 1);
  const ca = classify(aSe, aM), cb = classify(bSe, bM);
  let fl: number;
  let cc = -1; // C0 C1 C2 C3 bits to set (the others cleared); -1: no remainder, C0 and C3 kept
  if (ca === UNSUPPORTED || cb === UNSUPPORTED) fl = invalid(cw);
  else if (isNan(ca) || isNan(cb)) fl = propagateNan(cw, aSe, aM, ca, bSe, bM, cb);
  else if (ca === INF || cb === ZERO) fl = invalid(cw);
  else {
    fl = ca === DENORMAL || cb === DENORMAL ? denormalFlags(cw) : 0;
    if (fl & NO_RESULT) { /* nothing changes */ } else if (ca === ZERO || cb === INF) {
      F.setPacked(ca === DENORMAL && aM >= J_BIT ? aSe | 1 : aSe, aM); cc = 0; // a pseudo-denormal comes back normalised
    } else {
      const ea = lsbExp(aSe), eb = lsbExp(bSe);
      const ta = ea + bitLength(aM), tb = eb + bitLength(bM);
      const diff = ta - tb;
      const neg = (aSe & 0x8000) !== 0;
      if (diff >= 64) {
        // partial: subtract ST(1) * trunc(ST(0) / (ST(1) * 2^k)) * 2^k with k = diff - ((diff & 31) | 32)
        const k = diff - ((diff & 31) | 32);
        const e = Math.min(ea, eb + k);
        const A = aM << BigInt(ea - e), B = bM << BigInt(eb + k - e);
        const r = A % B;
        fl |= setRemainder(neg, r, e, cw);
        cc = SW_C2;
      } else {
        const e = Math.min(ea, eb);
        const A = aM << BigInt(ea - e), B = bM << BigInt(eb - e);
        let q = A / B, r = A - q * B, rneg = neg;
        if (ieee && (2n * r > B || (2n * r === B && (q & 1n) === 1n))) { q += 1n; r = B - r; rneg = !neg; }
        if (r === 0n) rneg = neg;
        fl |= setRemainder(rneg, r, e, cw);
        cc = (q & 4n ? SW_C0 : 0) | (q & 2n ? SW_C3 : 0) | (q & 1n ? SW_C1 : 0);
      }
    }
  }
  // without a remainder (a special operand or a fault) the CPU clears C1 and C2 and keeps C0, C3 (AMD host)
  if (!(fl & NO_RESULT)) writeSt(f, 0, F.pse, F.pm);
  report(f, fl & ~C1);
  f.fpSw = cc < 0 ? f.fpSw & ~(SW_C1 | SW_C2) : (f.fpSw & ~(SW_C0 | SW_C1 | SW_C2 | SW_C3)) | cc;
}

/** The exact remainder r * 2^e (zero keeps the dividend's sign); an underflowing one is denormalised. */
function setRemainder(neg: boolean, r: bigint, e: number, cw: number): number {
  if (r === 0n) { F.setPacked(neg ? 0x8000 : 0, 0n); return 0; }
  return finish(neg, r, e, cw | 0x300) & ~(PE | C1);
}


