// Data movement: MOV MOVZX MOVSX(D) LEA XCHG BSWAP CBW/CWDE/CDQE CWD/CDQ/CQO CMOVcc SETcc.
import { Mnemonic } from '../../x86/icedModule.js';
import type { CpuCore } from '../CpuCore.js';
import { Op, type DecodedInsn } from '../decodedInsn.js';
import { SIGN_BIT, SIZE_MASK } from '../flags.js';
import { CONDS, memCls, type CoreRows } from './coreRows.js';

const K_REG = 1, K_MEM = 2;
const TWO32 = 4294967296;
const ACC = 0, DX = 2;
const MOVSX = Op.MOVSX;

export function mov(c: CpuCore, d: DecodedInsn): void {
  const size = d.osz;
  const v = c.src1(d, size), vh = c.hi;
  if (d.k0 === K_REG) c.setR(d.r0, size, v, vh); else c.wrMem(c.ea(d), size, v, vh);
}

/** MOVZX and MOVSX/MOVSXD (a 32-bit source sign-extends into the high half). */
export function movx(c: CpuCore, d: DecodedInsn): void {
  const size = d.osz, ss = d.s1;
  let v = d.k1 === K_REG ? c.getR(d.r1, ss) : c.rdMem(c.ea(d), ss), h = 0;
  if (d.op === MOVSX && ss !== 4 ? (v & SIGN_BIT[ss]!) !== 0 : d.op === MOVSX && (v & 0x80000000) !== 0) {
    if (ss !== 4) v = (v | ~SIZE_MASK[ss]!) >>> 0;
    h = -1;
    if (size < 4) v &= SIZE_MASK[size]!;
  }
  c.setR(d.r0, size, v, size === 8 ? h : 0);
}

/** LEA: the effective address without segment base, truncated to the operand size. */
export function lea(c: CpuCore, d: DecodedInsn): void {
  const size = d.osz;
  if (d.asz === 8) {
    let lo = d.disp >>> 0, hi = Math.floor(d.disp / TWO32) | 0;
    if (d.base >= 0) {
      const s = lo + (c.regLo[d.base]! >>> 0);
      lo = s >>> 0; hi = (hi + c.regHi[d.base]! + (s > 0xffffffff ? 1 : 0)) | 0;
    }
    if (d.index >= 0) {
      const sc = d.scale;
      let xl = c.regLo[d.index]! >>> 0, xh = c.regHi[d.index]!;
      if (sc) { xh = (xh << sc) | (xl >>> (32 - sc)); xl = (xl << sc) >>> 0; }
      const s = lo + xl;
      lo = s >>> 0; hi = (hi + xh + (s > 0xffffffff ? 1 : 0)) | 0;
    }
    c.setR(d.r0, size, size === 2 ? lo & 0xffff : lo, hi);
  } else {
    let a = d.disp;
    if (d.base >= 0) a += c.regLo[d.base]!;
    if (d.index >= 0) a += c.regLo[d.index]! * (1 << d.scale);
    c.setR(d.r0, size, a >>> 0, 0);
  }
}

function xchg(c: CpuCore, d: DecodedInsn): void {
  const size = d.osz;
  if (d.k0 === K_REG && d.k1 === K_REG) {
    const a = c.getR(d.r0, size), ah = c.hi, b = c.getR(d.r1, size), bh = c.hi;
    c.setR(d.r0, size, b, bh); c.setR(d.r1, size, a, ah);
  } else {
    const ea = c.ea(d); c.probeWrite(ea, size);
    const r = d.k0 === K_MEM ? d.r1 : d.r0;
    const m = c.rdMem(ea, size), mh = c.hi, v = c.getR(r, size), vh = c.hi;
    c.wrMem(ea, size, v, vh); c.setR(r, size, m, mh);
  }
}

const swap32 = (x: number): number => (((x & 0xff) << 24) | ((x & 0xff00) << 8) | ((x >>> 8) & 0xff00) | (x >>> 24)) >>> 0;

