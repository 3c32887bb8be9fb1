// XGETBV and XSETBV: the extended control register XCR0, the state components the OS enabled for
// XSAVE. glibc and musl read it (after CPUID.1:ECX.OSXSAVE) to decide whether AVX state is usable;
// this CPU supports x87 and SSE state only (cpuidLeaves.ts XCR0_SUPPORTED), so XCR0 never
// announces more than the CPU runs.
import * as C from '../constants.js';
import type { CpuCore } from '../CpuCore.js';
import type { DecodedInsn } from '../decodedInsn.js';
import { GuestFault } from '../GuestFault.js';
import { XCR0_SUPPORTED } from '../system/cpuidLeaves.js';
import type { OpRow } from './opRow.js';
import { Mnemonic } from '../../x86/icedModule.js';

const CR4_OSXSAVE = 1 << 18;
const ACC = 0, CX = 1, DX = 2;

function needOsxsave(c: CpuCore, what: string): void {
  if (!(c.cr4 & CR4_OSXSAVE)) throw new GuestFault(C.VEC_UD, -1, `${what} with CR4.OSXSAVE clear`);
}

/** XGETBV: EDX:EAX = XCR[ECX]; only XCR0 exists (ECX=1 needs XGETBV1, which CPUID does not announce). */
function xgetbv(c: CpuCore, _d: DecodedInsn): void {
  needOsxsave(c, 'xgetbv');
  const n = c.regLo[CX]! >>> 0;
  if (n !== 0) throw new GuestFault(C.VEC_GP, 0, `xgetbv of XCR${n}, which this CPU lacks`);
  c.setR(ACC, 4, c.xcr0 >>> 0, 0);
  c.setR(DX, 4, 0, 0);
}

/** XSETBV (CPL 0): XCR0 = EDX:EAX; x87 must stay enabled and only supported components may be set. */
function xsetbv(c: CpuCore, _d: DecodedInsn): void {
  needOsxsave(c, 'xsetbv');
  if (c.cpl !== 0) throw new GuestFault(C.VEC_GP, 0, `xsetbv at CPL ${c.cpl}`);
  const n = c.regLo[CX]! >>> 0, lo = c.regLo[ACC]! >>> 0, hi = c.regLo[DX]! >>> 0;
  if (n !== 0) throw new GuestFault(C.VEC_GP, 0, `xsetbv of XCR${n}, which this CPU lacks`);
  if (hi !== 0 || (lo & ~XCR0_SUPPORTED) !== 0 || !(lo & 1)) throw new GuestFault(C.VEC_GP, 0, `xsetbv of XCR0 = 0x${lo.toString(16)} (supported: x87|SSE, x87 always set)`);
  c.xcr0 = lo;
}

export const EXTENDED_CONTROL_ROWS: readonly OpRow[] = [
  { name: 'XGETBV', mnemonics: [Mnemonic.Xgetbv], handler: xgetbv, cls: 'movCr', jit: false, flagsRead: 0, flagsWritten: 0, feature: 'xsave' },
  { name: 'XSETBV', mnemonics: [Mnemonic.Xsetbv], handler: xsetbv, cls: 'movCr', jit: false, flagsRead: 0, flagsWritten: 0, feature: 'xsave' },
];
