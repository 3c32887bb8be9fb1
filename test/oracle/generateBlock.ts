// Random integer instruction blocks for the CPU oracle (QEMU risu's idea): straight-line AT&T code
// over the general registers and a 256-byte scratch area at (%rbp)/(%ebp), with no branches out,
// no faults by construction (#DE avoided), and a record of which arithmetic flags end defined.
import { SeededRandom } from './seededRandom.js';

export const CF = 0x1, PF = 0x4, AF = 0x10, ZF = 0x40, SF = 0x80, OF = 0x800;
export const ARITH_FLAGS = CF | PF | AF | ZF | SF | OF;

/** Bytes of scratch memory the block may read and write, addressed as disp(%rbp) / disp(%ebp). */
export const SCRATCH_SIZE = 256;

export type Bits = 32 | 64;
export type Width = 'b' | 'w' | 'l' | 'q';
const WIDTH_BITS: Record<Width, number> = { b: 8, w: 16, l: 32, q: 64 };
const WIDTH_BYTES: Record<Width, number> = { b: 1, w: 2, l: 4, q: 8 };

export interface OracleBlock {
  bits: Bits;
  /** AT&T source lines, one instruction each. */
  lines: string[];
  /** The arithmetic flags whose last writer defined them (compare only these). */
  definedFlags: number;
  /** definedFlags after each line (to compare a prefix of the block). */
  definedAfter: number[];
}

const GPR64 = ['rax', 'rcx', 'rdx', 'rbx', 'rsp', 'rbp', 'rsi', 'rdi', 'r8', 'r9', 'r10', 'r11', 'r12', 'r13', 'r14', 'r15'];
const RSP = 4;
const RBP = 5;

export function regName(i: number, w: Width): string {
  const base = GPR64[i]!;
  if (w === 'q') return `%${base}`;
  if (i >= 8) return `%${base}${w === 'l' ? 'd' : w === 'w' ? 'w' : 'b'}`;
  if (w === 'l') return `%e${base.slice(1)}`;
  if (w === 'w') return `%${base.slice(1)}`;
  return `%${['al', 'cl', 'dl', 'bl', 'spl', 'bpl', 'sil', 'dil'][i]}`;
}

/** Condition codes and the flags each reads. */
const CONDITIONS: [string, number][] = [
  ['o', OF], ['no', OF], ['b', CF], ['ae', CF], ['e', ZF], ['ne', ZF], ['be', CF | ZF], ['a', CF | ZF],
  ['s', SF], ['ns', SF], ['p', PF], ['np', PF], ['l', SF | OF], ['ge', SF | OF], ['le', ZF | SF | OF], ['g', ZF | SF | OF],
];

export class BlockWriter {
  readonly lines: string[] = [];
  readonly definedAfter: number[] = [];
  /** Arithmetic flags currently undefined (their last writer left them undefined). */
  undefinedFlags = 0;
  pushDepth = 0;

  constructor(
    readonly bits: Bits,
    readonly rnd: SeededRandom,
  ) {}

  get widths(): Width[] {
    return this.bits === 64 ? ['b', 'w', 'l', 'q'] : ['b', 'w', 'l'];
  }

  emit(line: string, defined = 0, undefined_ = 0): void {
    this.lines.push(line);
    this.undefinedFlags = (this.undefinedFlags & ~(defined | undefined_)) | undefined_;
    this.definedAfter.push(ARITH_FLAGS & ~this.undefinedFlags);
  }

  canRead(flags: number): boolean {
    return (this.undefinedFlags & flags) === 0;
  }

  /** Register indices the block may write (never the stack or the scratch base). */
  writable(): number[] {
    return this.bits === 64 ? [0, 1, 2, 3, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15] : [0, 1, 2, 3, 6, 7];
  }

