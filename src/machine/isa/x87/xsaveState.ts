// FXSAVE/FXRSTOR, XSAVE/XRSTOR (standard form; components x87 and SSE: the legacy area and the
// 64-byte header) (SDM Vol.1 ch. 10.5 and 13, Vol.2 instruction pages). XGETBV/XSETBV:
// extendedControl.ts. XSAVEOPT/XSAVEC/XSAVES/XRSTORS: CPUID.(EAX=0DH,ECX=1):EAX announces none
// of them, so they raise #UD (rows in x87RowsMore.ts).
import type { CpuCore } from '../../CpuCore.js';
import type { DecodedInsn } from '../../decodedInsn.js';
import { GuestFault } from '../../GuestFault.js';
import { FCW_DEFAULT, type FpuState, MXCSR_DEFAULT, TAG_EMPTY } from '../fpuState.js';
import { FXSAVE_SIZE, FXSAVE_WRITTEN, fxrstorProblem, readFxsave, writeFxsave } from '../fxsaveImage.js';
import { XCR0_SUPPORTED, XSAVE_AREA_SIZE as XSAVE_SIZE } from '../../system/cpuidLeaves.js';
import { checkNm } from './x87State.js';

const VEC_UD = 6, VEC_NM = 7, VEC_GP = 13;
const CR0_TS = 1 << 3;
const CR4_OSFXSR = 1 << 9, CR4_OSXSAVE = 1 << 18;
/** Legacy-area bytes of the x87 part (FCW..FDS and ST0-7) and of MXCSR/MXCSR_MASK. */
const MXCSR_AT = 24, ST_AT = 32, XMM_AT = 160;

const buf = new Uint8Array(XSAVE_SIZE);
const keep = new Uint8Array(FXSAVE_WRITTEN);
const xmmKeep = new Uint8Array(256);

function gp(why: string): never { throw new GuestFault(VEC_GP, 0, why); }

function aligned(la: number, n: number, what: string): void {
  if (la % n !== 0) gp(`${what} operand 0x${la.toString(16)} not ${n}-byte aligned`);
}

/** Store buf[from, to) at la + from (4-byte steps: every range here is a multiple of 4). */
function copyOut(cpu: CpuCore, la: number, from: number, to: number): void {
  for (let i = from; i < to; i += 4) cpu.wr32(la + i, buf[i]! | (buf[i + 1]! << 8) | (buf[i + 2]! << 16) | (buf[i + 3]! << 24));
}

function copyIn(cpu: CpuCore, la: number, n: number): void {
  for (let i = 0; i < n; i += 4) {
    const v = cpu.rd32(la + i);
    buf[i] = v & 0xff; buf[i + 1] = (v >>> 8) & 0xff; buf[i + 2] = (v >>> 16) & 0xff; buf[i + 3] = v >>> 24;
  }
}

/**
 * FXSAVE/FXSAVE64 (REX.W: 64-bit FIP/FDP): the 512-byte image; XMM8-15 only in 64-bit mode, bytes
 * 416-511 untouched. With CR4.OSFXSR clear MXCSR and the XMM registers are not saved (the SDM
 * leaves it to the implementation; this CPU does not save them).
 */
export function fxsave(cpu: CpuCore, d: DecodedInsn, format64: boolean): void {
  checkNm(cpu);
  const la = cpu.ea(d);
  aligned(la, 16, 'FXSAVE');
  const n = cpu.bits === 64 ? FXSAVE_WRITTEN : XMM_AT + 8 * 16;
  cpu.probeWrite(la, n);
  writeFxsave(cpu.fpu, buf, format64);
  if (cpu.cr4 & CR4_OSFXSR) { copyOut(cpu, la, 0, n); return; }
  copyOut(cpu, la, 0, MXCSR_AT);
  copyOut(cpu, la, ST_AT, XMM_AT);
}

