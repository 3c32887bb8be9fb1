// The acceptance corpus (issue 10 §5): ordinary C programs built with the host's musl-gcc and gcc
// -static, -m64 and -m32. Each must print what it prints natively, exit with the same status and
// make the syscalls strace shows natively (names and results), under both profiles and, for -m32,
// both kernels. The -m32 build's oracle is its own native run where the host runs 32-bit code
// (test/hostIa32.ts says; this one does); where it cannot, the 64-bit native run of the same source
// (glibc's for musl) stands in for stdout and status, and the syscalls are not compared. Builds that need an instruction the CPU does not emulate yet
// are listed in PENDING with the reason, and must still stop with SIGILL "not emulated": when the
// ISA lands the test fails until the entry is removed.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_ENVIRONMENT } from '../../src/kernel/processImage.js';
import { ia32Problem } from '../hostIa32.js';
import { statusOf, straceProblem, syscallOutcomes } from '../programs/nativeTools.js';
import { runCaptured } from '../kernel/helpers.js';
import { buildC, buildProblem, workDir, type Libc } from './cBuild.js';

const PROGRAMS = ['hello', 'clock', 'ids', 'stdin', 'uname', 'args', 'errno', 'compute', 'heap', 'segv', 'sleep', 'abort', 'recursion', 'jmp'];
const ARGS = ['one', 'two words'];
const STDIN = 'abc xyz\n';
const BUILDS: [Libc, 32 | 64][] = [['musl', 64], ['glibc', 64], ['musl', 32], ['glibc', 32]];

/** Builds that stop at an instruction trapdoor does not emulate yet: [program or '*', libc, bits, why]. */
// none since SSE2-SSE4.2 landed (glibc's %f and its SSE4.1 string functions now run)
const PENDING: [string, Libc, 32 | 64, string][] = [];
const pendingReason = (name: string, libc: Libc, bits: 32 | 64): string | undefined =>
  PENDING.find(([n, l, b]) => (n === '*' || n === name) && l === libc && b === bits)?.[3];

const traceProblem = straceProblem();
const env = Object.fromEntries(DEFAULT_ENVIRONMENT.map((e) => [e.slice(0, e.indexOf('=')), e.slice(e.indexOf('=') + 1)]));

interface Native { stdout: string; status: number; outcomes: string[] | null }
const natives = new Map<string, Native>();

const native32Problem = ia32Problem();
if (native32Problem) console.warn(`test/abi/corpus -m32: no native -m32 run (${native32Problem}): the 64-bit native run is the oracle, syscalls not compared`);

/** The `bits` build of `name` with `libc`, natively: stdout, status, and strace's outcomes. */
function native(name: string, libc: Libc, bits: 32 | 64): Native {
  const key = `${name}-${libc}${bits}`;
  let n = natives.get(key);
  if (!n) {
    const exe = buildC(name, libc, bits);
    const r = spawnSync(exe, ARGS, { input: STDIN, env, encoding: 'utf8', timeout: 30_000 });
    let outcomes: string[] | null = null;
    if (!traceProblem) {
      const out = join(workDir, `${key}.strace`);
      spawnSync('strace', ['-f', '-qq', '-e', 'trace=all', '-o', out, exe, ...ARGS], { input: STDIN, env, encoding: 'utf8', timeout: 60_000 });
      outcomes = syscallOutcomes(readFileSync(out, 'utf8'));
    }
    n = { stdout: r.stdout, status: statusOf(r), outcomes };
    natives.set(key, n);
  }
  return n;
}

const table: string[] = [];
afterAll(() => {
  if (table.length) console.log(['program  libc  bits  profile   kernel  | stdout status syscalls', ...table].join('\n'));
});

describe.each(BUILDS)('corpus, %s -m%d', (libc, bits) => {
  const problem = buildProblem(libc, bits) ?? (bits === 32 ? buildProblem('glibc', 64) : null);
  if (problem) console.warn(`test/abi/corpus ${libc} -m${bits}: SKIPPED: ${problem}`);
  const runs: [string, 'i386' | 'x86_64' | undefined][] = bits === 64
    ? [['textbook', undefined], ['zen4-kvm', undefined]]
    : [['textbook', 'i386'], ['textbook', 'x86_64'], ['zen4-kvm', 'i386'], ['zen4-kvm', 'x86_64']];
  for (const name of PROGRAMS) {
    const pending = pendingReason(name, libc, bits);
    it.skipIf(problem !== null)(`${name}${pending ? ` (pending: ${pending})` : ''}`, async () => {
      const exe = buildC(name, libc, bits);
      // -m32 without a native run: the same source's 64-bit build (glibc's for musl) is the oracle
      const ownNative = bits === 64 || native32Problem === null;
      const want = ownNative ? native(name, libc, bits) : native(name, 'glibc', 64);
      for (const [profile, kernel] of runs) {
        const r = await runCaptured(exe, { profile, kernel, args: ARGS }, STDIN);
        const row = `${name.padEnd(9)}${libc.padEnd(6)}${String(bits).padEnd(6)}${profile.padEnd(10)}${(kernel ?? 'x86_64').padEnd(8)}|`;
        if (pending) {
          table.push(`${row} pending: SIGILL not emulated (${pending})`);
          expect(r.outcome.kind, `${name} is listed as pending: it must still stop at a non-emulated instruction`).toBe('killed');
          expect(r.stderr).toMatch(/killed by SIGILL: not emulated/);
          continue;
        }
        const same = { stdout: r.stdout === want.stdout, status: r.exitCode === want.status };
        const outcomes = syscallOutcomes(r.rawTrace.join('\n'));
        const syscalls = ownNative && want.outcomes ? JSON.stringify(outcomes) === JSON.stringify(want.outcomes) : null;
        table.push(`${row} ${same.stdout ? 'same' : 'DIFF'}   ${same.status ? 'same' : 'DIFF'}   ${syscalls === null ? 'n/a (no native -m32)' : syscalls ? 'same' : 'DIFF'}`);
        expect(r.stdout, `${name} ${libc} -m${bits} ${profile} ${kernel ?? ''} stdout`).toBe(want.stdout);
        expect(r.exitCode, `${name} status`).toBe(want.status);
        if (syscalls !== null) expect(outcomes, `${name} syscalls`).toEqual(want.outcomes);
      }
    });
  }
});
