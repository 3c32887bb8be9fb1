// AMD's SSE4a (APM Vol.4: EXTRQ, INSERTQ, MOVNTSS, MOVNTSD): bit-field extract and insert on the
// low quadword of an XMM register, and scalar non-temporal stores. Only AMD profiles list it.
import type { DecodedInsn } from '../../decodedInsn.js';
import type { Handler, OpRow } from '../opRow.js';
import { D32, K_IMM, S32, getXmm, rowsOfAll, setXmm, sseCheck, writeMem, type RowSpec } from './sseState.js';

/** lo/hi of a 64-bit value shifted right by n (0..63). */
function shr(lo: number, hi: number, n: number): [number, number] {
  if (n === 0) return [lo >>> 0, hi >>> 0];
  if (n >= 32) return [hi >>> (n - 32), 0];
  return [((lo >>> n) | (hi << (32 - n))) >>> 0, hi >>> n];
}
/** lo/hi of a 64-bit value shifted left by n (0..63). */
function shl(lo: number, hi: number, n: number): [number, number] {
  if (n === 0) return [lo >>> 0, hi >>> 0];
  if (n >= 32) return [0, (lo << (n - 32)) >>> 0];
  return [(lo << n) >>> 0, ((hi << n) | (lo >>> (32 - n))) >>> 0];
}
/** The low `len` (1..64) bits set. */
function mask(len: number): [number, number] {
  return len >= 64 ? [0xffffffff, 0xffffffff] : len >= 32 ? [0xffffffff, len === 32 ? 0 : (2 ** (len - 32) - 1) >>> 0] : [(2 ** len - 1) >>> 0, 0];
}

/** The field: length (0 means 64) and index, from the two immediates or the source register's bytes. */
function field(d: DecodedInsn, fromReg: number, regByte: number): [number, number] {
  if (d.k1 === K_IMM || d.k2 === K_IMM) return [(d.immLo & 63) || 64, d.imm2 & 63];
  const lenByte = (S32[fromReg]! >>> (regByte * 8)) & 63, idxByte = (S32[fromReg]! >>> (regByte * 8 + 8)) & 63;
  return [lenByte || 64, idxByte];
}

/**
 * extrq: the low quadword becomes its bits [index, index+length) zero-extended. The APM leaves the
 * high quadword and a field past bit 63 undefined; Zen 4 (the oracle host) zeroes the high quadword
 * and cuts the field at bit 63, and so does this.
 */
const extrq: Handler = (cpu, d) => {
  sseCheck(cpu);
  getXmm(cpu, d.r0, D32);
  if (d.k1 !== K_IMM) getXmm(cpu, d.r1, S32);
  const [len, idx] = field(d, 0, 0);
  const [lo, hi] = shr(D32[0]!, D32[1]!, idx), [ml, mh] = mask(len);
  D32[0] = lo & ml; D32[1] = hi & mh; D32[2] = 0; D32[3] = 0;
  setXmm(cpu, d.r0, D32);
};

/** insertq: the source's low `length` bits replace the destination's bits from `index` (cut at bit 63); the high quadword becomes 0, as extrq's. */
const insertq: Handler = (cpu, d) => {
  sseCheck(cpu);
  getXmm(cpu, d.r0, D32);
  getXmm(cpu, d.r1, S32);
  const [len, idx] = field(d, 2, 0);
  const [ml, mh] = mask(len);
  const [fl, fh] = shl(S32[0]! & ml, S32[1]! & mh, idx), [kl, kh] = shl(ml, mh, idx);
  D32[0] = (D32[0]! & ~kl) | fl; D32[1] = (D32[1]! & ~kh) | fh; D32[2] = 0; D32[3] = 0;
  setXmm(cpu, d.r0, D32);
};

/** movntss/movntsd: store the low dword/qword (no cache is modelled: an ordinary store, any alignment). */
function movntScalar(size: 4 | 8): Handler {
  return (cpu, d) => {
    sseCheck(cpu);
    getXmm(cpu, d.r1, S32);
    writeMem(cpu, cpu.ea(d), size, S32);
  };
}

const S = (names: string[], handler: Handler, cls: RowSpec['cls']): RowSpec => ({ names, handler, cls, xmm: 'sse4a' });
export const SSE4A_ROWS: OpRow[] = rowsOfAll([
  S(['Extrq'], extrq, 'simd'), S(['Insertq'], insertq, 'simd'),
  S(['Movntss'], movntScalar(4), 'store'), S(['Movntsd'], movntScalar(8), 'store'),
]);
