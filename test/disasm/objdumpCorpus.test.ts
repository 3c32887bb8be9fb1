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
  const files = ['own64.S', 'own32.S', 'edge64.S', 'edge32.S'].map((f) => join(here, f));
  if (existsSync(corpusDir)) {
    for (const f of readdirSync(corpusDir).sort()) if (/\.S$/.test(f)) files.push(join(corpusDir, f));
  }
  return files.map((f) => ({ name: f.slice(f.lastIndexOf('/', f.lastIndexOf('/') - 1) + 1), text: readFileSync(f, 'utf8') }));
}

const addrOf = (line: string): bigint | null => {
  const m = /^([0-9a-f]+):/.exec(line);
  return m ? BigInt('0x' + m[1]) : null;
};

/** Walk both listings in address order so one differing instruction length does not hide the rest. */
function compareListings(theirs: string[], ours: string[]): { mismatches: string[]; compared: number } {
  const mismatches: string[] = [];
  let compared = 0;
  let i = 0, j = 0;
  while (i < theirs.length || j < ours.length) {
    const t = theirs[i], o = ours[j];
    const ta = t === undefined ? null : addrOf(t), oa = o === undefined ? null : addrOf(o);
    if (t !== undefined && o !== undefined && (ta === oa || (ta !== null && oa !== null && ta === oa))) {
      if (ta !== null) compared++;
      if (t !== o) mismatches.push(`objdump: ${t}\n  ours:    ${o}`);
      i++; j++;
    } else if (o === undefined || (t !== undefined && ta !== null && oa !== null && ta < oa) || (t !== undefined && ta === null && oa !== null)) {
      mismatches.push(`objdump: ${t}\n  ours:    (nothing)`);
      if (ta !== null) compared++;
      i++;
    } else {
      mismatches.push(`objdump: (nothing)\n  ours:    ${o}`);
      j++;
    }
  }
  return { mismatches, compared };
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
      const { mismatches, compared } = compareListings(theirs, ours);
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
