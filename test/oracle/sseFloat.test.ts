// SSE/SSE2/SSE3/SSE4.1 floating point against this machine's CPU: 20,000 seeded random cases per
// group with operands biased to NaN/SNaN, infinities, denormals, -0, values near overflow and
// underflow; every rounding mode, DAZ and FTZ, masked and unmasked exceptions (#XM arrives as a
// fault natively: the harness reports its vector and the MXCSR at the fault).
import { describe, expect, it } from 'vitest';
import { hostProfile, type FpCase } from './fpOracle.js';
import { CONVERT_FORMS, FLOAT_ARITH_FORMS, FLOAT_COMPARE_FORMS, SSE41_FORMS } from './sseForms.js';
import { oracleSuite, runBothEngines } from './sseOracle.js';
import type { SeededRandom } from './seededRandom.js';

const suite = oracleSuite('SSE float oracle');
const { problem, count: COUNT, blockCount: BLOCKS } = suite;

/** MXCSR: random flags, rounding control, DAZ, FTZ; masks all set mostly, else random. */
function randomMxcsr(rnd: SeededRandom): number {
  const masks = rnd.chance(0.7) ? 0x3f : rnd.below(64);
  return (rnd.below(64) & (rnd.chance(0.5) ? 0 : 0x3f)) | (rnd.chance(0.25) ? 0x40 : 0) | (masks << 7) | (rnd.below(4) << 13) | (rnd.chance(0.25) ? 0x8000 : 0);
}

/** A float32 or float64 lane from the interesting exponent ranges. */
function floaty(rnd: SeededRandom, v: DataView, at: number, double: boolean): void {
  const sign = rnd.chance(0.5) ? 1 : 0;
  const ebits = double ? 11 : 8, mbits = double ? 52 : 23, emax = (1 << ebits) - 1;
  const k = rnd.below(8);
  const e = k === 0 ? 0 : k === 1 ? emax : k === 2 ? 1 + rnd.below(4) : k === 3 ? emax - 1 - rnd.below(4)
    : k === 4 ? (emax >> 1) + rnd.below(3) - 1 : (emax >> 1) - 40 + rnd.below(80);
  const mk = rnd.below(4);
  if (double) {
    const mhi = mk === 0 ? 0 : mk === 1 ? 0xfffff : rnd.u32() & 0xfffff, mlo = mk === 0 ? (rnd.chance(0.5) ? 1 : 0) : mk === 1 ? 0xffffffff : rnd.u32();
    v.setUint32(at + 4, ((sign << 31) | (e << 20) | mhi) >>> 0, true); v.setUint32(at, mlo >>> 0, true);
  } else {
    const m = mk === 0 ? (rnd.chance(0.5) ? 1 : 0) : mk === 1 ? 0x7fffff : rnd.u32() & 0x7fffff;
    v.setUint32(at, ((sign << 31) | (e << mbits) | m) >>> 0, true);
  }
}

function floatLanes(rnd: SeededRandom, c: FpCase): void {
  const fill = (b: Uint8Array, at: number, n: number): void => {
    const v = new DataView(b.buffer, b.byteOffset + at, n);
    for (let o = 0; o < n; o += 16) {
      if (rnd.chance(0.15)) continue; // keep the generic random vector
      const double = rnd.chance(0.5);
      for (let j = 0; j < 16; j += double ? 8 : 4) floaty(rnd, v, o + j, double);
    }
  };
  fill(c.fx, 160, 256);
  fill(c.scratch, 0, c.scratch.length);
  // dpps/dppd with an unmasked exception: where between the products and the sums the CPU stops
  // is not modelled (see src/machine/isa/sse/README.md); run them with every exception masked
  const n = c.code.length, dp = c.code.findIndex((b, i) => b === 0x3a && i + 1 < n && (c.code[i + 1] === 0x40 || c.code[i + 1] === 0x41));
  if (dp > 0) { const v = new DataView(c.fx.buffer); v.setUint32(24, v.getUint32(24, true) | 0x1f80, true); }
}

describe.skipIf(problem !== null)('SSE floating-point oracle (native vs trapdoor)', () => {
  for (const [name, forms, seed] of [
    // rcp*/rsqrt* are bit-exact only with the AMD tables: on an Intel host they are left out
    ['arithmetic', FLOAT_ARITH_FORMS.filter((f) => hostProfile() === 'zen4-kvm' || !/^r(cp|sqrt)/.test(f.name)), 201], ['compares', FLOAT_COMPARE_FORMS, 202],
    ['conversions', CONVERT_FORMS, 203], ['SSE4.1 (round, dp, blend, insert/extract, pmovx)', SSE41_FORMS, 204],
  ] as const) {
    it(`${name}: ${COUNT} random cases agree (and ${BLOCKS} as compiled blocks)`, () => {
      expect(runBothEngines(forms, suite, seed, { mxcsr: randomMxcsr, tweak: floatLanes })).toBeNull();
    }, 600_000);
  }
});
