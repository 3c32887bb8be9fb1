// x87 loads, stores and conversions against this machine's CPU: FLD/FST/FSTP (m32, m64, m80,
// ST(i)), FILD/FIST/FISTP/FISTTP of every size, FBLD/FBSTP, FXCH, FCMOVcc, the constants, FFREE,
// FINCSTP/FDECSTP; random operands, precision/rounding control, masked and unmasked exceptions.
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

const MEM_FORMS: number[][] = [
  [0xd9, 0x45], [0xdd, 0x45], [0xdb, 0x6d], // fld m32 m64 m80
  [0xd9, 0x55], [0xd9, 0x5d], [0xdd, 0x55], [0xdd, 0x5d], [0xdb, 0x7d], // fst/fstp m32 m64, fstp m80
  [0xdf, 0x45], [0xdb, 0x45], [0xdf, 0x6d], // fild m16 m32 m64
  [0xdf, 0x55], [0xdb, 0x55], [0xdf, 0x5d], [0xdb, 0x5d], [0xdf, 0x7d], // fist/fistp
  [0xdf, 0x4d], [0xdb, 0x4d], [0xdd, 0x4d], // fisttp m16 m32 m64
  [0xdf, 0x65], [0xdf, 0x75], // fbld fbstp
];
const REG_FORMS: number[][] = [
  [0xd9, 0xc0], [0xdd, 0xd0], [0xdd, 0xd8], [0xd9, 0xc8], // fld fst fstp fxch st(i)
  [0xda, 0xc0], [0xda, 0xc8], [0xda, 0xd0], [0xda, 0xd8], [0xdb, 0xc0], [0xdb, 0xc8], [0xdb, 0xd0], [0xdb, 0xd8], // fcmovcc
  [0xdd, 0xc0], [0xdf, 0xc0], // ffree ffreep
];
const NO_OPERAND: number[][] = [[0xd9, 0xe8], [0xd9, 0xe9], [0xd9, 0xea], [0xd9, 0xeb], [0xd9, 0xec], [0xd9, 0xed], [0xd9, 0xee], [0xd9, 0xf7], [0xd9, 0xf6]];

function moveCode(r: SeededRandom): number[] {
  const k = r.below(10);
  if (k < 6) return [...r.pick(MEM_FORMS), 0];
  if (k < 9) { const [a, b] = r.pick(REG_FORMS); return [a!, b! | r.below(8)]; }
  return r.pick(NO_OPERAND);
}

describe.skipIf(problem !== null)('x87 loads, stores and conversions vs native', () => {
  it(`masked exceptions (${CASES} cases)`, () => {
    compareX87(work, 201, CASES, (r) => x87Case(r, moveCode(r), { emptyChance: 0.1 }));
  });
  it(`unmasked exceptions (${CASES} cases)`, () => {
    compareX87(work, 202, CASES, (r) => x87Case(r, moveCode(r), { unmasked: true, emptyChance: 0.1 }));
  });
});