  /** A destination register of width w (excluding register indices in `avoid`). */
  dst(w: Width, avoid: number[] = []): string {
    if (w === 'b' && this.bits === 32) {
      // al cl dl bl ah ch dh bh: encodings 0-7, all parts of eax..ebx
      const names = ['al', 'cl', 'dl', 'bl', 'ah', 'ch', 'dh', 'bh'].filter((_, k) => !avoid.includes(k & 3));
      return `%${this.rnd.pick(names)}`;
    }
    const choices = this.writable().filter((i) => !avoid.includes(i));
    return regName(this.rnd.pick(choices), w);
  }

  /** A source register of width w; may be the stack pointer or the scratch base (read only). */
  src(w: Width): string {
    if (this.rnd.chance(0.9)) return this.dst(w);
    if (w === 'b' && this.bits === 32) return this.dst(w);
    return regName(this.rnd.pick([RSP, RBP]), w);
  }

  mem(w: Width): string {
    const disp = this.rnd.below(SCRATCH_SIZE - WIDTH_BYTES[w] + 1);
    return `${disp}(%${this.bits === 64 ? 'rbp' : 'ebp'})`;
  }

  /** A register or memory destination. */
  rm(w: Width): string {
    return this.rnd.chance(0.7) ? this.dst(w) : this.mem(w);
  }

  imm(w: Width): string {
    const r = this.rnd;
    const special = [0, 1, -1, 2, 0x7f, 0x80, 0xff, 0x7fff, 0x8000, 0xffff, 0x7fffffff, -0x80000000];
    let v: number;
    const kind = r.below(4);
    if (kind === 0) v = r.pick(special);
    else if (kind === 1) v = r.range(-16, 16);
    else v = r.u32() | 0;
    switch (w) {
      case 'b':
        v = ((v % 256) + 256) % 256;
        if (v >= 128 && r.chance(0.5)) v -= 256;
        break;
      case 'w':
        v = ((v % 65536) + 65536) % 65536;
        if (v >= 32768 && r.chance(0.5)) v -= 65536;
        break;
      case 'l':
        if (v < 0 && r.chance(0.5)) v += 0x1_0000_0000;
        break;
      case 'q':
        break; // sign-extended imm32
    }
    return `$${v}`;
  }
}

export type Generator = (b: BlockWriter) => boolean;

const alu2: Generator = (b) => {
  const op = b.rnd.pick(['add', 'or', 'adc', 'sbb', 'and', 'sub', 'xor', 'cmp', 'test']);
  if ((op === 'adc' || op === 'sbb') && !b.canRead(CF)) return false;
  const w = b.rnd.pick(b.widths);
  const logic = op === 'and' || op === 'or' || op === 'xor' || op === 'test';
  const forms = op === 'test' ? ['rr', 'ir', 'im', 'rm'] : ['rr', 'ir', 'im', 'rm', 'mr'];
  const form = b.rnd.pick(forms);
  const src = form[0] === 'r' ? b.src(w) : form[0] === 'i' ? b.imm(w) : b.mem(w);
  const dst = form[1] === 'r' ? b.dst(w) : b.mem(w);
  b.emit(`${op}${w} ${src}, ${dst}`, logic ? ARITH_FLAGS & ~AF : ARITH_FLAGS, logic ? AF : 0);
  return true;
};

const unary: Generator = (b) => {
  const op = b.rnd.pick(['inc', 'dec', 'neg', 'not']);
  const w = b.rnd.pick(b.widths);
  const defined = op === 'neg' ? ARITH_FLAGS : op === 'not' ? 0 : ARITH_FLAGS & ~CF;
  b.emit(`${op}${w} ${b.rm(w)}`, defined);
  return true;
};

