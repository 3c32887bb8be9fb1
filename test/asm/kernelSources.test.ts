// The kernel's .S files (entry code, vDSO), placed at fixed addresses with external symbols by
// assembleAt, must match GNU as + ld (-Ttext, --defsym) byte for byte.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { assembleAt } from '../../src/asm/index.js';
import { MITIGATIONS, mitigationPrelude } from '../../src/kernel/kernelConfig.js';
import { haveTool } from './gnuCompare.js';

const tools = haveTool('as') && haveTool('ld') && haveTool('objcopy') && haveTool('nm');
if (!tools) console.warn('test/asm/kernelSources: GNU binutils not found, skipping');

const dir = new URL('../../src/kernel/', import.meta.url);
let files: string[] = [];
try {
  files = readdirSync(dir).filter((f) => f.endsWith('.S'));
} catch {
  files = [];
}

// Files that are only .include'd (calling.S: macros and pt_regs offsets) are checked through their includers.
const includedOnly = new Set(files.flatMap((f) => [...readFileSync(new URL(f, dir), 'utf8').matchAll(/^\s*\.include\s+"([^"]+)"/gm)].map((m) => m[1]!)));

describe.skipIf(!tools || files.length === 0)('kernel sources vs GNU as + ld', () => {
  // kernel-config.S is generated at boot from the mitigation set: both ends of it are checked
  const configs = [['no mitigations', mitigationPrelude([])], ['every mitigation', mitigationPrelude(MITIGATIONS)]] as const;
  for (const f of files.filter((x) => !includedOnly.has(x))) for (const [config, prelude] of configs) {
    it(`src/kernel/${f} (${config})`, () => {
      const text = readFileSync(new URL(f, dir), 'utf8');
      const bits = /^\s*\.code32\b/m.test(text) || /_32|32\.S$/.test(f) ? 32 : 64;
      const base = f.startsWith('vdso') ? 0n : bits === 64 ? 0xffffffff81000000n : 0xc1000000n;
      const tmp = mkdtempSync(join(tmpdir(), 'trapdoor-kern-'));
      try {
        const src = join(tmp, f);
        writeFileSync(src, text);
        for (const inc of includedOnly) writeFileSync(join(tmp, inc), inc === 'kernel-config.S' ? prelude : readFileSync(new URL(inc, dir)));
        execFileSync('as', [`--${bits}`, '-I', tmp, src, '-o', join(tmp, 'k.o')], { stdio: 'pipe' });
        const undef = execFileSync('nm', ['-u', join(tmp, 'k.o')], { encoding: 'utf8' })
          .split('\n').map((l) => l.trim().split(/\s+/).pop()!).filter(Boolean);
        const externs: Record<string, bigint> = {};
        undef.forEach((n, i) => { externs[n] = base + 0x800000n + BigInt(i) * 16n; });
        const defs = Object.entries(externs).flatMap(([n, v]) => ['--defsym', `${n}=0x${v.toString(16)}`]);
        execFileSync('ld', ['-m', bits === 64 ? 'elf_x86_64' : 'elf_i386', `-Ttext=0x${base.toString(16)}`, '-e', '0', ...defs, join(tmp, 'k.o'), '-o', join(tmp, 'k.out')], { stdio: 'pipe' });
        execFileSync('objcopy', ['-O', 'binary', '--only-section=.text', join(tmp, 'k.out'), join(tmp, 'k.bin')]);
        const gnu = readFileSync(join(tmp, 'k.bin'));
        const include = (name: string) => ({ path: `src/kernel/${name}`, text: readFileSync(join(tmp, name), 'utf8') });
        const placed = assembleAt([{ path: `src/kernel/${f}`, text }], { bits, sectionBases: { '.text': base }, externs, include });
        const ours = placed.sections.find((s) => s.name === '.text')!;
        expect(ours.addr).toBe(base);
        // Report the first differing instruction line, if any.
        const lines = new Map<string, string[]>();
        const lineOf = (file: string, n: number): string => {
          if (!lines.has(file)) lines.set(file, readFileSync(file, 'utf8').split('\n'));
          return lines.get(file)![n - 1]!.trim();
        };
        for (const l of placed.lines) {
          const off = Number(l.addr - base);
          if (ours.data[off] !== gnu[off] || ours.data[off + 1] !== gnu[off + 1])
            expect(`${l.file}:${l.line}${l.macro ? ` (${l.macro})` : ''}: ${lineOf(l.file, l.line)}: ${Buffer.from(ours.data.subarray(off, off + 8)).toString('hex')}`).toBe(`GNU: ${gnu.subarray(off, off + 8).toString('hex')}`);
        }
        expect(Buffer.from(ours.data).toString('hex')).toBe(gnu.toString('hex'));
        expect(placed.lines.length).toBeGreaterThan(0);
      } finally {
        rmSync(tmp, { recursive: true, force: true });
      }
    });
  }
});
