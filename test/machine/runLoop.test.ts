// run()'s contract with its callers beyond plain execution: the onBreakpoint hook's "go on from
// here" answer, and compiled blocks not multiplying when runs are cut into slices.
import { describe, expect, it } from 'vitest';
import { CODE, flatMachine, gas, hasGnuAs } from './harness.js';

const LOOP = `
  mov $500, %ecx
  xor %eax, %eax
1: add %ecx, %eax
  mov %eax, 0x600000
  xor $0x55, %eax
  shl $3, %eax
  add 0x600000, %eax
  dec %ecx
  jnz 1b
  hlt
`;

describe.skipIf(!hasGnuAs)('run() loop', () => {
  if (!hasGnuAs) console.warn('test/machine/runLoop: SKIPPED: GNU as/ld not found');

  for (const engine of ['interpreter', 'blocks'] as const) {
    it(`onBreakpoint returning 0 runs the instruction at the breakpoint and asks again next time (${engine})`, () => {
      const { bytes } = gas(64, LOOP, CODE);
      const probe = flatMachine(bytes, 'interpreter');
      for (let i = 0; i < 4; i++) probe.step();
      const bp = probe.getReg('rip'); // `mov %eax, 0x600000`, inside the loop body
      const m = flatMachine(bytes, engine);
      let calls = 0;
      m.step(); // run() checks breakpoints only after its first instruction
      const r = m.run({ maxInstructions: 1e6, breakpoints: new Set([bp]), onBreakpoint: () => { calls++; return 0; } });
      expect(r.reason).toBe('halted');
      expect(calls).toBe(500); // once per pass, and never twice in a row at the same pass
      const ref = flatMachine(bytes, 'interpreter');
      ref.run({ maxInstructions: 1e6 });
      expect(m.getReg('rax')).toBe(ref.getReg('rax'));
    });
  }

  it('slicing a run does not make each instruction of a refused block compile a block of its own', () => {
    const { bytes } = gas(64, LOOP, CODE);
    const whole = flatMachine(bytes, 'blocks', 16);
    whole.run({ maxInstructions: 1e6 });
    const sliced = flatMachine(bytes, 'blocks', 16);
    // 97 instructions a slice: the loop's block (7 instructions) is refused at most slice ends.
    while (sliced.run({ maxInstructions: 97 }).reason === 'max-instructions');
    expect(sliced.getReg('rax')).toBe(whole.getReg('rax'));
    expect(sliced.compiledBlocks).toBeLessThanOrEqual(whole.compiledBlocks + 1);
  });
});
