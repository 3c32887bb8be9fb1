// An assembly error pinned to a source position, printed gcc/as-style with the line and a caret.

export class AsmError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly col: number,
    readonly reason: string,
    /** The full text of the offending source line (for the caret display). */
    readonly sourceLine: string = '',
    /** A warning (as's "Warning:") is reported and assembly goes on. */
    readonly severity: 'error' | 'warning' = 'error',
  ) {
    super(`${file}:${line}:${col}: ${severity}: ${reason}`);
    this.name = 'AsmError';
  }

  /** `file:line:col: error: message`, the source line, and a caret under the column. */
  format(): string {
    const head = `${this.file}:${this.line}:${this.col}: ${this.severity}: ${this.reason}`;
    if (!this.sourceLine) return head;
    const lead = this.sourceLine.slice(0, Math.max(0, this.col - 1)).replace(/[^\t]/g, ' ');
    return `${head}\n${this.sourceLine}\n${lead}^`;
  }
}

/** Where a token came from: enough to build an AsmError. */
export interface SourcePos {
  file: string;
  line: number;
  col: number;
  text: string;
  /** Set on lines expanded from macros: their names, outermost first. */
  macro?: string;
}

// Binary input must not put control characters on the user's terminal.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const printable = (s: string): string => s.replace(/[\x00-\x08\x0a-\x1f\x7f]/g, '?');

export function errorAt(pos: SourcePos, message: string, col = pos.col, severity: 'error' | 'warning' = 'error'): AsmError {
  const short = message.length > 160 ? `${message.slice(0, 157)}...` : message;
  return new AsmError(pos.file, pos.line, col, printable(short), printable(pos.text.length > 400 ? pos.text.slice(0, 400) : pos.text), severity);
}

export function warningAt(pos: SourcePos, message: string, col = pos.col): AsmError {
  return errorAt(pos, message, col, 'warning');
}
