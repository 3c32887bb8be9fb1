// CPU oracle: at least 20 seeds x 2,000 random integer instructions, in 32- and 64-bit code, must
// end with the same registers, defined flags and scratch memory natively and in trapdoor's Machine.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareStates, INSTRUCTIONS_PER_CASE, runOracleCase, type OracleCase } from './cpuOracle.js';
import type { Bits } from './generateBlock.js';
import { assembleBlock, nativeOracleProblem, runNative32, runNative64 } from './nativeOracle.js';
import { STACK_TOP } from './oracleLayout.js';
import { ENGINES, loadMachine, runInMachine, type Engine, type Mode32 } from './runInMachine.js';

// TRAPDOOR_ORACLE_SEEDS=N runs more seeds (a bug hunt); CI runs 20.
const SEEDS = Array.from({ length: Math.max(20, Number(process.env.TRAPDOOR_ORACLE_SEEDS ?? 20)) }, (_, i) => i + 1);
const work = mkdtempSync(join(tmpdir(), 'trapdoor-oracle-'));
const nativeProblem: Record<Bits, string | null> = {
  64: nativeOracleProblem(64, join(work, 'probe64')),
  32: nativeOracleProblem(32, join(work, 'probe32')),
};
for (const bits of [64, 32] as const) {
  if (nativeProblem[bits]) console.warn(`test/oracle: ${bits}-bit CPU oracle SKIPPED: ${nativeProblem[bits]}`);
}

let machineProblem: string | null = null;
let compared = 0;

beforeAll(async () => {
  machineProblem = await loadMachine();
  if (machineProblem) console.warn(`test/oracle: emulator side cannot run yet (the seed tests FAIL): ${machineProblem}`);
});

afterAll(() => {
  console.log(`test/oracle: ${compared} runs of ${INSTRUCTIONS_PER_CASE}-instruction blocks agreed with the native CPU`);
  rmSync(work, { recursive: true, force: true });
});

/** Bisect prefixes of the block to the first instruction after which the states differ. */
function firstDivergence(c: OracleCase, dir: string, mode: Mode32, engine: Engine): string {
  // A prefix must not end between a forward jump and its label.
  const closed = (k: number): number => {
    const lines = c.block.lines;
    for (let i = 0; i < k; i++) {
      const m = /^(?:j\w+|loop\w*) (\.Lskip\d+)$/.exec(lines[i]!);
      if (m) {
        const end = lines.indexOf(`${m[1]}:`, i);
        if (end >= k) k = end + 1;
      }
    }
    return k;
  };
  const differs = (k: number): boolean => {
    k = closed(k);
    const prefix = { ...c.block, lines: c.block.lines.slice(0, k), definedFlags: c.block.definedAfter[k - 1]! };
    const code = assembleBlock(prefix, dir, 'prefix');
    const native = c.bits === 64 ? runNative64(code, c.initialRegs, dir) : runNative32(code, c.initialRegs, dir);
    try {
      const emulated = runInMachine(c.bits, code, c.initialRegs, k * 4 + 16, mode, false, engine);
      return compareStates({ ...c, block: prefix, code, native }, emulated).length > 0;
    } catch {
      return true;
    }
  };
  let lo = 0;
  let hi = c.block.lines.length;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (differs(mid)) hi = closed(mid);
    else lo = mid;
    if (hi <= lo) break;
  }
  const context = c.block.lines.slice(Math.max(0, hi - 4), hi).map((l, i, a) => `${i === a.length - 1 ? '=> ' : '   '}${l}`);
  return `first divergence after instruction ${hi} (${c.block.lines[hi - 1]}):\n${context.join('\n')}`;
}

for (const bits of [64, 32] as const) {
  describe.skipIf(nativeProblem[bits])(`CPU oracle, ${bits}-bit: ${SEEDS.length} seeds x ${INSTRUCTIONS_PER_CASE} instructions`, () => {
    it('the native side is deterministic and the block is balanced on the stack', () => {
      const a = runOracleCase(bits, 1, join(work, `det${bits}`));
      const b = runOracleCase(bits, 1, join(work, `det${bits}`));
      expect(a.native.regs).toEqual(b.native.regs);
      expect(a.native.rflags).toBe(b.native.rflags);
      expect(a.native.regs[4]).toBe(STACK_TOP);
      expect(a.block.lines.length).toBeGreaterThanOrEqual(INSTRUCTIONS_PER_CASE);
    });

    for (const seed of SEEDS) {
      it(`seed ${seed}`, () => {
        const dir = join(work, `${bits}-${seed}`);
        const c = runOracleCase(bits, seed, dir);
        if (machineProblem) throw new Error(`native side ran; emulator side not run: ${machineProblem}`);
        // 32-bit code runs as on an i386 kernel (protected mode) and as on x86_64 (compat mode).
        // Each through the interpreter and through compiled blocks.
        for (const mode of bits === 64 ? (['protected'] as const) : (['protected', 'compat'] as const)) {
          for (const engine of ENGINES) {
            const where = ` (${bits === 32 ? `${mode} mode, ` : ''}${engine})`;
            let diffs: string[];
            try {
              const emulated = runInMachine(bits, c.code, c.initialRegs, c.block.lines.length * 4, mode, false, engine);
              diffs = compareStates(c, emulated);
              // Most of a random block is straight-line integer code: it must really have run compiled.
              if (engine === 'blocks') expect(emulated.compiledInstructions).toBeGreaterThan(INSTRUCTIONS_PER_CASE / 2);
              else expect(emulated.compiledInstructions).toBe(0);
            } catch (e) {
              throw new Error(`${(e as Error).message}${where}\n${firstDivergence(c, dir, mode, engine)}`);
            }
            if (diffs.length) throw new Error(`${diffs.join('\n')}${where}\n${firstDivergence(c, dir, mode, engine)}`);
            compared++;
          }
        }
      });
    }
  });
}
