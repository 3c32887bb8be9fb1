// Rearranging lanes (MMX/SSE/SSE2/SSSE3): unpacks, packs with saturation, the pshuf*/shufp*
// shuffles, bit and byte shifts, palignr, pshufb, pinsrw/pextrw (SDM Vol.2 instruction pages).
import type { CpuCore } from '../../CpuCore.js';
import type { DecodedInsn } from '../../decodeInstruction.js';
import type { Handler, OpRow } from '../opRow.js';
import { binT } from './sseIntArith.js';
import {
  D16, D32, D8, DI16, DI32, K_IMM, K_MMX, K_REG, S16, S32, S8, SI16, SI32, T16, T32, T8, loadBinary, loadOperand, mmxCheck,
  rowsOfAll, sseCheck, storeD, storeT, type RowSpec,
} from './sseState.js';

/** Interleave elements of `e` bytes from the low (or high) halves of D and S into T. */
function unpack(e: number, high: boolean): Handler {
  return binT((w) => {
    const base = high ? w >> 1 : 0, n = (w >> 1) / e;
    for (let i = 0; i < n; i++) {
      for (let b = 0; b < e; b++) {
        T8[2 * i * e + b] = D8[base + i * e + b]!;
        T8[(2 * i + 1) * e + b] = S8[base + i * e + b]!;
      }
    }
  });
}

const sat8 = (x: number): number => (x > 127 ? 127 : x < -128 ? -128 : x);
const satU8 = (x: number): number => (x > 255 ? 255 : x < 0 ? 0 : x);
const sat16 = (x: number): number => (x > 32767 ? 32767 : x < -32768 ? -32768 : x);
const satU16 = (x: number): number => (x > 65535 ? 65535 : x < 0 ? 0 : x);

const packsswb = binT((w) => { const n = w >> 1; for (let i = 0; i < n; i++) { T8[i] = sat8(DI16[i]!); T8[n + i] = sat8(SI16[i]!); } });
const packuswb = binT((w) => { const n = w >> 1; for (let i = 0; i < n; i++) { T8[i] = satU8(DI16[i]!); T8[n + i] = satU8(SI16[i]!); } });
const packssdw = binT((w) => { const n = w >> 2; for (let i = 0; i < n; i++) { T16[i] = sat16(DI32[i]!); T16[n + i] = sat16(SI32[i]!); } });
const packusdw = binT(() => { for (let i = 0; i < 4; i++) { T16[i] = satU16(DI32[i]!); T16[4 + i] = satU16(SI32[i]!); } });

/** The imm8 of an instruction (its only or last immediate). */
const imm = (d: DecodedInsn): number => d.immLo & 0xff;

function shuffle(kind: 'd' | 'hw' | 'lw' | 'w'): Handler {
  return (cpu, d) => {
    const w = loadBinary(cpu, d), m = imm(d);
    if (kind === 'd') for (let i = 0; i < 4; i++) T32[i] = S32[(m >> (2 * i)) & 3]!;
    else if (kind === 'w') for (let i = 0; i < 4; i++) T16[i] = S16[(m >> (2 * i)) & 3]!;
    else {
      const keep = kind === 'hw' ? 0 : 4, mix = 4 - keep;
      for (let i = 0; i < 4; i++) { T16[keep + i] = S16[keep + i]!; T16[mix + i] = S16[mix + ((m >> (2 * i)) & 3)]!; }
    }
    storeT(cpu, d, w);
  };
}

const shufps: Handler = (cpu, d) => {
  loadBinary(cpu, d); const m = imm(d);
  T32[0] = D32[m & 3]!; T32[1] = D32[(m >> 2) & 3]!; T32[2] = S32[(m >> 4) & 3]!; T32[3] = S32[(m >> 6) & 3]!;
  storeT(cpu, d, 16);
};
const shufpd: Handler = (cpu, d) => {
  loadBinary(cpu, d); const m = imm(d);
  const a = (m & 1) * 2, b = ((m >> 1) & 1) * 2;
  T32[0] = D32[a]!; T32[1] = D32[a + 1]!; T32[2] = S32[b]!; T32[3] = S32[b + 1]!;
  storeT(cpu, d, 16);
};

