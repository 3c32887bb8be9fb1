// i386's time64 syscalls and the old getdents against the real kernel (test/abi/c/time64.c): the
// same output, status and syscall results natively and under both kernels and profiles.
import { describe, it } from 'vitest';
import { ia32Problem } from '../hostIa32.js';
import { buildProblem } from './cBuild.js';
import { compare32Native, compare64 } from './nativeCompare.js';

const problem64 = buildProblem('nolibc', 64);
const native32 = buildProblem('nolibc', 32) ?? ia32Problem();
if (problem64) console.warn(`test/abi/time64: SKIPPED: ${problem64}`);
if (native32) console.warn(`test/abi/time64 -m32: SKIPPED: ${native32}`);

describe('time64.c', () => {
  it.skipIf(problem64 !== null)('64-bit: getdents beside getdents64, as natively', () => compare64('time64', 'nolibc'));
  it.skipIf(native32 !== null)('-m32: clock_*_time64, ppoll_time64, pselect6_time64, compat getdents, as natively', () => compare32Native('time64', 'nolibc'));
});
