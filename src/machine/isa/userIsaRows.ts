// User-mode instructions outside the core integer set that Linux programs execute.
import { Mnemonic } from '../../x86/icedModule.js';
import type { OpRow } from './opRow.js';
import { BCD_ROWS } from './bcd.js';
import { BIT_MANIPULATION_ROWS } from './bitManipulation.js';
import { BYTE_ORDER_AND_CAS_ROWS } from './byteOrderAndCas.js';
import { DESCRIPTOR_QUERY_ROWS } from './descriptorQueries.js';
import { EXTENDED_CONTROL_ROWS } from './extendedControl.js';
import { FAR_BRANCH_ROWS } from './farBranches.js';
import { LEGACY_LOAD_ROWS } from './legacyLoads.js';
import { SOFTWARE_EXCEPTION_ROWS } from './softwareExceptions.js';
import { USER_SYSTEM_ROWS } from './userSystem.js';

// ENDBR64/ENDBR32 mark indirect-branch targets for CET; a CPU without CET IBT runs them as NOPs.
const nop = (): void => {};
// The hint-NOP space 0F 18-0F 1F (SDM Vol.2 NOP; Table A-3): encodings that a CPU without their
// feature runs as NOPs, never touching the memory operand. RDSSP without an active shadow stack
// leaves its register alone: libgcc's unwinder runs `xor %eax,%eax; rdsspq %rax` on every throw.
// 0F 0D: AMD's PREFETCH/PREFETCHW, every ModRM.reg a prefetch (the Zen 4 host runs /0-/7 alike),
// with CPUID's 3DNowPrefetch (PRFCHW on Intel); no cache is modelled, so no memory is touched.
const PREFETCH_0F0D = [Mnemonic.Prefetch, Mnemonic.Prefetchw, Mnemonic.Prefetchwt1];
const HINT_NOPS = [Mnemonic.Reservednop, Mnemonic.Cldemote, Mnemonic.Prefetchit0, Mnemonic.Prefetchit1, Mnemonic.Rdsspd, Mnemonic.Rdsspq];

export const USER_ISA_ROWS: readonly OpRow[] = [
  { name: 'ENDBR64', mnemonics: [Mnemonic.Endbr64], handler: nop, cls: 'alu', jit: true, flagsRead: 0, flagsWritten: 0 },
  { name: 'ENDBR32', mnemonics: [Mnemonic.Endbr32], handler: nop, cls: 'alu', jit: true, flagsRead: 0, flagsWritten: 0 },
  { name: 'HINT_NOP', mnemonics: HINT_NOPS, handler: nop, cls: 'alu', jit: true, flagsRead: 0, flagsWritten: 0 },
  { name: 'PREFETCH/PREFETCHW', mnemonics: PREFETCH_0F0D, handler: nop, cls: 'load', jit: true, flagsRead: 0, flagsWritten: 0, feature: '3dnowprefetch' },
  ...LEGACY_LOAD_ROWS,
  ...BIT_MANIPULATION_ROWS,
  ...BYTE_ORDER_AND_CAS_ROWS,
  ...USER_SYSTEM_ROWS,
  ...SOFTWARE_EXCEPTION_ROWS,
  ...BCD_ROWS,
  ...DESCRIPTOR_QUERY_ROWS,
  ...EXTENDED_CONTROL_ROWS,
  ...FAR_BRANCH_ROWS,
];
