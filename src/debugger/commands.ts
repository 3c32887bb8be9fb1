// The command language (gdb vocabulary with gdb's abbreviations), parsed by pure functions.
import { type Expr, ExpressionError, parseExpression } from './expression.js';
import { resolveWord } from './commandWords.js';
import { INSPECT_COMMANDS, INSPECT_HELP, type InspectCommand, InspectCommandError, parseInspectCommand } from './inspectCommands.js';
import { type InferiorCommand, parseInferiorCommand } from './inferiorSettings.js';
import { parseSignalSet, type SignalSet } from './signalCatch.js';
import type { EntryMethod } from './viewModel.js';

/** Where a breakpoint goes: `*EXPR` (an address expression) or a symbol name (optionally +offset). */
export type Location =
  | { kind: 'address'; expr: Expr; text: string }
  | { kind: 'symbol'; name: string; text: string }
  /** FILE:LINE, or LINE (file null: the current source file), as gdb's linespecs. */
  | { kind: 'line'; file: string | null; line: number; text: string };

export type InfoTopic = 'breakpoints' | 'registers' | 'mappings' | 'msr' | 'idt' | 'tss' | 'float' | 'vector' | 'source' | 'line' | 'sharedlibrary';

export type CatchSpec =
  | { kind: 'syscall'; names: (string | number)[] }
  | { kind: 'mode'; direction: 'enter' | 'exit' | 'both' }
  | { kind: 'method'; method: Exclude<EntryMethod, 'call' | 'syscall32'> }
  | { kind: 'int'; vector: number }
  /** gdb's `catch load`: a shared object was mapped (optionally one whose path contains `name`). */
  | { kind: 'load'; name: string | null }
  /** gdb's `catch signal [SIGNAL...|all]`: a signal is delivered (signalCatch.ts). */
  | { kind: 'signal'; signals: SignalSet };

export type XFormat = 'x' | 'd' | 'u' | 'o' | 't' | 'a' | 'c' | 's' | 'i';
export type XUnit = 'b' | 'h' | 'w' | 'g';

export type Command =
  | { kind: 'break'; location: Location; temporary: boolean; condition: { text: string; expr: Expr } | null }
  | { kind: 'delete'; numbers: number[] }
  | { kind: 'disable'; numbers: number[] }
  | { kind: 'enable'; numbers: number[] }
  | { kind: 'info'; topic: InfoTopic; args: string[] }
  | { kind: 'catch'; spec: CatchSpec }
  | { kind: 'stepi'; count: number }
  | { kind: 'nexti'; count: number }
  /** A source line (into calls), or one instruction where there is no line information. */
  | { kind: 'step'; count: number }
  /** A source line over calls, or nexti where there is no line information. */
  | { kind: 'next'; count: number }
  /** `list`, `list LINESPEC`, `list -` (the ten lines before the last listed). */
  | { kind: 'list'; where: string | null }
  /** `disassemble [SYMBOL|*ADDR]`: the whole function, as gdb dumps it. */
  | { kind: 'disassemble'; where: string | null }
  | { kind: 'backtrace'; limit: number | null }
  /** `frame N` / `up N` / `down N`: select a frame absolutely or relative to the selected one. */
  | { kind: 'frame'; how: 'absolute' | 'up' | 'down'; n: number | null }
  | { kind: 'continue' }
  | { kind: 'finish' }
  | { kind: 'x'; count: number | null; format: XFormat | null; unit: XUnit | null; address: Expr; text: string }
  | { kind: 'profile'; name: string | null }
  /** `run ARGS` (gdb): the arguments of this and later runs, as `set args ARGS`. */
  | { kind: 'restart'; args?: string }
  | { kind: 'help'; topic: string | null }
  | { kind: 'modeStops'; on: boolean | null }
  /** set args / set environment / unset environment / show args|environment (inferiorSettings.ts). */
  | { kind: 'inferior'; op: InferiorCommand }
  | { kind: 'quit' }
  | InspectCommand;

export class CommandError extends Error {}

