// Shifts and rotates: SHL/SAL SHR SAR ROL ROR RCL RCR, SHLD SHRD. 8/16/32-bit register shifts by
// SHL/SHR/SAR run in 32-bit integers (shift32); the rest, and 64-bit operands, in BigInt.
import { Mnemonic } from '../../x86/icedModule.js';
import * as C from '../constants.js';
import type { CpuCore } from '../CpuCore.js';
import { Op, type DecodedInsn } from '../decodedInsn.js';
import { SIZE_MASK } from '../flags.js';
import { ARITH, memCls, type CoreRows } from './coreRows.js';
import { rdDest, toBig, wrDest, wrDestBig, fromBig } from './operands.js';

const K_REG = 1, K_IMM = 3;
const ARITH_FLAGS = 0x8d5, FLAG_OF = 0x800;
const SHL = Op.SHL, SHR = Op.SHR, SAR = Op.SAR, ROL = Op.ROL, ROR = Op.ROR, RCL = Op.RCL, RCR = Op.RCR, SHLD = Op.SHLD;

/** SHL/SHR/SAR on an 8/16/32-bit register (flags as the SDM defines them for count 1; OF computed alike for
 *  larger counts; AF, undefined, cleared). */
export function shift32(c: CpuCore, d: DecodedInsn, size: number): void {
  const n = (d.k1 === K_IMM ? d.immLo : d.k1 === K_REG ? c.regLo[1]! : 1) & 31;
  if (n === 0) { if (size === 4) c.regHi[d.r0] = 0; return; } // a 32-bit destination is still written (zero-extended)
  const v = c.getR(d.r0, size);
  const bits = size * 8, mask = SIZE_MASK[size]!;
  let r: number, cf: number, of: number;
  if (d.op === SHL) {
    r = n < 32 ? ((v << n) & mask) >>> 0 : 0;
    cf = n <= bits ? (v >>> (bits - n)) & 1 : 0;
    of = ((r >>> (bits - 1)) & 1) ^ cf;
  } else if (d.op === SHR) {
    r = v >>> n;
    cf = (v >>> (n - 1)) & 1;
    of = (v >>> (bits - 1)) & 1;
  } else {
    const sv = size === 4 ? v | 0 : size === 2 ? (v << 16) >> 16 : (v << 24) >> 24;
    r = ((sv >> n) & mask) >>> 0;
    cf = (sv >> (n - 1)) & 1;
    of = 0;
  }
  c.setR(d.r0, size, r, 0);
  c.flagsRest = (c.flagsRest & ~ARITH_FLAGS) | cf | (of ? FLAG_OF : 0) | c.szp(r, 0, size);
  c.fOp = 0;
}

/** SHL SHR SAR: registers below 64 bits in shift32, the rest in BigInt. */
export function shiftOp(c: CpuCore, d: DecodedInsn): void {
  if (d.osz !== 8 && d.k0 === K_REG) shift32(c, d, d.osz); else shiftBig(c, d);
}