/**
 * The shift count of psll/psrl/psra: the imm8, or the whole low 64 bits of the source operand
 * (any count at or above the lane width clears the lane, or fills it with the sign).
 */
function shiftCount(cpu: CpuCore, d: DecodedInsn): number {
  if (d.k1 === K_IMM) return imm(d);
  return S32[1] !== 0 ? 0xffff : S32[0]! > 0xffff ? 0xffff : S32[0]!;
}

/** Bit shifts of lanes of `e` bytes: 'l' left, 'r' logical right, 'a' arithmetic right. */
function shift(e: 2 | 4 | 8, dir: 'l' | 'r' | 'a'): Handler {
  return (cpu, d) => {
    let w: number;
    if (d.k1 === K_IMM) {
      if (d.k0 === K_MMX) { mmxCheck(cpu); w = 8; } else { sseCheck(cpu); w = 16; }
      loadOperand(cpu, d, d.k0, d.r0, w, D32, D8, true);
    } else w = loadBinary(cpu, d);
    let c = shiftCount(cpu, d);
    const bits = e * 8;
    if (dir === 'a' && c >= bits) c = bits - 1;
    if (e === 2) {
      for (let i = 0; i < w >> 1; i++) {
        if (c >= 16) { D16[i] = 0; continue; }
        D16[i] = dir === 'l' ? D16[i]! << c : dir === 'r' ? D16[i]! >>> c : DI16[i]! >> c;
      }
    } else if (e === 4) {
      for (let i = 0; i < w >> 2; i++) {
        if (c >= 32) { D32[i] = 0; continue; }
        D32[i] = dir === 'l' ? D32[i]! << c : dir === 'r' ? D32[i]! >>> c : DI32[i]! >> c;
      }
    } else {
      for (let i = 0; i < w >> 2; i += 2) {
        const lo = D32[i]!, hi = D32[i + 1]!;
        if (c >= 64) { D32[i] = 0; D32[i + 1] = 0; } else if (c === 0) { /* unchanged */ } else if (dir === 'l') {
          if (c >= 32) { D32[i + 1] = lo << (c - 32); D32[i] = 0; } else { D32[i + 1] = (hi << c) | (lo >>> (32 - c)); D32[i] = lo << c; }
        } else if (c >= 32) { D32[i] = hi >>> (c - 32); D32[i + 1] = 0; } else { D32[i] = (lo >>> c) | (hi << (32 - c)); D32[i + 1] = hi >>> c; }
      }
    }
    storeD(cpu, d, w);
  };
}

/** psrldq/pslldq: whole-register byte shifts by imm8. */
function byteShift(left: boolean): Handler {
  return (cpu, d) => {
    sseCheck(cpu);
    loadOperand(cpu, d, d.k0, d.r0, 16, D32, D8, true);
    const c = imm(d);
    for (let i = 0; i < 16; i++) {
      const j = left ? i - c : i + c;
      T8[i] = j >= 0 && j < 16 ? D8[j]! : 0;
    }
    storeT(cpu, d, 16);
  };
}

const palignr: Handler = (cpu, d) => {
  const w = loadBinary(cpu, d), c = imm(d);
  for (let i = 0; i < w; i++) {
    const k = i + c;
    T8[i] = k < w ? S8[k]! : k < 2 * w ? D8[k - w]! : 0;
  }
  storeT(cpu, d, w);
};

const pshufb = binT((w) => { for (let i = 0; i < w; i++) { const s = S8[i]!; T8[i] = s & 0x80 ? 0 : D8[s & (w - 1)]!; } });

/** pinsrw xmm/mm, r32/m16, imm8. */
const pinsrw: Handler = (cpu, d) => {
  const mm = d.k0 === K_MMX, w = mm ? 8 : 16;
  if (mm) mmxCheck(cpu); else sseCheck(cpu);
  loadOperand(cpu, d, d.k1, d.r1, d.k1 === K_REG ? 4 : 2, S32, S8, true);
  loadOperand(cpu, d, d.k0, d.r0, w, D32, D8, true);
  D16[imm(d) & ((w >> 1) - 1)] = S16[0]!;
  storeD(cpu, d, w);
};

