// Random blocks for one group of the user-mode ISA (bit counting, BMI1, MOVBE, CMPXCHG8B/16B in
// 64-bit code, the BCD adjustments in 32-bit code), for the CPU oracle: each case loads fresh
// random operands, runs one instruction of the group, and folds its result and all of RFLAGS into
// accumulators (%r13 %r15; %edx %edi in 32-bit code), so every case is visible in the final state. Every flag counts: the emulator sets the ones the SDM leaves undefined as the
// AMD host computes them.
import { ARITH_FLAGS, BlockWriter, CF, OF, regName, SCRATCH_SIZE, type Bits, type OracleBlock, type Width } from './generateBlock.js';
import { SeededRandom } from './seededRandom.js';

export type IsaGroup = 'bit counting' | 'BMI1' | 'MOVBE' | 'CMPXCHG8B/16B' | 'BCD';
export const ISA_GROUPS: readonly IsaGroup[] = ['bit counting', 'BMI1', 'MOVBE', 'CMPXCHG8B/16B', 'BCD'];
/** The code size a group's blocks run in (the BCD instructions do not exist in 64-bit mode). */
export const GROUP_BITS: Record<IsaGroup, Bits> = { 'bit counting': 64, BMI1: 64, MOVBE: 64, 'CMPXCHG8B/16B': 64, BCD: 32 };

export interface GroupBlock extends OracleBlock {
  /** Instructions of the group in the block (the cases). */
  cases: number;
  /** Index in `lines` of each case's group instruction. */
  caseLines: number[];
}

/** Operand registers (never %rsp, %rbp, nor the accumulators %r13 %r14 %r15). */
const POOL = [0, 1, 2, 3, 6, 7, 8, 9, 10, 11, 12];
const RAX = 0, RCX = 1, RDX = 2, RBX = 3;

/** A 64-bit value biased to the corners bit counting cares about. */
function operand(rnd: SeededRandom): bigint {
  const mask = (1n << 64n) - 1n;
  switch (rnd.below(8)) {
    case 0: return 0n;
    case 1: return mask;
    case 2: return 1n << BigInt(rnd.below(64));
    case 3: return (mask << BigInt(rnd.below(64))) & mask; // ones above a bit
    case 4: return mask >> BigInt(rnd.below(64)); // ones below a bit
    case 5: return BigInt(rnd.range(0, 0xffff)) << BigInt(rnd.pick([0, 16, 32, 48]));
    default: return rnd.u64();
  }
}

class GroupWriter {
  readonly b: BlockWriter;
  readonly caseLines: number[] = [];
  constructor(readonly rnd: SeededRandom, bits: Bits) { this.b = new BlockWriter(bits, rnd); }

  reg(avoid: number[] = []): number { return this.rnd.pick(POOL.filter((r) => !avoid.includes(r))); }
  load(r: number, v = operand(this.rnd)): void { this.b.emit(`movabsq $${BigInt.asIntN(64, v)}, ${regName(r, 'q')}`); }
  mem(w: Width, align = 1): string {
    const size = { b: 1, w: 2, l: 4, q: 8 }[w];
    return `${Math.floor(this.rnd.below(SCRATCH_SIZE - size + 1) / align) * align}(%rbp)`;
  }

  /** Random arithmetic flags in, so what an instruction keeps is checked too. */
  maybeFlags(): void {
    if (!this.rnd.chance(0.3)) return;
    this.b.emit(`pushq $${(this.rnd.u32() & ARITH_FLAGS) | 2}`);
    this.b.emit('popfq', ARITH_FLAGS);
  }

  /** The case's instruction, then RFLAGS and `folded` registers into the accumulators. */
  instruction(line: string, folded: number[]): void {
    this.caseLines.push(this.b.lines.length);
    this.b.emit(line, ARITH_FLAGS);
    this.b.emit('pushfq');
    this.b.emit('popq %r14');
    this.b.emit('xorq %r14, %r15', ARITH_FLAGS);
    this.b.emit('rolq $3, %r15', CF, OF);
    for (const r of folded) {
      this.b.emit(`xorq ${regName(r, 'q')}, %r13`, ARITH_FLAGS);
      this.b.emit('rolq $5, %r13', CF, OF);
    }
  }
}

const widthOf = (rnd: SeededRandom, ws: Width[]): Width => rnd.pick(ws);

function bitCountCase(g: GroupWriter): void {
  const op = g.rnd.pick(['popcnt', 'lzcnt', 'tzcnt']);
  const w = widthOf(g.rnd, ['w', 'l', 'q']);
  const src = g.reg(), dst = g.reg();
  g.load(src); g.load(dst);
  g.maybeFlags();
  let from = regName(src, w);
  if (g.rnd.chance(0.3)) {
    // The same random operand from memory.
    from = g.mem('q', 8);
    g.b.emit(`movq ${regName(src, 'q')}, ${from}`);
  }
  g.instruction(`${op}${w} ${from}, ${regName(dst, w)}`, [dst]);
}

