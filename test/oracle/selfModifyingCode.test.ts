// Self-modifying code (issue 9 section 4): code that rewrites an instruction straddling a page
// boundary, code already compiled into a block, and the instruction ahead of a store in the same
// block must run the new bytes, as the real CPU does. Native execution (the oracle's C harness
// maps the code read/write/execute) is the oracle; the emulator runs it with the interpreter and
// with every instruction in compiled blocks, its code pages writable as the harness's are.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assembleBlock, nativeOracleProblem, runNative64 } from './nativeOracle.js';
import { CODE_ADDR, DATA_ADDR, initialState, REG_NAMES_64, type CpuState } from './oracleLayout.js';
import { ENGINES, loadMachine, prepareMachine } from './runInMachine.js';
import type { RegName } from '../../src/machine/index.js';

const CR3 = 0x1000n; // runInMachine's address space

// Results: r8/r9 the straddling function before/after its second page is patched, r10/r11 a
// compiled function before/after a patch from outside, esi the sum of a loop whose store patches
// the add right after it (each pass adds the count it stored: 40+39+...+1 = 820).
const SOURCE = [
  'xor %r8d, %r8d', 'xor %r10d, %r10d', 'mov $40, %ecx',
  '1: call straddle', 'add %eax, %r8d', 'call compiled', 'add %eax, %r10d', 'dec %ecx', 'jnz 1b',
  // byte 2 of `mov $1, %eax` at 4094 is the second byte of its immediate, the first of page 2: imm 0x101
  'movb $1, straddle+2(%rip)', 'call straddle', 'mov %eax, %r9d',
  // the immediate of `add $7, %eax` becomes 9 in a function the loop above made hot
  'movb $9, patched+2(%rip)', 'call compiled', 'mov %eax, %r11d',
  'mov $40, %ecx', 'xor %esi, %esi',
  '2: movb %cl, 3f+2(%rip)', '3: add $0, %esi', 'dec %ecx', 'jnz 2b',
  'jmp done',
  '.org 0x200', 'compiled: xor %eax, %eax', 'add $5, %eax', 'patched: add $7, %eax', 'ret',
  '.org 4094', 'straddle: mov $1, %eax', 'ret',
  'done:',
];

const work = mkdtempSync(join(tmpdir(), 'trapdoor-smc-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const problem = nativeOracleProblem(64, work);
if (problem) console.warn(`test/oracle: self-modifying code against native SKIPPED: ${problem}`);

function runEmulated(code: Uint8Array, init: CpuState, engine: (typeof ENGINES)[number]): CpuState & { compiled: number } {
  const m = prepareMachine(64, code, init, 'protected', engine);
  m.protect(CR3, CODE_ADDR, Math.ceil((code.length + 16) / 4096) * 4096, { write: true, exec: true, user: true });
  const end = CODE_ADDR + BigInt(code.length);
  const r = m.run({ maxInstructions: 100_000, breakpoints: new Set([end]) });
  if (m.getReg('rip') !== end) throw new Error(`emulator stopped (${r.reason}) at 0x${m.getReg('rip').toString(16)}: ${m.lastException?.reason ?? r.message}`);
  return {
    regs: REG_NAMES_64.map((n) => m.getReg(n as RegName)), rflags: m.getReg('rflags'),
    scratch: m.read(DATA_ADDR, init.scratch.length), compiled: m.compiledInstructions,
  };
}

describe('self-modifying code', () => {
  let code: Uint8Array = new Uint8Array(0);
  beforeAll(async () => {
    const err = await loadMachine();
    if (err) throw new Error(err);
    code = assembleBlock({ bits: 64, lines: SOURCE } as Parameters<typeof assembleBlock>[0], work, 'smc');
  });

  it('the straddling instruction really straddles a page boundary', () => {
    expect(code.length).toBe(4100);
    expect([...code.subarray(4094, 4099)]).toEqual([0xb8, 0x01, 0x00, 0x00, 0x00]);
  });

  for (const engine of ENGINES) {
    it.skipIf(problem !== null)(`runs the new bytes as the CPU does (${engine})`, () => {
      const init = initialState(64, 9);
      const native = runNative64(code, init, work);
      const emulated = runEmulated(code, init, engine);
      const at = (s: CpuState, r: string) => s.regs[REG_NAMES_64.indexOf(r as (typeof REG_NAMES_64)[number])];
      // What the SDM's self-modifying-code rule gives, on this CPU and in the emulator.
      expect([at(native, 'r8'), at(native, 'r9'), at(native, 'r10'), at(native, 'r11'), at(native, 'rsi')]).toEqual([40n, 0x101n, 480n, 14n, 820n]);
      expect(emulated.regs).toEqual(native.regs);
      expect(emulated.scratch).toEqual(native.scratch);
      if (engine === 'blocks') expect(emulated.compiled).toBeGreaterThan(100);
    });
  }
});
