// Differential fuzzing against GNU as: random instruction lines (issue 2's set, random operands) that
// as accepts without a diagnostic must be accepted by trapdoor and give identical bytes.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AsmError, assemble } from '../../src/asm/index.js';
import { compareText, haveTool } from './gnuCompare.js';
import { randomFile, randomLines } from './randomInstructions.js';

const tools = haveTool('as') && haveTool('ld') && haveTool('objcopy');
if (!tools) console.warn('test/asm/randomInstructions: GNU as/ld not found, skipping');
const HEADER_LINES = 8; // lines randomFile puts before the first random line
const seed = Number(process.env.TRAPDOOR_ASM_SEED ?? 20261126);

/** Keep the lines GNU as takes without an error or a truncation warning (it names each such line). */
function acceptedByGnu(bits: 32 | 64, lines: string[]): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'trapdoor-rnd-'));
  try {
    for (let round = 0; round < 5; round++) {
      const src = join(dir, 'r.S');
      writeFileSync(src, randomFile(bits, lines));
      const r = spawnSync('as', [`--${bits}`, src, '-o', join(dir, 'r.o')], { encoding: 'utf8' });
      // Errors, and truncation warnings (trapdoor refuses those values); other warnings (e.g. the
      // default 'l' suffix for a memory operand) must give as's bytes.
      const bad = new Set([...r.stderr.matchAll(/r\.S:(\d+): (?:Error|Warning: .*(?:shortened|truncated))/g)].map((m) => Number(m[1]) - HEADER_LINES - 1));
      if (bad.size === 0) return lines;
      lines = lines.filter((_, i) => !bad.has(i));
    }
    throw new Error('GNU as keeps refusing lines');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe.skipIf(!tools)('random instructions vs GNU as', () => {
  for (const bits of [64, 32] as const) {
    it(`${bits}-bit, seed ${seed}`, () => {
      const lines = acceptedByGnu(bits, randomLines(bits, 1500, seed + bits));
      let refused: string | null = null;
      try {
        assemble([{ path: 'random.S', text: randomFile(bits, lines) }], { bits });
      } catch (e) {
        if (!(e instanceof AsmError)) throw e;
        refused = `${lines[e.line - HEADER_LINES - 1]} -> ${e.reason}`;
      }
      expect(refused, 'a line GNU as accepts').toBeNull();
      const r = compareText([{ path: 'random.S', text: randomFile(bits, lines) }], bits);
      console.log(`random ${bits}-bit (seed ${seed + bits}): compared ${r.lines} lines with GNU as`);
      expect(r.diffs.map((d) => `${d.source}: trapdoor ${d.ours} / GNU ${d.gnu}`).join('\n')).toBe('');
      expect(r.lines).toBeGreaterThan(1000);
    }, 60_000);
  }
});
