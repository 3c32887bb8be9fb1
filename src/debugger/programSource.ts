// The program's source-level view: which C (or .S) line an address is, where FILE:LINE and
// FUNCTION breakpoints go, and the source text itself, read read-only from the path DWARF gives.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { CallFrameInfo, DebugInfo, DwarfError, type DwarfFunction, pathMatches, readElf } from '../elf/index.js';

/** A line of the program: file as DWARF (or the assembler) names it, line, and the function. */
export interface SourcePosition {
  file: string;
  line: number;
  function: string | null;
}

/** The assembler's address -> .S line list (programs assembled from source). */
export interface AssemblyLine {
  addr: bigint;
  file: string;
  line: number;
}

/** Read code bytes of the program (guest memory), null where unreadable. */
export type CodeReader = (addr: bigint, len: number) => Uint8Array | null;

/** The source text of a file, or why it cannot be shown. */
export type SourceText = { lines: string[] } | { missing: string };

export class ProgramSource {
  private readonly texts = new Map<string, SourceText>();
  /** .S lines by address, for programs the assembler built (no DWARF). */
  private readonly asmByAddr = new Map<bigint, AssemblyLine>();
  private readonly asmSorted: AssemblyLine[];

  private constructor(
    readonly info: DebugInfo | null,
    /** The call frame information (.eh_frame/.debug_frame) that `bt` unwinds by. */
    readonly frames: CallFrameInfo | null,
    /** A note when the DWARF could not be read (the program still runs; lines are unknown). */
    readonly problem: string | null,
    asm: AssemblyLine[],
  ) {
    for (const l of asm) if (!this.asmByAddr.has(l.addr)) this.asmByAddr.set(l.addr, l);
    this.asmSorted = [...this.asmByAddr.values()].sort((a, b) => (a.addr < b.addr ? -1 : a.addr > b.addr ? 1 : 0));
  }

  /** From the ELF image (loaded at `bias`: a PIE's) and, for an assembled program, the assembler's line list. */
  static of(elf: Uint8Array, asm: AssemblyLine[] = [], bias = 0n): ProgramSource {
    const file = readElf(elf);
    let frames: CallFrameInfo | null = null, problem: string | null = null, info: DebugInfo | null = null;
    try {
      frames = CallFrameInfo.fromElf(file, bias);
    } catch (e) {
      if (!(e instanceof DwarfError)) throw e;
      problem = `call frame information not readable: ${e.message}`;
    }
    try {
      info = DebugInfo.fromElf(file, bias);
    } catch (e) {
      if (!(e instanceof DwarfError)) throw e;
      problem = `DWARF not readable: ${e.message}`;
    }
    return new ProgramSource(info && (info.hasLines || info.functions.length) ? info : null, frames && frames.size ? frames : null, problem, asm);
  }

  /** True when the program has DWARF line information (C built with -g). */
  get hasLines(): boolean {
    return this.info?.hasLines ?? false;
  }

  /** The line of the instruction at addr (DWARF, else the assembler's list), or null. */
  positionAt(addr: bigint): SourcePosition | null {
    const l = this.info?.lineAt(addr);
    if (l) return { file: l.file, line: l.line, function: this.info!.functionAt(addr)?.name ?? null };
    const a = this.asmByAddr.get(addr);
    return a ? { file: a.file, line: a.line, function: null } : null;
  }

  /** [start, end) of the DWARF line range holding addr: what a source-level step leaves. */
  lineRange(addr: bigint): [bigint, bigint] | null {
    return this.info?.lineRangeAt(addr) ?? null;
  }

  /** The DWARF function holding addr. */
  functionAt(addr: bigint): DwarfFunction | null {
    return this.info?.functionAt(addr) ?? null;
  }

  functionNamed(name: string): DwarfFunction | null {
    return this.info?.functions.find((f) => f.name === name && f.ranges.length > 0) ?? null;
  }

  /**
   * Where `break FUNCTION` stops, as gdb's amd64/i386 prologue analysis puts it: past
   * `[endbr] push %rbp; mov %rsp,%rbp` and then at the start of the next line when that leaves
   * the pc mid-line; a frameless function (no push of the frame pointer) breaks at its first byte.
   */
  breakAddress(f: DwarfFunction, read: CodeReader): bigint {
    const [lo, hi] = f.ranges[0]!;
    const code = read(lo, 16);
    if (!code) return lo;
    let i = 0;
    if (code[0] === 0xf3 && code[1] === 0x0f && code[2] === 0x1e && (code[3] === 0xfa || code[3] === 0xfb)) i = 4; // endbr64/endbr32
    if (code[i] !== 0x55) return lo; // push %rbp / %ebp
    i++;
    if (code[i] === 0x48) i++; // REX.W of the 64-bit mov
    if (!((code[i] === 0x89 && code[i + 1] === 0xe5) || (code[i] === 0x8b && code[i + 1] === 0xec))) return lo;
    const pc = lo + BigInt(i + 2);
    const r = this.lineRange(pc);
    if (r && r[0] !== pc && r[1] < hi) return r[1];
    return pc;
  }

  /** Addresses of FILE:LINE (gdb's placement: the first is_stmt address of each block). */
  addressesOf(file: string, line: number): bigint[] {
    const fromDwarf = this.info?.addressesOf(file, line) ?? [];
    if (fromDwarf.length) return fromDwarf;
    const a = this.asmSorted.find((l) => l.line === line && pathMatches(l.file, file));
    return a ? [a.addr] : [];
  }

  /** The first line >= `line` in `file` that has code (gdb moves a breakpoint on a blank line down). */
  nearestLineWithCode(file: string, line: number, limit = 50): number | null {
    for (let l = line; l < line + limit; l++) if (this.addressesOf(file, l).length) return l;
    return null;
  }

  /** Full paths of the source files that have lines, for resolving `hello.c` to its path. */
  files(): string[] {
    const dwarf = this.info?.sourceFiles() ?? [];
    return [...new Set([...dwarf, ...this.asmSorted.map((l) => l.file)])];
  }

  /** The one known file `spelled` names (a full path or a path suffix), or null. */
  resolveFile(spelled: string): string | null {
    return this.files().find((f) => pathMatches(f, spelled)) ?? this.files().find((f) => basename(f) === basename(spelled)) ?? null;
  }

  /** Source text, read once, read-only; a missing file says so (and where it was looked for). */
  text(file: string): SourceText {
    let t = this.texts.get(file);
    if (!t) {
      try {
        t = { lines: readFileSync(file, 'utf8').replace(/\n$/, '').split('\n') };
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        t = { missing: `source not available: ${file} (${code === 'ENOENT' ? 'no such file' : (code ?? 'unreadable')})` };
      }
      this.texts.set(file, t);
    }
    return t;
  }

  /** One line of source text, or null where the file or line is missing. */
  lineText(file: string, line: number): string | null {
    const t = this.text(file);
    return 'lines' in t ? (t.lines[line - 1] ?? null) : null;
  }

  /** The unit (compilation) that holds a file, for `info source`. */
  unitOf(file: string): { name: string; compDir: string; version: number } | null {
    const info = this.info;
    if (!info) return null;
    for (let i = 0; i < info.units.length; i++) {
      if (info.tables[i]?.files.includes(file)) return info.units[i]!;
    }
    return null;
  }
}
