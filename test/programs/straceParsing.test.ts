// The strace-line parsers the program oracle relies on, on lines captured from real strace 6.x.
import { describe, expect, it } from 'vitest';
import { syscallNames, syscallOutcomes } from './nativeTools.js';

const STRACE = `execve("./faults", ["./faults"], 0x7ffe83683320 /* 35 vars */) = 0
write(1, 0x10, 8)                       = -1 EFAULT (Bad address)
write(1, "write(1, 0x10, 8) from an unmapp"..., 47) = 47
syscall_0x3e8(0x1, 0x4030d3, 0x3c, 0, 0x4030d3, 0) = -1 ENOSYS (Function not implemented)
[pid  4242] getpid()                    = 4242
exit(0)                                 = ?
--- SIGSEGV {si_signo=SIGSEGV, si_code=SEGV_MAPERR, si_addr=NULL} ---
+++ killed by SIGSEGV +++
`;

describe('strace output parsing', () => {
  it('takes syscall names in order, without execve, unknown numbers in decimal', () => {
    expect(syscallNames(STRACE)).toEqual(['write', 'write', 'syscall_1000', 'getpid', 'exit']);
  });
  it('keeps errors, no-return calls and signals, not values', () => {
    expect(syscallOutcomes(STRACE)).toEqual([
      'write=EFAULT', 'write=ok', 'syscall_1000=ENOSYS', 'getpid=ok', 'exit=?',
      '--- SIGSEGV ---', '+++ killed by SIGSEGV +++',
    ]);
  });
  it('tells a wrong errno apart', () => {
    const other = STRACE.replace('-1 EFAULT (Bad address)', '-1 EBADF (Bad file descriptor)');
    expect(syscallOutcomes(other)).not.toEqual(syscallOutcomes(STRACE));
  });
});
