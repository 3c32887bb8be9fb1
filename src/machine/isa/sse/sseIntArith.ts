// Packed integer arithmetic, logic and compares of MMX/SSE2/SSSE3/SSE4.1 (SDM Vol.2 instruction
// pages): each handler runs lane by lane over the scratch registers D (dst) and S (src).
import type { Handler, OpRow } from '../opRow.js';
import {
  D16, D32, D8, DI16, DI32, DI8, S16, S32, S8, SI16, SI32, SI8, T16, T32, loadBinary, rowsOfAll, storeD, storeT, type RowSpec,
} from './sseState.js';

/** A handler `op dst, src` whose body computes D from D and S for a width of 8 or 16 bytes. */
export function bin(f: (w: number) => void, unaligned = false): Handler {
  return (cpu, d) => { const w = loadBinary(cpu, d, unaligned); f(w); storeD(cpu, d, w); };
}
/** The same, with the result built in T. */
export function binT(f: (w: number) => void): Handler {
  return (cpu, d) => { const w = loadBinary(cpu, d); f(w); storeT(cpu, d, w); };
}

const sat8 = (x: number): number => (x > 127 ? 127 : x < -128 ? -128 : x);
const satU8 = (x: number): number => (x > 255 ? 255 : x < 0 ? 0 : x);
const sat16 = (x: number): number => (x > 32767 ? 32767 : x < -32768 ? -32768 : x);
const satU16 = (x: number): number => (x > 65535 ? 65535 : x < 0 ? 0 : x);

// ------------------------------------------------------------------ logic
const pand = bin((w) => { for (let i = 0; i < w >> 2; i++) D32[i] = D32[i]! & S32[i]!; });
const pandn = bin((w) => { for (let i = 0; i < w >> 2; i++) D32[i] = ~D32[i]! & S32[i]!; });
const por = bin((w) => { for (let i = 0; i < w >> 2; i++) D32[i] = D32[i]! | S32[i]!; });
const pxor = bin((w) => { for (let i = 0; i < w >> 2; i++) D32[i] = D32[i]! ^ S32[i]!; });

// ------------------------------------------------------------------ add / subtract
const paddb = bin((w) => { for (let i = 0; i < w; i++) D8[i] = D8[i]! + S8[i]!; });
const paddw = bin((w) => { for (let i = 0; i < w >> 1; i++) D16[i] = D16[i]! + S16[i]!; });
const paddd = bin((w) => { for (let i = 0; i < w >> 2; i++) D32[i] = D32[i]! + S32[i]!; });
const psubb = bin((w) => { for (let i = 0; i < w; i++) D8[i] = D8[i]! - S8[i]!; });
const psubw = bin((w) => { for (let i = 0; i < w >> 1; i++) D16[i] = D16[i]! - S16[i]!; });
const psubd = bin((w) => { for (let i = 0; i < w >> 2; i++) D32[i] = D32[i]! - S32[i]!; });
const paddq = bin((w) => {
  for (let i = 0; i < w >> 2; i += 2) {
    const lo = D32[i]! + S32[i]!;
    D32[i + 1] = D32[i + 1]! + S32[i + 1]! + (lo > 0xffffffff ? 1 : 0); D32[i] = lo;
  }
});
const psubq = bin((w) => {
  for (let i = 0; i < w >> 2; i += 2) {
    const lo = D32[i]! - S32[i]!;
    D32[i + 1] = D32[i + 1]! - S32[i + 1]! - (lo < 0 ? 1 : 0); D32[i] = lo;
  }
});
const paddsb = bin((w) => { for (let i = 0; i < w; i++) DI8[i] = sat8(DI8[i]! + SI8[i]!); });
const paddsw = bin((w) => { for (let i = 0; i < w >> 1; i++) DI16[i] = sat16(DI16[i]! + SI16[i]!); });
const paddusb = bin((w) => { for (let i = 0; i < w; i++) D8[i] = satU8(D8[i]! + S8[i]!); });
const paddusw = bin((w) => { for (let i = 0; i < w >> 1; i++) D16[i] = satU16(D16[i]! + S16[i]!); });
const psubsb = bin((w) => { for (let i = 0; i < w; i++) DI8[i] = sat8(DI8[i]! - SI8[i]!); });
const psubsw = bin((w) => { for (let i = 0; i < w >> 1; i++) DI16[i] = sat16(DI16[i]! - SI16[i]!); });
const psubusb = bin((w) => { for (let i = 0; i < w; i++) D8[i] = satU8(D8[i]! - S8[i]!); });
const psubusw = bin((w) => { for (let i = 0; i < w >> 1; i++) D16[i] = satU16(D16[i]! - S16[i]!); });

