// Drive GNU as/ld/objdump for the differential tests and parse `objdump -d` listings.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function hasTool(name: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${name}`]).status === 0;
}

export interface ObjdumpLine {
  addr: bigint;
  bytes: string;
  text: string;
}

/** Parse `objdump -d` output into instructions (continuation byte lines are merged). */
export function parseObjdump(out: string): ObjdumpLine[] {
  const lines: ObjdumpLine[] = [];
  for (const line of out.split('\n')) {
    const m = /^ *([0-9a-f]+):\t([0-9a-f ]+?) *(?:\t(.*))?$/.exec(line);
    if (!m) continue;
    const addr = BigInt('0x' + m[1]);
    if (m[3] === undefined) {
      const last = lines[lines.length - 1];
      if (last) last.bytes += ' ' + m[2];
      continue;
    }
    lines.push({ addr, bytes: m[2]!, text: m[3] });
  }
  return lines;
}

export function normalize(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Assemble `source` with GNU as (and link with ld) and return the executable's bytes and objdump -d text. */
export function gnuBuild(source: string, bits: 32 | 64): { exe: Uint8Array; exePath: string; objdump: string; asStderr: string } {
  const dir = mkdtempSync(join(tmpdir(), 'trapdoor-disasm-'));
  const src = join(dir, 'c.S');
  writeFileSync(src, source);
  const as = spawnSync('as', [`--${bits}`, src, '-o', join(dir, 'c.o')], { encoding: 'utf8' });
  if (as.status !== 0) throw new Error(`as failed: ${as.stderr}`);
  const ld = spawnSync('ld', ['-m', bits === 64 ? 'elf_x86_64' : 'elf_i386', '-e', '0', '--no-warn-rwx-segments', join(dir, 'c.o'), '-o', join(dir, 'c')], { encoding: 'utf8' });
  if (ld.status !== 0) throw new Error(`ld failed: ${ld.stderr}`);
  const od = spawnSync('objdump', ['-d', join(dir, 'c')], { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (od.status !== 0) throw new Error(`objdump failed: ${od.stderr}`);
  return { exe: readFileSync(join(dir, 'c')), exePath: join(dir, 'c'), objdump: od.stdout, asStderr: as.stderr };
}
