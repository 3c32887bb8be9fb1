// Differential test: our disassembly of GNU-assembled code against `objdump -d`, line by line.
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { objdumpListing, readElf } from '../../src/elf/index.js';
import { gnuBuild, hasTool, normalize } from './objdumpOracle.js';

const haveTools = hasTool('as') && hasTool('ld') && hasTool('objdump');
if (!haveTools) console.warn('skipping the objdump differential test: GNU as, ld or objdump not found');

const here = new URL('.', import.meta.url).pathname;
const corpusDir = join(here, '..', 'corpus');

/** Bitness of a .S file as trapdoor reads it: `.code32` before code makes it 32-bit. */
function bitsOf(text: string): 32 | 64 {
  for (const raw of text.split('\n')) {
    const line = raw.replace(/#.*$/, '').trim();
    if (line === '' || line.startsWith('.section') || /^\.(text|data|bss|globl|global|file|ident|type|size|p2align|align|balign)\b/.test(line)) continue;
    if (line === '.code32') return 32;
    if (line === '.code64') return 64;
    if (!line.startsWith('.')) break;
  }
  return 64;
}

function sources(): { name: string; text: string }[] {
  const files = [join(here, 'own64.S'), join(here, 'own32.S')];
  if (existsSync(corpusDir)) {
    for (const f of readdirSync(corpusDir).sort()) if (/\.S$/.test(f)) files.push(join(corpusDir, f));
  }
  return files.map((f) => ({ name: f.slice(f.lastIndexOf('/', f.lastIndexOf('/') - 1) + 1), text: readFileSync(f, 'utf8') }));
}

describe.skipIf(!haveTools)('disassembly vs objdump -d', () => {
  const all = sources();
  if (!existsSync(corpusDir)) console.warn('test/corpus/ not found: comparing our own instruction lists only');
  let total = 0;
  for (const src of all) {
    it(`${src.name}: every line equals objdump's (modulo whitespace)`, () => {
      const bits = bitsOf(src.text);
      const { exe, exePath, objdump } = gnuBuild(src.text, bits);
      const ours = objdumpListing(readElf(exe), exePath).split('\n').map(normalize);
      const theirs = objdump.split('\n').map(normalize);
      const mismatches: string[] = [];
      let compared = 0;
      for (let i = 0; i < Math.max(ours.length, theirs.length); i++) {
        if (/^[0-9a-f]+:/.test(theirs[i] ?? '')) compared++;
        if (ours[i] !== theirs[i]) mismatches.push(`line ${i + 1}:\n  objdump: ${theirs[i]}\n  ours:    ${ours[i]}`);
      }
      total += compared;
      console.log(`${src.name} (${bits}-bit): compared ${compared} instruction lines with objdump -d, ${mismatches.length} differ`);
      expect(mismatches.slice(0, 20).join('\n')).toBe('');
      expect(compared).toBeGreaterThan(10);
    });
  }
  it('prints the total', () => {
    console.log(`objdump differential: ${total} instruction lines compared over ${all.length} files`);
    expect(total).toBeGreaterThan(500);
  });
});
