// The FPU part of a signal frame, as arch/x86/kernel/fpu/signal.c writes and reads it. With XSAVE
// enabled (CR4.OSXSAVE) the math frame is the XSAVE image of the user components (header cleared,
// XSTATE_BV with x87|SSE always set), struct _fpx_sw_bytes in the legacy area's software-reserved
// bytes 464-511 (FP_XSTATE_MAGIC1) and FP_XSTATE_MAGIC2 right after the image; without, the FXSAVE
// image. 32-bit frames carry the fsave-format header (struct fregs_state) in front: on sigreturn
// its x87 part is what is restored (convert_to_fxsr), the FXSAVE image supplies the rest.
import type { FpuState } from '../../machine/isa/fpuState.js';
import { fxrstorProblem, readFxsave, writeFxsave } from '../../machine/isa/fxsaveImage.js';
import { xrstorImage, xrstorProblem, xsaveImage } from '../../machine/isa/x87/xsaveState.js';
import { FREGS_BYTES } from './frames.js';

export const FP_XSTATE_MAGIC1 = 0x46505853, FP_XSTATE_MAGIC2 = 0x46505845;
const FXSAVE_BYTES = 512, SW_AT = 464, MAGIC2_BYTES = 4, HEADER_AT = 512;
const FPSSE = 3;
const MXCSR_INIT = 0x1f80;

/** How the kernel saves FPU state: derived from the CPU as fpu__init_system_xstate does. */
export interface FpConfig {
  xsave: boolean;
  /** The user components (XCR0) and the XSAVE image's size for them (CPUID 0DH.0:EBX). */
  xfeatures: number;
  userSize: number;
}

/** xstate_sigframe_size: the bytes at buf_fx. */
export function mathFrameBytes(c: FpConfig): number {
  return c.xsave ? c.userSize + MAGIC2_BYTES : FXSAVE_BYTES;
}

/**
 * The math frame (mathFrameBytes(c) bytes) of the current state: what copy_fpstate_to_sigframe
 * stores at buf_fx. The kernel's own save format: 64-bit (XSAVE64/FXSAVE64, all 16 XMM registers)
 * on the x86_64 kernel, the 32-bit one on i386. Bytes XSAVE does not write are zero here.
 */
export function mathFrame(f: FpuState, c: FpConfig, kernel64: boolean, ia32Frame: boolean): Uint8Array {
  const img = new Uint8Array(mathFrameBytes(c));
  if (c.xsave) xsaveImage(f, img, c.xfeatures, kernel64, kernel64 ? 16 : 8);
  else writeFxsave(f, img, kernel64);
  const v = new DataView(img.buffer);
  // save_sw_bytes
  v.setUint32(SW_AT, FP_XSTATE_MAGIC1, true);
  v.setUint32(SW_AT + 4, (c.xsave ? c.userSize : FXSAVE_BYTES) + MAGIC2_BYTES + (ia32Frame ? FREGS_BYTES : 0), true);
  v.setUint32(SW_AT + 8, c.xsave ? c.xfeatures : FPSSE, true);
  v.setUint32(SW_AT + 16, c.xsave ? c.userSize : FXSAVE_BYTES, true);
  if (c.xsave) {
    v.setUint32(c.userSize, FP_XSTATE_MAGIC2, true);
    img[HEADER_AT] = img[HEADER_AT]! | FPSSE; // set_xfeature_in_sigframe
  }
  return img;
}

/** convert_to_fxsr: the fsave header's x87 state (struct user_i387_ia32_struct) into an FXSAVE image. */
function foldFsaveHeader(fx: Uint8Array, env: Uint8Array, kernel64: boolean): void {
  const e = new DataView(env.buffer, env.byteOffset, env.byteLength), v = new DataView(fx.buffer, fx.byteOffset, fx.byteLength);
  v.setUint16(0, e.getUint16(0, true), true);
  v.setUint16(2, e.getUint16(4, true), true);
  const twd = e.getUint16(8, true);
  let ftw = 0;
  for (let i = 0; i < 8; i++) if (((twd >> (2 * i)) & 3) !== 3) ftw |= 1 << i;
  v.setUint16(4, ftw, true);
  v.setUint16(6, e.getUint32(16, true) >>> 16, true);
  if (kernel64) {
    v.setUint32(8, e.getUint32(12, true), true); v.setUint32(12, 0, true); // cs and ds ignored
    v.setUint32(16, e.getUint32(20, true), true); v.setUint32(20, 0, true);
  } else {
    v.setUint32(8, e.getUint32(12, true), true); v.setUint32(12, e.getUint32(16, true) & 0xffff, true);
    v.setUint32(16, e.getUint32(20, true), true); v.setUint32(20, e.getUint32(24, true), true);
  }
  for (let i = 0; i < 8; i++) fx.set(env.subarray(28 + 10 * i, 38 + 10 * i), 32 + 16 * i);
}