/** FXRSTOR/FXRSTOR64: #GP for reserved MXCSR bits; the abridged tags rebuilt from the registers. */
export function fxrstor(cpu: CpuCore, d: DecodedInsn, format64: boolean): void {
  checkNm(cpu);
  const la = cpu.ea(d);
  aligned(la, 16, 'FXRSTOR');
  copyIn(cpu, la, FXSAVE_SIZE);
  const f = cpu.fpu;
  const osfxsr = (cpu.cr4 & CR4_OSFXSR) !== 0;
  if (osfxsr) {
    const why = fxrstorProblem(f, buf);
    if (why) gp(`FXRSTOR: ${why}`);
  }
  const mxcsr = f.mxcsr;
  xmmKeep.set(f.xmm8);
  readFxsave(f, buf, format64, cpu.bits === 64);
  if (!osfxsr) { f.mxcsr = mxcsr; f.xmm8.set(xmmKeep); }
}

/** The XSAVE family's checks in the SDM's order: #UD without CR4.OSXSAVE, #NM on CR0.TS (not EM). */
function enterXsave(cpu: CpuCore, what: string): void {
  if (!(cpu.cr4 & CR4_OSXSAVE)) throw new GuestFault(VEC_UD, -1, `${what} with CR4.OSXSAVE clear`);
  if (cpu.cr0 & CR0_TS) throw new GuestFault(VEC_NM, -1, `${what} with CR0.TS set`);
}

/** Whether the x87 state is in its initial configuration (SDM 13.6; XSAVE then clears XSTATE_BV bit 0). */
function x87IsInit(f: FpuState): boolean {
  if (f.fpCw !== FCW_DEFAULT || f.statusWord() !== 0 || f.fpIp || f.fpDp || f.fpOp) return false;
  for (let r = 0; r < 8; r++) if (f.fpTag[r] !== TAG_EMPTY || f.fpSe[r] || f.fpMant[2 * r] || f.fpMant[2 * r + 1]) return false;
  return true;
}

/** SSE state is initial when the XMM registers of the mode are zero (MXCSR does not count, SDM 13.6). */
function sseIsInit(f: FpuState, xmmCount: number): boolean {
  for (let i = 0; i < xmmCount * 4; i++) if (f.xmm32[i]) return false;
  return true;
}

/**
 * XSAVE into an image that holds what memory holds: the components in rfbm (the legacy area's x87
 * part, MXCSR and MXCSR_MASK, XMM registers) and their XSTATE_BV bits; other bytes stay as they are.
 * The kernel's signal frames use it too.
 */
export function xsaveImage(f: FpuState, image: Uint8Array, rfbm: number, format64: boolean, xmmCount: number): void {
  keep.set(image.subarray(0, FXSAVE_WRITTEN));
  writeFxsave(f, image, format64);
  if (!(rfbm & 1)) { image.set(keep.subarray(0, MXCSR_AT), 0); image.set(keep.subarray(ST_AT, XMM_AT), ST_AT); }
  const xmmEnd = XMM_AT + xmmCount * 16;
  if (!(rfbm & 2)) image.set(keep.subarray(XMM_AT, FXSAVE_WRITTEN), XMM_AT);
  else image.set(keep.subarray(xmmEnd, FXSAVE_WRITTEN), xmmEnd);
  if (!(rfbm & 6)) image.set(keep.subarray(MXCSR_AT, ST_AT), MXCSR_AT);
  let bv = image[512]! & ~rfbm;
  if ((rfbm & 1) && !x87IsInit(f)) bv |= 1;
  if ((rfbm & 2) && !sseIsInit(f, xmmCount)) bv |= 2;
  image[512] = bv;
}

/** RFBM = EDX:EAX & XCR0 (only bits 0-1 can be set in XCR0 here). */
function rfbmOf(cpu: CpuCore): number {
  return cpu.regLo[0]! & cpu.xcr0 & XCR0_SUPPORTED;
}

