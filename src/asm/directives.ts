// The statement directives: data (.byte ... .quad, .ascii), sections, symbols (.globl, .set,
// .type, .size, .comm), space (.skip, .fill) and alignment, run against the parser's state.
import { errorAt, type SourcePos } from './AsmError.js';
import { isIdentStart, parseExpr, readIdent, type Expr, type LocalRefResolver, type Scanner } from './expression.js';
import type { FileScope, Item, ObjSection, ObjSymbol, SectionFlags } from './objectCode.js';

export const DATA_WIDTH: Record<string, 1 | 2 | 4 | 8> = {
  '.byte': 1, '.word': 2, '.short': 2, '.hword': 2, '.2byte': 2, '.value': 2,
  '.long': 4, '.int': 4, '.4byte': 4, '.quad': 8, '.8byte': 8,
};
const IGNORED = new Set(['.file', '.ident', '.hidden', '.protected', '.internal', '.loc', '.cfi_startproc', '.cfi_endproc', '.cfi_def_cfa_offset', '.cfi_offset', '.cfi_def_cfa_register', '.cfi_adjust_cfa_offset', '.cfi_rel_offset', '.cfi_restore', '.cfi_remember_state', '.cfi_restore_state', '.cfi_def_cfa', '.cfi_undefined', '.cfi_sections', '.att_syntax', '.nops']);

export function defaultSectionFlags(name: string): { flags: SectionFlags; nobits: boolean } {
  if (name === '.text' || name.startsWith('.text.') || name.startsWith('.init') || name.startsWith('.fini'))
    return { flags: { alloc: true, write: false, exec: true }, nobits: false };
  if (name === '.bss' || name.startsWith('.bss.') || name.startsWith('.tbss'))
    return { flags: { alloc: true, write: true, exec: false }, nobits: true };
  if (name === '.data' || name.startsWith('.data.') || name.startsWith('.tdata'))
    return { flags: { alloc: true, write: true, exec: false }, nobits: false };
  if (name === '.rodata' || name.startsWith('.rodata.'))
    return { flags: { alloc: true, write: false, exec: false }, nobits: false };
  return { flags: { alloc: false, write: false, exec: false }, nobits: false };
}

/** Largest .skip/.fill we build in memory (64 MiB: linking copies it twice more). */
export const MAX_SPACE = 1 << 26;
/** Largest .skip in a nobits section (.bss): nothing is built, but it must fit the address space. */
export const MAX_NOBITS_SPACE = 2 ** 32;

export interface SectionCursor {
  sec: ObjSection;
  provOffset: number;
  frag: number;
  /** ld aligns each file's part of a section to the largest alignment that file asks for. */
  start: Extract<Item, { k: 'align' }>;
  maxAlign: number;
}

/** What the directives read and change of the file being parsed. */
export interface DirectiveEnv {
  readonly path: string;
  readonly scope: FileScope;
  cur: SectionCursor;
  prev: SectionCursor;
  readonly stack: SectionCursor[];
  readonly bits: 32 | 64;
  setBits(b: 32 | 64): void;
  getSection(name: string, flags?: SectionFlags, nobits?: boolean): SectionCursor;
  exprList(sc: Scanner, allowEmpty?: boolean): { e: Expr; col: number }[];
  constNow(e: Expr, pos: SourcePos, wide?: boolean): bigint | null;
  needConst(e: Expr, pos: SourcePos, col: number, what: string): bigint;
  bindDot(e: Expr, pos: SourcePos): Expr;
  recordUses(e: Expr, pos: SourcePos): void;
  push(item: Item, size: number, breaksFrag?: boolean): void;
  pushBytes(data: Uint8Array, pos: SourcePos): void;
  ensureRoom(n: number, pos: SourcePos, col?: number): void;
  readString(sc: Scanner): number[];
  alignItem(pos: SourcePos, align: number, fill: number | null, max: number, col?: number): void;
  assign(name: string, sc: Scanner, pos: SourcePos, col: number, once: boolean): void;
  placeholder(name: string, pos: SourcePos): ObjSymbol;
  defineLabel(name: string, pos: SourcePos, col: number, hidden: boolean): ObjSymbol;
  localRef: LocalRefResolver;
}

