// What the next run of the program gets, as gdb keeps it per inferior: the argument text
// (`set args`, `show args`) and the environment (`set environment`, `unset environment`,
// `show environment`), with gdb's parsing and messages. A change applies at the next run/restart.
import { CommandError } from './commands.js';

/** One of the commands on the settings. */
export type InferiorCommand =
  | { kind: 'setArgs'; text: string }
  | { kind: 'showArgs' }
  | { kind: 'setEnv'; text: string }
  | { kind: 'unsetEnv'; name: string | null }
  | { kind: 'showEnv'; name: string | null };

/** `environment` abbreviated as gdb accepts it (`env`, `environ` ...). */
const isEnvironment = (w: string): boolean => w.length >= 3 && 'environment'.startsWith(w.toLowerCase());

/** Parse what follows `set`, `show` or `unset`. */
export function parseInferiorCommand(verb: 'set' | 'show' | 'unset', rest: string): InferiorCommand {
  const m = /^(\S*)\s*(.*)$/s.exec(rest.trim())!;
  const what = m[1]!;
  const arg = m[2]!.trim();
  if (verb === 'set') {
    if (what === 'args') return { kind: 'setArgs', text: arg };
    if (isEnvironment(what)) return { kind: 'setEnv', text: arg };
    throw new CommandError(`set: '${what}' is not a setting here (set args ..., set environment VAR=VALUE)`);
  }
  if (verb === 'show') {
    if (what === 'args') return { kind: 'showArgs' };
    if (isEnvironment(what)) return { kind: 'showEnv', name: arg || null };
    throw new CommandError(`show: '${what}' is not a setting here (show args, show environment [VAR])`);
  }
  if (isEnvironment(what)) return { kind: 'unsetEnv', name: arg || null };
  throw new CommandError(`unset: '${what}' (unset environment [VAR])`);
}

/**
 * Split argument text into words as the shell that gdb starts the program with does: quotes and
 * backslashes (no $VAR, globs or redirections: a simplification, the words are taken literally).
 */
export function shellWords(text: string): string[] {
  const words: string[] = [];
  let cur: string | null = null;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === ' ' || c === '\t' || c === '\n') {
      if (cur !== null) words.push(cur);
      cur = null;
    } else if (c === "'") {
      const end = text.indexOf("'", i + 1);
      if (end < 0) throw new CommandError('set args: unterminated quoted string');
      cur = (cur ?? '') + text.slice(i + 1, end);
      i = end;
    } else if (c === '"') {
      let s = '';
      for (i++; i < text.length && text[i] !== '"'; i++) {
        // inside double quotes a backslash escapes only $ ` " \ and newline
        if (text[i] === '\\' && i + 1 < text.length && '$`"\\\n'.includes(text[i + 1]!)) i++;
        s += text[i];
      }
      if (i >= text.length) throw new CommandError('set args: unterminated quoted string');
      cur = (cur ?? '') + s;
    } else if (c === '\\' && i + 1 < text.length) {
      cur = (cur ?? '') + text[++i];
    } else cur = (cur ?? '') + c;
  }
  if (cur !== null) words.push(cur);
  return words;
}

export class InferiorSettings {
  /** The argument text as the user gave it (gdb shows it back as given). */
  private argsText: string;
  /** NAME=VALUE entries, the most recently set last. */
  private env: string[];

  constructor(args: readonly string[], env: readonly string[]) {
    this.argsText = args.map(quoteWord).join(' ');
    this.env = [...env];
  }

  /** The words the program gets after its name. */
  get args(): string[] {
    return shellWords(this.argsText);
  }

  get environment(): string[] {
    return [...this.env];
  }

  /** Run one command; returns gdb's message, or null where gdb prints nothing. */
  execute(cmd: InferiorCommand): string | null {
    switch (cmd.kind) {
      case 'setArgs':
        shellWords(cmd.text); // a bad quote is said now, not at the next run
        this.argsText = cmd.text;
        return null;
      case 'showArgs':
        return `Argument list to give program being debugged when it is started is "${this.argsText}".`;
      case 'setEnv':
        return this.setEnvironment(cmd.text);
      case 'unsetEnv':
        if (cmd.name === null) this.env = [];
        else this.env = this.env.filter((e) => nameOf(e) !== cmd.name);
        return null;
      case 'showEnv': {
        if (cmd.name === null) return this.env.length ? this.env.join('\n') : null;
        const e = this.env.find((x) => nameOf(x) === cmd.name);
        return e === undefined ? `Environment variable "${cmd.name}" not defined.` : `${cmd.name} = ${e.slice(e.indexOf('=') + 1)}`;
      }
    }
  }

  /** gdb's set environment: `VAR=VALUE`, `VAR VALUE`, `VAR = VALUE`; `VAR` alone sets it empty. */
  private setEnvironment(arg: string): string | null {
    if (!arg) throw new CommandError('Argument required (environment variable and value).');
    let eq = arg.indexOf('=');
    let space = arg.indexOf(' ');
    // gdb: with both, a space before the = ends the name unless only spaces lead to the =
    if (eq >= 0 && space >= 0 && eq > space) {
      while (arg[space] === ' ') space++;
      if (eq > space) eq = space - 1;
    } else if (space >= 0 && eq < 0) eq = space;
    if (eq === 0) throw new CommandError('Argument required (environment variable to set).');
    let value: string | null = null;
    let end = eq < 0 ? arg.length : eq;
    if (eq >= 0 && eq + 1 < arg.length) value = arg.slice(eq + 1).replace(/^[ \t]+/, '');
    while (end > 0 && (arg[end - 1] === ' ' || arg[end - 1] === '\t')) end--;
    const name = arg.slice(0, end);
    const entry = `${name}=${value ?? ''}`;
    // (gdb moves a variable set again to the end)
    this.env = this.env.filter((e) => nameOf(e) !== name);
    this.env.push(entry);
    return value === null ? `Setting environment variable "${name}" to null value.` : null;
  }
}

const nameOf = (entry: string): string => entry.slice(0, Math.max(0, entry.indexOf('=')));

/** A word as argument text that shellWords gives back unchanged. */
function quoteWord(w: string): string {
  return /^[\w@%+=:,./-]+$/.test(w) ? w : `'${w.replace(/'/g, "'\\''")}'`;
}
