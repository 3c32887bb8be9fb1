// Pass 1: read AT&T source statements into sections of items, symbols and encodings.
import { AsmError, errorAt, warningAt, type SourcePos } from './AsmError.js';
import { BlockRunner, logicalLines, type IncludedFile } from './blockDirectives.js';
import { binary as foldBinary, evaluate, isIdentStart, MAX_SYMBOL_NESTING, skipCharLiteral, NotConstant, parseExpr, readEscape, readIdent, Scanner, type Expr, type Value } from './expression.js';
import { resolveMnemonic } from './mnemonics.js';
import type { FileScope, Item, ObjSection, ObjSymbol, SectionFlags } from './objectCode.js';
import { parseOperand, splitOperands } from './operand.js';
import { selectEncoding, type InsnPlan, type InsnStatement } from './selectEncoding.js';
import type { Prefixes } from './buildIcedInstruction.js';
import { defaultSectionFlags, runDirective, type DirectiveEnv, type SectionCursor } from './directives.js';

const PREFIX_BYTES: Record<string, number> = { lock: 0xf0, rep: 0xf3, repe: 0xf3, repz: 0xf3, repne: 0xf2, repnz: 0xf2, rex64: 0x48 };
export interface ParseContext {
  sections: Map<string, ObjSection>;
  scopes: FileScope[];
  /** Bitness from options, or null to take it from the first .code32/.code64 (default 64). */
  bits: 32 | 64 | null;
  firstBits: 32 | 64 | null;
  /** Every symbol reference kept for link time, to report undefined ones at their use. */
  uses: { name: string; pos: SourcePos; col: number; scope: FileScope }[];
  /** Finds the text of `.include "name"` seen in file `from`; undefined when there is none. */
  include?: (name: string, from: string) => IncludedFile | undefined;
  /** Warnings so far (as's "Warning:" lines), each with its position. */
  warnings: AsmError[];
  /** Bytes of section data built so far, against MAX_OUTPUT. */
  outputBytes: number;
  /** Lines .rept/.irp/macros may expand to in one file (default MAX_EXPANDED_LINES). */
  maxExpandedLines?: number;
}


let fragCounter = 0;
/** Encodings of instruction lines without symbols, by bitness and text. */
const constantPlans = new Map<string, InsnPlan>();
/** Section data one assembly may build in memory (as would go on to use all of it). */
const MAX_OUTPUT = 1 << 26;

