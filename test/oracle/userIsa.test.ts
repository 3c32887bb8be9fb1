// CPU oracle for the user-mode ISA groups (test/oracle/generateUserIsa.ts): per group at least
// 20,000 random cases (bit counting, BMI1, MOVBE, CMPXCHG8B/16B in 64-bit code; the BCD
// adjustments in 32-bit code, emulated in protected and in compat mode), run natively on this host
// and in the Machine (interpreter and compiled blocks), must end in the same registers, every
// arithmetic flag (undefined ones included: the emulator follows the AMD host) and scratch memory.
// On a difference the block is bisected to its first diverging case.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareStates, type OracleCase } from './cpuOracle.js';
import { generateGroupBlock, GROUP_BITS, ISA_GROUPS, type GroupBlock } from './generateUserIsa.js';
import { assembleBlock, nativeOracleProblem, runNative32, runNative64 } from './nativeOracle.js';
import { initialState } from './oracleLayout.js';
import { ENGINES, loadMachine, runInMachine, type Engine, type Mode32 } from './runInMachine.js';

const CASES_PER_BLOCK = 2000;
// TRAPDOOR_ORACLE_SEEDS=N runs more blocks per group (a bug hunt); 10 x 2,000 = 20,000 cases by default.
const SEEDS = Array.from({ length: Math.max(10, Number(process.env.TRAPDOOR_ORACLE_SEEDS ?? 10)) }, (_, i) => i + 1);

const work = mkdtempSync(join(tmpdir(), 'trapdoor-userisa-'));
const nativeProblem = { 64: nativeOracleProblem(64, join(work, 'probe64')), 32: nativeOracleProblem(32, join(work, 'probe32')) };
for (const bits of [64, 32] as const) if (nativeProblem[bits]) console.warn(`test/oracle: ${bits}-bit user-ISA oracle SKIPPED: ${nativeProblem[bits]}`);
let machineProblem: string | null = null;
const compared: Record<string, number> = {};

beforeAll(async () => { machineProblem = await loadMachine(); });
afterAll(() => {
  console.log(`test/oracle: user-ISA cases that agreed with the native CPU (summed over engines and modes): ${JSON.stringify(compared)}`);
  rmSync(work, { recursive: true, force: true });
});

function runCase(block: GroupBlock, seed: number, dir: string): OracleCase {
  const code = assembleBlock(block, dir, 'block');
  const initialRegs = initialState(block.bits, seed);
  const native = block.bits === 64 ? runNative64(code, initialRegs, dir) : runNative32(code, initialRegs, dir);
  return { bits: block.bits, seed, block, code, initialRegs, native };
}

interface Where { engine: Engine; mode: Mode32 }

function differences(c: OracleCase, w: Where): string[] {
  try {
    return compareStates(c, runInMachine(c.bits, c.code, c.initialRegs, c.block.lines.length * 2 + 16, w.mode, false, w.engine));
  } catch (e) {
    return [(e as Error).message];
  }
}

/** The first case after which native and emulated states differ (bisecting over case prefixes). */
function firstDivergence(block: GroupBlock, seed: number, dir: string, where: Where): string {
  const prefix = (k: number): GroupBlock => {
    const end = k < block.caseLines.length ? block.caseLines[k]! : block.lines.length;
    return { ...block, lines: block.lines.slice(0, end), definedFlags: block.definedAfter[end - 1]!, caseLines: block.caseLines.slice(0, k) };
  };
  let lo = 0, hi = block.cases; // prefix(lo) agrees, prefix(hi) differs
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (differences(runCase(prefix(mid), seed, dir), where).length) hi = mid; else lo = mid;
  }
  // Case hi - 1 (0-based) is the first whose effects differ: show its setup, instruction and fold.
  const at = block.caseLines[hi - 1]!;
  const from = hi >= 2 ? block.caseLines[hi - 2]! + 1 : 0, to = hi < block.caseLines.length ? block.caseLines[hi]! : block.lines.length;
  const lines = block.lines.slice(from, to).map((l, i) => `${from + i === at ? '=> ' : '   '}${l}`);
  return `first diverging case: number ${hi - 1} (line ${at + 1}):\n${lines.join('\n')}`;
}

describe('user-ISA oracle (against this host CPU)', () => {
  for (const group of ISA_GROUPS) {
    const bits = GROUP_BITS[group];
    describe.skipIf(nativeProblem[bits])(`${group} (${bits}-bit): ${SEEDS.length} x ${CASES_PER_BLOCK} cases`, () => {
      for (const seed of SEEDS) {
        it(`seed ${seed}`, () => {
          const dir = join(work, `${group.replace(/\W/g, '')}-${seed}`);
          const block = generateGroupBlock(group, seed, CASES_PER_BLOCK);
          const c = runCase(block, seed, dir);
          expect(c.native.fault, 'the native run faulted').toBeUndefined();
          if (machineProblem) throw new Error(`native side ran; emulator side not run: ${machineProblem}`);
          // 32-bit code runs as on an i386 kernel (protected mode) and as on x86_64 (compat mode).
          for (const mode of bits === 64 ? (['protected'] as const) : (['protected', 'compat'] as const)) {
            for (const engine of ENGINES) {
              const where = { engine, mode };
              const diffs = differences(c, where);
              if (diffs.length) throw new Error(`${diffs.slice(0, 8).join('\n')} (${bits === 32 ? `${mode} mode, ` : ''}${engine})\n${firstDivergence(block, seed, dir, where)}`);
              compared[group] = (compared[group] ?? 0) + block.cases;
            }
          }
        });
      }
    });
  }
});