// ------------------------------------------------------------------ compares (all ones where true)
const pcmpeqb = bin((w) => { for (let i = 0; i < w; i++) D8[i] = D8[i] === S8[i] ? 0xff : 0; });
const pcmpeqw = bin((w) => { for (let i = 0; i < w >> 1; i++) D16[i] = D16[i] === S16[i] ? 0xffff : 0; });
const pcmpeqd = bin((w) => { for (let i = 0; i < w >> 2; i++) D32[i] = D32[i] === S32[i] ? -1 : 0; });
const pcmpgtb = bin((w) => { for (let i = 0; i < w; i++) DI8[i] = DI8[i]! > SI8[i]! ? -1 : 0; });
const pcmpgtw = bin((w) => { for (let i = 0; i < w >> 1; i++) DI16[i] = DI16[i]! > SI16[i]! ? -1 : 0; });
const pcmpgtd = bin((w) => { for (let i = 0; i < w >> 2; i++) DI32[i] = DI32[i]! > SI32[i]! ? -1 : 0; });
const pcmpeqq = bin(() => {
  for (let i = 0; i < 4; i += 2) { const t = D32[i] === S32[i] && D32[i + 1] === S32[i + 1] ? -1 : 0; D32[i] = t; D32[i + 1] = t; }
});
const pcmpgtq = bin(() => {
  for (let i = 0; i < 4; i += 2) {
    const a = DI32[i + 1]!, b = SI32[i + 1]!;
    const t = a > b || (a === b && D32[i]! > S32[i]!) ? -1 : 0; D32[i] = t; D32[i + 1] = t;
  }
});

