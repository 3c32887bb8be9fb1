// x87 control instructions: FNSTCW/FLDCW, FNSTSW (m16 and AX), FNCLEX, FNINIT, FWAIT, FNOP,
// FNSTENV/FLDENV and FNSAVE/FRSTOR in the 32-bit protected-mode layouts (28/108 bytes) and the
// 16-bit ones (14/94 bytes) (SDM Vol.1 8.1.10 and Figures 8-9..8-12).
import type { CpuCore } from '../../CpuCore.js';
import { K_MEM, type DecodedInsn } from '../../decodedInsn.js';
import { classifyTag } from '../fxsaveImage.js';
import { type FpuState, TAG_EMPTY } from '../fpuState.js';
import { mantOf } from './float80.js';
import { readM80, writeM80 } from './x87Moves.js';
import * as F from './float80.js';
import { enter, fwait as waitCheck, mOf, SW_B, SW_ES } from './x87State.js';

/** FCW as the hardware keeps it: bit 6 reads as one, bits 13-15 as zero. */
export const fcwValue = (v: number): number => (v & 0x1f7f) | 0x40;

/** ES and B follow the unmasked exceptions: set when a flag is set whose exception FCW unmasks. */
export function recomputeEs(f: FpuState): void {
  if (f.fpSw & ~f.fpCw & 0x3f) f.fpSw |= SW_ES | SW_B; else f.fpSw &= ~(SW_ES | SW_B);
}

export function fnstcw(cpu: CpuCore, d: DecodedInsn): void {
  enter(cpu, d, false, true);
  const la = cpu.ea(d);
  cpu.wr16(la, cpu.fpu.fpCw);
}

export function fldcw(cpu: CpuCore, d: DecodedInsn): void {
  enter(cpu, d, true, true);
  const f = cpu.fpu;
  f.fpCw = fcwValue(cpu.rd16(cpu.ea(d)));
  recomputeEs(f);
}

export function fnstsw(cpu: CpuCore, d: DecodedInsn): void {
  enter(cpu, d, false, true);
  const sw = cpu.fpu.statusWord();
  if (d.k0 === K_MEM) cpu.wr16(cpu.ea(d), sw);
  else cpu.regLo[0] = (cpu.regLo[0]! & ~0xffff) | sw;
}

export function fnclex(cpu: CpuCore, d: DecodedInsn): void {
  enter(cpu, d, false, true);
  cpu.fpu.fpSw &= 0x4700; // C3 C2 C1 C0 stay; flags, SF, ES, B clear
}

export function fninit(cpu: CpuCore, d: DecodedInsn): void {
  enter(cpu, d, false, true);
  cpu.fpu.resetX87();
}

export function fwait(cpu: CpuCore): void { waitCheck(cpu); }

export function fnop(cpu: CpuCore, d: DecodedInsn): void { enter(cpu, d, true, false); }

/** The full tag word: each register's two-bit tag as its contents classify it (empty stays empty). */
export function fullTagWord(f: FpuState): number {
  let tw = 0;
  for (let r = 0; r < 8; r++) {
    const t = f.fpTag[r] === TAG_EMPTY ? TAG_EMPTY : classifyTag(f.fpSe[r]!, f.fpMant[2 * r]!, f.fpMant[2 * r + 1]!);
    tw |= t << (2 * r);
  }
  return tw;
}

function loadTagWord(f: FpuState, tw: number): void {
  for (let r = 0; r < 8; r++) {
    f.fpTag[r] = ((tw >> (2 * r)) & 3) === TAG_EMPTY ? TAG_EMPTY : classifyTag(f.fpSe[r]!, f.fpMant[2 * r]!, f.fpMant[2 * r + 1]!);
  }
}

/** Bytes of the environment image for the decoded operand (28, or 14 with a 16-bit operand size). */
const envSize = (d: DecodedInsn): number => (d.s0 === 14 || d.s0 === 94 ? 14 : 28);

