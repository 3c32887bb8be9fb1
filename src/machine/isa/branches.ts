// Near branches: JMP (direct, indirect), Jcc, CALL (direct, indirect), RET (imm16), LOOP LOOPE
// LOOPNE, JCXZ/JECXZ/JRCXZ. Handlers run with cpu.rip at the next instruction (the return address).
import { Mnemonic } from '../../x86/icedModule.js';
import type { CpuCore } from '../CpuCore.js';
import { Op, type DecodedInsn } from '../decodedInsn.js';
import { CONDS, type CoreRows } from './coreRows.js';
import * as C from '../constants.js';

const K_REG = 1, K_IMM = 3;
const TWO32 = 4294967296;
const CX = 1;
const JCXZ = Op.JCXZ, LOOP = Op.LOOP, LOOPE = Op.LOOPE;

export function jmp(c: CpuCore, d: DecodedInsn): void { c.rip = d.target; }

export function jcc(c: CpuCore, d: DecodedInsn): void { if (c.cond(d.cond)) c.rip = d.target; }

export function jmpInd(c: CpuCore, d: DecodedInsn): void {
  const size = d.osz;
  const v = d.k0 === K_REG ? c.getR(d.r0, size) : c.rdMem(c.ea(d), size);
  c.rip = size === 8 ? c.hi * TWO32 + v : v;
}

export function call(c: CpuCore, d: DecodedInsn): void {
  const ss = d.stackSize, next = c.rip;
  c.push(next >>> 0, ss === 8 ? Math.floor(next / TWO32) | 0 : 0, ss);
  c.rip = d.target;
}

export function callInd(c: CpuCore, d: DecodedInsn): void {
  const size = d.osz, next = c.rip;
  const v = d.k0 === K_REG ? c.getR(d.r0, size) : c.rdMem(c.ea(d), size), vh = c.hi;
  c.push(next >>> 0, size === 8 ? Math.floor(next / TWO32) | 0 : 0, size);
  c.rip = size === 8 ? vh * TWO32 + v : v;
}

export function ret(c: CpuCore, d: DecodedInsn): void {
  const lo = c.pop(d.stackSize);
  c.rip = d.stackSize === 8 ? c.hi * TWO32 + lo : lo;
  if (d.k0 === K_IMM) c.setSp(c.bits === 64 ? c.spAddr() + (d.immLo & 0xffff) : (c.spAddr() + (d.immLo & 0xffff)) >>> 0);
}

/** LOOP LOOPE LOOPNE (count in CX/ECX/RCX by address size) and JCXZ. */
function loop(c: CpuCore, d: DecodedInsn): void {
  const as = d.asz;
  if (d.op === JCXZ) {
    const z = as === 8 ? (c.regLo[CX]! | c.regHi[CX]!) === 0 : as === 4 ? c.regLo[CX]! === 0 : (c.regLo[CX]! & 0xffff) === 0;
    if (z) c.rip = d.target;
    return;
  }
  let nz: boolean;
  if (as === 8) {
    const lo = (c.regLo[CX]! >>> 0) - 1; c.regLo[CX] = lo | 0; if (lo < 0) c.regHi[CX] = (c.regHi[CX]! - 1) | 0;
    nz = (c.regLo[CX]! | c.regHi[CX]!) !== 0;
  } else if (as === 2) {
    // a 16-bit address size (67 in 32-bit code) counts in CX, leaving ECX's upper half alone
    const cx = (c.regLo[CX]! - 1) & 0xffff;
    c.regLo[CX] = (c.regLo[CX]! & ~0xffff) | cx; nz = cx !== 0;
  } else { c.regLo[CX] = (c.regLo[CX]! - 1) | 0; if (c.bits === 64) c.regHi[CX] = 0; nz = c.regLo[CX]! !== 0; }
  const zf = c.cond(4);
  if (nz && (d.op === LOOP || (d.op === LOOPE ? zf : !zf))) c.rip = d.target;
}

const branch = { cls: 'branch', flagsRead: 0, flagsWritten: 0 } as const;
const callRet = { cls: 'callRet', jit: false, flagsRead: 0, flagsWritten: 0 } as const;

// JMP, Jcc, CALL and indirect forms are picked by the decoder from the operand (a near branch
// target or a register/memory operand), so their rows list no mnemonic.
export const BRANCH_ROWS: CoreRows = {
  // A block may hold a JMP (it ends there) and a Jcc (it leaves when taken).
  JMP: { ...branch, handler: jmp, jit: true },
  JMP_IND: { ...branch, handler: jmpInd, jit: false },
  JCC: { ...branch, handler: jcc, jit: true, flagsRead: CONDS },
  CALL: { ...callRet, handler: call },
  CALL_IND: { ...callRet, handler: callInd },
  RET: { ...callRet, handler: ret, mnemonics: [Mnemonic.Ret] },
  LOOP: { ...branch, handler: loop, jit: false, mnemonics: [Mnemonic.Loop] },
  LOOPE: { ...branch, handler: loop, jit: false, mnemonics: [Mnemonic.Loope], flagsRead: C.FLAG_ZF },
  LOOPNE: { ...branch, handler: loop, jit: false, mnemonics: [Mnemonic.Loopne], flagsRead: C.FLAG_ZF },
  JCXZ: { ...branch, handler: loop, jit: false, mnemonics: [Mnemonic.Jcxz, Mnemonic.Jecxz, Mnemonic.Jrcxz] },
};
