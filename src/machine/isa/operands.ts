// Operand helpers the handlers share: the destination (operand 0) of a read-modify-write, and
// values as BigInt for the rare arithmetic wider than 53 bits (MUL/DIV, 64-bit shifts).
import type { CpuCore } from '../CpuCore.js';
import type { DecodedInsn } from '../decodedInsn.js';

const K_REG = 1, K_MEM = 2;

/** The linear address rdDest resolved for the read-modify-write in flight (handlers do not nest). */
let destEa = 0;

/** Operand 0's value at `size` (high half of a 64-bit value in cpu.hi); a memory destination that
 *  will be written is probed first, so a fault leaves everything unchanged. */
export function rdDest(c: CpuCore, d: DecodedInsn, size: number, forWrite: boolean): number {
  if (d.k0 === K_REG) return c.getR(d.r0, size);
  const ea = c.ea(d);
  if (forWrite) c.probeWrite(ea, size);
  destEa = ea;
  return c.rdMem(ea, size);
}

/** Write operand 0 (the address rdDest resolved, for memory). */
export function wrDest(c: CpuCore, d: DecodedInsn, size: number, lo: number, hi: number): void {
  if (d.k0 === K_REG) c.setR(d.r0, size, lo, hi); else c.wrMem(destEa, size, lo, hi);
}

export function toBig(lo: number, hi: number, size: number): bigint {
  if (size === 8) return (BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0);
  return BigInt(lo >>> 0);
}

/** The low `size` bytes of v: low 32 bits returned, high half in cpu.hi (0 below 8 bytes). */
export function fromBig(c: CpuCore, v: bigint, size: number): number {
  const m = BigInt.asUintN(size * 8, v);
  c.hi = size === 8 ? Number(m >> 32n) | 0 : 0;
  return Number(m & 0xffffffffn);
}

/** Write a BigInt result to operand 0; returns its low half (high half in cpu.hi). */
export function wrDestBig(c: CpuCore, d: DecodedInsn, size: number, r: bigint): number {
  const lo = fromBig(c, r, size), hi = c.hi;
  wrDest(c, d, size, lo, hi);
  c.hi = hi;
  return lo;
}

/**
 * Source operand `i` (1 or 2) read at `size` bytes: a general register or memory (an immediate
 * gives its low bits). Returns the low 32 bits unsigned; the high half is left in cpu.hi.
 */
export function readSource(c: CpuCore, d: DecodedInsn, i: 1 | 2, size: number): number {
  const k = i === 1 ? d.k1 : d.k2;
  if (k === K_REG) return c.getR(i === 1 ? d.r1 : d.r2, size);
  if (k === K_MEM) return c.rdMem(c.ea(d), size);
  c.hi = size === 8 ? d.immHi : 0;
  return size === 8 ? d.immLo >>> 0 : (d.immLo & (size === 4 ? -1 : size === 2 ? 0xffff : 0xff)) >>> 0;
}

/** Whether any operand of the instruction is in memory (load/store cost classes). */
export function hasMemoryOperand(d: DecodedInsn): boolean {
  return d.k0 === K_MEM || d.k1 === K_MEM || d.k2 === K_MEM;
}
