// RCPPS/RCPSS/RSQRTPS/RSQRTSS: approximate reciprocals with 12 significant fraction bits (SDM:
// relative error at most 1.5 * 2^-12; the exact values are each vendor's own). zen4-kvm (AMD)
// reproduces Zen 4's tables bit for bit (amdRcpTables.ts); textbook (Intel) has no Intel tables
// here and gives the exact value rounded to 12 fraction bits, which meets the SDM's bound.
// A zero or denormal input gives infinity, a result below the normal range zero; no MXCSR flags.
import type { CpuCore } from '../../CpuCore.js';
import type { Handler, OpRow } from '../opRow.js';
import { RCP_AMD, RSQRT_AMD_HIGH, RSQRT_AMD_LOW } from './amdRcpTables.js';
import { D32, S32, T32, loadBinary, rowsOfAll, storeT } from './sseState.js';

function decode(first: number, packed: string, radix: number): Uint16Array {
  const t = new Uint16Array(4096);
  t[0] = first;
  let v = first;
  for (let k = 0; k < packed.length; k++) {
    const c = packed.charCodeAt(k) - 48, i = 2 * k + 1;
    v -= Math.floor(c / radix); t[i] = v;
    v -= c % radix; if (i + 1 < 4096) t[i + 1] = v;
  }
  return t;
}
const rcpAmd = decode(0xffe, RCP_AMD, 5);
const rsqrtAmd = [decode(0x6a0, RSQRT_AMD_LOW, 3), decode(0xfff, RSQRT_AMD_HIGH, 3)];

// The exact value rounded to 12 fraction bits, for the textbook (Intel-like) CPU.
const rcpExact = new Uint16Array(4096), rsqrtExact = [new Uint16Array(4096), new Uint16Array(4096)];
for (let i = 0; i < 4096; i++) {
  const x = 1 + (i + 0.5) / 4096;
  rcpExact[i] = Math.min(4095, Math.round((2 / x - 1) * 4096));
  rsqrtExact[0]![i] = Math.min(4095, Math.round((1 / Math.sqrt(x / 2) - 1) * 4096)); // x/2 in [0.5,1): result in (1, 1.415]
  rsqrtExact[1]![i] = Math.min(4095, Math.round((2 / Math.sqrt(x) - 1) * 4096)); // x in [1,2): result in (0.707, 1] as 2^-1 * (1.f)
}

function rcp1(b: number, amd: boolean): number {
  const s = b & 0x80000000, e = (b >>> 23) & 0xff;
  if (e === 0xff) return b & 0x7fffff ? b | 0x400000 : s; // NaN quieted; 1/inf = 0
  if (e === 0) return s | 0x7f800000; // zero or denormal
  const re = 253 - e;
  if (re <= 0) return s;
  return (s | (re << 23) | ((amd ? rcpAmd : rcpExact)[(b >>> 11) & 0xfff]! << 11)) >>> 0;
}

function rsqrt1(b: number, amd: boolean): number {
  const s = b & 0x80000000, e = (b >>> 23) & 0xff;
  if (e === 0xff && b & 0x7fffff) return b | 0x400000;
  if (e === 0) return s | 0x7f800000; // rsqrt(-0) = -inf
  if (s) return 0xffc00000; // negative: the QNaN indefinite
  if (e === 0xff) return 0;
  const odd = e & 1, re = odd ? 126 - (e - 127) / 2 : 127 - (e - 126) / 2;
  const t = (amd ? rsqrtAmd : rsqrtExact)[odd]!;
  return ((re << 23) | (t[(b >>> 11) & 0xfff]! << 11)) >>> 0;
}

function approx(rsqrt: boolean, scalar: boolean): Handler {
  return (cpu: CpuCore, d) => {
    loadBinary(cpu, d);
    const amd = cpu.profile.vendor === 'amd';
    T32.set(D32);
    for (let i = 0; i < (scalar ? 1 : 4); i++) T32[i] = rsqrt ? rsqrt1(S32[i]!, amd) : rcp1(S32[i]!, amd);
    storeT(cpu, d, 16);
  };
}

export const SSE_RCP_ROWS: readonly OpRow[] = rowsOfAll([
  { names: ['Rcpps'], handler: approx(false, false), cls: 'fpMul', xmm: 'sse' },
  { names: ['Rcpss'], handler: approx(false, true), cls: 'fpMul', xmm: 'sse' },
  { names: ['Rsqrtps'], handler: approx(true, false), cls: 'fpMul', xmm: 'sse' },
  { names: ['Rsqrtss'], handler: approx(true, true), cls: 'fpMul', xmm: 'sse' },
]);
