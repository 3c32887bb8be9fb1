// SSE4.2 packed string compares PCMPESTRI/PCMPESTRM/PCMPISTRI/PCMPISTRM (SDM Vol.1 12.12.x and
// Vol.2 4.1 "imm8 control byte": source format, aggregation, polarity, output selection) and CRC32.
import type { CpuCore } from '../../CpuCore.js';
import type { DecodedInsn } from '../../decodeInstruction.js';
import type { Handler, OpRow } from '../opRow.js';
import { D16, D8, DI16, DI8, S16, S8, SI16, SI8, T32, T8, loadBinary, rowsOfAll, setXmm } from './sseState.js';

const CF = 0x1, ZF = 0x40, SF = 0x80, OF = 0x800;

/** Element i of operand 1 (D) or 2 (S) in the format of imm8[1:0]. */
function elt(fmt: number, second: boolean, i: number): number {
  switch (fmt) {
    case 0: return second ? S8[i]! : D8[i]!;
    case 1: return second ? S16[i]! : D16[i]!;
    case 2: return second ? SI8[i]! : DI8[i]!;
    default: return second ? SI16[i]! : DI16[i]!;
  }
}

/** The length of a null-terminated operand (index of its first zero element, else n). */
function implicitLength(fmt: number, second: boolean, n: number): number {
  for (let i = 0; i < n; i++) if (elt(fmt, second, i) === 0) return i;
  return n;
}

/** |length| from EAX/EDX (RAX/RDX with REX.W) saturated to n. */
function explicitLength(cpu: CpuCore, r: number, wide: boolean, n: number): number {
  const v = wide ? cpu.regHi[r]! * 4294967296 + (cpu.regLo[r]! >>> 0) : cpu.regLo[r]!;
  const a = Math.abs(v);
  return a > n ? n : a;
}

/** BoolRes[j][i] with the invalid-element overrides of SDM Table 4-7 (j indexes operand 2, i operand 1). */
function boolRes(agg: number, fmt: number, j: number, i: number, len1: number, len2: number, le: boolean): boolean {
  const v1 = i < len1, v2 = j < len2;
  if (!v1 || !v2) {
    if (agg === 2) return !v1 && !v2; // equal each: both invalid is true
    if (agg === 3) return !v1; // equal ordered: an exhausted needle matches
    return false;
  }
  const a = elt(fmt, true, j), b = elt(fmt, false, i);
  if (agg === 1) return le ? a <= b : a >= b;
  return a === b;
}

/** IntRes2 of a compare: the aggregation of imm8[3:2] and the polarity of imm8[5:4]. */
function intRes2(imm: number, len1: number, len2: number, n: number): number {
  const fmt = imm & 3, agg = (imm >> 2) & 3;
  let res = 0;
  for (let j = 0; j < n; j++) {
    let r = false;
    switch (agg) {
      case 0: for (let i = 0; i < n && !r; i++) r = boolRes(0, fmt, j, i, len1, len2, false); break;
      case 1:
        for (let i = 0; i + 1 < n && !r; i += 2) r = boolRes(1, fmt, j, i, len1, len2, false) && boolRes(1, fmt, j, i + 1, len1, len2, true);
        break;
      case 2: r = boolRes(2, fmt, j, j, len1, len2, false); break;
      default:
        r = true;
        for (let k = 0; k < n - j && r; k++) r = boolRes(3, fmt, j + k, k, len1, len2, false);
    }
    if (r) res |= 1 << j;
  }
  const all = n === 16 ? 0xffff : 0xff;
  switch ((imm >> 4) & 3) {
    case 1: return ~res & all;
    case 3: return (res ^ ((1 << len2) - 1)) & all;
    default: return res;
  }
}

