// Operand access shared by the row handlers of isa/: the value of a register-or-memory source
// operand in any slot, and 64-bit helpers over (low, high) 32-bit halves.
import type { CpuCore } from '../CpuCore.js';
import { K_MEM, K_REG, type DecodedInsn } from '../decodeInstruction.js';

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

/** Set bits of a 32-bit value. */
export function popcount32(x: number): number {
  x = x - ((x >>> 1) & 0x55555555);
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
}

/** Trailing zero bits of a non-zero 32-bit value. */
export function ctz32(x: number): number {
  return 31 - Math.clz32(x & -x);
}

/** A 32-bit signed register half as the canonical `x | 0` form. */
export const TWO32 = 4294967296;
