// x87 arithmetic instructions: FADD/FSUB/FSUBR/FMUL/FDIV/FDIVR in all their forms (m32, m64,
// m16int, m32int, ST(0)/ST(i), ...P), FSQRT, FABS, FCHS (SDM Vol.2; operand and result rules in
// float80Arith.ts).
import type { CpuCore } from '../../CpuCore.js';
import { K_MEM, type DecodedInsn } from '../../decodedInsn.js';
import { classify, DE, IE, ZE, INDEF_M, INDEF_SE, isNan, UNSUPPORTED } from './float80.js';
import * as F from './float80.js';
import { add, div, mul, NO_RESULT, sqrt } from './float80Arith.js';
import * as V from './float80Convert.js';
import { enter, isEmpty, mOf, pop, report, seOf, underflow, writeSt } from './x87State.js';

export const OP_ADD = 0, OP_SUB = 1, OP_SUBR = 2, OP_MUL = 3, OP_DIV = 4, OP_DIVR = 5;

/** a op b for one of the OP_* operations. */
export function binary(op: number, cw: number, aSe: number, aM: bigint, bSe: number, bM: bigint): number {
  switch (op) {
    case OP_ADD: return add(cw, aSe, aM, bSe, bM, false);
    case OP_SUB: return add(cw, aSe, aM, bSe, bM, true);
    case OP_SUBR: return add(cw, bSe, bM, aSe, aM, true);
    case OP_MUL: return mul(cw, aSe, aM, bSe, bM);
    case OP_DIV: return div(cw, aSe, aM, bSe, bM);
    default: return div(cw, bSe, bM, aSe, aM);
  }
}

/**
 * The two-operand forms: ST(0) op m32/m64/m16int/m32int, ST(0) op ST(i), ST(i) op ST(0) (and pop).
 * For FSUBR/FDIVR the operands swap: the destination is the subtrahend / divisor.
 */
export function arith(cpu: CpuCore, d: DecodedInsn, op: number, popAfter: boolean, intOperand: boolean): void {
  enter(cpu, d, true, false);
  const f = cpu.fpu;
  let dst = 0, bSe: number, bM: bigint, memFl = 0;
  if (d.k0 === K_MEM) {
    const la = cpu.ea(d);
    if (intOperand) V.fromInt(BigInt(d.s0 === 2 ? (cpu.rd16(la) << 16) >> 16 : cpu.rd32(la) | 0));
    else if (d.s0 === 4) memFl = V.fromF32(cpu.rd32(la), true);
    else { const lo = cpu.rd64(la); memFl = V.fromF64(lo, cpu.hi, true); }
    bSe = F.pse; bM = F.pm;
    if (isEmpty(f, 0)) { stackUnderflow(cpu, 0, false); return; }
  } else {
    dst = d.r0;
    const src = d.r1;
    if (isEmpty(f, dst) || isEmpty(f, src)) { stackUnderflow(cpu, dst, popAfter); return; }
    bSe = seOf(f, src); bM = mOf(f, src);
  }
  const aSe = seOf(f, dst), aM = mOf(f, dst);
  let fl = binary(op, f.fpCw, aSe, aM, bSe, bM);
  if (memFl & DE) {
    // A denormal single/double operand: DE ranks below invalid operations, NaN operands and #Z.
    const ca = classify(aSe, aM);
    if (ca !== UNSUPPORTED && !isNan(ca) && !isNan(classify(bSe, bM)) && !(fl & (IE | ZE))) fl = f.fpCw & DE ? fl | DE : DE | NO_RESULT;
  }
  if (fl & NO_RESULT) { report(f, fl); return; }
  writeSt(f, dst, F.pse, F.pm);
  if (popAfter) pop(f);
  report(f, fl);
}

/** An empty operand register: IE|SF, and (masked) the indefinite in the destination. */
function stackUnderflow(cpu: CpuCore, dst: number, popAfter: boolean): void {
  const f = cpu.fpu, fl = underflow(f);
  if (!(fl & NO_RESULT)) {
    writeSt(f, dst, INDEF_SE, INDEF_M);
    if (popAfter) pop(f);
  }
  report(f, fl);
}

/** One-operand operations on ST(0): the handler gets se/m and leaves the result in pse/pm. */
export function unary(cpu: CpuCore, d: DecodedInsn, fn: (cw: number, se: number, m: bigint) => number): void {
  enter(cpu, d, true, false);
  const f = cpu.fpu;
  if (isEmpty(f, 0)) { stackUnderflow(cpu, 0, false); return; }
  const fl = fn(f.fpCw, seOf(f, 0), mOf(f, 0));
  if (fl & NO_RESULT) { report(f, fl); return; }
  writeSt(f, 0, F.pse, F.pm);
  report(f, fl);
}

export const fsqrt = (cpu: CpuCore, d: DecodedInsn): void => unary(cpu, d, sqrt);
export const fabs = (cpu: CpuCore, d: DecodedInsn): void => unary(cpu, d, (_cw, se, m) => { F.setPacked(se & 0x7fff, m); return 0; });
export const fchs = (cpu: CpuCore, d: DecodedInsn): void => unary(cpu, d, (_cw, se, m) => { F.setPacked(se ^ 0x8000, m); return 0; });