/** Bytes 8-63 of an XSAVE header are zero (validate_user_xstate_header's XCOMP_BV and reserved checks). */
function headerReservedClear(img: Uint8Array): boolean {
  for (let i = HEADER_AT + 8; i < HEADER_AT + 64; i++) if (img[i]) return false;
  return true;
}

/**
 * fpu__restore_sig: load the state from the math frame at bufFx (and, for a 32-bit frame, the fsave
 * header at envAt). False for a frame the kernel refuses (sigreturn then raises SIGSEGV).
 */
export function restoreMathFrame(
  f: FpuState, c: FpConfig, kernel64: boolean, read: (addr: bigint, n: number) => Uint8Array | null, bufFx: bigint, envAt: bigint | null,
): boolean {
  const fx = read(bufFx, FXSAVE_BYTES);
  if (!fx) return false;
  const sw = new DataView(fx.buffer, fx.byteOffset + SW_AT, 48);
  let xsaveFrame = false, wanted = FPSSE;
  if (c.xsave && sw.getUint32(0, true) === FP_XSTATE_MAGIC1) {
    // check_xstate_in_sigframe: MAGIC2 after the image, else the frame is taken as FXSAVE only
    const m2 = read(bufFx + BigInt(c.userSize), MAGIC2_BYTES);
    if (!m2) return false;
    if (new DataView(m2.buffer, m2.byteOffset, 4).getUint32(0, true) === FP_XSTATE_MAGIC2) { xsaveFrame = true; wanted = sw.getUint32(8, true); }
  }
  const env = envAt === null ? null : read(envAt, FREGS_BYTES - 4);
  if (envAt !== null && !env) return false;
  const all16 = kernel64;
  const img = xsaveFrame ? read(bufFx, c.userSize) : new Uint8Array(fx);
  if (!img) return false;
  if (!env && xsaveFrame) {
    // the 64-bit path: XRSTOR from the frame, then the components it did not ask for initialised
    const rfbm = wanted & c.xfeatures;
    if (xrstorProblem(f, c.xfeatures, img, rfbm)) return false;
    xrstorImage(f, img, rfbm, kernel64, all16);
    initComponents(f, c.xfeatures & ~rfbm, kernel64);
    return true;
  }
  if (xsaveFrame) {
    // copy_sigframe_from_user_to_xstate's checks, then the full restore of what the header lists
    const bv = img[HEADER_AT]! | (img[HEADER_AT + 1]! << 8) | (img[HEADER_AT + 2]! << 16) | (img[HEADER_AT + 3]! << 24);
    if (bv & ~c.xfeatures || img[HEADER_AT + 4] || img[HEADER_AT + 5] || img[HEADER_AT + 6] || img[HEADER_AT + 7] || !headerReservedClear(img)) return false;
    if ((bv & FPSSE) && fxrstorProblem(f, img)) return false;
    if (env) foldFsaveHeader(img, env, kernel64);
    img[HEADER_AT] = bv & wanted;
    xrstorImage(f, img, c.xfeatures, kernel64, all16);
    return true;
  }
  if (kernel64 && fxrstorProblem(f, img)) return false; // x86_64 rejects bad MXCSR bits; i386 masks them
  if (!kernel64) { const v = new DataView(img.buffer); v.setUint32(24, v.getUint32(24, true) & f.mxcsrMask, true); }
  if (env) foldFsaveHeader(img, env, kernel64);
  readFxsave(f, img, kernel64, all16);
  return true;
}

/** os_xrstor(&init_fpstate, mask): the components in mask to their initial state. */
function initComponents(f: FpuState, mask: number, kernel64: boolean): void {
  if (!mask) return;
  const init = new Uint8Array(HEADER_AT + 64);
  new DataView(init.buffer).setUint32(24, MXCSR_INIT, true);
  xrstorImage(f, init, mask, kernel64, kernel64);
}