/** Run the directive `name` (lowercase, with its dot) whose arguments `sc` is at. */
export function runDirective(env: DirectiveEnv, name: string, sc: Scanner, pos: SourcePos, ncol: number): void {
  const width = DATA_WIDTH[name];
  if (width) {
    for (const { e: e0, col } of env.exprList(sc)) {
      const e = env.bindDot(e0, pos);
      const v = env.constNow(e, pos, width === 8);
      if (v !== null) {
        const s = width === 8 || env.bits === 64 ? BigInt.asIntN(64, v) : BigInt.asIntN(32, v);
        if (width < 8 && (s < -(1n << BigInt(width * 8 - 1)) || s >= 1n << BigInt(width * 8)))
          throw errorAt(pos, `value ${s} out of range for ${name}`, col);
        const data = new Uint8Array(width);
        for (let i = 0; i < width; i++) data[i] = Number((v >> BigInt(8 * i)) & 0xffn);
        env.pushBytes(data, pos);
      } else {
        if (env.cur.sec.nobits) throw errorAt(pos, `data in nobits section ${env.cur.sec.name}`, col);
        env.recordUses(e, { ...pos, col });
        env.push({ k: 'data', width, expr: e, pos: { ...pos, col }, scope: env.scope }, width);
      }
    }
    return;
  }
  switch (name) {
    case '.text': case '.data': case '.bss':
      env.prev = env.cur;
      env.cur = env.getSection(name);
      return;
    case '.section': case '.pushsection': {
      sc.skipWs();
      const st = sc.i;
      while (sc.i < sc.end && !/[\s,]/.test(sc.s[sc.i]!)) sc.i++;
      let secName = sc.s.slice(st, sc.i);
      if (secName.startsWith('"')) secName = secName.slice(1, -1);
      if (!secName) sc.fail('missing section name');
      let flags: SectionFlags | undefined;
      let nobits: boolean | undefined;
      sc.skipWs();
      if (sc.peek() === ',') {
        sc.i++;
        sc.skipWs();
        if (sc.peek() === '"') {
          const fcol = sc.col();
          const fl = String.fromCharCode(...env.readString(sc));
          flags = { alloc: false, write: false, exec: false };
          for (const ch of fl) {
            if (ch === 'a') flags.alloc = true;
            else if (ch === 'w') flags.write = true;
            else if (ch === 'x') flags.exec = true;
            else if (!'MSGTRo?d'.includes(ch)) throw errorAt(pos, `unknown section flag '${ch}'`, fcol);
          }
          nobits = defaultSectionFlags(secName).nobits;
          sc.skipWs();
          if (sc.peek() === ',') {
            sc.i++;
            sc.skipWs();
            const tcol = sc.col();
            const t = sc.s.slice(sc.i, sc.end).split(',')[0]!.trim();
            if (t === '@nobits' || t === '%nobits') nobits = true;
            else if (t === '@progbits' || t === '%progbits') nobits = false;
            else if (t !== '@note' && t !== '%note') throw errorAt(pos, `unknown section type '${t}'`, tcol);
          }
        }
      }
      sc.i = sc.end;
      if (name === '.pushsection') env.stack.push(env.cur);
      env.prev = env.cur;
      env.cur = env.getSection(secName, flags, nobits);
      return;
    }
    case '.popsection':
      if (!env.stack.length) throw errorAt(pos, '.popsection without .pushsection', ncol);
      env.prev = env.cur;
      env.cur = env.stack.pop()!;
      return;
    case '.previous':
      [env.cur, env.prev] = [env.prev, env.cur];
      return;
    case '.globl': case '.global': case '.weak':
      for (const { e, col } of env.exprList(sc)) {
        if (e.k !== 'sym') throw errorAt(pos, 'expected a symbol name', col);
        env.scope.globalNames.add(e.name);
        if (name === '.weak') env.scope.weakNames.add(e.name);
        const s = env.scope.symbols.get(e.name);
        if (s) s.global = true;
      }
      return;
    case '.local':
      env.exprList(sc);
      return;
    case '.equ': case '.set': case '.equiv': {
      sc.skipWs();
      const col = sc.col();
      if (!isIdentStart(sc.peek())) sc.fail('expected a symbol name');
      const sym = readIdent(sc);
      sc.skipWs();
      if (sc.peek() !== ',') sc.fail("expected ','");
      sc.i++;
      env.assign(sym, sc, pos, col, name === '.equiv');
      return;
    }
    case '.ascii': case '.asciz': case '.string': {
      do {
        const b = env.readString(sc);
        if (name !== '.ascii') b.push(0);
        env.pushBytes(Uint8Array.from(b), pos);
        sc.skipWs();
      } while (sc.peek() === ',' && sc.i++ >= 0);
      if (!sc.atEnd()) sc.fail(`junk '${sc.s.slice(sc.i, sc.end).trim()}' after string`);
      return;
    }
    case '.skip': case '.space': case '.zero': {
      const args = env.exprList(sc);
      if (args.length < 1 || args.length > (name === '.zero' ? 1 : 2)) throw errorAt(pos, `bad arguments to ${name}`, ncol);
      const n = Number(BigInt.asIntN(64, env.needConst(args[0]!.e, pos, args[0]!.col, 'size')));
      if (n < 0) throw errorAt(pos, 'size is negative', args[0]!.col);
      if (n > (env.cur.sec.nobits ? MAX_NOBITS_SPACE : MAX_SPACE)) throw errorAt(pos, 'size too large', args[0]!.col);
      env.ensureRoom(n, pos, args[0]!.col);
      const fill = args[1] ? Number(env.needConst(args[1].e, pos, args[1].col, 'fill') & 0xffn) : 0;
      if (fill === 0) {
        if (env.cur.sec.nobits) env.push({ k: 'zero', size: n, file: env.path, line: pos.line }, n);
        else env.pushBytes(new Uint8Array(n), pos);
      } else env.pushBytes(new Uint8Array(n).fill(fill), pos);
      return;
    }
    case '.fill': {
      const args = env.exprList(sc);
      if (args.length < 1 || args.length > 3) throw errorAt(pos, 'bad arguments to .fill', ncol);
      const rep = Number(BigInt.asIntN(64, env.needConst(args[0]!.e, pos, args[0]!.col, 'repeat count')));
      const size = args[1] ? Number(BigInt.asIntN(64, env.needConst(args[1].e, pos, args[1].col, 'size'))) : 1;
      if (rep * size > MAX_SPACE) throw errorAt(pos, 'size too large', args[0]!.col);
      env.ensureRoom(Math.max(0, rep * size), pos, args[0]!.col);
      const val = args[2] ? env.needConst(args[2].e, pos, args[2].col, 'value') : 0n;
      if (rep < 0 || size < 0) throw errorAt(pos, 'bad .fill arguments', ncol);
      const sz = Math.min(size, 8);
      const data = new Uint8Array(rep * size);
      for (let r = 0; r < rep; r++) for (let i = 0; i < sz; i++) data[r * size + i] = i < 4 ? Number((val >> BigInt(8 * i)) & 0xffn) : 0;
      env.pushBytes(data, pos);
      return;
    }
    case '.align': case '.balign': case '.p2align': {
      const args = env.exprList(sc, true);
      const given = (i: number) => args[i] !== undefined && !(args[i]!.e.k === 'sym' && (args[i]!.e as { name: string }).name === '');
      if (!given(0)) throw errorAt(pos, `missing alignment for ${name}`, ncol);
      let a = Number(env.needConst(args[0]!.e, pos, args[0]!.col, 'alignment'));
      if (name === '.p2align') a = 2 ** a;
      const fill = given(1) ? Number(env.needConst(args[1]!.e, pos, args[1]!.col, 'fill') & 0xffn) : null;
      const max = given(2) ? Number(env.needConst(args[2]!.e, pos, args[2]!.col, 'maximum')) : 0;
      env.alignItem(pos, a, fill, max, args[0]!.col);
      return;
    }
    case '.code32': case '.code64': // mixing is allowed: later instructions use the new mode
      env.setBits(name === '.code32' ? 32 : 64);
      return;
    case '.code16':
      throw errorAt(pos, '16-bit code is not supported', ncol);
    case '.type': {
      sc.skipWs();
      const col = sc.col();
      const sym = readIdent(sc);
      if (!sym) throw errorAt(pos, 'expected a symbol name', col);
      const t = sc.s.slice(sc.i, sc.end).replace(/^\s*,\s*/, '').trim();
      const type = /function/.test(t) ? 'func' : /object/.test(t) ? 'object' : 'notype';
      const s = env.scope.symbols.get(sym) ?? env.placeholder(sym, pos);
      s.type = type;
      sc.i = sc.end;
      return;
    }
    case '.size': {
      sc.skipWs();
      const sym = readIdent(sc);
      sc.skipWs();
      if (sc.peek() !== ',') sc.fail("expected ','");
      sc.i++;
      const e = env.bindDot(parseExpr(sc, env.localRef), pos);
      const s = env.scope.symbols.get(sym) ?? env.placeholder(sym, pos);
      s.sizeExpr = e;
      sc.i = sc.end;
      return;
    }
    case '.comm': case '.lcomm': {
      const args = env.exprList(sc);
      if (args.length < 2 || args[0]!.e.k !== 'sym') throw errorAt(pos, `bad arguments to ${name}`, ncol);
      const symName = (args[0]!.e as { name: string }).name;
      const size = Number(env.needConst(args[1]!.e, pos, args[1]!.col, 'size'));
      const al = args[2] ? Number(env.needConst(args[2].e, pos, args[2].col, 'alignment')) : Math.min(16, 2 ** Math.floor(Math.log2(Math.max(1, size))));
      const save = env.cur;
      env.cur = env.getSection('.bss');
      env.alignItem(pos, al, null, 0);
      const s = env.defineLabel(symName, pos, args[0]!.col, false);
      s.type = 'object';
      s.sizeExpr = { k: 'num', v: BigInt(size) };
      if (name === '.comm') s.global = true;
      env.push({ k: 'zero', size, file: env.path, line: pos.line }, size);
      env.cur = save;
      return;
    }
    case '.intel_syntax':
      throw errorAt(pos, 'Intel syntax is not supported (AT&T only)', ncol);
    default:
      if (IGNORED.has(name) || name.startsWith('.cfi_')) {
        sc.i = sc.end;
        return;
      }
      throw errorAt(pos, `unknown directive '${name}'`, ncol);
  }
}
