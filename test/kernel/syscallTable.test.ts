// The syscall numbers against the kernel's own uapi headers (asm/unistd_32.h, unistd_64.h) where
// they are installed, and against REFERENCE.md's table everywhere.
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SYSCALLS, syscallByNumber, syscallNumber } from '../../src/kernel/syscallTable.js';

const HDR = '/usr/include/x86_64-linux-gnu/asm';
const haveHeaders = existsSync(`${HDR}/unistd_64.h`) && existsSync(`${HDR}/unistd_32.h`);
if (!haveHeaders) console.warn('skipping the uapi header comparison: no asm/unistd_{32,64}.h on this host');

function parseHeader(path: string): Map<string, number> {
  const m = new Map<string, number>();
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    const r = /^#define __NR_(\w+)\s+(\d+)/.exec(line);
    if (r) m.set(r[1]!, Number(r[2]));
  }
  return m;
}

describe.skipIf(!haveHeaders)('syscall numbers vs the installed uapi headers', () => {
  const h64 = haveHeaders ? parseHeader(`${HDR}/unistd_64.h`) : new Map<string, number>();
  const h32 = haveHeaders ? parseHeader(`${HDR}/unistd_32.h`) : new Map<string, number>();
  it('every number in the headers has its name in our tables (x32 aside)', () => {
    for (const [name, nr] of h64) if (nr < 512) expect(syscallByNumber('x86_64', nr)?.name, `x86_64 ${nr}`).toBe(name);
    for (const [name, nr] of h32) expect(syscallByNumber('i386', nr)?.name, `i386 ${nr}`).toBe(name);
  });
  it('every name of ours that the headers know has their numbers (newer calls are past their last number)', () => {
    const last64 = Math.max(...[...h64.values()].filter((n) => n < 512));
    const last32 = Math.max(...h32.values());
    for (const s of SYSCALLS) {
      if (s.x86_64 !== undefined) expect(s.x86_64 > last64 ? s.x86_64 : h64.get(s.name), s.name).toBe(s.x86_64);
      if (s.i386 !== undefined) expect(s.i386 > last32 ? s.i386 : h32.get(s.name), s.name).toBe(s.i386);
    }
  });
});

describe('calls Linux has no entry point for', () => {
  it('64-bit set_thread_area and the i386 break are -ENOSYS without a function, as sys_ni_syscall', () => {
    expect(syscallByNumber('x86_64', 205)).toMatchObject({ name: 'set_thread_area', linuxHasNone: true, fn: undefined });
    expect(syscallByNumber('i386', 243)?.fn).toBeTypeOf('function');
    expect(syscallByNumber('i386', 17)).toMatchObject({ name: 'break', linuxHasNone: true });
  });
});

describe('REFERENCE.md section 5', () => {
  // | call | i386 | x86_64 | rows, as written in the reference
  const table: [string, number | null, number | null][] = [
    ['read', 3, 0], ['write', 4, 1], ['open', 5, 2], ['openat', 295, 257], ['close', 6, 3], ['exit', 1, 60],
    ['exit_group', 252, 231], ['getpid', 20, 39], ['getppid', 64, 110], ['gettid', 224, 186],
    ['gettimeofday', 78, 96], ['time', 13, 201], ['clock_gettime', 265, 228], ['clock_getres', 266, 229],
    ['brk', 45, 12], ['mmap2', 192, null], ['mmap', null, 9], ['munmap', 91, 11], ['uname', 122, 63],
    ['nanosleep', 162, 35], ['getcpu', 318, 309], ['writev', 146, 20], ['ioctl', 54, 16], ['arch_prctl', 384, 158],
    ['set_thread_area', 243, 205], ['set_tid_address', 258, 218],
  ];
  it.each(table)('%s', (name, i386, x64) => {
    if (i386 !== null) expect(syscallNumber('i386', name)).toBe(i386);
    if (x64 !== null) expect(syscallNumber('x86_64', name)).toBe(x64);
  });
  it('unknown numbers have no entry (the kernel answers -ENOSYS)', () => {
    expect(syscallByNumber('x86_64', 1000)).toBeUndefined();
    expect(syscallByNumber('i386', 999)).toBeUndefined();
  });
});