function bmi1Case(g: GroupWriter): void {
  const op = g.rnd.pick(['andn', 'bextr', 'blsi', 'blsmsk', 'blsr']);
  const w = widthOf(g.rnd, ['l', 'q']);
  const a = g.reg(), b = g.reg(), dst = g.reg();
  g.load(a); g.load(b); g.load(dst);
  if (op === 'bextr' && g.rnd.chance(0.8)) {
    // A control word with start and length around the operand width.
    g.load(b, BigInt(g.rnd.range(0, 72)) | (BigInt(g.rnd.range(0, 72)) << 8n) | (g.rnd.chance(0.2) ? g.rnd.u64() & ~0xffffn : 0n));
  }
  g.maybeFlags();
  const rm = g.rnd.chance(0.7) ? regName(a, w) : g.mem(w);
  if (op === 'andn') g.instruction(`andn${w} ${rm}, ${regName(b, w)}, ${regName(dst, w)}`, [dst]);
  else if (op === 'bextr') g.instruction(`bextr${w} ${regName(b, w)}, ${rm}, ${regName(dst, w)}`, [dst]);
  else g.instruction(`${op}${w} ${rm}, ${regName(dst, w)}`, [dst]);
}

function movbeCase(g: GroupWriter): void {
  const w = widthOf(g.rnd, ['w', 'l', 'q']);
  const r = g.reg();
  g.load(r);
  if (g.rnd.chance(0.5)) g.instruction(`movbe${w} ${g.mem(w)}, ${regName(r, w)}`, [r]);
  else g.instruction(`movbe${w} ${regName(r, w)}, ${g.mem(w)}`, []);
}

function cmpxchgCase(g: GroupWriter): void {
  const wide = g.rnd.chance(0.5);
  const size = wide ? 16 : 8;
  const disp = Math.floor(g.rnd.below(SCRATCH_SIZE - size + 1) / (wide ? 16 : 1)) * (wide ? 16 : 1);
  for (const r of [RAX, RCX, RDX, RBX]) g.load(r);
  if (g.rnd.chance(0.5)) {
    // Make the comparison succeed: the accumulator pair equals memory.
    if (wide) { g.b.emit(`movq ${disp}(%rbp), %rax`); g.b.emit(`movq ${disp + 8}(%rbp), %rdx`); }
    else { g.b.emit(`movl ${disp}(%rbp), %eax`); g.b.emit(`movl ${disp + 4}(%rbp), %edx`); }
  }
  g.maybeFlags();
  g.instruction(`${g.rnd.chance(0.3) ? 'lock ' : ''}${wide ? 'cmpxchg16b' : 'cmpxchg8b'} ${disp}(%rbp)`, [RAX, RDX]);
}

/** AAA AAS DAA DAS AAM AAD on a random AX with random CF/AF (32-bit); AX and EFLAGS folded into %edx and %edi. */
function bcdCase(g: GroupWriter): void {
  const op = g.rnd.pick(['aaa', 'aas', 'daa', 'das', 'aam', 'aad']);
  const ax = g.rnd.chance(0.5) ? g.rnd.below(0x10000) : (g.rnd.below(256) << 8) | g.rnd.pick([0, 9, 0x0a, 0x0f, 0x10, 0x7f, 0x80, 0x99, 0x9a, 0x9f, 0xa0, 0xf9, 0xfa, 0xff]);
  g.b.emit(`movl $${(g.rnd.u32() & 0xffff0000) | ax}, %eax`);
  g.b.emit(`pushl $${(g.rnd.u32() & ARITH_FLAGS) | 2}`);
  g.b.emit('popfl', ARITH_FLAGS);
  const base = g.rnd.chance(0.6) ? '' : ` $${g.rnd.range(1, 255)}`;
  g.caseLines.push(g.b.lines.length);
  g.b.emit(`${op}${op === 'aam' || op === 'aad' ? base : ''}`, ARITH_FLAGS);
  for (const line of ['pushfl', 'popl %esi', 'xorl %esi, %edi', 'roll $3, %edi', 'xorl %eax, %edx', 'roll $5, %edx']) {
    g.b.emit(line, line.startsWith('xor') ? ARITH_FLAGS : line.startsWith('rol') ? CF : 0, line.startsWith('rol') ? OF : 0);
  }
}

const CASES: Record<IsaGroup, (g: GroupWriter) => void> = {
  'bit counting': bitCountCase, BMI1: bmi1Case, MOVBE: movbeCase, 'CMPXCHG8B/16B': cmpxchgCase, BCD: bcdCase,
};

/** A block of `cases` random cases of `group` (reproducible by seed). */
export function generateGroupBlock(group: IsaGroup, seed: number, cases: number): GroupBlock {
  const bits = GROUP_BITS[group];
  const g = new GroupWriter(new SeededRandom(seed * 31 + ISA_GROUPS.indexOf(group) * 1_000_003), bits);
  for (let i = 0; i < cases; i++) CASES[group](g);
  const b = g.b;
  return { bits, lines: b.lines, definedFlags: ARITH_FLAGS & ~b.undefinedFlags, definedAfter: b.definedAfter, cases, caseLines: g.caseLines };
}
