// strace's rendering rules, checked against lines real strace 6.1 printed for a static C program
// making the same calls natively (captured on this project's build machine, 2026-11-26).
import { describe, expect, it } from 'vitest';
import { formatSyscall, quoteBytes, type SyscallEvent } from '../../src/kernel/straceFormat.js';
import { syscallNumber } from '../../src/kernel/syscallTable.js';

/** A fake user memory holding `blobs` at their addresses. */
function memory(blobs: [bigint, Uint8Array][]): (addr: bigint, len: number) => Uint8Array | null {
  return (addr, len) => {
    for (const [base, bytes] of blobs) {
      const off = Number(addr - base);
      if (off >= 0 && off + len <= bytes.length) return bytes.subarray(off, off + len);
    }
    return null;
  };
}

const ev = (name: string, args: bigint[], ret: bigint | null): SyscallEvent => ({
  abi: 'x86_64', nr: syscallNumber('x86_64', name), args: [...args, 0n, 0n, 0n, 0n, 0n, 0n].slice(0, 6), ret,
});
const le64 = (...v: bigint[]): Uint8Array => {
  const b = new Uint8Array(8 * v.length);
  v.forEach((x, i) => { new DataView(b.buffer).setBigUint64(8 * i, x, true); });
  return b;
};

describe('strace format', () => {
  it('escapes and truncates strings at 32 characters', () => {
    const text = new TextEncoder().encode('hello\tworld\n\x01\x012abcdefghijklmnopqrstuvwxyz0123456789');
    expect(formatSyscall(ev('write', [1n, 0x1000n, 50n], 50n), memory([[0x1000n, text]])))
      .toBe('write(1, "hello\\tworld\\n\\1\\0012abcdefghijklmnopq"..., 50) = 50');
    const odd = Uint8Array.from([0x61, 0x22, 0x62, 0x5c, 0x63, 0x0d, 0x0b, 0x0c, 0x7f, 0xff, 0x00]);
    expect(formatSyscall(ev('write', [1n, 0x2000n, 11n], 11n), memory([[0x2000n, odd]])))
      .toBe('write(1, "a\\"b\\\\c\\r\\v\\f\\177\\377\\0", 11) = 11');
    expect(quoteBytes(new Uint8Array(0), false)).toBe('""');
  });

  it('aligns the result at column 40 and prints errors as -1 ENAME (text)', () => {
    const none = memory([]);
    expect(formatSyscall(ev('write', [1n, 1n, 5n], 5n), none)).toBe('write(1, 0x1, 5)                        = 5');
    expect(formatSyscall(ev('close', [55n], -9n), none)).toBe('close(55)                               = -1 EBADF (Bad file descriptor)');
    expect(formatSyscall({ abi: 'x86_64', nr: 999, args: [1n, 2n, 3n, 0n, 0n, 0n], ret: -38n }, none))
      .toBe('syscall_0x3e7(0x1, 0x2, 0x3, 0, 0, 0)   = -1 ENOSYS (Function not implemented)');
    expect(formatSyscall(ev('exit_group', [3n], null), none)).toBe('exit_group(3)                           = ?');
    expect(formatSyscall(ev('getppid', [], 4983n), none)).toBe('getppid()                               = 4983');
  });

  it('renders structures, flags and clocks like strace', () => {
    const m = memory([
      [0x3000n, le64(278n, 422400678n)],
      [0x4000n, le64(1795702564n, 241794n)],
      [0x5000n, le64(0n, 1000n)],
      [0x6000n, le64(0x3f899380n)],
      [0x7000n, Uint8Array.from([1, 0, 0, 0])],
      [0x7100n, Uint8Array.from([0, 0, 0, 0])],
      [0x8000n, le64(0x9000n, 2n, 0x9100n, 2n)],
      [0x9000n, new TextEncoder().encode('ab')],
      [0x9100n, new TextEncoder().encode('c\n')],
      [0xa000n, new TextEncoder().encode('/proc/self/maps\0')],
    ]);
    expect(formatSyscall(ev('clock_gettime', [1n, 0x3000n], 0n), m)).toBe('clock_gettime(CLOCK_MONOTONIC, {tv_sec=278, tv_nsec=422400678}) = 0');
    expect(formatSyscall(ev('gettimeofday', [0x4000n, 0n], 0n), m)).toBe('gettimeofday({tv_sec=1795702564, tv_usec=241794}, NULL) = 0');
    expect(formatSyscall(ev('time', [0n], 1795702564n), m)).toBe('time(NULL)                              = 1795702564 (2026-11-26T14:16:04+0000)');
    expect(formatSyscall(ev('nanosleep', [0x5000n, 0n], 0n), m)).toBe('nanosleep({tv_sec=0, tv_nsec=1000}, NULL) = 0');
    expect(formatSyscall(ev('brk', [0n], 0x3f8bb000n), m)).toBe('brk(NULL)                               = 0x3f8bb000');
    expect(formatSyscall(ev('mmap', [0n, 4096n, 3n, 0x22n, 0xffffffffn, 0n], 0x7fe6980c7000n), m))
      .toBe('mmap(NULL, 4096, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = 0x7fe6980c7000');
    expect(formatSyscall(ev('getcpu', [0x7000n, 0x7100n, 0n], 0n), m)).toBe('getcpu([1], [0], NULL)                  = 0');
    expect(formatSyscall(ev('open', [0xa000n, 0n], 3n), m)).toBe('open("/proc/self/maps", O_RDONLY)       = 3');
    expect(formatSyscall(ev('openat', [BigInt.asUintN(64, -100n), 0x9f00n, 0n], -2n), memory([[0x9f00n, new TextEncoder().encode('/nonexist\0')]])))
      .toBe('openat(AT_FDCWD, "/nonexist", O_RDONLY) = -1 ENOENT (No such file or directory)');
    expect(formatSyscall(ev('ioctl', [1n, 0x5401n, 0x7ffc6a9a7110n], -25n), m))
      .toBe('ioctl(1, TCGETS, 0x7ffc6a9a7110)        = -1 ENOTTY (Inappropriate ioctl for device)');
    expect(formatSyscall(ev('writev', [1n, 0x8000n, 2n], 4n), m))
      .toBe('writev(1, [{iov_base="ab", iov_len=2}, {iov_base="c\\n", iov_len=2}], 2) = 4');
    expect(formatSyscall(ev('arch_prctl', [0x1003n, 0x6000n], 0n), m)).toBe('arch_prctl(ARCH_GET_FS, [0x3f899380])   = 0');
    expect(formatSyscall(ev('arch_prctl', [0x1002n, 0x3f899380n], 0n), m)).toBe('arch_prctl(ARCH_SET_FS, 0x3f899380)     = 0');
    expect(formatSyscall(ev('read', [3n, 0xa000n, 20n], 15n), m)).toBe('read(3, "/proc/self/maps", 20)          = 15');
  });
});

