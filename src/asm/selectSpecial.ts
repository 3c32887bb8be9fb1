// Instructions iced builds from helpers rather than from operand kinds: string and I/O string
// instructions, xlat (its memory operand is [rBX + AL]), maskmovq/maskmovdqu, and far jumps and calls.
import iced from '../x86/icedModule.js';
import { errorAt } from './AsmError.js';
import { applyPrefixes, encodeIced } from './buildIcedInstruction.js';
import { encodePlaceholder, isSymbolic, matchCandidate } from './matchOperands.js';
import { candidates } from './opcodeTable.js';
import type { Operand } from './operand.js';
import type { ConstEval, FinalEval, InsnPlan, InsnStatement, PlanOp } from './plan.js';

const { Code, Instruction, MemoryOperand, Register, RepPrefixKind } = iced;

export function selectString(st: InsnStatement, bits: 32 | 64): InsnPlan {
  const op = st.spec.stringOp!;
  const size = st.spec.size!;
  if (size === 64 && bits === 32) throw errorAt(st.pos, `invalid instruction '${st.mnemonic}' in 32-bit code`, st.mcol);
  let seg: number = Register.None;
  let addr: number = bits;
  for (const o of st.ops) {
    if (o.kind !== 'mem') {
      if (o.kind === 'reg' && o.reg.cls === 'gpr' && o.reg.size === size) continue; // e.g. stos %eax,%es:(%edi)
      if (o.kind === 'reg' && o.reg.name === 'dx' && (op === 'ins' || op === 'outs')) continue; // insb (%dx),%es:(%edi)
      throw errorAt(st.pos, `bad operand for '${st.mnemonic}'`, o.col);
    }
    if (o.base) addr = o.base.size;
    if (o.seg && (op === 'xlat' ? o.seg.name !== 'ds' : o.seg.name !== 'es' && o.seg.name !== 'ds')) seg = o.seg.reg;
  }
  const rep = st.prefixes.rep === 'repne' ? RepPrefixKind.Repne : st.prefixes.rep ? RepPrefixKind.Repe : RepPrefixKind.None;
  const S = { 8: 'b', 16: 'w', 32: 'd', 64: 'q' }[size] as 'b' | 'w' | 'd' | 'q';
  const I = Instruction as any;
  const nm = op[0]!.toUpperCase() + op.slice(1) + S;
  const build = (): InstanceType<typeof Instruction> => {
    if (op === 'xlat') {
      const base = addr === 64 ? Register.RBX : addr === 32 ? Register.EBX : Register.BX;
      return Instruction.createMem(Code.Xlat_m8, new MemoryOperand(base, Register.AL, 1, 0n, 0, false, seg));
    }
    const ins = op === 'stos' || op === 'scas' || op === 'ins' ? I['create' + nm](addr, rep) : I['create' + nm](addr, seg, rep);
    if (st.prefixes.lock) ins.hasLockPrefix = true;
    return ins;
  };
  const bytes = encodeIced(bits, build(), 0n, st.prefixes.rex64);
  return { kind: 'insn', bits, code: 0, ops: [], prefixes: st.prefixes, size: bytes.length, bytes, pos: st.pos, col: st.mcol, stringBuild: build };
}

export function selectFar(st: InsnStatement, bits: 32 | 64, constEval: ConstEval): InsnPlan {
  const what = st.spec.intel[0] as 'Jmp' | 'Call';
  const fail = (msg: string, col: number): never => {
    throw errorAt(st.pos, msg, col);
  };
  if (st.spec.size === 64 || st.spec.size === 8) fail(`invalid instruction suffix for '${st.mnemonic}'`, st.mcol);
  const w = st.spec.size === 16;
  if (st.ops.length === 2 && st.ops[0]!.kind === 'imm' && st.ops[1]!.kind === 'imm') {
    if (bits === 64) fail(`'${st.mnemonic} $sel, $offset' is invalid in 64-bit code`, st.mcol);
    const code = (Code as unknown as Record<string, number>)[`${what}_ptr16${w ? '16' : '32'}`]!;
    const [selOp, offOp] = st.ops as [Extract<Operand, { kind: 'imm' }>, Extract<Operand, { kind: 'imm' }>];
    const selConst = constEval(selOp.expr);
    if (selConst !== null && (selConst < 0n || selConst > 0xffffn)) fail('value out of range', selOp.col);
    const plan: InsnPlan = {
      kind: 'insn', bits, code, ops: [], prefixes: st.prefixes, size: 0, bytes: null, pos: st.pos, col: st.mcol,
      far: { sel: selOp.expr, off: offOp.expr, selConst, offConst: constEval(offOp.expr) },
    };
    plan.size = encodeFar(plan, 0n, () => 0n).length;
    return plan;
  }
  if (st.ops.length === 1 && st.ops[0]!.kind === 'mem' && st.ops[0]!.indirect) {
    const ci = candidates(what).find((c) => c.name === `${what}_m16${w ? '16' : '32'}`)!;
    const r = matchCandidate(ci, st.ops, { bits, memSize: null, srcSize: undefined, movabs: false, constEval }, false);
    if (!Array.isArray(r)) fail(`bad operand for '${st.mnemonic}'`, st.ops[0]!.col);
    const ops = r as PlanOp[];
    const bytes = encodePlaceholder(bits, ci.code, ops, st.prefixes);
    if (!bytes) fail(`bad operand for '${st.mnemonic}'`, st.ops[0]!.col);
    return { kind: 'insn', bits, code: ci.code, ops, prefixes: st.prefixes, size: bytes!.length, bytes: isSymbolic(ops) ? null : bytes, pos: st.pos, col: st.mcol };
  }
  return fail(`bad operand for '${st.mnemonic}' (expected $selector, $offset or *memory)`, st.ops[0]?.col ?? st.mcol);
}

export function encodeFar(p: InsnPlan, ip: bigint, final: FinalEval): Uint8Array {
  const f = p.far!;
  const sel = Number(f.selConst ?? final(f.sel));
  const off = f.offConst ?? final(f.off);
  const ins = Instruction.createFarBranch(p.code, sel, Number(BigInt.asUintN(32, off)));
  applyPrefixes(ins, p.prefixes);
  return encodeIced(p.bits, ins, ip, p.prefixes.rex64);
}

/** maskmovq/maskmovdqu: the store through %ds:(%rdi) is implicit. */
export function selectMaskmov(st: InsnStatement, bits: 32 | 64): InsnPlan {
  const cls = st.spec.intel[0] === 'Maskmovq' ? 'mm' : 'xmm';
  const [mask, data] = st.ops;
  if (st.ops.length !== 2 || mask?.kind !== 'reg' || data?.kind !== 'reg' || mask.reg.cls !== cls || data.reg.cls !== cls)
    throw errorAt(st.pos, `bad operand combination for '${st.mnemonic}'`, st.ops[0]?.col ?? st.mcol);
  const build = (): InstanceType<typeof Instruction> =>
    cls === 'mm' ? Instruction.createMaskmovq(bits, data.reg.reg, mask.reg.reg, Register.None) : Instruction.createMaskmovdqu(bits, data.reg.reg, mask.reg.reg, Register.None);
  const bytes = encodeIced(bits, build(), 0n, st.prefixes.rex64);
  return { kind: 'insn', bits, code: 0, ops: [], prefixes: st.prefixes, size: bytes.length, bytes, pos: st.pos, col: st.mcol, stringBuild: build };
}
