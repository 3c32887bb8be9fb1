// The process image (issue 10 §4) from inside the program: test/abi/c/procfs.c compares the auxv
// on its stack with /proc/self/auxv and prints the auxv's order, reads /proc/self/{cmdline,exe,
// status,stat,maps}, /dev/{null,zero,urandom}, and calls the vsyscall page: natively and here.
// Then the -m32 image: under the x86_64 kernel (a compat process, as natively here) equal to its
// native run, /proc/self/auxv's length counted in 64-bit words as Linux counts it; under the i386
// kernel by Linux's rules written down (the host has no i386 kernel to compare with); and
// READ_IMPLIES_EXEC for a 32-bit ELF without PT_GNU_STACK.
import { describe, expect, it } from 'vitest';
import { runCaptured, sourceFile } from '../kernel/helpers.js';
import { ia32Problem } from '../hostIa32.js';
import { runNative } from '../programs/nativeTools.js';
import { buildC, buildProblem } from './cBuild.js';
import { compare64 } from './nativeCompare.js';

const problem64 = buildProblem('nolibc', 64);
const problem32 = buildProblem('nolibc', 32);

describe('procfs.c', () => {
  it.skipIf(problem64 !== null)('64-bit: auxv order and contents, /proc/self files, devices, [vsyscall], as natively', () => compare64('procfs', 'nolibc'));

  it.skipIf(problem32 !== null || ia32Problem() !== null)('-m32 under the x86_64 kernel: as its native run (compat: /proc/self/auxv runs past the stack\'s AT_NULL)', async () => {
    const exe = buildC('procfs', 'nolibc', 32);
    const native = runNative(exe);
    expect(native.stdout).toContain('auxv file equals the stack\'s: no\n');
    const r = await runCaptured(exe, { kernel: 'x86_64' });
    expect(r.stdout).toBe(native.stdout);
    expect(r.exitCode).toBe(native.status);
  });

  it.skipIf(problem32 !== null)('-m32: AT_SYSINFO first, then the 64-bit order; i686; no [vsyscall] (both kernels)', async () => {
    const exe = buildC('procfs', 'nolibc', 32);
    for (const kernel of ['i386', 'x86_64'] as const) {
      const r = await runCaptured(exe, { kernel });
      expect(r.exitCode).toBe(0);
      // (the i386 kernel's file is exactly the stack's auxv; the x86_64 kernel's compat one is longer)
      expect(r.stdout).toContain(`auxv file equals the stack's: ${kernel === 'i386' ? 'yes' : 'no'}\nauxv types: 32 33 51 16 6 17 3 4 5 7 8 9 11 12 13 14 23 25 26 31 15 27 28 0\n`);
      expect(r.stdout).toContain('AT_PLATFORM: i686\n');
      expect(r.stdout.replace('auxv file equals the stack\'s: no\n', ''), 'every other check holds').not.toContain(': no\n');
      expect(r.kernel.procMaps()).not.toContain('[vsyscall]');
    }
  });
});

describe('READ_IMPLIES_EXEC', () => {
  const PROG = `
	.code32
	.text
	.globl _start
_start:
	movl $1, %eax
	xorl %ebx, %ebx
	int $0x80
	.data
value:	.long 7
`;
  it('a 32-bit ELF without PT_GNU_STACK: one r-xp text VMA, rwxp data and stack', async () => {
    const r = await runCaptured(sourceFile(PROG, 'rie'), { kernel: 'i386' });
    const maps = r.kernel.procMaps().split('\n');
    const exe = maps.filter((l) => l.includes('rie-'));
    expect(exe.map((l) => l.split(' ')[1])).toEqual(['r-xp', 'rwxp']);
    expect(maps.find((l) => l.endsWith('[stack]'))?.split(' ')[1]).toBe('rwxp');
  });
});