const shift: Generator = (b) => {
  const op = b.rnd.pick(['shl', 'shr', 'sar', 'rol', 'ror', 'rcl', 'rcr']);
  const w = b.rnd.pick(b.widths);
  const width = WIDTH_BITS[w];
  const rotateThroughCarry = op === 'rcl' || op === 'rcr';
  if (rotateThroughCarry && !b.canRead(CF)) return false;
  // Counts beyond the operand width through carry are avoided (modulo 9/17 corner cases).
  const maxCount = w === 'q' ? 63 : rotateThroughCarry ? Math.min(width, 31) : 31;
  const count = b.rnd.chance(0.25) ? 1 : b.rnd.range(rotateThroughCarry ? 1 : 0, maxCount);
  const masked = count & (w === 'q' ? 63 : 31);
  const dst = b.rm(w);
  let countText: string;
  if (b.rnd.chance(0.3)) {
    b.emit(`movb $${count}, %cl`);
    countText = '%cl';
    if (/^%(cl|ch|cx|ecx|rcx)$/.test(dst)) return true; // count register is the destination: skip the shift
  } else {
    countText = `$${count}`;
  }
  let defined = 0;
  let undef = 0;
  if (masked !== 0) {
    if (op === 'shl' || op === 'shr' || op === 'sar') {
      defined = SF | ZF | PF | (masked < width ? CF : 0);
      undef = AF | (masked < width ? 0 : CF);
    } else {
      defined = CF;
    }
    if (masked === 1) defined |= OF;
    else undef |= OF;
  }
  b.emit(`${op}${w} ${countText}, ${dst}`, defined, undef);
  return true;
};

const doubleShift: Generator = (b) => {
  const op = b.rnd.pick(['shld', 'shrd']);
  const w = b.rnd.pick(b.widths.filter((x) => x !== 'b'));
  const count = w === 'w' ? b.rnd.range(1, 15) : b.rnd.range(0, WIDTH_BITS[w] - 1);
  const viaCl = b.rnd.chance(0.3);
  const avoid = viaCl ? [1] : [];
  const dst = b.rnd.chance(0.7) ? b.dst(w, avoid) : b.mem(w);
  const src = b.dst(w, avoid);
  if (viaCl) b.emit(`movb $${count}, %cl`);
  const defined = count === 0 ? 0 : SF | ZF | PF | CF | (count === 1 ? OF : 0);
  const undef = count === 0 ? 0 : AF | (count === 1 ? 0 : OF);
  b.emit(`${op}${w} ${viaCl ? '%cl' : `$${count}`}, ${src}, ${dst}`, defined, undef);
  return true;
};

const multiply: Generator = (b) => {
  const form = b.rnd.below(3);
  const defined = CF | OF;
  const undef = SF | ZF | AF | PF;
  if (form === 0) {
    const w = b.rnd.pick(b.widths);
    b.emit(`${b.rnd.pick(['mul', 'imul'])}${w} ${b.rnd.chance(0.7) ? b.src(w) : b.mem(w)}`, defined, undef);
  } else {
    const w = b.rnd.pick(b.widths.filter((x) => x !== 'b'));
    const src = b.rnd.chance(0.7) ? b.src(w) : b.mem(w);
    if (form === 1) b.emit(`imul${w} ${src}, ${b.dst(w)}`, defined, undef);
    else b.emit(`imul${w} ${b.imm(w === 'q' ? 'l' : w).replace(/^\$(\d{10,})$/, (_, n) => `$${Number(n) | 0}`)}, ${src}, ${b.dst(w)}`, defined, undef);
  }
  return true;
};

const divide: Generator = (b) => {
  const signed = b.rnd.chance(0.5);
  const w = b.rnd.pick(b.widths);
  const inMemory = b.rnd.chance(0.3);
  // The divisor never lives in the dividend's registers (rax, and rdx except for 8-bit division).
  const divisor = inMemory ? b.mem(w) : b.dst(w, w === 'b' ? [0] : [0, 2]);
  if (signed) {
    const mask = { b: 0x7f, w: 0x7fff, l: 0x7fffffff, q: 0x7fffffff }[w];
    b.emit(`and${w} $${mask}, ${divisor}`, ARITH_FLAGS & ~AF, AF);
    b.emit(`or${w} $2, ${divisor}`, ARITH_FLAGS & ~AF, AF); // 2 <= divisor: |quotient| <= |dividend| / 2 fits
    b.emit({ b: 'cbtw', w: 'cwtd', l: 'cltd', q: 'cqto' }[w]);
  } else {
    b.emit(`or${w} $1, ${divisor}`, ARITH_FLAGS & ~AF, AF);
    b.emit(w === 'b' ? 'movzbw %al, %ax' : 'xorl %edx, %edx', w === 'b' ? 0 : ARITH_FLAGS & ~AF, w === 'b' ? 0 : AF);
  }
  b.emit(`${signed ? 'idiv' : 'div'}${w} ${divisor}`, 0, ARITH_FLAGS);
  return true;
};

