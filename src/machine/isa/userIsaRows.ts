// User-mode instructions outside the core integer set that Linux programs execute.
import { Mnemonic } from '../../x86/icedModule.js';
import type { OpRow } from './opRow.js';

// ENDBR64/ENDBR32 mark indirect-branch targets for CET; a CPU without CET IBT runs them as NOPs.
const nop = (): void => {};

export const USER_ISA_ROWS: readonly OpRow[] = [
  { name: 'ENDBR64', mnemonics: [Mnemonic.Endbr64], handler: nop, cls: 'alu', jit: true, flagsRead: 0, flagsWritten: 0 },
  { name: 'ENDBR32', mnemonics: [Mnemonic.Endbr32], handler: nop, cls: 'alu', jit: true, flagsRead: 0, flagsWritten: 0 },
];
