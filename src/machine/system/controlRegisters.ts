// Control registers: CR0 (paging, long-mode activation), CR2, CR3 (the address space), CR4.
import * as C from '../constants.js';
import type { CpuCore } from '../CpuCore.js';
import { GuestFault } from '../GuestFault.js';
import { AddressSpace } from '../memory.js';
import type { DecodedInsn } from '../decodedInsn.js';
import type { CoreRows } from '../isa/coreRows.js';
import { privileged } from './privileged.js';

export function writeCr(c: CpuCore, n: number, v: number): void {
  switch (n) {
    case 0:
      c.cr0 = v | 0;
      if ((c.cr0 & C.CR0_PG) && (c.efer & C.EFER_LME)) c.efer |= C.EFER_LMA; else c.efer &= ~C.EFER_LMA;
      c.updateBits(); c.flushTlbs();
      return;
    case 2: c.cr2 = v; return;
    case 3: {
      const k = v;
      c.cr3 = k;
      let s = c.spaces.get(k);
      if (!s) { s = new AddressSpace(k); c.spaces.set(k, s); }
      c.space = s;
      c.flushTlbs();
      return;
    }
    case 4: c.cr4 = v | 0; c.flushTlbs(); return;
    default: throw new GuestFault(C.VEC_UD, -1, `mov to cr${n}`);
  }
}

const TWO32 = 4294967296;

function movToCr(c: CpuCore, d: DecodedInsn): void {
  privileged(c, 'mov to cr');
  const size = d.osz;
  const v = c.getR(d.r1, size), h = c.hi;
  // A CR3 write costs more than other control registers (the profile prices the TLB flush).
  if (d.r0 === 3) c.cycles += (c.costs['movCr3'] ?? 0) - (c.costs['movCr'] ?? 0);
  writeCr(c, d.r0, size === 8 ? h * TWO32 + v : v);
}

function movFromCr(c: CpuCore, d: DecodedInsn): void {
  privileged(c, 'mov from cr');
  const n = d.r1;
  const v = n === 0 ? c.cr0 >>> 0 : n === 2 ? c.cr2 : n === 3 ? c.cr3 : n === 4 ? c.cr4 >>> 0 : -1;
  if (v === -1) throw new GuestFault(C.VEC_UD, -1, `mov from cr${n}`);
  c.setR(d.r0, d.osz, v >>> 0, Math.floor(v / TWO32) | 0);
}

// MOV to and from a control register is MOV's mnemonic: the decoder picks these from the operand.
export const CONTROL_REGISTER_ROWS: CoreRows = {
  MOV_TO_CR: { handler: movToCr, cls: 'movCr', jit: false, flagsRead: 0, flagsWritten: 0 },
  MOV_FROM_CR: { handler: movFromCr, cls: 'movCr', jit: false, flagsRead: 0, flagsWritten: 0 },
};
