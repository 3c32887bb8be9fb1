// AES-NI, PCLMULQDQ, SHA extensions and GFNI (legacy SSE encodings; SDM Vol.2 instruction pages,
// FIPS-197 for the AES round functions, FIPS 180-4 for SHA-1/SHA-256). All operate on whole XMM
// registers; a 16-byte memory operand must be aligned like every legacy SSE operand.
import type { CpuCore } from '../../CpuCore.js';
import type { DecodedInsn } from '../../decodedInsn.js';
import type { Handler, OpRow } from '../opRow.js';
import { D32, D8, S32, S8, T32, T8, getXmm, loadBinary, rowsOfAll, storeD, storeT, type RowSpec } from './sseState.js';

const imm = (d: DecodedInsn): number => d.immLo & 0xff;

// ------------------------------------------------------------------ GF(2^8) and the AES S-box
/** Product in GF(2^8) modulo x^8 + x^4 + x^3 + x + 1 (0x11b), the field of AES and GFNI. */
function gfMul(a: number, b: number): number {
  let p = 0;
  for (let i = 0; i < 8; i++) {
    if (b & 1) p ^= a;
    a = a & 0x80 ? ((a << 1) ^ 0x11b) & 0xff : a << 1;
    b >>= 1;
  }
  return p;
}
/** Multiplicative inverses (0 maps to 0) and the AES S-box and its inverse, computed from their definitions. */
const GF_INV = new Uint8Array(256), SBOX = new Uint8Array(256), INV_SBOX = new Uint8Array(256);
const MUL = (k: number): Uint8Array => Uint8Array.from({ length: 256 }, (_, x) => gfMul(x, k));
const M2 = MUL(2), M3 = MUL(3), M9 = MUL(9), M11 = MUL(11), M13 = MUL(13), M14 = MUL(14);
for (let x = 1; x < 256; x++) for (let y = 1; y < 256; y++) if (gfMul(x, y) === 1) { GF_INV[x] = y; break; }
for (let x = 0; x < 256; x++) {
  // FIPS-197 5.1.1: b'_i = b_i ^ b_(i+4) ^ b_(i+5) ^ b_(i+6) ^ b_(i+7) ^ c_i with c = 0x63
  const b = GF_INV[x]!;
  const rot = (n: number): number => ((b << n) | (b >> (8 - n))) & 0xff;
  const s = b ^ rot(1) ^ rot(2) ^ rot(3) ^ rot(4) ^ 0x63;
  SBOX[x] = s; INV_SBOX[s] = x;
}

// The state is column-major: byte r + 4c is row r of column c (FIPS-197 3.4, as the SDM lays it out).
/** T = ShiftRows(D) (row r rotated left by r) or InvShiftRows, then SubBytes or InvSubBytes. */
function shiftSub(inverse: boolean): void {
  const box = inverse ? INV_SBOX : SBOX;
  for (let c = 0; c < 4; c++) for (let r = 0; r < 4; r++) T8[r + 4 * c] = box[D8[r + 4 * ((inverse ? c - r + 4 : c + r) & 3)]!]!;
}
/** MixColumns (or InvMixColumns) of T into D. */
function mixColumns(src: Uint8Array, inverse: boolean): void {
  for (let c = 0; c < 16; c += 4) {
    const a0 = src[c]!, a1 = src[c + 1]!, a2 = src[c + 2]!, a3 = src[c + 3]!;
    if (inverse) {
      D8[c] = M14[a0]! ^ M11[a1]! ^ M13[a2]! ^ M9[a3]!;
      D8[c + 1] = M9[a0]! ^ M14[a1]! ^ M11[a2]! ^ M13[a3]!;
      D8[c + 2] = M13[a0]! ^ M9[a1]! ^ M14[a2]! ^ M11[a3]!;
      D8[c + 3] = M11[a0]! ^ M13[a1]! ^ M9[a2]! ^ M14[a3]!;
    } else {
      D8[c] = M2[a0]! ^ M3[a1]! ^ a2 ^ a3;
      D8[c + 1] = a0 ^ M2[a1]! ^ M3[a2]! ^ a3;
      D8[c + 2] = a0 ^ a1 ^ M2[a2]! ^ M3[a3]!;
      D8[c + 3] = M3[a0]! ^ a1 ^ a2 ^ M2[a3]!;
    }
  }
}