/** Parse one file into the shared context. */
export function parseFile(ctx: ParseContext, path: string, text: string, binary = false): void {
  const scope: FileScope = { file: path, symbols: new Map(), globalNames: new Set(), weakNames: new Set() };
  ctx.scopes.push(scope);
  const localCount = new Map<string, number>();
  let bits: 32 | 64 = ctx.bits ?? ctx.firstBits ?? 64;
  const cursors = new Map<string, SectionCursor>();
  const getSection = (name: string, flags?: SectionFlags, nobits?: boolean): SectionCursor => {
    let sec = ctx.sections.get(name);
    if (!sec) {
      const d = defaultSectionFlags(name);
      sec = { name, flags: flags ?? d.flags, nobits: nobits ?? d.nobits, align: 1, items: [], offsets: [], size: 0 };
      ctx.sections.set(name, sec);
    }
    let cur = cursors.get(name);
    if (!cur) {
      // Continue after what earlier files put in this section, in a new frag, at an aligned start.
      const start: Extract<Item, { k: 'align' }> = { k: 'align', align: 1, fill: null, max: 0, bits, betweenFiles: true };
      sec.items.push(start);
      cur = { sec, provOffset: 0, frag: ++fragCounter, start, maxAlign: 1 };
      cursors.set(name, cur);
    }
    return cur;
  };
  let cur = getSection('.text');
  let prev = cur;
  const stack: SectionCursor[] = [];
  let dotCounter = 0;

  const localName = (digits: string, n: number): string => `.L${digits}\u0002${n}`;
  const localRef = (digits: string, dir: 'b' | 'f'): string => {
    const n = localCount.get(digits) ?? 0;
    return localName(digits, dir === 'b' ? n : n + 1);
  };

  const defineLabel = (name: string, pos: SourcePos, col: number, hidden: boolean): ObjSymbol => {
    const old = scope.symbols.get(name);
    if (old && (old.section !== null || old.expr !== null)) throw errorAt(pos, `symbol '${name}' is already defined`, col);
    const sym: ObjSymbol = {
      name, file: path, section: cur.sec.name, itemIndex: cur.sec.items.length, provOffset: cur.provOffset, frag: cur.frag,
      expr: null, exprScope: null, global: old?.global ?? scope.globalNames.has(name), type: old?.type ?? 'notype',
      sizeExpr: old?.sizeExpr ?? null, pos: { ...pos, col }, hidden,
    };
    scope.symbols.set(name, sym);
    return sym;
  };

  // Replace `.` with a hidden label at the current position so it means "here" at link time too.
  const hasDot = (e: Expr): boolean => (e.k === 'sym' ? e.name === '.' : e.k === 'un' ? hasDot(e.a) : e.k === 'bin' ? hasDot(e.a) || hasDot(e.b) : false);
  const bindDot = (e: Expr, pos: SourcePos): Expr => (hasDot(e) ? rebindDot(e, pos) : e);
  const rebindDot = (e: Expr, pos: SourcePos): Expr => {
    if (e.k === 'sym') {
      if (e.name !== '.') return e;
      const name = `.L.dot\u0002${path}\u0002${++dotCounter}`;
      defineLabel(name, pos, e.col, true);
      return { k: 'sym', name, col: e.col };
    }
    if (e.k === 'un') return { ...e, a: rebindDot(e.a, pos) };
    if (e.k === 'bin') return { ...e, a: rebindDot(e.a, pos), b: rebindDot(e.b, pos) };
    return e;
  };

  const recordUses = (e: Expr, pos: SourcePos): void => {
    if (e.k === 'sym') ctx.uses.push({ name: e.name, pos, col: e.col, scope });
    else if (e.k === 'un') recordUses(e.a, pos);
    else if (e.k === 'bin') {
      recordUses(e.a, pos);
      recordUses(e.b, pos);
    }
  };

  // Parse-time resolution: only this file's symbols, and label differences within one frag.
  const resolving = new Set<string>();
  const parseResolve = (name: string): Value | undefined => {
    const s = scope.symbols.get(name);
    if (!s) return undefined;
    if (s.section !== null) return { v: BigInt(s.provOffset), section: s.section, frag: s.frag };
    if (s.expr) {
      if (resolving.has(name)) return undefined;
      if (resolving.size >= MAX_SYMBOL_NESTING) throw errorAt(s.pos, `symbol definitions nested too deeply (more than ${MAX_SYMBOL_NESTING})`);
      resolving.add(name);
      try {
        return evaluate(s.expr, parseResolve, s.pos);
      } catch (e) {
        if (e instanceof NotConstant) return undefined;
        throw e;
      } finally {
        resolving.delete(name);
      }
    }
    return undefined;
  };
  // as --32 computes in 32 bits: 0x100000000 is silently 0 (except in .quad).
  const constNow = (e: Expr, pos: SourcePos, wide = false): bigint | null => {
    try {
      const v = evaluate(e, parseResolve, pos);
      if (v.section !== null) return null;
      return bits === 32 && !wide ? BigInt.asUintN(32, v.v) : v.v;
    } catch (err) {
      if (err instanceof NotConstant) return null;
      throw err;
    }
  };
  const needConst = (e: Expr, pos: SourcePos, col: number, what: string): bigint => {
    const v = constNow(e, pos);
    if (v === null) throw errorAt(pos, `${what} must be a constant expression`, col);
    return v;
  };

  const push = (item: Item, size: number, breaksFrag = false): void => {
    cur.sec.items.push(item);
    cur.provOffset += size;
    if (breaksFrag) cur.frag = ++fragCounter;
  };
  // Checked before .skip/.fill allocate their bytes.
  const ensureRoom = (n: number, pos: SourcePos, col = pos.col): void => {
    if (!cur.sec.nobits && ctx.outputBytes + n > MAX_OUTPUT) throw errorAt(pos, `more than ${MAX_OUTPUT >> 20} MiB of section data`, col);
  };
  const pushBytes = (data: Uint8Array, pos: SourcePos): void => {
    if (data.length === 0) return;
    ensureRoom(data.length, pos);
    if (!cur.sec.nobits) ctx.outputBytes += data.length;
    if (cur.sec.nobits) {
      if (data.some((b) => b !== 0)) throw errorAt(pos, `non-zero data in nobits section ${cur.sec.name}`);
      push({ k: 'zero', size: data.length, file: path, line: pos.line }, data.length);
      return;
    }
    push({ k: 'bytes', data, file: path, line: pos.line }, data.length);
  };

  const exprList = (sc: Scanner, allowEmpty = false): { e: Expr; col: number }[] => {
    const out: { e: Expr; col: number }[] = [];
    if (sc.atEnd()) return out;
    for (const [a, b] of splitOperands(sc)) {
      const s2 = new Scanner(sc.s, sc.pos, a, b);
      s2.skipWs();
      const col = s2.col();
      if (allowEmpty && s2.atEnd()) {
        out.push({ e: { k: 'sym', name: '', col }, col }); // an omitted argument, e.g. `.p2align 4,,7`
        continue;
      }
      const e = parseExpr(s2, localRef);
      if (!s2.atEnd()) s2.fail(`junk '${sc.s.slice(s2.i, b).trim()}' after expression`);
      out.push({ e, col });
    }
    sc.i = sc.end;
    return out;
  };

  const readString = (sc: Scanner): number[] => {
    sc.skipWs();
    if (sc.peek() !== '"') sc.fail('expected a string');
    sc.i++;
    const bytes: number[] = [];
    for (;;) {
      if (sc.i >= sc.end) sc.fail('unterminated string');
      const c = sc.peek();
      sc.i++;
      if (c === '"') break;
      if (c === '\\') bytes.push(readEscape(sc));
      else if (binary || c < '\x80') bytes.push(c.charCodeAt(0)); // a file read as bytes: copy them, as as does
      else {
        const cp = sc.s.codePointAt(sc.i - 1)!;
        if (cp > 0xffff) sc.i++;
        bytes.push(...Buffer.from(String.fromCodePoint(cp), 'utf8'));
      }
    }
    return bytes;
  };

  const setBits = (b: 32 | 64): void => {
    bits = b;
    if (ctx.firstBits === null) ctx.firstBits = b;
  };

  const alignItem = (pos: SourcePos, align: number, fill: number | null, max: number, col = pos.col): void => {
    if (align <= 0 || (align & (align - 1)) !== 0) throw errorAt(pos, `alignment ${align} is not a power of 2`, col);
    if (align > 1 << 15) throw errorAt(pos, `alignment ${align} too large (at most 32768)`, col);
    if (align > cur.sec.align) cur.sec.align = align;
    if (align > cur.maxAlign) cur.maxAlign = align;
    push({ k: 'align', align, fill, max, bits }, 0, true);
  };

  // The directives' view of this file's state (directives.ts).
  const env: DirectiveEnv = {
    path, scope,
    get cur() { return cur; },
    set cur(c) { cur = c; },
    get prev() { return prev; },
    set prev(c) { prev = c; },
    stack,
    get bits() { return bits; },
    setBits, getSection, exprList, constNow, needConst, bindDot, recordUses, push, pushBytes, ensureRoom, readString, alignItem,
    assign: (name, sc, pos, col, once) => assign(name, sc, pos, col, once),
    placeholder: (name, pos) => placeholder(name, pos),
    defineLabel, localRef,
  };
  const directive = (name: string, sc: Scanner, pos: SourcePos, ncol: number): void => runDirective(env, name, sc, pos, ncol);

  function placeholder(name: string, pos: SourcePos): ObjSymbol {
    const s: ObjSymbol = {
      name, file: path, section: null, itemIndex: 0, provOffset: 0, frag: 0, expr: null, exprScope: null,
      global: scope.globalNames.has(name), type: 'notype', sizeExpr: null, pos, hidden: false,
    };
    scope.symbols.set(name, s);
    return s;
  }

  function inlineSets(e: Expr): Expr {
    if (e.k === 'sym') {
      const s = scope.symbols.get(e.name);
      return s && s.section === null && s.expr ? s.expr : e;
    }
    if (e.k === 'un') return { ...e, a: inlineSets(e.a) };
    if (e.k === 'bin') return foldBinary(e.op, inlineSets(e.a), inlineSets(e.b), e.col);
    return e;
  }

  function assign(name: string, sc: Scanner, pos: SourcePos, col: number, once: boolean): void {
    const e0 = parseExpr(sc, localRef);
    if (!sc.atEnd()) sc.fail(`junk '${sc.s.slice(sc.i, sc.end).trim()}' after expression`);
    const old = scope.symbols.get(name);
    // Earlier .set symbols are taken by value (`.set s2, s1+1` is label+2, not a chain to walk).
    const e = inlineSets(bindDot(e0, pos));
    if (old && old.section !== null) throw errorAt(pos, `symbol '${name}' is already defined`, col);
    if (old?.expr && once) throw errorAt(pos, `symbol '${name}' is already defined`, col);
    // Fold to a constant now when possible (as does), else keep the expression for link time.
    const v = constNow(e, pos);
    const sym = old ?? placeholder(name, pos);
    sym.expr = v !== null ? { k: 'num', v } : e;
    sym.exprScope = scope;
    sym.pos = { ...pos, col };
    if (v === null) recordUses(e, pos);
  }

  const instruction = (sc: Scanner, pos: SourcePos, first: string, fcol: number): void => {
    let mn = first.toLowerCase();
    let mcol = fcol;
    const prefixes: Prefixes = { lock: false, rep: null };
    while (PREFIX_BYTES[mn] !== undefined) {
      if (mn === 'rex64' && bits !== 64) throw errorAt(pos, "'rex64' is only valid in 64-bit code", mcol);
      if (sc.atEnd()) {
        pushBytes(Uint8Array.of(PREFIX_BYTES[mn]!), pos);
        return;
      }
      if (mn === 'lock') prefixes.lock = true;
      else if (mn === 'rex64') prefixes.rex64 = true;
      else {
        prefixes.rep = mn === 'rep' ? 'rep' : mn === 'repe' || mn === 'repz' ? 'repe' : 'repne';
        prefixes.repWord = mn;
      }
      mcol = sc.col();
      mn = readIdent(sc).toLowerCase();
      if (!mn) sc.fail('expected an instruction after prefix');
    }
    const spec = resolveMnemonic(mn);
    if (!spec) throw errorAt(pos, `unknown mnemonic '${mn}'`, mcol);
    // Lines with only registers and numbers encode the same wherever they are: reuse the plan.
    const opText = sc.s.slice(sc.i, sc.end).trim();
    const constant = !/[A-Za-z_.'"@\\]/.test(opText.replace(/%[a-zA-Z0-9]+/g, '').replace(/\b0[xX][0-9a-fA-F]+\b/g, ''));
    const key = constant ? `${bits}|${prefixes.lock}|${prefixes.rep}|${prefixes.rex64}|${mn}|${opText}` : '';
    const known = constant ? constantPlans.get(key) : undefined;
    if (known && !(cur.sec.nobits && !cur.sec.flags.exec)) {
      push({ k: 'insn', plan: { ...known, pos, col: mcol }, scope }, known.size);
      return;
    }
    const ops = [];
    if (!sc.atEnd()) {
      for (const [a, b] of splitOperands(sc)) {
        const op = parseOperand(sc, a, b, localRef);
        ops.push(op);
      }
    }
    for (const op of ops) {
      if (op.kind === 'imm') {
        op.expr = bindDot(op.expr, pos);
        recordUses(op.expr, pos);
      } else if (op.kind === 'mem' && op.disp) {
        op.disp = bindDot(op.disp, pos);
        recordUses(op.disp, pos);
      }
    }
    const st: InsnStatement = { spec, mnemonic: mn, mcol, ops, prefixes, pos };
    const plan = selectEncoding(st, bits, (e) => constNow(e, pos));
    if (!cur.sec.flags.exec && cur.sec.nobits) throw errorAt(pos, `instruction in nobits section ${cur.sec.name}`, mcol);
    if (plan.kind === 'insn') {
      if (constant && plan.bytes && constantPlans.size < 100_000) constantPlans.set(key, plan);
      push({ k: 'insn', plan, scope }, plan.size);
    }
    else {
      const variable = plan.shortCode !== null && plan.longCode !== null;
      const size = plan.shortCode !== null ? plan.shortSize : plan.longSize;
      push({ k: 'branch', plan, long: plan.shortCode === null, relaxable: variable, scope }, size, variable);
    }
  };

  const statement = (line: string, start: number, end: number, pos: SourcePos): void => {
    const sc = new Scanner(line, pos, start, end);
    for (;;) {
      if (sc.atEnd()) return;
      const col = sc.col();
      const c = sc.peek();
      // Numeric local label `1:`.
      const m = /^([0-9]+)\s*:/.exec(line.slice(sc.i, end));
      if (m) {
        const n = (localCount.get(m[1]!) ?? 0) + 1;
        localCount.set(m[1]!, n);
        defineLabel(localName(m[1]!, n), pos, col, true);
        sc.i += m[0].length;
        continue;
      }
      if (!isIdentStart(c)) sc.fail(`junk '${line.slice(sc.i, end).trim()}' at start of statement`);
      const word = readIdent(sc);
      sc.skipWs();
      if (sc.peek() === ':' && line[sc.i + 1] !== ':') {
        sc.i++;
        defineLabel(word, pos, col, word.startsWith('.L'));
        continue;
      }
      if (sc.peek() === '=' && line[sc.i + 1] !== '=') {
        sc.i++;
        assign(word, sc, pos, col, false);
        return;
      }
      if (word.startsWith('.')) {
        directive(word.toLowerCase(), sc, pos, col);
        if (!sc.atEnd()) sc.fail(`junk '${line.slice(sc.i, end).trim()}' after directive`);
        return;
      }
      instruction(sc, pos, word, col);
      return;
    }
  };

  const finish = (): void => {
    for (const c of cursors.values()) c.start.align = c.maxAlign;
  };

  const runStatements = (line: string, pos: SourcePos): void => {
    // Split at ';' outside strings and character literals.
    let st = 0;
    let q = '';
    for (let i = 0; i <= line.length; i++) {
      const ch = line[i];
      if (q && i < line.length) {
        if (ch === '\\') i++;
        else if (ch === q) q = '';
        continue;
      }
      if (ch === '"') q = '"';
      else if (ch === "'") i = skipCharLiteral(line, i) - 1;
      else if (ch === ';' || i === line.length) {
        try {
          statement(line, st, i, pos);
        } catch (e) {
          if (e instanceof AsmError) throw e;
          throw errorAt(pos, `internal assembler error: ${(e as Error).message}`, st + 1);
        }
        st = i + 1;
      }
    }
  };

  const blocks = new BlockRunner({
    statements: runStatements,
    isDefined: (name) => {
      const d = scope.symbols.get(name);
      return d !== undefined && (d.section !== null || d.expr !== null);
    },
    constant: (text, pos, startCol, what) => {
      const sc = new Scanner(text, pos, startCol);
      sc.skipWs();
      const col = sc.col();
      const e = parseExpr(sc, localRef);
      if (!sc.atEnd()) sc.fail(`junk '${text.slice(sc.i).trim()}' after expression`);
      return needConst(e, pos, col, what);
    },
    include: (name, from) => ctx.include?.(name, from),
    warn: (pos, message, col) => ctx.warnings.push(warningAt(pos, message, col)),
  }, ctx.maxExpandedLines);
  const lines = logicalLines(text, path, binary);
  blocks.runFile(lines, { file: path, line: lines.length, col: 1, text: '' });
  finish();
}
