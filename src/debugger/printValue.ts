// gdb's `print` for a program without debug info: C expressions over registers ($rax, $rip,
// $eflags), literals, symbols (no debug info, as gdb treats them), casts, * and &, sizeof, and the
// value history ($, $$, $N); values carry gdb's types, so they print as gdb prints them
// (`(void (*)()) 0x401000 <_start>`, `65 'A'`, `[ IF ZF ]`, /x /d /u /o /t /c /a /z /s).

/** A value with the C type gdb gives it. */
export type Value =
  | { t: 'int'; size: 1 | 2 | 4 | 8; signed: boolean; v: bigint; char?: boolean }
  /** A pointer: to code (`void (*)()`), to void, to an integer type, or to a data symbol without debug info. */
  | { t: 'ptr'; to: 'code' | 'void' | 'nodebug-data' | 'nodebug-text' | { size: 1 | 2 | 4 | 8; signed: boolean; name: string }; v: bigint }
  /** A text symbol without debug info: gdb's `{<text variable, no debug info>} 0x401000 <_start>`. */
  | { t: 'func'; v: bigint }
  | { t: 'flags'; v: bigint }
  | { t: 'void' }
  /** A convenience value printed as it is ($_siginfo's fields). */
  | { t: 'text'; text: string };

export class PrintError extends Error {}

export interface PrintContext {
  /** 64-bit process (sizes of long and pointers). */
  wide: boolean;
  register(name: string): bigint | undefined;
  symbol(name: string): { addr: bigint; code: boolean } | undefined;
  /** `<_start+3>` for an address in a symbol, or null. */
  describe(addr: bigint): string | null;
  read(addr: bigint, len: number): Uint8Array | null;
  /** gdb's convenience variables ($_siginfo, $_exitcode), or undefined. */
  convenience(name: string): Value | undefined;
  /** Whether the program has debug information (gdb's words for an unknown name differ). */
  debugInfo: boolean;
  /** The value history: $1 is history[0]. */
  history: readonly Value[];
}

const INT = (v: bigint, size: 1 | 2 | 4 | 8 = 4, signed = true): Value => ({ t: 'int', size, signed, v: wrap(v, size, signed) });

function wrap(v: bigint, size: number, signed: boolean): bigint {
  return signed ? BigInt.asIntN(size * 8, v) : BigInt.asUintN(size * 8, v);
}

const TYPES: Record<string, { size: 1 | 2 | 4 | 8; signed: boolean } | 'long'> = {
  char: { size: 1, signed: true }, 'signed char': { size: 1, signed: true }, 'unsigned char': { size: 1, signed: false },
  short: { size: 2, signed: true }, 'unsigned short': { size: 2, signed: false },
  int: { size: 4, signed: true }, 'unsigned int': { size: 4, signed: false }, unsigned: { size: 4, signed: false },
  long: 'long', 'unsigned long': 'long', 'long long': { size: 8, signed: true }, 'unsigned long long': { size: 8, signed: false },
  int8_t: { size: 1, signed: true }, uint8_t: { size: 1, signed: false }, int16_t: { size: 2, signed: true }, uint16_t: { size: 2, signed: false },
  int32_t: { size: 4, signed: true }, uint32_t: { size: 4, signed: false }, int64_t: { size: 8, signed: true }, uint64_t: { size: 8, signed: false },
};

type CType = { kind: 'int'; size: 1 | 2 | 4 | 8; signed: boolean; name: string } | { kind: 'ptr'; to: Extract<Value, { t: 'ptr' }>['to'] };

function parseType(words: string, ctx: PrintContext): CType | null {
  const m = /^((?:unsigned |signed )?(?:long long|[a-z_0-9]+(?: int)?)|void)\s*(\*?)\s*(\*?)$/.exec(words.trim().replace(/\s+/g, ' '));
  if (!m) return null;
  const base = m[1]!.replace(/^(long|short) int$/, '$1').replace(/^unsigned (long|short|char) int$/, 'unsigned $1');
  const stars = (m[2] ? 1 : 0) + (m[3] ? 1 : 0);
  if (base === 'void') return stars === 0 ? null : { kind: 'ptr', to: stars === 1 ? 'void' : { size: ctx.wide ? 8 : 4, signed: false, name: 'void *' } };
  const t = TYPES[base];
  if (!t) return null;
  const it = t === 'long' ? { size: (ctx.wide ? 8 : 4) as 4 | 8, signed: base === 'long' } : t;
  if (stars === 0) return { kind: 'int', ...it, name: base };
  if (stars === 2) return { kind: 'ptr', to: { size: ctx.wide ? 8 : 4, signed: false, name: `${base} *` } };
  return { kind: 'ptr', to: { ...it, name: base } };
}

