// The FPU oracle's own plumbing: an FXSAVE image loaded and stored around code that does not touch
// the FPU comes back as the hardware stores it, natively and through trapdoor's FxsaveImage, and
// the native harness reports a fault with the FPU state at the fault.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fpDifferences, fxImage, nativeFpProblem, runEmulatedFp, runNativeFp, type FpCase } from './fpOracle.js';
import { SCRATCH_SIZE } from './generateBlock.js';
import { SeededRandom } from './seededRandom.js';
import { loadMachine } from './runInMachine.js';
import { STACK_TOP, SCRATCH_ADDR } from './oracleLayout.js';

const problem = nativeFpProblem();
if (problem) console.warn(`test/oracle: FPU oracle SKIPPED: ${problem}`);
const work = mkdtempSync(join(tmpdir(), 'trapdoor-fp-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
beforeAll(async () => {
  const why = await loadMachine();
  if (why) throw new Error(why);
});

function randomCase(rnd: SeededRandom, code: number[]): FpCase {
  const regs = Array.from({ length: 16 }, () => rnd.u64());
  regs[4] = STACK_TOP;
  regs[5] = SCRATCH_ADDR;
  const xmm = new Uint8Array(256);
  for (let i = 0; i < 256; i++) xmm[i] = rnd.below(256);
  // x87 registers in stack order: valid numbers (J bit set), a zero, an empty slot pattern.
  const st: [number, number, number][] = [];
  for (let j = 0; j < 8; j++) st.push([rnd.below(0x10000) & 0xbfff | 0x3c00, Number(rnd.u64() & 0xffffffffn), Number(rnd.u64() & 0xffffffffn) | 0x80000000]);
  const scratch = new Uint8Array(SCRATCH_SIZE);
  for (let i = 0; i < SCRATCH_SIZE; i++) scratch[i] = rnd.below(256);
  return {
    code: new Uint8Array(code), regs, rflags: 0x2n | BigInt(rnd.below(2)), scratch,
    fx: fxImage({ fcw: 0x37f, fsw: (rnd.below(8) << 11), ftw: rnd.below(256), mxcsr: 0x1f80 | (rnd.below(64) & 0x3f), st, xmm }),
  };
}

describe.skipIf(problem !== null)('FPU oracle harness', () => {
  it('an FXSAVE image round-trips through code that leaves the FPU alone, natively and emulated alike', () => {
    const rnd = new SeededRandom(7);
    // nop; mov %rax,%rbx
    const cases = Array.from({ length: 50 }, () => randomCase(rnd, [0x90, 0x48, 0x89, 0xc3]));
    const native = runNativeFp(cases, work);
    cases.forEach((c, k) => {
      const n = native[k]!;
      expect(n.fault).toBeUndefined();
      expect(n.regs[3]).toBe(c.regs[0]);
      expect(fpDifferences(n, runEmulatedFp(c))).toEqual([]);
    });
  });

  it('a fault reports the trap number, the faulting RIP and the state at the fault', () => {
    const rnd = new SeededRandom(8);
    // mov %rax,%rbx; ud2
    const c = randomCase(rnd, [0x48, 0x89, 0xc3, 0x0f, 0x0b]);
    const [n] = runNativeFp([c], work);
    expect(n!.fault?.vector).toBe(6);
    expect(n!.fault?.signo).toBe(4);
    expect(n!.fault?.rip).toBe(0x1000_0003n);
    expect(fpDifferences(n!, runEmulatedFp(c))).toEqual([]);
  });
});
