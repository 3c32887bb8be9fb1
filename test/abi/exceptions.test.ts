// The rarer exceptions against the real kernel: test/abi/c/exceptions.c single-steps with TF,
// raises #OF/#BR (32-bit), unmasked SSE and x87 exceptions, #SS (64-bit) and a #GP on a selector
// past the GDT, and prints what its handlers read from siginfo and the sigcontext (signal, si_code,
// si_addr, trapno, error code, resume ip): the same output, status and syscalls natively and here.
import { describe, it } from 'vitest';
import { ia32Problem } from '../hostIa32.js';
import { buildProblem } from './cBuild.js';
import { compare32Native, compare64 } from './nativeCompare.js';

const problem64 = buildProblem('nolibc', 64);
const problem32 = buildProblem('nolibc', 32);
if (problem64) console.warn(`test/abi/exceptions: SKIPPED: ${problem64}`);
const native32 = problem32 ?? ia32Problem();
if (native32) console.warn(`test/abi/exceptions -m32: SKIPPED: ${native32}`);

describe('exceptions.c', () => {
  it.skipIf(problem64 !== null)('64-bit: #DB single steps, #XM, #MF, #SS as the signals Linux sends, as natively', () => compare64('exceptions', 'nolibc'));
  it.skipIf(native32 !== null)('-m32: #DB, #OF, #BR, #XM, #MF, #GP(selector) under both kernels, as natively', () => compare32Native('exceptions', 'nolibc'));
});
