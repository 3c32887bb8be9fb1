// Instructions that raise an exception by design: INT1/ICEBP (#DB trap), INTO (#OF when OF=1),
// BOUND (#BR when the index is out of bounds), UD0/UD1 (#UD); INTO and BOUND exist in 32-bit code only.
import * as C from '../constants.js';
import type { CpuCore } from '../CpuCore.js';
import type { DecodedInsn } from '../decodedInsn.js';
import { GuestFault } from '../GuestFault.js';
import { numberToAddr } from '../memory.js';
import { deliverEvent, raiseException } from '../system/interrupts.js';
import type { OpRow } from './opRow.js';
import { Code, Mnemonic } from '../../x86/icedModule.js';

const VEC_OF = 4, VEC_BR = 5;

/**
 * INT1 (F1, ICEBP): a #DB trap, so the saved RIP is the next instruction (cpu.rip already), and
 * delivered as an exception: no gate DPL check, unlike INT n. DR6 is not modelled.
 */
function int1(c: CpuCore): void {
  raiseException(c, new GuestFault(C.VEC_DB, -1, 'int1 (icebp) debug trap'));
}

/** INTO: INT 4 when OF is set, with the gate DPL check of a software interrupt. */
function into(c: CpuCore): void {
  if (!(c.materializeFlags() & C.FLAG_OF)) return;
  c.lastException = { vector: VEC_OF, name: '#OF', rip: numberToAddr(c.rip), reason: 'into with OF set (overflow trap)', notEmulated: false };
  deliverEvent(c, VEC_OF, 'int', -1, c.rip);
}

function ud01(_c: CpuCore, d: DecodedInsn): void {
  throw new GuestFault(C.VEC_UD, -1, (Code[d.code] ?? '').startsWith('Ud0') ? 'ud0' : 'ud1');
}

/** BOUND r, m16&16 / m32&32: #BR (a fault) unless lower <= index <= upper, compared signed. */
function bound(c: CpuCore, d: DecodedInsn): void {
  const size = d.osz;
  const ea = c.ea(d);
  const sx = (v: number): number => (size === 2 ? (v << 16) >> 16 : v | 0);
  const lower = sx(c.rdMem(ea, size)), upper = sx(c.rdMem(c.bits === 64 ? ea + size : (ea + size) >>> 0, size));
  const index = sx(c.getR(d.r0, size));
  if (index < lower || index > upper) throw new GuestFault(VEC_BR, -1, `bound: index ${index} outside [${lower}, ${upper}]`);
}

export const SOFTWARE_EXCEPTION_ROWS: readonly OpRow[] = [
  { name: 'INT1', mnemonics: [Mnemonic.Int1], handler: int1, cls: 'intGate', jit: false, flagsRead: 0, flagsWritten: 0 },
  { name: 'INTO', mnemonics: [Mnemonic.Into], handler: into, cls: 'intGate', jit: false, flagsRead: C.FLAG_OF, flagsWritten: 0 },
  { name: 'BOUND', mnemonics: [Mnemonic.Bound], handler: bound, cls: 'load', jit: false, flagsRead: 0, flagsWritten: 0 },
  // UD0 and UD1 (like UD2) exist to raise #UD; sanitizers and kernels use them as traps.
  { name: 'UD0/UD1', mnemonics: [Mnemonic.Ud0, Mnemonic.Ud1], handler: ud01, cls: 'alu', jit: false, flagsRead: 0, flagsWritten: 0 },
];