/** Command names, each with the shortest prefix gdb accepts for it (plus explicit aliases). */
const COMMANDS: { name: string; min: number; aliases?: string[] }[] = [
  { name: 'break', min: 1 },
  { name: 'tbreak', min: 2 },
  { name: 'delete', min: 1 },
  { name: 'disable', min: 3 },
  { name: 'enable', min: 2 },
  { name: 'info', min: 1 },
  { name: 'catch', min: 3 },
  { name: 'stepi', min: 5, aliases: ['si'] },
  { name: 'nexti', min: 5, aliases: ['ni'] },
  { name: 'step', min: 1 },
  { name: 'next', min: 1 },
  { name: 'list', min: 1 },
  { name: 'disassemble', min: 5 },
  { name: 'backtrace', min: 2, aliases: ['bt', 'where'] },
  { name: 'frame', min: 1 },
  { name: 'up', min: 2 },
  { name: 'down', min: 3 },
  { name: 'continue', min: 1, aliases: ['cont'] },
  { name: 'finish', min: 3 },
  { name: 'x', min: 1 },
  { name: 'profile', min: 4 },
  { name: 'restart', min: 3, aliases: ['run', 'r'] },
  { name: 'help', min: 1 },
  { name: 'modestops', min: 5, aliases: ['m'] },
  { name: 'set', min: 3 },
  { name: 'show', min: 3 },
  { name: 'unset', min: 3 },
  { name: 'quit', min: 1 },
];

const INFO_TOPICS: { name: string; min: number; topic: InfoTopic }[] = [
  { name: 'breakpoints', min: 1, topic: 'breakpoints' },
  { name: 'registers', min: 1, topic: 'registers' },
  { name: 'msr', min: 1, topic: 'msr' },
  { name: 'idt', min: 2, topic: 'idt' },
  { name: 'tss', min: 1, topic: 'tss' },
  { name: 'watchpoints', min: 1, topic: 'breakpoints' },
  { name: 'float', min: 1, topic: 'float' },
  { name: 'vector', min: 1, topic: 'vector' },
  { name: 'source', min: 2, topic: 'source' },
  { name: 'line', min: 2, topic: 'line' },
  { name: 'sharedlibrary', min: 2, topic: 'sharedlibrary' },
  { name: 'dll', min: 2, topic: 'sharedlibrary' },
];

const resolve = resolveWord;

function parseCount(word: string | undefined, what: string): number {
  if (word === undefined) return 1;
  if (!/^(0x[0-9a-f]+|\d+)$/i.test(word)) throw new CommandError(`${what}: '${word}' is not a count`);
  const n = Number(word);
  if (n < 1) throw new CommandError(`${what}: count must be at least 1`);
  return n;
}

function parseFrameNumber(word: string, what: string): number {
  if (!/^\d+$/.test(word)) throw new CommandError(`${what}: '${word}' is not a frame number`);
  return Number(word);
}

function parseNumbers(words: string[], what: string, allowEmpty: boolean): number[] {
  if (words.length === 0 && !allowEmpty) throw new CommandError(`${what}: which breakpoint number?`);
  return words.map((w) => {
    if (!/^\d+$/.test(w)) throw new CommandError(`${what}: '${w}' is not a breakpoint number`);
    return Number(w);
  });
}

function expr(text: string, what: string): Expr {
  try {
    return parseExpression(text);
  } catch (e) {
    throw new CommandError(`${what}: ${(e as Error).message}`);
  }
}

function parseLocation(text: string): Location {
  const t = text.trim();
  if (!t) throw new CommandError('break: where? (break *ADDR, SYMBOL, FILE:LINE or LINE)');
  if (t.startsWith('*')) return { kind: 'address', expr: expr(t.slice(1), 'break'), text: t };
  const fileLine = /^([^\s:*]+):(\d+)$/.exec(t);
  if (fileLine) return { kind: 'line', file: fileLine[1]!, line: Number(fileLine[2]), text: t };
  if (/^\d+$/.test(t)) return { kind: 'line', file: null, line: Number(t), text: t };
  if (/^0x[0-9a-f]+$/i.test(t)) return { kind: 'address', expr: expr(t, 'break'), text: `*${t}` };
  if (/^[A-Za-z_.][\w.@]*$/.test(t)) return { kind: 'symbol', name: t, text: t };
  // SYMBOL+OFF without the star: treat as an address expression, as gdb does for linespecs with offsets.
  return { kind: 'address', expr: expr(t, 'break'), text: `*${t}` };
}

function parseBreak(rest: string, temporary: boolean): Command {
  const m = /^(.*?)(?:\s+if\s+(.*))?$/.exec(rest.trim())!;
  const location = parseLocation(m[1]!);
  const condText = m[2]?.trim();
  const condition = condText ? { text: condText, expr: expr(condText, 'condition') } : null;
  return { kind: 'break', location, temporary, condition };
}

