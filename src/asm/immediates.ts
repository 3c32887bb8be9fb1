// Which immediate fields a value fits, as GNU as decides at assembly time and ld at link time.
import iced from '../x86/icedModule.js';

const { OpCodeOperandKind: K } = iced;

/**
 * GNU as first folds an immediate written unsigned into its negative form for the operand size
 * (0xffff -> -1 for 8/16-bit operations, 0xffffffff -> -1 up to 32-bit), then fits it.
 */
export function normalizeImm(v: bigint, opSize: number): bigint {
  let n = BigInt.asIntN(64, v);
  if ((opSize === 8 || opSize === 16) && (n & ~0xffffn) === 0n) n = BigInt.asIntN(16, n);
  if (opSize >= 8 && opSize <= 32 && (n & ~0xffffffffn) === 0n) n = BigInt.asIntN(32, n);
  return n;
}

/** Does constant v fit immediate kind (for an instruction of operand size opSize)? Where as only warns that it truncates, we refuse. */
export function immFits(kind: number, v: bigint, opSize: number): boolean {
  const s = normalizeImm(v, opSize);
  const inRange = (lo: bigint, hi: bigint) => s >= lo && s <= hi;
  switch (kind) {
    case K.imm8: return opSize === 8 ? inRange(-0xffn, 0xffn) : inRange(-128n, 255n);
    case K.imm8_const_1: return s === 1n;
    case K.imm8sex16: case K.imm8sex32: case K.imm8sex64: return within8(s);
    case K.imm16: return opSize === 16 ? inRange(-0xffffn, 0xffffn) : inRange(-32768n, 65535n);
    case K.imm32: return opSize === 32 ? inRange(-0xffffffffn, 0xffffffffn) : inRange(-(1n << 31n), 0xffffffffn);
    case K.imm32sex64: return inRange(-(1n << 31n), (1n << 31n) - 1n);
    case K.imm64: return true;
    default: return false;
  }
}
export const within8 = (s: bigint): boolean => s >= -128n && s <= 127n;
export const IMM_KINDS = new Set<number>([K.imm8, K.imm8_const_1, K.imm8sex16, K.imm8sex32, K.imm8sex64, K.imm16, K.imm32, K.imm32sex64, K.imm64]);
export const SEX8 = new Set<number>([K.imm8sex16, K.imm8sex32, K.imm8sex64, K.imm8_const_1]);

/** Does a symbol value known only at link time fit the field (ld: "relocation truncated")? */
export function linkTimeFits(kind: number, v: bigint): boolean {
  const s = BigInt.asIntN(64, v);
  switch (kind) {
    case K.imm8: return s >= -128n && s <= 255n;
    case K.imm16: return s >= -32768n && s <= 65535n;
    case K.imm32: return s >= -(1n << 31n) && s <= 0xffffffffn;
    case K.imm32sex64: return s >= -(1n << 31n) && s < 1n << 31n;
    default: return true;
  }
}
