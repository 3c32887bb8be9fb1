// Pick the encoding GNU as would pick for one AT&T instruction, among iced-x86's candidate codes.
import iced from '../x86/icedModule.js';
import { errorAt, type SourcePos } from './AsmError.js';
import { applyPrefixes, createInstruction, encodeIced, type Prefixes, type ResolvedMem, type ResolvedOp } from './buildIcedInstruction.js';
import type { Expr } from './expression.js';
import type { MnemonicSpec } from './mnemonics.js';
import { candidates, gprSizeOfKind, type CodeInfo } from './opcodeTable.js';
import type { MemOperand, Operand } from './operand.js';
import { lookupRegister, type RegInfo } from './registers.js';

const { Code, Instruction, OpCodeOperandKind: K, Register, RepPrefixKind } = iced;

export interface InsnStatement {
  spec: MnemonicSpec;
  mnemonic: string;
  mcol: number;
  ops: Operand[];
  prefixes: Prefixes;
  pos: SourcePos;
}

/** Parse-time value of an expression, or null when it is not a constant yet. */
export type ConstEval = (e: Expr) => bigint | null;
/** Link-time value of an expression (throws AsmError for undefined symbols). */
export type FinalEval = (e: Expr) => bigint;

export type PlanOp =
  | { t: 'R'; reg: number }
  | { t: 'M'; m: MemOperand; dispConst: bigint | null; displSize: number; addrBits: number }
  | { t: 'I'; expr: Expr; value: bigint | null; kind: number; col: number };

/** A chosen non-branch encoding: the size is final; bytes are re-made at link time if symbolic. */
export interface InsnPlan {
  kind: 'insn';
  bits: number;
  code: number;
  ops: PlanOp[];
  prefixes: Prefixes;
  size: number;
  /** Bytes when they depend on neither symbols nor the address. */
  bytes: Uint8Array | null;
  pos: SourcePos;
  col: number;
  /** String instructions are built by iced helpers rather than from operands. */
  stringBuild?: () => InstanceType<typeof Instruction>;
  /** ljmp/lcall $sel, $offset: the selector and offset expressions. */
  far?: { sel: Expr; off: Expr; selConst: bigint | null; offConst: bigint | null };
}

/** A direct jmp/jcc/call/loop: short and/or long forms; the layout picks one. */
export interface BranchPlan {
  kind: 'branch';
  bits: number;
  target: Expr;
  col: number;
  shortCode: number | null;
  longCode: number | null;
  shortSize: number;
  longSize: number;
  prefixes: Prefixes;
  pos: SourcePos;
}

export type Plan = InsnPlan | BranchPlan;

const SIZE_NAME: Record<number, string> = { 8: 'b', 16: 'w', 32: 'l', 64: 'q' };
const SHIFTS = new Set(['Shl', 'Shr', 'Sar', 'Rol', 'Ror', 'Rcl', 'Rcr']);
const STACK_DEFAULT = new Set(['Push', 'Pop', 'Call', 'Jmp', 'Enter', 'Leave', 'Ret', 'Pushf', 'Popf', 'Pushfd', 'Popfd', 'Pushfq', 'Popfq']);
const SIZE_FREE_MEM = new Set(['Ltr', 'Lldt', 'Str', 'Sldt', 'Smsw', 'Lmsw', 'Verr', 'Verw']);

function regKindMatches(kind: number, r: RegInfo): boolean {
  switch (kind) {
    case K.al: return r.name === 'al';
    case K.cl: return r.name === 'cl';
    case K.ax: return r.name === 'ax';
    case K.dx: return r.name === 'dx';
    case K.eax: return r.name === 'eax';
    case K.rax: return r.name === 'rax';
    case K.es: case K.cs: case K.ss: case K.ds: case K.fs: case K.gs:
      return r.cls === 'seg' && r.name === K[kind];
    case K.seg_reg: return r.cls === 'seg';
    case K.xmm_reg: case K.xmm_rm: case K.xmm_or_mem: return r.cls === 'xmm';
    case K.mm_reg: case K.mm_rm: case K.mm_or_mem: return r.cls === 'mm';
    case K.cr_reg: return r.cls === 'cr';
    case K.dr_reg: return r.cls === 'dr';
    default: {
      const sz = gprSizeOfKind(kind);
      return sz !== 0 && r.cls === 'gpr' && r.size === sz;
    }
  }
}

