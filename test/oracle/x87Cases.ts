// Random x87 oracle cases: an instruction (machine code) with a full x87 state drawn from values
// that exercise the SDM's corner cases (zeros, denormals, pseudo-denormals, infinities, NaNs,
// unsupported encodings, values near the exponent limits, integers), random precision and rounding
// control and sometimes unmasked exceptions; and a runner that compares native and emulated
// execution and names the first differing case (reproducible from its seed and index).
import { expect } from 'vitest';
import { fpDifferences, fxImage, hostProfile, runEmulatedFp, runNativeFp, type FpCase, type FpCompareOptions, type FpResult } from './fpOracle.js';
import { SCRATCH_SIZE } from './generateBlock.js';
import { SCRATCH_ADDR, STACK_TOP } from './oracleLayout.js';
import { SeededRandom } from './seededRandom.js';

/** Cases per group: TRAPDOOR_X87_CASES overrides the default 20,000. */
export const CASES = Number(process.env.TRAPDOOR_X87_CASES ?? 20_000);

export type Ext = [number, number, number]; // [signExp, lo, hi] as fxImage takes them

/** A random 80-bit value, biased toward the classes where the rules are subtle. */
export function randomExt(r: SeededRandom, near?: Ext): Ext {
  const s = r.chance(0.5) ? 0x8000 : 0;
  const lo = r.u32(), hi = r.u32();
  const k = r.below(100);
  if (near && k < 20) {
    // close to another operand: same exponent (cancellation, equality) or one apart
    const e = (near[0] & 0x7fff) + r.range(-1, 1);
    const m = r.chance(0.3) ? [near[1], near[2]] : [lo, (near[2] & 0xffff0000) | (hi & 0xffff)];
    return [(r.chance(0.5) ? near[0] & 0x8000 : s) | Math.max(1, Math.min(0x7ffe, e)), m[0]! >>> 0, (m[1]! | 0x80000000) >>> 0];
  }
  if (k < 35) return [s | r.range(0x3fb0, 0x4050), lo, (hi | 0x80000000) >>> 0]; // ordinary magnitudes
  if (k < 45) return [s | r.range(1, 0x7ffe), lo, (hi | 0x80000000) >>> 0]; // anywhere
  if (k < 50) return [s | r.range(1, 0x60), lo, (hi | 0x80000000) >>> 0]; // near underflow
  if (k < 54) return [s | r.range(0x7fa0, 0x7ffe), lo, (hi | 0x80000000) >>> 0]; // near overflow
  if (k < 58) return [s, lo, hi & 0x7fffffff]; // denormal
  if (k < 60) return [s, lo, (hi | 0x80000000) >>> 0]; // pseudo-denormal
  if (k < 65) return [s, 0, 0]; // zero
  if (k < 70) return [s | 0x7fff, 0, 0x80000000]; // infinity
  if (k < 74) return [s | 0x7fff, lo, (hi | 0xc0000000) >>> 0]; // QNaN
  if (k < 78) return [s | 0x7fff, lo | 1, ((hi & 0x3fffffff) | 0x80000000) >>> 0]; // SNaN
  if (k < 80) return [s | r.range(1, 0x7fff), lo, hi & 0x7fffffff]; // unsupported (J clear)
  if (k < 88) { // a small integer or half-integer
    const v = r.range(1, 1 << r.range(1, 20)) / (r.chance(0.3) ? 2 : 1);
    const e = Math.floor(Math.log2(v));
    const m = BigInt(Math.round(v * 2 ** (63 - e)));
    return [s | (0x3fff + e), Number(m & 0xffffffffn), Number(m >> 32n)];
  }
  if (k < 94) { // exactly representable as a double or single (short significand)
    const bits = r.chance(0.5) ? 0xfffff800 : 0xffffff00;
    return [s | r.range(0x3f00, 0x4100), lo & (bits === 0xfffff800 ? 0xfffff800 : 0), bits === 0xfffff800 ? (hi | 0x80000000) >>> 0 : ((hi | 0x80000000) & 0xffffff00) >>> 0];
  }
  return [s | r.range(0x3ffe, 0x4000), lo, (hi | 0x80000000) >>> 0]; // near 1
}

