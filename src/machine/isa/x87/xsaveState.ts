// FXSAVE/FXRSTOR, XSAVE/XRSTOR (standard form; components x87 and SSE: the legacy area and the
// 64-byte header) (SDM Vol.1 ch. 13, Vol.2 instruction pages). XGETBV/XSETBV: extendedControl.ts.
import type { CpuCore } from '../../CpuCore.js';
import type { DecodedInsn } from '../../decodeInstruction.js';
import { GuestFault } from '../../GuestFault.js';
import { FCW_DEFAULT, type FpuState, MXCSR_DEFAULT, TAG_EMPTY } from '../fpuState.js';
import { FXSAVE_SIZE, FXSAVE_WRITTEN, fxrstorProblem, readFxsave, writeFxsave } from '../fxsaveImage.js';
import { XCR0_SUPPORTED, XSAVE_AREA_SIZE as XSAVE_SIZE } from '../../system/cpuidLeaves.js';
import { checkNm } from './x87State.js';

const VEC_UD = 6, VEC_GP = 13;
const CR4_OSXSAVE = 1 << 18;

const buf = new Uint8Array(XSAVE_SIZE);

function gp(why: string): never { throw new GuestFault(VEC_GP, 0, why); }

function aligned(la: number, n: number, what: string): void {
  if (la % n !== 0) gp(`${what} operand 0x${la.toString(16)} not ${n}-byte aligned`);
}

function copyOut(cpu: CpuCore, la: number, from: number, to: number): void {
  for (let i = from; i < to; i += 4) cpu.wr32(la + i, buf[i]! | (buf[i + 1]! << 8) | (buf[i + 2]! << 16) | (buf[i + 3]! << 24));
}

function copyIn(cpu: CpuCore, la: number, n: number): void {
  for (let i = 0; i < n; i += 4) {
    const v = cpu.rd32(la + i);
    buf[i] = v & 0xff; buf[i + 1] = (v >>> 8) & 0xff; buf[i + 2] = (v >>> 16) & 0xff; buf[i + 3] = v >>> 24;
  }
}

/** FXSAVE/FXSAVE64: the 512-byte image (XMM8-15 only in 64-bit mode; bytes 416-511 untouched). */
export function fxsave(cpu: CpuCore, d: DecodedInsn, format64: boolean): void {
  checkNm(cpu);
  const la = cpu.ea(d);
  aligned(la, 16, 'FXSAVE');
  const n = cpu.bits === 64 ? FXSAVE_WRITTEN : 288;
  cpu.probeWrite(la, n);
  writeFxsave(cpu.fpu, buf, format64);
  copyOut(cpu, la, 0, n);
}

export function fxrstor(cpu: CpuCore, d: DecodedInsn, format64: boolean): void {
  checkNm(cpu);
  const la = cpu.ea(d);
  aligned(la, 16, 'FXRSTOR');
  copyIn(cpu, la, FXSAVE_SIZE);
  const why = fxrstorProblem(cpu.fpu, buf);
  if (why) gp(`FXRSTOR: ${why}`);
  readFxsave(cpu.fpu, buf, format64, cpu.bits === 64);
}

function checkOsxsave(cpu: CpuCore, what: string): void {
  if (!(cpu.cr4 & CR4_OSXSAVE)) throw new GuestFault(VEC_UD, -1, `${what} with CR4.OSXSAVE clear`);
}

/** Whether the x87 state is in its initial configuration (XSAVE then clears XSTATE_BV bit 0). */
function x87IsInit(f: FpuState): boolean {
  if (f.fpCw !== FCW_DEFAULT || f.statusWord() !== 0 || f.fpIp || f.fpDp || f.fpOp) return false;
  for (let r = 0; r < 8; r++) if (f.fpTag[r] !== TAG_EMPTY || f.fpSe[r] || f.fpMant[2 * r] || f.fpMant[2 * r + 1]) return false;
  return true;
}

function sseIsInit(f: FpuState): boolean {
  if (f.mxcsr !== MXCSR_DEFAULT) return false;
  for (let i = 0; i < 64; i++) if (f.xmm32[i]) return false;
  return true;
}

/**
 * Write an XSAVE image of the components in rfbm into buf (the legacy area's x87 part, MXCSR and
 * MXCSR_MASK, XMM registers, XSTATE_BV), leaving bytes of components not saved as buf holds them.
 */
