// GNU as expressions: parse to a tree, evaluate against a symbol resolver (64-bit wrap-around).
import { errorAt, type SourcePos } from './AsmError.js';

export type Expr =
  | { k: 'num'; v: bigint }
  | { k: 'sym'; name: string; col: number }
  | { k: 'un'; op: string; a: Expr }
  | { k: 'bin'; op: string; a: Expr; b: Expr; col: number };

/** A cursor over one statement's text; columns are 1-based positions in the source line. */
export class Scanner {
  i: number;
  constructor(
    readonly s: string,
    readonly pos: SourcePos,
    start = 0,
    readonly end = s.length,
  ) {
    this.i = start;
  }
  skipWs(): void {
    while (this.i < this.end && (this.s[this.i] === ' ' || this.s[this.i] === '\t')) this.i++;
  }
  peek(): string {
    return this.i < this.end ? this.s[this.i]! : '';
  }
  atEnd(): boolean {
    this.skipWs();
    return this.i >= this.end;
  }
  col(): number {
    return this.i + 1;
  }
  fail(message: string, col = this.col()): never {
    throw errorAt(this.pos, message, col);
  }
}

const identStart = /[A-Za-z_.$]/;
const identChar = /[A-Za-z0-9_.$@]/;

/** Index just past a character literal starting at s[i] === "'" (`'c`, `'c'`, `'\n'`, `'\x41'`). */
export function skipCharLiteral(s: string, i: number): number {
  let j = i + 1;
  if (s[j] === '\\') {
    j += 2;
    while (j < s.length && /[0-9a-fA-F]/.test(s[j]!) && j - i < 6 && /[xX0-7]/.test(s[i + 2]!)) j++;
  } else j++;
  if (s[j] === "'") j++;
  return j;
}

export function isIdentStart(c: string): boolean {
  return c !== '' && c !== '$' && identStart.test(c);
}

export function readIdent(sc: Scanner): string {
  const st = sc.i;
  while (sc.i < sc.end && identChar.test(sc.s[sc.i]!)) sc.i++;
  return sc.s.slice(st, sc.i);
}

/** Resolves a local-label reference like `1b`/`1f` to a symbol name. */
export type LocalRefResolver = (digits: string, dir: 'b' | 'f', col: number) => string;

let opLength = 1;

// GNU as's operator ranks (expr.c): comparisons bind looser than + and -, && looser still, then ||.
const BIN_PREC: Record<string, number> = {
  '*': 6, '/': 6, '%': 6, '<<': 6, '>>': 6,
  '|': 5, '&': 5, '^': 5, '!': 5, '!!': 5,
  '+': 4, '-': 4,
  '==': 3, '!=': 3, '<>': 3, '<': 3, '>': 3, '<=': 3, '>=': 3,
  '&&': 2,
  '||': 1,
};

/** The binary operator at the cursor; its length in `len` (as reads `!!`, even `! !`, as ^). */
function readBinOp(sc: Scanner): string | null {
  sc.skipWs();
  const bangBang = /^!\s*!/.exec(sc.s.slice(sc.i, Math.min(sc.i + 16, sc.end)));
  if (bangBang) {
    opLength = bangBang[0].length;
    return '!!';
  }
  const two = sc.s.slice(sc.i, Math.min(sc.i + 2, sc.end));
  opLength = two.length === 2 && two in BIN_PREC ? 2 : 1;
  if (two in BIN_PREC && two.length === 2) return two;
  const one = sc.peek();
  if (one in BIN_PREC) return one;
  return null;
}

/** Deepest nesting of parentheses and unary operators, and of operations in one tree (as has none; we recurse on both). */
export const MAX_EXPR_DEPTH = 1000;
/** Symbols defined through other symbols, one in terms of the next, that resolution follows. */
export const MAX_SYMBOL_NESTING = 1000;
let nesting = 0;
const treeDepth = new WeakMap<Expr, number>();
const depthOf = (e: Expr): number => (e.k === 'bin' || e.k === 'un' ? (treeDepth.get(e) ?? 1) : 0);
const NO_SYMBOLS: SymbolResolver = () => undefined;

