// x87 data movement: FLD/FST/FSTP (single, double, extended, ST(i)), FILD/FIST/FISTP/FISTTP,
// FBLD/FBSTP, FXCH, FCMOVcc, the constants FLDZ/FLD1/FLDPI/FLDL2E/FLDL2T/FLDLG2/FLDLN2, FFREE,
// FINCSTP/FDECSTP (SDM Vol.2 instruction pages).
import type { CpuCore } from '../../CpuCore.js';
import { K_MEM, type DecodedInsn } from '../../decodedInsn.js';
import { TAG_EMPTY } from '../fpuState.js';
import { DBL, IE, INDEF_M, INDEF_SE, M64, mantOf, SGL } from './float80.js';
import * as F from './float80.js';
import { NO_RESULT } from './float80Arith.js';
import * as V from './float80Convert.js';
import { CONST_66 } from './x87Constants.js';
import { enter, isEmpty, mOf, pop, push, pushChecked, report, reportKeepC1, seOf, underflow, writeSt, overflow } from './x87State.js';

/** Read an m80 (an extended value) into pse/pm. */
export function readM80(cpu: CpuCore, la: number): void {
  const lo = cpu.rd64(la), hi = cpu.hi;
  F.setPacked(cpu.rd16(la + 8), mantOf(lo, hi));
}

export function writeM80(cpu: CpuCore, la: number, se: number, m: bigint): void {
  cpu.wr64(la, Number(m & 0xffffffffn) | 0, Number(m >> 32n) | 0);
  cpu.wr16(la + 8, se);
}

export function fld(cpu: CpuCore, d: DecodedInsn): void {
  enter(cpu, d, true, false);
  const f = cpu.fpu;
  let fl = 0, se: number, m: bigint;
  if (d.k0 === K_MEM) {
    const la = cpu.ea(d);
    if (d.s0 === 4) fl = V.fromF32(cpu.rd32(la));
    else if (d.s0 === 8) { const lo = cpu.rd64(la); fl = V.fromF64(lo, cpu.hi); } else readM80(cpu, la);
    se = F.pse; m = F.pm;
  } else if (isEmpty(f, d.r0)) {
    // An empty source is a stack underflow (C1 = 0) even when the push would overflow too.
    fl = underflow(f);
    if (!(fl & NO_RESULT)) push(f, INDEF_SE, INDEF_M);
    report(f, fl);
    return;
  } else { se = seOf(f, d.r0); m = mOf(f, d.r0); }
  if (!isEmpty(f, 7)) { report(f, pushChecked(f, se, m)); return; } // the overflow alone is reported
  if ((fl & IE) && !(f.fpCw & IE)) { report(f, fl); return; } // unmasked IE (SNaN): nothing loaded; an unmasked DE loads
  push(f, se, m);
  report(f, fl & ~NO_RESULT);
}

/** FST/FSTP to memory (m32, m64, m80) or to ST(i). */
export function fst(cpu: CpuCore, d: DecodedInsn, popAfter: boolean): void {
  enter(cpu, d, true, false);
  const f = cpu.fpu;
  const empty = isEmpty(f, 0);
  const se = empty ? INDEF_SE : seOf(f, 0), m = empty ? INDEF_M : mOf(f, 0);
  let fl = empty ? underflow(f) : 0;
  if (d.k0 === K_MEM) {
    const la = cpu.ea(d);
    cpu.probeWrite(la, d.s0);
    if (fl & NO_RESULT) { report(f, fl); return; }
    if (d.s0 === 10) writeM80(cpu, la, se, m);
    else {
      const c = d.s0 === 4 ? V.toBinary(se, m, f.fpCw, SGL) : V.toBinary(se, m, f.fpCw, DBL);
      fl |= c;
      if (c & NO_RESULT) { report(f, fl); return; }
      if (d.s0 === 4) cpu.wr32(la, V.outLo); else cpu.wr64(la, V.outLo | 0, V.outHi | 0);
    }
  } else {
    if (fl & NO_RESULT) { report(f, fl); return; }
    writeSt(f, d.r0, se, m);
  }
  if (popAfter) pop(f);
  report(f, fl);
}

export function fild(cpu: CpuCore, d: DecodedInsn): void {
  enter(cpu, d, true, false);
  const f = cpu.fpu, la = cpu.ea(d);
  let v: bigint;
  if (d.s0 === 2) v = BigInt((cpu.rd16(la) << 16) >> 16);
  else if (d.s0 === 4) v = BigInt(cpu.rd32(la) | 0);
  else { const lo = cpu.rd64(la); v = (BigInt(cpu.hi | 0) << 32n) | BigInt(lo >>> 0); }
  V.fromInt(v);
  report(f, pushChecked(f, F.pse, F.pm));
}