// ------------------------------------------------------------------ min / max / average / abs / sign
const pminub = bin((w) => { for (let i = 0; i < w; i++) if (S8[i]! < D8[i]!) D8[i] = S8[i]!; });
const pmaxub = bin((w) => { for (let i = 0; i < w; i++) if (S8[i]! > D8[i]!) D8[i] = S8[i]!; });
const pminsw = bin((w) => { for (let i = 0; i < w >> 1; i++) if (SI16[i]! < DI16[i]!) DI16[i] = SI16[i]!; });
const pmaxsw = bin((w) => { for (let i = 0; i < w >> 1; i++) if (SI16[i]! > DI16[i]!) DI16[i] = SI16[i]!; });
const pminsb = bin(() => { for (let i = 0; i < 16; i++) if (SI8[i]! < DI8[i]!) DI8[i] = SI8[i]!; });
const pmaxsb = bin(() => { for (let i = 0; i < 16; i++) if (SI8[i]! > DI8[i]!) DI8[i] = SI8[i]!; });
const pminuw = bin(() => { for (let i = 0; i < 8; i++) if (S16[i]! < D16[i]!) D16[i] = S16[i]!; });
const pmaxuw = bin(() => { for (let i = 0; i < 8; i++) if (S16[i]! > D16[i]!) D16[i] = S16[i]!; });
const pminsd = bin(() => { for (let i = 0; i < 4; i++) if (SI32[i]! < DI32[i]!) DI32[i] = SI32[i]!; });
const pmaxsd = bin(() => { for (let i = 0; i < 4; i++) if (SI32[i]! > DI32[i]!) DI32[i] = SI32[i]!; });
const pminud = bin(() => { for (let i = 0; i < 4; i++) if (S32[i]! < D32[i]!) D32[i] = S32[i]!; });
const pmaxud = bin(() => { for (let i = 0; i < 4; i++) if (S32[i]! > D32[i]!) D32[i] = S32[i]!; });
const pavgb = bin((w) => { for (let i = 0; i < w; i++) D8[i] = (D8[i]! + S8[i]! + 1) >> 1; });
const pavgw = bin((w) => { for (let i = 0; i < w >> 1; i++) D16[i] = (D16[i]! + S16[i]! + 1) >> 1; });
const pabsb = bin((w) => { for (let i = 0; i < w; i++) D8[i] = Math.abs(SI8[i]!); });
const pabsw = bin((w) => { for (let i = 0; i < w >> 1; i++) D16[i] = Math.abs(SI16[i]!); });
const pabsd = bin((w) => { for (let i = 0; i < w >> 2; i++) D32[i] = Math.abs(SI32[i]!); });
const psignb = bin((w) => { for (let i = 0; i < w; i++) { const s = SI8[i]!; DI8[i] = s < 0 ? -DI8[i]! : s === 0 ? 0 : DI8[i]!; } });
const psignw = bin((w) => { for (let i = 0; i < w >> 1; i++) { const s = SI16[i]!; DI16[i] = s < 0 ? -DI16[i]! : s === 0 ? 0 : DI16[i]!; } });
const psignd = bin((w) => { for (let i = 0; i < w >> 2; i++) { const s = SI32[i]!; DI32[i] = s < 0 ? -DI32[i]! : s === 0 ? 0 : DI32[i]!; } });

// ------------------------------------------------------------------ multiply
const pmullw = bin((w) => { for (let i = 0; i < w >> 1; i++) D16[i] = Math.imul(D16[i]!, S16[i]!); });
const pmulhw = bin((w) => { for (let i = 0; i < w >> 1; i++) D16[i] = (DI16[i]! * SI16[i]!) >> 16; });
const pmulhuw = bin((w) => { for (let i = 0; i < w >> 1; i++) D16[i] = (D16[i]! * S16[i]!) >>> 16; });
const pmulhrsw = bin((w) => { for (let i = 0; i < w >> 1; i++) D16[i] = (((DI16[i]! * SI16[i]!) >> 14) + 1) >> 1; });
const pmulld = bin(() => { for (let i = 0; i < 4; i++) D32[i] = Math.imul(D32[i]!, S32[i]!); });

/** The 64-bit product of two unsigned dwords into D32[i], D32[i+1]. */
function mulU32(i: number, a: number, b: number): void {
  const al = a & 0xffff, ah = a >>> 16, bl = b & 0xffff, bh = b >>> 16;
  const ll = al * bl, mid = ah * bl + al * bh, hh = ah * bh;
  const lo = ll + (mid % 65536) * 65536;
  D32[i] = lo; D32[i + 1] = hh + Math.floor(mid / 65536) + Math.floor(lo / 4294967296);
}
const pmuludq = bin((w) => { for (let i = 0; i < w >> 2; i += 2) mulU32(i, D32[i]!, S32[i]!); });
const pmuldq = bin(() => {
  for (let i = 0; i < 4; i += 2) {
    const a = DI32[i]!, b = SI32[i]!;
    mulU32(i, Math.abs(a), Math.abs(b));
    if ((a < 0) !== (b < 0) && a !== 0 && b !== 0) { // negate the 64-bit magnitude
      const lo = (~D32[i]! >>> 0) + 1;
      D32[i + 1] = ~D32[i + 1]! + (lo > 0xffffffff ? 1 : 0); D32[i] = lo;
    }
  }
});
const pmaddwd = binT((w) => {
  for (let i = 0; i < w >> 2; i++) T32[i] = DI16[2 * i]! * SI16[2 * i]! + DI16[2 * i + 1]! * SI16[2 * i + 1]!;
});
const pmaddubsw = binT((w) => {
  for (let i = 0; i < w >> 1; i++) T16[i] = sat16(D8[2 * i]! * SI8[2 * i]! + D8[2 * i + 1]! * SI8[2 * i + 1]!);
});
const psadbw = binT((w) => {
  for (let q = 0; q < w >> 3; q++) {
    let s = 0;
    for (let j = 0; j < 8; j++) s += Math.abs(D8[q * 8 + j]! - S8[q * 8 + j]!);
    T32[2 * q] = s; T32[2 * q + 1] = 0;
  }
});

