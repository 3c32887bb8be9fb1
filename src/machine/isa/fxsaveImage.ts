// The 512-byte FXSAVE image of the x87/MMX/SSE state (SDM Vol.1 Table 10-2 and 10-3): what
// FXSAVE/FXRSTOR and XSAVE's legacy area store, and what Linux puts in a signal frame's fpstate.
import { type FpuState, TAG_EMPTY, TAG_SPECIAL, TAG_VALID, TAG_ZERO } from './fpuState.js';

export const FXSAVE_SIZE = 512;
/** Bytes FXSAVE writes; 416..511 are left as they were (software may use them). */
export const FXSAVE_WRITTEN = 416;
/** FSW.ES: an unmasked x87 exception is pending. */
const SW_ES = 0x80;

/** The tag an x87 register's contents imply (FXRSTOR and FLDENV rebuild full tags this way). */
export function classifyTag(se: number, lo: number, hi: number): number {
  const exp = se & 0x7fff;
  if (exp === 0x7fff) return TAG_SPECIAL; // infinity, NaN
  if (exp === 0) return (lo | hi) === 0 ? TAG_ZERO : TAG_SPECIAL; // zero, denormal
  return hi & 0x80000000 ? TAG_VALID : TAG_SPECIAL; // J bit clear with a non-zero exponent: unsupported
}

/**
 * Write the state into out[0..416) in the 64-bit (FXSAVE64, REX.W) or legacy 32-bit format; the
 * x87 registers are stored in stack order (ST0 first), the abridged tag byte by physical register.
 */
export function writeFxsave(f: FpuState, out: Uint8Array, format64: boolean): void {
  const v = new DataView(out.buffer, out.byteOffset, FXSAVE_WRITTEN);
  for (let i = 0; i < FXSAVE_WRITTEN; i++) out[i] = 0;
  v.setUint16(0, f.fpCw, true);
  v.setUint16(2, f.statusWord(), true);
  let ftw = 0;
  for (let i = 0; i < 8; i++) if (f.fpTag[i] !== TAG_EMPTY) ftw |= 1 << i;
  out[4] = ftw;
  if (!f.pointersOnlyWhenPending || (f.fpSw & SW_ES) !== 0) {
    v.setUint16(6, f.fpOp & 0x7ff, true);
    if (format64) {
      setU64(v, 8, f.fpIp);
      setU64(v, 16, f.fpDp);
    } else {
      v.setUint32(8, f.fpIp >>> 0, true); v.setUint16(12, f.fpCs, true);
      v.setUint32(16, f.fpDp >>> 0, true); v.setUint16(20, f.fpDs, true);
    }
  }
  v.setUint32(24, f.mxcsr >>> 0, true);
  v.setUint32(28, f.mxcsrMask, true);
  for (let j = 0; j < 8; j++) {
    const r = (f.fpTop + j) & 7;
    v.setUint32(32 + j * 16, f.fpMant[2 * r]!, true);
    v.setUint32(36 + j * 16, f.fpMant[2 * r + 1]!, true);
    v.setUint16(40 + j * 16, f.fpSe[r]!, true);
  }
  out.set(f.xmm8, 160);
}

/** Why the image cannot be loaded (FXRSTOR raises #GP: an MXCSR bit outside f.mxcsrMask), or null. */
export function fxrstorProblem(f: FpuState, image: Uint8Array): string | null {
  const mxcsr = (image[24]! | (image[25]! << 8) | (image[26]! << 16) | (image[27]! << 24)) >>> 0;
  return mxcsr & ~f.mxcsrMask ? `reserved MXCSR bits set (0x${mxcsr.toString(16)})` : null;
}

/** Load the state from an image (the caller has checked fxrstorProblem). XMM8-15 load only with all16. */
export function readFxsave(f: FpuState, image: Uint8Array, format64: boolean, all16 = true): void {
  const v = new DataView(image.buffer, image.byteOffset, FXSAVE_WRITTEN);
  f.fpCw = v.getUint16(0, true);
  const sw = v.getUint16(2, true);
  f.fpTop = (sw >> 11) & 7;
  f.fpSw = sw & ~0x3800;
  f.fpOp = v.getUint16(6, true) & 0x7ff;
  if (format64) {
    f.fpIp = getU64(v, 8); f.fpCs = 0;
    f.fpDp = getU64(v, 16); f.fpDs = 0;
  } else {
    f.fpIp = v.getUint32(8, true); f.fpCs = v.getUint16(12, true);
    f.fpDp = v.getUint32(16, true); f.fpDs = v.getUint16(20, true);
  }
  f.mxcsr = v.getUint32(24, true);
  for (let j = 0; j < 8; j++) {
    const r = (f.fpTop + j) & 7;
    f.fpMant[2 * r] = v.getUint32(32 + j * 16, true);
    f.fpMant[2 * r + 1] = v.getUint32(36 + j * 16, true);
    f.fpSe[r] = v.getUint16(40 + j * 16, true);
  }
  const ftw = image[4]!;
  for (let r = 0; r < 8; r++) {
    f.fpTag[r] = ftw & (1 << r) ? classifyTag(f.fpSe[r]!, f.fpMant[2 * r]!, f.fpMant[2 * r + 1]!) : TAG_EMPTY;
  }
  f.xmm8.set(image.subarray(160, all16 ? 416 : 288), 0);
}

// 64-bit pointers as numbers: FIP/FDP are linear addresses (canonical, exact in a double).
function setU64(v: DataView, at: number, x: number): void {
  v.setUint32(at, x >>> 0, true);
  v.setInt32(at + 4, Math.floor(x / 4294967296), true);
}
function getU64(v: DataView, at: number): number {
  return v.getInt32(at + 4, true) * 4294967296 + v.getUint32(at, true);
}
