// as's shorthand and implicit operand forms, rewritten (in AT&T order) to the explicit operands the
// instruction tables match: x87 %st defaults and the fsub/fsubr swap, in/out accumulators, cmpltps
// predicates, blendv's and sha256rnds2's %xmm0, monitor's registers, aam's 10, and the register widths as picks.
import { errorAt, type SourcePos } from './AsmError.js';
import type { Expr } from './expression.js';
import type { MnemonicSpec } from './mnemonics.js';
import type { CodeInfo } from './opcodeTable.js';
import type { Operand } from './operand.js';
import { gprOfSize, lookupRegister, type RegInfo } from './registers.js';

export interface OperandForm {
  spec: MnemonicSpec;
  ops: Operand[];
  /** Only the codes whose iced name matches (e.g. monitor's address size). */
  codeName?: RegExp;
}

type RegOperand = Extract<Operand, { kind: 'reg' }>;

const reg = (name: string, col: number): RegOperand => ({ kind: 'reg', reg: lookupRegister(name)!, col, indirect: false });
const imm = (v: bigint, col: number): Operand => ({ kind: 'imm', expr: { k: 'num', v } as Expr, col });
const isReg = (o: Operand | undefined, cls: RegInfo['cls']): o is RegOperand => o?.kind === 'reg' && o.reg.cls === cls;
const stNumber = (o: RegOperand): number => (o.reg.name === 'st' ? 0 : Number(o.reg.name[3]));

const X87_ARITH = new Set(['Fadd', 'Fsub', 'Fsubr', 'Fmul', 'Fdiv', 'Fdivr']);
// Without operands these mean `%st(1), %st`; with one register, `%st(i), %st`.
const X87_ST1 = new Set(['Fxch', 'Fcom', 'Fcomp', 'Fucom', 'Fucomp', 'Fcomi', 'Fcomip', 'Fucomi', 'Fucomip']);
// AT&T's (SYSV386) naming: with %st(i) as destination, fsub is Intel's fsubr and so on.
const SWAPPED: Record<string, string> = { Fsub: 'Fsubr', Fsubr: 'Fsub', Fdiv: 'Fdivr', Fdivr: 'Fdiv', Fsubp: 'Fsubrp', Fsubrp: 'Fsubp', Fdivp: 'Fdivrp', Fdivrp: 'Fdivp' };

function x87Form(spec: MnemonicSpec, ops: Operand[], col: number): OperandForm {
  const intel = spec.intel[0]!;
  const stOnly = ops.every((o) => isReg(o, 'st'));
  const pop = /^F(add|sub|subr|mul|div|divr)p$/.test(intel);
  let name = intel;
  let out = ops;
  if (stOnly && X87_ARITH.has(intel) && ops.length === 0) {
    name = `${intel}p`; // as: `fadd` is `faddp %st,%st(1)` (it warns "translating to")
    out = [reg('st', col), reg('st(1)', col)];
  } else if (stOnly && X87_ARITH.has(intel) && ops.length === 1) out = [ops[0]!, reg('st', col)];
  else if (stOnly && pop && ops.length === 0) out = [reg('st', col), reg('st(1)', col)];
  else if (stOnly && pop && ops.length === 1) out = [reg('st', col), ops[0]!];
  else if (stOnly && (X87_ST1.has(intel) || intel.startsWith('Fcmov')) && ops.length === 0) out = [reg('st(1)', col), reg('st', col)];
  else if (stOnly && (X87_ST1.has(intel) || intel.startsWith('Fcmov')) && ops.length === 1) out = [ops[0]!, reg('st', col)];
  else if ((intel === 'Fnstsw' || intel === 'Fstsw') && ops.length === 0) out = [reg('ax', col)];
  const dest = out[out.length - 1];
  if (SWAPPED[name] !== undefined && out.length === 2 && isReg(dest, 'st') && (name.endsWith('p') || stNumber(dest) !== 0)) name = SWAPPED[name]!;
  if (spec.x87 === 'q' && (name === 'Fxsave' || name === 'Fxrstor')) name = `${name}64`;
  return { spec: name === intel ? spec : { ...spec, intel: [name] }, ops: out };
}

