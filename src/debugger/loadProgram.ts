// PROG -> a runnable static ELF: a .S/.s file is assembled and linked in memory by src/asm, any
// other file must be a static x86 ELF executable. Errors are CliErrors with DESIGN.md's statuses.
import { readFileSync, statSync } from 'node:fs';
import { CliError, EXIT_NOT_FOUND, EXIT_NOT_RUNNABLE } from '../cli/CliError.js';
import { ElfError, readStaticExecutable } from '../elf/index.js';

export interface SourceLine {
  addr: bigint;
  file: string;
  line: number;
}

export interface LoadedProgram {
  path: string;
  /** The static executable's bytes. */
  elf: Uint8Array;
  bits: 32 | 64;
  entry: bigint;
  /** Program symbols by name (from the assembler, or the ELF's .symtab). */
  symbols: Map<string, bigint>;
  /** Address -> source line, when the program came from assembly source. */
  lines: SourceLine[];
  fromSource: boolean;
}

interface AsmModule {
  assemble(sources: { path: string; text: string }[], opts?: { bits?: 32 | 64 }): unknown;
  linkExecutable(obj: unknown, opts?: unknown): { elf: Uint8Array; symbols: Map<string, bigint>; lines: SourceLine[] };
  AsmError: new (...args: never[]) => Error & { format(): string };
}

/** True when PROG names assembly source. */
export function isAssemblySource(path: string): boolean {
  return /\.[sS]$/.test(path);
}

/** Load PROG for `run`, `debug` and `bench`. */
export async function loadProgram(path: string): Promise<LoadedProgram> {
  let bytes: Uint8Array;
  try {
    if (statSync(path).isDirectory()) throw new CliError(`${path}: is a directory`, EXIT_NOT_RUNNABLE);
    bytes = new Uint8Array(readFileSync(path));
  } catch (e) {
    if (e instanceof CliError) throw e;
    throw new CliError(`${path}: no such file`, EXIT_NOT_FOUND);
  }
  if (isAssemblySource(path)) return assembleProgram(path, new TextDecoder().decode(bytes));
  try {
    const elf = readStaticExecutable(bytes);
    const symbols = new Map<string, bigint>();
    for (const s of elf.symbols) if (s.name && s.section !== null && s.type !== 'section' && s.type !== 'file') symbols.set(s.name, s.value);
    return { path, elf: bytes, bits: elf.bits, entry: elf.entry, symbols, lines: [], fromSource: false };
  } catch (e) {
    if (e instanceof ElfError) throw new CliError(`${path}: ${e.message}`, EXIT_NOT_RUNNABLE);
    throw e;
  }
}

async function assembleProgram(path: string, text: string): Promise<LoadedProgram> {
  const asm = (await import('../asm/index.js')) as unknown as AsmModule;
  try {
    const obj = asm.assemble([{ path, text }]);
    const linked = asm.linkExecutable(obj);
    const elf = readStaticExecutable(linked.elf);
    return { path, elf: linked.elf, bits: elf.bits, entry: elf.entry, symbols: linked.symbols, lines: linked.lines, fromSource: true };
  } catch (e) {
    if (e instanceof asm.AsmError) throw new CliError(e.format(), EXIT_NOT_RUNNABLE, true);
    if (e instanceof ElfError) throw new CliError(`${path}: ${e.message}`, EXIT_NOT_RUNNABLE);
    throw e;
  }
}
