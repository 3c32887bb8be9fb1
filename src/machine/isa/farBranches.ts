// Far JMP, CALL and RET (EA/9A ptr16:16/32, FF /5 and FF /3 m16:16/32/64, CB/CA): a new CS from a
// GDT code segment at the same privilege, so a process can switch between the 32- and 64-bit code
// segments Linux gives it (`ljmp $0x33, ...` from 32-bit code enters 64-bit mode). Far transfers
// through call gates or to a TSS (task switches), and RETF to an outer privilege, are not
// modelled: a gate or TSS selector is #GP(selector), an outer-privilege RETF is "not emulated".
import * as C from '../constants.js';
import type { CpuCore } from '../CpuCore.js';
import { K_IMM, type DecodedInsn } from '../decodedInsn.js';
import { GuestFault } from '../GuestFault.js';
import { hex } from '../memory.js';
import { readDesc, setSegCache, type Desc } from '../system/descriptors.js';
import { record } from '../system/transferRecord.js';
import type { OpRow } from './opRow.js';
import { Code, Mnemonic } from '../../x86/icedModule.js';

const TWO32 = 4294967296;
const CANON = 140737488355328; // 2^47

/** The code segment a far transfer to `sel` loads, checked as the SDM's JMP/CALL/RET far do (same privilege). */
function targetSegment(c: CpuCore, sel: number, offset: number, rpl: number, what: string): Desc {
  const err = sel & 0xfffc;
  if (err === 0) throw new GuestFault(C.VEC_GP, 0, `${what} to a null selector`);
  const desc = readDesc(c, sel);
  if (!desc) throw new GuestFault(C.VEC_GP, err, `${what}: selector ${hex(sel)} beyond the GDT limit (or in an LDT, which is not modelled)`);
  const type = desc.attr & 0xf;
  if (!(desc.attr & 0x10)) throw new GuestFault(C.VEC_GP, err, `${what} through system descriptor ${hex(sel)} (call gates and task switches are not modelled)`);
  if (!(type & 0x8)) throw new GuestFault(C.VEC_GP, err, `${what}: selector ${hex(sel)} is not a code segment`);
  if (type & 0x4) {
    if (desc.dpl > rpl) throw new GuestFault(C.VEC_GP, err, `${what}: conforming segment ${hex(sel)} DPL ${desc.dpl} > ${rpl}`);
  } else if (desc.dpl !== rpl || (sel & 3) > rpl) throw new GuestFault(C.VEC_GP, err, `${what}: segment ${hex(sel)} DPL ${desc.dpl} / RPL ${sel & 3} at privilege ${rpl}`);
  if (!(desc.attr & 0x80)) throw new GuestFault(C.VEC_NP, err, `${what}: segment ${hex(sel)} not present`);
  const long = (c.efer & C.EFER_LMA) !== 0 && (desc.attr & 0x2000) !== 0;
  if (long && (desc.attr & 0x4000)) throw new GuestFault(C.VEC_GP, err, `${what}: segment ${hex(sel)} has both L and D set`);
  if (long ? offset >= CANON || offset < -CANON : offset > desc.limit) throw new GuestFault(C.VEC_GP, 0, `${what}: offset ${hex(offset)} outside segment ${hex(sel)}`);
  return desc;
}

function loadCs(c: CpuCore, sel: number, desc: Desc, offset: number, what: string, fromRip: number): void {
  const fromCpl = c.cpl, fromBits = c.bits;
  setSegCache(c, C.SEG_CS, (sel & 0xfffc) | c.cpl, desc.base, desc.limit, desc.attr);
  c.updateBits();
  c.rip = offset;
  const bits = c.bits, cs = c.segSel[C.SEG_CS]!;
  record(c, 'far', fromCpl, fromBits, fromRip, () => `${what}: CS <- ${hex(cs)} (${bits}-bit code), RIP <- ${hex(offset)}`);
}