/** Keep the x87 memory forms of the size the suffix names (flds m32fp, fildll m64int, fnstenvs m14byte). */
export function x87MemoryCodes(cands: CodeInfo[], suffix: string, mnemonic: string, pos: SourcePos, col: number): CodeInfo[] {
  const fits = (ci: CodeInfo): boolean => {
    const m = /_m(\d+)(fp|int|bcd|byte)$/.exec(ci.name);
    if (!m) return false;
    const size = Number(m[1]);
    switch (m[2]) {
      case 'fp': return size === ({ '': 32, s: 32, l: 64, t: 80 } as Record<string, number>)[suffix];
      case 'int': return size === ({ '': 16, s: 16, l: 32, ll: 64, q: 64 } as Record<string, number>)[suffix];
      case 'byte': return size === 14 || size === 94 ? suffix === 's' : size === 28 || size === 108 ? suffix === '' || suffix === 'l' : size === 512 ? suffix === '' || suffix === 'q' : suffix === '';
      default: return suffix === '';
    }
  };
  const out = cands.filter(fits);
  if (out.length === 0) throw errorAt(pos, `invalid instruction suffix for '${mnemonic}'`, col);
  return out;
}

const IN_OUT_ACC: Record<number, string> = { 8: 'al', 16: 'ax', 32: 'eax' };
// as ignores the width of these destination registers: %rcx gets the 32-bit form (no REX.W).
const NARROW_DEST = new Set(['Movmskps', 'Movmskpd', 'Pmovmskb', 'Sldt', 'Str']);

/** The explicit operands (AT&T order) for as's shorthand forms of one instruction. */
export function asOperandForm(spec: MnemonicSpec, ops0: Operand[], bits: number, pos: SourcePos, mcol: number): OperandForm {
  const intel = spec.intel[0];
  let ops = ops0;
  if (spec.x87 !== undefined) return x87Form(spec, ops, mcol);
  if (spec.cmpPredicate !== undefined) return { spec, ops: [imm(BigInt(spec.cmpPredicate), mcol), ...ops] };
  const fail = (msg: string, col = mcol): never => {
    throw errorAt(pos, msg, col);
  };
  switch (intel) {
    case 'In': case 'Out':
      if (ops.length === 1 && spec.size !== null && IN_OUT_ACC[spec.size]) {
        const acc = reg(IN_OUT_ACC[spec.size]!, mcol);
        ops = intel === 'In' ? [ops[0]!, acc] : [acc, ops[0]!];
      }
      break;
    case 'Aam': case 'Aad':
      if (ops.length === 0) ops = [imm(10n, mcol)];
      break;
    case 'Blendvps': case 'Blendvpd': case 'Pblendvb': case 'Sha256rnds2':
      if (ops.length === 3) {
        if (!(isReg(ops[0], 'xmm') && ops[0].reg.name === 'xmm0')) fail(`the first operand of '${intel.toLowerCase()}' must be %xmm0`, ops[0]!.col);
        ops = ops.slice(1);
      }
      break;
    case 'Monitor': case 'Mwait': {
      if (ops.length === 0) break;
      const want = intel === 'Monitor' ? ['ax', 'ecx', 'edx'] : ['eax', 'ecx'];
      if (ops.length !== want.length) fail(`bad operand combination for '${intel.toLowerCase()}'`);
      ops.forEach((o, i) => {
        const ok = o.kind === 'reg' && (i === 0 && intel === 'Monitor' ? /^[re]?ax$/.test(o.reg.name) : o.reg.name === want[i]);
        if (!ok) fail(`bad register for '${intel.toLowerCase()}' (expected %${i === 0 && intel === 'Monitor' ? (bits === 64 ? 'rax' : 'eax') : want[i]})`, o.col);
      });
      if (intel === 'Mwait') return { spec, ops: [] };
      const size = (ops[0] as RegOperand).reg.size;
      return { spec, ops: [], codeName: new RegExp(`^Monitor${size === 64 ? 'q' : size === 32 ? 'd' : 'w'}$`) };
    }
    case 'Lar': case 'Lsl': {
      // A 16-bit selector register is read as the destination's width (lar %cx,%r15d is 0f 02 with %ecx).
      const [src, dst] = ops;
      if (ops.length === 2 && isReg(src, 'gpr') && isReg(dst, 'gpr') && src.reg.size === 16 && dst.reg.size > 16)
        ops = [{ ...src, reg: gprOfSize(src.reg, dst.reg.size) }, dst];
      break;
    }
    case 'Movd':
      // movd with a 64-bit general register is movq.
      if (ops.some((o) => isReg(o, 'gpr') && o.reg.size === 64)) return { spec: { ...spec, intel: ['Movq'] }, ops };
      break;
    case 'Crc32':
      if (spec.srcSize === undefined && isReg(ops[0], 'gpr')) return { spec: { ...spec, srcSize: ops[0].reg.size }, ops };
      break;
    default:
      if (intel !== undefined && NARROW_DEST.has(intel)) {
        const last = ops[ops.length - 1];
        if (isReg(last, 'gpr') && last.reg.size === 64) ops = [...ops.slice(0, -1), { ...last, reg: gprOfSize(last.reg, 32) }];
      }
  }
  return { spec, ops };
}
