// The stack: PUSH POP (and the 32/64-bit register forms exec() runs inline), ENTER LEAVE,
// PUSHA POPA (32-bit code), PUSHF POPF.
import { Mnemonic } from '../../x86/icedModule.js';
import * as C from '../constants.js';
import type { CpuCore } from '../CpuCore.js';
import type { DecodedInsn } from '../decodedInsn.js';
import { GuestFault } from '../GuestFault.js';
import { IRET_MASK } from '../system/interrupts.js';
import { ARITH, type CoreRows } from './coreRows.js';

const K_REG = 1, K_MEM = 2;
const TWO32 = 4294967296;

export function push(c: CpuCore, d: DecodedInsn): void {
  const size = d.osz;
  let v: number, vh = 0;
  if (d.k0 === K_REG) { v = c.getR(d.r0, size); vh = c.hi; }
  else if (d.k0 === K_MEM) { v = c.rdMem(c.ea(d), size); vh = c.hi; }
  else { v = d.immLo >>> 0; vh = d.immHi; }
  c.push(v, vh, size);
}

/** POP: a memory destination is addressed with the incremented stack pointer (SDM), which a fault restores. */
export function pop(c: CpuCore, d: DecodedInsn): void {
  const size = d.osz;
  const sp = c.spAddr();
  const v = c.rdMem(sp, size), vh = c.hi;
  c.setSp(c.bits === 64 ? sp + size : (sp + size) >>> 0);
  if (d.k0 === K_REG) c.setR(d.r0, size, v, vh);
  else {
    try { c.wrMem(c.ea(d), size, v, vh); } catch (e) { c.setSp(sp); throw e; }
  }
}

function leave(c: CpuCore, d: DecodedInsn): void {
  const size = d.osz;
  const bp = c.bits === 64 ? c.reg64(5) : c.regLo[5]! >>> 0;
  const v = c.rdMem(bp, size), vh = c.hi;
  c.setSp(c.bits === 64 ? bp + size : (bp + size) >>> 0);
  c.setR(5, size, v, vh);
}

function enter(c: CpuCore, d: DecodedInsn): void {
  const size = d.osz;
  const alloc = d.immLo & 0xffff, level = d.imm2 & 31;
  const bp = c.getR(5, size), bph = c.hi;
  c.push(bp, bph, size);
  const frame = c.spAddr();
  let cur = c.bits === 64 ? c.reg64(5) : c.regLo[5]! >>> 0;
  for (let i = 1; i < level; i++) { cur -= size; const v = c.rdMem(cur, size); c.push(v, c.hi, size); }
  if (level > 0) c.push(frame >>> 0, Math.floor(frame / TWO32) | 0, size);
  c.setR(5, size, frame >>> 0, Math.floor(frame / TWO32) | 0);
  c.setSp(c.bits === 64 ? c.spAddr() - alloc : (c.spAddr() - alloc) >>> 0);
}

function pusha(c: CpuCore, d: DecodedInsn): void {
  if (c.bits === 64) throw new GuestFault(C.VEC_UD, -1, 'pusha in 64-bit mode');
  const size = d.osz;
  const sp0 = c.regLo[4]!;
  let a = c.spAddr();
  for (let r = 0; r < 8; r++) { a = (a - size) >>> 0; c.wrMem(a, size, (r === 4 ? sp0 : c.regLo[r]!) >>> 0, 0); }
  c.setSp(a);
}

function popa(c: CpuCore, d: DecodedInsn): void {
  if (c.bits === 64) throw new GuestFault(C.VEC_UD, -1, 'popa in 64-bit mode');
  const size = d.osz;
  let a = c.spAddr();
  const vals: number[] = [];
  for (let i = 0; i < 8; i++) { vals.push(c.rdMem(a, size)); a = (a + size) >>> 0; }
  for (let i = 0; i < 8; i++) { const r = 7 - i; if (r !== 4) c.setR(r, size, vals[i]!, 0); }
  c.setSp(a);
}

function pushf(c: CpuCore, d: DecodedInsn): void {
  const size = d.osz;
  const f = c.materializeFlags() & ~(C.FLAG_RF | C.FLAG_VM);
  c.push(size === 2 ? f & 0xffff : f, 0, size);
}

/** POPF: IF changes at CPL <= IOPL, IOPL at CPL 0 only; RF and VM never. */
function popf(c: CpuCore, d: DecodedInsn): void {
  const size = d.osz;
  const v = c.pop(size);
  let mask = IRET_MASK & ~C.FLAG_RF;
  const iopl = (c.flagsRest >> 12) & 3;
  if (c.cpl === 0) mask |= C.FLAG_IF | C.FLAG_IOPL;
  else if (c.cpl <= iopl) mask |= C.FLAG_IF;
  if (size === 2) mask &= 0xffff;
  const old = c.materializeFlags();
  c.storeFlags((old & ~mask) | (v & mask));
}

const M = Mnemonic;
const pushRow = { handler: push, cls: 'store', jit: true, flagsRead: 0, flagsWritten: 0 } as const;
const popRow = { handler: pop, cls: 'load', jit: true, flagsRead: 0, flagsWritten: 0 } as const;

export const STACK_ROWS: CoreRows = {
  PUSH: { ...pushRow, mnemonics: [M.Push] },
  POP: { ...popRow, mnemonics: [M.Pop] },
  PUSH_R8: pushRow, POP_R8: popRow, PUSH_R4: pushRow, POP_R4: popRow,
  LEAVE: { mnemonics: [M.Leave], handler: leave, cls: 'load', jit: true, flagsRead: 0, flagsWritten: 0 },
  ENTER: { mnemonics: [M.Enter], handler: enter, cls: 'callRet', jit: false, flagsRead: 0, flagsWritten: 0 },
  // PUSHA/POPA exist in 32-bit code only and are rare there: interpreted.
  PUSHA: { mnemonics: [M.Pusha, M.Pushad], handler: pusha, cls: 'string', jit: false, flagsRead: 0, flagsWritten: 0 },
  POPA: { mnemonics: [M.Popa, M.Popad], handler: popa, cls: 'string', jit: false, flagsRead: 0, flagsWritten: 0 },
  PUSHF: { mnemonics: [M.Pushf, M.Pushfd, M.Pushfq], handler: pushf, cls: 'flags', jit: true, flagsRead: ARITH, flagsWritten: 0 },
  // POPF may set IF or TF: the run loop must see it, so it stays out of blocks.
  POPF: { mnemonics: [M.Popf, M.Popfd, M.Popfq], handler: popf, cls: 'flags', jit: false, flagsRead: 0, flagsWritten: ARITH },
};