const NARROW_TO_32 = /^(?:Mov_Sreg_r32m16|(Mov_r32m16_Sreg)|Ltr_r32m16|Lldt_r32m16|Verr_r32m16|Verw_r32m16|Lmsw_r32m16)$/;

function to32(r: RegInfo): RegInfo {
  const n = r.name;
  const name = /^r[0-9]+/.test(n) ? n.replace(/[wbld]?$/, '').replace(/$/, 'd') : 'e' + n.replace(/^[re]/, '');
  return lookupRegister(name) ?? r;
}

const MEM_KINDS = new Set<number>([K.r8_or_mem, K.r16_or_mem, K.r32_or_mem, K.r64_or_mem, K.r16_reg_mem, K.r32_reg_mem, K.r64_reg_mem]);

/**
 * GNU as first folds an immediate written unsigned into its negative form for the operand size
 * (0xffff -> -1 for 8/16-bit operations, 0xffffffff -> -1 up to 32-bit), then fits it.
 */
function normalizeImm(v: bigint, opSize: number): bigint {
  let n = BigInt.asIntN(64, v);
  if ((opSize === 8 || opSize === 16) && (n & ~0xffffn) === 0n) n = BigInt.asIntN(16, n);
  if (opSize >= 8 && opSize <= 32 && (n & ~0xffffffffn) === 0n) n = BigInt.asIntN(32, n);
  return n;
}

/** Does constant v fit immediate kind (for an instruction of operand size opSize)? Where as only warns that it truncates, we refuse. */
function immFits(kind: number, v: bigint, opSize: number): boolean {
  const s = normalizeImm(v, opSize);
  const inRange = (lo: bigint, hi: bigint) => s >= lo && s <= hi;
  switch (kind) {
    case K.imm8: return opSize === 8 ? inRange(-0xffn, 0xffn) : inRange(-128n, 255n);
    case K.imm8_const_1: return s === 1n;
    case K.imm8sex16: case K.imm8sex32: case K.imm8sex64: return within8(s);
    case K.imm16: return opSize === 16 ? inRange(-0xffffn, 0xffffn) : inRange(-32768n, 65535n);
    case K.imm32: return opSize === 32 ? inRange(-0xffffffffn, 0xffffffffn) : inRange(-(1n << 31n), 0xffffffffn);
    case K.imm32sex64: return inRange(-(1n << 31n), (1n << 31n) - 1n);
    case K.imm64: return true;
    default: return false;
  }
}
const within8 = (s: bigint): boolean => s >= -128n && s <= 127n;
const IMM_KINDS = new Set<number>([K.imm8, K.imm8_const_1, K.imm8sex16, K.imm8sex32, K.imm8sex64, K.imm16, K.imm32, K.imm32sex64, K.imm64]);
const SEX8 = new Set<number>([K.imm8sex16, K.imm8sex32, K.imm8sex64, K.imm8_const_1]);

interface MatchCtx {
  bits: number;
  memSize: number | null;
  srcSize: number | undefined;
  movabs: boolean;
  constEval: ConstEval;
}

type Fail = { why: 'range'; col: number } | { why: 'other' };

/** Try one candidate; returns Plan ops or a failure reason. */
function matchCandidate(ci: CodeInfo, ops: Operand[], ctx: MatchCtx, implicitOne: boolean): PlanOp[] | Fail {
  const kinds = ci.kinds;
  let n = ops.length;
  if (kinds.length !== n && !(implicitOne && kinds.length === n + 1 && kinds[n] === K.imm8_const_1)) return { why: 'other' };
  const out: PlanOp[] = [];
  let rangeFail: Fail | null = null;
  for (let i = 0; i < kinds.length; i++) {
    const kind = kinds[i]!;
    const op = ops[i];
    if (!op) {
      out.push({ t: 'I', expr: { k: 'num', v: 1n }, value: 1n, kind, col: 0 });
      continue;
    }
    if (op.kind === 'reg') {
      const narrow = NARROW_TO_32.exec(ci.name);
      if (narrow && kind === K.r32_or_mem && op.reg.cls === 'gpr' && (op.reg.size === 64 || (op.reg.size === 16 && !narrow[1]))) {
        // as encodes `mov %ax,%ds`, `movq %rax,%ds`, `lldt %ax` without operand-size prefixes.
        out.push({ t: 'R', reg: to32(op.reg).reg });
        continue;
      }
      if (!regKindMatches(kind, op.reg)) return { why: 'other' };
      if (ctx.srcSize !== undefined && i === 1 && op.reg.size !== ctx.srcSize) return { why: 'other' };
      out.push({ t: 'R', reg: op.reg.reg });
    } else if (op.kind === 'mem') {
      const noBase = !op.base && !op.index;
      if (kind === K.mem_offs) {
        if (!noBase || (ctx.bits === 64 && !ctx.movabs)) return { why: 'other' };
      } else if (ctx.movabs) return { why: 'other' };
      else if (kind === K.mem || kind === K.xmm_or_mem || kind === K.mm_or_mem) {
        /* any size */
      } else if (MEM_KINDS.has(kind)) {
        const want = ctx.srcSize !== undefined && i === 1 ? ctx.srcSize : ctx.memSize;
        if (want !== null && gprSizeOfKind(kind) !== want) return { why: 'other' };
      } else return { why: 'other' };
      out.push(memPlan(op, ctx, kind === K.mem_offs));
    } else {
      if (!IMM_KINDS.has(kind)) return { why: 'other' };
      if (ctx.movabs && kind !== K.imm64) return { why: 'other' };
      const value = ctx.constEval(op.expr);
      if (value === null) {
        if (SEX8.has(kind)) return { why: 'other' };
      } else if (!immFits(kind, value, ci.opSize)) {
        rangeFail = { why: 'range', col: op.col };
        continue;
      }
      out.push({ t: 'I', expr: op.expr, value, kind, col: op.col });
    }
  }
  return rangeFail ?? out;
}

