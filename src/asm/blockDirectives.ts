// Block directives work on whole lines before statements: .macro/.endm (and calls), .rept, .irp,
// .irpc, .if*/.else/.endif and .include. Each has a limit so that no input can recurse or expand
// without bound; what is left of a line goes to the host as statements.
import { AsmError, errorAt, type SourcePos } from './AsmError.js';
import { skipCharLiteral } from './expression.js';

/** One source line as the block layer sees it: comment-free text and the line as written. */
export interface Logical {
  text: string;
  raw: string;
  line: number;
  file: string;
  /** The macros this line was expanded from, outermost first ("PUSH_AND_CLEAR_REGS > PUSH_REGS"). */
  macro?: string;
}

export interface IncludedFile {
  path: string;
  text: string;
  /** The text holds one byte per character (a file read as bytes). */
  binary?: boolean;
}

export interface BlockHost {
  /** Run a line's statements (labels, assignments, directives, instructions). */
  statements(text: string, pos: SourcePos): void;
  isDefined(name: string): boolean;
  /** The constant value of the expression starting at column `startCol` (0-based index) of `text`. */
  constant(text: string, pos: SourcePos, startCol: number, what: string): bigint;
  include(name: string, from: string): IncludedFile | undefined;
  warn(pos: SourcePos, message: string, col: number): void;
}

/** GNU as's limit on nested macro expansions (its max_macro_nest). */
export const MAX_MACRO_DEPTH = 100;
/** Nesting of .rept/.irp/.include/macro bodies within each other. */
export const MAX_BLOCK_DEPTH = 256;
export const MAX_INCLUDE_DEPTH = 16;
/** Lines one assembly may run from .rept/.irp/macro expansion (as would go on for minutes, then run out of memory). */
export const MAX_EXPANDED_LINES = 1_000_000;

/** Blank out comments (keeping columns and newlines) so that statements can be scanned directly. */
export function stripComments(text: string): string {
  if (!text.includes('#') && !text.includes('/*')) return text;
  const parts: string[] = [];
  let last = 0;
  let i = 0;
  let q = 0;
  const n = text.length;
  const blank = (from: number, to: number): void => {
    parts.push(text.slice(last, from), text.slice(from, to).replace(/[^\n]/g, ' '));
    last = to;
  };
  while (i < n) {
    const c = text.charCodeAt(i);
    if (q) {
      if (c === 92 /* \\ */) i++;
      else if (c === q || c === 10) q = 0;
      i++;
      continue;
    }
    if (c === 34 /* " */) q = 34;
    else if (c === 39 /* ' */) {
      i = skipCharLiteral(text, i);
      continue;
    } else if (c === 47 /* / */ && text.charCodeAt(i + 1) === 42 /* * */) {
      const close = text.indexOf('*/', i + 2);
      const to = close < 0 ? n : close + 2;
      blank(i, to);
      i = to;
      continue;
    } else if (c === 35 /* # */) {
      let to = text.indexOf('\n', i);
      if (to < 0) to = n;
      blank(i, to);
      i = to;
      continue;
    }
    i++;
  }
  parts.push(text.slice(last));
  return parts.join('');
}

/** Display text of a source line: a file read as bytes shows its UTF-8 as characters again. */
export function displayLine(raw: string, binary: boolean): string {
  return binary && /[\x80-\xff]/.test(raw) ? Buffer.from(raw, 'latin1').toString('utf8') : raw;
}

/** A file's lines for the block layer (CRLF tolerated). */
export function logicalLines(text0: string, file: string, binary: boolean): Logical[] {
  const text = text0.includes('\r') ? text0.replace(/\r\n?/g, '\n') : text0;
  const raw = text.split('\n');
  return stripComments(text).split('\n').map((t, n) => ({ text: t, raw: displayLine(raw[n]!, binary), line: n + 1, file }));
}

interface Macro {
  name: string;
  params: { name: string; def: string }[];
  body: Logical[];
}

const firstWord = (text: string): { word: string; rest: string; restCol: number; col: number } | null => {
  const m = /^\s*([A-Za-z_.$][A-Za-z0-9_.$]*)/.exec(text);
  if (!m) return null;
  return { word: m[1]!, rest: text.slice(m[0].length), restCol: m[0].length, col: m[0].length - m[1]!.length + 1 };
};

