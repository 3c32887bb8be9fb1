// Pass 2: relax branches until sizes are stable, then place sections and encode the final bytes.
import { errorAt, type SourcePos } from './AsmError.js';
import { evaluate, exprSymbols, MAX_SYMBOL_NESTING, NotConstant, type Expr, type SymbolResolver, type Value } from './expression.js';
import { ldNopFill, nopFill } from './nopFill.js';
import type { FileScope, ObjectCode, ObjSection, ObjSymbol } from './objectCode.js';
import { encodeBranch, encodePlan } from './selectEncoding.js';

/** The symbol a name means in a file: its own definition, else a global from any file. */
export function lookupSymbol(obj: ObjectCode, scope: FileScope, name: string): ObjSymbol | undefined {
  const s = scope.symbols.get(name);
  if (s && (s.section !== null || s.expr !== null)) return s;
  return obj.globals.get(name);
}

export interface Placement {
  /** Address of each section (or 0 while relaxing: values are then section offsets). */
  base(section: string): bigint;
  externs: Map<string, bigint>;
}

/** A resolver giving labels their address under a placement. Throws AsmError for undefined names when strict. */
export function makeResolver(obj: ObjectCode, scope: FileScope, pl: Placement, strict: SourcePos | null): SymbolResolver {
  const sections = new Map(obj.sections.map((s) => [s.name, s]));
  const active = new Set<ObjSymbol>();
  const resolve = (sc: FileScope) => (name: string, col: number): Value | undefined => {
    const sym = lookupSymbol(obj, sc, name);
    if (!sym) {
      const ext = pl.externs.get(name);
      if (ext !== undefined) return { v: ext, section: null, frag: 0 };
      if (strict) throw errorAt(strict, `undefined symbol '${displayName(name)}'`, col);
      return undefined;
    }
    if (sym.section !== null) {
      const sec = sections.get(sym.section)!;
      return { v: pl.base(sym.section) + BigInt(sec.offsets[sym.itemIndex] ?? 0), section: sym.section, frag: 0 };
    }
    if (active.has(sym)) {
      if (strict) throw errorAt(strict, `symbol '${name}' is defined in terms of itself`, col);
      return undefined;
    }
    if (active.size >= MAX_SYMBOL_NESTING) throw errorAt(strict ?? sym.pos, `symbol definitions nested too deeply (more than ${MAX_SYMBOL_NESTING})`, col);
    active.add(sym);
    try {
      return evaluate(sym.expr!, resolve(sym.exprScope ?? sc), sym.pos);
    } finally {
      active.delete(sym);
    }
  };
  return resolve(scope);
}

export function displayName(name: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: \u0002 separates a local label's number from its instance
  const m = /^\.L([0-9]+)\u0002/.exec(name);
  return m ? `local label ${m[1]}` : name;
}

function itemSize(sec: ObjSection, i: number, off: number): number {
  const it = sec.items[i]!;
  switch (it.k) {
    case 'bytes': return it.data.length;
    case 'zero': return it.size;
    case 'data': return it.width;
    case 'insn': return it.plan.size;
    case 'branch': return it.long ? it.plan.longSize : it.plan.shortSize;
    case 'align': {
      const pad = (it.align - (off % it.align)) % it.align;
      return it.max && pad > it.max ? 0 : pad;
    }
  }
}

function computeOffsets(sec: ObjSection): void {
  const n = sec.items.length;
  const offs = new Array<number>(n + 1);
  let off = 0;
  for (let i = 0; i < n; i++) {
    offs[i] = off;
    off += itemSize(sec, i, off);
  }
  offs[n] = off;
  sec.offsets = offs;
  sec.size = off;
}

/** Grow short branches whose targets are out of rel8 reach, until nothing changes (as does the same). */
export function relax(obj: ObjectCode): void {
  const pl: Placement = { base: () => 0n, externs: new Map() };
  for (const sec of obj.sections) {
    computeOffsets(sec);
    const branches: number[] = [];
    sec.items.forEach((it, i) => {
      if (it.k !== 'branch' || !it.relaxable) return;
      const t = tryEval(obj, it.scope, it.plan.target, pl);
      // Only targets defined in the same file: another file's label is another object to as.
      const local = exprSymbols(it.plan.target).every((u) => {
        const d = it.scope.symbols.get(u.name);
        return d !== undefined && (d.section !== null || d.expr !== null) && !it.scope.weakNames.has(u.name);
      });
      if (t && t.section === sec.name && local) {
        it.long = false;
        branches.push(i);
      } else it.long = true;
    });
    computeOffsets(sec);
    const targetItem = new Map<number, number>();
    for (const i of branches) {
      const it = sec.items[i] as Extract<ObjSection['items'][number], { k: 'branch' }>;
      const first = exprSymbols(it.plan.target)[0];
      const sym = first && it.scope.symbols.get(first.name);
      if (sym && sym.section === sec.name) targetItem.set(i, sym.itemIndex);
    }
    const isBranch = new Set(branches);
    // as's relax_segment: one pass walks the items in order, moving each by the growth so far
    // ("stretch"); a forward target is assumed moved too, less what alignments in between absorb.
    for (let changed = true; changed; ) {
      changed = false;
      let stretch = 0;
      const n = sec.items.length;
      for (let i = 0; i < n; i++) {
        const it = sec.items[i]!;
        const old = sec.offsets[i + 1]! - sec.offsets[i]!;
        sec.offsets[i] = sec.offsets[i]! + stretch;
        if (it.k === 'branch' && isBranch.has(i) && !it.long) {
          let t = Number(tryEval(obj, it.scope, it.plan.target, pl)!.v);
          const ti = targetItem.get(i);
          if (ti !== undefined && ti > i && stretch !== 0) t += alignedStretch(sec, i, ti, stretch);
          const disp = t - (sec.offsets[i]! + it.plan.shortSize);
          if (disp < -128 || disp > 127) {
            it.long = true;
            changed = true;
          }
        }
        stretch += itemSize(sec, i, sec.offsets[i]!) - old;
      }
      sec.offsets[n] = sec.offsets[n]! + stretch;
      computeOffsets(sec);
    }
  }
}

