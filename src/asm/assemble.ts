// Public entry points: assemble sources, link them into a static ELF, or place them at fixed addresses.
import { dirname, join } from 'node:path';
import { writeExecutable, type OutputSymbol } from '../elf/writeExecutable.js';
import { errorAt } from './AsmError.js';
import { displayName, encodeSections, finalValue, finalValueOf, lookupSymbol, relax, type LineEntry, type PlacedSection, type Placement } from './layout.js';
import { ldNopFill } from './nopFill.js';
import type { ObjectCode, ObjSection, ObjSymbol } from './objectCode.js';
import { InputFileError, readInputFile } from './inputFile.js';
import { parseFile, type ParseContext } from './parseSource.js';

/** `.include "x"` from disk: next to the including file, else relative to the current directory (as does too). */
export function includeFromDisk(name: string, from: string): AsmSource | undefined {
  for (const path of [join(dirname(from), name), name]) {
    try {
      return { path, text: readInputFile(path).toString('latin1'), binary: true };
    } catch (e) {
      // A file that is there but is no source (/dev/zero, a FIFO, too big) is an error, not "not found".
      if (e instanceof InputFileError && e.problem !== 'missing') throw new Error(e.message);
    }
  }
  return undefined;
}

export interface AsmSource {
  path: string;
  text: string;
  /** `text` holds the file's bytes one per character (read as latin1): strings copy them as they are. */
  binary?: boolean;
}

/** A source file read from disk as bytes (InputFileError when it cannot be). */
export function readSource(path: string): AsmSource {
  return { path, text: readInputFile(path).toString('latin1'), binary: true };
}

export interface AssembleOptions {
  /** Bitness; default: the first .code32/.code64 directive, else 64. */
  bits?: 32 | 64;
  /** Names defined outside the sources (given values at placement time). */
  externs?: Iterable<string>;
  /** Resolves `.include "name"` (seen in file `from`); default: among `sources` by path, else the file next to `from`, else relative to the current directory. */
  include?: (name: string, from: string) => AsmSource | undefined;
  /** Lines .rept/.irp/macro expansion may give per file (default 1,000,000; tests ask for fewer). */
  maxExpandedLines?: number;
}

/** Assemble one or more files (sharing .globl symbols) into relaxed, link-ready object code. */
export function assemble(sources: AsmSource[], opts: AssembleOptions = {}): ObjectCode {
  const byPath = (name: string, from: string): AsmSource | undefined =>
    sources.find((s) => s.path === name || s.path.endsWith(`/${name}`)) ?? includeFromDisk(name, from);
  const ctx: ParseContext = { sections: new Map(), scopes: [], bits: opts.bits ?? null, firstBits: null, uses: [], include: opts.include ?? byPath, warnings: [], outputBytes: 0, maxExpandedLines: opts.maxExpandedLines };
  for (const s of sources) parseFile(ctx, s.path, s.text, s.binary ?? false);
  const globals = new Map<string, ObjSymbol>();
  for (const sc of ctx.scopes) {
    for (const sym of sc.symbols.values()) {
      if (!(sym.global || sc.globalNames.has(sym.name)) || (sym.section === null && sym.expr === null)) continue;
      sym.global = true;
      const old = globals.get(sym.name);
      if (old) throw errorAt(sym.pos, `symbol '${sym.name}' is already defined in ${old.file}:${old.pos.line}`);
      globals.set(sym.name, sym);
    }
  }
  // Drop empty default sections, keep the others in first-use order.
  const sections = [...ctx.sections.values()].filter((s) => s.items.length > 0 || s.name !== '.text' || ctx.sections.size === 1);
  const obj: ObjectCode = {
    bits: opts.bits ?? ctx.firstBits ?? 64,
    sections,
    scopes: ctx.scopes,
    globals,
    externs: new Set(opts.externs ?? []),
    warnings: ctx.warnings,
  };
  for (const u of ctx.uses) {
    if (!lookupSymbol(obj, u.scope, u.name) && !obj.externs.has(u.name))
      throw errorAt(u.pos, `undefined symbol '${displayName(u.name)}'`, u.col);
  }
  relax(obj);
  return obj;
}

export interface LinkedSymbol {
  name: string;
  value: bigint;
  size: number;
  type: 'func' | 'object' | 'notype';
  bind: 'local' | 'global';
  section: string | null;
  /** A constant (.equ/.set of a number), not an address in a section. */
  absolute: boolean;
}

export interface Placed {
  bits: 32 | 64;
  sections: PlacedSection[];
  /** Every named symbol (including .L labels and numeric locals are left out) -> address/value. */
  symbols: Map<string, bigint>;
  symbolList: LinkedSymbol[];
  lines: LineEntry[];
}