function splitArgs(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let q = '';
  let cur = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (q) {
      cur += c;
      if (c === '\\') cur += text[++i] ?? '';
      else if (c === q) q = '';
      continue;
    }
    if (c === '"') q = c;
    if (c === '(') depth++;
    if (c === ')') depth--;
    if (c === ',' && depth === 0) {
      out.push(cur.trim());
      cur = '';
    } else cur += c;
  }
  if (cur.trim() || out.length) out.push(cur.trim());
  return out;
}

function collect(src: Logical[], i: number, open: RegExp, close: RegExp, what: string, pos: SourcePos): { body: Logical[]; next: number } {
  let depth = 1;
  const body: Logical[] = [];
  for (let j = i + 1; j < src.length; j++) {
    const w = firstWord(src[j]!.text)?.word.toLowerCase();
    if (w && open.test(w)) depth++;
    else if (w && close.test(w) && --depth === 0) return { body, next: j };
    body.push(src[j]!);
  }
  throw errorAt(pos, `missing ${what}`);
}

// Labels before a macro call on the same line (`_start: m`).
const LEADING_LABELS = /^(?:\s*(?:[A-Za-z_.$][A-Za-z0-9_.$]*|[0-9]+)\s*:(?![:=]))+/;

/** Runs the block directives of one file (with what it includes) against a host. */
export class BlockRunner {
  private readonly macros = new Map<string, Macro>();
  private macroCounter = 0;
  private macroDepth = 0;
  private blockDepth = 0;
  private includeDepth = 0;
  private expandedLines = 0;
  private readonly conds: { active: boolean; taken: boolean; parentActive: boolean }[] = [];
  private exitRequested = false;

  /** `maxLines`: lines expansion may give (MAX_EXPANDED_LINES unless an assembly asks for fewer). */
  constructor(
    private readonly host: BlockHost,
    private readonly maxLines = MAX_EXPANDED_LINES,
  ) {}

  /** Run a file's lines; `end` is where a missing .endif is reported. */
  runFile(lines: Logical[], end: SourcePos): void {
    this.run(lines, false);
    if (this.conds.length) throw errorAt(end, 'missing .endif');
  }

  private isActive(): boolean {
    return this.conds.length === 0 || this.conds[this.conds.length - 1]!.active;
  }

  private substitute(body: Logical[], values: Map<string, string>): Logical[] {
    const counter = String(this.macroCounter);
    return body.map((b) => {
      const text = b.text.replace(/\\(\(\)|@|[A-Za-z_][A-Za-z0-9_]*)/g, (m, name: string) => (name === '()' ? '' : name === '@' ? counter : (values.get(name) ?? m)));
      return { text, raw: text, line: b.line, file: b.file, macro: b.macro };
    });
  }

  /** Run a nested body (expansion or include) one level deeper. */
  private nested(lines: Logical[], pos: SourcePos, col: number, expanded: boolean): void {
    if (++this.blockDepth > MAX_BLOCK_DEPTH) throw errorAt(pos, `.rept/.irp/.include/macro blocks nested too deeply (more than ${MAX_BLOCK_DEPTH})`, col);
    try {
      this.run(lines, expanded);
    } finally {
      this.blockDepth--;
    }
  }

