// Multiply and divide: MUL IMUL (one, two and three operands) DIV IDIV. The one-operand forms
// work on the accumulator pair (AX, DX:AX, EDX:EAX, RDX:RAX) in BigInt; 32-bit IMUL stays in doubles.
import { Mnemonic } from '../../x86/icedModule.js';
import * as C from '../constants.js';
import type { CpuCore } from '../CpuCore.js';
import { Op, type DecodedInsn } from '../decodedInsn.js';
import { SIZE_MASK } from '../flags.js';
import { GuestFault } from '../GuestFault.js';
import { ARITH, type CoreRows } from './coreRows.js';
import { fromBig, toBig } from './operands.js';

const K_REG = 1, K_IMM = 3;
const MUL = Op.MUL, IMUL1 = Op.IMUL1, IDIV = Op.IDIV;

function setPair(c: CpuCore, size: number, lo: bigint, hi: bigint): void {
  if (size === 1) c.setR(0, 2, Number(((hi & 0xffn) << 8n) | (lo & 0xffn)), 0);
  else { const l = fromBig(c, lo, size); c.setR(0, size, l, c.hi); const h = fromBig(c, hi, size); c.setR(2, size, h, c.hi); }
}

/** MUL, IMUL r/m, DIV, IDIV. */
function mulDiv1(c: CpuCore, d: DecodedInsn): void {
  const size = d.osz;
  const src = d.k0 === K_REG ? c.getR(d.r0, size) : c.rdMem(c.ea(d), size), srch = c.hi;
  const bits = size * 8;
  const signed = d.op === IMUL1 || d.op === IDIV;
  const s = signed ? BigInt.asIntN(bits, toBig(src, srch, size)) : toBig(src, srch, size);
  let accLo: bigint, accHi: bigint;
  if (size === 1) { const ax = BigInt(c.regLo[0]! & 0xffff); accLo = ax & 0xffn; accHi = ax >> 8n; }
  else { accLo = toBig(c.getR(0, size), c.hi, size); accHi = toBig(c.getR(2, size), c.hi, size); }
  if (d.op === MUL || d.op === IMUL1) {
    const a = signed ? BigInt.asIntN(bits, accLo) : accLo;
    const p = a * s;
    const lo = BigInt.asUintN(bits, p), hi = BigInt.asUintN(bits, p >> BigInt(bits));
    setPair(c, size, lo, hi);
    const over = signed ? BigInt.asIntN(bits, p) !== p : hi !== 0n;
    const rl = fromBig(c, lo, size);
    c.setArith((over ? C.FLAG_CF | C.FLAG_OF : 0) | c.szp(rl, c.hi, size));
    return;
  }
  if (s === 0n) throw new GuestFault(C.VEC_DE, -1, 'divide by zero');
  const dividendU = (accHi << BigInt(bits)) | accLo;
  const dividend = signed ? BigInt.asIntN(bits * 2, dividendU) : dividendU;
  const q = dividend / s, r = dividend % s;
  const fits = signed ? BigInt.asIntN(bits, q) === q : q < (1n << BigInt(bits));
  if (!fits) throw new GuestFault(C.VEC_DE, -1, 'divide overflow (quotient too large)');
  setPair(c, size, BigInt.asUintN(bits, q), BigInt.asUintN(bits, r));
}

/** IMUL r, r/m and IMUL r, r/m, imm: the truncated signed product; CF = OF = it did not fit. */
export function imul2(c: CpuCore, d: DecodedInsn): void {
  const size = d.osz;
  if (size === 4) {
    const a = d.k2 === K_IMM ? c.src1(d, 4) | 0 : c.regLo[d.r0]!;
    const b = d.k2 === K_IMM ? d.immLo : c.src1(d, 4) | 0;
    const lo = Math.imul(a, b);
    const over = a * b !== lo;
    c.setR(d.r0, 4, lo >>> 0, 0);
    c.setArith((over ? C.FLAG_CF | C.FLAG_OF : 0) | c.szp(lo >>> 0, 0, 4));
    return;
  }
  const a = d.k2 === K_IMM ? c.src1(d, size) : c.getR(d.r0, size), ah = c.hi;
  const b = d.k2 === K_IMM ? (size === 8 ? d.immLo >>> 0 : (d.immLo & SIZE_MASK[size]!) >>> 0) : c.src1(d, size);
  const bh = d.k2 === K_IMM ? (size === 8 ? d.immHi : 0) : c.hi;
  const bits = size * 8;
  const p = BigInt.asIntN(bits, toBig(a, ah, size)) * BigInt.asIntN(bits, toBig(b, bh, size));
  const r = fromBig(c, p, size), rh = c.hi;
  const over = BigInt.asIntN(bits, p) !== p;
  c.setR(d.r0, size, r, rh);
  c.setArith((over ? C.FLAG_CF | C.FLAG_OF : 0) | c.szp(r, rh, size));
}

const row = { handler: mulDiv1, cls: 'mul', jit: true, flagsRead: 0, flagsWritten: ARITH } as const;

export const MULDIV_ROWS: CoreRows = {
  MUL: { ...row, mnemonics: [Mnemonic.Mul] },
  // IMUL's mnemonic is IMUL2's; the decoder picks IMUL1 for the one-operand form.
  IMUL1: row,
  IMUL2: { ...row, mnemonics: [Mnemonic.Imul], handler: imul2 },
  DIV: { ...row, mnemonics: [Mnemonic.Div], cls: 'div' },
  IDIV: { ...row, mnemonics: [Mnemonic.Idiv], cls: 'div' },
};