function memPlan(m: MemOperand, ctx: MatchCtx, moffs: boolean): PlanOp {
  const addrBits = m.base ? (m.base.cls === 'rip' ? (m.base.name === 'eip' ? 32 : 64) : m.base.size) : m.index ? m.index.size : ctx.bits;
  const dispConst = m.disp ? ctx.constEval(m.disp) : 0n;
  const full = addrBits / 8;
  let displSize: number;
  if (moffs || (!m.base && !m.index) || m.base?.cls === 'rip') displSize = full;
  else if (dispConst === null) displSize = full;
  else if (dispConst === 0n) displSize = 0;
  else displSize = 1;
  return { t: 'M', m, dispConst, displSize, addrBits };
}

/** as drops an override naming the segment the address uses anyway (ss for %ebp/%esp bases, else ds). */
function isDefaultSegment(m: MemOperand): boolean {
  const ssBase = m.base !== null && ['ebp', 'esp', 'rbp', 'rsp'].includes(m.base.name);
  return m.seg?.name === (ssBase ? 'ss' : 'ds');
}

/** Resolve plan operands to concrete values (placeholders 0 for unknown symbols when final is null). */
export function resolveOps(ops: PlanOp[], final: FinalEval | null, ip = 0n, size = 0): ResolvedOp[] {
  return ops.map((o): ResolvedOp => {
    if (o.t === 'R') return o;
    if (o.t === 'I') return { t: 'I', v: o.value ?? (final ? final(o.expr) : 0n), kind: o.kind };
    const m = o.m;
    let disp = o.dispConst ?? (final && m.disp ? final(m.disp) : 0n);
    // A constant with %rip is the displacement itself; a symbol is the target address.
    if (m.base?.cls === 'rip' && o.dispConst !== null) disp = final ? ip + BigInt(size) + o.dispConst : 0n;
    if (o.addrBits === 32) disp = BigInt.asIntN(32, disp);
    else if (m.base?.cls !== 'rip') disp = BigInt.asIntN(64, disp);
    const mem: ResolvedMem = {
      base: m.base ? m.base.reg : Register.None,
      index: m.index ? m.index.reg : Register.None,
      scale: m.scale,
      disp: m.base?.cls === 'rip' ? BigInt.asUintN(64, disp) : disp,
      displSize: o.displSize,
      seg: m.seg && !isDefaultSegment(m) ? m.seg.reg : Register.None,
    };
    return { t: 'M', mem };
  });
}

function encodePlaceholder(bits: number, code: number, ops: PlanOp[], prefixes: Prefixes): Uint8Array | null {
  try {
    const ins = createInstruction(code, resolveOps(ops, null));
    applyPrefixes(ins, prefixes);
    return encodeIced(bits, ins, 0n);
  } catch {
    return null;
  }
}

