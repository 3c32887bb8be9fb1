// The differential check every ABI program gets: the 64-bit build natively is the oracle for
// stdout, the exit status and the syscall results strace shows; the -m32 build under both
// kernels must print the same; where the host runs 32-bit code (test/hostIa32.ts), compare32Native
// checks the -m32 build against its own native run.
import { expect } from 'vitest';
import { runNative, straceProblem, straceText, syscallOutcomes } from '../programs/nativeTools.js';
import { runCaptured } from '../kernel/helpers.js';
import { ia32Problem } from '../hostIa32.js';
import { buildC, workDir, type Libc } from './cBuild.js';

const traceProblem = straceProblem();
if (traceProblem) console.warn(`test/abi: strace comparison SKIPPED: ${traceProblem}`);

/** Run NAME's 64-bit build natively and under both profiles: same stdout, status and syscall outcomes. */
export async function compare64(name: string, libc: Libc, stdin = ''): Promise<void> {
  const exe = buildC(name, libc, 64);
  const native = runNative(exe);
  for (const profile of ['textbook', 'zen4-kvm']) {
    const r = await runCaptured(exe, { profile }, stdin);
    expect(r.stdout, `${name} ${profile} stdout`).toBe(native.stdout);
    expect(r.exitCode, `${name} ${profile} status`).toBe(native.status);
    if (!traceProblem) {
      const want = syscallOutcomes(straceText(exe, workDir, `${name}-${libc}64`));
      expect(syscallOutcomes(r.rawTrace.join('\n')), `${name} ${profile} syscalls`).toEqual(want);
    }
  }
}

/** NAME's -m32 build under the i386 and the x86_64 kernel prints what the 64-bit build prints natively. */
export async function compare32(name: string, libc: Libc, stdin = ''): Promise<void> {
  const native = runNative(buildC(name, libc === 'musl' ? 'glibc' : libc, 64));
  const exe = buildC(name, libc, 32);
  for (const kernel of ['i386', 'x86_64'] as const) {
    const r = await runCaptured(exe, { kernel }, stdin);
    expect(r.stdout, `${name} -m32 on ${kernel}`).toBe(native.stdout);
    expect(r.exitCode, `${name} -m32 on ${kernel} status`).toBe(native.status);
  }
}

/**
 * NAME's -m32 build natively (where this host runs 32-bit code: test/hostIa32.ts) is the oracle for
 * its runs under the i386 and the x86_64 kernel and both profiles: stdout, status and the syscall
 * outcomes strace shows. The caller skips where ia32Problem() says the host cannot.
 */
export async function compare32Native(name: string, libc: Libc): Promise<void> {
  const why = ia32Problem();
  if (why) throw new Error(`compare32Native: ${why}`);
  const exe = buildC(name, libc, 32);
  const native = runNative(exe);
  const want = traceProblem ? null : syscallOutcomes(straceText(exe, workDir, `${name}-${libc}32`));
  for (const profile of ['textbook', 'zen4-kvm']) {
    for (const kernel of ['i386', 'x86_64'] as const) {
      const r = await runCaptured(exe, { profile, kernel });
      expect(r.stdout, `${name} -m32 ${profile} on ${kernel}`).toBe(native.stdout);
      expect(r.exitCode, `${name} -m32 ${profile} on ${kernel} status`).toBe(native.status);
      if (want) expect(syscallOutcomes(r.rawTrace.join('\n')), `${name} -m32 ${profile} on ${kernel} syscalls`).toEqual(want);
    }
  }
}
