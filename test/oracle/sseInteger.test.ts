// MMX/SSE2/SSSE3/SSE4.1 integer instructions and moves against this machine's CPU: 20,000 seeded
// random cases per group (registers, memory operands aligned and not, MMX aliasing of the x87
// registers), each compared in GPRs, flags, every XMM/x87 register, FSW/FTW, MXCSR and memory.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nativeFpProblem } from './fpOracle.js';
import { loadMachine } from './runInMachine.js';
import { MOVE_LOGIC_FORMS, INT_ARITH_FORMS, SHUFFLE_SHIFT_FORMS, SSSE3_SSE41_INT_FORMS } from './sseForms.js';
import { runGroup } from './sseOracle.js';

const problem = nativeFpProblem();
if (problem) console.warn(`test/oracle: SSE integer oracle SKIPPED: ${problem}`);
const work = mkdtempSync(join(tmpdir(), 'trapdoor-sse-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
beforeAll(async () => {
  const why = await loadMachine();
  if (why) throw new Error(why);
});
const COUNT = Number(process.env.TRAPDOOR_SSE_CASES ?? 20_000);
/** TRAPDOOR_SSE_SEED=n shifts every seed (a longer bug hunt: other seeds, more cases). */
const SEED_OFFSET = Number(process.env.TRAPDOOR_SSE_SEED ?? 0) * 1000;

describe.skipIf(problem !== null)('SSE integer oracle (native vs trapdoor)', () => {
  for (const [name, forms, seed] of [
    ['moves and logic', MOVE_LOGIC_FORMS, 101], ['integer arithmetic and compares', INT_ARITH_FORMS, 102],
    ['shuffles, unpacks, packs and shifts', SHUFFLE_SHIFT_FORMS, 103], ['SSSE3 and SSE4.1 integer', SSSE3_SSE41_INT_FORMS, 104],
  ] as const) {
    it(`${name}: ${COUNT} random cases agree`, () => {
      const r = runGroup(forms, COUNT, seed + SEED_OFFSET, work);
      expect(r.firstDifference).toBeNull();
      expect(r.cases).toBe(COUNT);
    }, 600_000);
  }
});
