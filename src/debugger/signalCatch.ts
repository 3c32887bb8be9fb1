// gdb's `catch signal [SIGNAL... | all]`: which signals a catchpoint stops for, and how gdb
// names it when it is set (`Catchpoint 1 (signal SIGSEGV)`) and when it is hit.
import { signalName } from '../kernel/signal/signalState.js';
import { CommandError } from './commands.js';

/** Signal numbers (Linux's), or gdb's two sets: every signal, or all but SIGTRAP and SIGINT (the debugger's own). */
export type SignalSet = { kind: 'list'; signals: number[] } | { kind: 'all' } | { kind: 'standard' };

const SIGINT = 2;
const SIGTRAP = 5;

/** A signal by name (`SIGSEGV`, `segv`) or number (1-64). */
function signalNumber(word: string): number | null {
  if (/^\d+$/.test(word)) {
    const n = Number(word);
    return n >= 1 && n <= 64 ? n : null;
  }
  const want = word.toUpperCase().replace(/^(SIG)?/, 'SIG');
  for (let n = 1; n <= 64; n++) if (signalName(n) === want) return n;
  return null;
}

/** The words after `catch signal`. */
export function parseSignalSet(words: string[]): SignalSet {
  if (words.length === 0) return { kind: 'standard' };
  if (words.length === 1 && words[0]!.toLowerCase() === 'all') return { kind: 'all' };
  const signals = words.map((w) => {
    const n = signalNumber(w);
    // (gdb's messages; its numbers are gdb's own, 1-15 only: here they are Linux's)
    if (n === null) throw new CommandError(/^\d+$/.test(w) ? 'Only signals 1-64 are valid as numeric signals.' : `Unknown signal name '${w}'.`);
    return n;
  });
  return { kind: 'list', signals };
}

/** What `catch signal` says when it is set, after `Catchpoint N `: `(signal SIGSEGV)`, `(signals SIGINT SIGSEGV)`, `(any signal)`, `(standard signals)`. */
export function describeSignalSet(set: SignalSet): string {
  if (set.kind === 'all') return 'any signal';
  if (set.kind === 'standard') return 'standard signals';
  return `${set.signals.length > 1 ? 'signals' : 'signal'} ${set.signals.map(signalName).join(' ')}`;
}

export function signalMatches(set: SignalSet, signo: number): boolean {
  if (set.kind === 'all') return true;
  if (set.kind === 'standard') return signo !== SIGINT && signo !== SIGTRAP;
  return set.signals.includes(signo);
}
