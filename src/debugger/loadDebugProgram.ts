// What the session needs from a PROG argument: ELF bytes, symbols, and the source line map
// when the program came from assembly source.
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { assemble, linkExecutable } from '../asm/index.js';
import { readElf } from '../elf/index.js';

export interface LoadedProgram {
  elf: Uint8Array;
  execPath: string;
  displayName: string;
  symbols: Map<string, bigint>;
  lines: { addr: bigint; file: string; line: number }[];
  /** Source texts by the file names used in `lines`. */
  sources: Map<string, string>;
}

/** Read and, for .S/.s files, assemble and link PROG. Errors propagate as the layers throw them. */
export async function loadDebugProgram(path: string): Promise<LoadedProgram> {
  const bytes = new Uint8Array(await readFile(path));
  const displayName = basename(path);
  if (/\.[sS]$/.test(path)) {
    const text = new TextDecoder().decode(bytes);
    const obj = assemble([{ path, text }]);
    const linked = linkExecutable(obj);
    return {
      elf: linked.elf,
      execPath: `./${displayName.replace(/\.[sS]$/, '')}`,
      displayName,
      symbols: linked.symbols,
      lines: linked.lines,
      sources: new Map([[path, text]]),
    };
  }
  const elf = readElf(bytes);
  const symbols = new Map<string, bigint>();
  for (const s of elf.symbols) if (s.name && s.type !== 'file' && s.type !== 'section' && s.section) symbols.set(s.name, s.value);
  return { elf: bytes, execPath: path, displayName, symbols, lines: [], sources: new Map() };
}
