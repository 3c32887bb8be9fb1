// The CPL 0 check of privileged instructions (#GP(0) elsewhere).
import * as C from '../constants.js';
import type { CpuCore } from '../CpuCore.js';
import { GuestFault } from '../GuestFault.js';

/** Raise #GP(0) unless the CPU runs at CPL 0. */
export function privileged(c: CpuCore, what: string): void {
  if (c.cpl !== 0) throw new GuestFault(C.VEC_GP, 0, `privileged instruction ${what} at CPL ${c.cpl}`);
}
