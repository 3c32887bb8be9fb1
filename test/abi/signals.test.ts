// Signal delivery against the real kernel: test/abi/c/signals.c handles SIGSEGV (MAPERR, ACCERR),
// SIGILL, SIGFPE and SIGTRAP, reads si_code/si_addr/trapno/err from its siginfo and ucontext,
// resumes through the frame's saved ip, blocks, ignores, uses an alternate stack and SA_RESETHAND,
// and dies of SIGTERM's default action: the same output, status and syscalls natively and here.
import { describe, it } from 'vitest';
import { ia32Problem } from '../hostIa32.js';
import { buildProblem } from './cBuild.js';
import { compare32, compare32Native, compare64 } from './nativeCompare.js';

const problem64 = buildProblem('nolibc', 64);
const problem32 = buildProblem('nolibc', 32);
if (problem64) console.warn(`test/abi/signals: SKIPPED: ${problem64}`);
if (problem32) console.warn(`test/abi/signals -m32: SKIPPED: ${problem32}`);

describe('signals.c', () => {
  it.skipIf(problem64 !== null)('64-bit: rt_sigframe, rt_sigreturn through SA_RESTORER, as natively', () => compare64('signals', 'nolibc'));
  const native32 = ia32Problem();
  it.skipIf(problem32 !== null || native32 !== null)('-m32: the ia32 frames and the vDSO\'s __kernel_rt_sigreturn, both kernels and profiles, as its native run', () => compare32Native('signals', 'nolibc'));
  // where the host cannot run 32-bit code, the 64-bit native lines stand in
  it.skipIf(problem32 !== null || problem64 !== null || native32 === null)('-m32: prints the 64-bit native lines under both kernels (no native -m32 here)', () => compare32('signals', 'nolibc'));
});