/** A random FCW: any precision and rounding; exceptions all masked, or some unmasked (unmasked = true). */
export function randomFcw(r: SeededRandom, unmasked: boolean): number {
  const pc = r.pick([0, 2, 3, 3]), rc = r.below(4);
  const masks = unmasked ? r.below(64) : 0x3f;
  return 0x40 | (rc << 10) | (pc << 8) | masks;
}

/** Random memory operand bytes at scratch offset 0: a single, a double, an integer or raw bytes. */
export function fillScratch(r: SeededRandom, scratch: Uint8Array): void {
  for (let i = 0; i < SCRATCH_SIZE; i++) scratch[i] = r.below(256);
  const v = new DataView(scratch.buffer, scratch.byteOffset);
  const k = r.below(10);
  const e = randomExt(r);
  const asDouble = extToNumber(e);
  if (k < 3) v.setFloat64(0, asDouble, true);
  else if (k < 5) v.setFloat32(0, asDouble, true);
  else if (k < 6) { v.setUint32(0, r.u32(), true); v.setUint32(4, r.chance(0.5) ? 0x7ff00000 | (r.u32() & 0xfffff) : r.u32() & 0x000fffff, true); }
  else if (k < 7) v.setUint32(0, r.chance(0.5) ? 0x7f800000 | (r.u32() & 0x7fffff) : r.u32() & 0x807fffff, true);
  else if (k < 8) v.setInt32(0, r.range(-100000, 100000), true);
  // else raw random bytes (integers of every size, BCD garbage)
  if (r.chance(0.1)) scratch[9] = r.chance(0.5) ? 0x80 : 0; // a plausible BCD sign byte
}

/** A value of an Ext as a host double (only to build memory operands). */
function extToNumber([se, lo, hi]: Ext): number {
  const e = se & 0x7fff;
  const m = hi * 2 ** 32 + lo;
  if (e === 0x7fff) return (hi & 0x7fffffff) || lo ? NaN : (se & 0x8000 ? -Infinity : Infinity);
  const v = m * 2 ** ((e || 1) - 16383 - 63);
  return se & 0x8000 ? -v : v;
}

export interface CaseOptions {
  /** FCW may unmask exceptions. */
  unmasked?: boolean;
  /** Registers to fill (ST0..): the rest are empty; default random 2..8. */
  depth?: number;
  /** Probability that a register in depth is nonetheless empty (stack underflow). */
  emptyChance?: number;
  /** An FSW to start from (ES set: the next waiting instruction raises #MF). */
  fsw?: number;
}

/** A case running `code` on a random x87 state. */
export function x87Case(r: SeededRandom, code: number[], o: CaseOptions = {}): FpCase {
  const regs = Array.from({ length: 16 }, () => r.u64());
  regs[4] = STACK_TOP;
  regs[5] = SCRATCH_ADDR;
  const st: Ext[] = [];
  for (let j = 0; j < 8; j++) st.push(randomExt(r, j > 0 ? st[0] : undefined));
  const top = r.below(8);
  const depth = o.depth ?? r.range(2, 8);
  let ftw = 0;
  for (let j = 0; j < depth; j++) if (!r.chance(o.emptyChance ?? 0.03)) ftw |= 1 << ((top + j) & 7);
  const scratch = new Uint8Array(SCRATCH_SIZE);
  fillScratch(r, scratch);
  const fsw = o.fsw ?? (r.below(0x80) & 0x3f & (o.unmasked ? 0 : 0x3f)) | (r.below(16) & 0x7) << 8;
  return {
    code: new Uint8Array(code), regs, rflags: 0x2n | BigInt(r.below(0x100) & 0xd5), scratch,
    fx: fxImage({ fcw: randomFcw(r, !!o.unmasked), fsw: (fsw & ~0x3800) | (top << 11), ftw, st }),
  };
}

function hex(b: Uint8Array): string {
  return Buffer.from(b).toString('hex');
}

