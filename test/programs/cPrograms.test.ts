// The bundled C programs (programs/c/, built into programs/bin/ by scripts/buildCPrograms.mjs at
// `npm run build`): built as programs/c/builds.json says, and each prints what it should natively.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ia32Problem } from '../hostIa32.js';

const haveGcc = spawnSync('gcc', ['--version']).status === 0;
if (!haveGcc) console.warn('test/programs/cPrograms: SKIPPED: no gcc to build programs/c with');
const builds = (JSON.parse(readFileSync('programs/c/builds.json', 'utf8')) as { builds: { source: string; output: string; flags: string[] }[] }).builds;

/** What each program prints, natively and (once it runs there) under trapdoor. */
export const C_PROGRAM_OUTPUT: Record<string, RegExp> = {
  'hello.c': /^Hello, World!\n$/,
  'clock.c': /^monotonic read, realtime and gettimeofday agree: yes, time\(\) agrees: yes\n$/,
  'signal.c': /^caught signal 11 \(SIGSEGV\), si_addr NULL\n$/,
  'compare-methods.c': /^cycles per call \(best of 200\): int \$0x80 \d+, syscall\(\) \d+, clock_gettime \(vDSO\) \d+\nfast entry cheaper than int \$0x80: (yes|no); the vDSO cheaper than both: (yes|no)\n$/,
};

describe.skipIf(!haveGcc)('the bundled C programs', () => {
  it('npm run build:c builds every program of programs/c/builds.json (or says in one line why not)', () => {
    const r = spawnSync('node', ['scripts/buildCPrograms.mjs'], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    for (const b of builds) {
      const multilibMissing = b.flags.includes('-m32') && r.stdout.includes(`programs/bin/${b.output} not built`);
      expect(existsSync(`programs/bin/${b.output}`) || multilibMissing, b.output).toBe(true);
    }
    for (const line of r.stdout.split('\n').filter(Boolean)) expect(line).toMatch(/^(built \d+ C programs? into programs\/bin\/|programs\/bin\/\S+ not built \(.+\): install gcc.*, then npm run build:c)$/);
  });

  for (const b of builds) {
    const ia32 = b.flags.includes('-m32') ? ia32Problem() : null;
    it.skipIf(ia32 !== null)(`${b.output} prints what ${b.source} should, natively${ia32 ? ` (SKIPPED: ${ia32})` : ''}`, () => {
      const r = spawnSync(`programs/bin/${b.output}`, [], { encoding: 'utf8' });
      expect(r.status).toBe(0);
      expect(r.stdout).toMatch(C_PROGRAM_OUTPUT[b.source]!);
    });
  }
});