describe('lines formatted later from captured memory', () => {
  it('match the lines formatted at the syscall, for every syscall of every bundled program', async () => {
    const { readdirSync } = await import('node:fs');
    const { loadProgram } = await import('../../src/program/loadProgram.js');
    const { LinuxKernel } = await import('../../src/kernel/LinuxKernel.js');
    const { traceMemoryNeeds, replayReader } = await import('../../src/kernel/straceFormat.js');
    // what the debugger's syscall ring does: copy the reads now, replay them when the line is shown
    const capture = (ev: SyscallEvent, read: (a: bigint, n: number) => Uint8Array | null) => {
      const needs = traceMemoryNeeds(ev);
      return needs === null ? null : replayReader(needs.map((r) => ({ ...r, bytes: read(r.addr, r.len)?.slice() ?? null })));
    };
    let compared = 0, deferred = 0;
    for (const file of readdirSync('programs').filter((f) => f.endsWith('.S'))) {
      const path = `programs/${file}`;
      const prog = await loadProgram(path);
      const pending: { ev: SyscallEvent; now: string; later: ((a: bigint, n: number) => Uint8Array | null) | null }[] = [];
      let k!: Awaited<ReturnType<typeof LinuxKernel.boot>>;
      const read = (a: bigint, n: number): Uint8Array | null => k.readUserForTrace(a, n);
      k = await LinuxKernel.boot({
        elf: prog.elf, execPath: path, argv: [path], envp: [],
        streams: { readStdin: () => new Uint8Array(0), writeStdout: () => {}, writeStderr: () => {} },
        onSyscall: (t) => {
          const ev: SyscallEvent = { abi: t.abi, nr: t.nr, args: t.args, ret: t.ret };
          pending.push({ ev, now: formatSyscall(ev, read), later: capture(ev, read) });
        },
      });
      k.run();
      // formatted after the program has run on (and rewritten its buffers)
      for (const p of pending) {
        if (p.later === null) continue;
        expect(formatSyscall(p.ev, p.later), `${file}: ${p.now}`).toBe(p.now);
        compared++;
        if (!/^(getpid|exit|exit_group)\(/.test(p.now)) deferred++;
      }
    }
    expect(compared).toBeGreaterThan(100);
    expect(deferred).toBeGreaterThan(20); // writes, clock_gettime, ... not only register-only calls
  });
});