/** aesenc/aesdec (a full round) and aesenclast/aesdeclast (no MixColumns): DEST = round(DEST) ^ SRC. */
function aesRound(inverse: boolean, last: boolean): Handler {
  return (cpu, d) => {
    loadBinary(cpu, d);
    shiftSub(inverse);
    if (last) for (let i = 0; i < 4; i++) D32[i] = T32[i]! ^ S32[i]!;
    else { mixColumns(T8, inverse); for (let i = 0; i < 4; i++) D32[i] = D32[i]! ^ S32[i]!; }
    storeD(cpu, d, 16);
  };
}
/** aesimc: DEST = InvMixColumns(SRC) (turns an encryption round key into a decryption one). */
const aesimc: Handler = (cpu, d) => { loadBinary(cpu, d); mixColumns(S8, true); storeD(cpu, d, 16); };

const subWord = (x: number): number =>
  (SBOX[x & 0xff]! | (SBOX[(x >>> 8) & 0xff]! << 8) | (SBOX[(x >>> 16) & 0xff]! << 16) | (SBOX[x >>> 24]! << 24)) >>> 0;
/** aeskeygenassist: SubWord and RotWord(SubWord) ^ RCON of SRC's dwords 1 and 3. */
const aeskeygenassist: Handler = (cpu, d) => {
  loadBinary(cpu, d);
  const rcon = imm(d), x1 = subWord(S32[1]!), x3 = subWord(S32[3]!);
  D32[0] = x1; D32[1] = ((x1 >>> 8) | (x1 << 24)) ^ rcon;
  D32[2] = x3; D32[3] = ((x3 >>> 8) | (x3 << 24)) ^ rcon;
  storeD(cpu, d, 16);
};

// ------------------------------------------------------------------ PCLMULQDQ
/** Carry-less 32x32 product into T32[at], T32[at+1] (xor-accumulated). */
function clmul32(a: number, b: number, at: number): void {
  let lo = 0, hi = 0;
  for (let i = 0; i < 32; i++) {
    if ((b >>> i) & 1) { lo ^= a << i; if (i) hi ^= a >>> (32 - i); }
  }
  T32[at] = T32[at]! ^ lo; T32[at + 1] = T32[at + 1]! ^ hi;
}
/** pclmulqdq: the 128-bit carry-less product of DEST's and SRC's qwords that imm8 bits 0 and 4 pick. */
const pclmulqdq: Handler = (cpu, d) => {
  loadBinary(cpu, d);
  const m = imm(d), a = m & 1 ? 2 : 0, b = m & 0x10 ? 2 : 0;
  const a0 = D32[a]!, a1 = D32[a + 1]!, b0 = S32[b]!, b1 = S32[b + 1]!;
  T32.fill(0);
  clmul32(a0, b0, 0); clmul32(a1, b1, 2); clmul32(a0, b1, 1); clmul32(a1, b0, 1);
  storeT(cpu, d, 16);
};

// ------------------------------------------------------------------ SHA-1 and SHA-256
const rol = (x: number, n: number): number => ((x << n) | (x >>> (32 - n))) >>> 0;
const ror = (x: number, n: number): number => ((x >>> n) | (x << (32 - n))) >>> 0;
/**
 * The SHA instructions' operands: the SDM gives them Intel's legacy-SSE alignment rule (Type 4:
 * #GP(0) for a misaligned m128); an AMD Zen 4 runs them on any address (the oracle host does).
 */
const shaLoad = (cpu: CpuCore, d: DecodedInsn): void => { loadBinary(cpu, d, cpu.profile.vendor === 'amd'); };
const SHA1_K = [0x5a827999, 0x6ed9eba1, 0x8f1bbcdc, 0xca62c1d6];