const TOKEN = /\s*(0x[0-9a-fA-F]+|\d+|'(?:\\.|[^'])'|\$[A-Za-z_]\w*|\$\$?\d*|[A-Za-z_.][\w.@]*|\|\||&&|==|!=|<=|>=|<<|>>|[-+*/%&|^<>!~(),])/y;

function tokenize(text: string): string[] {
  const out: string[] = [];
  let pos = 0;
  while (pos < text.length && !/^\s*$/.test(text.slice(pos))) {
    TOKEN.lastIndex = pos;
    const m = TOKEN.exec(text);
    if (!m) throw new PrintError(`A syntax error in expression, near \`${text.slice(pos).trim()}'.`);
    out.push(m[1]!);
    pos = TOKEN.lastIndex;
  }
  return out;
}

const BINARY: Record<string, number> = { '||': 1, '&&': 2, '|': 3, '^': 4, '&': 5, '==': 6, '!=': 6, '<': 7, '<=': 7, '>': 7, '>=': 7, '<<': 8, '>>': 8, '+': 9, '-': 9, '*': 10, '/': 10, '%': 10 };

function literal(t: string): Value {
  if (t.startsWith("'")) {
    const c = t.slice(1, -1);
    const esc: Record<string, number> = { n: 10, t: 9, r: 13, '0': 0, '\\': 92, "'": 39 };
    const code = c.startsWith('\\') ? (esc[c[1]!] ?? c.charCodeAt(1)) : c.charCodeAt(0);
    return { t: 'int', size: 1, signed: true, v: BigInt(code), char: true };
  }
  const v = BigInt(t);
  const hex = /^0x/i.test(t);
  // C's rules for an unsuffixed literal: int, then (hex only) unsigned int, then long, unsigned long
  if (v <= 0x7fffffffn) return INT(v);
  if (hex && v <= 0xffffffffn) return INT(v, 4, false);
  if (v <= 0x7fffffffffffffffn) return INT(v, 8, true);
  return INT(v, 8, false);
}

/** A register as gdb types it on x86: general registers as long/int, rip as code, rsp/rbp as void *. */
function register(name: string, ctx: PrintContext): Value {
  const n = name.toLowerCase();
  const v = ctx.register(n === 'rflags' ? 'eflags' : n);
  if (v === undefined) return { t: 'void' };
  if (n === 'pc' || n === 'rip' || n === 'eip') return { t: 'ptr', to: 'code', v };
  if (['sp', 'fp', 'rsp', 'rbp', 'esp', 'ebp'].includes(n)) return { t: 'ptr', to: 'void', v };
  if (n === 'eflags' || n === 'rflags') return { t: 'flags', v };
  if (/^[re]?[abcd]x$|^[re]?[sd]i$|^r\d+$/.test(n)) return INT(v, n.startsWith('r') ? 8 : n.startsWith('e') ? 4 : 2);
  if (/^r\d+d$/.test(n)) return INT(v, 4);
  if (/^[abcd]l$/.test(n)) return INT(v, 1);
  if (/^(cs|ss|ds|es|fs|gs)$/.test(n)) return INT(v, 4);
  return INT(v, 8); // fs_base, gs_base (long), and the kernel's cr3, cpl
}

function historyValue(t: string, ctx: PrintContext): Value {
  const h = ctx.history;
  const pick = (i: number): Value => {
    if (h.length === 0 && i === h.length - 1) return { t: 'void' };
    const v = h[i];
    if (v === undefined) throw new PrintError(`History has not yet reached $${i + 1}.`);
    return v;
  };
  if (t === '$') return pick(h.length - 1);
  if (t === '$$') return pick(h.length - 2);
  if (t.startsWith('$$')) return pick(h.length - 1 - Number(t.slice(2)));
  return pick(Number(t.slice(1)) - 1);
}

