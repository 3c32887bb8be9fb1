// The x87 group's rows of the instruction table (one per instruction; handlers in this directory).
import { Mnemonic } from '../../../x86/icedModule.js';
import type { DecodedInsn } from '../../decodedInsn.js';
import type { CostClass } from '../../types.js';
import type { Handler, OpRow } from '../opRow.js';
import { arith, fabs, fchs, fsqrt, OP_ADD, OP_DIV, OP_DIVR, OP_MUL, OP_SUB, OP_SUBR } from './x87Arith.js';
import { fcom, fcomi, fxam } from './x87Compare.js';
import { fldcw, fnclex, fninit, fnop, fnsave, fnstcw, fnstenv, fnstsw, frstor, fwait, fldenv } from './x87Control.js';
import { fbld, fbstp, fcmov, ffree, fild, fincdec, fist, fld, fldConst, fst, fxch } from './x87Moves.js';
import { K_L2E, K_L2T, K_LG2, K_LN2, K_PI } from './x87Constants.js';
import { X87_MORE_ROWS } from './x87RowsMore.js';

const CF = 0x01, PF = 0x04, ZF = 0x40;

function row(name: string, m: Mnemonic, handler: Handler, cls: OpRow['cls'], extra: Partial<OpRow> = {}): OpRow {
  return { name, mnemonics: [m], handler, cls, jit: true, flagsRead: 0, flagsWritten: 0, feature: 'fpu', ...extra };
}

/** Load/store forms: 'x87' between registers, fpCvt for conversions from/to memory formats. */
const moveCls = (d: DecodedInsn): CostClass => (d.k0 === 2 /* K_MEM */ && d.s0 !== 10 ? 'fpCvt' : 'x87');

const ARITH: [string, Mnemonic, number, boolean, boolean, CostClass][] = [
  ['FADD', Mnemonic.Fadd, OP_ADD, false, false, 'fpAdd'], ['FADDP', Mnemonic.Faddp, OP_ADD, true, false, 'fpAdd'], ['FIADD', Mnemonic.Fiadd, OP_ADD, false, true, 'fpAdd'],
  ['FSUB', Mnemonic.Fsub, OP_SUB, false, false, 'fpAdd'], ['FSUBP', Mnemonic.Fsubp, OP_SUB, true, false, 'fpAdd'], ['FISUB', Mnemonic.Fisub, OP_SUB, false, true, 'fpAdd'],
  ['FSUBR', Mnemonic.Fsubr, OP_SUBR, false, false, 'fpAdd'], ['FSUBRP', Mnemonic.Fsubrp, OP_SUBR, true, false, 'fpAdd'], ['FISUBR', Mnemonic.Fisubr, OP_SUBR, false, true, 'fpAdd'],
  ['FMUL', Mnemonic.Fmul, OP_MUL, false, false, 'fpMul'], ['FMULP', Mnemonic.Fmulp, OP_MUL, true, false, 'fpMul'], ['FIMUL', Mnemonic.Fimul, OP_MUL, false, true, 'fpMul'],
  ['FDIV', Mnemonic.Fdiv, OP_DIV, false, false, 'fpDiv'], ['FDIVP', Mnemonic.Fdivp, OP_DIV, true, false, 'fpDiv'], ['FIDIV', Mnemonic.Fidiv, OP_DIV, false, true, 'fpDiv'],
  ['FDIVR', Mnemonic.Fdivr, OP_DIVR, false, false, 'fpDiv'], ['FDIVRP', Mnemonic.Fdivrp, OP_DIVR, true, false, 'fpDiv'], ['FIDIVR', Mnemonic.Fidivr, OP_DIVR, false, true, 'fpDiv'],
];

// FCMOVcc conditions over RFLAGS (CF, ZF, PF).
const FCMOV: [string, Mnemonic, (f: number) => boolean][] = [
  ['FCMOVB', Mnemonic.Fcmovb, (f) => (f & CF) !== 0], ['FCMOVNB', Mnemonic.Fcmovnb, (f) => (f & CF) === 0],
  ['FCMOVE', Mnemonic.Fcmove, (f) => (f & ZF) !== 0], ['FCMOVNE', Mnemonic.Fcmovne, (f) => (f & ZF) === 0],
  ['FCMOVBE', Mnemonic.Fcmovbe, (f) => (f & (CF | ZF)) !== 0], ['FCMOVNBE', Mnemonic.Fcmovnbe, (f) => (f & (CF | ZF)) === 0],
  ['FCMOVU', Mnemonic.Fcmovu, (f) => (f & PF) !== 0], ['FCMOVNU', Mnemonic.Fcmovnu, (f) => (f & PF) === 0],
];