function bswap(c: CpuCore, d: DecodedInsn): void {
  const size = d.osz;
  const v = c.getR(d.r0, size), h = c.hi;
  if (size === 8) c.setR(d.r0, 8, swap32(h), swap32(v) | 0);
  else if (size === 4) c.setR(d.r0, 4, swap32(v), 0);
  else c.setR(d.r0, 2, 0, 0); // bswap r16 is undefined; Intel and AMD give 0
}

/** CBW CWDE CDQE: sign-extend the accumulator's lower half into it. */
function cbw(c: CpuCore, d: DecodedInsn): void {
  const size = d.osz;
  if (size === 2) { const v = c.regLo[0]! & 0xff; c.setR(ACC, 2, v & 0x80 ? v | 0xff00 : v, 0); }
  else if (size === 4) { const v = c.regLo[0]! & 0xffff; c.setR(ACC, 4, v & 0x8000 ? (v | 0xffff0000) >>> 0 : v, 0); }
  else c.regHi[0] = c.regLo[0]! >> 31;
}

/** CWD CDQ CQO: the accumulator's sign into DX/EDX/RDX. */
function cwd(c: CpuCore, d: DecodedInsn): void {
  const size = d.osz;
  if (size === 2) c.setR(DX, 2, c.regLo[0]! & 0x8000 ? 0xffff : 0, 0);
  else if (size === 4) c.setR(DX, 4, c.regLo[0]! >> 31, 0);
  else { const s = c.regHi[0]! >> 31; c.setR(DX, 8, s, s); }
}

export function cmov(c: CpuCore, d: DecodedInsn): void {
  const size = d.osz;
  const v = c.src1(d, size), h = c.hi;
  if (c.cond(d.cond)) c.setR(d.r0, size, v, h);
  else if (size === 4) c.regHi[d.r0] = 0; // a 32-bit cmov zero-extends even when false
}

export function setcc(c: CpuCore, d: DecodedInsn): void {
  const v = c.cond(d.cond) ? 1 : 0;
  if (d.k0 === K_REG) c.setR(d.r0, 1, v, 0); else c.wr8(c.ea(d), v);
}

const M = Mnemonic;
const plain = { cls: memCls, jit: true, flagsRead: 0, flagsWritten: 0 } as const;
const movForm = { ...plain, handler: mov };

export const MOVE_ROWS: CoreRows = {
  MOV: { ...movForm, mnemonics: [M.Mov] },
  MOVZX: { ...plain, mnemonics: [M.Movzx], handler: movx },
  MOVSX: { ...plain, mnemonics: [M.Movsx, M.Movsxd], handler: movx },
  LEA: { ...plain, mnemonics: [M.Lea], handler: lea },
  XCHG: { ...plain, mnemonics: [M.Xchg], handler: xchg },
  BSWAP: { ...plain, mnemonics: [M.Bswap], handler: bswap },
  CBW: { ...plain, mnemonics: [M.Cbw, M.Cwde, M.Cdqe], handler: cbw },
  CWD: { ...plain, mnemonics: [M.Cwd, M.Cdq, M.Cqo], handler: cwd },
  CMOV: { ...plain, handler: cmov, flagsRead: CONDS, mnemonics: [M.Cmovo, M.Cmovno, M.Cmovb, M.Cmovae, M.Cmove, M.Cmovne,
    M.Cmovbe, M.Cmova, M.Cmovs, M.Cmovns, M.Cmovp, M.Cmovnp, M.Cmovl, M.Cmovge, M.Cmovle, M.Cmovg] },
  SETCC: { ...plain, handler: setcc, flagsRead: CONDS, mnemonics: [M.Seto, M.Setno, M.Setb, M.Setae, M.Sete, M.Setne,
    M.Setbe, M.Seta, M.Sets, M.Setns, M.Setp, M.Setnp, M.Setl, M.Setge, M.Setle, M.Setg] },
  // Forms exec() runs inline (decodeInstruction's specialise).
  MOV_RR4: movForm, MOV_RR8: movForm, MOV_RI4: movForm, MOV_RI8: movForm,
  MOV_RM4: movForm, MOV_RM8: movForm, MOV_MR4: movForm, MOV_MR8: movForm,
};
