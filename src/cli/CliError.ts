// The CLI's errors and exit statuses, and reading its input files with them.
import { MAX_PROGRAM_BYTES, ProgramError, readProgramFile } from '../program/ProgramError.js';

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

/**
 * An input file's bytes, checked before reading as Linux's execve would: missing is 127; a file
 * that cannot be read, a directory, a FIFO or device (/dev/zero) or one too large is 126.
 */
export function readInput(path: string, maxBytes = MAX_PROGRAM_BYTES): Buffer {
  try {
    return readProgramFile(path, maxBytes);
  } catch (e) {
    throw asCliError(e);
  }
}

/** A ProgramError as the CLI's error with the contract's status; anything else unchanged. */
export function asCliError(e: unknown): unknown {
  if (e instanceof ProgramError) return new CliError(e.message, e.problem === 'not-found' ? EXIT_NOT_FOUND : EXIT_NOT_RUNNABLE, e.preformatted);
  return e;
}

/** Print assembler/linker warnings on stderr: as's keep their `file:line:col:`, ld's get trapdoor's name. */
export function printWarnings(warnings: readonly string[]): void {
  for (const w of warnings) process.stderr.write(`${w.startsWith('warning:') ? 'trapdoor: ' : ''}${w}\n`);
}
