// User-mode instructions that touch CPU state beyond the general registers: RDRAND/RDSEED (the
// machine's seeded generator), RDPID, RD/WR FS/GS BASE, CLFLUSH(OPT)/CLWB, SMSW/SLDT under UMIP,
// ARPL, and what a process may try but not do: port I/O (IN OUT INS OUTS) at CPL > IOPL, RDPMC
// without CR4.PCE and MOV to/from a debug register raise #GP(0) (SIGSEGV), as on Linux.
import * as C from '../constants.js';
import type { CpuCore } from '../CpuCore.js';
import { K_MEM, K_REG, type DecodedInsn } from '../decodedInsn.js';
import { GuestFault } from '../GuestFault.js';
import type { OpRow } from './opRow.js';
import { Code, Mnemonic } from '../../x86/icedModule.js';
import { privileged } from '../system/privileged.js';

const CR4_PCE = 1 << 8, CR4_UMIP = 1 << 11, CR4_FSGSBASE = 1 << 16;
const TWO32 = 4294967296;
/** 2^47: a canonical 48-bit address's signed value lies in [-2^47, 2^47). */
const CANONICAL = 140737488355328;

/** RDRAND/RDSEED: random bits from the machine's generator, CF=1 (a value is always ready), other flags 0. */
function rdrand(c: CpuCore, d: DecodedInsn): void {
  const size = d.osz;
  const lo = c.rng.next32(), hi = size === 8 ? c.rng.next32() | 0 : 0;
  c.setR(d.r0, size, size === 2 ? lo & 0xffff : lo, hi);
  c.setArith(C.FLAG_CF);
}

/** RDPID: IA32_TSC_AUX (Linux keeps the CPU number there), zero-extended. */
function rdpid(c: CpuCore, d: DecodedInsn): void {
  c.setR(d.r0, d.osz, c.tscAux >>> 0, 0);
}

function needFsgsbase(c: CpuCore, what: string): void {
  if (!(c.cr4 & CR4_FSGSBASE)) throw new GuestFault(C.VEC_UD, -1, `${what} with CR4.FSGSBASE clear`);
}

/** RDFSBASE/RDGSBASE (seg 4 or 5): the base into a 32-bit (low half) or 64-bit register. */
function rdBase(c: CpuCore, d: DecodedInsn, seg: number): void {
  needFsgsbase(c, seg === C.SEG_FS ? 'rdfsbase' : 'rdgsbase');
  const b = c.segBase[seg]!;
  c.setR(d.r0, d.osz, b >>> 0, Math.floor(b / TWO32) | 0);
}

/** WRFSBASE/WRGSBASE: a non-canonical 64-bit base raises #GP(0); a 32-bit one is zero-extended. */
function wrBase(c: CpuCore, d: DecodedInsn, seg: number): void {
  needFsgsbase(c, seg === C.SEG_FS ? 'wrfsbase' : 'wrgsbase');
  const lo = c.regLo[d.r0]! >>> 0;
  const v = d.osz === 8 ? c.regHi[d.r0]! * TWO32 + lo : lo;
  if (v >= CANONICAL || v < -CANONICAL) throw new GuestFault(C.VEC_GP, 0, `${seg === C.SEG_FS ? 'wrfsbase' : 'wrgsbase'} of a non-canonical address`);
  c.segBase[seg] = v;
}

/** CLFLUSH/CLFLUSHOPT: no cache is modelled; the line's address is checked as a byte read is. */
function clflush(c: CpuCore, d: DecodedInsn): void {
  c.rd8(c.ea(d));
}

/**
 * SMSW, SLDT (and SGDT SIDT STR in privilege.ts) at CPL > 0 raise #GP(0) when CR4.UMIP is set on a
 * CPU with UMIP. Linux sets CR4.UMIP where the CPU has it and then emulates the instruction for
 * user space with dummy values (arch/x86/kernel/umip.c): that emulation is the kernel's, not the CPU's.
 */
function umipCheck(c: CpuCore, what: string): void {
  if ((c.cr4 & CR4_UMIP) && c.cpl > 0 && c.features.has('umip')) throw new GuestFault(C.VEC_GP, 0, `${what} at CPL ${c.cpl} with CR4.UMIP set`);
}

/** Store a 16-bit machine-state value: to memory as a word, to a register zero-extended to its size. */
function storeWord(c: CpuCore, d: DecodedInsn, regValue: number, word: number): void {
  if (d.k0 === K_REG) c.setR(d.r0, d.osz, d.osz === 2 ? regValue & 0xffff : regValue >>> 0, 0);
  else c.wr16(c.ea(d), word & 0xffff);
}

function smsw(c: CpuCore, d: DecodedInsn): void {
  umipCheck(c, 'smsw');
  // A register destination of 32 or 64 bits receives all of CR0 (SDM: as the P6 family and later do).
  storeWord(c, d, c.cr0, c.cr0);
}

function sldt(c: CpuCore, d: DecodedInsn): void {
  umipCheck(c, 'sldt');
  storeWord(c, d, c.ldtSel & 0xffff, c.ldtSel);
}

/** ARPL r/m16, r16 (not in 64-bit mode, where 63 is MOVSXD): raise the destination's RPL to the source's. */
function arpl(c: CpuCore, d: DecodedInsn): void {
  const src = c.getR(d.r1, 2) & 3;
  const ea = d.k0 === K_MEM ? c.ea(d) : 0;
  const dst = d.k0 === K_MEM ? c.rd16(ea) : c.getR(d.r0, 2);
  const f = c.materializeFlags() & C.ARITH_FLAGS & ~C.FLAG_ZF;
  if ((dst & 3) < src) {
    const v = (dst & ~3) | src;
    if (d.k0 === K_MEM) c.wr16(ea, v); else c.setR(d.r0, 2, v, 0);
    c.setArith(f | C.FLAG_ZF);
  } else c.setArith(f);
}