function describeCase(c: FpCase): string {
  const fx = Buffer.from(c.fx);
  const st = Array.from({ length: 8 }, (_, j) => `st${j}=${fx.readUInt16LE(40 + 16 * j).toString(16)}:${fx.readBigUInt64LE(32 + 16 * j).toString(16)}`);
  return `code ${hex(c.code)} fcw ${fx.readUInt16LE(0).toString(16)} fsw ${fx.readUInt16LE(2).toString(16)} ftw ${fx[4]!.toString(16)} ${st.join(' ')} mem ${hex(c.scratch.subarray(0, 16))} rflags ${c.rflags.toString(16)}`;
}

/**
 * Run `n` cases made by `make` natively and emulated; expect no difference, naming the first
 * differing case (its seed and index reproduce it) and how many differ.
 */
/** The ordinal of a finite 80-bit value with the J bit set (or a zero/denormal): adjacent values differ by one. */
function ordinal(fx: Uint8Array, j: number): bigint | null {
  const b = Buffer.from(fx);
  const se = b.readUInt16LE(40 + 16 * j), m = b.readBigUInt64LE(32 + 16 * j);
  const e = se & 0x7fff;
  if (e === 0x7fff || (e !== 0 && !(m >> 63n))) return null;
  const v = e === 0 ? m : BigInt(e - 1) * (1n << 63n) + m;
  return se & 0x8000 ? -v : v;
}

/**
 * Accept results of the emulator within `ulps` of native in ST registers (the SDM allows the
 * transcendentals that much): such registers, and then C1 (the rounding direction), are taken
 * from native before comparing. Returns how many registers were off (by at most ulps).
 */
function withinUlps(native: FpResult, emulated: FpResult, ulps: number): number {
  let off = 0;
  for (let j = 0; j < 8; j++) {
    const a = ordinal(native.fx, j), b = ordinal(emulated.fx, j);
    if (a === null || b === null || a === b) continue;
    const d = a > b ? a - b : b - a;
    if (d <= BigInt(ulps)) {
      emulated.fx.set(native.fx.subarray(32 + 16 * j, 42 + 16 * j), 32 + 16 * j);
      off++;
    }
  }
  if (off) { emulated.fx[3] = (emulated.fx[3]! & ~0x02) | (native.fx[3]! & 0x02); }
  return off;
}

/**
 * FIP/FDP/FOP are compared where the host is AMD (the zen4-kvm profile models when AMD's FXSAVE
 * stores them: only with FSW.ES); on an Intel host the textbook profile's rules are unverified.
 */
const LAST_INSTRUCTION_CHECKED = hostProfile() === 'zen4-kvm';

export function compareX87(work: string, seed: number, n: number, make: (r: SeededRandom, k: number) => FpCase, opts: FpCompareOptions & { ulps?: number; maxBad?: number } = {}): void {
  const r = new SeededRandom(seed);
  const cases = Array.from({ length: n }, (_, k) => make(r, k));
  const native: FpResult[] = [];
  for (let i = 0; i < cases.length; i += 5000) native.push(...runNativeFp(cases.slice(i, i + 5000), work));
  let first = '';
  let bad = 0, offByOne = 0;
  cases.forEach((c, k) => {
    const emulated = runEmulatedFp(c);
    if (opts.ulps) offByOne += withinUlps(native[k]!, emulated, opts.ulps);
    const diff = fpDifferences(native[k]!, emulated, { ignoreLastInstruction: !LAST_INSTRUCTION_CHECKED, ...opts });
    if (diff.length) {
      bad++;
      if (!first) first = `seed ${seed} case ${k}: ${describeCase(c)}\n  ${diff.join('\n  ')}`;
      if (process.env.TRAPDOOR_X87_SHOW && bad <= Number(process.env.TRAPDOOR_X87_SHOW)) console.log(`case ${k}: ${describeCase(c)}\n  ${diff.join('\n  ')}`);
    }
  });
  if (offByOne) console.log(`seed ${seed}: ${offByOne} of ${n} results within ${opts.ulps} ulp of native, not equal`);
  if (opts.maxBad !== undefined && bad <= opts.maxBad * n) { if (bad) console.log(`seed ${seed}: ${bad}/${n} differ (allowed ${opts.maxBad * n}); first: ${first}`); return; }
  expect(first === '' ? 'no differences' : `${bad}/${n} differ; first: ${first}`).toBe('no differences');
}