const bitTest: Generator = (b) => {
  const op = b.rnd.pick(['bt', 'bts', 'btr', 'btc']);
  const w = b.rnd.pick(b.widths.filter((x) => x !== 'b'));
  const undef = OF | SF | AF | PF;
  if (b.rnd.chance(0.5)) {
    const inMemory = b.rnd.chance(0.3);
    const bit = inMemory ? b.rnd.below(WIDTH_BITS[w]) : b.rnd.below(256);
    b.emit(`${op}${w} $${bit}, ${inMemory ? b.mem(w) : b.dst(w)}`, CF, undef);
  } else {
    b.emit(`${op}${w} ${b.src(w)}, ${b.dst(w)}`, CF, undef);
  }
  return true;
};

const bitScan: Generator = (b) => {
  const op = b.rnd.pick(['bsf', 'bsr']);
  const w = b.rnd.pick(b.widths.filter((x) => x !== 'b'));
  const src = b.rnd.chance(0.7) ? b.dst(w) : b.mem(w);
  // A zero source leaves the destination undefined: set one bit first.
  b.emit(`bts${w} $${b.rnd.below(WIDTH_BITS[w])}, ${src}`, CF, OF | SF | AF | PF);
  b.emit(`${op}${w} ${src}, ${b.dst(w)}`, ZF, CF | OF | SF | AF | PF);
  return true;
};

const setcc: Generator = (b) => {
  const [cc, reads] = b.rnd.pick(CONDITIONS);
  if (!b.canRead(reads)) return false;
  b.emit(`set${cc} ${b.rm('b')}`);
  return true;
};

const cmovcc: Generator = (b) => {
  const [cc, reads] = b.rnd.pick(CONDITIONS);
  if (!b.canRead(reads)) return false;
  const w = b.rnd.pick(b.widths.filter((x) => x !== 'b'));
  b.emit(`cmov${cc} ${b.rnd.chance(0.7) ? b.src(w) : b.mem(w)}, ${b.dst(w)}`);
  return true;
};

const extend: Generator = (b) => {
  const forms: [string, Width, Width][] = [
    ['movzbw', 'b', 'w'], ['movzbl', 'b', 'l'], ['movzwl', 'w', 'l'],
    ['movsbw', 'b', 'w'], ['movsbl', 'b', 'l'], ['movswl', 'w', 'l'],
  ];
  if (b.bits === 64) forms.push(['movzbq', 'b', 'q'], ['movzwq', 'w', 'q'], ['movsbq', 'b', 'q'], ['movswq', 'w', 'q'], ['movslq', 'l', 'q']);
  const [op, from, to] = b.rnd.pick(forms);
  b.emit(`${op} ${b.rnd.chance(0.7) ? b.src(from) : b.mem(from)}, ${b.dst(to)}`);
  return true;
};

const exchange: Generator = (b) => {
  const op = b.rnd.pick(['xchg', 'cmpxchg', 'xadd']);
  const w = b.rnd.pick(b.widths);
  const dst = b.rnd.chance(0.7) ? b.dst(w) : b.mem(w);
  b.emit(`${op}${w} ${b.dst(w)}, ${dst}`, op === 'xchg' ? 0 : ARITH_FLAGS);
  return true;
};

const byteSwap: Generator = (b) => {
  b.emit(`bswap ${b.dst(b.bits === 64 && b.rnd.chance(0.5) ? 'q' : 'l')}`);
  return true;
};

