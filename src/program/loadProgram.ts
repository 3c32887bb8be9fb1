// PROG -> a runnable ELF: a .S/.s file is assembled and linked in memory by src/asm, any other
// file must be an x86 ELF executable (static, PIE, or dynamically linked: the kernel loads its
// interpreter). Errors are ProgramErrors (one line each).
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MAX_SOURCE_BYTES } from '../asm/inputFile.js';
import { ElfError, readExecutable, readStaticExecutable } from '../elf/index.js';
import { MAX_PROGRAM_BYTES, ProgramError, readProgramFile } from './ProgramError.js';

export interface SourceLine {
  addr: bigint;
  file: string;
  line: number;
}

export interface LoadedProgram {
  path: string;
  /** The executable's bytes. */
  elf: Uint8Array;
  /** The program file's device and inode (an ELF read from disk; not an assembled one). */
  file?: { dev: bigint; ino: bigint };
  /** The interpreter it names (PT_INTERP), or null for a static program. */
  interp: string | null;
  /** ET_DYN (a PIE): its symbols' values are relative to the load bias exec picks. */
  pie: boolean;
  bits: 32 | 64;
  entry: bigint;
  /** Program symbols by name (from the assembler, or the ELF's .symtab). */
  symbols: Map<string, bigint>;
  /** Address -> source line, when the program came from assembly source. */
  lines: SourceLine[];
  fromSource: boolean;
  /** The assembler's and linker's warnings (as's `file:line:col: warning:` lines, ld's `warning: ...`). */
  warnings: string[];
}

interface AsmModule {
  assemble(sources: { path: string; text: string; binary?: boolean }[], opts?: { bits?: 32 | 64 }): unknown;
  linkExecutable(obj: unknown, opts?: unknown): { elf: Uint8Array; symbols: Map<string, bigint>; constants: Set<string>; lines: SourceLine[]; warnings: string[] };
  AsmError: new (...args: never[]) => Error & { format(): string };
}

/** True when PROG names assembly source. */
export function isAssemblySource(path: string): boolean {
  return /\.[sS]$/.test(path);
}

export interface LoadOptions {
  /**
   * Keep the assembled program in the per-user cache the kernel images use, keyed by the source
   * text and the assembler's files (the debugger: launch time; a cold assembly is ~90 ms).
   */
  cache?: boolean;
}

/** Load PROG for `run`, `debug` and `bench`. */
export async function loadProgram(path: string, options: LoadOptions = {}): Promise<LoadedProgram> {
  // A regular file only, checked before reading (a FIFO would block, /dev/zero never ends).
  const bytes = new Uint8Array(readProgramFile(path, isAssemblySource(path) ? MAX_SOURCE_BYTES : MAX_PROGRAM_BYTES));
  if (isAssemblySource(path)) {
    // One byte per character: raw bytes in strings are copied as as copies them.
    const text = Buffer.from(bytes).toString('latin1');
    return options.cache ? assembleCached(path, text) : assembleProgram(path, text);
  }
  try {
    const elf = readExecutable(bytes);
    const symbols = new Map<string, bigint>();
    for (const s of elf.symbols) if (s.name && s.section !== null && s.type !== 'section' && s.type !== 'file') symbols.set(s.name, s.value);
    const st = statSync(path, { bigint: true });
    return {
      path, elf: bytes, file: { dev: st.dev, ino: st.ino }, interp: elf.interp, pie: elf.type === 3,
      bits: elf.bits, entry: elf.entry, symbols, lines: [], fromSource: false, warnings: [],
    };
  } catch (e) {
    if (e instanceof ElfError) throw new ProgramError(`${path}: ${e.message}`, 'not-runnable');
    throw e;
  }
}

async function assembleProgram(path: string, text: string): Promise<LoadedProgram> {
  const asm = (await import('../asm/index.js')) as unknown as AsmModule;
  try {
    const obj = asm.assemble([{ path, text, binary: true }]);
    const linked = asm.linkExecutable(obj);
    const elf = readStaticExecutable(linked.elf);
    // Addresses only: a constant (`SAMPLES = 1000`) is no place to break or to name code by.
    const symbols = new Map([...linked.symbols].filter(([name]) => !linked.constants.has(name)));
    return { path, elf: linked.elf, interp: null, pie: false, bits: elf.bits, entry: elf.entry, symbols, lines: linked.lines, fromSource: true, warnings: linked.warnings };
  } catch (e) {
    if (e instanceof asm.AsmError) throw new ProgramError(e.format(), 'not-runnable', true);
    if (e instanceof ElfError) throw new ProgramError(`${path}: ${e.message}`, 'not-runnable');
    throw e;
  }
}

interface CachedProgram {
  elf: string;
  symbols: [string, string][];
  /** file null: the program's own path (the key is the text alone, wherever the file is). */
  lines: [string, string | null, number][];
  warnings?: string[];
}

function cacheDir(): string {
  return join(tmpdir(), `trapdoor-cache-${process.getuid?.() ?? 'user'}`);
}

/** The assembler's files and this one by name, size and time: a rebuilt assembler (or loader) never reuses a cached program. */
function assemblerStamp(): string {
  const dir = new URL('../asm/', import.meta.url);
  const stamp = (url: URL, name: string): string => {
    const st = statSync(url);
    return `${name}:${st.size}:${st.mtimeMs}`;
  };
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => stamp(new URL(e.name, dir), e.name))
    .sort()
    .concat(stamp(new URL(import.meta.url), 'loadProgram'))
    .join('|');
}

async function assembleCached(path: string, text: string): Promise<LoadedProgram> {
  if (process.env.TRAPDOOR_NO_CACHE) return assembleProgram(path, text);
  let file: string | null = null;
  try {
    const key = createHash('sha256').update(assemblerStamp()).update('\0').update(text).digest('hex').slice(0, 32);
    file = join(cacheDir(), `program-${key}.json`);
    const c = JSON.parse(readFileSync(file, 'utf8')) as CachedProgram;
    const elfBytes = new Uint8Array(Buffer.from(c.elf, 'base64'));
    const elf = readStaticExecutable(elfBytes);
    return {
      path, elf: elfBytes, interp: null, pie: false, bits: elf.bits, entry: elf.entry, fromSource: true,
      symbols: new Map(c.symbols.map(([n, v]) => [n, BigInt(v)])),
      lines: c.lines.map(([a, f, l]) => ({ addr: BigInt(a), file: f ?? path, line: l })),
      warnings: c.warnings ?? [],
    };
  } catch {
    // not cached yet (or unreadable): assemble
  }
  const prog = await assembleProgram(path, text);
  if (file) {
    try {
      mkdirSync(cacheDir(), { recursive: true });
      const c: CachedProgram = {
        elf: Buffer.from(prog.elf).toString('base64'),
        symbols: [...prog.symbols].map(([n, v]) => [n, v.toString()]),
        lines: prog.lines.map((l) => [l.addr.toString(), l.file === path ? null : l.file, l.line]),
        warnings: prog.warnings,
      };
      const tmp = `${file}.${process.pid}.tmp`;
      writeFileSync(tmp, JSON.stringify(c));
      renameSync(tmp, file);
    } catch {
      // a cache we cannot write is only slower
    }
  }
  return prog;
}
