// Tab on the command line, as gdb completes: the command word from the command names, `info`'s
// topics, and a location's symbol after break/tbreak/list/disassemble/advance/until/info line.
// One candidate: completed (a space after a whole command word); several: their common prefix,
// and the candidates to list.
import { COMMAND_NAMES } from './commands.js';

const INFO_TOPICS = ['breakpoints', 'display', 'float', 'frame', 'idt', 'line', 'msr', 'proc', 'registers', 'sharedlibrary', 'source', 'tss', 'vector', 'watchpoints'];
/** Commands whose argument is a location (gdb completes symbols there). */
const LOCATION_COMMANDS = /^(b|br|bre|brea|break|tb|tbr|tbreak|l|list|disas|disassemble|advance|adv|u|until|i\s+line|info\s+line)$/;

export interface Completion {
  /** The line after the completion. */
  text: string;
  /** The candidates when there was more than one (gdb lists them at the second Tab). */
  candidates: string[];
}

function commonPrefix(words: string[]): string {
  let p = words[0] ?? '';
  for (const w of words) while (!w.startsWith(p)) p = p.slice(0, -1);
  return p;
}

/** Complete the last word of `line`; `symbols` gives the symbol names for locations. */
export function complete(line: string, symbols: () => readonly string[]): Completion {
  const m = /^(\s*)(.*?)(\S*)$/.exec(line)!;
  const head = m[2]!.trim();
  const word = m[3]!;
  let pool: readonly string[];
  let space = true;
  if (head === '') pool = COMMAND_NAMES;
  else if (/^(i|info)$/.test(head)) pool = INFO_TOPICS;
  else if (LOCATION_COMMANDS.test(head)) {
    pool = symbols();
    space = false;
  } else return { text: line, candidates: [] };
  const prefix = word.replace(/^\*/, '');
  const hits = [...new Set(pool.filter((c) => c.startsWith(prefix)))].sort();
  if (hits.length === 0) return { text: line, candidates: [] };
  const before = line.slice(0, line.length - prefix.length);
  if (hits.length === 1) return { text: `${before}${hits[0]}${space ? ' ' : ''}`, candidates: [] };
  return { text: `${before}${commonPrefix(hits)}`, candidates: hits };
}
