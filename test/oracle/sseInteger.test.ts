// MMX/SSE2/SSSE3/SSE4.1 integer instructions and moves against this machine's CPU: 20,000 seeded
// random cases per group (registers, memory operands aligned and not, MMX aliasing of the x87
// registers), each compared in GPRs, flags, every XMM/x87 register, FSW/FTW, MXCSR and memory.
import { describe, expect, it } from 'vitest';
import { hostProfile, type FpCase } from './fpOracle.js';
import type { SeededRandom } from './seededRandom.js';
import { MOVE_LOGIC_FORMS, INT_ARITH_FORMS, SHUFFLE_SHIFT_FORMS, SSSE3_SSE41_INT_FORMS } from './sseForms.js';
import { oracleSuite, runGroup } from './sseOracle.js';
import { SCRATCH_ADDR } from './oracleLayout.js';

const { problem, work, count: COUNT, seedOffset: SEED_OFFSET } = oracleSuite('SSE integer oracle');
/** MXCSR with random flags and, on an AMD host, sometimes MM (misaligned SSE mode: only movaps-like moves still #GP). */
const mxcsr = (rnd: SeededRandom): number => 0x1f80 | rnd.below(64) | (hostProfile() === 'zen4-kvm' && rnd.chance(0.3) ? 0x20000 : 0);
/** maskmovq/maskmovdqu store through rdi: point it into scratch memory (any alignment). */
const rdiInScratch = (rnd: SeededRandom, c: FpCase): void => { c.regs[7] = SCRATCH_ADDR + BigInt(rnd.below(240)); };

describe.skipIf(problem !== null)('SSE integer oracle (native vs trapdoor)', () => {
  for (const [name, forms, seed] of [
    ['moves and logic', MOVE_LOGIC_FORMS, 101], ['integer arithmetic and compares', INT_ARITH_FORMS, 102],
    ['shuffles, unpacks, packs and shifts', SHUFFLE_SHIFT_FORMS, 103], ['SSSE3 and SSE4.1 integer', SSSE3_SSE41_INT_FORMS, 104],
  ] as const) {
    it(`${name}: ${COUNT} random cases agree`, () => {
      const r = runGroup(forms, COUNT, seed + SEED_OFFSET, work, { mxcsr, misalign: 0.1, tweak: rdiInScratch });
      expect(r.firstDifference).toBeNull();
      expect(r.cases).toBe(COUNT);
    }, 600_000);
  }
});