/** A string compare: explicit lengths (RAX/RDX when `wide`, the REX.W forms) or implicit; index (ECX) or mask (XMM0) output. */
function pcmpstr(explicit: boolean, index: boolean, wide = false): Handler {
  return (cpu: CpuCore, d: DecodedInsn) => {
    loadBinary(cpu, d, true); // no alignment rule for the string compares
    const imm = d.immLo & 0xff, n = imm & 1 ? 8 : 16, fmt = imm & 3;
    const len1 = explicit ? explicitLength(cpu, 0, wide, n) : implicitLength(fmt, false, n);
    const len2 = explicit ? explicitLength(cpu, 2, wide, n) : implicitLength(fmt, true, n);
    const r = intRes2(imm, len1, len2, n);
    if (index) {
      let ix = n;
      if (r !== 0) ix = imm & 0x40 ? 31 - Math.clz32(r) : 31 - Math.clz32(r & -r);
      cpu.setR(1, 4, ix, 0);
    } else {
      T32[0] = 0; T32[1] = 0; T32[2] = 0; T32[3] = 0;
      if (imm & 0x40) {
        for (let i = 0; i < n; i++) if (r & (1 << i)) { if (n === 16) T8[i] = 0xff; else { T8[2 * i] = 0xff; T8[2 * i + 1] = 0xff; } }
      } else T32[0] = r;
      setXmm(cpu, 0, T32);
    }
    cpu.setArith((r !== 0 ? CF : 0) | (len2 < n ? ZF : 0) | (len1 < n ? SF : 0) | (r & 1 ? OF : 0));
  };
}

// ------------------------------------------------------------------ CRC32 (Castagnoli, bit-reflected)
const CRC_TABLE = new Int32Array(256);
for (let i = 0; i < 256; i++) {
  let c = i;
  for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0x82f63b78 : c >>> 1;
  CRC_TABLE[i] = c;
}

/** crc32 r32/r64, r/m8/16/32/64: accumulate the source bytes into the low 32 bits; the result is zero-extended. */
const crc32: Handler = (cpu, d) => {
  const size = d.s1;
  let lo: number, hi = 0;
  if (d.k1 === 2 /* K_MEM */) { lo = cpu.rdMem(cpu.ea(d), size); hi = size === 8 ? cpu.hi : 0; }
  else { lo = cpu.getR(d.r1, size); hi = size === 8 ? cpu.hi : 0; }
  let c = cpu.regLo[d.r0]!;
  const bytes = size > 4 ? 4 : size;
  for (let k = 0; k < bytes; k++) c = CRC_TABLE[(c ^ (lo >>> (8 * k))) & 0xff]! ^ (c >>> 8);
  if (size === 8) for (let k = 0; k < 4; k++) c = CRC_TABLE[(c ^ (hi >>> (8 * k))) & 0xff]! ^ (c >>> 8);
  cpu.setR(d.r0, 4, c, 0);
};

export const PCMPSTR_ROWS: readonly OpRow[] = [
  ...rowsOfAll([
    { names: ['Pcmpestri'], handler: pcmpstr(true, true), cls: 'simdMul', xmm: 'sse4_2' },
    { names: ['Pcmpestri64'], handler: pcmpstr(true, true, true), cls: 'simdMul', xmm: 'sse4_2' },
    { names: ['Pcmpestrm'], handler: pcmpstr(true, false), cls: 'simdMul', xmm: 'sse4_2' },
    { names: ['Pcmpestrm64'], handler: pcmpstr(true, false, true), cls: 'simdMul', xmm: 'sse4_2' },
    { names: ['Pcmpistri'], handler: pcmpstr(false, true), cls: 'simdMul', xmm: 'sse4_2' },
    { names: ['Pcmpistrm'], handler: pcmpstr(false, false), cls: 'simdMul', xmm: 'sse4_2' },
    { names: ['Crc32'], handler: crc32, cls: 'mul', xmm: 'sse4_2' },
  ]).map((r) => (r.name.startsWith('PCMP') ? { ...r, flagsWritten: CF | ZF | SF | OF | 0x14 } : { ...r })),
];
