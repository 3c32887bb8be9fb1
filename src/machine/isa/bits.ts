// Bit tests and scans: BT BTS BTR BTC (a register bit offset into memory reaches outside the
// operand, as the SDM's bit-string addressing says), BSF BSR.
import { Mnemonic } from '../../x86/icedModule.js';
import * as C from '../constants.js';
import type { CpuCore } from '../CpuCore.js';
import { Op, type DecodedInsn } from '../decodedInsn.js';
import { memCls, type CoreRows } from './coreRows.js';

const K_REG = 1, K_MEM = 2, K_IMM = 3;
const TWO32 = 4294967296;
const BT = Op.BT, BTS = Op.BTS, BTR = Op.BTR, BSF = Op.BSF;

function bitTest(c: CpuCore, d: DecodedInsn): void {
  const size = d.osz, bits = size * 8;
  let ea = 0, bit: number;
  if (d.k1 === K_IMM) bit = d.immLo & (bits - 1);
  else {
    const off = c.getR(d.r1, size), oh = c.hi;
    if (d.k0 === K_MEM) {
      const so = size === 8 ? oh * TWO32 + off : size === 4 ? off | 0 : size === 2 ? (off << 16) >> 16 : off;
      const idx = Math.floor(so / bits);
      ea = c.ea(d) + idx * size;
      if (c.bits !== 64) ea = ea >>> 0;
      bit = so - idx * bits;
    } else bit = off & (bits - 1);
  }
  if (d.k0 === K_MEM && d.k1 === K_IMM) ea = c.ea(d);
  if (d.k0 === K_MEM && d.op !== BT) c.probeWrite(ea, size);
  let v = d.k0 === K_REG ? c.getR(d.r0, size) : c.rdMem(ea, size), h = c.hi;
  const inHi = bit >= 32, b = bit & 31;
  const cur = ((inHi ? h : v) >>> b) & 1;
  if (d.op !== BT) {
    const m = 1 << b;
    let w = inHi ? h : v;
    w = d.op === BTS ? w | m : d.op === BTR ? w & ~m : w ^ m;
    if (inHi) h = w | 0; else v = w >>> 0;
    if (d.k0 === K_REG) c.setR(d.r0, size, v, h); else c.wrMem(ea, size, v, h);
  }
  c.setArith((c.materializeFlags() & (C.ARITH_FLAGS & ~C.FLAG_CF)) | cur);
}

/** BSF BSR: the lowest/highest set bit's index; a zero source sets ZF and leaves the destination. */
function bitScan(c: CpuCore, d: DecodedInsn): void {
  const size = d.osz;
  const v = c.src1(d, size), h = size === 8 ? c.hi : 0;
  const f = c.materializeFlags() & C.ARITH_FLAGS & ~C.FLAG_ZF;
  if (v === 0 && h === 0) { c.setArith(f | C.FLAG_ZF); return; }
  let idx: number;
  if (d.op === BSF) idx = v !== 0 ? 31 - Math.clz32(v & -v) : 32 + 31 - Math.clz32(h & -h);
  else idx = h !== 0 ? 63 - Math.clz32(h) : 31 - Math.clz32(v);
  c.setR(d.r0, size, idx, 0);
  c.setArith(f);
}

const test = (m: Mnemonic) => ({ mnemonics: [m], handler: bitTest, cls: memCls, jit: true, flagsRead: 0, flagsWritten: C.FLAG_CF });
const scan = (m: Mnemonic) => ({ mnemonics: [m], handler: bitScan, cls: memCls, jit: true, flagsRead: 0, flagsWritten: C.FLAG_ZF });

export const BIT_ROWS: CoreRows = {
  BT: test(Mnemonic.Bt), BTS: test(Mnemonic.Bts), BTR: test(Mnemonic.Btr), BTC: test(Mnemonic.Btc),
  BSF: scan(Mnemonic.Bsf), BSR: scan(Mnemonic.Bsr),
};
