// Compiler output as input: gcc -S of small C files (loops, calls, switch, SSE vectorised code at
// -O2/-O3; long double, conversions and SSE4.2 intrinsics, x87 code from -m32 and -mfpmath=387)
// assembled by trapdoor and by GNU as must give identical .text.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { assemble, linkExecutable } from '../../src/asm/index.js';
import { readElf } from '../../src/elf/readElf.js';
import { compareText, gnuBuild, haveTool } from './gnuCompare.js';

const C_SOURCE = `
static const char names[][8] = { "zero", "one", "two", "three", "four" };
long table[64];
int histogram[256];
static unsigned long fib(unsigned n) { unsigned long a = 0, b = 1; while (n--) { unsigned long t = a + b; a = b; b = t; } return a; }
int sum(const int *p, int n) { int s = 0; for (int i = 0; i < n; i++) s += p[i] * 3 + (p[i] >> 2); return s; }
void count(const unsigned char *s, int n) { for (int i = 0; i < n; i++) histogram[s[i]]++; }
const char *name(unsigned i) { switch (i) { case 0: case 5: return names[0]; case 1: return names[1]; case 2: return names[2];
  case 3: return names[3]; case 7: return names[4]; default: return "many"; } }
long mix(long a, long b, int c) { return c > 0 ? a * b - (a >> c) : (a ^ b) / (c ? c : 1); }
void fill(void) { for (int i = 0; i < 64; i++) table[i] = fib(i & 31) ^ (i * 0x1234567L); }
`;

const gcc = haveTool('gcc') && haveTool('as') && haveTool('ld') && haveTool('objcopy');
if (!gcc) console.warn('test/asm/gccOutput: gcc or binutils missing, skipping');

const FP_SOURCE = readFileSync(new URL('./fixtures/floatingPoint.c', import.meta.url), 'utf8');

function compileS(bits: 32 | 64, opt: string, source = C_SOURCE): string | null {
  const dir = mkdtempSync(join(tmpdir(), 'trapdoor-gcc-'));
  try {
    writeFileSync(join(dir, 'c.c'), source);
    execFileSync('gcc', [`-m${bits}`, ...opt.split(' '), '-S', '-fno-asynchronous-unwind-tables', '-fno-pic', '-fno-stack-protector', '-fcf-protection=none', '-ffreestanding', '-o', join(dir, 'c.s'), join(dir, 'c.c')], { stdio: 'pipe' });
    return readFileSync(join(dir, 'c.s'), 'utf8');
  } catch {
    return null; // e.g. no 32-bit support in this gcc
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// Floating-point builds: SSE by default in 64-bit, x87 by default in 32-bit, and the other way round.
const FP_BUILDS: [32 | 64, string][] = [
  [64, '-O0'], [64, '-O2'], [64, '-O3 -msse4.2 -mpopcnt'], [64, '-O0 -msse4.2'], [64, '-O2 -mfpmath=387'], [64, '-Os -mbmi -mlzcnt -msse4.2'],
  [32, '-O0'], [32, '-O2'], [32, '-O2 -msse4.2 -mpopcnt'], [32, '-O3 -msse2 -mfpmath=sse'], [32, '-O1 -mfpmath=387 -ffast-math'],
];
const BUILDS: [32 | 64, string, string, string][] = [
  ...[64, 32].flatMap((bits) => ['-O0', '-O2', '-O3', '-Os'].map((opt): [32 | 64, string, string, string] => [bits as 32 | 64, opt, 'c', C_SOURCE])),
  ...FP_BUILDS.map(([bits, opt]): [32 | 64, string, string, string] => [bits, `${opt} -fno-math-errno`, "floatingPoint", FP_SOURCE]),
];

describe.skipIf(!gcc)('gcc -S output vs GNU as', () => {
  for (const [bits, opt, name, source] of BUILDS) {
      it(`${name}.c ${bits}-bit ${opt}`, (ctx) => {
        const text = compileS(bits, opt, source);
        if (text === null) {
          return ctx.skip(`gcc -m${bits} ${opt} -S failed here`);
        }
        const r = compareText([{ path: `gcc${bits}${opt}.s`, text }], bits);
        expect(r.diffs.map((d) => `${d.line}: ${d.source}: trapdoor ${d.ours} / GNU ${d.gnu}`).join('\n')).toBe('');
        expect(r.lines).toBeGreaterThan(20);
        // .rodata.str1.1 + .rodata, .bss with COMMON-like objects: the same output sections as ld.
        const ours = readElf(linkExecutable(assemble([{ path: 'c.s', text }], { bits })).elf);
        const gnu = gnuBuild([{ path: 'c.s', text }], bits);
        try {
          const theirs = readElf(readFileSync(gnu.exe));
          const view = (e: typeof ours) =>
            e.sections.filter((x) => x.flags & 2).map((x) => `${x.name} 0x${x.addr.toString(16)} ${x.size} ${Buffer.from(x.data).toString('hex')}`);
          expect(view(ours)).toEqual(view(theirs));
        } finally {
          gnu.cleanup();
        }
      });
  }
});