  private run(src: Logical[], expanded: boolean): void {
    for (let i = 0; i < src.length && !this.exitRequested; i++) {
      const L = src[i]!;
      if (!L.text.trim()) continue;
      const pos: SourcePos = L.macro ? { file: L.file, line: L.line, col: 1, text: L.raw, macro: L.macro } : { file: L.file, line: L.line, col: 1, text: L.raw };
      if (expanded && ++this.expandedLines > this.maxLines) throw errorAt(pos, `.rept/.irp/macro expansion gives more than ${this.maxLines} lines`);
      const fw = firstWord(L.text);
      const w = fw?.word.toLowerCase() ?? '';
      if (/^\.if(n?def|eq|ne|notdef)?$/.test(w)) {
        const parentActive = this.isActive();
        let cond = false;
        if (parentActive) {
          if (w === '.ifdef' || w === '.ifndef' || w === '.ifnotdef') {
            const defined = this.host.isDefined(fw!.rest.trim());
            cond = w === '.ifdef' ? defined : !defined;
          } else {
            const v = this.host.constant(L.text, pos, fw!.restCol, 'condition');
            cond = w === '.ifeq' ? v === 0n : v !== 0n;
          }
        }
        this.conds.push({ active: parentActive && cond, taken: cond, parentActive });
        continue;
      }
      if (w === '.else' || w === '.elseif') {
        const top = this.conds[this.conds.length - 1];
        if (!top) throw errorAt(pos, `${w} without .if`, fw!.col);
        if (w === '.else') top.active = top.parentActive && !top.taken;
        else top.active = top.parentActive && !top.taken && this.host.constant(L.text, pos, fw!.restCol, 'condition') !== 0n;
        top.taken ||= top.active;
        continue;
      }
      if (w === '.endif') {
        if (!this.conds.pop()) throw errorAt(pos, '.endif without .if', fw!.col);
        continue;
      }
      if (!this.isActive()) continue;
      if (w === '.macro') {
        const parts = fw!.rest.trim().split(/[\s,]+/).filter(Boolean);
        const name = parts.shift();
        if (!name) throw errorAt(pos, 'missing macro name', fw!.col);
        const params = parts.map((p) => {
          const [pn, def] = p.split('=');
          return { name: pn!.replace(/:req$|:vararg$/, ''), def: def ?? '' };
        });
        const { body, next } = collect(src, i, /^\.macro$/, /^\.endm$/, '.endm', pos);
        this.macros.set(name.toLowerCase(), { name, params, body });
        i = next;
        continue;
      }
      if (w === '.rept' || w === '.irp' || w === '.irpc') {
        const { body, next } = collect(src, i, /^\.(rept|irpc?)$/, /^\.endr$/, '.endr', pos);
        if (w === '.rept') this.rept(L, pos, fw!, body);
        else {
          const [sym, ...vals] = splitArgs(fw!.rest);
          if (!sym) throw errorAt(pos, `missing symbol for ${w}`, fw!.col);
          const items = w === '.irp' ? vals : [...vals.join(',')];
          for (const v of items) this.nested(this.substitute(body, new Map([[sym, v]])), pos, fw!.col, true);
        }
        i = next;
        continue;
      }
      if (w === '.include') {
        this.include(pos, fw!);
        continue;
      }
      if (w === '.exitm') {
        if (this.macroDepth === 0) this.host.warn(pos, 'ignoring .exitm outside a macro', fw!.col);
        else this.exitRequested = true;
        continue;
      }
      if (w === '.endm' || w === '.endr') throw errorAt(pos, `${w} without its opening directive`, fw!.col);
      if (this.callMacro(L, pos)) continue;
      this.host.statements(L.text, pos);
    }
  }

  private rept(L: Logical, pos: SourcePos, fw: NonNullable<ReturnType<typeof firstWord>>, body: Logical[]): void {
    const n = BigInt.asIntN(64, this.host.constant(L.text, pos, fw.restCol, 'repeat count'));
    const col = fw.restCol + 1 + (fw.rest.length - fw.rest.trimStart().length);
    if (n < 0n) throw errorAt(pos, `negative count for .rept (${n})`, col);
    const lines = n * this.weight(body, pos);
    if (lines > BigInt(this.maxLines)) throw errorAt(pos, `.rept ${n} expands to more than ${this.maxLines} lines`, col);
    for (let k = 0n; k < n; k++) this.nested(body, pos, fw.col, true);
  }

  /**
   * Lines a body expands to, nested .rept counts multiplied in (a count not yet known counts once);
   * a few levels deep only, so that deep nesting stays linear: the running count catches the rest.
   */
  private weight(body: Logical[], pos: SourcePos, depth = 0): bigint {
    let total = 0n;
    for (let i = 0; i < body.length; i++) {
      const fw = firstWord(body[i]!.text);
      if (fw?.word.toLowerCase() !== '.rept' || depth >= 4) {
        total++;
        continue;
      }
      let n = 1n;
      try {
        n = BigInt.asIntN(64, this.host.constant(body[i]!.text, pos, fw.restCol, 'repeat count'));
      } catch {
        // a count made inside the loop: known only when it runs
      }
      try {
        const inner = collect(body, i, /^\.(rept|irpc?)$/, /^\.endr$/, '.endr', pos);
        total += (n > 0n ? n : 1n) * this.weight(inner.body, pos, depth + 1);
        i = inner.next;
      } catch {
        total++;
      }
      if (total > BigInt(this.maxLines)) return total;
    }
    return total === 0n ? 1n : total;
  }