export const X87_ROWS: readonly OpRow[] = [
  row('FLD', Mnemonic.Fld, fld, moveCls),
  row('FST', Mnemonic.Fst, (c, d) => fst(c, d, false), moveCls),
  row('FSTP', Mnemonic.Fstp, (c, d) => fst(c, d, true), moveCls),
  row('FILD', Mnemonic.Fild, fild, 'fpCvt'),
  row('FIST', Mnemonic.Fist, (c, d) => fist(c, d, false, false), 'fpCvt'),
  row('FISTP', Mnemonic.Fistp, (c, d) => fist(c, d, true, false), 'fpCvt'),
  row('FISTTP', Mnemonic.Fisttp, (c, d) => fist(c, d, true, true), 'fpCvt', { feature: 'pni' }),
  row('FBLD', Mnemonic.Fbld, fbld, 'fpCvt'),
  row('FBSTP', Mnemonic.Fbstp, fbstp, 'fpCvt'),
  row('FXCH', Mnemonic.Fxch, fxch, 'x87'),
  ...FCMOV.map(([n, m, t]) => row(n, m, (c, d) => fcmov(c, d, t), 'x87', { flagsRead: CF | ZF | PF, feature: 'cmov' })),
  row('FLDZ', Mnemonic.Fldz, (c, d) => fldConst(c, d, -1), 'x87'),
  row('FLD1', Mnemonic.Fld1, (c, d) => fldConst(c, d, -2), 'x87'),
  row('FLDPI', Mnemonic.Fldpi, (c, d) => fldConst(c, d, K_PI), 'x87'),
  row('FLDL2E', Mnemonic.Fldl2e, (c, d) => fldConst(c, d, K_L2E), 'x87'),
  row('FLDL2T', Mnemonic.Fldl2t, (c, d) => fldConst(c, d, K_L2T), 'x87'),
  row('FLDLG2', Mnemonic.Fldlg2, (c, d) => fldConst(c, d, K_LG2), 'x87'),
  row('FLDLN2', Mnemonic.Fldln2, (c, d) => fldConst(c, d, K_LN2), 'x87'),
  row('FFREE', Mnemonic.Ffree, (c, d) => ffree(c, d, false), 'x87'),
  row('FFREEP', Mnemonic.Ffreep, (c, d) => ffree(c, d, true), 'x87'),
  row('FINCSTP', Mnemonic.Fincstp, (c, d) => fincdec(c, d, 1), 'x87'),
  row('FDECSTP', Mnemonic.Fdecstp, (c, d) => fincdec(c, d, -1), 'x87'),
  ...ARITH.map(([n, m, op, p, i, cls]) => row(n, m, (c, d) => arith(c, d, op, p, i), cls)),
  row('FSQRT', Mnemonic.Fsqrt, fsqrt, 'fpSqrt'),
  row('FABS', Mnemonic.Fabs, fabs, 'x87'),
  row('FCHS', Mnemonic.Fchs, fchs, 'x87'),
  row('FCOM', Mnemonic.Fcom, (c, d) => fcom(c, d, false, 0, 'float'), 'x87'),
  row('FCOMP', Mnemonic.Fcomp, (c, d) => fcom(c, d, false, 1, 'float'), 'x87'),
  row('FCOMPP', Mnemonic.Fcompp, (c, d) => fcom(c, d, false, 2, 'float'), 'x87'),
  row('FUCOM', Mnemonic.Fucom, (c, d) => fcom(c, d, true, 0, 'float'), 'x87'),
  row('FUCOMP', Mnemonic.Fucomp, (c, d) => fcom(c, d, true, 1, 'float'), 'x87'),
  row('FUCOMPP', Mnemonic.Fucompp, (c, d) => fcom(c, d, true, 2, 'float'), 'x87'),
  row('FICOM', Mnemonic.Ficom, (c, d) => fcom(c, d, false, 0, 'int'), 'x87'),
  row('FICOMP', Mnemonic.Ficomp, (c, d) => fcom(c, d, false, 1, 'int'), 'x87'),
  row('FTST', Mnemonic.Ftst, (c, d) => fcom(c, d, false, 0, 'zero'), 'x87'),
  row('FCOMI', Mnemonic.Fcomi, (c, d) => fcomi(c, d, false, false), 'x87', { flagsWritten: 0x8d5 }),
  row('FCOMIP', Mnemonic.Fcomip, (c, d) => fcomi(c, d, false, true), 'x87', { flagsWritten: 0x8d5 }),
  row('FUCOMI', Mnemonic.Fucomi, (c, d) => fcomi(c, d, true, false), 'x87', { flagsWritten: 0x8d5 }),
  row('FUCOMIP', Mnemonic.Fucomip, (c, d) => fcomi(c, d, true, true), 'x87', { flagsWritten: 0x8d5 }),
  row('FXAM', Mnemonic.Fxam, fxam, 'x87'),
  row('FNSTCW', Mnemonic.Fnstcw, fnstcw, 'x87'),
  row('FLDCW', Mnemonic.Fldcw, fldcw, 'x87'),
  row('FNSTSW', Mnemonic.Fnstsw, fnstsw, 'x87'),
  row('FNCLEX', Mnemonic.Fnclex, fnclex, 'x87'),
  row('FNINIT', Mnemonic.Fninit, fninit, 'x87'),
  row('FWAIT', Mnemonic.Wait, fwait, 'x87'),
  row('FNOP', Mnemonic.Fnop, fnop, 'x87'),
  row('FNSTENV', Mnemonic.Fnstenv, fnstenv, 'fpState'),
  row('FLDENV', Mnemonic.Fldenv, fldenv, 'fpState'),
  row('FNSAVE', Mnemonic.Fnsave, fnsave, 'fpState'),
  row('FRSTOR', Mnemonic.Frstor, frstor, 'fpState'),
  ...X87_MORE_ROWS,
];
