// SSE4.2 PCMPESTRI/PCMPESTRM/PCMPISTRI/PCMPISTRM (all 256 imm8 values) and CRC32 against this
// machine's CPU: strings over a small alphabet with embedded zeros, explicit lengths in EAX/EDX
// (negative, in range, beyond 16), 20,000 seeded cases.
import { describe, expect, it } from 'vitest';
import type { FpCase } from './fpOracle.js';
import { STRING_FORMS } from './sseForms.js';
import { oracleSuite, runBothEngines } from './sseOracle.js';
import type { SeededRandom } from './seededRandom.js';

const suite = oracleSuite('SSE4.2 string oracle');
const { problem, count: COUNT, blockCount: BLOCKS } = suite;

/** Bytes from a 5-letter alphabet plus NUL (sometimes full random), lengths around 0..16 in rax/rdx. */
function stringy(rnd: SeededRandom, c: FpCase): void {
  const alpha = [0, 0x61, 0x62, 0x63, 0x64, 0xe1, 0x80];
  const fill = (b: Uint8Array, at: number, n: number): void => {
    const zeroes = rnd.chance(0.5);
    for (let i = 0; i < n; i++) { const v = rnd.chance(0.1) ? rnd.below(256) : rnd.pick(alpha); b[at + i] = !zeroes && v === 0 ? 0x62 : v; }
  };
  fill(c.fx, 160, 256);
  fill(c.scratch, 0, c.scratch.length);
  const len = (): bigint => { const k = rnd.below(6); return k === 0 ? c.regs[0]! : k === 1 ? BigInt.asUintN(64, BigInt(-rnd.below(20))) : k === 2 ? BigInt(rnd.below(40)) : BigInt(rnd.below(17)); };
  c.regs[0] = len(); c.regs[2] = len();
}

describe.skipIf(problem !== null)('SSE4.2 string compare oracle (native vs trapdoor)', () => {
  it(`pcmpXstrX and crc32: ${COUNT} random cases agree (and ${BLOCKS} as compiled blocks)`, () => {
    expect(runBothEngines(STRING_FORMS, suite, 105, { tweak: stringy })).toBeNull();
  }, 600_000);
});
