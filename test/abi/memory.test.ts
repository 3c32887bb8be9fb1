// mm/mmap.c's rules, checked against the real kernel: test/abi/c/memory.c prints what mmap,
// munmap, mprotect, mremap, madvise, brk and /proc/self/maps do, natively and under trapdoor
// (64-bit natively; the -m32 build under trapdoor must print the same lines). And the host memory
// behind the guest follows what it maps now (munmap frees), under a --memory limit.
import { describe, expect, it } from 'vitest';
import { runCaptured } from '../kernel/helpers.js';
import { buildC, buildProblem } from './cBuild.js';
import { compare32, compare64 } from './nativeCompare.js';

const problem64 = buildProblem('nolibc', 64);
const problem32 = buildProblem('nolibc', 32);
if (problem64) console.warn(`test/abi/memory: SKIPPED: ${problem64}`);
if (problem32) console.warn(`test/abi/memory -m32: SKIPPED: ${problem32}`);

describe('memory.c: mmap/munmap/mprotect/mremap/madvise/brk/stack growth', () => {
  it.skipIf(problem64 !== null)('prints what it prints natively, with the same syscall results as strace shows', () => compare64('memory', 'nolibc'));
  it.skipIf(problem32 !== null || problem64 !== null)('-m32 prints the 64-bit native lines under both kernels (-m32 cannot run natively here)', () => compare32('memory', 'nolibc'));
});

describe('host memory follows the guest', () => {
  it.skipIf(problem64 !== null)('200 MB mapped, touched and unmapped twelve times: frames freed; 1 GiB past --memory 512M is ENOMEM', async () => {
    const exe = buildC('churn', 'nolibc', 64);
    const r = await runCaptured(exe, { memoryLimit: 512n << 20n, trace: false });
    expect(r.stdout).toBe('mmap 1 GiB under --memory 512M (ENOMEM) = -12\n');
    expect(r.exitCode).toBe(0);
    // what is left: the program, stack, vDSO; not 12 x 3200 touched pages
    expect(r.kernel.machine.phys.frames.size).toBeLessThan(2000);
  });
});