/**
 * Port I/O. At CPL > IOPL the CPU would consult the TSS I/O permission bitmap; Linux's TSS has
 * none for a process that never called ioperm(), so this is #GP(0) (the bitmap is not modelled).
 * At CPL <= IOPL no device answers: IN reads all ones, OUT is dropped; INS/OUTS stay unemulated.
 */
function ioAllowed(c: CpuCore, what: string): void {
  const iopl = (c.flagsRest >> 12) & 3;
  if (c.cpl > iopl) throw new GuestFault(C.VEC_GP, 0, `${what} at CPL ${c.cpl} > IOPL ${iopl}`);
}

function portIn(c: CpuCore, d: DecodedInsn): void {
  ioAllowed(c, 'in');
  c.setR(0, d.s0, 0xffffffff, 0);
}

function portOut(c: CpuCore, _d: DecodedInsn): void {
  ioAllowed(c, 'out');
}

function portString(c: CpuCore, d: DecodedInsn): void {
  ioAllowed(c, 'ins/outs');
  throw new GuestFault(C.VEC_UD, -1, `not emulated: string port I/O at CPL ${c.cpl} (code ${Code[d.code] ?? d.code})`, 0, true);
}

/** RDPMC: #GP(0) at CPL > 0 unless CR4.PCE (Linux sets it only for a task with a perf mmap). */
function rdpmc(c: CpuCore): void {
  if (c.cpl > 0 && !(c.cr4 & CR4_PCE)) throw new GuestFault(C.VEC_GP, 0, `rdpmc at CPL ${c.cpl} with CR4.PCE clear`);
  throw new GuestFault(C.VEC_UD, -1, 'not emulated: rdpmc (no performance counters are modelled)', 0, true);
}

/** MOV to/from DR0-DR7: privileged; the debug registers themselves are not modelled. */
function movDebugRegister(c: CpuCore): void {
  privileged(c, 'mov to/from a debug register');
  throw new GuestFault(C.VEC_UD, -1, 'not emulated: debug registers', 0, true);
}

const sys = (name: string, mnemonics: Mnemonic[], handler: OpRow['handler'], cls: OpRow['cls'], feature?: OpRow['feature']): OpRow =>
  ({ name, mnemonics, handler, cls, jit: false, flagsRead: 0, flagsWritten: 0, ...(feature ? { feature } : {}) });

export const USER_SYSTEM_ROWS: readonly OpRow[] = [
  { ...sys('RDRAND', [Mnemonic.Rdrand], rdrand, 'rdrand', 'rdrand'), flagsWritten: C.ARITH_FLAGS },
  { ...sys('RDSEED', [Mnemonic.Rdseed], rdrand, 'rdrand', 'rdseed'), flagsWritten: C.ARITH_FLAGS },
  sys('RDPID', [Mnemonic.Rdpid], rdpid, 'rdtsc', 'rdpid'),
  sys('RDFSBASE', [Mnemonic.Rdfsbase], (c, d) => rdBase(c, d, C.SEG_FS), 'alu', 'fsgsbase'),
  sys('RDGSBASE', [Mnemonic.Rdgsbase], (c, d) => rdBase(c, d, C.SEG_GS), 'alu', 'fsgsbase'),
  sys('WRFSBASE', [Mnemonic.Wrfsbase], (c, d) => wrBase(c, d, C.SEG_FS), 'segLoad', 'fsgsbase'),
  sys('WRGSBASE', [Mnemonic.Wrgsbase], (c, d) => wrBase(c, d, C.SEG_GS), 'segLoad', 'fsgsbase'),
  { ...sys('CLFLUSH', [Mnemonic.Clflush], clflush, 'fence', 'clflush'), jit: true },
  { ...sys('CLFLUSHOPT', [Mnemonic.Clflushopt], clflush, 'fence', 'clflushopt'), jit: true },
  { ...sys('CLWB', [Mnemonic.Clwb], clflush, 'fence', 'clwb'), jit: true },
  sys('RDPMC', [Mnemonic.Rdpmc], rdpmc, 'rdtsc'),
  { ...sys('MOV DR', [], movDebugRegister, 'movCr'), codes: [Code.Mov_r64_dr, Code.Mov_dr_r64, Code.Mov_r32_dr, Code.Mov_dr_r32] },
  sys('SMSW', [Mnemonic.Smsw], smsw, (d) => (d.k0 === K_MEM ? 'store' : 'alu')),
  sys('SLDT', [Mnemonic.Sldt], sldt, (d) => (d.k0 === K_MEM ? 'store' : 'alu')),
  { ...sys('ARPL', [Mnemonic.Arpl], arpl, (d) => (d.k0 === K_MEM ? 'store' : 'alu')), jit: true, flagsWritten: C.FLAG_ZF },
  sys('IN', [Mnemonic.In], portIn, 'exception'),
  sys('OUT', [Mnemonic.Out], portOut, 'exception'),
  sys('INS/OUTS', [Mnemonic.Insb, Mnemonic.Insw, Mnemonic.Insd, Mnemonic.Outsb, Mnemonic.Outsw, Mnemonic.Outsd], portString, 'exception'),
];
