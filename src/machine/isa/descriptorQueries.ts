// LAR, LSL, VERR, VERW: user-mode questions about a selector's GDT descriptor. They never fault on
// a bad selector (ZF=0 says "not accessible"), read the descriptor as the CPU does (implicitly
// supervisor) and check it against CPL and RPL. LDT selectors answer ZF=0: LDTs are not modelled.
import * as C from '../constants.js';
import type { CpuCore } from '../CpuCore.js';
import { K_REG, type DecodedInsn } from '../decodedInsn.js';
import { readDesc, type Desc } from '../system/descriptors.js';
import type { OpRow } from './opRow.js';
import { Mnemonic } from '../../x86/icedModule.js';

// System descriptor types each instruction accepts (SDM LAR/LSL tables), legacy and IA-32e mode.
const LAR_LEGACY = new Set([0x1, 0x2, 0x3, 0x4, 0x5, 0x9, 0xb, 0xc]);
const LAR_LONG = new Set([0x2, 0x9, 0xb, 0xc]);
const LSL_LEGACY = new Set([0x1, 0x2, 0x3, 0x9, 0xb]);
const LSL_LONG = new Set([0x2, 0x9, 0xb]);

/** The selector operand (operand 1 for LAR/LSL, operand 0 for VERR/VERW): 16 bits of a register or memory. */
function selectorOf(c: CpuCore, d: DecodedInsn, i: 0 | 1): number {
  const k = i === 0 ? d.k0 : d.k1;
  if (k === K_REG) return c.getR(i === 0 ? d.r0 : d.r1, 2);
  return c.rd16(c.ea(d));
}

/** The descriptor of a selector that passes the privilege check for `accepts`, or null (ZF=0). */
function visible(c: CpuCore, sel: number, system: ReadonlySet<number> | null): Desc | null {
  if ((sel & ~3) === 0) return null;
  const desc = readDesc(c, sel);
  if (!desc) return null;
  const type = desc.attr & 0xf;
  if (!(desc.attr & 0x10)) return system !== null && system.has(type) ? privilegeOk(c, sel, desc) : null;
  // Conforming code segments skip the DPL check.
  if ((type & 0xc) === 0xc) return desc;
  return privilegeOk(c, sel, desc);
}

function privilegeOk(c: CpuCore, sel: number, desc: Desc): Desc | null {
  return desc.dpl < c.cpl || desc.dpl < (sel & 3) ? null : desc;
}

function setZf(c: CpuCore, on: boolean): void {
  const f = c.materializeFlags() & C.ARITH_FLAGS & ~C.FLAG_ZF;
  c.setArith(on ? f | C.FLAG_ZF : f);
}

const longMode = (c: CpuCore): boolean => (c.efer & C.EFER_LMA) !== 0;

/** LAR: the access rights (descriptor bits 23:8 of the high word, the limit bits cleared). */
function lar(c: CpuCore, d: DecodedInsn): void {
  const desc = visible(c, selectorOf(c, d, 1), longMode(c) ? LAR_LONG : LAR_LEGACY);
  if (desc) c.setR(d.r0, d.osz, d.osz === 2 ? desc.hi & 0xff00 : (desc.hi & 0x00f0ff00) >>> 0, 0);
  setZf(c, desc !== null);
}

/** LSL: the segment limit in bytes (scaled by G). */
function lsl(c: CpuCore, d: DecodedInsn): void {
  const desc = visible(c, selectorOf(c, d, 1), longMode(c) ? LSL_LONG : LSL_LEGACY);
  if (desc) c.setR(d.r0, d.osz, d.osz === 2 ? desc.limit & 0xffff : desc.limit >>> 0, 0);
  setZf(c, desc !== null);
}

/** VERR: readable (data, or readable code) at CPL/RPL; VERW: writable data. */
function verify(c: CpuCore, d: DecodedInsn, write: boolean): void {
  const desc = visible(c, selectorOf(c, d, 0), null);
  const type = desc ? desc.attr & 0xf : 0;
  const code = (type & 0x8) !== 0;
  setZf(c, desc !== null && (write ? !code && (type & 0x2) !== 0 : !code || (type & 0x2) !== 0));
}

const cls = 'segLoad';

export const DESCRIPTOR_QUERY_ROWS: readonly OpRow[] = [
  { name: 'LAR', mnemonics: [Mnemonic.Lar], handler: lar, cls, jit: false, flagsRead: 0, flagsWritten: C.FLAG_ZF },
  { name: 'LSL', mnemonics: [Mnemonic.Lsl], handler: lsl, cls, jit: false, flagsRead: 0, flagsWritten: C.FLAG_ZF },
  { name: 'VERR', mnemonics: [Mnemonic.Verr], handler: (c, d) => verify(c, d, false), cls, jit: false, flagsRead: 0, flagsWritten: C.FLAG_ZF },
  { name: 'VERW', mnemonics: [Mnemonic.Verw], handler: (c, d) => verify(c, d, true), cls, jit: false, flagsRead: 0, flagsWritten: C.FLAG_ZF },
];
