// The "done when": every program in programs/, assembled and linked by `trapdoor asm`, is a
// clean ELF to readelf, and `trapdoor disasm` lists it exactly as objdump -d does.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { asmCommand } from '../../src/cli/asmCommand.js';
import { objdumpListing, readStaticExecutable } from '../../src/elf/index.js';
import { hasTool } from './objdumpOracle.js';

const haveTools = hasTool('objdump') && hasTool('readelf');
if (!haveTools) console.warn('skipping programs/ listings: objdump or readelf not found');

const programsDir = new URL('../../programs/', import.meta.url).pathname;
const programs = readdirSync(programsDir).filter((f) => /\.S$/.test(f)).sort();

describe.skipIf(!haveTools)('trapdoor asm + trapdoor disasm on programs/', () => {
  for (const name of programs) {
    it(`${name}: readelf accepts it, trapdoor disasm equals objdump -d`, async () => {
      const out = join(mkdtempSync(join(tmpdir(), 'trapdoor-prog-')), name.replace(/\.S$/, ''));
      const quiet = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
      try {
        expect(await asmCommand([join(programsDir, name), '-o', out])).toBe(0);
      } finally {
        quiet.mockRestore();
      }
      const readelf = spawnSync('readelf', ['-a', '-W', out], { encoding: 'utf8' });
      expect(readelf.stderr).toBe('');
      const objdump = spawnSync('objdump', ['-d', out], { encoding: 'utf8' }).stdout;
      expect(objdumpListing(readStaticExecutable(readFileSync(out)), out)).toBe(objdump);
    });
  }
});