/** XSAVE/XSAVE64: the components in RFBM and their XSTATE_BV bits; the rest of the header is not written. */
export function xsave(cpu: CpuCore, d: DecodedInsn, format64: boolean): void {
  enterXsave(cpu, 'XSAVE');
  const la = cpu.ea(d);
  aligned(la, 64, 'XSAVE');
  cpu.probeWrite(la, 520);
  copyIn(cpu, la, 520);
  xsaveImage(cpu.fpu, buf, rfbmOf(cpu), format64, cpu.bits === 64 ? 16 : 8);
  copyOut(cpu, la, 0, FXSAVE_WRITTEN);
  copyOut(cpu, la, 512, 520);
}

/** Why XRSTOR (standard form) of the image raises #GP, or null. */
export function xrstorProblem(f: FpuState, xcr0: number, image: Uint8Array, rfbm: number): string | null {
  const v = new DataView(image.buffer, image.byteOffset + 512, 64);
  const bvLo = v.getUint32(0, true), bvHi = v.getUint32(4, true);
  if ((bvLo & ~xcr0) || bvHi) return `XSTATE_BV 0x${bvHi.toString(16)}${bvLo.toString(16).padStart(8, '0')} has bits outside XCR0`;
  // Bytes 8-23 (XCOMP_BV and the next quadword) must be zero; XCOMP_BV bit 63 would ask for the
  // compacted form, which needs XSAVEC.
  for (let i = 8; i < 24; i += 4) if (v.getUint32(i, true)) return 'header bytes 8-23 (XCOMP_BV) are not zero';
  if (rfbm & 6) return fxrstorProblem(f, image);
  return null;
}

/**
 * XRSTOR of a checked image: the components in rfbm from the image where XSTATE_BV says so, else
 * their initial state. The kernel's sigreturn uses it too.
 */
export function xrstorImage(f: FpuState, image: Uint8Array, rfbm: number, format64: boolean, all16: boolean): void {
  const bv = image[512]!;
  const xmmN = all16 ? 256 : 128;
  if (rfbm & 1) {
    if (bv & 1) {
      // readFxsave loads everything: keep what the SSE part must not change, put it back below
      const mxcsr = f.mxcsr;
      xmmKeep.set(f.xmm8);
      readFxsave(f, image, format64, all16);
      f.mxcsr = mxcsr; f.xmm8.set(xmmKeep);
    } else {
      f.resetX87(); f.fpSe.fill(0); f.fpMant.fill(0);
    }
  }
  if (rfbm & 2) {
    if (bv & 2) f.xmm8.set(image.subarray(XMM_AT, XMM_AT + xmmN), 0);
    else f.xmm8.fill(0, 0, xmmN);
  }
  // MXCSR is loaded from memory whenever RFBM[1] or RFBM[2] is set, whatever XSTATE_BV says (SDM 13.8.1)
  if (rfbm & 6) f.mxcsr = (image[24]! | (image[25]! << 8) | (image[26]! << 16) | (image[27]! << 24)) >>> 0;
}

/** XRSTOR/XRSTOR64, standard form. */
export function xrstor(cpu: CpuCore, d: DecodedInsn, format64: boolean): void {
  enterXsave(cpu, 'XRSTOR');
  const la = cpu.ea(d);
  aligned(la, 64, 'XRSTOR');
  copyIn(cpu, la, XSAVE_SIZE);
  const rfbm = rfbmOf(cpu);
  const why = xrstorProblem(cpu.fpu, cpu.xcr0, buf, rfbm);
  if (why) gp(`XRSTOR: ${why}`);
  xrstorImage(cpu.fpu, buf, rfbm, format64, cpu.bits === 64);
}

/** XSAVEOPT, XSAVEC, XSAVES, XRSTORS: not announced by CPUID leaf 0DH subleaf 1, so #UD. */
export function xsaveUnannounced(what: string): (cpu: CpuCore, d: DecodedInsn) => void {
  const why = `${what}: CPUID.(EAX=0DH,ECX=1):EAX does not announce it on this CPU`;
  return () => { throw new GuestFault(VEC_UD, -1, why); };
}