/** The vector of the kernel's timer tick (arch/x86 LOCAL_TIMER_VECTOR), what `catch int timer` means. */
export const LOCAL_TIMER_VECTOR = 0xec;

const CATCH_METHODS = ['int80', 'sysenter', 'syscall', 'vdso'] as const;

function parseCatch(words: string[]): Command {
  const [what, ...args] = words;
  if (!what) throw new CommandError('catch: what? (syscall, mode, method, int, load, signal)');
  const w = what.toLowerCase();
  if ('syscall'.startsWith(w) && w.length >= 2) {
    const names = args.map((a) => (/^(0x[0-9a-f]+|\d+)$/i.test(a) ? Number(a) : a));
    return { kind: 'catch', spec: { kind: 'syscall', names } };
  }
  if (w === 'mode') {
    const d = args[0]?.toLowerCase();
    if (d !== undefined && d !== 'enter' && d !== 'exit') throw new CommandError(`catch mode: '${args[0]}' (expected enter or exit)`);
    return { kind: 'catch', spec: { kind: 'mode', direction: d ?? 'both' } };
  }
  if (w === 'method') {
    const m = args[0]?.toLowerCase();
    if (!m || !(CATCH_METHODS as readonly string[]).includes(m)) {
      throw new CommandError(`catch method: expected one of ${CATCH_METHODS.join(', ')}`);
    }
    return { kind: 'catch', spec: { kind: 'method', method: m as (typeof CATCH_METHODS)[number] } };
  }
  if (w === 'int' || w === 'interrupt') {
    const v = args[0];
    // Both kernels deliver their tick on LOCAL_TIMER_VECTOR.
    if (v?.toLowerCase() === 'timer') return { kind: 'catch', spec: { kind: 'int', vector: LOCAL_TIMER_VECTOR } };
    if (!v || !/^(0x[0-9a-f]+|\d+)$/i.test(v) || Number(v) > 255) throw new CommandError('catch int: expected a vector 0..255 (e.g. 0x80) or timer');
    return { kind: 'catch', spec: { kind: 'int', vector: Number(v) } };
  }
  if (w === 'load') return { kind: 'catch', spec: { kind: 'load', name: args[0] ?? null } };
  if (w === 'signal') return { kind: 'catch', spec: { kind: 'signal', signals: parseSignalSet(args) } };
  throw new CommandError(`catch: unknown catchpoint '${what}' (syscall, mode, method, int, load, signal)`);
}

function parseInfo(words: string[]): Command {
  const [what, ...args] = words;
  if (!what) throw new CommandError('info: what? (breakpoints, registers, proc mappings, msr, idt, tss, float, vector, source, line)');
  const w = what.toLowerCase();
  if (w === 'proc') {
    if (args[0] && 'mappings'.startsWith(args[0].toLowerCase())) return { kind: 'info', topic: 'mappings', args: [] };
    throw new CommandError('info proc: only `info proc mappings` is supported');
  }
  if (w === 'mappings' || w === 'maps') return { kind: 'info', topic: 'mappings', args: [] };
  const t = resolve(w, INFO_TOPICS);
  if (!t) throw new CommandError(`info: unknown topic '${what}' (breakpoints, registers, proc mappings, msr, idt, tss)`);
  return { kind: 'info', topic: t.topic, args };
}

function parseX(word: string, rest: string): Command {
  const spec = word.slice(1);
  const m = /^\/(\d*)([xduotacsi]?)([bhwg]?)([xduotacsi]?)$/i.exec(spec);
  if (spec && !m) throw new CommandError(`x: bad format '${word}' (x/NFU, e.g. x/8xg $rsp)`);
  const count = m?.[1] ? Number(m[1]) : null;
  const format = ((m?.[2] || m?.[4]) || null) as XFormat | null;
  const unit = (m?.[3] || null) as XUnit | null;
  if (!rest.trim()) throw new CommandError('x: which address?');
  return { kind: 'x', count, format, unit, address: expr(rest, 'x'), text: rest.trim() };
}

