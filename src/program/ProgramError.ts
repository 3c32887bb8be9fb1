// Why a program cannot be loaded, said in one line; the CLI maps `problem` to its exit status.
import { InputFileError, readInputFile } from '../asm/inputFile.js';

/** 'not-found': no such file (the CLI's 127); 'not-runnable': anything else that stops a load (126). */
export type ProgramProblem = 'not-found' | 'not-runnable';

export class ProgramError extends Error {
  constructor(
    message: string,
    readonly problem: ProgramProblem,
    /** true when `message` is already the full text to print (e.g. `file:line:col: error: ...`). */
    readonly preformatted = false,
  ) {
    super(message);
  }
}

/** Largest program file `run`/`debug`/`disasm` read (a static ELF is far smaller). */
export const MAX_PROGRAM_BYTES = 512 << 20;

/**
 * A program file's bytes, checked before reading as Linux's execve would: missing is not-found; a
 * file that cannot be read, a directory, a FIFO or device (/dev/zero) or one too large is not-runnable.
 */
export function readProgramFile(path: string, maxBytes = MAX_PROGRAM_BYTES): Buffer {
  try {
    return readInputFile(path, maxBytes);
  } catch (e) {
    if (e instanceof InputFileError) throw new ProgramError(e.message, e.problem === 'missing' ? 'not-found' : 'not-runnable');
    throw e;
  }
}
