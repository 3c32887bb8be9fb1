// CPUID: the leaves of the profile's CPU model and feature list (cpuidLeaves.ts).
import { Mnemonic } from '../../x86/icedModule.js';
import type { CpuCore } from '../CpuCore.js';
import type { CoreRows } from '../isa/coreRows.js';
import { cpuidLeaf } from './cpuidLeaves.js';

function cpuid(c: CpuCore): void {
  const [a, b, cx, dx] = cpuidLeaf(c.profile, c.features, c.regLo[0]! >>> 0, c.regLo[1]! >>> 0, c.cr4);
  c.setR(0, 4, a, 0); c.setR(3, 4, b, 0); c.setR(1, 4, cx, 0); c.setR(2, 4, dx, 0);
}

export const CPUID_ROWS: CoreRows = {
  CPUID: { mnemonics: [Mnemonic.Cpuid], handler: cpuid, cls: 'cpuid', jit: false, flagsRead: 0, flagsWritten: 0 },
};