/** pextrw r32/r64 (or m16, SSE4.1 form), xmm/mm, imm8: the word zero-extended. */
const pextrw: Handler = (cpu, d) => {
  const mm = d.k1 === K_MMX, w = mm ? 8 : 16;
  if (mm) { mmxCheck(cpu); cpu.fpu.enterMmx(); } else sseCheck(cpu);
  loadOperand(cpu, d, d.k1, d.r1, w, S32, S8, true);
  const v = S16[imm(d) & ((w >> 1) - 1)]!;
  if (d.k0 === K_REG) cpu.setR(d.r0, d.s0 === 8 ? 8 : 4, v, 0); else cpu.wr16(cpu.ea(d), v);
};

const S = (names: string[], handler: Handler, cls: RowSpec['cls'], xmm: RowSpec['xmm'], mm?: RowSpec['mm']): RowSpec => ({ names, handler, cls, xmm, mm });

export const SSE_SHUFFLE_ROWS: readonly OpRow[] = rowsOfAll([
  S(['Punpcklbw'], unpack(1, false), 'simd', 'sse2', 'mmx'), S(['Punpcklwd'], unpack(2, false), 'simd', 'sse2', 'mmx'),
  S(['Punpckldq'], unpack(4, false), 'simd', 'sse2', 'mmx'), S(['Punpcklqdq'], unpack(8, false), 'simd', 'sse2'),
  S(['Punpckhbw'], unpack(1, true), 'simd', 'sse2', 'mmx'), S(['Punpckhwd'], unpack(2, true), 'simd', 'sse2', 'mmx'),
  S(['Punpckhdq'], unpack(4, true), 'simd', 'sse2', 'mmx'), S(['Punpckhqdq'], unpack(8, true), 'simd', 'sse2'),
  S(['Unpcklps'], unpack(4, false), 'simd', 'sse'), S(['Unpckhps'], unpack(4, true), 'simd', 'sse'),
  S(['Unpcklpd'], unpack(8, false), 'simd', 'sse2'), S(['Unpckhpd'], unpack(8, true), 'simd', 'sse2'),
  S(['Packsswb'], packsswb, 'simd', 'sse2', 'mmx'), S(['Packuswb'], packuswb, 'simd', 'sse2', 'mmx'),
  S(['Packssdw'], packssdw, 'simd', 'sse2', 'mmx'), S(['Packusdw'], packusdw, 'simd', 'sse4_1'),
  S(['Pshufd'], shuffle('d'), 'simd', 'sse2'), S(['Pshufhw'], shuffle('hw'), 'simd', 'sse2'),
  S(['Pshuflw'], shuffle('lw'), 'simd', 'sse2'), S(['Pshufw'], shuffle('w'), 'simd', 'sse', 'sse'),
  S(['Shufps'], shufps, 'simd', 'sse'), S(['Shufpd'], shufpd, 'simd', 'sse2'),
  S(['Psllw'], shift(2, 'l'), 'simd', 'sse2', 'mmx'), S(['Pslld'], shift(4, 'l'), 'simd', 'sse2', 'mmx'),
  S(['Psllq'], shift(8, 'l'), 'simd', 'sse2', 'mmx'),
  S(['Psrlw'], shift(2, 'r'), 'simd', 'sse2', 'mmx'), S(['Psrld'], shift(4, 'r'), 'simd', 'sse2', 'mmx'),
  S(['Psrlq'], shift(8, 'r'), 'simd', 'sse2', 'mmx'),
  S(['Psraw'], shift(2, 'a'), 'simd', 'sse2', 'mmx'), S(['Psrad'], shift(4, 'a'), 'simd', 'sse2', 'mmx'),
  S(['Psrldq'], byteShift(false), 'simd', 'sse2'), S(['Pslldq'], byteShift(true), 'simd', 'sse2'),
  S(['Palignr'], palignr, 'simd', 'ssse3', 'ssse3'), S(['Pshufb'], pshufb, 'simd', 'ssse3', 'ssse3'),
  S(['Pinsrw'], pinsrw, 'simd', 'sse2', 'sse'), S(['Pextrw'], pextrw, 'simd', 'sse2', 'sse'),
]);