/** A binary node, folded where both sides are numbers or a constant is added to `x + n` (so `1+1+...` stays flat). */
export function binary(op: string, a: Expr, b: Expr, col: number, sc?: Scanner): Expr {
  if (a.k === 'num' && b.k === 'num' && !((op === '/' || op === '%') && b.v === 0n)) {
    return { k: 'num', v: evaluate({ k: 'bin', op, a, b, col }, NO_SYMBOLS, sc?.pos ?? { file: '', line: 0, col, text: '' }).v };
  }
  if ((op === '+' || op === '-') && b.k === 'num' && a.k === 'bin' && (a.op === '+' || a.op === '-') && a.b.k === 'num') {
    const sum = (a.op === '+' ? a.b.v : -a.b.v) + (op === '+' ? b.v : -b.v);
    return binary('+', a.a, { k: 'num', v: BigInt.asUintN(64, sum) }, a.col, sc);
  }
  const e: Expr = { k: 'bin', op, a, b, col };
  const d = 1 + Math.max(depthOf(a), depthOf(b));
  if (d > MAX_EXPR_DEPTH) (sc ?? new Scanner('', { file: '', line: 0, col, text: '' })).fail(`expression too complex (more than ${MAX_EXPR_DEPTH} nested operations)`, col);
  treeDepth.set(e, d);
  return e;
}

export function parseExpr(sc: Scanner, local: LocalRefResolver, minPrec = 1): Expr {
  let lhs = parseUnary(sc, local);
  for (;;) {
    const save = sc.i;
    const op = readBinOp(sc);
    if (!op) return lhs;
    const prec = BIN_PREC[op]!;
    if (prec < minPrec) {
      sc.i = save;
      return lhs;
    }
    const col = sc.col();
    sc.i += opLength;
    const rhs = parseExpr(sc, local, prec + 1);
    lhs = binary(op, lhs, rhs, col, sc);
  }
}

function parseUnary(sc: Scanner, local: LocalRefResolver): Expr {
  if (nesting >= MAX_EXPR_DEPTH) sc.fail(`expression nested too deeply (more than ${MAX_EXPR_DEPTH} levels)`);
  nesting++;
  try {
    return parseUnaryInner(sc, local);
  } finally {
    nesting--;
  }
}

function parseUnaryInner(sc: Scanner, local: LocalRefResolver): Expr {
  sc.skipWs();
  const c = sc.peek();
  if (c === '-' || c === '~' || c === '!' || c === '+') {
    sc.i++;
    const a = parseUnary(sc, local);
    if (c === '+') return a;
    if (a.k === 'num') return { k: 'num', v: evaluate({ k: 'un', op: c, a }, NO_SYMBOLS, sc.pos).v };
    const e: Expr = { k: 'un', op: c, a };
    treeDepth.set(e, depthOf(a) + 1);
    if (depthOf(a) + 1 > MAX_EXPR_DEPTH) sc.fail(`expression too complex (more than ${MAX_EXPR_DEPTH} nested operations)`);
    return e;
  }
  if (c === '(') {
    sc.i++;
    const e = parseExpr(sc, local);
    sc.skipWs();
    if (sc.peek() !== ')') sc.fail("missing ')'");
    sc.i++;
    return e;
  }
  if (c === "'") return { k: 'num', v: readCharLiteral(sc) };
  if (c >= '0' && c <= '9') return parseNumber(sc, local);
  if (isIdentStart(c)) {
    const col = sc.col();
    const name = readIdent(sc);
    return { k: 'sym', name, col };
  }
  if (c === '') sc.fail('missing expression');
  sc.fail(`junk '${c}' in expression`);
}

