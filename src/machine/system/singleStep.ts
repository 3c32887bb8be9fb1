// The trap flag: an instruction that starts with RFLAGS.TF set is followed by a #DB trap (saved RIP
// = the next instruction, DR6.BS set), as the SDM's single-step condition says. Not after an
// instruction that sets TF (POPF, IRET, SYSRET: TF was clear when it started), nor after one that
// faulted or delivered an event through the IDT (INT n, INT3, INTO, INT1: the delivery clears TF),
// nor after a SYSCALL whose FMASK cleared TF (Linux's FMASK does). SYSENTER keeps TF, so the trap
// comes at the kernel's entry point, as Linux's entry code expects. MOV SS/POP SS suppression and
// per-iteration traps in REP string instructions are not modelled.
import * as C from '../constants.js';
import type { CpuCore } from '../CpuCore.js';
import { GuestFault } from '../GuestFault.js';
import { raiseException } from './interrupts.js';

/** DR6.BS: the debug exception came from single-stepping. */
export const DR6_BS = 1 << 14;

/** Deliver the single-step trap after an instruction that started with TF set and completed. */
export function singleStepTrap(c: CpuCore): void {
  const t = c.transfer;
  if (t !== null && (t.cause === 'int' || t.cause === 'exception' || t.cause === 'interrupt')) return;
  if (t !== null && t.cause === 'syscall' && !(c.flagsRest & C.FLAG_TF)) return;
  c.dr6 = (c.dr6 | DR6_BS) >>> 0;
  raiseException(c, new GuestFault(C.VEC_DB, -1, 'single-step trap (RFLAGS.TF)'));
}
