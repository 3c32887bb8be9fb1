// Bit counting and BMI1: POPCNT, LZCNT, TZCNT, ANDN, BEXTR, BLSI, BLSMSK, BLSR.
// Flags the SDM leaves undefined are set as the AMD Zen 4 this project measures on computes them
// (test/oracle/userIsa.test.ts compares every flag with the host): LZCNT/TZCNT keep OF and clear
// SF AF PF; BEXTR sets AF and clears SF; ANDN and BLS* clear AF and set PF from the result.
import type { CpuCore } from '../CpuCore.js';
import { Op, type DecodedInsn } from '../decodedInsn.js';
import { PARITY } from '../flags.js';
import type { CostClass } from '../types.js';
import type { OpRow } from './opRow.js';
import { HANDLERS } from './opcodes.js';
import { hasMemoryOperand, readSource } from './operands.js';
import { Mnemonic } from '../../x86/icedModule.js';

const CF = 0x1, PF = 0x4, AF = 0x10, ZF = 0x40, SF = 0x80, OF = 0x800;
const ARITH = CF | PF | AF | ZF | SF | OF;

/** Set bits of a 32-bit value. */
function popcount32(x: number): number {
  x = x - ((x >>> 1) & 0x55555555);
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
}

/** Trailing zero bits of a non-zero 32-bit value. */
const ctz32 = (x: number): number => 31 - Math.clz32(x & -x);

const loadOrAlu = (d: DecodedInsn): CostClass => (hasMemoryOperand(d) ? 'load' : 'alu');

function popcnt(c: CpuCore, d: DecodedInsn): void {
  const size = d.osz;
  const v = readSource(c, d, 1, size), h = size === 8 ? c.hi : 0;
  const n = popcount32(v) + popcount32(h);
  c.setR(d.r0, size, n, 0);
  c.setArith(n === 0 ? ZF : 0);
}

/** LZCNT/TZCNT: CF when the source is zero (the result is then the operand width), ZF when the result is zero. */
function countZeros(c: CpuCore, d: DecodedInsn, leading: boolean): void {
  const size = d.osz;
  const v = readSource(c, d, 1, size), h = size === 8 ? c.hi : 0;
  let n: number;
  if (size === 8) {
    if (leading) n = h !== 0 ? Math.clz32(h) : 32 + Math.clz32(v);
    else n = v !== 0 ? ctz32(v) : h !== 0 ? 32 + ctz32(h) : 64;
  } else {
    const bits = size * 8;
    if (v === 0) n = bits;
    else n = leading ? Math.clz32(v) - (32 - bits) : ctz32(v);
  }
  const of = c.materializeFlags() & OF;
  c.setR(d.r0, size, n, 0);
  c.setArith(of | (v === 0 && h === 0 ? CF : 0) | (n === 0 ? ZF : 0));
}

/** Without abm (lzcnt) or bmi1 (tzcnt) the CPU ignores the F3 prefix: this record becomes BSR/BSF for good. */
function rescanAs(c: CpuCore, d: DecodedInsn, op: Op): void {
  // Features change only with invalidateDecodeCache(), which drops every decoded record.
  d.op = op; d.row = null;
  HANDLERS[op]!(c, d);
}

/** Sign, zero and parity of a (lo, hi) result of `size` bytes. */
function szp(c: CpuCore, lo: number, hi: number, size: number): number {
  return c.szp(lo >>> 0, size === 8 ? hi | 0 : 0, size);
}

function andn(c: CpuCore, d: DecodedInsn): void {
  const size = d.osz;
  const a = readSource(c, d, 1, size), ah = c.hi;
  const b = readSource(c, d, 2, size), bh = c.hi;
  const lo = (~a & b) >>> 0, hi = size === 8 ? ~ah & bh : 0;
  c.setR(d.r0, size, lo, hi);
  c.setArith(szp(c, lo, hi, size));
}

