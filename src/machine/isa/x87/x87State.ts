// What every x87 instruction does around its operation: #NM and pending-#MF checks, the register
// stack (ST(i) -> physical register, tags, push/pop, stack faults) and the status word's flags
// (SDM Vol.1 8.1-8.7, Vol.3 2.5 for CR0.EM/TS/MP/NE).
import type { CpuCore } from '../../CpuCore.js';
import type { DecodedInsn } from '../../decodedInsn.js';
import { K_MEM } from '../../decodedInsn.js';
import { GuestFault } from '../../GuestFault.js';
import { classifyTag } from '../fxsaveImage.js';
import { type FpuState, TAG_EMPTY } from '../fpuState.js';
import { C1, IE, INDEF_M, INDEF_SE, mantOf, SF } from './float80.js';
import { NO_RESULT } from './float80Arith.js';

const CR0_MP = 1 << 1, CR0_EM = 1 << 2, CR0_TS = 1 << 3;
const VEC_NM = 7, VEC_MF = 16, SEG_CS = 1;
export const SW_ES = 0x80, SW_B = 0x8000, SW_C0 = 0x100, SW_C1 = 0x200, SW_C2 = 0x400, SW_C3 = 0x4000;
export const SW_CC = SW_C0 | SW_C1 | SW_C2 | SW_C3;

/** #NM when CR0.EM or CR0.TS says the FPU is not available (x87 and FXSAVE/XSAVE family). */
export function checkNm(cpu: CpuCore): void {
  if (cpu.cr0 & (CR0_EM | CR0_TS)) throw new GuestFault(VEC_NM, -1, `x87 instruction with CR0.${cpu.cr0 & CR0_EM ? 'EM' : 'TS'} set`);
}

/** A pending unmasked x87 exception (FSW.ES) is delivered as #MF before a waiting instruction runs. */
export function checkMf(f: FpuState): void {
  if (f.fpSw & SW_ES) throw new GuestFault(VEC_MF, -1, `pending unmasked x87 exception (FSW 0x${f.statusWord().toString(16)})`);
}

/**
 * Entry of an x87 instruction: #NM, then (waiting instructions) a pending #MF; the non-control
 * instructions record FIP and FDP.
 */
export function enter(cpu: CpuCore, d: DecodedInsn, waiting: boolean, control: boolean): void {
  checkNm(cpu);
  const f = cpu.fpu;
  if (waiting) checkMf(f);
  if (!control) {
    f.fpIp = cpu.rip - d.len; f.fpCs = 0;
    if (d.k0 === K_MEM || d.k1 === K_MEM) { f.fpDp = cpu.ea(d); f.fpDs = 0; }
    f.fpOpLast = opcodeOf(cpu, f.fpIp, d.len);
    if (f.fopAlways) f.fpOp = f.fpOpLast;
  }
}

/**
 * FOP (SDM Vol.1 8.1.8): the low three bits of the D8-DF opcode byte and the ModR/M byte, read
 * back from the instruction (prefixes are never D8-DF); already fetched, so the read cannot fault.
 */
function opcodeOf(cpu: CpuCore, ip: number, len: number): number {
  const la = cpu.segBase[SEG_CS]! + ip;
  for (let i = 0; i < len - 1; i++) {
    const b = cpu.rd8(la + i);
    if ((b & 0xf8) === 0xd8) return ((b & 7) << 8) | cpu.rd8(la + i + 1);
  }
  return 0;
}

/** FWAIT: #NM only when CR0.MP and CR0.TS are both set, then pending exceptions. */
export function fwait(cpu: CpuCore): void {
  if ((cpu.cr0 & (CR0_MP | CR0_TS)) === (CR0_MP | CR0_TS)) throw new GuestFault(VEC_NM, -1, 'fwait with CR0.MP and CR0.TS set');
  checkMf(cpu.fpu);
}

export const phys = (f: FpuState, i: number): number => (f.fpTop + i) & 7;
export const isEmpty = (f: FpuState, i: number): boolean => f.fpTag[(f.fpTop + i) & 7] === TAG_EMPTY;
export const seOf = (f: FpuState, i: number): number => f.fpSe[(f.fpTop + i) & 7]!;
export function mOf(f: FpuState, i: number): bigint {
  const r = (f.fpTop + i) & 7;
  return mantOf(f.fpMant[2 * r]!, f.fpMant[2 * r + 1]!);
}

/** Write ST(i) and its tag. */
export function writeSt(f: FpuState, i: number, se: number, m: bigint): void {
  const r = (f.fpTop + i) & 7;
  const lo = Number(m & 0xffffffffn) >>> 0, hi = Number(m >> 32n) >>> 0;
  f.fpMant[2 * r] = lo; f.fpMant[2 * r + 1] = hi; f.fpSe[r] = se;
  f.fpTag[r] = classifyTag(se, lo, hi);
}

export function pop(f: FpuState): void {
  f.fpTag[f.fpTop & 7] = TAG_EMPTY;
  f.fpTop = (f.fpTop + 1) & 7;
}

/** Push (TOP - 1) and write the new ST(0). */
export function push(f: FpuState, se: number, m: bigint): void {
  f.fpTop = (f.fpTop - 1) & 7;
  writeSt(f, 0, se, m);
}

/**
 * Record an instruction's exception flags in FSW: the sticky flags, C1 as the instruction left it
 * (rounded up / stack overflow; cleared otherwise), and ES|B when one of them is unmasked.
 */
export function report(f: FpuState, flags: number): void {
  let sw = (f.fpSw & ~SW_C1) | (flags & (0x7f | SW_C1));
  if (flags & ~f.fpCw & 0x3f) { sw |= SW_ES | SW_B; f.fpOp = f.fpOpLast; }
  f.fpSw = sw;
}

/** Like report, but C1 is left alone (instructions that leave it undefined keep it on hardware). */
export function reportKeepC1(f: FpuState, flags: number): void {
  report(f, (flags & ~SW_C1) | (f.fpSw & SW_C1));
}

/** Stack underflow (an empty register read): IE|SF with C1 = 0; NO_RESULT when IE is unmasked. */
export function underflow(f: FpuState): number {
  return f.fpCw & IE ? IE | SF : IE | SF | NO_RESULT;
}

/** Stack overflow (a push onto a full register): IE|SF with C1 = 1. */
export function overflow(f: FpuState): number {
  return (f.fpCw & IE ? IE | SF : IE | SF | NO_RESULT) | C1;
}

/** Push a value, or the indefinite on stack overflow (masked); returns the flags. */
export function pushChecked(f: FpuState, se: number, m: bigint): number {
  if (!isEmpty(f, 7)) {
    const fl = overflow(f);
    if (!(fl & NO_RESULT)) push(f, INDEF_SE, INDEF_M);
    return fl;
  }
  push(f, se, m);
  return 0;
}
