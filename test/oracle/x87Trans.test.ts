// x87 transcendentals and exponent instructions against this machine's CPU. FRNDINT, FSCALE,
// FXTRACT, FPREM, FPREM1 are exact (bit for bit); F2XM1, FYL2X, FYL2XP1, FPATAN, FSIN, FCOS,
// FSINCOS, FPTAN within 1 ulp of the hardware's result (what the SDM allows), everything else
// (flags, tags, stack, C2) equal.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { nativeFpProblem } from './fpOracle.js';
import { loadMachine } from './runInMachine.js';
import { CASES, compareX87, x87Case } from './x87Cases.js';

const problem = nativeFpProblem();
if (problem) console.warn(`test/oracle: x87 oracle SKIPPED: ${problem}`);
const work = mkdtempSync(join(tmpdir(), 'trapdoor-x87-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
beforeAll(async () => {
  const why = await loadMachine();
  if (why) throw new Error(why);
});

const EXACT = [[0xd9, 0xfc], [0xd9, 0xfd], [0xd9, 0xf4], [0xd9, 0xf8], [0xd9, 0xf5]]; // frndint fscale fxtract fprem fprem1
const TRANS = [[0xd9, 0xf0], [0xd9, 0xf1], [0xd9, 0xf9], [0xd9, 0xf3], [0xd9, 0xfe], [0xd9, 0xff], [0xd9, 0xfb], [0xd9, 0xf2]]; // f2xm1 fyl2x fyl2xp1 fpatan fsin fcos fsincos fptan

describe.skipIf(problem !== null)('x87 exponent, remainder and transcendental instructions vs native', () => {
  it(`frndint, fscale, fxtract, fprem, fprem1 bit for bit (${CASES} cases)`, () => {
    compareX87(work, 401, CASES, (r) => x87Case(r, r.pick(EXACT), { unmasked: r.chance(0.3), emptyChance: 0.05 }));
  });
  // Known differences still open (at most 1% of cases): FPTAN's C1 on the AMD host, FSIN's C1 in a
  // few cases, and denormal operands with UE unmasked. Everything else within 1 ulp, flags equal.
  it(`f2xm1, fyl2x, fyl2xp1, fpatan, fsin, fcos, fsincos, fptan within 1 ulp in 99% of ${CASES} cases`, () => {
    compareX87(work, 402, CASES, (r) => x87Case(r, r.pick(TRANS), { unmasked: r.chance(0.3), emptyChance: 0.05 }), { ulps: 1, maxBad: 0.01 });
  });
});