function readCharLiteral(sc: Scanner): bigint {
  sc.i++; // opening quote
  let v: number;
  if (sc.peek() === '\\') {
    sc.i++;
    v = readEscape(sc);
  } else {
    if (sc.i >= sc.end) sc.fail('missing character in literal');
    v = sc.s.codePointAt(sc.i)!;
    sc.i += v > 0xffff ? 2 : 1;
  }
  if (sc.peek() === "'") sc.i++; // GNU as accepts both 'c and 'c'
  return BigInt(v);
}

/** Read the character after a backslash (string and char literals share as's escapes). */
export function readEscape(sc: Scanner): number {
  const c = sc.peek();
  sc.i++;
  switch (c) {
    case 'n': return 10;
    case 't': return 9;
    case 'r': return 13;
    case 'b': return 8;
    case 'f': return 12;
    case 'v': return 11; // as knows no \a or \e: those stay the letters
    case '\\': return 92;
    case '"': return 34;
    case "'": return 39;
    case 'x':
    case 'X': {
      let v = 0;
      let n = 0;
      while (/[0-9a-fA-F]/.test(sc.peek())) {
        v = (v * 16 + parseInt(sc.peek(), 16)) & 0xff;
        sc.i++;
        n++;
      }
      if (n === 0) sc.fail('bad \\x escape', sc.col() - 1);
      return v;
    }
    default:
      if (c >= '0' && c <= '7') {
        let v = c.charCodeAt(0) - 48;
        for (let n = 1; n < 3 && /[0-7]/.test(sc.peek()); n++) {
          v = v * 8 + (sc.peek().charCodeAt(0) - 48);
          sc.i++;
        }
        return v & 0xff;
      }
      if (c === '') sc.fail('unterminated escape');
      return c.charCodeAt(0);
  }
}

function parseNumber(sc: Scanner, local: LocalRefResolver): Expr {
  const col = sc.col();
  const st = sc.i;
  const rest = sc.s.slice(st, sc.end);
  // Local label reference: digits followed by b or f and no further identifier characters.
  const lm = /^([0-9]+)([bf])(?![0-9A-Za-z_.$])/.exec(rest);
  if (lm && !/^0b[01]/.test(rest)) {
    sc.i += lm[0].length;
    return { k: 'sym', name: local(lm[1]!, lm[2] as 'b' | 'f', col), col };
  }
  const hexM = /^0[xX]([0-9a-fA-F]+)/.exec(rest);
  const binM = hexM ? null : /^0[bB]([01]+)/.exec(rest);
  const octM = hexM || binM ? null : /^0([0-7]+)(?![0-9])/.exec(rest);
  const m = hexM ?? binM ?? octM ?? /^[0-9]+/.exec(rest);
  if (!m) sc.fail('bad number');
  const v = BigInt(hexM ? '0x' + m[1] : binM ? '0b' + m[1] : octM ? '0o' + m[1] : m[0]);
  sc.i += m[0].length;
  if (sc.i < sc.end && /[0-9A-Za-z_]/.test(sc.s[sc.i]!)) sc.fail('bad number', col);
  if (v > 0xffffffffffffffffn) sc.fail('value out of range', col);
  return { k: 'num', v };
}

/** A value: absolute (section null) or an address relative to a section. */
export interface Value {
  v: bigint;
  section: string | null;
  /** Same-section differences are only constant within one fixed-size run of code ("frag"). */
  frag: number;
}

/** Look up a symbol: undefined when not (yet) known. */
export type SymbolResolver = (name: string, col: number) => Value | undefined;

const M64 = (1n << 64n) - 1n;
const wrap = (x: bigint): bigint => x & M64;
const signed = (x: bigint): bigint => BigInt.asIntN(64, x);

export class NotConstant extends Error {}
/** Thrown often while probing values at parse time: one shared instance, no stack trace to build. */
const NOT_CONSTANT = (() => {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  const e = new NotConstant('not constant');
  Error.stackTraceLimit = limit;
  return e;
})();