function toInt(v: Value, what: string): Extract<Value, { t: 'int' }> {
  if (v.t === 'int') return v;
  if (v.t === 'ptr' || v.t === 'func') return { t: 'int', size: 8, signed: false, v: v.v };
  if (v.t === 'flags') return { t: 'int', size: 4, signed: true, v: v.v };
  throw new PrintError(`Argument to ${what} operation not a number or boolean.`);
}

function deref(p: Value, ctx: PrintContext): Value {
  // gdb's extension: *INTEGER reads an int there
  if (p.t === 'int') return deref({ t: 'ptr', to: { size: 4, signed: true, name: 'int' }, v: BigInt.asUintN(ctx.wide ? 64 : 32, p.v) }, ctx);
  if (p.t !== 'ptr') throw new PrintError('Attempt to take contents of a non-pointer value.');
  if (p.to === 'void') throw new PrintError('Attempt to dereference a generic pointer.');
  if (p.to === 'code' || p.to === 'nodebug-text') return { t: 'func', v: p.v };
  if (p.to === 'nodebug-data') throw new PrintError(`'${ctx.describe(p.v)?.replace(/^<|>$/g, '') ?? 'symbol'}' has unknown type; cast it to its declared type`);
  const b = ctx.read(p.v, p.to.size);
  if (!b || b.length < p.to.size) throw new PrintError(`Cannot access memory at address 0x${p.v.toString(16)}`);
  let v = 0n;
  for (let i = p.to.size - 1; i >= 0; i--) v = (v << 8n) | BigInt(b[i]!);
  if (p.to.name.endsWith('*')) return { t: 'ptr', to: 'void', v };
  return { t: 'int', size: p.to.size, signed: p.to.signed, v: wrap(v, p.to.size, p.to.signed), char: p.to.size === 1 };
}

function cast(v: Value, type: CType, ctx: PrintContext): Value {
  if (type.kind === 'ptr') return { t: 'ptr', to: type.to, v: BigInt.asUintN(ctx.wide ? 64 : 32, toInt(v, 'cast').v) };
  return { t: 'int', size: type.size, signed: type.signed, v: wrap(toInt(v, 'cast').v, type.size, type.signed), char: type.size === 1 && type.name.includes('char') };
}

