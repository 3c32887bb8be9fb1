// AT&T operands: %reg, $imm, disp(base,index,scale) with optional %seg: override, and * for indirect.
import { errorAt } from './AsmError.js';
import { parseExpr, Scanner, skipCharLiteral, type Expr, type LocalRefResolver } from './expression.js';
import { lookupRegister, type RegInfo } from './registers.js';

export type Operand =
  | { kind: 'reg'; reg: RegInfo; col: number; indirect: boolean }
  | { kind: 'imm'; expr: Expr; col: number }
  | {
      kind: 'mem';
      seg: RegInfo | null;
      disp: Expr | null;
      base: RegInfo | null;
      index: RegInfo | null;
      scale: number;
      col: number;
      indirect: boolean;
    };

export type MemOperand = Extract<Operand, { kind: 'mem' }>;

/** Split `a, b(c,d), e` at top-level commas; returns [start, end) ranges into the scanner text. */
export function splitOperands(sc: Scanner): [number, number][] {
  const out: [number, number][] = [];
  let depth = 0;
  let st = sc.i;
  let q = '';
  for (let i = sc.i; i < sc.end; i++) {
    const c = sc.s[i]!;
    if (q) {
      if (c === '\\') i++;
      else if (c === q) q = '';
      continue;
    }
    if (c === '"') q = c;
    else if (c === "'") i = skipCharLiteral(sc.s, i) - 1;
    else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === ',' && depth === 0) {
      out.push([st, i]);
      st = i + 1;
    }
  }
  out.push([st, sc.end]);
  return out;
}

function readRegister(sc: Scanner): RegInfo {
  const col = sc.col();
  sc.i++; // '%'
  const st = sc.i;
  while (sc.i < sc.end && /[a-zA-Z0-9]/.test(sc.s[sc.i]!)) sc.i++;
  let name = sc.s.slice(st, sc.i);
  // %st(i): the x87 register number is part of the name.
  const sti = name.toLowerCase() === 'st' ? /^\s*\(\s*([0-9]+)\s*\)/.exec(sc.s.slice(sc.i, sc.end)) : null;
  if (sti) {
    name = `st(${sti[1]})`;
    sc.i += sti[0].length;
  }
  const r = lookupRegister(name);
  if (!r) sc.fail(`bad register name '%${name}'`, col);
  return r;
}

/** Parse one operand from [start, end). */
export function parseOperand(sc0: Scanner, start: number, end: number, local: LocalRefResolver): Operand {
  const sc = new Scanner(sc0.s, sc0.pos, start, end);
  sc.skipWs();
  let endTrim = end;
  while (endTrim > sc.i && /\s/.test(sc.s[endTrim - 1]!)) endTrim--;
  const col = sc.col();
  if (sc.i >= endTrim) sc.fail('missing operand', col);
  let indirect = false;
  if (sc.peek() === '*') {
    indirect = true;
    sc.i++;
    sc.skipWs();
  }
  if (sc.peek() === '$') {
    if (indirect) sc.fail('bad operand: immediate with *', col);
    sc.i++;
    const inner = new Scanner(sc.s, sc.pos, sc.i, endTrim);
    const expr = parseExpr(inner, local);
    if (!inner.atEnd()) inner.fail(`junk '${sc.s.slice(inner.i, endTrim)}' after expression`);
    return { kind: 'imm', expr, col };
  }
  let seg: RegInfo | null = null;
  if (sc.peek() === '%') {
    const r = readRegister(sc);
    sc.skipWs();
    if (sc.peek() === ':' && r.cls === 'seg') {
      seg = r;
      sc.i++;
      sc.skipWs();
    } else {
      if (sc.i < endTrim) sc.fail(`junk '${sc.s.slice(sc.i, endTrim)}' after register`);
      return { kind: 'reg', reg: r, col, indirect };
    }
  }
  // Memory: [disp][(base[,index[,scale]])]
  let disp: Expr | null = null;
  let base: RegInfo | null = null;
  let index: RegInfo | null = null;
  let scale = 1;
  let parenStart = -1;
  if (sc.s[endTrim - 1] === ')') {
    // Find the '(' matching the final ')'.
    let depth = 0;
    for (let i = endTrim - 1; i >= sc.i; i--) {
      const c = sc.s[i];
      if (c === ')') depth++;
      else if (c === '(') {
        depth--;
        if (depth === 0) {
          parenStart = i;
          break;
        }
      }
    }
    if (parenStart >= 0) {
      const inside = sc.s.slice(parenStart + 1, endTrim - 1).trimStart();
      if (!(inside.startsWith('%') || inside.startsWith(','))) parenStart = -1;
    }
  }
  const dispEnd = parenStart >= 0 ? parenStart : endTrim;
  const ds = new Scanner(sc.s, sc.pos, sc.i, dispEnd);
  if (!ds.atEnd()) {
    disp = parseExpr(ds, local);
    if (!ds.atEnd()) ds.fail(`junk '${sc.s.slice(ds.i, dispEnd).trim()}' in operand`);
  }
  if (parenStart >= 0) {
    const ps = new Scanner(sc.s, sc.pos, parenStart + 1, endTrim - 1);
    ps.skipWs();
    if (ps.peek() === '%') {
      base = readRegister(ps);
      ps.skipWs();
    }
    if (ps.peek() === ',') {
      ps.i++;
      ps.skipWs();
      if (ps.peek() === '%') {
        const icol = ps.col();
        index = readRegister(ps);
        if (index.cls !== 'gpr' || index.size < 32 || index.name === 'esp' || index.name === 'rsp')
          ps.fail(`bad index register '%${index.name}'`, icol);
        ps.skipWs();
      }
      if (ps.peek() === ',') {
        ps.i++;
        ps.skipWs();
        const scol = ps.col();
        const m = /^[0-9]+/.exec(ps.s.slice(ps.i, ps.end));
        if (!m || !['1', '2', '4', '8'].includes(m[0])) ps.fail('scale factor must be 1, 2, 4 or 8', scol);
        scale = Number(m![0]);
        ps.i += m![0].length;
        ps.skipWs();
      }
    }
    if (!ps.atEnd()) ps.fail(`junk '${ps.s.slice(ps.i, ps.end)}' in memory operand`);
    if (base && base.cls !== 'gpr' && base.cls !== 'rip') throw errorAt(sc.pos, `bad base register '%${base.name}'`, parenStart + 2);
    if (base && base.cls === 'gpr' && base.size < 32 && !(base.name === 'dx' && !index && !disp && !seg)) throw errorAt(sc.pos, `bad base register '%${base.name}' (16-bit addressing is not supported)`, parenStart + 2);
    if (base && index && base.cls === 'gpr' && base.size !== index.size)
      throw errorAt(sc.pos, 'base and index registers differ in size', parenStart + 2);
    if (base?.cls === 'rip' && index) throw errorAt(sc.pos, '%rip cannot be used with an index', parenStart + 2);
  }
  // `(%dx)` is the I/O port of in/out/ins/outs, not a memory operand.
  if (base?.name === 'dx' && !index && !disp && !seg) return { kind: 'reg', reg: base, col, indirect };
  return { kind: 'mem', seg, disp, base, index, scale, col, indirect };
}
