// Model-specific registers: the ones Linux's entry code and the loaders use (EFER, STAR/LSTAR/CSTAR/
// FMASK, FS/GS bases, SYSENTER_*, TSC_AUX, SPEC_CTRL, the TSC and the x2APIC ISR words).
import * as C from '../constants.js';
import type { CpuCore } from '../CpuCore.js';
import { Mnemonic } from '../../x86/icedModule.js';
import { Op, type DecodedInsn } from '../decodedInsn.js';
import { GuestFault } from '../GuestFault.js';
import type { CoreRows } from '../isa/coreRows.js';
import { hex, numberToAddr } from '../memory.js';
import { privileged } from './privileged.js';

/** IA32_SPEC_CTRL (msr-index.h). */
export const MSR_IA32_SPEC_CTRL = 0x48;

export function rdmsrValue(c: CpuCore, idx: number): bigint | null {
  switch (idx >>> 0) {
    case C.MSR_EFER: return BigInt(c.efer >>> 0);
    case C.MSR_STAR: return c.star;
    case C.MSR_LSTAR: return numberToAddr(c.lstar);
    case C.MSR_CSTAR: return numberToAddr(c.cstar);
    case C.MSR_FMASK: return BigInt(c.fmask >>> 0);
    case C.MSR_FS_BASE: return numberToAddr(c.segBase[C.SEG_FS]!);
    case C.MSR_GS_BASE: return numberToAddr(c.segBase[C.SEG_GS]!);
    case C.MSR_KERNEL_GS_BASE: return numberToAddr(c.kernelGsBase);
    case C.MSR_SYSENTER_CS: return BigInt(c.sysenterCs >>> 0);
    case C.MSR_SYSENTER_ESP: return numberToAddr(c.sysenterEsp);
    case C.MSR_SYSENTER_EIP: return numberToAddr(c.sysenterEip);
    case C.MSR_TSC_AUX: return BigInt(c.tscAux >>> 0);
    case 0x10: return BigInt(Math.floor(c.cycles));
    case MSR_IA32_SPEC_CTRL: return BigInt(c.specCtrl >>> 0);
    default:
      if (idx >= 0x810 && idx <= 0x817) return 0n; // x2APIC ISR: nothing in service (INT 0x80 is a software interrupt)
      return null;
  }
}

export function wrmsrValue(c: CpuCore, idx: number, v: bigint): boolean {
  const n = Number(BigInt.asIntN(64, v));
  switch (idx >>> 0) {
    case C.MSR_EFER: {
      const lma = c.efer & C.EFER_LMA;
      c.efer = (Number(v & 0xffffn) & ~C.EFER_LMA) | lma;
      if ((c.cr0 & C.CR0_PG) && (c.efer & C.EFER_LME)) c.efer |= C.EFER_LMA;
      c.updateBits(); c.flushTlbs();
      return true;
    }
    case C.MSR_STAR: c.star = BigInt.asUintN(64, v); return true;
    case C.MSR_LSTAR: c.lstar = n; return true;
    case C.MSR_CSTAR: c.cstar = n; return true;
    case C.MSR_FMASK: c.fmask = Number(v & 0xffffffffn); return true;
    case C.MSR_FS_BASE: c.segBase[C.SEG_FS] = n; return true;
    case C.MSR_GS_BASE: c.segBase[C.SEG_GS] = n; return true;
    case C.MSR_KERNEL_GS_BASE: c.kernelGsBase = n; return true;
    case C.MSR_SYSENTER_CS: c.sysenterCs = Number(v & 0xffffn); return true;
    case C.MSR_SYSENTER_ESP: c.sysenterEsp = n; return true;
    case C.MSR_SYSENTER_EIP: c.sysenterEip = n; return true;
    case C.MSR_TSC_AUX: c.tscAux = Number(v & 0xffffffffn); return true;
    case MSR_IA32_SPEC_CTRL: c.specCtrl = Number(v & 0x7n); return true; // IBRS, STIBP, SSBD: no speculation is modelled, only the write's cost
    default: return false;
  }
}

const ACC = 0, CX = 1, DX = 2;
const TWO32 = 4294967296;

/** RDMSR: ECX names the MSR, EDX:EAX receive it; a read of the x2APIC range exits to the hypervisor on a virtualised profile. */
function rdmsr(c: CpuCore): void {
  privileged(c, 'rdmsr');
  const idx = c.regLo[CX]! >>> 0;
  const v = rdmsrValue(c, idx);
  if (v === null) throw new GuestFault(C.VEC_GP, 0, `rdmsr of unknown MSR ${hex(idx)}`);
  if (idx >= 0x800 && idx <= 0x8ff && c.profile.virtualised) c.cycles += c.costs['vmExit'] ?? 0;
  c.setR(ACC, 4, Number(v & 0xffffffffn), 0); c.setR(DX, 4, Number(v >> 32n), 0);
}

function wrmsr(c: CpuCore): void {
  privileged(c, 'wrmsr');
  const idx = c.regLo[CX]! >>> 0;
  const v = (BigInt(c.regLo[DX]! >>> 0) << 32n) | BigInt(c.regLo[ACC]! >>> 0);
  if (!wrmsrValue(c, idx, v)) throw new GuestFault(C.VEC_GP, 0, `wrmsr to unknown MSR ${hex(idx)}`);
}

/** RDTSC RDTSCP: the modelled cycle counter (CR4.TSD makes it privileged); RDTSCP adds TSC_AUX in ECX. */
function rdtsc(c: CpuCore, d: DecodedInsn): void {
  if ((c.cr4 & 4) && c.cpl !== 0) throw new GuestFault(C.VEC_GP, 0, 'rdtsc with CR4.TSD at CPL 3');
  const t = Math.floor(c.cycles);
  c.setR(ACC, 4, t >>> 0, 0); c.setR(DX, 4, Math.floor(t / TWO32) >>> 0, 0);
  if (d.op === Op.RDTSCP) c.setR(CX, 4, c.tscAux >>> 0, 0);
}

/** SWAPGS: exchange GS.base with KERNEL_GS_BASE (64-bit mode, CPL 0). */
function swapgs(c: CpuCore): void {
  if (c.bits !== 64) throw new GuestFault(C.VEC_UD, -1, 'swapgs outside 64-bit mode');
  privileged(c, 'swapgs');
  const g = c.segBase[C.SEG_GS]!;
  c.segBase[C.SEG_GS] = c.kernelGsBase; c.kernelGsBase = g;
}

// RDTSC reads the cycle counter, which a block settles only when it leaves: never compiled.
const row = { jit: false, flagsRead: 0, flagsWritten: 0 } as const;

export const MSR_ROWS: CoreRows = {
  SWAPGS: { ...row, mnemonics: [Mnemonic.Swapgs], handler: swapgs, cls: 'swapgs' },
  RDMSR: { ...row, mnemonics: [Mnemonic.Rdmsr], handler: rdmsr, cls: 'rdmsr' },
  WRMSR: { ...row, mnemonics: [Mnemonic.Wrmsr], handler: wrmsr, cls: 'wrmsr' },
  RDTSC: { ...row, mnemonics: [Mnemonic.Rdtsc], handler: rdtsc, cls: 'rdtsc' },
  RDTSCP: { ...row, mnemonics: [Mnemonic.Rdtscp], handler: rdtsc, cls: 'rdtsc' },
};