/** The far pointer operand: offset (by size, the high half of a 64-bit one too) and selector. */
function farPointer(c: CpuCore, d: DecodedInsn): { offset: number; sel: number; size: number } {
  if (d.k0 === K_IMM) return { offset: d.target >>> 0, sel: d.immLo & 0xffff, size: d.s0 };
  const ea = c.ea(d);
  // m16:64 exists on Intel only: AMD ignores REX.W here and reads m16:32.
  let size = d.s0 - 2;
  if (size === 8 && c.profile.vendor === 'amd') size = 4;
  let offset: number;
  if (size === 8) { const lo = c.rd64(ea); offset = c.hi * TWO32 + lo; } else offset = size === 4 ? c.rd32(ea) : c.rd16(ea);
  return { offset, sel: c.rd16(ea + size), size };
}

function jmpFar(c: CpuCore, d: DecodedInsn): void {
  const from = c.rip - d.len;
  const { offset, sel } = farPointer(c, d);
  const desc = targetSegment(c, sel, offset, c.cpl, 'jmp far');
  loadCs(c, sel, desc, offset, 'JMP far', from);
}

/** CALL far: push CS then the return offset (slots of the operand size), then load CS:offset. */
function callFar(c: CpuCore, d: DecodedInsn): void {
  const next = c.rip, from = next - d.len;
  const { offset, sel, size } = farPointer(c, d);
  const desc = targetSegment(c, sel, offset, c.cpl, 'call far');
  const sp = c.spAddr();
  const a = c.bits === 64 ? sp - 2 * size : (sp - 2 * size) >>> 0;
  c.probeWrite(a, 2 * size);
  c.wrMem(a + size, size, c.segSel[C.SEG_CS]! & 0xffff, 0);
  c.wrMem(a, size, next >>> 0, size === 8 ? Math.floor(next / TWO32) | 0 : 0);
  c.setSp(a);
  loadCs(c, sel, desc, offset, 'CALL far', from);
}

const RETF_SLOT: Record<number, number> = {
  [Code.Retfw]: 2, [Code.Retfw_imm16]: 2, [Code.Retfd]: 4, [Code.Retfd_imm16]: 4, [Code.Retfq]: 8, [Code.Retfq_imm16]: 8,
};

/** RETF [imm16]: pop the offset and CS, check CS at its RPL (same privilege only), release imm16 bytes. */
function retFar(c: CpuCore, d: DecodedInsn): void {
  const from = c.rip - d.len;
  const slot = RETF_SLOT[d.code] ?? 4;
  const sp = c.spAddr();
  const lo = c.rdMem(sp, slot), hi = c.hi;
  const offset = slot === 8 ? hi * TWO32 + lo : lo;
  const sel = c.rdMem(c.bits === 64 ? sp + slot : (sp + slot) >>> 0, slot) & 0xffff;
  const rpl = sel & 3;
  if (rpl < c.cpl) throw new GuestFault(C.VEC_GP, sel & 0xfffc, `retf to selector ${hex(sel)} with RPL ${rpl} < CPL ${c.cpl}`);
  if (rpl > c.cpl) throw new GuestFault(C.VEC_UD, -1, `not emulated: retf to an outer privilege level (CPL ${c.cpl} -> ${rpl})`, 0, true);
  const desc = targetSegment(c, sel, offset, rpl, 'retf');
  const release = 2 * slot + (d.k0 === K_IMM ? d.immLo & 0xffff : 0);
  c.setSp(c.bits === 64 ? sp + release : (sp + release) >>> 0);
  loadCs(c, sel, desc, offset, 'RETF', from);
}

const far = (name: string, codes: Code[], handler: OpRow['handler'], cls: OpRow['cls']): OpRow =>
  ({ name, codes, handler, cls, jit: false, flagsRead: 0, flagsWritten: 0 });

export const FAR_BRANCH_ROWS: readonly OpRow[] = [
  far('JMP far', [Code.Jmp_ptr1616, Code.Jmp_ptr1632, Code.Jmp_m1616, Code.Jmp_m1632, Code.Jmp_m1664], jmpFar, 'segLoad'),
  far('CALL far', [Code.Call_ptr1616, Code.Call_ptr1632, Code.Call_m1616, Code.Call_m1632, Code.Call_m1664], callFar, 'segLoad'),
  { ...far('RETF', [], retFar, 'segLoad'), mnemonics: [Mnemonic.Retf] },
];
