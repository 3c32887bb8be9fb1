// Issue 9 section 3: AT_HWCAP comes from the same CPUID the program reads (Linux's ELF_HWCAP is
// CPUID.1:EDX), AT_HWCAP2 says FSGSBASE where the x86_64 kernel enabled it, and libgcc's CPUID
// probe (__builtin_cpu_supports) sees SSE4.2 and POPCNT but not AVX, AVX2 or BMI2, which trapdoor
// does not run. The native run is the oracle for the HWCAP = CPUID.1:EDX rule on this host.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { ia32Problem } from '../hostIa32.js';
import { haveTool } from './nativeTools.js';
import { trapdoor } from './trapdoorCli.js';

const SOURCE = fileURLToPath(new URL('./libc/hwcap.c', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'trapdoor-hwcap-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const hostProblem = process.platform !== 'linux' || process.arch !== 'x64' ? 'not an x86-64 Linux host' : haveTool('gcc') ? null : 'gcc is not installed';
const CASES = [
  { bits: 64, profile: 'textbook', hwcap2: '0x2' },
  { bits: 64, profile: 'zen4-kvm', hwcap2: '0x2' },
  // textbook runs 32-bit programs on the i386 kernel, which has no FSGSBASE for user space
  { bits: 32, profile: 'textbook', hwcap2: '0' },
  { bits: 32, profile: 'zen4-kvm', hwcap2: '0x2' },
] as const;

describe('the process sees one CPU: AT_HWCAP, AT_HWCAP2 and CPUID agree', () => {
  for (const c of CASES) {
    const problem = hostProblem ?? (c.bits === 32 ? ia32Problem() : null);
    if (problem) console.warn(`test/programs/hwcap: ${c.bits}-bit ${c.profile} SKIPPED: ${problem}`);
    it.skipIf(problem !== null)(`gcc -static${c.bits === 32 ? ' -m32' : ''} hwcap.c under ${c.profile}`, () => {
      const exe = join(work, `hwcap${c.bits}`);
      const cc = spawnSync('gcc', ['-static', '-O2', ...(c.bits === 32 ? ['-m32'] : []), '-o', exe, SOURCE], { encoding: 'utf8' });
      if (cc.status !== 0 && c.bits === 32 && /cannot find|No such file/.test(cc.stderr)) { console.warn(`test/programs/hwcap: no 32-bit multilib: ${cc.stderr.split('\n')[0]}`); return; }
      expect(cc.status, cc.stderr).toBe(0);
      const native = spawnSync(exe, [], { encoding: 'utf8' });
      expect(native.stdout).toMatch(/^hwcap 0x[0-9a-f]+ cpuid1\.edx 0x[0-9a-f]+ equal yes\n/);
      const r = trapdoor(['run', '--profile', c.profile, exe], 120_000);
      expect(r.stderr).toBe('');
      const lines = r.stdout.split('\n');
      expect(lines[0]).toMatch(/^hwcap 0x[0-9a-f]+ cpuid1\.edx 0x[0-9a-f]+ equal yes$/);
      expect(lines[1]).toBe(`hwcap2 ${c.hwcap2}`);
      expect(lines[2]).toBe('sse2 1 sse4.2 1 popcnt 1 avx 0 avx2 0 bmi2 0');
    }, 200_000);
  }
});
