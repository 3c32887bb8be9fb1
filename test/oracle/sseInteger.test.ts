// MMX/SSE2/SSSE3/SSE4.1 integer instructions and moves against this machine's CPU: 20,000 seeded
// random cases per group (registers, memory operands aligned and not, MMX aliasing of the x87
// registers), each compared in GPRs, flags, every XMM/x87 register, FSW/FTW, MXCSR and memory.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { hostProfile, type FpCase } from './fpOracle.js';
import type { SeededRandom } from './seededRandom.js';
import { CRYPTO_FORMS, SSE4A_FORMS, MOVE_LOGIC_FORMS, INT_ARITH_FORMS, SHUFFLE_SHIFT_FORMS, SSSE3_SSE41_INT_FORMS } from './sseForms.js';
import { oracleSuite, runBothEngines } from './sseOracle.js';
import { SCRATCH_ADDR } from './oracleLayout.js';

const suite = oracleSuite('SSE integer oracle');
const { problem, count: COUNT, blockCount: BLOCKS } = suite;
/** MXCSR with random flags and, on an AMD host, sometimes MM (misaligned SSE mode: only movaps-like moves still #GP). */
const mxcsr = (rnd: SeededRandom): number => 0x1f80 | rnd.below(64) | (hostProfile() === 'zen4-kvm' && rnd.chance(0.3) ? 0x20000 : 0);
/** maskmovq/maskmovdqu store through rdi: point it into scratch memory (any alignment). */
const rdiInScratch = (rnd: SeededRandom, c: FpCase): void => { c.regs[7] = SCRATCH_ADDR + BigInt(rnd.below(240)); };

/** The crypto group needs a host CPU with all four extensions (the emulated profiles announce them). */
function hostCryptoProblem(): string | null {
  let flags: string[];
  try { flags = (/^flags\s*:(.*)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? '').trim().split(/\s+/); } catch { return 'no /proc/cpuinfo to read the host CPU flags from'; }
  const missing = ['aes', 'pclmulqdq', 'sha_ni', 'gfni'].filter((x) => !flags.includes(x));
  return missing.length ? `the host CPU lacks ${missing.join(', ')}` : null;
}
const cryptoProblem = problem ?? hostCryptoProblem();
/** SSE4a is AMD's: only an AMD host (whose profile, zen4-kvm, announces it) can be compared. */
const sse4aProblem = problem ?? (hostProfile() === 'zen4-kvm' ? null : 'the host CPU is not an AMD one (SSE4a)');
if (sse4aProblem && !problem) console.warn(`test/oracle: SSE4a oracle SKIPPED: ${sse4aProblem}`);
if (cryptoProblem && !problem) console.warn(`test/oracle: AES/PCLMULQDQ/SHA/GFNI oracle SKIPPED: ${cryptoProblem}`);

describe.skipIf(problem !== null)('SSE integer oracle (native vs trapdoor)', () => {
  for (const [name, forms, seed] of [
    ['moves and logic', MOVE_LOGIC_FORMS, 101], ['integer arithmetic and compares', INT_ARITH_FORMS, 102],
    ['shuffles, unpacks, packs and shifts', SHUFFLE_SHIFT_FORMS, 103], ['SSSE3 and SSE4.1 integer', SSSE3_SSE41_INT_FORMS, 104],
  ] as const) {
    it(`${name}: ${COUNT} random cases agree (and ${BLOCKS} as compiled blocks)`, () => {
      expect(runBothEngines(forms, suite, seed, { mxcsr, misalign: 0.1, tweak: rdiInScratch })).toBeNull();
    }, 600_000);
  }

  it.skipIf(cryptoProblem !== null)(`AES-NI, PCLMULQDQ, SHA and GFNI: ${COUNT} random cases agree (and ${BLOCKS} as compiled blocks)${cryptoProblem ? ` (SKIPPED: ${cryptoProblem})` : ''}`, () => {
    expect(runBothEngines(CRYPTO_FORMS, suite, 105, { mxcsr, misalign: 0.1 })).toBeNull();
  }, 600_000);
  it.skipIf(sse4aProblem !== null)(`SSE4a: ${COUNT} random cases agree (and ${BLOCKS} as compiled blocks)${sse4aProblem ? ` (SKIPPED: ${sse4aProblem})` : ''}`, () => {
    expect(runBothEngines(SSE4A_FORMS, suite, 106, { mxcsr, misalign: 0.3 })).toBeNull();
  }, 600_000);
});
