// Every instruction of the foundation issue's corpus (test/corpus, assembled by GNU as) decodes to
// an emulated operation: nothing in the list would raise "not emulated".
import { describe, it, expect } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeInstruction, Op } from '../../src/machine/decodeInstruction.js';
import { hasGnuAs } from './harness.js';

if (!hasGnuAs) console.warn('test/machine: GNU as missing: corpus coverage test skipped');

function assembleCorpus(file: string, bits: 32 | 64): Uint8Array {
  const dir = mkdtempSync(join(tmpdir(), 'tdc-'));
  try {
    execFileSync('as', [bits === 32 ? '--32' : '--64', '-o', join(dir, 'c.o'), file]);
    execFileSync('objcopy', ['-O', 'binary', '-j', '.text', join(dir, 'c.o'), join(dir, 'c.bin')]);
    return new Uint8Array(readFileSync(join(dir, 'c.bin')));
  } finally { rmSync(dir, { recursive: true, force: true }); }
}

describe.skipIf(!hasGnuAs)('corpus coverage', () => {
  for (const [file, bits] of [['test/corpus/corpus32.S', 32], ['test/corpus/corpus64.S', 64]] as const) {
    it(`${file}: every instruction is emulated`, () => {
      const code = assembleCorpus(file, bits);
      const missing = new Set<string>();
      let n = 0;
      for (let off = 0; off < code.length;) {
        const d = decodeInstruction(code.subarray(off, off + 15), bits, 0x401000 + off);
        if (d.op === Op.UNEMULATED || d.op === Op.INVALID) missing.add(d.text || `invalid at +${off}`);
        off += Math.max(1, d.len);
        n++;
      }
      console.log(`${file}: ${n} instructions decoded, ${missing.size} distinct not emulated`);
      expect([...missing]).toEqual([]);
    });
  }
});
