// The CLI's errors and exit statuses, and reading its input files with them.
import { InputFileError, readInputFile } from '../asm/inputFile.js';

/** Exit statuses of DESIGN.md's CLI contract. */
export const EXIT_USAGE = 2;
export const EXIT_NOT_RUNNABLE = 126;
export const EXIT_NOT_FOUND = 127;

/** An error the CLI reports as one line (`trapdoor: error: ...`, or preformatted) and exits with. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
    /** true when `message` is already the full text to print (e.g. `file:line:col: error: ...`). */
    readonly preformatted = false,
  ) {
    super(message);
  }
}

/** Largest program file `run`/`debug`/`disasm` read (a static ELF is far smaller). */
export const MAX_PROGRAM_BYTES = 512 << 20;

/**
 * An input file's bytes, checked before reading as Linux's execve would: missing is 127; a file
 * that cannot be read, a directory, a FIFO or device (/dev/zero) or one too large is 126.
 */
export function readInput(path: string, maxBytes = MAX_PROGRAM_BYTES): Buffer {
  try {
    return readInputFile(path, maxBytes);
  } catch (e) {
    if (e instanceof InputFileError) throw new CliError(e.message, e.problem === 'missing' ? EXIT_NOT_FOUND : EXIT_NOT_RUNNABLE);
    throw e;
  }
}

/** Print assembler/linker warnings on stderr: as's keep their `file:line:col:`, ld's get trapdoor's name. */
export function printWarnings(warnings: readonly string[]): void {
  for (const w of warnings) process.stderr.write(`${w.startsWith('warning:') ? 'trapdoor: ' : ''}${w}\n`);
}
