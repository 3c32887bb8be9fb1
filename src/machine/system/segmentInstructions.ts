// The instructions of segmentation: MOV to/from a segment register, PUSH/POP of one, and the
// descriptor-table registers (LGDT LIDT SGDT SIDT LLDT LTR STR; SGDT/SIDT/STR obey CR4.UMIP).
import { Mnemonic } from '../../x86/icedModule.js';
import * as C from '../constants.js';
import type { CpuCore } from '../CpuCore.js';
import { Op, type DecodedInsn } from '../decodedInsn.js';
import { GuestFault } from '../GuestFault.js';
import type { CoreRows } from '../isa/coreRows.js';
import { hex } from '../memory.js';
import { loadSegment, loadTaskRegister } from './descriptors.js';
import { privileged } from './privileged.js';

const K_REG = 1;
const TWO32 = 4294967296;
const CR4_UMIP = 1 << 11;

function movToSeg(c: CpuCore, d: DecodedInsn): void {
  if (d.r0 === C.SEG_CS) throw new GuestFault(C.VEC_UD, -1, 'mov to %cs');
  const sel = d.k1 === K_REG ? c.getR(d.r1, 2) : c.rd16(c.ea(d));
  loadSegment(c, d.r0, sel, false);
}

function movFromSeg(c: CpuCore, d: DecodedInsn): void {
  const sel = c.segSel[d.r1]! & 0xffff;
  if (d.k0 === K_REG) c.setR(d.r0, d.s0, sel, 0); else c.wr16(c.ea(d), sel);
}

function pushSeg(c: CpuCore, d: DecodedInsn): void { c.push(c.segSel[d.r0]! & 0xffff, 0, d.osz); }

function popSeg(c: CpuCore, d: DecodedInsn): void {
  const size = d.osz;
  const sp = c.spAddr();
  const sel = c.rdMem(sp, size) & 0xffff;
  loadSegment(c, d.r0, sel, false);
  c.setSp(c.bits === 64 ? sp + size : (sp + size) >>> 0);
}

function lgdtLidt(c: CpuCore, d: DecodedInsn): void {
  const gdt = d.op === Op.LGDT;
  privileged(c, gdt ? 'lgdt' : 'lidt');
  const ea = c.ea(d);
  const limit = c.rd16(ea);
  let base: number;
  if (c.bits === 64) { const lo = c.rd64(ea + 2); base = c.hi * TWO32 + lo; } else base = c.rd32(ea + 2);
  if (gdt) { c.gdtBase = base; c.gdtLimit = limit; } else { c.idtBase = base; c.idtLimit = limit; }
}

function sgdtSidt(c: CpuCore, d: DecodedInsn): void {
  if ((c.cr4 & CR4_UMIP) && c.cpl > 0) throw new GuestFault(C.VEC_GP, 0, 'sgdt/sidt with CR4.UMIP at CPL 3');
  const ea = c.ea(d);
  const gdt = d.op === Op.SGDT;
  const base = gdt ? c.gdtBase : c.idtBase, limit = gdt ? c.gdtLimit : c.idtLimit;
  c.probeWrite(ea, c.bits === 64 ? 10 : 6);
  c.wr16(ea, limit);
  if (c.bits === 64) c.wr64(ea + 2, base >>> 0, Math.floor(base / TWO32) | 0); else c.wr32(ea + 2, base >>> 0);
}

function ltr(c: CpuCore, d: DecodedInsn): void {
  privileged(c, 'ltr');
  const sel = d.k0 === K_REG ? c.getR(d.r0, 2) : c.rd16(c.ea(d));
  const err = loadTaskRegister(c, sel);
  if (err) throw new GuestFault(C.VEC_GP, sel & ~3, `ltr ${hex(sel)}: ${err}`);
}

function lldt(c: CpuCore, d: DecodedInsn): void {
  privileged(c, 'lldt');
  const sel = d.k0 === K_REG ? c.getR(d.r0, 2) : c.rd16(c.ea(d));
  if ((sel & ~3) !== 0) throw new GuestFault(C.VEC_GP, sel & ~3, 'lldt: local descriptor tables are not modelled (only a null selector)');
  c.ldtSel = 0;
}

function str(c: CpuCore, d: DecodedInsn): void {
  if ((c.cr4 & CR4_UMIP) && c.cpl > 0) throw new GuestFault(C.VEC_GP, 0, 'str with CR4.UMIP at CPL 3');
  if (d.k0 === K_REG) c.setR(d.r0, d.s0, c.trSel & 0xffff, 0); else c.wr16(c.ea(d), c.trSel & 0xffff);
}

const M = Mnemonic;
const row = { jit: false, flagsRead: 0, flagsWritten: 0 } as const;

// The segment-register forms of MOV, PUSH and POP are picked by the decoder from the operand.
export const SEGMENT_ROWS: CoreRows = {
  MOV_TO_SEG: { ...row, handler: movToSeg, cls: 'segLoad' },
  MOV_FROM_SEG: { ...row, handler: movFromSeg, cls: (d) => d.k0 === 2 ? 'store' : 'alu' },
  PUSH_SEG: { ...row, handler: pushSeg, cls: 'store' },
  POP_SEG: { ...row, handler: popSeg, cls: 'load' },
  LGDT: { ...row, mnemonics: [M.Lgdt], handler: lgdtLidt, cls: 'movCr' },
  LIDT: { ...row, mnemonics: [M.Lidt], handler: lgdtLidt, cls: 'movCr' },
  LTR: { ...row, mnemonics: [M.Ltr], handler: ltr, cls: 'movCr' },
  LLDT: { ...row, mnemonics: [M.Lldt], handler: lldt, cls: 'movCr' },
  SGDT: { ...row, mnemonics: [M.Sgdt], handler: sgdtSidt, cls: 'store' },
  SIDT: { ...row, mnemonics: [M.Sidt], handler: sgdtSidt, cls: 'store' },
  STR: { ...row, mnemonics: [M.Str], handler: str, cls: 'store' },
};
