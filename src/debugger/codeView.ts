// Code pane data: decode around the current instruction, with symbols, breakpoints and source lines.
import { decodeAt, formatAtt, type Bitness, type DecodedInstruction } from '../x86/index.js';
import type { SymbolTable } from './symbols.js';
import { type BreakpointState, type CodeLine, type CodeView, hex } from './viewModel.js';

export interface SourceLine {
  file: string;
  line: number;
  text: string;
  /** From DWARF (C built with -g): one line spans several instructions, drawn above them. */
  dwarf?: boolean;
  /** The macros the instruction was expanded from, outermost first (`file:line` is in the last one's body). */
  macro?: string;
  /** Why the text is empty: the source file is not where DWARF says. */
  missing?: string;
}

export interface CodeContext {
  /** Read guest memory without permission checks; throws or returns short when unmapped. */
  read(addr: bigint, len: number): Uint8Array | null;
  symbols: SymbolTable;
  sourceAt(addr: bigint): SourceLine | null;
  breakpointAt(addr: bigint): BreakpointState;
  /** Name of a native (TypeScript) kernel function bound at addr, if any. */
  nativeAt?(addr: bigint): string | undefined;
}

/** Decoding is the costly part (iced-x86 in WebAssembly): cache by address, bitness and bytes. */
export class InstructionCache {
  private cache = new Map<string, DecodedInstruction>();
  decode(bytes: Uint8Array, bits: Bitness, addr: bigint): DecodedInstruction {
    const key = `${bits}:${addr.toString(16)}`;
    const hit = this.cache.get(key);
    if (hit && hit.bytes.every((b, i) => bytes[i] === b)) return hit;
    const insn = decodeAt(bytes, 0, bits, addr);
    if (this.cache.size > 50_000) this.cache.clear();
    this.cache.set(key, insn);
    return insn;
  }
}

/** Decode `count` instructions forward from `start`; stops early at unreadable memory. */
export function decodeForward(ctx: CodeContext, cache: InstructionCache, start: bigint, bits: Bitness, count: number): DecodedInstruction[] {
  const out: DecodedInstruction[] = [];
  let addr = start;
  for (let i = 0; i < count; i++) {
    const bytes = ctx.read(addr, 15);
    if (!bytes || bytes.length === 0) break;
    const insn = cache.decode(bytes, bits, addr);
    out.push(insn);
    addr += BigInt(insn.length);
  }
  return out;
}

const bytesText = (b: Uint8Array): string => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join(' ');

/**
 * Instructions around `rip`: decoded from the start of the enclosing symbol (so boundaries are
 * right), keeping `before` lines above the current one and `after` below.
 */
export function buildCodeView(ctx: CodeContext, cache: InstructionCache, pc: bigint, bits: Bitness, region: string, before = 12, after = 24, at: bigint = pc): CodeView {
  // Decoded around `at` (the PC, or where the user browses to); the PC's line is marked current.
  const rip = at;
  const sym = ctx.symbols.containing(rip);
  let insns: DecodedInstruction[] = [];
  if (sym && rip - sym.addr <= 4096n) {
    // Walk from the symbol to rip; if the walk skips over rip (data in code), restart at rip.
    const walk: DecodedInstruction[] = [];
    let addr = sym.addr;
    while (addr < rip && walk.length < 2000) {
      const bytes = ctx.read(addr, 15);
      if (!bytes || bytes.length === 0) break;
      const insn = cache.decode(bytes, bits, addr);
      walk.push(insn);
      addr += BigInt(insn.length);
    }
    if (addr === rip) insns = walk.slice(-before);
  }
  // Browsing: the lines above may come from the symbols before (PageUp walks back through them).
  if (at !== pc) {
    let first = insns.length ? insns[0]!.ip : rip;
    while (insns.length < before) {
      const prev = previousInstruction(ctx, cache, first, bits);
      const bytes = prev === null ? null : ctx.read(prev, 15);
      if (prev === null || !bytes || bytes.length === 0) break;
      insns.unshift(cache.decode(bytes, bits, prev));
      first = prev;
    }
  }
  insns.push(...decodeForward(ctx, cache, rip, bits, after + 1));
  // Zero padding after the code decodes as `add %al,(%rax)`: show one such line, not a screenful.
  const isZeros = (i: DecodedInstruction): boolean => i.bytes.every((b) => b === 0);
  const firstPad = insns.findIndex((i, k) => k > 0 && i.ip > rip && isZeros(i) && isZeros(insns[k - 1]!));
  if (firstPad > 0) insns = insns.slice(0, firstPad);
  const symbolize = (a: bigint): string | null => {
    const s = ctx.symbols.containing(a);
    if (!s) return null;
    const off = a - s.addr;
    return off === 0n ? s.name : `${s.name}+0x${off.toString(16)}`;
  };
  // A native function is one step: show it as one line, not as the int3 filler bytes behind it.
  const nativeIndex = insns.findIndex((i) => ctx.nativeAt?.(i.ip) !== undefined);
  if (nativeIndex >= 0 && insns[nativeIndex]!.ip >= rip) insns = insns.slice(0, nativeIndex + 1);
  const lines: CodeLine[] = insns.map((insn) => ({
    addr: hex(insn.ip),
    symbol: ctx.symbols.describe(insn.ip),
    label: ctx.symbols.labelAt(insn.ip),
    bytes: ctx.nativeAt?.(insn.ip) !== undefined ? '' : bytesText(insn.bytes),
    text: ctx.nativeAt?.(insn.ip) !== undefined ? `[native ${ctx.nativeAt(insn.ip)}: kernel C function in TypeScript, one step]` : formatAtt(insn, symbolize),
    source: ctx.sourceAt(insn.ip),
    breakpoint: ctx.breakpointAt(insn.ip),
    current: insn.ip === pc,
  }));
  return at === pc ? { region, lines } : { region, lines, browsing: hex(at) };
}

/** The start of the instruction before `addr`, decoded from the start of the symbol before it; null at none. */
export function previousInstruction(ctx: CodeContext, cache: InstructionCache, addr: bigint, bits: Bitness): bigint | null {
  const sym = ctx.symbols.containing(addr - 1n);
  if (!sym || addr - sym.addr > 65536n) return null;
  let a = sym.addr;
  let prev: bigint | null = null;
  while (a < addr) {
    const bytes = ctx.read(a, 15);
    if (!bytes || bytes.length === 0) return prev;
    prev = a;
    a += BigInt(cache.decode(bytes, bits, a).length);
  }
  return prev;
}

/**
 * The first instruction from `from` (exclusive when `skipFirst`) whose text or symbol contains
 * `text` (case-insensitive), decoding forward through at most `limit` instructions; null when none.
 */
export function searchCode(ctx: CodeContext, cache: InstructionCache, from: bigint, bits: Bitness, text: string, skipFirst = true, limit = 20000): bigint | null {
  const needle = text.toLowerCase();
  let a = from;
  for (let i = 0; i < limit; i++) {
    const bytes = ctx.read(a, 15);
    if (!bytes || bytes.length === 0) return null;
    const insn = cache.decode(bytes, bits, a);
    if (!(skipFirst && i === 0)) {
      const label = ctx.symbols.labelAt(a);
      if ((label && label.toLowerCase().includes(needle)) || formatAtt(insn, (x) => ctx.symbols.describe(x)).toLowerCase().includes(needle)) return a;
    }
    a += BigInt(Math.max(1, insn.length));
  }
  return null;
}
