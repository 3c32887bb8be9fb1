// Pick the encoding GNU as would pick for one AT&T instruction, among iced-x86's candidate codes.
import iced from '../x86/icedModule.js';
import { errorAt } from './AsmError.js';
import { applyPrefixes, createInstruction, encodeIced } from './buildIcedInstruction.js';
import type { Expr } from './expression.js';
import { linkTimeFits, SEX8, within8 } from './immediates.js';
import { encodePlaceholder, isSymbolic, matchCandidate, MEM_KINDS, resolveOps, type Fail, type MatchCtx } from './matchOperands.js';
import type { MnemonicSpec } from './mnemonics.js';
import { candidates, type CodeInfo } from './opcodeTable.js';
import type { MemOperand, Operand } from './operand.js';
import { asOperandForm, x87MemoryCodes } from './operandForms.js';
import type { BranchPlan, ConstEval, FinalEval, InsnPlan, InsnStatement, Plan, PlanOp } from './plan.js';
import type { RegInfo } from './registers.js';
import { encodeFar, selectFar, selectMaskmov, selectString } from './selectSpecial.js';

export type { BranchPlan, ConstEval, FinalEval, InsnPlan, InsnStatement, Plan, PlanOp } from './plan.js';

const { OpCodeOperandKind: K, Register } = iced;

const SIZE_NAME: Record<number, string> = { 8: 'b', 16: 'w', 32: 'l', 64: 'q' };
const SHIFTS = new Set(['Shl', 'Shr', 'Sar', 'Rol', 'Ror', 'Rcl', 'Rcr']);
const STACK_DEFAULT = new Set(['Push', 'Pop', 'Call', 'Jmp', 'Enter', 'Leave', 'Ret', 'Pushf', 'Popf', 'Pushfd', 'Popfd', 'Pushfq', 'Popfq']);
const SIZE_FREE_MEM = new Set(['Ltr', 'Lldt', 'Str', 'Sldt', 'Smsw', 'Lmsw', 'Verr', 'Verw']);

const REP_OK = new Set(['Ret', 'Nop', 'Bsf', 'Bsr']);
const candidateCache = new Map<string, CodeInfo[]>();

/** The codes of the mnemonic usable in this mode at this operand size (far forms are ljmp/lcall's). */
function filterCandidates(spec: MnemonicSpec, bits: number, memSize: number | null, special: boolean, sizeLocked: boolean): CodeInfo[] {
  const out: CodeInfo[] = [];
  for (const name of spec.intel) for (const ci of candidates(name)) {
    if (!(bits === 64 ? ci.mode64 : ci.mode32)) continue;
    if (ci.kinds.some((k) => k === K.farbr2_2 || k === K.farbr4_2) || /^(Jmp|Call)_m16/.test(ci.name)) continue;
    if (spec.size !== null && ci.opSize !== 0 && ci.opSize !== spec.size && !special) continue;
    if (spec.size === null && memSize !== null && ci.opSize !== 0 && ci.opSize !== memSize && !special && sizeLocked) continue;
    out.push(ci);
  }
  return out;
}
const shapeCache = new Map<string, { ci: CodeInfo; swapped: boolean }>();

function sizeClass(v: bigint | null): string {
  if (v === null) return 'u';
  const s = BigInt.asIntN(64, v);
  return s === 0n ? '0' : s === 1n ? '1' : within8(s) ? '8' : String(s); // exact beyond 8 bits: range checks differ
}

function shapeOf(o: Operand, constEval: ConstEval): string {
  if (o.kind === 'reg') return `r${o.reg.name}${o.indirect ? '*' : ''}`;
  if (o.kind === 'imm') return `i${sizeClass(constEval(o.expr))}`;
  const d = o.disp ? sizeClass(constEval(o.disp)) : 'n';
  return `m${o.base?.name ?? ''},${o.index?.name ?? ''},${o.scale},${o.seg?.name ?? ''},${d === '0' || d === '1' || d === '8' || d === 'u' || d === 'n' ? d : 'w'}${o.indirect ? '*' : ''}`;
}

