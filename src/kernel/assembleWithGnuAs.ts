// Development stand-in for src/asm's assembleAt while it is being written: GNU as + ld, only
// when TRAPDOOR_GNU_AS is set. Not used by the product.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readElf } from '../elf/index.js';
import type { AssembleRequest, PlacedCode } from './kernelAssembler.js';

export function assembleWithGnuAs(sources: { path: string; text: string }[], req: AssembleRequest): PlacedCode {
  const dir = mkdtempSync(join(tmpdir(), 'trapdoor-gas-'));
  try {
    const src = join(dir, 'k.S');
    writeFileSync(src, sources.map((s) => s.text).join('\n'));
    execFileSync('as', [req.bits === 64 ? '--64' : '--32', '-o', join(dir, 'k.o'), src]);
    const defs = Object.entries(req.externs).flatMap(([k, v]) => ['--defsym', `${k}=0x${v.toString(16)}`]);
    execFileSync('ld', ['-m', req.bits === 64 ? 'elf_x86_64' : 'elf_i386', '-N', '-e', '0', `-Ttext=0x${req.base.toString(16)}`,
      ...defs, '-o', join(dir, 'k.elf'), join(dir, 'k.o')]);
    const elf = readElf(new Uint8Array(readFileSync(join(dir, 'k.elf'))));
    const text = elf.sections.find((s) => s.name === '.text')!;
    const symbols = new Map<string, bigint>();
    for (const s of elf.symbols) if (s.name && s.section === '.text') symbols.set(s.name, s.value);
    return { base: text.addr, bytes: text.data, symbols, lines: [] };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