// ------------------------------------------------------------------ horizontal add / subtract (SSSE3)
function horiz(size: 16 | 32, sub: boolean, sat: boolean): Handler {
  return binT((w) => {
    const n = w / (size / 8), half = n >> 1;
    for (let i = 0; i < n; i++) {
      const srcIsD = i < half, j = (srcIsD ? i : i - half) * 2;
      if (size === 16) {
        const a = srcIsD ? DI16[j]! : SI16[j]!, b = srcIsD ? DI16[j + 1]! : SI16[j + 1]!;
        const r = sub ? a - b : a + b;
        T16[i] = sat ? sat16(r) : r;
      } else {
        const a = srcIsD ? D32[j]! : S32[j]!, b = srcIsD ? D32[j + 1]! : S32[j + 1]!;
        T32[i] = sub ? a - b : a + b;
      }
    }
  });
}

const S = (names: string[], handler: Handler, cls: RowSpec['cls'], xmm: RowSpec['xmm'], mm?: RowSpec['mm']): RowSpec => ({ names, handler, cls, xmm, mm });

export const SSE_INT_ARITH_ROWS: readonly OpRow[] = rowsOfAll([
  S(['Pand'], pand, 'simd', 'sse2', 'mmx'), S(['Pandn'], pandn, 'simd', 'sse2', 'mmx'),
  S(['Por'], por, 'simd', 'sse2', 'mmx'), S(['Pxor'], pxor, 'simd', 'sse2', 'mmx'),
  S(['Paddb'], paddb, 'simd', 'sse2', 'mmx'), S(['Paddw'], paddw, 'simd', 'sse2', 'mmx'),
  S(['Paddd'], paddd, 'simd', 'sse2', 'mmx'), S(['Paddq'], paddq, 'simd', 'sse2', 'sse2'),
  S(['Psubb'], psubb, 'simd', 'sse2', 'mmx'), S(['Psubw'], psubw, 'simd', 'sse2', 'mmx'),
  S(['Psubd'], psubd, 'simd', 'sse2', 'mmx'), S(['Psubq'], psubq, 'simd', 'sse2', 'sse2'),
  S(['Paddsb'], paddsb, 'simd', 'sse2', 'mmx'), S(['Paddsw'], paddsw, 'simd', 'sse2', 'mmx'),
  S(['Paddusb'], paddusb, 'simd', 'sse2', 'mmx'), S(['Paddusw'], paddusw, 'simd', 'sse2', 'mmx'),
  S(['Psubsb'], psubsb, 'simd', 'sse2', 'mmx'), S(['Psubsw'], psubsw, 'simd', 'sse2', 'mmx'),
  S(['Psubusb'], psubusb, 'simd', 'sse2', 'mmx'), S(['Psubusw'], psubusw, 'simd', 'sse2', 'mmx'),
  S(['Pcmpeqb'], pcmpeqb, 'simd', 'sse2', 'mmx'), S(['Pcmpeqw'], pcmpeqw, 'simd', 'sse2', 'mmx'),
  S(['Pcmpeqd'], pcmpeqd, 'simd', 'sse2', 'mmx'), S(['Pcmpeqq'], pcmpeqq, 'simd', 'sse4_1'),
  S(['Pcmpgtb'], pcmpgtb, 'simd', 'sse2', 'mmx'), S(['Pcmpgtw'], pcmpgtw, 'simd', 'sse2', 'mmx'),
  S(['Pcmpgtd'], pcmpgtd, 'simd', 'sse2', 'mmx'), S(['Pcmpgtq'], pcmpgtq, 'simd', 'sse4_2'),
  // pminub/pmaxub/pminsw/pmaxsw/pavg*/pmulhuw/psadbw on MMX registers came with SSE (Intel) / MMX extensions (AMD)
  S(['Pminub'], pminub, 'simd', 'sse2', 'sse'), S(['Pmaxub'], pmaxub, 'simd', 'sse2', 'sse'),
  S(['Pminsw'], pminsw, 'simd', 'sse2', 'sse'), S(['Pmaxsw'], pmaxsw, 'simd', 'sse2', 'sse'),
  S(['Pminsb'], pminsb, 'simd', 'sse4_1'), S(['Pmaxsb'], pmaxsb, 'simd', 'sse4_1'),
  S(['Pminuw'], pminuw, 'simd', 'sse4_1'), S(['Pmaxuw'], pmaxuw, 'simd', 'sse4_1'),
  S(['Pminsd'], pminsd, 'simd', 'sse4_1'), S(['Pmaxsd'], pmaxsd, 'simd', 'sse4_1'),
  S(['Pminud'], pminud, 'simd', 'sse4_1'), S(['Pmaxud'], pmaxud, 'simd', 'sse4_1'),
  S(['Pavgb'], pavgb, 'simd', 'sse2', 'sse'), S(['Pavgw'], pavgw, 'simd', 'sse2', 'sse'),
  S(['Pabsb'], pabsb, 'simd', 'ssse3', 'ssse3'), S(['Pabsw'], pabsw, 'simd', 'ssse3', 'ssse3'),
  S(['Pabsd'], pabsd, 'simd', 'ssse3', 'ssse3'),
  S(['Psignb'], psignb, 'simd', 'ssse3', 'ssse3'), S(['Psignw'], psignw, 'simd', 'ssse3', 'ssse3'),
  S(['Psignd'], psignd, 'simd', 'ssse3', 'ssse3'),
  S(['Pmullw'], pmullw, 'simdMul', 'sse2', 'mmx'), S(['Pmulhw'], pmulhw, 'simdMul', 'sse2', 'mmx'),
  S(['Pmulhuw'], pmulhuw, 'simdMul', 'sse2', 'sse'), S(['Pmulhrsw'], pmulhrsw, 'simdMul', 'ssse3', 'ssse3'),
  S(['Pmulld'], pmulld, 'simdMul', 'sse4_1'), S(['Pmuludq'], pmuludq, 'simdMul', 'sse2', 'sse2'),
  S(['Pmuldq'], pmuldq, 'simdMul', 'sse4_1'),
  S(['Pmaddwd'], pmaddwd, 'simdMul', 'sse2', 'mmx'), S(['Pmaddubsw'], pmaddubsw, 'simdMul', 'ssse3', 'ssse3'),
  S(['Psadbw'], psadbw, 'simdMul', 'sse2', 'sse'),
  S(['Phaddw'], horiz(16, false, false), 'simd', 'ssse3', 'ssse3'), S(['Phaddd'], horiz(32, false, false), 'simd', 'ssse3', 'ssse3'),
  S(['Phaddsw'], horiz(16, false, true), 'simd', 'ssse3', 'ssse3'),
  S(['Phsubw'], horiz(16, true, false), 'simd', 'ssse3', 'ssse3'), S(['Phsubd'], horiz(32, true, false), 'simd', 'ssse3', 'ssse3'),
  S(['Phsubsw'], horiz(16, true, true), 'simd', 'ssse3', 'ssse3'),
]);
