// mm/mmap.c's rules, checked against the real kernel: test/abi/c/memory.c prints what mmap,
// munmap, mprotect, mremap, madvise, brk and /proc/self/maps do, natively and under trapdoor
// (64-bit natively; the -m32 build against its own native run where the host runs 32-bit code,
// test/hostIa32.ts, else it must print the 64-bit native lines). And the host memory
// behind the guest follows what it maps now (munmap frees), under a --memory limit.
import { describe, expect, it } from 'vitest';
import { runCaptured } from '../kernel/helpers.js';
import { buildC, buildProblem } from './cBuild.js';
import { ia32Problem } from '../hostIa32.js';
import { compare32, compare32Native, compare64 } from './nativeCompare.js';

const problem64 = buildProblem('nolibc', 64);
const problem32 = buildProblem('nolibc', 32);
if (problem64) console.warn(`test/abi/memory: SKIPPED: ${problem64}`);
if (problem32) console.warn(`test/abi/memory -m32: SKIPPED: ${problem32}`);

describe('memory.c: mmap/munmap/mprotect/mremap/madvise/brk/stack growth', () => {
  it.skipIf(problem64 !== null)('prints what it prints natively, with the same syscall results as strace shows', () => compare64('memory', 'nolibc'));
  const native32 = ia32Problem();
  it.skipIf(problem32 !== null || native32 !== null)('-m32: under both kernels and profiles as its native run, syscall results included', () => compare32Native('memory', 'nolibc'));
  // where the host cannot run 32-bit code, the 64-bit native lines stand in
  it.skipIf(problem32 !== null || problem64 !== null || native32 === null)('-m32 prints the 64-bit native lines under both kernels (no native -m32 here)', () => compare32('memory', 'nolibc'));
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
