// The gdb commands users type first that inspect or run to a place (issue 12 item 8): print/p,
// display/undisplay, watch (rwatch/awatch refused), info frame / info display, until, advance.
// Parsed here; commands.ts hands these words over.
import { type CommandWord, resolveWord } from './commandWords.js';
import { parsePrintFormat, PrintError, type PrintFormat } from './printValue.js';

export type InspectCommand =
  /** `print[/F] [EXPR]`: no EXPR prints the last value again. */
  | { kind: 'print'; format: PrintFormat; expr: string | null }
  /** `display[/F] EXPR`; /i and /s (and a count) display memory as x does. No EXPR: show them all now. */
  | { kind: 'display'; format: string; expr: string | null }
  | { kind: 'undisplay'; numbers: number[] }
  | { kind: 'watch'; expr: string }
  | { kind: 'infoFrame' }
  | { kind: 'infoDisplay' }
  | { kind: 'infoSymbol'; expr: string }
  /** `until` (no location: next, but never back to an earlier address in a loop) / `until LOCATION`. */
  | { kind: 'until'; where: string | null }
  | { kind: 'advance'; where: string };

export class InspectCommandError extends Error {}

function numbers(words: string[], what: string): number[] {
  return words.map((w) => {
    if (!/^\d+$/.test(w)) throw new InspectCommandError(`${what}: '${w}' is not a display number`);
    return Number(w);
  });
}

/** The command words this file parses, with gdb's shortest accepted prefix. */
export const INSPECT_COMMANDS: CommandWord[] = [
  { name: 'print', min: 1, aliases: ['inspect'] },
  { name: 'display', min: 4 },
  { name: 'undisplay', min: 5 },
  { name: 'watch', min: 2 },
  { name: 'rwatch', min: 2 },
  { name: 'awatch', min: 2 },
  { name: 'until', min: 1 },
  { name: 'advance', min: 3 },
];

/** Parse one of these commands, or return null when the line is another command. */
export function parseInspectCommand(text: string): InspectCommand | null {
  const m = /^([A-Za-z]+)(\/\S*)?(?:\s+(.*))?$/.exec(text.trim());
  if (!m) return null;
  const word = m[1]!.toLowerCase();
  const c = resolveWord(word, INSPECT_COMMANDS);
  const spec = m[2] ?? '';
  const rest = (m[3] ?? '').trim();
  if (!c) {
    // `info frame` / `info display` (other info topics stay with commands.ts)
    if (word === 'info' || word === 'i') {
      const t = rest.toLowerCase();
      if (t && 'frame'.startsWith(t)) return { kind: 'infoFrame' };
      if (t.length >= 2 && 'display'.startsWith(t)) return { kind: 'infoDisplay' };
      const sym = /^(sy|sym|symb|symbo|symbol)\s+(.+)$/.exec(rest);
      if (sym) return { kind: 'infoSymbol', expr: sym[2]! };
      if (/^sy(m|mb|mbo|mbol)?$/.test(t)) throw new InspectCommandError('Argument required (address).');
    }
    if ((word === 'delete' || word === 'd') && /^display\b/.test(rest)) return { kind: 'undisplay', numbers: numbers(rest.split(/\s+/).slice(1), 'delete display') };
    return null;
  }
  if (spec && c.name !== 'print' && c.name !== 'display') return null;
  try {
    switch (c.name) {
      case 'print':
        return { kind: 'print', format: parsePrintFormat(spec, 'print'), expr: rest || null };
      case 'display': {
        // x's formats (i, s, a count, a unit) examine memory; the others print the value
        if (spec && !/^\/\d*[xduotacsizfbhwg]*$/.test(spec)) throw new InspectCommandError(`Undefined output format "${spec.slice(1)}".`);
        return { kind: 'display', format: spec.slice(1), expr: rest || null };
      }
      case 'undisplay':
        return { kind: 'undisplay', numbers: numbers(rest.split(/\s+/).filter(Boolean), 'undisplay') };
      case 'watch':
        if (!rest) throw new InspectCommandError('Argument required (expression to compute).');
        return { kind: 'watch', expr: rest.replace(/^-l(ocation)?\s+/, '') };
      case 'rwatch':
      case 'awatch':
        throw new InspectCommandError(`${c.name}: read watchpoints need the CPU to report each read, which it does not here; watch stops at writes`);
      case 'until':
        return { kind: 'until', where: rest || null };
      case 'advance':
        if (!rest) throw new InspectCommandError('Argument required (a location).');
        return { kind: 'advance', where: rest };
    }
  } catch (e) {
    if (e instanceof PrintError) throw new InspectCommandError(e.message);
    throw e;
  }
  return null;
}

/** One-line summaries for `help` and the help overlay. */
export const INSPECT_HELP: [string, string][] = [
  ['print[/F] EXPR / p', 'a C expression of registers ($rax, $rip), memory (*(long *)$rsp), symbols and the history ($, $$, $N); F: x d u o t a c z; $_siginfo: the last signal (si_signo, si_code, si_addr), $_exitcode'],
  ['display[/F] EXPR, undisplay N', 'print EXPR at every stop (display/i $pc: the next instruction); info display lists them'],
  ['watch EXPR', 'stop when a write changes EXPR (*(long *)ADDR, a pt_regs slot): Old value / New value'],
  ['info frame', 'the selected frame: its address, saved rip, caller'],
  ['info symbol ADDR', 'the symbol and section an address is in'],
  ['until / until LOCATION', 'next, but not back into a loop; or run to LOCATION'],
  ['advance LOCATION', 'run to LOCATION (or until the current function returns)'],
];
