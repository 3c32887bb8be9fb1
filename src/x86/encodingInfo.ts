// What objdump needs to know about an instruction's raw encoding that iced-x86's decoded form
// does not say: which prefixes were present, the REX byte, and whether a SIB byte names no index.
import type { Bitness } from './decode.js';

export interface EncodingInfo {
  /** Legacy prefixes in order (0x66, 0x67, 0xf0, 0xf2, 0xf3, segment overrides). */
  prefixes: number[];
  /** The REX byte (64-bit mode, directly before the opcode), or 0. */
  rex: number;
  /** Index of the REX byte in the instruction, or -1. */
  rexIndex: number;
  /** Set when a SIB byte is present and encodes "no index" (index 100 without REX.X). */
  sibNoIndex: { scale: number; base: number; mod: number } | null;
  /** The ModRM byte, or -1 when the opcode has none. */
  modrm: number;
  /** The SIB byte's fields when one is present (base without REX.B). */
  sib: { scale: number; index: number; base: number; mod: number } | null;
  /** True for VEX/EVEX/XOP encodings (nothing past the prefixes is parsed then). */
  vex: boolean;
}

const LEGACY = new Set([0x26, 0x2e, 0x36, 0x3e, 0x64, 0x65, 0x66, 0x67, 0xf0, 0xf2, 0xf3]);
// One-byte opcodes that take a ModRM byte (legacy map); the 0F map is handled separately.
const MODRM_1BYTE = new Set<number>([
  ...range(0x00, 0x03), ...range(0x08, 0x0b), ...range(0x10, 0x13), ...range(0x18, 0x1b), ...range(0x20, 0x23), ...range(0x28, 0x2b),
  ...range(0x30, 0x33), ...range(0x38, 0x3b), 0x62, 0x63, 0x69, 0x6b, ...range(0x80, 0x8f), 0xc0, 0xc1, 0xc4, 0xc5, 0xc6, 0xc7,
  ...range(0xd0, 0xd3), ...range(0xd8, 0xdf), 0xf6, 0xf7, 0xfe, 0xff,
]);
// 0F-map opcodes without a ModRM byte.
const NO_MODRM_0F = new Set<number>([0x05, 0x06, 0x07, 0x08, 0x09, 0x0b, 0x0e, 0x30, 0x31, 0x32, 0x33, 0x34, 0x35, 0x37, 0x77, 0xa0, 0xa1, 0xa2, 0xa8, 0xa9, 0xaa, ...range(0x80, 0x8f), ...range(0xc8, 0xcf)]);

function range(a: number, b: number): number[] {
  const out: number[] = [];
  for (let i = a; i <= b; i++) out.push(i);
  return out;
}

export function encodingInfo(bytes: Uint8Array, bitness: Bitness): EncodingInfo {
  const info: EncodingInfo = { prefixes: [], rex: 0, rexIndex: -1, sibNoIndex: null, sib: null, modrm: -1, vex: false };
  let i = 0;
  let addr32 = bitness !== 16;
  while (i < bytes.length) {
    const b = bytes[i]!;
    if (LEGACY.has(b)) {
      info.prefixes.push(b);
      if (b === 0x67) addr32 = bitness !== 32;
      i++;
      continue;
    }
    if (bitness === 64 && b >= 0x40 && b <= 0x4f) {
      info.rex = b;
      info.rexIndex = i;
      i++;
      continue;
    }
    break;
  }
  // A REX byte counts only directly before the opcode.
  if (info.rexIndex >= 0 && info.rexIndex !== i - 1) { info.rex = 0; info.rexIndex = -1; }
  const op = bytes[i];
  if (op === undefined) return info;
  let hasModrm: boolean;
  let indexExtended = (info.rex & 2) !== 0;
  if (op === 0xc4 || op === 0xc5 || op === 0x62 || (op === 0x8f && ((bytes[i + 1] ?? 0) & 0x38) !== 0)) {
    if (bitness === 64 || ((bytes[i + 1] ?? 0) & 0xc0) === 0xc0) {
      info.vex = true;
      // VEX/XOP/EVEX: the opcode byte, then (for all forms with memory) a ModRM byte; X is stored inverted.
      const p1 = bytes[i + 1] ?? 0;
      if (op === 0xc5) { i += 3; indexExtended = false; } else if (op === 0x62) { i += 5; indexExtended = (p1 & 0x40) === 0; } else { i += 4; indexExtended = (p1 & 0x40) === 0; }
      return parseModrm(bytes, i, addr32, indexExtended, info);
    }
  }
  if (op === 0x0f) {
    const op2 = bytes[i + 1];
    if (op2 === undefined) return info;
    if (op2 === 0x38 || op2 === 0x3a) { i += 3; hasModrm = true; } else { i += 2; hasModrm = !NO_MODRM_0F.has(op2); }
  } else {
    i += 1;
    hasModrm = MODRM_1BYTE.has(op);
  }
  if (!hasModrm) return info;
  return parseModrm(bytes, i, addr32, indexExtended, info);
}

function parseModrm(bytes: Uint8Array, i: number, addr32: boolean, indexExtended: boolean, info: EncodingInfo): EncodingInfo {
  if (!addr32) { info.modrm = bytes[i] ?? -1; return info; }
  const modrm = bytes[i];
  if (modrm === undefined) return info;
  info.modrm = modrm;
  const mod = modrm >> 6;
  if (mod === 3 || (modrm & 7) !== 4) return info;
  const sib = bytes[i + 1];
  if (sib === undefined) return info;
  const index = (sib >> 3) & 7;
  info.sib = { scale: sib >> 6, index, base: sib & 7, mod };
  if (index === 4 && !indexExtended) info.sibNoIndex = { scale: sib >> 6, base: (sib & 7) | ((info.rex & 1) << 3), mod };
  return info;
}
