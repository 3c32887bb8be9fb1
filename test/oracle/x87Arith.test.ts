// x87 arithmetic against this machine's CPU: FADD/FSUB/FSUBR/FMUL/FDIV/FDIVR in every form, FSQRT,
// FABS, FCHS on random operands (zeros, denormals, infinities, NaNs, unsupported encodings), every
// precision and rounding control, masked and unmasked exceptions.
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

// reg field of each operation in D8/DC (register and m32/m64 forms) and DA/DE (m32int/m16int, ...P)
const OPS = [0, 4, 5, 1, 6, 7]; // add sub subr mul div divr
function arithCode(op: number, form: number, i: number): number[] {
  switch (form) {
    case 0: return [0xd8, 0xc0 | (op << 3) | i]; // fop st(0), st(i)
    case 1: return [0xdc, 0xc0 | (op << 3) | i]; // fop st(i), st(0)
    case 2: return [0xde, 0xc0 | (op << 3) | i]; // fopp st(i), st(0)
    case 3: return [0xd8, 0x45 | (op << 3), 0]; // m32fp
    case 4: return [0xdc, 0x45 | (op << 3), 0]; // m64fp
    case 5: return [0xda, 0x45 | (op << 3), 0]; // m32int
    default: return [0xde, 0x45 | (op << 3), 0]; // m16int
  }
}

describe.skipIf(problem !== null)('x87 arithmetic vs native', () => {
  it(`add/sub/mul/div in all forms, masked exceptions (${CASES} cases)`, () => {
    compareX87(work, 101, CASES, (r) => x87Case(r, arithCode(r.pick(OPS), r.below(7), r.below(8))));
  });
  it(`add/sub/mul/div with unmasked exceptions (${CASES} cases)`, () => {
    compareX87(work, 102, CASES, (r) => x87Case(r, arithCode(r.pick(OPS), r.below(7), r.below(8)), { unmasked: true }));
  });
  it(`fsqrt, fabs, fchs (${CASES} cases)`, () => {
    compareX87(work, 103, CASES, (r) => x87Case(r, [0xd9, r.pick([0xfa, 0xfa, 0xe1, 0xe0])], { unmasked: r.chance(0.3) }));
  });
});
