// Test helper: build the same source with GNU as + ld and with trapdoor, and compare section bytes.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assemble, linkExecutable } from '../../src/asm/index.js';

export function haveTool(cmd: string): boolean {
  try {
    execFileSync(cmd, ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export interface GnuBuild {
  exe: string;
  section(name: string): Uint8Array;
  dir: string;
  cleanup(): void;
}

/** as --32/--64 + ld (-m elf_i386) into a temp dir. */
export function gnuBuild(files: { path: string; text: string }[], bits: 32 | 64): GnuBuild {
  const dir = mkdtempSync(join(tmpdir(), 'trapdoor-as-'));
  const objs: string[] = [];
  files.forEach((f, i) => {
    const src = join(dir, `in${i}.S`);
    writeFileSync(src, f.text);
    const o = join(dir, `in${i}.o`);
    execFileSync('as', [bits === 64 ? '--64' : '--32', src, '-o', o], { stdio: ['ignore', 'ignore', 'pipe'] });
    objs.push(o);
  });
  const exe = join(dir, 'gnu.out');
  execFileSync('ld', [...(bits === 32 ? ['-m', 'elf_i386'] : []), ...objs, '-o', exe], { stdio: ['ignore', 'ignore', 'pipe'] });
  return {
    exe,
    dir,
    section(name: string): Uint8Array {
      const out = join(dir, 'sec.bin');
      execFileSync('objcopy', ['-O', 'binary', `--only-section=${name}`, exe, out]);
      return readFileSync(out);
    },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex').replace(/(..)/g, '$1 ').trim();

export interface Difference {
  file: string;
  line: number;
  source: string;
  ours: string;
  gnu: string;
}

/** Compare our .text with GNU's instruction by instruction (using our line map). */
export function compareText(files: { path: string; text: string }[], bits: 32 | 64): { lines: number; diffs: Difference[]; sizeOurs: number; sizeGnu: number } {
  const obj = assemble(files, { bits });
  const linked = linkExecutable(obj);
  const text = linked.sections.find((s) => s.name === '.text')!;
  const gnu = gnuBuild(files, bits);
  try {
    const g = gnu.section('.text');
    const ours = text.data;
    const diffs: Difference[] = [];
    const srcLines = new Map(files.map((f) => [f.path, f.text.split('\n')]));
    const entries = linked.lines.filter((l) => l.addr >= text.addr && l.addr < text.addr + BigInt(text.size));
    for (let i = 0; i < entries.length; i++) {
      const e = entries[i]!;
      const start = Number(e.addr - text.addr);
      const end = i + 1 < entries.length ? Number(entries[i + 1]!.addr - text.addr) : ours.length;
      const a = ours.subarray(start, end);
      const b = g.subarray(start, end);
      if (Buffer.compare(Buffer.from(a), Buffer.from(b)) !== 0) {
        diffs.push({ file: e.file, line: e.line, source: srcLines.get(e.file)?.[e.line - 1]?.trim() ?? '', ours: hex(a), gnu: hex(b) });
      }
    }
    if (diffs.length === 0 && Buffer.compare(Buffer.from(ours), Buffer.from(g)) !== 0)
      diffs.push({ file: '(whole .text)', line: 0, source: '', ours: `${ours.length} bytes`, gnu: `${g.length} bytes` });
    return { lines: entries.length, diffs, sizeOurs: ours.length, sizeGnu: g.length };
  } finally {
    gnu.cleanup();
  }
}
