// Source-level debug information of one ELF file: which source line an address belongs to, which
// addresses a line has, which function an address is in. Built from DWARF line programs and
// subprograms; a file without DWARF gives an empty DebugInfo.
import type { ElfFile } from '../readElf.js';
import { DwarfError } from './DwarfCursor.js';
import { readDebugInfo, type DwarfFunction, type DwarfSections, type DwarfUnit } from './debugInfoEntries.js';
import { readLineTable, type LineTable } from './lineTable.js';

export { DwarfError };
export type { DwarfFunction, LineTable };

/** A source position: the file's path as DWARF gives it (comp_dir joined), line and column. */
export interface SourceLocation { file: string; line: number; column: number; }

/** One address range of a line, [start, end). */
interface LineRange { start: bigint; end: bigint; file: string; line: number; column: number; isStmt: boolean }

export class DebugInfo {
  /** Every line range, sorted by start address. */
  private readonly ranges: LineRange[] = [];
  readonly functions: DwarfFunction[];
  readonly units: DwarfUnit[];
  readonly tables: (LineTable | null)[];

  private constructor(units: DwarfUnit[], functions: DwarfFunction[], tables: (LineTable | null)[]) {
    this.units = units;
    this.functions = functions;
    this.tables = tables;
    for (const t of tables) {
      if (!t) continue;
      const rows = t.rows;
      // Consecutive rows of one line merge into one range when the line has a discriminator (gcc's
      // blocks of a loop line), as gdb's reader merges them (dwarf_record_line_p): a step then
      // runs through the whole line; without one, a repeated row (gcc's end of prologue, a call's
      // return) stays a line start of its own.
      let run: LineRange | null = null, runHasDiscriminator = false;
      for (let i = 0; i + 1 < rows.length; i++) {
        const r = rows[i]!, n = rows[i + 1]!;
        if (r.endSequence) { run = null; continue; }
        const file = t.files[r.file] ?? '??';
        const sameLine = run !== null && run.line === r.line && run.file === file && run.end === r.address;
        runHasDiscriminator = (sameLine && runHasDiscriminator) || r.discriminator !== 0;
        if (n.address <= r.address) continue; // empty: a later row at the same address covers it
        if (sameLine && runHasDiscriminator) { run!.end = n.address; continue; }
        run = { start: r.address, end: n.address, file, line: r.line, column: r.column, isStmt: r.isStmt };
        this.ranges.push(run);
      }
    }
    this.ranges.sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
  }

  /**
   * Read the DWARF sections of an ELF file; throws DwarfError (one line) on malformed DWARF.
   * `bias`: where a PIE was loaded (its DWARF addresses are relative to 0).
   */
  static fromElf(elf: ElfFile, bias = 0n): DebugInfo {
    const sec = (name: string): Uint8Array | undefined => elf.sections.find((s) => s.name === name)?.data;
    const s: DwarfSections = {
      info: sec('.debug_info'), abbrev: sec('.debug_abbrev'), str: sec('.debug_str'), lineStr: sec('.debug_line_str'),
      strOffsets: sec('.debug_str_offsets'), addr: sec('.debug_addr'), ranges: sec('.debug_ranges'), rnglists: sec('.debug_rnglists'),
    };
    const { units, functions } = readDebugInfo(s);
    const line = sec('.debug_line');
    const tables = units.map((u) => (line && u.stmtList >= 0 ? readLineTable(line, u.stmtList, u.addressSize, u.compDir, u.name, u.forms) : null));
    if (bias !== 0n) {
      for (const t of tables) for (const r of t?.rows ?? []) r.address += bias;
      for (const f of functions) f.ranges = f.ranges.map(([lo, hi]) => [lo + bias, hi + bias]);
    }
    return new DebugInfo(units, functions, tables);
  }

  /** True when the file has line information at all. */
  get hasLines(): boolean { return this.ranges.length > 0; }

  /** The range holding `addr`, by binary search. */
  private rangeAt(addr: bigint): LineRange | null {
    let lo = 0, hi = this.ranges.length - 1, found: LineRange | null = null;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const r = this.ranges[mid]!;
      if (r.start <= addr) { if (addr < r.end) found = r; lo = mid + 1; } else hi = mid - 1;
    }
    return found;
  }

  /** The source line of the instruction at `addr` (addr2line's answer), or null. */
  lineAt(addr: bigint): SourceLocation | null {
    const r = this.rangeAt(addr);
    return r ? { file: r.file, line: r.line, column: r.column } : null;
  }

  /** The start and end of the line range holding `addr` (a source-level step runs until it leaves it). */
  lineRangeAt(addr: bigint): [bigint, bigint] | null {
    const r = this.rangeAt(addr);
    return r ? [r.start, r.end] : null;
  }

  /**
   * Where a breakpoint on FILE:LINE goes, as gdb places it: the lowest is_stmt address of each
   * block of that line. `file` matches a full path or a path suffix (hello.c, src/hello.c).
   */
  addressesOf(file: string, line: number): bigint[] {
    const out: bigint[] = [];
    let prevEnd = -1n;
    for (const r of this.ranges) {
      if (r.line !== line || !r.isStmt || !pathMatches(r.file, file)) continue;
      if (r.start !== prevEnd) out.push(r.start);
      prevEnd = r.end;
    }
    return out;
  }

  /** The function whose code holds `addr`, or null. */
  functionAt(addr: bigint): DwarfFunction | null {
    for (const f of this.functions) for (const [lo, hi] of f.ranges) if (addr >= lo && addr < hi) return f;
    return null;
  }

  /** The source file and line where a function is declared (for `list FUNCTION`, `info line`). */
  declaration(f: DwarfFunction): SourceLocation | null {
    const file = this.tables[f.unit]?.files[f.declFile];
    return file && f.declLine ? { file, line: f.declLine, column: 0 } : null;
  }

  /** Every source file that has lines. */
  sourceFiles(): string[] {
    return [...new Set(this.ranges.map((r) => r.file))];
  }
}

/** A DWARF path matches a user's spelling when equal or when it ends with "/" + the spelling. */
export function pathMatches(full: string, spelled: string): boolean {
  return full === spelled || full.endsWith(`/${spelled}`);
}