function writeEnv(cpu: CpuCore, la: number, size: number): void {
  const f = cpu.fpu;
  if (size === 28) {
    // The reserved upper halves of the first three dwords read as ones (as hardware stores them).
    cpu.wr32(la, f.fpCw | 0xffff0000); cpu.wr32(la + 4, f.statusWord() | 0xffff0000);
    cpu.wr32(la + 8, fullTagWord(f) | 0xffff0000);
    cpu.wr32(la + 12, f.fpIp >>> 0 | 0);
    cpu.wr32(la + 16, (f.fpCs & 0xffff) | ((f.fpOp & 0x7ff) << 16));
    cpu.wr32(la + 20, f.fpDp >>> 0 | 0);
    cpu.wr32(la + 24, (f.fpDs & 0xffff) | 0xffff0000);
  } else {
    cpu.wr16(la, f.fpCw); cpu.wr16(la + 2, f.statusWord()); cpu.wr16(la + 4, fullTagWord(f));
    cpu.wr16(la + 6, f.fpIp & 0xffff); cpu.wr16(la + 8, f.fpCs); cpu.wr16(la + 10, f.fpDp & 0xffff); cpu.wr16(la + 12, f.fpDs);
  }
}

function readEnv(cpu: CpuCore, la: number, size: number): void {
  const f = cpu.fpu;
  const w = size === 28 ? 4 : 2;
  const cw = cpu.rd16(la), sw = cpu.rd16(la + w), tw = cpu.rd16(la + 2 * w);
  let ip: number, cs: number, op: number, dp: number, ds: number;
  if (size === 28) {
    ip = cpu.rd32(la + 12); const x = cpu.rd32(la + 16); cs = x & 0xffff; op = (x >>> 16) & 0x7ff;
    dp = cpu.rd32(la + 20); ds = cpu.rd16(la + 24);
  } else { ip = cpu.rd16(la + 6); cs = cpu.rd16(la + 8); op = 0; dp = cpu.rd16(la + 10); ds = cpu.rd16(la + 12); }
  f.fpCw = fcwValue(cw);
  f.fpTop = (sw >> 11) & 7; f.fpSw = sw & ~0x3800;
  loadTagWord(f, tw);
  f.fpIp = ip; f.fpCs = cs; f.fpOp = op; f.fpDp = dp; f.fpDs = ds;
}

export function fnstenv(cpu: CpuCore, d: DecodedInsn): void {
  enter(cpu, d, false, true);
  const la = cpu.ea(d), size = envSize(d);
  cpu.probeWrite(la, size);
  writeEnv(cpu, la, size);
  cpu.fpu.fpCw |= 0x3f; // FNSTENV leaves every exception masked
}

export function fldenv(cpu: CpuCore, d: DecodedInsn): void {
  enter(cpu, d, false, true);
  const la = cpu.ea(d), size = envSize(d);
  cpu.rd8(la + size - 1); // fault before any state changes
  readEnv(cpu, la, size);
}

export function fnsave(cpu: CpuCore, d: DecodedInsn): void {
  enter(cpu, d, false, true);
  const f = cpu.fpu, la = cpu.ea(d), size = envSize(d);
  cpu.probeWrite(la, size + 80);
  writeEnv(cpu, la, size);
  for (let j = 0; j < 8; j++) writeM80(cpu, la + size + 10 * j, f.fpSe[(f.fpTop + j) & 7]!, mOf(f, j));
  f.resetX87();
}

export function frstor(cpu: CpuCore, d: DecodedInsn): void {
  enter(cpu, d, false, true);
  const f = cpu.fpu, la = cpu.ea(d), size = envSize(d);
  cpu.rd8(la + size + 79);
  const regs: [number, bigint][] = [];
  for (let j = 0; j < 8; j++) { readM80(cpu, la + size + 10 * j); regs.push([F.pse, F.pm]); }
  const tw = cpu.rd16(la + 2 * (size === 28 ? 4 : 2));
  readEnv(cpu, la, size);
  for (let j = 0; j < 8; j++) {
    const r = (f.fpTop + j) & 7, [se, m] = regs[j]!;
    f.fpSe[r] = se; f.fpMant[2 * r] = Number(m & 0xffffffffn) >>> 0; f.fpMant[2 * r + 1] = Number(m >> 32n) >>> 0;
  }
  loadTagWord(f, tw);
}


