// Ordinary C programs (test/programs/libc/*.c: printf/strtod of doubles, libm, qsort, glibc's and
// musl's string functions, -O3 vectorised loops, long double and x87 exceptions, the FPU state
// across signal handlers), built here with the host's gcc -static and
// musl-gcc -static, run natively and under trapdoor: the same stdout and exit status. crypto.c
// (AES-NI, SHA, PCLMULQDQ intrinsics) must also print the FIPS test vectors; exceptions.cc is C++
// (g++ -static) throwing through libgcc's unwinder.
// Natively, GLIBC_TUNABLES masks the host features trapdoor's CPUID does not announce (AVX*, FMA,
// BMI2), so glibc's ifuncs pick the same string and libm variants on both sides.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { ia32Problem } from '../hostIa32.js';
import { haveTool, statusOf } from './nativeTools.js';
import { trapdoor } from './trapdoorCli.js';

const SOURCES = fileURLToPath(new URL('./libc/', import.meta.url));
const MASKED = ['AVX', 'AVX2', 'AVX512F', 'AVX512VL', 'AVX512BW', 'AVX512DQ', 'AVX512CD', 'FMA', 'FMA4', 'BMI2'];
const NATIVE_ENV = { PATH: process.env.PATH ?? '/usr/bin:/bin', GLIBC_TUNABLES: `glibc.cpu.hwcaps=${MASKED.map((f) => `-${f}`).join(',')}` };

interface Build {
  source: string; compiler: 'gcc' | 'g++' | 'musl-gcc'; flags: string[]; profile?: string;
  /** /proc/cpuinfo flags the native run needs. */
  hostFlags?: readonly string[];
  /** Lines the output must hold whatever the native run says (published test vectors). */
  known?: readonly string[];
}
/** crypto.c's results as FIPS-197 C.1 and FIPS 180-4 give them. */
const FIPS = ['aes128 69c4e0d86a7b0430d8cdb78070b4c55a', 'decrypted 00112233445566778899aabbccddeeff',
  'sha256 ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'];
const CRYPTO: Omit<Build, 'flags'> = { source: 'crypto.c', compiler: 'gcc', hostFlags: ['aes', 'sha_ni', 'pclmulqdq'], known: FIPS };
// x87.c prints the x87 state of SIGFPE frames: a 32-bit build runs under zen4-kvm, whose 32-bit
// programs get the x86_64 kernel, as natively (the i386 kernel's fsave header holds FCS|FOP instead).
const BUILDS: Build[] = [
  { source: 'floats.c', compiler: 'gcc', flags: ['-O2', '-m32'] },
  { source: 'x87.c', compiler: 'gcc', flags: ['-O2'] },
  { source: 'x87.c', compiler: 'gcc', flags: ['-O2', '-m32'], profile: 'zen4-kvm' },
  { source: 'x87.c', compiler: 'gcc', flags: ['-O2', '-m32', '-msse3'], profile: 'zen4-kvm' },
  { source: 'sigfpstate.c', compiler: 'gcc', flags: ['-O1'] },
  { source: 'sigfpstate.c', compiler: 'gcc', flags: ['-O1', '-m32', '-msse2'], profile: 'zen4-kvm' },
  { source: 'sigfpstate.c', compiler: 'gcc', flags: ['-O1', '-m32', '-msse2'] }, // the i386 kernel's frames
  { source: 'floats.c', compiler: 'gcc', flags: ['-O2'] },
  { source: 'strings.c', compiler: 'gcc', flags: ['-O2'] },
  { source: 'strings.c', compiler: 'gcc', flags: ['-O2'], profile: 'zen4-kvm' },
  { source: 'vectors.c', compiler: 'gcc', flags: ['-O3', '-march=x86-64-v2'] },
  { source: 'floats.c', compiler: 'gcc', flags: ['-O3', '-march=x86-64-v2'], profile: 'zen4-kvm' },
  { source: 'strings.c', compiler: 'gcc', flags: ['-O2', '-m32'] },
  { source: 'strings.c', compiler: 'musl-gcc', flags: ['-O2'] },
  { source: 'vectors.c', compiler: 'musl-gcc', flags: ['-O3'] },
  { source: 'fenv.c', compiler: 'gcc', flags: ['-O2'] },
  { source: 'fenv.c', compiler: 'gcc', flags: ['-O2'], profile: 'zen4-kvm' },
  { source: 'vectors.c', compiler: 'gcc', flags: ['-O2', '-m32'] },
  { source: 'floats.c', compiler: 'musl-gcc', flags: ['-O2'] },
  { source: 'fenv.c', compiler: 'gcc', flags: ['-O2', '-m32', '-msse2', '-mfpmath=sse'] },
  { source: 'exceptions.cc', compiler: 'g++', flags: ['-O2'] },
  { ...CRYPTO, flags: ['-O2', '-maes', '-msha', '-mpclmul', '-msse4.1'] },
  { ...CRYPTO, flags: ['-O2', '-m32', '-maes', '-msha', '-mpclmul', '-msse4.1'], profile: 'zen4-kvm' },
];

const HOST_FLAGS = ((): string[] => {
  try { return (/^flags\s*:(.*)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? '').trim().split(/\s+/); } catch { return []; }
})();

const work = mkdtempSync(join(tmpdir(), 'trapdoor-libc-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Why `b` cannot be built and run natively here, or null. */
function problemOf(b: Build): string | null {
  if (process.platform !== 'linux' || process.arch !== 'x64') return `host is ${process.platform}/${process.arch}, not x86-64 Linux`;
  if (!haveTool(b.compiler)) return `${b.compiler} is not installed`;
  const missing = (b.hostFlags ?? []).filter((f) => !HOST_FLAGS.includes(f));
  if (missing.length) return `the host CPU lacks ${missing.join(', ')}`;
  if (b.flags.includes('-m32')) return ia32Problem();
  return null;
}

describe('C programs built by gcc/musl-gcc -static: trapdoor prints what the native run prints', () => {
  BUILDS.forEach((b, i) => {
    const name = `${b.compiler} -static ${b.flags.join(' ')} ${b.source}${b.profile ? ` (--profile ${b.profile})` : ''}`;
    const problem = problemOf(b);
    if (problem) console.warn(`test/programs/libcPrograms: ${name} SKIPPED: ${problem}`);
    it.skipIf(problem !== null)(name, () => {
      const exe = join(work, `prog${i}`);
      const cc = spawnSync(b.compiler, ['-static', ...b.flags, '-o', exe, join(SOURCES, b.source), '-lm'], { encoding: 'utf8' });
      if (cc.status !== 0 && b.flags.includes('-m32') && /cannot find|No such file/.test(cc.stderr)) {
        console.warn(`test/programs/libcPrograms: ${name} SKIPPED: no 32-bit multilib (${cc.stderr.trim().split('\n')[0]})`);
        return;
      }
      expect(cc.status, cc.stderr).toBe(0);
      const native = spawnSync(exe, [], { encoding: 'utf8', env: NATIVE_ENV, timeout: 30_000 });
      expect(statusOf(native)).toBe(0);
      const emulated = trapdoor(['run', ...(b.profile ? ['--profile', b.profile] : []), exe], 300_000);
      expect(emulated.stderr).toBe('');
      expect(emulated.stdout).toBe(native.stdout);
      expect(emulated.status).toBe(0);
      for (const line of b.known ?? []) expect(native.stdout.split('\n')).toContain(line);
    }, 400_000);
  });
});
