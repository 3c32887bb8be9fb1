// The x87, MMX and SSE register state (what FXSAVE saves): plain typed arrays, read and written
// by the instruction handlers directly. Layout facts: SDM Vol.1 ch. 8-10 and Table 10-2 (FXSAVE).
import type { Feature, Vendor } from '../types.js';

/** x87 tag values (the full two-bit tags of FNSTENV's tag word). */
export const TAG_VALID = 0, TAG_ZERO = 1, TAG_SPECIAL = 2, TAG_EMPTY = 3;

/** MXCSR after reset, FNINIT-style process start and Linux's execve: all exceptions masked, round to nearest. */
export const MXCSR_DEFAULT = 0x1f80;
/** FCW after FNINIT: all exceptions masked, 64-bit precision, round to nearest. */
export const FCW_DEFAULT = 0x037f;

export class FpuState {
  // ------------------------------------------------------------------ SSE
  /** XMM0-15 (XMM0-7 in 32-bit code), 16 bytes each, little-endian lanes over one buffer. */
  readonly xmmBuf = new ArrayBuffer(256);
  /** Byte j of XMMi at [i*16 + j]. */
  readonly xmm8 = new Uint8Array(this.xmmBuf);
  /** Word j of XMMi at [i*8 + j]. */
  readonly xmm16 = new Uint16Array(this.xmmBuf);
  /** Dword j of XMMi at [i*4 + j] (unsigned; xmmI32 is the signed view). */
  readonly xmm32 = new Uint32Array(this.xmmBuf);
  readonly xmmI32 = new Int32Array(this.xmmBuf);
  /** Single j of XMMi at [i*4 + j]; double j at xmmF64[i*2 + j]. Moves copy through xmm32 so NaN bits survive. */
  readonly xmmF32 = new Float32Array(this.xmmBuf);
  readonly xmmF64 = new Float64Array(this.xmmBuf);
  mxcsr = MXCSR_DEFAULT;
  /** MXCSR bits the CPU implements (FXSAVE's MXCSR_MASK): 0xffff, or 0x2ffff with AMD's misaligned-SSE mode bit. */
  mxcsrMask = 0xffff;
  /**
   * AMD without CPUID 8000_0008h:EBX.XSaveErPtr (APM Vol.4 FXSAVE): FXSAVE and XSAVE store FIP, FDP and
   * FOP only while an unmasked exception is pending (FSW.ES), zeros otherwise. Intel stores them always.
   */
  pointersOnlyWhenPending = false;
  /**
   * FOP of every non-control instruction (AMD), or only of one that raises an unmasked exception
   * (Intel outside FOP compatibility mode, SDM Vol.1 8.1.8); fpOpLast holds the latest candidate.
   */
  fopAlways = false;
  fpOpLast = 0;

  // ------------------------------------------------------------------ x87 and MMX
  /**
   * Physical registers R0-R7 (ST(i) is R[(fpTop + i) & 7]): the 64-bit significand as low/high
   * dwords at [2i] and [2i+1]. MMX register MMi is exactly R_i's significand.
   */
  readonly fpMant = new Uint32Array(16);
  /** Sign (bit 15) and biased exponent (bits 14:0) of R_i; an MMX write sets it to 0xffff. */
  readonly fpSe = new Uint16Array(8);
  /** Tag of R_i: TAG_VALID, TAG_ZERO, TAG_SPECIAL (NaN, infinity, denormal, unsupported) or TAG_EMPTY. */
  readonly fpTag = new Uint8Array(8).fill(TAG_EMPTY);
  /** Top-of-stack pointer (FSW bits 13:11). */
  fpTop = 0;
  fpCw = FCW_DEFAULT;
  /** FSW without TOP (bits 13:11 are always read from fpTop). */
  fpSw = 0;
  /** Last non-control x87 instruction: FIP/FCS, operand FDP/FDS, and the 11-bit opcode FOP. */
  fpIp = 0; fpCs = 0; fpDp = 0; fpDs = 0; fpOp = 0;

  /** Fit the CPU-specific parts to a profile's CPU: MXCSR_MASK (AMD's misaligned-SSE bit), the pointer rule. */
  fitTo(vendor: Vendor, features: ReadonlySet<Feature>): void {
    this.mxcsrMask = features.has('misalignsse') ? 0x2ffff : 0xffff;
    this.pointersOnlyWhenPending = vendor === 'amd';
    this.fopAlways = vendor === 'amd';
  }

  /** The FSW as FNSTSW stores it. */
  statusWord(): number {
    return ((this.fpSw & ~0x3800) | ((this.fpTop & 7) << 11)) & 0xffff;
  }

  /** FNINIT: control, status and tags reset; registers keep their bits. */
  resetX87(): void {
    this.fpCw = FCW_DEFAULT; this.fpSw = 0; this.fpTop = 0; this.fpTag.fill(TAG_EMPTY);
    this.fpIp = 0; this.fpCs = 0; this.fpDp = 0; this.fpDs = 0; this.fpOp = 0;
  }

  /** The state a new process starts with (Linux's fpstate_init: FNINIT values, MXCSR default, zeroed registers). */
  reset(): void {
    this.resetX87();
    this.fpMant.fill(0); this.fpSe.fill(0);
    this.xmm32.fill(0);
    this.mxcsr = MXCSR_DEFAULT;
  }

  /** Any MMX instruction: TOP becomes 0 and every tag valid (SDM 9.5.1). */
  enterMmx(): void {
    this.fpTop = 0;
    this.fpTag.fill(TAG_VALID);
  }

  /** Write MMi: the significand, exponent and sign all ones, then the MMX transition. */
  writeMmx(i: number, lo: number, hi: number): void {
    this.fpMant[2 * i] = lo; this.fpMant[2 * i + 1] = hi; this.fpSe[i] = 0xffff;
    this.enterMmx();
  }
}