function shiftBig(c: CpuCore, d: DecodedInsn): void {
  const size = d.osz;
  const v = rdDest(c, d, size, true), h = c.hi;
  const cnt = d.k1 === K_IMM ? d.immLo & 0xff : d.k1 === K_REG ? c.getR(d.r1, 1) : 1;
  const n = cnt & (size === 8 ? 63 : 31);
  if (n === 0) { if (size === 4 && d.k0 === K_REG) c.regHi[d.r0] = 0; return; } // 32-bit destination still zero-extended
  const bits = size * 8;
  const mask = (1n << BigInt(bits)) - 1n;
  const x = toBig(v, h, size);
  const f0 = c.materializeFlags();
  let r: bigint, cf: number, of: number;
  switch (d.op) {
    case SHL:
      r = (x << BigInt(n)) & mask;
      cf = n <= bits ? Number((x >> BigInt(bits - n)) & 1n) : 0;
      of = Number((r >> BigInt(bits - 1)) & 1n) ^ cf;
      break;
    case SHR:
      r = x >> BigInt(n);
      cf = Number((x >> BigInt(n - 1)) & 1n);
      of = Number((x >> BigInt(bits - 1)) & 1n);
      break;
    case SAR: {
      const sx = BigInt.asIntN(bits, x);
      r = (sx >> BigInt(n)) & mask;
      cf = Number((sx >> BigInt(Math.min(n - 1, bits - 1))) & 1n);
      of = 0;
      break;
    }
    case ROL: {
      const k = n % bits;
      r = k ? ((x << BigInt(k)) | (x >> BigInt(bits - k))) & mask : x;
      cf = Number(r & 1n);
      of = Number((r >> BigInt(bits - 1)) & 1n) ^ cf;
      wrDestBig(c, d, size, r);
      c.setArith((f0 & C.ARITH_FLAGS & ~(C.FLAG_CF | C.FLAG_OF)) | cf | (of ? C.FLAG_OF : 0));
      return;
    }
    case ROR: {
      const k = n % bits;
      r = k ? ((x >> BigInt(k)) | (x << BigInt(bits - k))) & mask : x;
      const msb = Number((r >> BigInt(bits - 1)) & 1n), msb2 = Number((r >> BigInt(bits - 2)) & 1n);
      cf = msb; of = msb ^ msb2;
      wrDestBig(c, d, size, r);
      c.setArith((f0 & C.ARITH_FLAGS & ~(C.FLAG_CF | C.FLAG_OF)) | cf | (of ? C.FLAG_OF : 0));
      return;
    }
    case RCL: case RCR: {
      const k = size === 1 ? n % 9 : size === 2 ? n % 17 : n;
      let val = x, carry = BigInt(f0 & 1);
      let ofv = 0;
      for (let i = 0; i < k; i++) {
        if (d.op === RCL) {
          const out = (val >> BigInt(bits - 1)) & 1n;
          val = ((val << 1n) | carry) & mask; carry = out;
        } else {
          const out = val & 1n;
          val = (val >> 1n) | (carry << BigInt(bits - 1)); carry = out;
        }
      }
      if (d.op === RCL) ofv = Number((val >> BigInt(bits - 1)) & 1n) ^ Number(carry);
      else ofv = Number((val >> BigInt(bits - 1)) & 1n) ^ Number((val >> BigInt(bits - 2)) & 1n);
      wrDestBig(c, d, size, val);
      if (k === 0) return;
      c.setArith((f0 & C.ARITH_FLAGS & ~(C.FLAG_CF | C.FLAG_OF)) | Number(carry) | (ofv ? C.FLAG_OF : 0));
      return;
    }
    default: return;
  }
  const rl = wrDestBig(c, d, size, r);
  c.setArith(cf | (of ? C.FLAG_OF : 0) | c.szp(rl, c.hi, size)); // AF is undefined after a shift: cleared
}

function shiftDouble(c: CpuCore, d: DecodedInsn): void {
  const size = d.osz;
  const v = rdDest(c, d, size, true), h = c.hi;
  const s = c.getR(d.r1, size), sh = c.hi;
  const bits = size * 8;
  const n = (d.k2 === K_IMM ? d.immLo & 0xff : c.regLo[1]! & 0xff) & (size === 8 ? 63 : 31);
  if (n === 0) { if (size === 4 && d.k0 === K_REG) c.regHi[d.r0] = 0; return; }
  const dv = toBig(v, h, size), sv = toBig(s, sh, size);
  let r: bigint, cf: number;
  if (d.op === SHLD) {
    const cat = (dv << BigInt(bits)) | sv; // dest:src
    const sh2 = cat << BigInt(n);
    r = BigInt.asUintN(bits, sh2 >> BigInt(bits));
    cf = Number((dv >> BigInt(bits - n)) & 1n);
    if (n > bits) cf = 0;
  } else {
    const cat = (sv << BigInt(bits)) | dv; // src:dest
    r = BigInt.asUintN(bits, cat >> BigInt(n));
    cf = Number((dv >> BigInt(n - 1)) & 1n);
  }
  const rl = fromBig(c, r, size), rh = c.hi;
  wrDest(c, d, size, rl, rh);
  const msb = Number((r >> BigInt(bits - 1)) & 1n), omsb = Number((dv >> BigInt(bits - 1)) & 1n);
  c.setArith(cf | c.szp(rl, rh, size) | (msb !== omsb ? C.FLAG_OF : 0));
}

// A zero count changes no flag, so the shifts read the flags they may keep.
const row = (m: Mnemonic[], handler: (c: CpuCore, d: DecodedInsn) => void, written: number) =>
  ({ mnemonics: m, handler, cls: memCls, jit: true, flagsRead: ARITH, flagsWritten: written });
const CF_OF = C.FLAG_CF | C.FLAG_OF;

export const SHIFT_ROWS: CoreRows = {
  ROL: row([Mnemonic.Rol], shiftBig, CF_OF), ROR: row([Mnemonic.Ror], shiftBig, CF_OF),
  RCL: row([Mnemonic.Rcl], shiftBig, CF_OF), RCR: row([Mnemonic.Rcr], shiftBig, CF_OF),
  SHL: row([Mnemonic.Shl, Mnemonic.Sal], shiftOp, ARITH), SHR: row([Mnemonic.Shr], shiftOp, ARITH),
  SAR: row([Mnemonic.Sar], shiftOp, ARITH),
  SHLD: row([Mnemonic.Shld], shiftDouble, ARITH), SHRD: row([Mnemonic.Shrd], shiftDouble, ARITH),
};