/** Parse one command line. Empty input returns null (the caller repeats the last command, as gdb). */
export function parseCommand(line: string): Command | null {
  const text = line.trim();
  if (!text) return null;
  const xm = /^x(\/\S*)?(?:\s+(.*))?$/i.exec(text);
  if (xm) return parseX(`x${xm[1] ?? ''}`, xm[2] ?? '');
  try {
    const inspect = parseInspectCommand(text);
    if (inspect) return inspect;
  } catch (e) {
    if (e instanceof InspectCommandError) throw new CommandError(e.message);
    throw e;
  }
  const m = /^(\S+)\s*(.*)$/.exec(text)!;
  const word = m[1]!;
  const rest = m[2]!;
  const words = rest.split(/\s+/).filter(Boolean);
  const cmd = resolve(word, COMMANDS);
  if (!cmd) throw new CommandError(`unknown command '${word}' (try help)`);
  switch (cmd.name) {
    case 'break':
      return parseBreak(rest, false);
    case 'tbreak':
      return parseBreak(rest, true);
    case 'delete':
      if (words[0] === 'breakpoints') words.shift();
      return { kind: 'delete', numbers: parseNumbers(words, 'delete', true) };
    case 'disable':
      return { kind: 'disable', numbers: parseNumbers(words, 'disable', true) };
    case 'enable':
      return { kind: 'enable', numbers: parseNumbers(words, 'enable', true) };
    case 'info':
      return parseInfo(words);
    case 'catch':
      return parseCatch(words);
    case 'stepi':
      return { kind: 'stepi', count: parseCount(words[0], 'stepi') };
    case 'nexti':
      return { kind: 'nexti', count: parseCount(words[0], 'nexti') };
    case 'step':
      return { kind: 'step', count: parseCount(words[0], 'step') };
    case 'next':
      return { kind: 'next', count: parseCount(words[0], 'next') };
    case 'list':
      return { kind: 'list', where: rest.trim() || null };
    case 'disassemble':
      return { kind: 'disassemble', where: rest.trim() || null };
    case 'backtrace':
      return { kind: 'backtrace', limit: words[0] === undefined ? null : parseCount(words[0], 'backtrace') };
    case 'frame':
      return { kind: 'frame', how: 'absolute', n: words[0] === undefined ? null : parseFrameNumber(words[0], 'frame') };
    case 'up':
    case 'down':
      return { kind: 'frame', how: cmd.name === 'up' ? 'up' : 'down', n: words[0] === undefined ? 1 : parseCount(words[0], cmd.name) };
    case 'continue':
      return { kind: 'continue' };
    case 'finish':
      return { kind: 'finish' };
    case 'profile':
      return { kind: 'profile', name: words[0] ?? null };
    case 'restart':
      return rest.trim() ? { kind: 'restart', args: rest.trim() } : { kind: 'restart' };
    case 'help':
      return { kind: 'help', topic: words[0] ?? null };
    case 'modestops': {
      const a = words[0]?.toLowerCase();
      if (a !== undefined && a !== 'on' && a !== 'off') throw new CommandError('modestops: on or off');
      return { kind: 'modeStops', on: a === undefined ? null : a === 'on' };
    }
    case 'set':
    case 'show':
    case 'unset':
      return { kind: 'inferior', op: parseInferiorCommand(cmd.name, rest) };
    case 'quit':
      return { kind: 'quit' };
  }
  throw new CommandError(`unknown command '${word}'`);
}

/** The command a word names (an abbreviation or alias resolved as the parser resolves it), and its aliases; null for none. */
export function commandName(word: string): { name: string; aliases: string[] } | null {
  const c = resolve(word, INSPECT_COMMANDS) ?? resolve(word, COMMANDS);
  return c ? { name: c.name, aliases: c.aliases ?? [] } : null;
}

/** Every command name and alias, for completion on the command line. */
export const COMMAND_NAMES: readonly string[] = [...new Set([...COMMANDS, ...INSPECT_COMMANDS].flatMap((c) => [c.name, ...(c.aliases ?? [])]))].sort();

