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