  private include(pos: SourcePos, fw: NonNullable<ReturnType<typeof firstWord>>): void {
    const m = /^\s*"([^"]*)"\s*$/.exec(fw.rest);
    const argCol = fw.restCol + 1 + (fw.rest.length - fw.rest.trimStart().length);
    if (!m) throw errorAt(pos, 'expected .include "file"', argCol);
    if (this.includeDepth >= MAX_INCLUDE_DEPTH) throw errorAt(pos, `.include nested too deeply (more than ${MAX_INCLUDE_DEPTH})`, fw.col);
    let inc: IncludedFile | undefined;
    try {
      inc = this.host.include(m[1]!, pos.file);
    } catch (e) {
      throw e instanceof AsmError ? e : errorAt(pos, `cannot include '${m[1]}': ${(e as Error).message}`, argCol);
    }
    if (!inc) throw errorAt(pos, `cannot open include file '${m[1]}'`, argCol);
    this.includeDepth++;
    try {
      this.nested(logicalLines(inc.text, inc.path, inc.binary ?? false), pos, fw.col, false);
    } finally {
      this.includeDepth--;
    }
  }

  /** Parameter values of a call: positional arguments in order, or `name=value` (as's keyword arguments), else the defaults. */
  private bindArguments(mac: Macro, args: string[], pos: SourcePos, col: number): Map<string, string> {
    const values = new Map(mac.params.map((p) => [p.name, p.def]));
    let keyword = false;
    args.forEach((a, k) => {
      const kw = /^([A-Za-z_.$][A-Za-z0-9_.$]*)\s*=(?!=)\s*(.*)$/s.exec(a);
      if (kw) {
        if (!mac.params.some((p) => p.name === kw[1])) throw errorAt(pos, `parameter named '${kw[1]}' does not exist for macro '${mac.name}'`, col);
        keyword = true;
        if (kw[2] !== '') values.set(kw[1]!, kw[2]!);
        return;
      }
      if (keyword) throw errorAt(pos, "can't mix positional and keyword arguments", col);
      const p = mac.params[k];
      if (!p) throw errorAt(pos, 'too many positional arguments', col);
      if (a !== '') values.set(p.name, a);
    });
    return values;
  }

  /** Expand a macro call (after any labels on the line); false when the line calls none. */
  private callMacro(L: Logical, pos: SourcePos): boolean {
    const labels = LEADING_LABELS.exec(L.text)?.[0] ?? '';
    const rest = L.text.slice(labels.length);
    const fw = firstWord(rest);
    const mac = fw && !/^\s*[:=]/.test(fw.rest) ? this.macros.get(fw.word.toLowerCase()) : undefined;
    if (!mac) return false;
    if (labels) this.host.statements(labels, pos);
    if (this.macroDepth >= MAX_MACRO_DEPTH) throw errorAt(pos, 'macros nested too deeply', labels.length + fw!.col);
    let args = splitArgs(fw!.rest);
    if (args.length === 1 && mac.params.length > 1) args = args[0]!.split(/\s+/).filter(Boolean);
    const values = this.bindArguments(mac, args, pos, labels.length + fw!.restCol + 1);
    const chain = L.macro ? `${L.macro} > ${mac.name}` : mac.name;
    const expansion = this.substitute(mac.body, values).map((b) => ({ ...b, macro: chain })); // \@ counts expansions from 0
    this.macroCounter++;
    const depth = this.conds.length;
    this.macroDepth++;
    try {
      this.nested(expansion, pos, labels.length + fw!.col, true);
    } finally {
      this.macroDepth--;
    }
    if (this.exitRequested) {
      this.exitRequested = false;
      this.conds.length = depth; // .exitm leaves the macro's open .if blocks
    }
    return true;
  }
}
