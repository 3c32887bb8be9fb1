// Expressions of the command language: `$rax == 1 && $rdi != 0`, `*_start+5`, `$rsp+8`.
// Parsed once into a tree, evaluated against the machine at each breakpoint hit.

export type Expr =
  | { kind: 'num'; value: bigint }
  | { kind: 'reg'; name: string }
  | { kind: 'sym'; name: string }
  | { kind: 'unary'; op: '-' | '!' | '~'; arg: Expr }
  | { kind: 'binary'; op: BinaryOp; left: Expr; right: Expr };

export type BinaryOp = '||' | '&&' | '==' | '!=' | '<' | '<=' | '>' | '>=' | '+' | '-' | '*' | '/' | '%' | '&' | '|' | '^' | '<<' | '>>';

export class ExpressionError extends Error {}

/** What an expression needs from the debugger to be evaluated. */
export interface ExprContext {
  register(name: string): bigint | undefined;
  symbol(name: string): bigint | undefined;
}

const PRECEDENCE: Record<BinaryOp, number> = {
  '||': 1, '&&': 2, '|': 3, '^': 4, '&': 5, '==': 6, '!=': 6, '<': 7, '<=': 7, '>': 7, '>=': 7,
  '<<': 8, '>>': 8, '+': 9, '-': 9, '*': 10, '/': 10, '%': 10,
};

const TOKEN = /\s*(0x[0-9a-fA-F]+|\d+|\$[A-Za-z_][\w]*|[A-Za-z_.][\w.@]*|\|\||&&|==|!=|<=|>=|<<|>>|[-+*/%&|^<>!~()])/y;

function tokenize(text: string): string[] {
  const out: string[] = [];
  TOKEN.lastIndex = 0;
  let pos = 0;
  while (pos < text.length) {
    if (/^\s*$/.test(text.slice(pos))) break;
    TOKEN.lastIndex = pos;
    const m = TOKEN.exec(text);
    if (!m) throw new ExpressionError(`cannot parse expression at '${text.slice(pos).trim()}'`);
    out.push(m[1]!);
    pos = TOKEN.lastIndex;
  }
  return out;
}

/** Parse an expression; throws ExpressionError with a one-line reason. */
export function parseExpression(text: string): Expr {
  const tokens = tokenize(text);
  if (tokens.length === 0) throw new ExpressionError('empty expression');
  let i = 0;
  const peek = () => tokens[i];
  const primary = (): Expr => {
    const t = tokens[i++];
    if (t === undefined) throw new ExpressionError('expression ends too early');
    if (t === '(') {
      const e = binary(0);
      if (tokens[i++] !== ')') throw new ExpressionError("missing ')'");
      return e;
    }
    if (t === '-' || t === '!' || t === '~') return { kind: 'unary', op: t, arg: primary() };
    if (/^0x[0-9a-f]+$/i.test(t) || /^\d+$/.test(t)) return { kind: 'num', value: BigInt(t) };
    if (t.startsWith('$')) return { kind: 'reg', name: t.slice(1).toLowerCase() };
    if (/^[A-Za-z_.]/.test(t)) return { kind: 'sym', name: t };
    throw new ExpressionError(`unexpected '${t}'`);
  };
  const binary = (minPrec: number): Expr => {
    let left = primary();
    for (;;) {
      const op = peek() as BinaryOp | undefined;
      const prec = op !== undefined ? PRECEDENCE[op] : undefined;
      if (prec === undefined || prec < minPrec) return left;
      i++;
      const right = binary(prec + 1);
      left = { kind: 'binary', op: op!, left, right };
    }
  };
  const e = binary(0);
  if (i < tokens.length) throw new ExpressionError(`unexpected '${tokens[i]}'`);
  return e;
}

const MASK64 = (1n << 64n) - 1n;

/** Evaluate with 64-bit wrap-around; comparisons are unsigned unless a side is a negative literal. */
export function evaluate(e: Expr, ctx: ExprContext): bigint {
  switch (e.kind) {
    case 'num':
      return e.value;
    case 'reg': {
      const v = ctx.register(e.name);
      if (v === undefined) throw new ExpressionError(`no register $${e.name}`);
      return v;
    }
    case 'sym': {
      const v = ctx.symbol(e.name);
      if (v === undefined) throw new ExpressionError(`no symbol '${e.name}'`);
      return v;
    }
    case 'unary': {
      const a = evaluate(e.arg, ctx);
      if (e.op === '!') return a === 0n ? 1n : 0n;
      if (e.op === '~') return ~a & MASK64;
      return -a;
    }
    case 'binary': {
      const a = evaluate(e.left, ctx);
      if (e.op === '&&') return a !== 0n && evaluate(e.right, ctx) !== 0n ? 1n : 0n;
      if (e.op === '||') return a !== 0n || evaluate(e.right, ctx) !== 0n ? 1n : 0n;
      const b = evaluate(e.right, ctx);
      // A register holding -1 (all ones) must equal the literal -1: compare modulo 2^64.
      const ua = a & MASK64;
      const ub = b & MASK64;
      switch (e.op) {
        case '==': return ua === ub ? 1n : 0n;
        case '!=': return ua !== ub ? 1n : 0n;
        case '<': return a < b ? 1n : 0n;
        case '<=': return a <= b ? 1n : 0n;
        case '>': return a > b ? 1n : 0n;
        case '>=': return a >= b ? 1n : 0n;
        case '+': return (a + b) & MASK64;
        case '-': return (a - b) & MASK64;
        case '*': return (a * b) & MASK64;
        case '/': if (b === 0n) throw new ExpressionError('division by zero'); return a / b;
        case '%': if (b === 0n) throw new ExpressionError('division by zero'); return a % b;
        case '&': return ua & ub;
        case '|': return ua | ub;
        case '^': return ua ^ ub;
        case '<<': return (a << b) & MASK64;
        case '>>': return ua >> ub;
      }
    }
  }
}

/** Register names an expression reads (so a condition can be checked for validity up front). */
export function exprToString(e: Expr): string {
  switch (e.kind) {
    case 'num': return e.value < 10n ? e.value.toString() : `0x${e.value.toString(16)}`;
    case 'reg': return `$${e.name}`;
    case 'sym': return e.name;
    case 'unary': return `${e.op}${exprToString(e.arg)}`;
    case 'binary': return `(${exprToString(e.left)} ${e.op} ${exprToString(e.right)})`;
  }
}