/** BEXTR: LEN = control[15:8] bits of the source from START = control[7:0]; beyond the width reads zeros. */
function bextr(c: CpuCore, d: DecodedInsn): void {
  const size = d.osz, bits = size * 8;
  const v = readSource(c, d, 1, size), vh = size === 8 ? c.hi : 0;
  const ctl = readSource(c, d, 2, size);
  const start = ctl & 0xff, len = (ctl >>> 8) & 0xff;
  let lo = 0, hi = 0;
  if (start < bits) {
    // Shift right by start.
    if (start === 0) { lo = v; hi = vh; }
    else if (start < 32) { lo = ((v >>> start) | (vh << (32 - start))) >>> 0; hi = vh >>> start; }
    else { lo = vh >>> (start - 32); hi = 0; }
    // Keep len bits.
    if (len < 32) { lo = len === 0 ? 0 : (lo & (0xffffffff >>> (32 - len))) >>> 0; hi = 0; }
    else if (len < 64) hi = len === 32 ? 0 : hi & (0xffffffff >>> (64 - len));
  }
  c.setR(d.r0, size, lo >>> 0, hi | 0);
  c.setArith((lo === 0 && hi === 0 ? ZF : 0) | PARITY[lo & 0xff]! | AF);
}

/** BLSI (x & -x), BLSMSK (x ^ (x - 1)), BLSR (x & (x - 1)) of the source into the VEX.vvvv register. */
function lowestBit(c: CpuCore, d: DecodedInsn, op: 0 | 1 | 2): void {
  const size = d.osz;
  const v = readSource(c, d, 1, size), vh = size === 8 ? c.hi : 0;
  const zero = v === 0 && vh === 0;
  // x - 1 and -x over the operand width, in halves.
  let mlo = (v - 1) >>> 0, mhi = size === 8 ? (v === 0 ? vh - 1 : vh) | 0 : 0;
  if (size === 4) mhi = 0;
  let lo: number, hi: number;
  if (op === 0) {
    const nlo = (-v) >>> 0, nhi = size === 8 ? (v === 0 ? -vh : ~vh) | 0 : 0;
    lo = (v & nlo) >>> 0; hi = vh & nhi;
  } else if (op === 1) { lo = (v ^ mlo) >>> 0; hi = vh ^ mhi; }
  else { lo = (v & mlo) >>> 0; hi = vh & mhi; }
  if (size !== 8) hi = 0;
  c.setR(d.r0, size, lo, hi);
  const cf = op === 0 ? (zero ? 0 : CF) : (zero ? CF : 0);
  c.setArith(cf | szp(c, lo, hi, size));
}

const row = (name: string, mnemonic: Mnemonic, handler: OpRow['handler'], feature: OpRow['feature'], flagsRead = 0): OpRow =>
  ({ name, mnemonics: [mnemonic], handler, cls: loadOrAlu, jit: true, flagsRead, flagsWritten: ARITH, feature });

export const BIT_MANIPULATION_ROWS: readonly OpRow[] = [
  row('POPCNT', Mnemonic.Popcnt, popcnt, 'popcnt'),
  { ...row('LZCNT', Mnemonic.Lzcnt, (c, d) => countZeros(c, d, true), 'abm', OF), withoutFeature: (c, d) => rescanAs(c, d, Op.BSR) },
  { ...row('TZCNT', Mnemonic.Tzcnt, (c, d) => countZeros(c, d, false), 'bmi1', OF), withoutFeature: (c, d) => rescanAs(c, d, Op.BSF) },
  row('ANDN', Mnemonic.Andn, andn, 'bmi1'),
  row('BEXTR', Mnemonic.Bextr, bextr, 'bmi1'),
  row('BLSI', Mnemonic.Blsi, (c, d) => lowestBit(c, d, 0), 'bmi1'),
  row('BLSMSK', Mnemonic.Blsmsk, (c, d) => lowestBit(c, d, 1), 'bmi1'),
  row('BLSR', Mnemonic.Blsr, (c, d) => lowestBit(c, d, 2), 'bmi1'),
];
