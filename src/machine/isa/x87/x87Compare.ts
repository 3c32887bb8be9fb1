// x87 comparisons: FCOM/FCOMP/FCOMPP, FUCOM/FUCOMP/FUCOMPP, FICOM/FICOMP, FTST (condition codes
// C3 C2 C0), FCOMI/FCOMIP/FUCOMI/FUCOMIP (ZF PF CF), FXAM (SDM Vol.2 and Vol.1 Table 8-7).
import type { CpuCore } from '../../CpuCore.js';
import { K_MEM, type DecodedInsn } from '../../decodedInsn.js';
import { bitLength, classify, DE, DENORMAL, IE, INF, isNan, lsbExp, NORMAL, QNAN, SF, SNAN, UNSUPPORTED, ZERO } from './float80.js';
import * as F from './float80.js';
import { NO_RESULT } from './float80Arith.js';
import * as V from './float80Convert.js';
import { enter, isEmpty, mOf, pop, report, reportKeepC1, seOf, SW_C0, SW_C1, SW_C2, SW_C3, underflow } from './x87State.js';

export const GT = 0, LT = 1, EQ = 2, UNORD = 3;

/** Compare a with b: GT/LT/EQ/UNORD; flags IE (NaN: any for ordered compares, SNaN for unordered ones), DE. */
export let cmpResult = UNORD;
export function compare(cw: number, aSe: number, aM: bigint, bSe: number, bM: bigint, quiet: boolean): number {
  const ca = classify(aSe, aM), cb = classify(bSe, bM);
  cmpResult = UNORD;
  if (ca === UNSUPPORTED || cb === UNSUPPORTED) return cw & IE ? IE : IE | NO_RESULT;
  if (isNan(ca) || isNan(cb)) {
    const signal = ca === SNAN || cb === SNAN || !quiet;
    if (!signal) return 0;
    return cw & IE ? IE : IE | NO_RESULT;
  }
  let fl = 0;
  // An unmasked DE still lets the comparison set its result (hardware does), only pops are skipped.
  if (ca === DENORMAL || cb === DENORMAL) fl = cw & DE ? DE : DE | NO_RESULT;
  const na = (aSe & 0x8000) !== 0, nb = (bSe & 0x8000) !== 0;
  if (ca === ZERO && cb === ZERO) { cmpResult = EQ; return fl; }
  let mag: number; // sign of |a| - |b|
  if (ca === ZERO) mag = -1;
  else if (cb === ZERO) mag = 1;
  else if (ca === INF || cb === INF) mag = ca === cb ? 0 : ca === INF ? 1 : -1;
  else {
    const ea = lsbExp(aSe), eb = lsbExp(bSe);
    const ta = ea + bitLength(aM), tb = eb + bitLength(bM);
    if (ta !== tb) mag = ta > tb ? 1 : -1;
    else {
      const e = Math.min(ea, eb);
      const xa = aM << BigInt(ea - e), xb = bM << BigInt(eb - e);
      mag = xa === xb ? 0 : xa > xb ? 1 : -1;
    }
  }
  if (na !== nb) cmpResult = na ? LT : GT;
  else if (mag === 0) cmpResult = EQ;
  else cmpResult = (mag > 0) !== na ? GT : LT;
  return fl;
}

const CC = [0, SW_C0, SW_C3, SW_C3 | SW_C2 | SW_C0];
function setCc(cpu: CpuCore, r: number): void {
  const f = cpu.fpu;
  f.fpSw = (f.fpSw & ~(SW_C0 | SW_C2 | SW_C3)) | CC[r]!;
}

/** FCOM/FUCOM family and FICOM/FTST: pops 0, 1 or 2 registers after setting C3 C2 C0. */
export function fcom(cpu: CpuCore, d: DecodedInsn, quiet: boolean, pops: number, kind: 'float' | 'int' | 'zero'): void {
  enter(cpu, d, true, false);
  const f = cpu.fpu;
  let bSe: number, bM: bigint, memFl = 0, bEmpty = false;
  if (kind === 'zero') { bSe = 0; bM = 0n; }
  else if (d.k0 === K_MEM) {
    const la = cpu.ea(d);
    if (kind === 'int') V.fromInt(BigInt(d.s0 === 2 ? (cpu.rd16(la) << 16) >> 16 : cpu.rd32(la) | 0));
    else if (d.s0 === 4) memFl = V.fromF32(cpu.rd32(la), true);
    else { const lo = cpu.rd64(la); memFl = V.fromF64(lo, cpu.hi, true); }
    bSe = F.pse; bM = F.pm;
  } else {
    const i = d.k1 ? d.r1 : d.k0 ? d.r0 : 1;
    bEmpty = isEmpty(f, i);
    bSe = seOf(f, i); bM = mOf(f, i);
  }
  let fl: number;
  if (isEmpty(f, 0) || bEmpty) {
    fl = underflow(f);
    cmpResult = UNORD;
  } else {
    const aSe = seOf(f, 0), aM = mOf(f, 0);
    fl = compare(f.fpCw, aSe, aM, bSe, bM, quiet);
    if ((memFl & DE) && !(fl & IE) && !isNan(classify(aSe, aM)) && !isNan(classify(bSe, bM))) {
      fl |= f.fpCw & DE ? DE : DE | NO_RESULT;
    }
  }
  // An empty operand gives "unordered" even when the stack fault is unmasked (as hardware does).
  setCc(cpu, cmpResult); // even when an exception is unmasked (as this CPU's oracle shows)
  if (fl & NO_RESULT) { report(f, fl); return; }
  for (let k = 0; k < pops; k++) pop(f);
  report(f, fl);
}

/** FCOMI/FUCOMI(P): the result in ZF PF CF; OF SF AF cleared. */
export function fcomi(cpu: CpuCore, d: DecodedInsn, quiet: boolean, popAfter: boolean): void {
  enter(cpu, d, true, false);
  const f = cpu.fpu, i = d.r1;
  let fl: number;
  if (isEmpty(f, 0) || isEmpty(f, i)) { fl = underflow(f); cmpResult = UNORD; }
  else fl = compare(f.fpCw, seOf(f, 0), mOf(f, 0), seOf(f, i), mOf(f, i), quiet);
  // As FCOM sets its condition codes, the flags are set even when an exception is unmasked.
  const bits = [0, 0x01, 0x40, 0x45][cmpResult]!;
  cpu.storeFlags((cpu.materializeFlags() & ~0x8d5) | bits);
  if (popAfter && !(fl & NO_RESULT)) pop(f);
  if (fl & SF) report(f, fl); else reportKeepC1(f, fl); // C1 stays unless a stack fault clears it
}

/** FXAM: C1 the sign, C3 C2 C0 the class of ST(0). */
export function fxam(cpu: CpuCore, d: DecodedInsn): void {
  enter(cpu, d, true, false);
  const f = cpu.fpu, se = seOf(f, 0);
  let cc: number;
  if (isEmpty(f, 0)) cc = SW_C3 | SW_C0;
  else {
    switch (classify(se, mOf(f, 0))) {
      case UNSUPPORTED: cc = 0; break;
      case QNAN: case SNAN: cc = SW_C0; break;
      case NORMAL: cc = SW_C2; break;
      case INF: cc = SW_C2 | SW_C0; break;
      case ZERO: cc = SW_C3; break;
      default: cc = SW_C3 | SW_C2; // denormal
    }
  }
  f.fpSw = (f.fpSw & ~(SW_C0 | SW_C1 | SW_C2 | SW_C3)) | cc | (se & 0x8000 ? SW_C1 : 0);
}