function xsaveInto(f: FpuState, rfbm: number, format64: boolean, xmmCount: number): void {
  const keep = buf.slice(0, FXSAVE_WRITTEN);
  writeFxsave(f, buf, format64);
  if (!(rfbm & 1)) { buf.set(keep.subarray(0, 24), 0); buf.set(keep.subarray(32, 160), 32); }
  if (!(rfbm & 2)) buf.set(keep.subarray(160, FXSAVE_WRITTEN), 160);
  else if (xmmCount < 16) buf.set(keep.subarray(160 + xmmCount * 16, FXSAVE_WRITTEN), 160 + xmmCount * 16);
  if (!(rfbm & 6)) buf.set(keep.subarray(24, 32), 24);
  let bv = buf[512]! & ~rfbm;
  if ((rfbm & 1) && !x87IsInit(f)) bv |= 1;
  if ((rfbm & 2) && !sseIsInit(f)) bv |= 2;
  buf[512] = bv;
}

function rfbmOf(cpu: CpuCore): number {
  return cpu.regLo[0]! & cpu.xcr0 & XCR0_SUPPORTED; // EDX:EAX & XCR0; only bits 0-1 exist here
}

export function xsave(cpu: CpuCore, d: DecodedInsn, format64: boolean): void {
  checkOsxsave(cpu, 'XSAVE');
  checkNm(cpu);
  const la = cpu.ea(d);
  aligned(la, 64, 'XSAVE');
  cpu.probeWrite(la, XSAVE_SIZE);
  copyIn(cpu, la, XSAVE_SIZE);
  xsaveInto(cpu.fpu, rfbmOf(cpu), format64, cpu.bits === 64 ? 16 : 8);
  copyOut(cpu, la, 0, FXSAVE_WRITTEN);
  copyOut(cpu, la, 512, 520);
}

/** Why an XSAVE header cannot be restored (XRSTOR raises #GP), or null. */
function headerProblem(f: FpuState, xcr0: number, image: Uint8Array, rfbm: number): string | null {
  const v = new DataView(image.buffer, image.byteOffset + 512, 64);
  const bvLo = v.getUint32(0, true), bvHi = v.getUint32(4, true);
  if ((bvLo & ~xcr0) || bvHi) return `XSTATE_BV 0x${bvHi.toString(16)}${bvLo.toString(16).padStart(8, '0')} has bits outside XCR0`;
  if (v.getUint32(8, true) || v.getUint32(12, true)) return 'XCOMP_BV is not zero (the compacted form is not supported)';
  for (let i = 16; i < 64; i += 4) if (v.getUint32(i, true)) return 'reserved header bytes 16-63 are not zero';
  if (rfbm & 6) return fxrstorProblem(f, image);
  return null;
}

/** Load the components in rfbm from an image: from memory where XSTATE_BV says so, else their initial state. */
function xrstorFrom(f: FpuState, image: Uint8Array, rfbm: number, format64: boolean, all16: boolean): void {
  const bv = image[512]!;
  const mxcsr = f.mxcsr, xmm = f.xmm8.slice();
  const x87 = { cw: f.fpCw, sw: f.fpSw, top: f.fpTop, tag: f.fpTag.slice(), se: f.fpSe.slice(), m: f.fpMant.slice(), ip: f.fpIp, dp: f.fpDp, cs: f.fpCs, ds: f.fpDs, op: f.fpOp };
  readFxsave(f, image, format64, all16);
  if (!(rfbm & 1)) {
    f.fpCw = x87.cw; f.fpSw = x87.sw; f.fpTop = x87.top; f.fpTag.set(x87.tag); f.fpSe.set(x87.se); f.fpMant.set(x87.m);
    f.fpIp = x87.ip; f.fpDp = x87.dp; f.fpCs = x87.cs; f.fpDs = x87.ds; f.fpOp = x87.op;
  } else if (!(bv & 1)) { f.resetX87(); f.fpSe.fill(0); f.fpMant.fill(0); }
  if (!(rfbm & 2)) f.xmm8.set(xmm);
  else if (!(bv & 2)) { f.xmm8.fill(0, 0, all16 ? 256 : 128); if (!all16) f.xmm8.set(xmm.subarray(128), 128); }
  else if (!all16) f.xmm8.set(xmm.subarray(128), 128);
  if (!(rfbm & 6)) f.mxcsr = mxcsr;
}

export function xrstor(cpu: CpuCore, d: DecodedInsn, format64: boolean): void {
  checkOsxsave(cpu, 'XRSTOR');
  checkNm(cpu);
  const la = cpu.ea(d);
  aligned(la, 64, 'XRSTOR');
  copyIn(cpu, la, XSAVE_SIZE);
  const rfbm = rfbmOf(cpu);
  const why = headerProblem(cpu.fpu, cpu.xcr0, buf, rfbm);
  if (why) gp(`XRSTOR: ${why}`);
  xrstorFrom(cpu.fpu, buf, rfbm, format64, cpu.bits === 64);
}