function place(obj: ObjectCode, addrs: Map<string, bigint>, externs: Map<string, bigint>): Placed {
  const pl: Placement = { base: (s) => addrs.get(s) ?? 0n, externs };
  const { sections, lines } = encodeSections(obj, pl);
  const symbols = new Map<string, bigint>();
  const symbolList: LinkedSymbol[] = [];
  for (const sc of obj.scopes) {
    for (const sym of sc.symbols.values()) {
      if (sym.hidden || (sym.section === null && sym.expr === null)) continue;
      const pos = sym.pos;
      const val = finalValueOf(obj, sc, { k: 'sym', name: sym.name, col: pos.col }, pl, pos);
      const value = val.v;
      const size = sym.sizeExpr ? Number(finalValue(obj, sc, sym.sizeExpr, pl, pos)) : 0;
      if (sym.global || !symbols.has(sym.name)) symbols.set(sym.name, value);
      symbolList.push({ name: sym.name, value, size, type: sym.type, bind: sym.global ? 'global' : 'local', section: sym.section ?? val.section, absolute: val.section === null });
    }
  }
  return { bits: obj.bits, sections, symbols, symbolList, lines };
}

const PAGE = 0x1000n;
const alignUp = (v: bigint, a: number): bigint => {
  const A = BigInt(Math.max(1, a));
  return ((v + A - 1n) / A) * A;
};

/** The output section GNU ld's default script collects an input section into. */
export function outputSectionName(name: string): string {
  for (const base of ['.text', '.rodata', '.data', '.bss']) if (name === base || name.startsWith(`${base}.`)) return base;
  return name;
}

// ld's .text lists .text.unlikely, .text.exit, .text.startup and .text.hot before the rest.
function textRank(name: string): number {
  if (/^\.text\.(unlikely(\.|$)|.*_unlikely$)/.test(name)) return 0;
  if (/^\.text\.exit(\.|$)/.test(name)) return 1;
  if (/^\.text\.startup(\.|$)/.test(name)) return 2;
  if (/^\.text\.hot(\.|$)/.test(name)) return 3;
  return 4;
}

interface OutputGroup {
  name: string;
  inputs: ObjSection[];
}

/** Allocated input sections grouped into output sections, each in ld's order. */
function outputGroups(obj: ObjectCode): OutputGroup[] {
  const groups = new Map<string, OutputGroup>();
  obj.sections.forEach((sec) => {
    if (!sec.flags.alloc) return;
    const name = outputSectionName(sec.name);
    let g = groups.get(name);
    if (!g) {
      g = { name, inputs: [] };
      groups.set(name, g);
    }
    g.inputs.push(sec);
  });
  // as makes .text, .data and .bss before anything else; the rest in order of first use.
  const created = (s: ObjSection): number => (['.text', '.data', '.bss'].includes(s.name) ? -1 : obj.sections.indexOf(s));
  for (const g of groups.values()) g.inputs.sort((a, b) => (g.name === '.text' ? textRank(a.name) - textRank(b.name) : 0) || created(a) - created(b));
  return [...groups.values()];
}

/** Input-section addresses as GNU ld's default static layout (-z separate-code) places them. */
export function ldLayout(obj: ObjectCode, imageBase: bigint): Map<string, bigint> {
  const addrs = new Map<string, bigint>();
  const groups = outputGroups(obj);
  const first = (name: string) => (a: OutputGroup, b: OutputGroup) => (a.name === name ? -1 : b.name === name ? 1 : 0);
  const flags = (g: OutputGroup) => g.inputs[0]!.flags;
  const exec = groups.filter((g) => flags(g).exec).sort(first('.text'));
  const ro = groups.filter((g) => !flags(g).exec && !flags(g).write).sort(first('.rodata'));
  const rwData = groups.filter((g) => !flags(g).exec && flags(g).write && !g.inputs.every((s) => s.nobits)).sort(first('.data'));
  const rwBss = groups.filter((g) => !flags(g).exec && flags(g).write && g.inputs.every((s) => s.nobits)).sort(first('.bss'));
  let cur = imageBase + PAGE;
  const place = (g: OutputGroup): void => {
    cur = alignUp(cur, Math.max(...g.inputs.map((s) => s.align)));
    for (const s of g.inputs) {
      cur = alignUp(cur, s.align);
      addrs.set(s.name, cur);
      cur += BigInt(s.size);
    }
  };
  exec.forEach(place);
  cur = alignUp(cur, Number(PAGE));
  ro.forEach(place);
  cur = alignUp(cur, Number(PAGE)) + (cur & (PAGE - 1n)); // DATA_SEGMENT_ALIGN
  [...rwData, ...rwBss].forEach(place);
  return addrs;
}

export interface LinkResult {
  elf: Uint8Array;
  symbols: Map<string, bigint>;
  /** The symbols that are constants (`SAMPLES = 1000`, .equ/.set of a number), not addresses. */
  constants: Set<string>;
  lines: LineEntry[];
  /** The output sections (input sections merged as ld merges them). */
  sections: PlacedSection[];
  entry: bigint;
  /** as's and ld's warnings, one message each (`file:line:col: warning: ...` or ld's `warning: ...`). */
  warnings: string[];
}