/** sha1rnds4: four SHA-1 rounds on A..D = DEST dwords 3..0, W = SRC dwords 3..0 (E folded into W0), f and K by imm8. */
const sha1rnds4: Handler = (cpu, d) => {
  shaLoad(cpu, d);
  const fn = imm(d) & 3, k = SHA1_K[fn]!;
  let a = D32[3]!, b = D32[2]!, c = D32[1]!, dd = D32[0]!, e = 0;
  for (let i = 0; i < 4; i++) {
    const f = fn === 0 ? (b & c) ^ (~b & dd) : fn === 2 ? (b & c) ^ (b & dd) ^ (c & dd) : b ^ c ^ dd;
    const t = (f + rol(a, 5) + S32[3 - i]! + e + k) >>> 0;
    e = dd; dd = c; c = rol(b, 30); b = a; a = t;
  }
  D32[3] = a; D32[2] = b; D32[1] = c; D32[0] = dd;
  storeD(cpu, d, 16);
};
/** sha1nexte: SRC with (DEST[127:96] rol 30) added to its top dword. */
const sha1nexte: Handler = (cpu, d) => {
  shaLoad(cpu, d);
  const top = (S32[3]! + rol(D32[3]!, 30)) >>> 0;
  D32[0] = S32[0]!; D32[1] = S32[1]!; D32[2] = S32[2]!; D32[3] = top;
  storeD(cpu, d, 16);
};
/** sha1msg1: W0..W3 = DEST dwords 3..0, W4, W5 = SRC dwords 3, 2; DEST = W2^W0, W3^W1, W4^W2, W5^W3. */
const sha1msg1: Handler = (cpu, d) => {
  shaLoad(cpu, d);
  const w0 = D32[3]!, w1 = D32[2]!, w2 = D32[1]!, w3 = D32[0]!;
  D32[3] = w2 ^ w0; D32[2] = w3 ^ w1; D32[1] = S32[3]! ^ w2; D32[0] = S32[2]! ^ w3;
  storeD(cpu, d, 16);
};
/** sha1msg2: W16..W19 = (DEST dword ^ W13..W15 from SRC, then W16) rol 1. */
const sha1msg2: Handler = (cpu, d) => {
  shaLoad(cpu, d);
  const w16 = rol(D32[3]! ^ S32[2]!, 1), w17 = rol(D32[2]! ^ S32[1]!, 1), w18 = rol(D32[1]! ^ S32[0]!, 1), w19 = rol(D32[0]! ^ w16, 1);
  D32[3] = w16; D32[2] = w17; D32[1] = w18; D32[0] = w19;
  storeD(cpu, d, 16);
};

/** sha256rnds2: two SHA-256 rounds; C,D,G,H from DEST, A,B,E,F from SRC, W+K from XMM0's low qword. */
const sha256rnds2: Handler = (cpu, d) => {
  shaLoad(cpu, d);
  getXmm(cpu, 0, T32);
  let a = S32[3]!, b = S32[2]!, c = D32[3]!, dd = D32[2]!, e = S32[1]!, f = S32[0]!, g = D32[1]!, h = D32[0]!;
  for (let i = 0; i < 2; i++) {
    const ch = (e & f) ^ (~e & g), maj = (a & b) ^ (a & c) ^ (b & c);
    const s1 = ror(e, 6) ^ ror(e, 11) ^ ror(e, 25), s0 = ror(a, 2) ^ ror(a, 13) ^ ror(a, 22);
    const t = (ch + s1 + T32[i]! + h) >>> 0;
    h = g; g = f; f = e; e = (t + dd) >>> 0;
    dd = c; c = b; b = a; a = (t + maj + s0) >>> 0;
  }
  D32[3] = a; D32[2] = b; D32[1] = e; D32[0] = f;
  storeD(cpu, d, 16);
};
const sigma0 = (w: number): number => ror(w, 7) ^ ror(w, 18) ^ (w >>> 3);
const sigma1 = (w: number): number => ror(w, 17) ^ ror(w, 19) ^ (w >>> 10);
/** sha256msg1: DEST dword i += sigma0(the next dword; the last one's next is SRC dword 0). */
const sha256msg1: Handler = (cpu, d) => {
  shaLoad(cpu, d);
  const w4 = S32[0]!;
  for (let i = 0; i < 4; i++) D32[i] = (D32[i]! + sigma0(i < 3 ? D32[i + 1]! : w4)) >>> 0;
  storeD(cpu, d, 16);
};
/** sha256msg2: W16..W19 = DEST dwords + sigma1(W14, W15 from SRC dwords 2, 3, then W16, W17). */
const sha256msg2: Handler = (cpu, d) => {
  shaLoad(cpu, d);
  const w16 = (D32[0]! + sigma1(S32[2]!)) >>> 0, w17 = (D32[1]! + sigma1(S32[3]!)) >>> 0;
  D32[0] = w16; D32[1] = w17; D32[2] = (D32[2]! + sigma1(w16)) >>> 0; D32[3] = (D32[3]! + sigma1(w17)) >>> 0;
  storeD(cpu, d, 16);
};

