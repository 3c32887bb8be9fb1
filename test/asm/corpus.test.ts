// Differential test: the instruction corpus assembled by trapdoor and by GNU as + ld must give identical .text.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compareText, haveTool } from './gnuCompare.js';

const tools = haveTool('as') && haveTool('ld') && haveTool('objcopy');
if (!tools) console.warn('test/asm/corpus: GNU as/ld/objcopy not found, skipping the comparison with GNU as');

// Every file of test/corpus; its bitness is in its name (corpus32.S, x87_32.S, sse64.S ...).
const corpusFiles = readdirSync(new URL('../corpus/', import.meta.url)).filter((f) => /\.S$/.test(f)).sort();

describe.skipIf(!tools)('corpus vs GNU as', () => {
  for (const name of corpusFiles) {
    const bits = /32\.S$/.test(name) ? 32 : 64;
    it(`${name}: identical bytes for every instruction line`, () => {
      const file = { path: `test/corpus/${name}`, text: readFileSync(new URL(`../corpus/${name}`, import.meta.url), 'utf8') };
      const r = compareText([file], bits);
      console.log(`${name}: compared ${r.lines} instruction lines with GNU as (${r.sizeOurs} bytes of .text)`);
      const report = r.diffs.map((d) => `${d.file}:${d.line}: ${d.source}\n  trapdoor: ${d.ours}\n  GNU as:   ${d.gnu}`).join('\n');
      expect(report, 'lines whose bytes differ from GNU as').toBe('');
      expect(r.lines).toBeGreaterThan(200);
    }, 60_000);
  }

  for (const bits of [64, 32] as const) {
    it(`extra${bits}.S: instructions beyond the issue's list (in/out, lret, ljmp/lcall, system extras) match GNU as`, () => {
      const text = readFileSync(new URL(`./fixtures/extra${bits}.S`, import.meta.url), 'utf8');
      const r = compareText([{ path: `test/asm/fixtures/extra${bits}.S`, text }], bits);
      expect(r.diffs.map((d) => `${d.line}: ${d.source}: trapdoor ${d.ours} / GNU ${d.gnu}`).join('\n')).toBe('');
      expect(r.lines).toBeGreaterThan(5);
    });
  }
});