/** Parse and evaluate one expression. */
export function evaluatePrint(text: string, ctx: PrintContext): Value {
  const tokens = tokenize(text);
  if (tokens.length === 0) throw new PrintError('Argument required (expression to compute).');
  let i = 0;
  const expect = (t: string): void => {
    if (tokens[i++] !== t) throw new PrintError(`A syntax error in expression, near \`${tokens.slice(i - 1).join(' ')}'.`);
  };
  /** A parenthesised type name at i (a cast or sizeof's operand), or null. */
  const typeAt = (): CType | null => {
    if (tokens[i] !== '(') return null;
    const close = tokens.indexOf(')', i);
    if (close < 0) return null;
    const t = parseType(tokens.slice(i + 1, close).join(' ').replace(/ \*/g, '*').replace(/\*/g, ' *'), ctx);
    if (t) i = close + 1;
    return t;
  };
  const unary = (): Value => {
    const t = tokens[i];
    if (t === undefined) throw new PrintError('A syntax error in expression, near `\'.');
    if (t === 'sizeof') {
      i++;
      const ty = typeAt();
      const size = ty ? (ty.kind === 'ptr' ? (ctx.wide ? 8 : 4) : ty.size) : sizeOf(unary(), ctx);
      return INT(BigInt(size), ctx.wide ? 8 : 4, false);
    }
    const ty = typeAt();
    if (ty) return cast(unary(), ty, ctx);
    i++;
    if (t === '-' || t === '~' || t === '!') {
      const a = toInt(unary(), 'unary');
      const p = promote(a);
      return t === '-' ? INT(-p.v, p.size, p.signed) : t === '~' ? INT(~p.v, p.size, p.signed) : INT(a.v === 0n ? 1n : 0n);
    }
    if (t === '*') return deref(unary(), ctx);
    if (t === '&') {
      const name = tokens[i++];
      const s = name && /^[A-Za-z_.]/.test(name) ? ctx.symbol(name) : undefined;
      if (!s) throw new PrintError('Attempt to take address of value not located in memory.');
      return { t: 'ptr', to: s.code ? 'nodebug-text' : 'nodebug-data', v: s.addr };
    }
    if (t === '(') {
      const v = binary(0);
      expect(')');
      return v;
    }
    if (/^\d|^'/.test(t)) return literal(t);
    if (/^\$\$?\d*$/.test(t)) return historyValue(t, ctx);
    if (t.startsWith('$')) {
      const c = ctx.convenience(t.slice(1));
      return c ?? register(t.slice(1), ctx);
    }
    const s = ctx.symbol(t);
    if (!s) throw new PrintError(ctx.debugInfo ? `No symbol "${t}" in current context.` : 'No symbol table is loaded.  Use the "file" command.');
    if (s.code) return { t: 'func', v: s.addr };
    // gdb reads a data symbol without debug info only through a cast: (long)msg
    throw new PrintError(`'${t}' has unknown type; cast it to its declared type`);
  };
  const binary = (min: number): Value => {
    let left = castedSymbol() ?? unary();
    for (;;) {
      const op = tokens[i];
      const prec = op === undefined ? undefined : BINARY[op];
      if (prec === undefined || prec < min) return left;
      i++;
      left = apply(op!, left, binary(prec + 1), ctx);
    }
  };
  /** `(long)msg`: a cast of a data symbol reads it as that type (gdb's rule for no-debug data). */
  const castedSymbol = (): Value | null => {
    const save = i;
    const ty = typeAt();
    if (ty && tokens[i] && /^[A-Za-z_.]/.test(tokens[i]!) && tokens[i] !== 'sizeof') {
      const s = ctx.symbol(tokens[i]!);
      if (s && !s.code && ty.kind === 'int') {
        i++;
        return deref({ t: 'ptr', to: { size: ty.size, signed: ty.signed, name: ty.name }, v: s.addr }, ctx);
      }
    }
    i = save;
    return null;
  };
  const v = binary(0);
  if (i < tokens.length) throw new PrintError(`A syntax error in expression, near \`${tokens.slice(i).join(' ')}'.`);
  return v;
}

function sizeOf(v: Value, ctx: PrintContext): number {
  return v.t === 'int' ? v.size : v.t === 'flags' ? 4 : ctx.wide ? 8 : 4;
}

/** C's integer promotions (to int) and usual arithmetic conversions. */
function promote(a: Extract<Value, { t: 'int' }>): { size: 4 | 8; signed: boolean; v: bigint } {
  return a.size < 4 ? { size: 4, signed: true, v: a.v } : { size: a.size as 4 | 8, signed: a.signed, v: a.v };
}

function apply(op: string, l: Value, r: Value, ctx: PrintContext): Value {
  // pointer arithmetic: void * and code pointers by bytes (a gdb extension), typed pointers by their size
  if ((op === '+' || op === '-') && l.t === 'ptr' && r.t === 'int') {
    const scale = typeof l.to === 'object' ? BigInt(l.to.size) : 1n;
    const v = op === '+' ? l.v + r.v * scale : l.v - r.v * scale;
    return { ...l, v: BigInt.asUintN(ctx.wide ? 64 : 32, v) };
  }
  if (op === '-' && l.t === 'ptr' && r.t === 'ptr') return INT(l.v - r.v, ctx.wide ? 8 : 4);
  const a = promote(toInt(l, 'binary'));
  const b = promote(toInt(r, 'binary'));
  const size = (a.size > b.size ? a.size : b.size) as 4 | 8;
  const signed = a.size === b.size ? a.signed && b.signed : a.size > b.size ? a.signed : b.signed;
  const x = wrap(a.v, size, signed);
  const y = wrap(b.v, size, signed);
  const bool = (c: boolean): Value => INT(c ? 1n : 0n);
  switch (op) {
    case '==': return bool(x === y);
    case '!=': return bool(x !== y);
    case '<': return bool(x < y);
    case '<=': return bool(x <= y);
    case '>': return bool(x > y);
    case '>=': return bool(x >= y);
    case '&&': return bool(x !== 0n && y !== 0n);
    case '||': return bool(x !== 0n || y !== 0n);
    case '/':
    case '%':
      if (y === 0n) throw new PrintError('Division by zero');
      // BigInt division truncates toward zero, as C's does
      return INT(op === '/' ? x / y : x % y, size, signed);
    case '<<': return INT(x << (y & 63n), size, signed);
    case '>>': return INT(x >> (y & 63n), size, signed);
    case '+': return INT(x + y, size, signed);
    case '-': return INT(x - y, size, signed);
    case '*': return INT(x * y, size, signed);
    case '&': return INT(x & y, size, signed);
    case '|': return INT(x | y, size, signed);
    case '^': return INT(x ^ y, size, signed);
  }
  throw new PrintError(`A syntax error in expression, near \`${op}'.`);
}

const FLAG_NAMES: [number, string][] = [[0, 'CF'], [2, 'PF'], [4, 'AF'], [6, 'ZF'], [7, 'SF'], [8, 'TF'], [9, 'IF'], [10, 'DF'], [11, 'OF'], [14, 'NT'], [16, 'RF'], [17, 'VM'], [18, 'AC'], [19, 'VIF'], [20, 'VIP'], [21, 'ID']];

function charText(code: number): string {
  const esc: Record<number, string> = { 0: '\\000', 7: '\\a', 8: '\\b', 9: '\\t', 10: '\\n', 11: '\\v', 12: '\\f', 13: '\\r', 39: "\\'", 92: '\\\\' };
  if (esc[code & 0xff] !== undefined) return esc[code & 0xff]!;
  const u = code & 0xff;
  return u >= 0x20 && u < 0x7f ? String.fromCharCode(u) : `\\${u.toString(8).padStart(3, '0')}`;
}

/** A print format letter: x d u o t a c z s f, or none. */
export type PrintFormat = 'x' | 'd' | 'u' | 'o' | 't' | 'a' | 'c' | 'z' | 's' | 'f' | null;

/** Format a value as gdb's print does. */
export function formatValue(v: Value, format: PrintFormat, ctx: PrintContext): string {
  if (v.t === 'void') return 'void';
  if (v.t === 'text') return v.text;
  const size = v.t === 'int' ? v.size : v.t === 'flags' ? 4 : ctx.wide ? 8 : 4;
  const raw = v.v;
  const u = BigInt.asUintN(size * 8, raw);
  const sym = (a: bigint): string => {
    const d = ctx.describe(a);
    return d ? ` <${d}>` : '';
  };
  switch (format) {
    case 'x': return `0x${u.toString(16)}`;
    case 'z': return `0x${u.toString(16).padStart(size * 2, '0')}`;
    case 'o': return u === 0n ? '0' : `0${u.toString(8)}`;
    case 't': return u.toString(2);
    case 'd': return BigInt.asIntN(size * 8, raw).toString();
    case 'u': return u.toString();
    case 'a': return `0x${u.toString(16)}${sym(u)}`;
    case 'c': {
      const c = Number(BigInt.asIntN(8, raw));
      return `${c} '${charText(c)}'`;
    }
    default:
      break;
  }
  switch (v.t) {
    case 'int':
      return v.char ? `${v.v} '${charText(Number(v.v))}'` : v.v.toString();
    case 'flags': {
      const names = FLAG_NAMES.filter(([bit]) => ((v.v >> BigInt(bit)) & 1n) !== 0n).map(([, n]) => n);
      return `[ ${names.join(' ')}${names.length ? ' ' : ''}]`;
    }
    case 'func':
      return `{<text variable, no debug info>} 0x${v.v.toString(16)}${sym(v.v)}`;
    case 'ptr': {
      const type = v.to === 'code' ? 'void (*)()' : v.to === 'void' ? 'void *' : v.to === 'nodebug-data' ? '<data variable, no debug info> *' : v.to === 'nodebug-text' ? '<text variable, no debug info> *' : `${v.to.name} *`;
      const code = v.to === 'code' || v.to === 'nodebug-text';
      return `(${type}) 0x${v.v.toString(16)}${code ? sym(v.v) : ''}`;
    }
  }
}

/** Parse `print[/F] EXPR`'s format: the letter, or an error as gdb words it. */
export function parsePrintFormat(spec: string, command: string): PrintFormat {
  if (!spec) return null;
  const m = /^\/(\d*)([a-z]?)$/.exec(spec);
  if (!m) throw new PrintError(`Undefined output format "${spec.slice(1)}".`);
  if (m[1]) throw new PrintError(`Item count other than 1 is meaningless in "${command}" command.`);
  const f = m[2]!;
  if (f === 'i') throw new PrintError(`Format letter "i" is meaningless in "${command}" command.`);
  if (!'xduotaczsf'.includes(f) || !f) throw new PrintError(`Undefined output format "${f}".`);
  return f as PrintFormat;
}