function isSymbolic(ops: PlanOp[]): boolean {
  return ops.some((o) => (o.t === 'I' && o.value === null) || (o.t === 'M' && (o.dispConst === null || o.m.base?.cls === 'rip')));
}

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
  const { spec, pos } = st;
  const known = new Map<Expr, bigint | null>();
  const constEval: ConstEval = (e) => {
    let v = known.get(e);
    if (v === undefined) known.set(e, (v = constEval0(e)));
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
  if (spec.fixed && st.ops.length === 0) {
    return { kind: 'insn', bits, code: 0, ops: [], prefixes: st.prefixes, size: spec.fixed.length, bytes: Uint8Array.from(spec.fixed), pos, col: st.mcol };
  }
  if (spec.stringOp) return selectString(st, bits);
  if (spec.far) return selectFar(st, bits, constEval);
  const intel0 = spec.intel[0]!;
  if (intel0 === 'Int' && st.ops.length === 1 && st.ops[0]!.kind === 'imm' && constEval(st.ops[0]!.expr) === 3n) {
    return { kind: 'insn', bits, code: 0, ops: [], prefixes: st.prefixes, size: 1, bytes: Uint8Array.of(0xcc), pos, col: st.mcol }; // as: int $3 -> int3
  }
  // Direct branch targets.
  if (spec.branch && st.ops.length === 1 && st.ops[0]!.kind === 'mem' && !st.ops[0]!.indirect) {
    const m = st.ops[0] as MemOperand;
    if (m.base || m.index || m.seg || !m.disp) fail(`bad operand for '${st.mnemonic}'`, m.col);
    return selectBranch(st, bits, m.disp!, m.col);
  }
  if (spec.branch && st.ops.length === 1 && st.ops[0]!.kind === 'imm') fail(`bad operand for '${st.mnemonic}'`, st.ops[0]!.col);
  for (const op of st.ops) if (op.kind !== 'imm' && op.indirect && intel0 !== 'Jmp' && intel0 !== 'Call') fail(`bad operand: '*' is only for jmp/call`, op.col);

  // AT&T -> Intel operand order, with as's shorthand forms.
  let ops = intel0 === 'Enter' ? [...st.ops] : [...st.ops].reverse(); // as keeps enter's Intel order
  if (intel0 === 'Imul' && ops.length === 2 && ops[1]!.kind === 'imm') ops = [ops[0]!, ops[0]!, ops[1]!];
  if ((intel0 === 'Shld' || intel0 === 'Shrd') && ops.length === 2) {
    ops = [...ops, { kind: 'reg', reg: { name: 'cl', reg: Register.CL, cls: 'gpr', size: 8, rexOnly: false, highByte: false }, col: st.mcol, indirect: false }];
  }

  // Operand size: the suffix, else the registers, else the stack width for stack instructions.
  const gprOps = st.ops.filter((o): o is Extract<Operand, { kind: 'reg' }> => o.kind === 'reg' && o.reg.cls === 'gpr');
  const special = st.ops.some((o) => o.kind === 'reg' && (o.reg.cls === 'seg' || o.reg.cls === 'cr' || o.reg.cls === 'dr'));
  const isShiftCount = (o: Operand, i: number): boolean =>
    o.kind === 'reg' && o.reg.name === 'cl' && ((SHIFTS.has(intel0) && i === 0 && st.ops.length === 2) || ((intel0 === 'Shld' || intel0 === 'Shrd') && i === 0 && st.ops.length === 3));
  const isPort = (o: Operand): boolean => o.kind === 'reg' && o.reg.name === 'dx' && (intel0 === 'In' || intel0 === 'Out');
  const sized = st.ops.map((o, i) => ({ o, i })).filter(({ o, i }) => o.kind === 'reg' && o.reg.cls === 'gpr' && !isShiftCount(o, i) && !isPort(o));
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
    const dst = st.ops[st.ops.length - 1];
    if (spec.size !== null && dst?.kind === 'reg' && dst.reg.size !== spec.size)
      fail(`operand size mismatch: '%${dst.reg.name}' is not a ${spec.size}-bit register`, dst.col);
    const src = st.ops[0];
    if (src?.kind === 'reg' && src.reg.size !== spec.srcSize && st.ops.length === 2)
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
  const candKey = `${spec.intel.join(',')}|${bits}|${spec.size}|${memSize}|${special}|${sizeLocked}`;
  let cands = candidateCache.get(candKey);
  if (!cands) candidateCache.set(candKey, (cands = filterCandidates(spec, bits, memSize, special, sizeLocked)));
  if (cands.length === 0) fail(st.ops.length === 0 ? `invalid instruction '${st.mnemonic}' in ${bits}-bit code` : `bad operand size for '${st.mnemonic}'`);

  // Same mnemonic and operand shapes (registers, displacement and immediate size classes) choose the same code.
  const key = `${bits}|${st.mnemonic}|${st.prefixes.lock}|${st.prefixes.rep}|${candKey}|${ops.map((o) => shapeOf(o, constEval)).join('|')}`;
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
  if (memSize === null && !special && !SIZE_FREE_MEM.has(intel0) && structSizes.size > 1 && st.ops.some((o) => o.kind === 'mem')) {
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
    fail(`bad operand combination for '${st.mnemonic}'`, st.ops[0]?.col ?? st.mcol);
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
      len = encodeIced(bits, ins, 0n).length;
    } catch {
      continue;
    }
    if (k === b1 && (shortCode === null || len < shortSize)) [shortCode, shortSize] = [ci.code, len];
    if (k === b4 && (longCode === null || len < longSize)) [longCode, longSize] = [ci.code, len];
  }
  if (shortCode === null && longCode === null) throw errorAt(st.pos, `bad operand for '${st.mnemonic}'`, col);
  return { kind: 'branch', bits, target, col, shortCode, longCode, shortSize, longSize, prefixes: st.prefixes, pos: st.pos };
}

