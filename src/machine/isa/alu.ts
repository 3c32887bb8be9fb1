// Integer arithmetic and logic: ADD OR ADC SBB AND SUB XOR CMP TEST INC DEC NEG NOT, CMPXCHG, XADD.
// The binary ops set lazy flags through cpu.alu (the ALU op is d.sub: the generic op or, for the
// specialised ALU_* forms exec() runs inline, the op they stand for).
import { Mnemonic } from '../../x86/icedModule.js';
import * as C from '../constants.js';
import type { CpuCore } from '../CpuCore.js';
import { Op, type DecodedInsn } from '../decodedInsn.js';
import { ARITH, memCls, type CoreRows } from './coreRows.js';
import { rdDest, wrDest } from './operands.js';

const K_REG = 1, K_MEM = 2;
const F_NONE = 0, F_INC = 4, F_DEC = 5;
const ADD = Op.ADD, SUB = Op.SUB, CMP = Op.CMP, TEST = Op.TEST, INC = Op.INC;
const ACC = 0;

/** ADD OR ADC SBB AND SUB XOR: operand 0 op= operand 1. */
export function aluRmw(c: CpuCore, d: DecodedInsn): void {
  const size = d.osz;
  if (d.k0 === K_REG) {
    const a = c.getR(d.r0, size), ah = c.hi;
    const b = c.src1(d, size), bh = c.hi;
    const r = c.alu(d.sub, size, a, ah, b, bh);
    c.setR(d.r0, size, r, c.hi);
  } else {
    const ea = c.ea(d);
    c.probeWrite(ea, size);
    const a = c.rdMem(ea, size), ah = c.hi;
    const b = c.src1(d, size), bh = c.hi;
    const r = c.alu(d.sub, size, a, ah, b, bh);
    c.wrMem(ea, size, r, c.hi);
  }
}

/** CMP TEST: flags only. */
export function aluCmp(c: CpuCore, d: DecodedInsn): void {
  const size = d.osz;
  const a = d.k0 === K_REG ? c.getR(d.r0, size) : c.rdMem(c.ea(d), size), ah = c.hi;
  const b = c.src1(d, size), bh = c.hi;
  c.alu(d.sub, size, a, ah, b, bh);
}

/** The ALU_* forms' row handler (exec() runs them inline; this is the same semantics, generally). */
function aluForm(c: CpuCore, d: DecodedInsn): void {
  if (d.sub === CMP || d.sub === TEST) aluCmp(c, d); else aluRmw(c, d);
}

/** INC DEC (d.sub): as ADD/SUB 1, keeping CF. */
export function incDec(c: CpuCore, d: DecodedInsn): void {
  const size = d.osz;
  const ea = d.k0 === K_MEM ? c.ea(d) : 0;
  if (d.k0 === K_MEM) c.probeWrite(ea, size);
  const a = d.k0 === K_REG ? c.getR(d.r0, size) : c.rdMem(ea, size), ah = c.hi;
  if (c.fOp !== F_NONE) c.flagsRest = (c.flagsRest & ~1) | c.carry(); // INC/DEC keep CF
  const inc = d.sub === INC;
  const r = c.alu(inc ? ADD : SUB, size, a, ah, 1, 0);
  c.fOp = inc ? F_INC : F_DEC;
  if (d.k0 === K_REG) c.setR(d.r0, size, r, c.hi); else c.wrMem(ea, size, r, c.hi);
}

function neg(c: CpuCore, d: DecodedInsn): void {
  const size = d.osz;
  const v = rdDest(c, d, size, true), h = c.hi;
  const r = c.alu(SUB, size, 0, 0, v, h);
  wrDest(c, d, size, r, c.hi);
}

function not(c: CpuCore, d: DecodedInsn): void {
  const size = d.osz;
  const v = rdDest(c, d, size, true), h = c.hi;
  wrDest(c, d, size, (~v & (size === 1 ? 0xff : size === 2 ? 0xffff : 0xffffffff)) >>> 0, ~h);
}

