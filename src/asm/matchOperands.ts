// Match AT&T operands against one iced code's operand kinds, and resolve them to values for encoding.
import iced from '../x86/icedModule.js';
import { applyPrefixes, createInstruction, encodeIced, type Prefixes, type ResolvedMem, type ResolvedOp } from './buildIcedInstruction.js';
import { IMM_KINDS, SEX8, immFits } from './immediates.js';
import { gprSizeOfKind, type CodeInfo } from './opcodeTable.js';
import type { MemOperand, Operand } from './operand.js';
import type { ConstEval, FinalEval, PlanOp } from './plan.js';
import { lookupRegister, type RegInfo } from './registers.js';

const { OpCodeOperandKind: K, Register } = iced;

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
    case K.st0: return r.name === 'st' || r.name === 'st(0)';
    case K.sti_opcode: return r.cls === 'st';
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

export const MEM_KINDS = new Set<number>([K.r8_or_mem, K.r16_or_mem, K.r32_or_mem, K.r64_or_mem, K.r16_reg_mem, K.r32_reg_mem, K.r64_reg_mem]);


export interface MatchCtx {
  bits: number;
  memSize: number | null;
  srcSize: number | undefined;
  movabs: boolean;
  constEval: ConstEval;
}

export type Fail = { why: 'range'; col: number } | { why: 'other' };

/** Try one candidate; returns Plan ops or a failure reason. */
export function matchCandidate(ci: CodeInfo, ops: Operand[], ctx: MatchCtx, implicitOne: boolean): PlanOp[] | Fail {
  const kinds = ci.kinds;
  const n = ops.length;
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

export function encodePlaceholder(bits: number, code: number, ops: PlanOp[], prefixes: Prefixes): Uint8Array | null {
  try {
    const ins = createInstruction(code, resolveOps(ops, null));
    applyPrefixes(ins, prefixes);
    return encodeIced(bits, ins, 0n, prefixes.rex64);
  } catch {
    return null;
  }
}

export function isSymbolic(ops: PlanOp[]): boolean {
  return ops.some((o) => (o.t === 'I' && o.value === null) || (o.t === 'M' && (o.dispConst === null || o.m.base?.cls === 'rip')));
}
