// trapdoor disasm on a real-world static binary (a C program linked with glibc by gcc -static): the
// whole listing, SSE/AVX/AVX-512 code of the string functions included, must equal objdump -d's.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { objdumpListing, readElf } from '../../src/elf/index.js';
import { hasTool } from './objdumpOracle.js';

function buildStatic(): string | null {
  if (!hasTool('gcc') || !hasTool('objdump')) return null;
  const dir = mkdtempSync(join(tmpdir(), 'trapdoor-gcc-'));
  writeFileSync(join(dir, 'hello.c'), '#include <stdio.h>\nint main(void) { puts("hello"); return 0; }\n');
  const r = spawnSync('gcc', ['-static', '-O2', join(dir, 'hello.c'), '-o', join(dir, 'hello')], { encoding: 'utf8' });
  return r.status === 0 ? join(dir, 'hello') : null;
}

const exe = buildStatic();
if (!exe) console.warn('skipping the gcc -static listing test: gcc, static glibc or objdump not available');

describe.skipIf(!exe)('trapdoor disasm on a gcc -static binary', () => {
  it('prints exactly what objdump -d prints', () => {
    const theirs = spawnSync('objdump', ['-d', exe!], { encoding: 'utf8', maxBuffer: 256 << 20 }).stdout;
    const ours = objdumpListing(readElf(readFileSync(exe!)), exe!);
    const t = theirs.split('\n');
    const o = ours.split('\n');
    const diffs: string[] = [];
    for (let i = 0; i < Math.max(t.length, o.length) && diffs.length < 10; i++) {
      if (t[i] !== o[i]) diffs.push(`line ${i + 1}\n  objdump: ${t[i]}\n  ours:    ${o[i]}`);
    }
    console.log(`gcc -static hello: compared ${t.length} listing lines with objdump -d, ${diffs.length === 10 ? '10+' : diffs.length} differ`);
    expect(diffs.join('\n')).toBe('');
    expect(t.length).toBeGreaterThan(10_000);
  });
});