/** CMPXCHG: compare the accumulator with operand 0; equal: operand 0 <- operand 1, else accumulator <- operand 0
 *  (a memory destination is written either way, as the SDM says the processor does). */
function cmpxchg(c: CpuCore, d: DecodedInsn): void {
  const size = d.osz;
  const v = rdDest(c, d, size, true), h = c.hi;
  const acc = c.getR(ACC, size), acch = c.hi;
  c.alu(CMP, size, acc, acch, v, h);
  const src = c.getR(d.r1, size), srch = c.hi;
  if (v === acc && (size !== 8 || h === acch)) wrDest(c, d, size, src, srch);
  else { if (d.k0 === K_MEM) wrDest(c, d, size, v, h); c.setR(ACC, size, v, h); }
}

/** XADD: operand 1 <- operand 0, operand 0 <- the sum. */
function xadd(c: CpuCore, d: DecodedInsn): void {
  const size = d.osz;
  const v = rdDest(c, d, size, true), h = c.hi;
  const s = c.getR(d.r1, size), sh = c.hi;
  const r = c.alu(ADD, size, v, h, s, sh), rh = c.hi;
  c.setR(d.r1, size, v, h);
  wrDest(c, d, size, r, rh);
}

const binary = (m: Mnemonic, carryIn: boolean) => ({ mnemonics: [m], handler: aluRmw, cls: memCls, jit: true, flagsRead: carryIn ? C.FLAG_CF : 0, flagsWritten: ARITH });
const form = { handler: aluForm, cls: memCls, jit: true, flagsRead: 0, flagsWritten: ARITH };

export const ALU_ROWS: CoreRows = {
  ADD: binary(Mnemonic.Add, false), OR: binary(Mnemonic.Or, false), ADC: binary(Mnemonic.Adc, true),
  SBB: binary(Mnemonic.Sbb, true), AND: binary(Mnemonic.And, false), SUB: binary(Mnemonic.Sub, false),
  XOR: binary(Mnemonic.Xor, false),
  CMP: { mnemonics: [Mnemonic.Cmp], handler: aluCmp, cls: memCls, jit: true, flagsRead: 0, flagsWritten: ARITH },
  TEST: { mnemonics: [Mnemonic.Test], handler: aluCmp, cls: memCls, jit: true, flagsRead: 0, flagsWritten: ARITH },
  INC: { mnemonics: [Mnemonic.Inc], handler: incDec, cls: memCls, jit: true, flagsRead: 0, flagsWritten: ARITH & ~C.FLAG_CF },
  DEC: { mnemonics: [Mnemonic.Dec], handler: incDec, cls: memCls, jit: true, flagsRead: 0, flagsWritten: ARITH & ~C.FLAG_CF },
  NEG: { mnemonics: [Mnemonic.Neg], handler: neg, cls: memCls, jit: true, flagsRead: 0, flagsWritten: ARITH },
  NOT: { mnemonics: [Mnemonic.Not], handler: not, cls: memCls, jit: true, flagsRead: 0, flagsWritten: 0 },
  CMPXCHG: { mnemonics: [Mnemonic.Cmpxchg], handler: cmpxchg, cls: memCls, jit: true, flagsRead: 0, flagsWritten: ARITH },
  XADD: { mnemonics: [Mnemonic.Xadd], handler: xadd, cls: memCls, jit: true, flagsRead: 0, flagsWritten: ARITH },
  // Forms exec() runs inline for 32/64-bit register destinations (decodeInstruction's specialise).
  ALU_RR4: form, ALU_RI4: form, ALU_RR8: form, ALU_RI8: form, ALU_RM4: form, ALU_RM8: form,
  INCDEC_R4: { handler: incDec, cls: 'alu', jit: true, flagsRead: 0, flagsWritten: ARITH & ~C.FLAG_CF },
  INCDEC_R8: { handler: incDec, cls: 'alu', jit: true, flagsRead: 0, flagsWritten: ARITH & ~C.FLAG_CF },
};