/** as assumes alignments between a branch and its forward target absorb growth in multiples of their alignment. */
function alignedStretch(sec: ObjSection, from: number, to: number, stretch: number): number {
  let s = stretch;
  for (let j = from; j < to && s !== 0; j++) {
    const it = sec.items[j]!;
    if (it.k === 'align') s = s < 0 ? -(-s & ~(it.align - 1)) : s & ~(it.align - 1);
  }
  return s;
}

function tryEval(obj: ObjectCode, scope: FileScope, e: Expr, pl: Placement): Value | null {
  try {
    return evaluate(e, makeResolver(obj, scope, pl, null), { file: scope.file, line: 0, col: 0, text: '' });
  } catch (err) {
    if (err instanceof NotConstant) return null;
    throw err;
  }
}

export interface PlacedSection {
  name: string;
  addr: bigint;
  data: Uint8Array;
  size: number;
  flags: ObjSection['flags'];
  nobits: boolean;
  align: number;
}

export interface LineEntry {
  addr: bigint;
  file: string;
  line: number;
  /** The macros the instruction was expanded from, outermost first (its file:line is in the macro's body). */
  macro?: string;
}

/** Final value of an expression at link time. */
export function finalValue(obj: ObjectCode, scope: FileScope, e: Expr, pl: Placement, pos: SourcePos): bigint {
  return finalValueOf(obj, scope, e, pl, pos).v;
}

/** finalValue with its section: null for an absolute value (a constant, not an address in the code). */
export function finalValueOf(obj: ObjectCode, scope: FileScope, e: Expr, pl: Placement, pos: SourcePos): Value {
  try {
    return evaluate(e, makeResolver(obj, scope, pl, pos), pos);
  } catch (err) {
    if (err instanceof NotConstant) throw errorAt(pos, 'expression cannot be resolved (difference of symbols in different sections)', pos.col);
    throw err;
  }
}

/** Encode every section at its address. */
export function encodeSections(obj: ObjectCode, pl: Placement): { sections: PlacedSection[]; lines: LineEntry[] } {
  const lines: LineEntry[] = [];
  const out: PlacedSection[] = [];
  for (const sec of obj.sections) {
    const base = pl.base(sec.name);
    const data = new Uint8Array(sec.nobits ? 0 : sec.size);
    sec.items.forEach((it, i) => {
      const off = sec.offsets[i]!;
      const addr = base + BigInt(off);
      switch (it.k) {
        case 'bytes':
          data.set(it.data, off);
          break;
        case 'zero':
          break;
        case 'data': {
          const v = finalValue(obj, it.scope, it.expr, pl, it.pos);
          const s = BigInt.asIntN(64, v);
          if (it.width < 8 && (s < -(1n << BigInt(it.width * 8 - 1)) || s >= 1n << BigInt(it.width * 8)))
            throw errorAt(it.pos, `value 0x${BigInt.asUintN(64, v).toString(16)} out of range for a ${it.width}-byte datum`);
          for (let b = 0; b < it.width; b++) data[off + b] = Number((v >> BigInt(8 * b)) & 0xffn);
          break;
        }
        case 'insn': {
          const p = it.plan;
          const bytes = encodePlan(p, addr, (e) => finalValue(obj, it.scope, e, pl, p.pos));
          data.set(bytes, off);
          lines.push(p.pos.macro ? { addr, file: p.pos.file, line: p.pos.line, macro: p.pos.macro } : { addr, file: p.pos.file, line: p.pos.line });
          break;
        }
        case 'branch': {
          const p = it.plan;
          const target = finalValue(obj, it.scope, p.target, pl, { ...p.pos, col: p.col });
          const code = it.long ? p.longCode! : p.shortCode!;
          const bytes = encodeBranch(p, code, addr, target);
          if (bytes.length !== (it.long ? p.longSize : p.shortSize)) throw errorAt(p.pos, 'branch target out of range', p.col);
          data.set(bytes, off);
          lines.push(p.pos.macro ? { addr, file: p.pos.file, line: p.pos.line, macro: p.pos.macro } : { addr, file: p.pos.file, line: p.pos.line });
          break;
        }
        case 'align': {
          const n = sec.offsets[i + 1]! - off;
          if (n === 0 || sec.nobits) break;
          if (it.fill !== null) data.fill(it.fill, off, off + n);
          else if (sec.flags.exec) data.set(it.betweenFiles ? ldNopFill(n, it.bits) : nopFill(n, it.bits), off);
          break;
        }
      }
    });
    out.push({ name: sec.name, addr: base, data, size: sec.size, flags: sec.flags, nobits: sec.nobits, align: sec.align });
  }
  return { sections: out, lines };
}