/** FIST/FISTP (rounding per FCW.RC) and FISTTP (truncation). */
export function fist(cpu: CpuCore, d: DecodedInsn, popAfter: boolean, truncate: boolean): void {
  enter(cpu, d, true, false);
  const f = cpu.fpu, la = cpu.ea(d), n = d.s0;
  cpu.probeWrite(la, n);
  let fl: number;
  if (isEmpty(f, 0)) {
    fl = underflow(f);
    if (fl & NO_RESULT) { report(f, fl); return; }
    V.toInteger(INDEF_SE, INDEF_M, f.fpCw | 1, 0, n);
  } else {
    fl = V.toInteger(seOf(f, 0), mOf(f, 0), f.fpCw, truncate ? 3 : (f.fpCw >> 10) & 3, n);
    if (fl & NO_RESULT) { report(f, fl); return; }
  }
  const v = BigInt.asUintN(64, V.outInt);
  if (n === 2) cpu.wr16(la, Number(v & 0xffffn));
  else if (n === 4) cpu.wr32(la, Number(v & 0xffffffffn));
  else cpu.wr64(la, Number(v & 0xffffffffn) | 0, Number(v >> 32n) | 0);
  if (popAfter) pop(f);
  report(f, fl);
}

export function fbld(cpu: CpuCore, d: DecodedInsn): void {
  enter(cpu, d, true, false);
  const f = cpu.fpu, la = cpu.ea(d);
  const b = new Uint8Array(10);
  for (let i = 0; i < 10; i++) b[i] = cpu.rd8(la + i);
  V.fromBcd(b);
  report(f, pushChecked(f, F.pse, F.pm));
}

export function fbstp(cpu: CpuCore, d: DecodedInsn): void {
  enter(cpu, d, true, false);
  const f = cpu.fpu, la = cpu.ea(d);
  cpu.probeWrite(la, 10);
  const b = new Uint8Array(10);
  let fl: number;
  if (isEmpty(f, 0)) {
    fl = underflow(f);
    if (!(fl & NO_RESULT)) V.toBcd(INDEF_SE, INDEF_M, f.fpCw | 1, b);
  } else fl = V.toBcd(seOf(f, 0), mOf(f, 0), f.fpCw, b);
  if (fl & NO_RESULT) { report(f, fl); return; }
  for (let i = 0; i < 10; i++) cpu.wr8(la + i, b[i]!);
  pop(f);
  report(f, fl);
}

export function fxch(cpu: CpuCore, d: DecodedInsn): void {
  enter(cpu, d, true, false);
  const f = cpu.fpu, i = d.k1 ? d.r1 : 1;
  let fl = 0;
  if (isEmpty(f, 0) || isEmpty(f, i)) {
    fl = underflow(f);
    if (fl & NO_RESULT) { report(f, fl); return; }
    if (isEmpty(f, 0)) writeSt(f, 0, INDEF_SE, INDEF_M);
    if (isEmpty(f, i)) writeSt(f, i, INDEF_SE, INDEF_M);
  }
  const se = seOf(f, 0), m = mOf(f, 0);
  writeSt(f, 0, seOf(f, i), mOf(f, i));
  writeSt(f, i, se, m);
  report(f, fl);
}

/** FCMOVcc ST(0), ST(i): cond is the decoded condition (b e be u and their negations). */
export function fcmov(cpu: CpuCore, d: DecodedInsn, test: (fl: number) => boolean): void {
  enter(cpu, d, true, false);
  const f = cpu.fpu, i = d.r1;
  if (isEmpty(f, 0) || isEmpty(f, i)) {
    const fl = underflow(f);
    if (!(fl & NO_RESULT)) writeSt(f, 0, INDEF_SE, INDEF_M);
    report(f, fl);
    return;
  }
  if (test(cpu.materializeFlags())) writeSt(f, 0, seOf(f, i), mOf(f, i));
  reportKeepC1(f, 0); // C1 stays (this CPU's oracle shows it)
}

/** FLDZ, FLD1 (exact) and the constants rounded from their 66-bit internal values per FCW.RC. */
export function fldConst(cpu: CpuCore, d: DecodedInsn, k: number): void {
  enter(cpu, d, true, false);
  const f = cpu.fpu;
  let se: number, m: bigint;
  if (k < 0) { se = k === -1 ? 0 : 0x3fff; m = k === -1 ? 0n : F.J_BIT; } else {
    const c = CONST_66[k]!;
    const rc = (f.fpCw >> 10) & 3;
    // round the 64 extra bits away per rc (the constants are positive; none is a tie)
    let q = c.m128 >> 64n;
    const rem = c.m128 & M64;
    if (rem && (rc === 0 ? rem > 1n << 63n : rc === 2)) q += 1n;
    se = c.se; m = q;
  }
  report(f, pushChecked(f, se, m));
}

export function ffree(cpu: CpuCore, d: DecodedInsn, popAfter: boolean): void {
  enter(cpu, d, true, false);
  const f = cpu.fpu;
  f.fpTag[(f.fpTop + d.r0) & 7] = TAG_EMPTY;
  if (popAfter) pop(f);
  report(f, 0);
}

export function fincdec(cpu: CpuCore, d: DecodedInsn, delta: number): void {
  enter(cpu, d, true, false);
  const f = cpu.fpu;
  f.fpTop = (f.fpTop + delta) & 7;
  report(f, 0);
}

export { overflow };