// ------------------------------------------------------------------ GFNI
const gf2p8mulb: Handler = (cpu, d) => { loadBinary(cpu, d); for (let i = 0; i < 16; i++) D8[i] = gfMul(D8[i]!, S8[i]!); storeD(cpu, d, 16); };
const parity = (x: number): number => { x ^= x >> 4; x ^= x >> 2; x ^= x >> 1; return x & 1; };
/** gf2p8affine(inv)qb: each DEST byte (or its inverse) times the 8x8 bit matrix of SRC's qword, xor imm8. */
function gf2p8affine(inverse: boolean): Handler {
  return (cpu, d) => {
    loadBinary(cpu, d);
    const c = imm(d);
    for (let j = 0; j < 16; j += 8) {
      for (let b = 0; b < 8; b++) {
        const x = inverse ? GF_INV[D8[j + b]!]! : D8[j + b]!;
        let r = 0;
        for (let i = 0; i < 8; i++) r |= (parity(S8[j + 7 - i]! & x) ^ ((c >> i) & 1)) << i;
        T8[j + b] = r;
      }
    }
    storeT(cpu, d, 16);
  };
}

const S = (names: string[], handler: Handler, xmm: RowSpec['xmm']): RowSpec => ({ names, handler, cls: 'simdMul', xmm });
/** Cost class simdMul for all (no class of their own: one multi-cycle SIMD unit op each, like pmulld). */
export const SSE_CRYPTO_ROWS: OpRow[] = rowsOfAll([
  S(['Aesenc'], aesRound(false, false), 'aes'), S(['Aesenclast'], aesRound(false, true), 'aes'),
  S(['Aesdec'], aesRound(true, false), 'aes'), S(['Aesdeclast'], aesRound(true, true), 'aes'),
  S(['Aesimc'], aesimc, 'aes'), S(['Aeskeygenassist'], aeskeygenassist, 'aes'),
  S(['Pclmulqdq'], pclmulqdq, 'pclmulqdq'),
  S(['Sha1rnds4'], sha1rnds4, 'sha_ni'), S(['Sha1nexte'], sha1nexte, 'sha_ni'), S(['Sha1msg1'], sha1msg1, 'sha_ni'),
  S(['Sha1msg2'], sha1msg2, 'sha_ni'), S(['Sha256rnds2'], sha256rnds2, 'sha_ni'), S(['Sha256msg1'], sha256msg1, 'sha_ni'),
  S(['Sha256msg2'], sha256msg2, 'sha_ni'),
  S(['Gf2p8mulb'], gf2p8mulb, 'gfni'), S(['Gf2p8affineqb'], gf2p8affine(false), 'gfni'), S(['Gf2p8affineinvqb'], gf2p8affine(true), 'gfni'),
]);