/**
 * Evaluate to a Value; throws NotConstant when a symbol is unknown or the result cannot be
 * computed yet (e.g. a difference of labels separated by a relaxable branch), and AsmError for
 * operations that can never work on addresses.
 */
export function evaluate(e: Expr, resolve: SymbolResolver, pos: SourcePos): Value {
  switch (e.k) {
    case 'num':
      return { v: e.v, section: null, frag: 0 };
    case 'sym': {
      const r = resolve(e.name, e.col);
      if (!r) throw NOT_CONSTANT;
      return r;
    }
    case 'un': {
      const a = evaluate(e.a, resolve, pos);
      if (a.section !== null) throw errorAt(pos, `invalid operation '${e.op}' on an address`);
      const v = e.op === '-' ? wrap(-a.v) : e.op === '~' ? wrap(~a.v) : a.v === 0n ? 1n : 0n;
      return { v, section: null, frag: 0 };
    }
    case 'bin': {
      const a = evaluate(e.a, resolve, pos);
      const b = evaluate(e.b, resolve, pos);
      if (e.op === '+') {
        if (a.section !== null && b.section !== null) throw errorAt(pos, 'cannot add two addresses', e.col);
        const base = a.section !== null ? a : b;
        return { v: wrap(a.v + b.v), section: base.section, frag: base.frag };
      }
      if (e.op === '-') {
        if (b.section === null) return { v: wrap(a.v - b.v), section: a.section, frag: a.frag };
        if (a.section === b.section) {
          if (a.frag !== b.frag) throw NOT_CONSTANT;
          return { v: wrap(a.v - b.v), section: null, frag: 0 };
        }
        if (a.section === null) throw errorAt(pos, 'cannot subtract an address from a number', e.col);
        throw NOT_CONSTANT;
      }
      if (a.section !== null || b.section !== null) throw errorAt(pos, `invalid operation '${e.op}' on an address`, e.col);
      const x = a.v;
      const y = b.v;
      let v: bigint;
      switch (e.op) {
        case '*': v = x * y; break;
        case '/':
        case '%':
          if (y === 0n) throw errorAt(pos, 'division by zero', e.col);
          v = e.op === '/' ? signed(x) / signed(y) : signed(x) % signed(y);
          break;
        case '<<': v = y >= 64n ? 0n : x << y; break;
        case '>>': v = y >= 64n ? 0n : x >> y; break;
        case '|': v = x | y; break;
        case '&': v = x & y; break;
        case '^': case '!!': v = x ^ y; break;
        case '!': v = x | ~y; break;
        case '==': v = x === y ? M64 : 0n; break;
        case '!=': case '<>': v = x !== y ? M64 : 0n; break;
        case '<': v = signed(x) < signed(y) ? M64 : 0n; break;
        case '>': v = signed(x) > signed(y) ? M64 : 0n; break;
        case '<=': v = signed(x) <= signed(y) ? M64 : 0n; break;
        case '>=': v = signed(x) >= signed(y) ? M64 : 0n; break;
        case '&&': v = x !== 0n && y !== 0n ? 1n : 0n; break;
        case '||': v = x !== 0n || y !== 0n ? 1n : 0n; break;
        default: throw errorAt(pos, `unknown operator '${e.op}'`, e.col);
      }
      return { v: wrap(v), section: null, frag: 0 };
    }
  }
}

/** The symbols an expression mentions (first occurrence first). */
export function exprSymbols(e: Expr, out: { name: string; col: number }[] = []): { name: string; col: number }[] {
  if (e.k === 'sym') out.push({ name: e.name, col: e.col });
  else if (e.k === 'un') exprSymbols(e.a, out);
  else if (e.k === 'bin') {
    exprSymbols(e.a, out);
    exprSymbols(e.b, out);
  }
  return out;
}