const lea: Generator = (b) => {
  const w = b.rnd.pick(b.widths.filter((x) => x !== 'b'));
  const addrWidth: Width = b.bits === 64 && b.rnd.chance(0.8) ? 'q' : 'l';
  const all = b.bits === 64 ? [...Array(16).keys()] : [...Array(8).keys()];
  const base = b.rnd.chance(0.85) ? regName(b.rnd.pick(all), addrWidth) : '';
  const index = b.rnd.chance(0.7) ? regName(b.rnd.pick(all.filter((i) => i !== RSP)), addrWidth) : '';
  const disp = b.rnd.pick([0, b.rnd.range(-128, 127), b.rnd.u32() | 0]);
  const scale = b.rnd.pick([1, 2, 4, 8]);
  if (!base && !index) return false;
  const addr = index ? `${disp}(${base},${index},${scale})` : `${disp}(${base})`;
  b.emit(`lea${w} ${addr}, ${b.dst(w)}`);
  return true;
};

const pushPop: Generator = (b) => {
  const w: Width = b.bits === 64 ? 'q' : 'l';
  if (b.pushDepth > 0 && (b.pushDepth >= 16 || b.rnd.chance(0.5))) {
    b.emit(`pop${w} ${b.rnd.chance(0.8) ? b.dst(w) : b.mem(w)}`);
    b.pushDepth--;
  } else {
    const k = b.rnd.below(3);
    b.emit(`push${w} ${k === 0 ? b.src(w) : k === 1 ? b.imm(w === 'q' ? 'q' : 'l') : b.mem(w)}`);
    b.pushDepth++;
  }
  return true;
};

const move: Generator = (b) => {
  const w = b.rnd.pick(b.widths);
  const form = b.rnd.pick(['rr', 'ir', 'mr', 'rm', 'im', 'abs']);
  if (form === 'abs') {
    if (b.bits !== 64) return false;
    b.emit(`movabsq $${BigInt.asIntN(64, b.rnd.u64())}, ${b.dst('q')}`);
    return true;
  }
  const src = form[0] === 'r' ? b.src(w) : form[0] === 'i' ? b.imm(w) : b.mem(w);
  const dst = form[1] === 'r' ? b.dst(w) : b.mem(w);
  b.emit(`mov${w} ${src}, ${dst}`);
  return true;
};

const convert: Generator = (b) => {
  const ops = ['cbtw', 'cwtl', 'cwtd', 'cltd'];
  if (b.bits === 64) ops.push('cltq', 'cqto');
  b.emit(b.rnd.pick(ops));
  return true;
};

const carryFlag: Generator = (b) => {
  const op = b.rnd.pick(['clc', 'stc', 'cmc']);
  if (op === 'cmc' && !b.canRead(CF)) return false;
  b.emit(op, CF);
  return true;
};

const flagsViaAh: Generator = (b) => {
  if (b.rnd.chance(0.5)) {
    if (!b.canRead(SF | ZF | AF | PF | CF)) return false;
    b.emit('lahf');
  } else {
    b.emit('sahf', SF | ZF | AF | PF | CF);
  }
  return true;
};

/** String instructions over the scratch area (DF stays 0): movs/stos/lods/cmps/scas, with rep prefixes. */
const stringOp: Generator = (b) => {
  const op = b.rnd.pick(['movs', 'stos', 'lods', 'cmps', 'scas']);
  const w = b.rnd.pick(b.widths);
  const size = WIDTH_BYTES[w];
  const count = b.rnd.range(0, 8);
  const span = (count + 1) * size;
  const r = (x: string): string => `%${b.bits === 64 ? 'r' : 'e'}${x}`;
  b.emit(`lea${b.bits === 64 ? 'q' : 'l'} ${b.rnd.below(SCRATCH_SIZE - span + 1)}(${r('bp')}), ${r('di')}`);
  b.emit(`lea${b.bits === 64 ? 'q' : 'l'} ${b.rnd.below(SCRATCH_SIZE - span + 1)}(${r('bp')}), ${r('si')}`);
  const prefix = op === 'lods' ? '' : op === 'movs' || op === 'stos' ? b.rnd.pick(['', 'rep ']) : b.rnd.pick(['', 'repe ', 'repne ']);
  if (prefix) b.emit(`movl $${count}, %ecx`);
  const compares = op === 'cmps' || op === 'scas';
  // With a repeat count of 0 nothing executes and the flags stay as they were.
  const writesFlags = compares && (prefix === '' || count > 0);
  b.emit(`${prefix}${op}${w}`, writesFlags ? ARITH_FLAGS : 0);
  return true;
};