/** Choose the encoding for one instruction statement. */
export function selectEncoding(st: InsnStatement, bits: 32 | 64, constEval0: ConstEval): Plan {
  const { pos } = st;
  const known = new Map<Expr, bigint | null>();
  const constEval: ConstEval = (e) => {
    let v = known.get(e);
    if (v === undefined) {
      v = constEval0(e);
      known.set(e, v);
    }
    return v;
  };
  const fail = (msg: string, col = st.mcol): never => {
    throw errorAt(pos, msg, col);
  };
  for (const op of st.ops) {
    const regs: [RegInfo | null, number][] =
      op.kind === 'reg' ? [[op.reg, op.col]] : op.kind === 'mem' ? [[op.base, op.col], [op.index, op.col], [op.seg, op.col]] : [];
    for (const [r, col] of regs) {
      if (r && bits === 32 && (r.rexOnly || (r.cls === 'gpr' && r.size === 64) || r.name === 'rip'))
        fail(`bad register name '%${r.name}' in 32-bit code`, col);
    }
  }
  // as takes rep/repne only on string instructions, ret, nop and bsf/bsr (rep bsf is tzcnt's encoding).
  if (st.prefixes.rep && !st.spec.stringOp && !REP_OK.has(st.spec.intel[0]!)) fail(`invalid instruction '${st.mnemonic}' after '${st.prefixes.repWord ?? st.prefixes.rep}'`);
  if (st.spec.fixed && st.ops.length === 0) {
    if (st.prefixes.lock) fail(`expecting lockable instruction after 'lock'`);
    const bytes = Uint8Array.from([...(st.prefixes.rep ? [st.prefixes.rep === 'repne' ? 0xf2 : 0xf3] : []), ...st.spec.fixed]);
    return { kind: 'insn', bits, code: 0, ops: [], prefixes: st.prefixes, size: bytes.length, bytes, pos, col: st.mcol };
  }
  if (st.spec.stringOp) return selectString(st, bits);
  if (st.spec.far) return selectFar(st, bits, constEval);
  if (st.spec.intel[0] === 'Maskmovq' || st.spec.intel[0] === 'Maskmovdqu') return selectMaskmov(st, bits);
  const form = asOperandForm(st.spec, st.ops, bits, pos, st.mcol);
  const { spec, ops: atOps } = form;
  const intel0 = spec.intel[0]!;
  if (intel0 === 'Int' && atOps.length === 1 && atOps[0]!.kind === 'imm' && constEval(atOps[0]!.expr) === 3n) {
    return { kind: 'insn', bits, code: 0, ops: [], prefixes: st.prefixes, size: 1, bytes: Uint8Array.of(0xcc), pos, col: st.mcol }; // as: int $3 -> int3
  }
  // Direct branch targets.
  if (spec.branch && atOps.length === 1 && atOps[0]!.kind === 'mem' && !atOps[0]!.indirect) {
    const m = atOps[0] as MemOperand;
    if (m.base || m.index || m.seg || !m.disp) fail(`bad operand for '${st.mnemonic}'`, m.col);
    return selectBranch(st, bits, m.disp!, m.col);
  }
  if (spec.branch && atOps.length === 1 && atOps[0]!.kind === 'imm') fail(`bad operand for '${st.mnemonic}'`, atOps[0]!.col);
  for (const op of atOps) if (op.kind !== 'imm' && op.indirect && intel0 !== 'Jmp' && intel0 !== 'Call') fail(`bad operand: '*' is only for jmp/call`, op.col);

  // AT&T -> Intel operand order, with as's shorthand forms.
  let ops = intel0 === 'Enter' || intel0 === 'Bound' ? [...atOps] : [...atOps].reverse(); // as keeps enter's and bound's Intel order
  if (intel0 === 'Imul' && ops.length === 2 && ops[1]!.kind === 'imm') ops = [ops[0]!, ops[0]!, ops[1]!];
  if ((intel0 === 'Shld' || intel0 === 'Shrd') && ops.length === 2) {
    ops = [...ops, { kind: 'reg', reg: { name: 'cl', reg: Register.CL, cls: 'gpr', size: 8, rexOnly: false, highByte: false }, col: st.mcol, indirect: false }];
  }

  // Operand size: the suffix, else the registers, else the stack width for stack instructions.
  const gprOps = atOps.filter((o): o is Extract<Operand, { kind: 'reg' }> => o.kind === 'reg' && o.reg.cls === 'gpr');
  const special = atOps.some((o) => o.kind === 'reg' && (o.reg.cls === 'seg' || o.reg.cls === 'cr' || o.reg.cls === 'dr'));
  const isShiftCount = (o: Operand, i: number): boolean =>
    o.kind === 'reg' && o.reg.name === 'cl' && ((SHIFTS.has(intel0) && i === 0 && atOps.length === 2) || ((intel0 === 'Shld' || intel0 === 'Shrd') && i === 0 && atOps.length === 3));
  const isPort = (o: Operand): boolean => o.kind === 'reg' && o.reg.name === 'dx' && (intel0 === 'In' || intel0 === 'Out');
  const sized = atOps.map((o, i) => ({ o, i })).filter(({ o, i }) => o.kind === 'reg' && o.reg.cls === 'gpr' && !isShiftCount(o, i) && !isPort(o));
  let memSize: number | null = spec.size;
  if (!special && spec.srcSize === undefined) {
    if (spec.size !== null) {
      for (const { o } of sized) {
        const r = (o as Extract<Operand, { kind: 'reg' }>).reg;
        if (r.size !== spec.size)
          fail(`operand size mismatch: '%${r.name}' is not a ${spec.size}-bit register (suffix '${SIZE_NAME[spec.size]}')`, o.col);
      }
    } else if (sized.length > 0) {
      const dest = sized[sized.length - 1]!.o as Extract<Operand, { kind: 'reg' }>;
      for (const { o } of sized) {
        const r = (o as Extract<Operand, { kind: 'reg' }>).reg;
        if (r.size !== dest.reg.size && !(intel0 === 'Movzx' || intel0 === 'Movsx'))
          fail(`operand size mismatch: '%${r.name}' and '%${dest.reg.name}' differ in size`, o.col);
      }
      memSize = dest.reg.size;
    }
  } else if (spec.srcSize !== undefined) {
    const dst = atOps[atOps.length - 1];
    if (spec.size !== null && dst?.kind === 'reg' && dst.reg.size !== spec.size)
      fail(`operand size mismatch: '%${dst.reg.name}' is not a ${spec.size}-bit register`, dst.col);
    const src = atOps[0];
    if (src?.kind === 'reg' && src.reg.size !== spec.srcSize && atOps.length === 2)
      fail(`operand size mismatch: '%${src.reg.name}' is not a ${spec.srcSize}-bit register`, src.col);
    if (spec.size === null && dst?.kind === 'reg') memSize = dst.reg.size;
  } else if (spec.size === null && gprOps.length > 0) {
    memSize = gprOps[gprOps.length - 1]!.reg.size;
  }
  const stackDefault = spec.size === null && gprOps.length === 0 && STACK_DEFAULT.has(intel0) && !special;
  if (stackDefault) memSize = bits;
  const default32 = spec.size === null && gprOps.length === 0 && (intel0 === 'Iret' || intel0 === 'Retf'); // as: iret/lret are 32-bit unless suffixed
  if (default32) memSize = 32;

  if (special) memSize = null; // segment/control register moves: memory of any size
  const ctx: MatchCtx = { bits, memSize, srcSize: spec.srcSize, movabs: !!spec.movabs, constEval };
  const sizeLocked = stackDefault || default32;
  const hasMem = atOps.some((o) => o.kind === 'mem');
  const candKey = `${spec.intel.join(',')}|${bits}|${spec.size}|${memSize}|${special}|${sizeLocked}|${spec.x87 !== undefined && hasMem ? spec.x87 : '-'}|${form.codeName ?? ''}|${hasMem}`;
  let cands = candidateCache.get(candKey);
  if (!cands) {
    cands = filterCandidates(spec, bits, memSize, special, sizeLocked);
    if (form.codeName) cands = cands.filter((ci) => form.codeName!.test(ci.name));
    if (spec.x87 !== undefined && hasMem) cands = x87MemoryCodes(cands, spec.x87, st.mnemonic, pos, st.mcol);
    // as gives movq with a memory operand the MMX/SSE forms (0f 7e/d6/6f/7f), never the REX.W GPR ones.
    if (spec.intel.includes('Movq') && hasMem) cands = cands.filter((ci) => !/^Movq_.*rm64/.test(ci.name));
    candidateCache.set(candKey, cands);
  }
  if (cands.length === 0) fail(atOps.length === 0 ? `invalid instruction '${st.mnemonic}' in ${bits}-bit code` : `bad operand size for '${st.mnemonic}'`);

  // Same mnemonic and operand shapes (registers, displacement and immediate size classes) choose the same code.
  const key = `${bits}|${st.mnemonic}|${st.prefixes.lock}|${st.prefixes.rep}|${st.prefixes.rex64}|${candKey}|${ops.map((o) => shapeOf(o, constEval)).join('|')}`;
  const hit = shapeCache.get(key);
  const checkLock = (ci: CodeInfo, order: Operand[]): void => {
    if (st.prefixes.lock && (!ci.lockable || order[0]?.kind !== 'mem')) fail(`'${st.mnemonic}' cannot take a lock prefix (it needs a lockable instruction with a memory destination)`);
  };
  if (hit) {
    const order = hit.swapped ? [ops[1]!, ops[0]!] : ops;
    checkLock(hit.ci, order);
    const r = matchCandidate(hit.ci, order, ctx, SHIFTS.has(intel0));
    if (Array.isArray(r)) {
      const bytes = encodePlaceholder(bits, hit.ci.code, r, st.prefixes);
      if (bytes) {
        const symbolic = isSymbolic(r);
        return { kind: 'insn', bits, code: hit.ci.code, ops: r, prefixes: st.prefixes, size: bytes.length, bytes: symbolic ? null : bytes, pos, col: st.mcol };
      }
    }
  }

  interface Match { ci: CodeInfo; ops: PlanOp[]; bytes: Uint8Array; swapped: boolean }
  const matches: Match[] = [];
  let rangeFail: Fail | null = null;
  const structSizes = new Set<number>(); // operand sizes that fit the operands' shapes (values aside)
  const orders: [Operand[], boolean][] = [[ops, false]];
  if ((intel0 === 'Test' || intel0 === 'Xchg') && ops.length === 2) orders.push([[ops[1]!, ops[0]!], true]);
  for (const [order, swapped] of orders) {
    if (swapped && matches.length > 0 && intel0 === 'Test') break;
    for (const ci of cands) {
      if (intel0 === 'Xchg' && bits === 64 && ci.kinds[1] === K.eax && order[0]?.kind === 'reg' && order[0].reg.name === 'eax') continue;
      const r = matchCandidate(ci, order, ctx, SHIFTS.has(intel0));
      if (!Array.isArray(r)) {
        if (r.why === 'range') {
          rangeFail = r;
          if (ci.kinds.some((k) => MEM_KINDS.has(k))) structSizes.add(ci.opSize);
        }
        continue;
      }
      const bytes = encodePlaceholder(bits, ci.code, r, st.prefixes);
      if (bytes) matches.push({ ci, ops: r, bytes, swapped });
      if (bytes && ci.kinds.some((k) => MEM_KINDS.has(k))) structSizes.add(ci.opSize);
    }
  }
  // No suffix, no register, a memory operand of several possible sizes: as warns and uses 'l'.
  if (memSize === null && !special && !SIZE_FREE_MEM.has(intel0) && structSizes.size > 1 && atOps.some((o) => o.kind === 'mem')) {
    // The default comes too late for as to fold 0xffffffff to -1: imm8 forms need the raw value to fit.
    // (In 32-bit code it still folds: there values are 32-bit already.)
    const rawFits = (m: Match): boolean =>
      bits === 32 || m.ops.every((o) => o.t !== 'I' || o.value === null || !SEX8.has(o.kind) || within8(BigInt.asIntN(64, o.value)));
    const sized = matches.filter((m) => (!m.ci.kinds.some((k) => MEM_KINDS.has(k)) || m.ci.opSize === 32) && rawFits(m));
    matches.length = 0;
    matches.push(...sized);
  }
  if (matches.length === 0) {
    if (rangeFail && rangeFail.why === 'range') fail('value out of range', rangeFail.col);
    fail(`bad operand combination for '${st.mnemonic}'`, atOps[0]?.col ?? st.mcol);
  }
  // Shortest; on a tie prefer as's "store" form (r/m destination) for reg,reg, then unswapped, then table order.
  let best = matches[0]!;
  const hasSex8 = (m: Match): boolean => m.ci.kinds.some((k) => k === K.imm8sex16 || k === K.imm8sex32 || k === K.imm8sex64);
  const storeForm = (m: Match): boolean => MEM_KINDS.has(m.ci.kinds[0]!) || m.ci.kinds[0] === K.r32_rm || m.ci.kinds[0] === K.r64_rm;
  for (const m of matches.slice(1)) {
    if (m.bytes.length < best.bytes.length) best = m;
    else if (m.bytes.length === best.bytes.length) {
      if (best.swapped && !m.swapped) best = m;
      else if (hasSex8(m) && !hasSex8(best)) best = m; // as's table lists the imm8 sign-extended form before the accumulator one
      else if (m.swapped === best.swapped && storeForm(m) && !storeForm(best) && ops.every((o) => o.kind === 'reg')) best = m;
    }
  }
  checkLock(best.ci, best.swapped ? [ops[1]!, ops[0]!] : ops);
  const symbolic = isSymbolic(best.ops);
  shapeCache.set(key, { ci: best.ci, swapped: best.swapped });
  return {
    kind: 'insn', bits, code: best.ci.code, ops: best.ops, prefixes: st.prefixes, size: best.bytes.length,
    bytes: symbolic ? null : best.bytes, pos, col: st.mcol,
  };
}