function selectString(st: InsnStatement, bits: 32 | 64): InsnPlan {
  const op = st.spec.stringOp!;
  const size = st.spec.size!;
  if (size === 64 && bits === 32) throw errorAt(st.pos, `invalid instruction '${st.mnemonic}' in 32-bit code`, st.mcol);
  let seg: number = Register.None;
  let addr: number = bits;
  for (const o of st.ops) {
    if (o.kind !== 'mem') {
      if (o.kind === 'reg' && o.reg.cls === 'gpr' && o.reg.size === size) continue; // e.g. stos %eax,%es:(%edi)
      throw errorAt(st.pos, `bad operand for '${st.mnemonic}'`, o.col);
    }
    if (o.base) addr = o.base.size;
    if (o.seg && o.seg.name !== 'es' && o.seg.name !== 'ds') seg = o.seg.reg;
  }
  const rep = st.prefixes.rep === 'repne' ? RepPrefixKind.Repne : st.prefixes.rep ? RepPrefixKind.Repe : RepPrefixKind.None;
  const S = { 8: 'b', 16: 'w', 32: 'd', 64: 'q' }[size] as 'b' | 'w' | 'd' | 'q';
  const I = Instruction as any;
  const nm = op[0]!.toUpperCase() + op.slice(1) + S;
  const build = (): InstanceType<typeof Instruction> => {
    const ins = op === 'stos' || op === 'scas' ? I['create' + nm](addr, rep) : I['create' + nm](addr, seg, rep);
    if (st.prefixes.lock) ins.hasLockPrefix = true;
    return ins;
  };
  const bytes = encodeIced(bits, build(), 0n);
  return { kind: 'insn', bits, code: 0, ops: [], prefixes: st.prefixes, size: bytes.length, bytes, pos: st.pos, col: st.mcol, stringBuild: build };
}

function selectFar(st: InsnStatement, bits: 32 | 64, constEval: ConstEval): InsnPlan {
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

function encodeFar(p: InsnPlan, ip: bigint, final: FinalEval): Uint8Array {
  const f = p.far!;
  const sel = Number(f.selConst ?? final(f.sel));
  const off = f.offConst ?? final(f.off);
  const ins = Instruction.createFarBranch(p.code, sel, Number(BigInt.asUintN(32, off)));
  applyPrefixes(ins, p.prefixes);
  return encodeIced(p.bits, ins, ip);
}

function linkTimeFits(kind: number, v: bigint): boolean {
  const s = BigInt.asIntN(64, v);
  switch (kind) {
    case K.imm8: return s >= -128n && s <= 255n;
    case K.imm16: return s >= -32768n && s <= 65535n;
    case K.imm32: return s >= -(1n << 31n) && s <= 0xffffffffn;
    case K.imm32sex64: return s >= -(1n << 31n) && s < 1n << 31n;
    default: return true;
  }
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
  let ins;
  try {
    ins = createInstruction(p.code, resolved);
  } catch {
    throw errorAt(p.pos, 'value out of range', p.col);
  }
  applyPrefixes(ins, p.prefixes);
  let out: Uint8Array;
  try {
    out = encodeIced(p.bits, ins, ip);
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
    return encodeIced(p.bits, ins, ip);
  } catch {
    throw errorAt(p.pos, 'branch target out of range', p.col);
  }
}