/** Link into a static ET_EXEC with entry `_start` (or the start of .text), as `ld` would. */
export function linkExecutable(obj: ObjectCode, opts: { entrySymbol?: string } = {}): LinkResult {
  const imageBase = obj.bits === 64 ? 0x400000n : 0x8048000n;
  const addrs = ldLayout(obj, imageBase);
  const placed = place(obj, addrs, new Map());
  const byName = new Map(placed.sections.map((s) => [s.name, s]));
  const outSections: PlacedSection[] = [];
  for (const g of outputGroups(obj)) {
    const inputs = g.inputs.map((s) => byName.get(s.name)!);
    const start = inputs[0]!.addr;
    const end = inputs.reduce((e, s) => (s.addr + BigInt(s.size) > e ? s.addr + BigInt(s.size) : e), start);
    const nobits = inputs.every((s) => s.nobits);
    const exec = inputs.some((s) => s.flags.exec);
    const data = new Uint8Array(nobits ? 0 : Number(end - start));
    let filled = start;
    for (const s of inputs) {
      const off = Number(s.addr - start);
      // ld fills the gaps between input sections: NOPs in code, zeros elsewhere.
      if (exec && s.addr > filled) data.set(ldNopFill(Number(s.addr - filled), obj.bits), Number(filled - start));
      if (!s.nobits) data.set(s.data, off);
      filled = s.addr + BigInt(s.size);
    }
    outSections.push({
      name: g.name, addr: start, data, size: Number(end - start), nobits, align: Math.max(...inputs.map((s) => s.align)),
      flags: { alloc: true, write: inputs.some((s) => s.flags.write), exec },
    });
  }
  // ld pads the end of .bss to the word size (its `. = ALIGN(. != 0 ? 64 / 8 : 1)`).
  const bss = outSections.find((s) => s.name === '.bss') ?? outSections.filter((s) => s.nobits).pop();
  if (bss) bss.size = Number(alignUp(bss.addr + BigInt(bss.size), obj.bits / 8) - bss.addr);
  const entryName = opts.entrySymbol ?? '_start';
  const text = outSections.find((s) => s.name === '.text') ?? outSections.find((s) => s.flags.exec);
  const entry = placed.symbols.get(entryName) ?? text?.addr ?? imageBase + PAGE;
  const warnings = obj.warnings.map((w) => w.format());
  if (!placed.symbols.has(entryName)) warnings.push(`warning: cannot find entry symbol ${entryName}; defaulting to 0x${entry.toString(16)}`); // ld's words
  const written = outSections.filter((s) => s.size > 0 || s.name === '.text');
  const writtenNames = new Set(written.map((s) => s.name));
  // ld leaves out of .symtab a label in an output section it discards (a label at the end of an empty .data).
  const symbols: OutputSymbol[] = placed.symbolList
    .map((s) => ({ name: s.name, value: s.value, size: s.size, type: s.type, bind: s.bind, section: s.section === null ? null : outputSectionName(s.section) }))
    .filter((s) => s.section === null || writtenNames.has(s.section));
  const elf = writeExecutable({ bits: obj.bits, entry, sections: written, symbols });
  const constants = new Set(placed.symbolList.filter((s) => s.absolute).map((s) => s.name));
  return { elf, symbols: placed.symbols, constants, lines: placed.lines, sections: outSections, entry, warnings };
}

export interface AssembleAtOptions {
  bits: 32 | 64;
  /** Address of each named section; unnamed ones follow the highest placed one, page-aligned. */
  sectionBases?: Record<string, bigint>;
  /** Lay all sections out consecutively from here (in text, rodata, data, bss order) instead. */
  base?: bigint;
  externs?: Record<string, bigint>;
  /** Resolves `.include "name"`, as in AssembleOptions. */
  include?: AssembleOptions['include'];
}

/** Assemble at fixed addresses (kernel entry code, vDSO) with externally defined symbols. */
export function assembleAt(sources: AsmSource[], opts: AssembleAtOptions): Placed {
  const externs = new Map(Object.entries(opts.externs ?? {}));
  const obj = assemble(sources, { bits: opts.bits, externs: externs.keys(), include: opts.include });
  const addrs = new Map<string, bigint>();
  if (opts.sectionBases) for (const [k, v] of Object.entries(opts.sectionBases)) addrs.set(k, v);
  const rank = (s: ObjSection): number => (s.flags.exec ? 0 : !s.flags.write ? 1 : !s.nobits ? 2 : 3);
  const rest = obj.sections.filter((s) => !addrs.has(s.name)).sort((a, b) => rank(a) - rank(b));
  let cur = opts.base ?? 0n;
  if (!opts.base && addrs.size > 0) {
    for (const s of obj.sections) {
      const a = addrs.get(s.name);
      if (a !== undefined && a + BigInt(s.size) > cur) cur = a + BigInt(s.size);
    }
    cur = alignUp(cur, Number(PAGE));
  }
  for (const s of rest) {
    cur = alignUp(cur, s.align);
    addrs.set(s.name, cur);
    cur += BigInt(s.size);
  }
  return place(obj, addrs, externs);
}
