// fadvise64 under trapdoor's --trace prints what strace prints natively: advice names
// (POSIX_FADV_*, `0x6 /* POSIX_FADV_??? */`), the loff_t offset whole (two registers on i386),
// and the same results (strace -f's pid prefixes dropped). The -m32 build is checked against its own native run (test/hostIa32.ts).
import { describe, expect, it } from 'vitest';
import { ia32Problem } from '../hostIa32.js';
import { runCaptured } from '../kernel/helpers.js';
import { runNative, straceProblem, straceText } from '../programs/nativeTools.js';
import { buildC, buildProblem, workDir } from './cBuild.js';

const fadviseLines = (trace: string): string[] => trace.split('\n').map((l) => l.replace(/^\d+ +/, '')).filter((l) => /^fadvise64(_64)?\(/.test(l)).map((l) => l.replace(/\s+= /, ' = '));

describe.each([64, 32] as const)('fadvise64 -m%d', (bits) => {
  const problem = buildProblem('nolibc', bits) ?? straceProblem() ?? (bits === 32 ? ia32Problem() : null);
  if (problem) console.warn(`test/abi/fadvise -m${bits}: SKIPPED: ${problem}`);
  it.skipIf(problem !== null)('the strace lines and the results equal the native run', async () => {
    const exe = buildC('fadvise', 'nolibc', bits);
    const native = runNative(exe);
    const want = fadviseLines(straceText(exe, workDir, `fadvise-${bits}`));
    expect(want.length, 'native strace shows the calls').toBe(bits === 64 ? 10 : 12);
    for (const kernel of bits === 64 ? [undefined] : (['i386', 'x86_64'] as const)) {
      const r = await runCaptured(exe, { kernel });
      expect(r.stdout).toBe(native.stdout);
      expect(fadviseLines(r.rawTrace.join('\n'))).toEqual(want);
    }
  });
});