function selectBranch(st: InsnStatement, bits: 32 | 64, target: Expr, col: number): BranchPlan {
  let shortCode: number | null = null;
  let longCode: number | null = null;
  let shortSize = 0;
  let longSize = 0;
  const b1 = bits === 64 ? K.br64_1 : K.br32_1;
  const b4 = bits === 64 ? K.br64_4 : K.br32_4;
  for (const name of st.spec.intel) for (const ci of candidates(name)) {
    if (!(bits === 64 ? ci.mode64 : ci.mode32) || ci.kinds.length !== 1) continue;
    const k = ci.kinds[0];
    if (k !== b1 && k !== b4) continue;
    const ins = createInstruction(ci.code, [{ t: 'B', target: 0n }]);
    applyPrefixes(ins, st.prefixes);
    let len: number;
    try {
      len = encodeIced(bits, ins, 0n, st.prefixes.rex64).length;
    } catch {
      continue;
    }
    if (k === b1 && (shortCode === null || len < shortSize)) [shortCode, shortSize] = [ci.code, len];
    if (k === b4 && (longCode === null || len < longSize)) [longCode, longSize] = [ci.code, len];
  }
  if (shortCode === null && longCode === null) throw errorAt(st.pos, `bad operand for '${st.mnemonic}'`, col);
  return { kind: 'branch', bits, target, col, shortCode, longCode, shortSize, longSize, prefixes: st.prefixes, pos: st.pos };
}