/** A forward conditional jump over one instruction (a branch inside the block). */
const COUNTER_JUMPS: [string, number][] = [['jecxz', 0], ['loop', 0], ['loope', ZF], ['loopne', ZF]];

const skipForward: Generator = (b) => {
  // Mostly jcc; sometimes the count-register jumps (jecxz/jrcxz, loop/loope/loopne decrement the counter).
  const counterJumps = b.bits === 64 ? [...COUNTER_JUMPS, ['jrcxz', 0] as [string, number]] : COUNTER_JUMPS;
  const [jump, reads] = b.rnd.chance(0.75)
    ? ((([cc, r]) => [`j${cc}`, r] as [string, number])(b.rnd.pick(CONDITIONS)))
    : b.rnd.pick(counterJumps);
  if (!b.canRead(reads) || b.lines.length === 0) return false;
  const before = b.undefinedFlags;
  const label = b.lines.length;
  b.emit(`${jump} .Lskip${label}`);
  const body = b.rnd.pick([alu2, unary, move, extend, setcc, multiply]);
  const depth = b.pushDepth;
  if (!body(b)) b.emit('nop');
  b.pushDepth = depth;
  b.emit(`.Lskip${label}:`);
  // Either path may have run: a flag is defined afterwards only if defined on both.
  b.undefinedFlags |= before;
  b.definedAfter[b.definedAfter.length - 1] = ARITH_FLAGS & ~b.undefinedFlags;
  return true;
};

/** pushf when every arithmetic flag is defined; popf of a value with only arithmetic flags set. */
const flagsViaStack: Generator = (b) => {
  const w = b.bits === 64 ? 'q' : 'l';
  if (b.rnd.chance(0.5)) {
    if (!b.canRead(ARITH_FLAGS)) return false;
    b.emit(`pushf${w}`);
    b.emit(`pop${w} ${b.dst(w)}`);
  } else {
    // Only CF PF AF ZF SF OF (+ reserved bit 1): TF, DF and AC must stay clear.
    b.emit(`push${w} $${(b.rnd.u32() & ARITH_FLAGS) | 2}`);
    b.emit(`popf${w}`, ARITH_FLAGS);
  }
  return true;
};

const GENERATORS: [Generator, number][] = [
  [alu2, 20], [unary, 6], [shift, 10], [doubleShift, 3], [multiply, 7], [divide, 3], [bitTest, 4],
  [bitScan, 3], [setcc, 4], [cmovcc, 4], [extend, 4], [exchange, 5], [byteSwap, 2], [lea, 3],
  [pushPop, 4], [move, 6], [convert, 2], [carryFlag, 2], [flagsViaAh, 1], [stringOp, 3], [skipForward, 3], [flagsViaStack, 1],
];
const TOTAL_WEIGHT = GENERATORS.reduce((s, [, w]) => s + w, 0);

/** A block of about `count` instructions (preparation lines included), balanced on the stack. */
export function generateBlock(bits: Bits, seed: number, count = 2000): OracleBlock {
  const b = new BlockWriter(bits, new SeededRandom(seed * 2 + (bits === 64 ? 1 : 0)));
  while (b.lines.length < count - b.pushDepth) {
    let pick = b.rnd.below(TOTAL_WEIGHT);
    for (const [gen, weight] of GENERATORS) {
      if (pick < weight) {
        gen(b);
        break;
      }
      pick -= weight;
    }
  }
  while (b.pushDepth > 0) {
    b.emit(`pop${bits === 64 ? 'q' : 'l'} ${b.dst(bits === 64 ? 'q' : 'l')}`);
    b.pushDepth--;
  }
  return { bits, lines: b.lines, definedFlags: ARITH_FLAGS & ~b.undefinedFlags, definedAfter: b.definedAfter };
}