/** One-line summaries for `help` and the help overlay. */
export const COMMAND_HELP: [string, string][] = [
  ['break *ADDR|SYMBOL|FILE:LINE [if COND]', 'set a breakpoint (b); FUNCTION stops past its prologue'],
  ['tbreak LOCATION', 'one-shot breakpoint (tb)'],
  ['delete [N...]', 'delete breakpoints (d); all without N'],
  ['disable N... / enable N...', 'disable or enable breakpoints and catchpoints'],
  ['catch syscall [NAME|NR ...]', 'stop at a syscall (either ABI, by name)'],
  ['catch mode [enter|exit]', 'stop when the CPU enters or leaves ring 0'],
  ['catch method int80|sysenter|syscall|vdso', 'stop at a kernel entry by that method'],
  ['catch int VECTOR|timer', 'stop when interrupt VECTOR is delivered (0x80, 14, timer)'],
  ['catch load [NAME]', 'stop when ld.so maps a shared library (whose path contains NAME)'],
  ['catch signal [SIGNAL...|all]', 'stop when a signal is delivered: at its handler\'s first instruction, the frame built (all but SIGINT/SIGTRAP without SIGNAL)'],
  ['step [N] / s', 'a source line, into calls; one instruction without line info'],
  ['next [N] / n', 'a source line over calls; nexti without line info'],
  ['stepi [N] / si', 'one instruction, into the kernel on a mode switch'],
  ['nexti [N] / ni', 'over calls, and over a whole syscall'],
  ['continue / c', 'run until a breakpoint, catchpoint or exit'],
  ['finish', 'back to user mode, or out of the current function'],
  ['backtrace / bt, up [N], down [N], frame [N]', 'the call stack (CFI), with source lines; select a frame'],
  ['list [LINE|FILE:LINE|FUNCTION|-]', 'source lines around the stop, or there (l); where there are none (assembly, the kernel), SYMBOL or *ADDR moves the Code pane there'],
  ['disassemble [SYMBOL|*ADDR]', 'the whole function around the PC, or SYMBOL, with => at the PC (disas)'],
  ['info source / info line [LOCATION]', 'the current source file; a line\'s addresses'],
  ['x/NFU ADDR', 'examine memory (F: x d u o t a c s i; U: b h w g)'],
  ...INSPECT_HELP,
  ['info registers [NAME...]', 'registers (i r; i r rip, i r xmm0, i r st0)'],
  ['info breakpoints|proc mappings|msr|idt|tss', 'inspect (i b)'],
  ['info sharedlibrary', 'the loaded shared objects, as gdb lists them (break on a library symbol not loaded yet: pending)'],
  ['info float / info vector', 'the x87 stack, FSW/FCW; XMM registers and MXCSR'],
  ['profile NAME', 'switch cost profile (textbook, zen4-kvm) and restart'],
  ['restart', 'reload the program and boot again'],
  ['modestops [on|off]', 'stop at every mode switch (key m)'],
  ['set args ARGS / show args', 'the arguments of the next run (restart; `run ARGS` sets them too), as gdb'],
  ['set environment VAR=VALUE / unset environment [VAR] / show environment [VAR]', 'the environment of the next run (default: trapdoor run\'s fixed one)'],
  ['help', 'this list'],
];

export const KEY_HELP: [string, string][] = [
  ['s', 'step a source line (into calls); one instruction without line info, into the kernel on a mode switch'],
  ['n', 'next a source line (over calls); over a call or a whole syscall without line info'],
  ['i / o', 'stepi / nexti: always one instruction'],
  ['u / d', 'up / down a frame (the Code pane shows it)'],
  ['c', 'continue'],
  ['f', 'finish: to the return to user mode, or out of the function'],
  ['m', 'toggle stop at every mode switch'],
  ['b', 'toggle a breakpoint on the selected Code line'],
  ['l', "Code pane: the source file alone (gdb's layout src) or each source line above its instructions (layout split)"],
  [':', 'command line (gdb commands): Up/Down history, Tab completes (again: the candidates)'],
  ['Tab', 'next pane (Shift-Tab: previous); arrows and PgUp/PgDn scroll it'],
  ['1-8', 'focus pane N: Code Registers Kernel-stack Memory-map Cycles Syscalls Output Transitions (panes sharing a slot show the focused one)'],
  ['z', 'zoom the focused pane to the whole screen (again: back)'],
  ['/', 'search the code from the selected line: an instruction or symbol with the text (/ Enter: again)'],
  ['.', 'Code pane back to the PC after browsing (PgUp/PgDn and the arrows browse past the decoded lines)'],
  ['e', 'explain: the latest mode switch, vDSO call or signal in full (Enter on a Transitions row: that one), or what the last entry-code step did'],
  ['v', 'XMM registers as dwords, bytes or doubles'],
  ['?', 'this help'],
  ['r', 'restart'],
  ['q', 'quit'],
  ['Ctrl-C / p', 'interrupt a running continue'],
];

export { ExpressionError };