/** Final bytes of a non-branch plan at address ip. */
export function encodePlan(p: InsnPlan, ip: bigint, final: FinalEval): Uint8Array {
  if (p.bytes) return p.bytes;
  if (p.far) return encodeFar(p, ip, final);
  const resolved = resolveOps(p.ops, final, ip, p.size);
  // Symbol values known only now must fit the field chosen for them (ld: "relocation truncated").
  p.ops.forEach((o, i) => {
    const r = resolved[i]!;
    if (o.t === 'I' && o.value === null && r.t === 'I' && !linkTimeFits(o.kind, r.v))
      throw errorAt(p.pos, `value 0x${BigInt.asUintN(64, r.v).toString(16)} out of range for the immediate`, o.col);
    if (o.t === 'M' && o.dispConst === null && o.m.base?.cls !== 'rip' && r.t === 'M' && o.addrBits === 64) {
      const d = BigInt.asIntN(64, r.mem.disp);
      if (d < -(1n << 31n) || d >= 1n << 31n) throw errorAt(p.pos, `address 0x${BigInt.asUintN(64, d).toString(16)} out of range for a 32-bit displacement`, o.m.col);
    }
  });
  let ins: ReturnType<typeof createInstruction>;
  try {
    ins = createInstruction(p.code, resolved);
  } catch {
    throw errorAt(p.pos, 'value out of range', p.col);
  }
  applyPrefixes(ins, p.prefixes);
  let out: Uint8Array;
  try {
    out = encodeIced(p.bits, ins, ip, p.prefixes.rex64);
  } catch (e) {
    throw errorAt(p.pos, `cannot encode: ${(e as Error).message}`, p.col);
  }
  if (out.length !== p.size) throw errorAt(p.pos, 'value out of range for the chosen encoding', p.col);
  return out;
}

/** Final bytes of a branch using the given code. */
export function encodeBranch(p: BranchPlan, code: number, ip: bigint, target: bigint): Uint8Array {
  const ins = createInstruction(code, [{ t: "B", target: BigInt.asUintN(p.bits, target) }]);
  applyPrefixes(ins, p.prefixes);
  try {
    return encodeIced(p.bits, ins, ip, p.prefixes.rex64);
  } catch {
    throw errorAt(p.pos, 'branch target out of range', p.col);
  }
}
