// The CPU oracle (QEMU risu's idea): a seeded random block of integer instructions, its initial
// state, and what the real CPU ends with. The emulator must end with the same registers, defined
// flags and scratch memory.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateBlock, ARITH_FLAGS, type Bits, type OracleBlock } from './generateBlock.js';
import { initialState, REG_NAMES_32, REG_NAMES_64, type CpuState } from './oracleLayout.js';
import { assembleBlock, runNative32, runNative64 } from './nativeOracle.js';

export interface OracleCase {
  bits: Bits;
  seed: number;
  block: OracleBlock;
  /** The block's machine code (GNU as), to be placed at CODE_ADDR. */
  code: Uint8Array;
  initialRegs: CpuState;
  /** The real CPU's final state. */
  native: CpuState;
}

export const INSTRUCTIONS_PER_CASE = 2000;

/** Generate, assemble and run one case natively (workDir: where its files go; a fresh temp dir by default). */
export function runOracleCase(bits: Bits, seed: number, workDir?: string, count = INSTRUCTIONS_PER_CASE): OracleCase {
  workDir ??= mkdtempSync(join(tmpdir(), 'trapdoor-oracle-case-'));
  const block = generateBlock(bits, seed, count);
  const code = assembleBlock(block, workDir, `block${bits}-${seed}`);
  const initialRegs = initialState(bits, seed);
  const native = bits === 64 ? runNative64(code, initialRegs, workDir) : runNative32(code, initialRegs, workDir);
  return { bits, seed, block, code, initialRegs, native };
}

/** Differences between the native and emulated final states (empty when they agree). */
export function compareStates(c: OracleCase, emulated: CpuState): string[] {
  const names = c.bits === 64 ? REG_NAMES_64 : REG_NAMES_32;
  const hex = (v: bigint): string => `0x${v.toString(16)}`;
  const diffs: string[] = [];
  names.forEach((name, i) => {
    const want = c.native.regs[i]!;
    const got = emulated.regs[i]!;
    if (want !== got) diffs.push(`%${name}: native ${hex(want)}, emulated ${hex(got)}`);
  });
  const defined = BigInt(c.block.definedFlags & ARITH_FLAGS);
  const want = c.native.rflags & defined;
  const got = emulated.rflags & defined;
  if (want !== got) diffs.push(`rflags (defined bits ${hex(defined)}): native ${hex(want)}, emulated ${hex(got)}`);
  for (let i = 0; i < c.native.scratch.length; i++) {
    if (c.native.scratch[i] !== emulated.scratch[i]) {
      diffs.push(`scratch byte ${i}: native 0x${c.native.scratch[i]!.toString(16)}, emulated 0x${(emulated.scratch[i] ?? 0).toString(16)}`);
      if (diffs.length > 20) break;
    }
  }
  return diffs;
}
