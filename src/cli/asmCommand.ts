// `trapdoor asm FILE.S [MORE.S ...] -o OUT [--32|--64]`: assemble and link a static ELF that runs natively.
import { chmod, writeFile } from 'node:fs/promises';
import { AsmError, assemble, linkExecutable } from '../asm/index.js';
import { ElfError } from '../elf/ElfError.js';
import { MAX_SOURCE_BYTES } from '../asm/inputFile.js';
import { CliError, EXIT_NOT_RUNNABLE, EXIT_USAGE, printWarnings, readInput } from './CliError.js';

const USAGE = 'usage: trapdoor asm FILE.S [MORE.S ...] -o OUT [--32|--64]';

export async function asmCommand(args: string[]): Promise<number> {
  if (args.length === 1 && (args[0] === '--help' || args[0] === '-h')) {
    process.stdout.write(`${USAGE}\nAssemble AT&T (GNU as) source files and link them into a static ELF executable\n(entry _start, GNU ld's default layout). Bitness: --32/--64, else .code32/.code64, else 64.\n`);
    return 0;
  }
  const files: string[] = [];
  let out: string | null = null;
  let bits: 32 | 64 | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '-o') {
      if (out !== null) throw new CliError(`asm: -o given twice\n${USAGE}`, EXIT_USAGE);
      const v = args[++i];
      if (v === undefined) throw new CliError(`asm: -o needs a file name\n${USAGE}`, EXIT_USAGE);
      out = v;
    } else if (a.startsWith('-o') && a.length > 2) out = a.slice(2);
    else if (a === '--32' || a === '--64') {
      const b = a === '--32' ? 32 : 64;
      if (bits !== undefined && bits !== b) throw new CliError(`asm: --32 and --64 are exclusive\n${USAGE}`, EXIT_USAGE);
      bits = b;
    } else if (a.startsWith('-') && a !== '-') throw new CliError(`asm: unknown option '${a}'\n${USAGE}`, EXIT_USAGE);
    else files.push(a);
  }
  if (files.length === 0) throw new CliError(`asm: no input files\n${USAGE}`, EXIT_USAGE);
  if (out === null) throw new CliError(`asm: missing -o OUT\n${USAGE}`, EXIT_USAGE);

  // Sources are read as bytes: a string's raw bytes go into .ascii as they are, as as copies them.
  const sources = files.map((path) => ({ path, text: readInput(path, MAX_SOURCE_BYTES).toString('latin1'), binary: true }));
  let elf: Uint8Array;
  try {
    const linked = linkExecutable(assemble(sources, { bits }));
    printWarnings(linked.warnings);
    elf = linked.elf;
  } catch (e) {
    if (e instanceof AsmError) throw new CliError(e.format(), EXIT_NOT_RUNNABLE, true);
    if (e instanceof ElfError) throw new CliError(e.message, EXIT_NOT_RUNNABLE);
    throw e;
  }
  try {
    await writeFile(out, elf, { mode: 0o755 });
    await chmod(out, 0o755);
  } catch (e) {
    throw new CliError(`${out}: cannot write: ${(e as Error).message}`, EXIT_NOT_RUNNABLE);
  }
  return 0;
}
