// x87 comparisons against this machine's CPU: FCOM/FCOMP/FCOMPP/FUCOM*/FICOM*/FTST/FXAM (C3 C2
// C0, read back with FNSTSW AX too) and FCOMI/FUCOMI(P) (ZF PF CF), with NaNs, infinities,
// denormals, signed zeros, empty registers, masked and unmasked exceptions.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { nativeFpProblem } from './fpOracle.js';
import { loadMachine } from './runInMachine.js';
import type { SeededRandom } from './seededRandom.js';
import { CASES, compareX87, x87Case } from './x87Cases.js';

const problem = nativeFpProblem();
if (problem) console.warn(`test/oracle: x87 oracle SKIPPED: ${problem}`);
const work = mkdtempSync(join(tmpdir(), 'trapdoor-x87-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
beforeAll(async () => {
  const why = await loadMachine();
  if (why) throw new Error(why);
});

const REG: number[][] = [[0xd8, 0xd0], [0xd8, 0xd8], [0xdd, 0xe0], [0xdd, 0xe8], [0xdb, 0xf0], [0xdb, 0xe8], [0xdf, 0xf0], [0xdf, 0xe8]];
const MEM: number[][] = [[0xd8, 0x55], [0xdc, 0x55], [0xd8, 0x5d], [0xdc, 0x5d], [0xde, 0x55], [0xda, 0x55], [0xde, 0x5d], [0xda, 0x5d]];
const NONE: number[][] = [[0xde, 0xd9], [0xda, 0xe9], [0xd9, 0xe4], [0xd9, 0xe5]];

function compareCode(r: SeededRandom): number[] {
  const k = r.below(10);
  let code: number[];
  if (k < 5) { const [a, b] = r.pick(REG); code = [a!, b! | r.below(8)]; }
  else if (k < 8) code = [...r.pick(MEM), 0];
  else code = r.pick(NONE);
  return r.chance(0.3) ? [...code, 0xdf, 0xe0] : code; // fnstsw %ax
}

describe.skipIf(problem !== null)('x87 comparisons vs native', () => {
  it(`masked exceptions (${CASES} cases)`, () => {
    compareX87(work, 301, CASES, (r) => x87Case(r, compareCode(r), { emptyChance: 0.08 }));
  });
  it(`unmasked exceptions (${CASES} cases)`, () => {
    compareX87(work, 302, CASES, (r) => x87Case(r, compareCode(r), { unmasked: true, emptyChance: 0.08 }));
  });
});
