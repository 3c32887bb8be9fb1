// Syscall semantics: error returns (EFAULT, EBADF, ENOSYS, ENOENT, ENOTTY), the virtual files,
// brk/mmap/munmap, and the strace-format trace compared line by line with real strace running
// the same program natively (where as, ld and strace exist).
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCaptured, sourceFile } from './helpers.js';

const SEMANTICS = `
	.code64
	.text
	.globl _start
_start:
	movl $1, %eax			# write(1, 0x10, 5): EFAULT
	movl $1, %edi
	movq $0x10, %rsi
	movl $5, %edx
	syscall
	movl $1, %eax			# write(99, msg, 1): EBADF
	movl $99, %edi
	leaq msg(%rip), %rsi
	movl $1, %edx
	syscall
	movl $1000, %eax		# no such syscall: ENOSYS
	movq $1, %rdi
	movq $2, %rsi
	movq $3, %rdx
	xorl %r10d, %r10d
	xorl %r8d, %r8d
	xorl %r9d, %r9d
	syscall
	movl $2, %eax			# open("/etc/passwd-trapdoor", O_RDONLY): ENOENT
	leaq nofile(%rip), %rdi
	xorl %esi, %esi
	syscall
	movl $228, %eax			# clock_gettime(CLOCK_MONOTONIC, kernel address): EFAULT
	movl $1, %edi
	movq $0xffffffff81000000, %rsi
	syscall
	movl $3, %eax			# close(42): EBADF
	movl $42, %edi
	syscall
	movl $16, %eax			# ioctl(1, TCGETS, buf): ENOTTY
	movl $1, %edi
	movl $0x5401, %esi
	leaq buf(%rip), %rdx
	syscall
	movl $257, %eax			# openat(AT_FDCWD, "/dev/null", O_WRONLY) = 3
	movq $-100, %rdi
	leaq devnull(%rip), %rsi
	movl $1, %edx
	syscall
	movl $1, %eax			# write(3, msg, 4) = 4
	movl $3, %edi
	leaq msg(%rip), %rsi
	movl $4, %edx
	syscall
	movl $0, %eax			# read(3, buf, 4): EBADF (opened write-only)
	movl $3, %edi
	leaq buf(%rip), %rsi
	movl $4, %edx
	syscall
	movl $3, %eax			# close(3) = 0
	movl $3, %edi
	syscall
	movl $20, %eax			# writev(1, iov, 2) = 6
	movl $1, %edi
	leaq iov(%rip), %rsi
	movl $2, %edx
	syscall
	movl $231, %eax			# exit_group(7)
	movl $7, %edi
	syscall

	.data
msg:	.ascii "hey\\n"
nofile:	.asciz "/etc/passwd-trapdoor"
devnull: .asciz "/dev/null"
part1:	.ascii "ab"
part2:	.ascii "cd\\n\\t"
iov:	.quad part1, 2, part2, 4
	.bss
buf:	.zero 64
`;

const EXPECTED_TRACE = [
  'write(1, 0x10, 5)                       = -1 EFAULT (Bad address)',
  'write(99, "h", 1)                       = -1 EBADF (Bad file descriptor)',
  'syscall_0x3e8(0x1, 0x2, 0x3, 0, 0, 0)   = -1 ENOSYS (Function not implemented)',
  'open("/etc/passwd-trapdoor", O_RDONLY)  = -1 ENOENT (No such file or directory)',
  'clock_gettime(CLOCK_MONOTONIC, 0xffffffff81000000) = -1 EFAULT (Bad address)',
  'close(42)                               = -1 EBADF (Bad file descriptor)',
  'ioctl(1, TCGETS, 0x402049)              = -1 ENOTTY (Inappropriate ioctl for device)',
  'openat(AT_FDCWD, "/dev/null", O_WRONLY) = 3',
  'write(3, "hey\\n", 4)                    = 4',
  'read(3, 0x402049, 4)                    = -1 EBADF (Bad file descriptor)',
  'close(3)                                = 0',
  'writev(1, [{iov_base="ab", iov_len=2}, {iov_base="cd\\n\\t", iov_len=4}], 2) = 6',
  'exit_group(7)                           = ?',
  '+++ exited with 7 +++',
];

/** Addresses differ between runs (stack, ASLR): compare them as ADDR, and the alignment padding as one space. */
const normalise = (l: string): string =>
  l.replace(/0x[0-9a-f]{6,}/g, (m) => (m === '0xffffffff81000000' ? m : 'ADDR')).replace(/\) +=/, ') =');

describe('syscall semantics (x86_64 ABI)', () => {
  it('returns the errors Linux returns and prints strace lines', async () => {
    const r = await runCaptured(sourceFile(SEMANTICS));
    expect(r.exitCode).toBe(7);
    expect(r.stdout).toBe('abcd\n\t');
    expect(r.trace).toEqual(EXPECTED_TRACE); // .bss at 0x402049: ld's layout, which ours follows
  });

  const tools = ['as', 'ld', 'strace'].every((t) => spawnSync('which', [t]).status === 0);
  if (!tools) console.warn('skipping the strace differential: as, ld or strace missing');
  it.skipIf(!tools)('prints what strace prints for the same program run natively', async (ctx) => {
    const dir = mkdtempSync(join(tmpdir(), 'trapdoor-strace-'));
    const src = sourceFile(SEMANTICS);
    expect(spawnSync('as', ['--64', '-o', join(dir, 'p.o'), src]).status).toBe(0);
    expect(spawnSync('ld', ['-o', join(dir, 'p'), join(dir, 'p.o')]).status).toBe(0);
    const st = spawnSync('strace', ['-qq', '-o', join(dir, 'trace'), join(dir, 'p')], { encoding: 'utf8' });
    if (st.status !== 7) {
      return ctx.skip(`strace could not run the program natively (${st.stderr.trim()})`);
    }
    // strace -qq leaves out the exit line; the execve that started the program is not the program's
    const native = spawnSync('cat', [join(dir, 'trace')], { encoding: 'utf8' }).stdout.trim().split('\n').filter((l) => !l.startsWith('execve('));
    const ours = (await runCaptured(src)).trace.filter((l) => !l.startsWith('+++'));
    expect(ours.map(normalise)).toEqual(native.map(normalise));
  });
});

const MEMORY = `
	.code64
	.text
	.globl _start
_start:
	movl $12, %eax			# brk(0)
	xorl %edi, %edi
	syscall
	movq %rax, %rbx
	leaq 0x2000(%rbx), %rdi		# brk(cur + 0x2000)
	movl $12, %eax
	syscall
	movb $1, 0x1fff(%rbx)		# the new heap is writable
	movl $9, %eax			# mmap(NULL, 8192, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0)
	xorl %edi, %edi
	movl $8192, %esi
	movl $3, %edx
	movl $0x22, %r10d
	movq $-1, %r8
	xorl %r9d, %r9d
	syscall
	movq %rax, %r12
	movb $2, 4095(%r12)
	movl $9, %eax			# mmap(NULL, 1 TiB, ...): more than a process may map, ENOMEM
	xorl %edi, %edi
	movq $0x10000000000, %rsi
	movl $3, %edx
	movl $0x22, %r10d
	movq $-1, %r8
	xorl %r9d, %r9d
	syscall
	movl $2, %eax			# open("/proc/self/maps", O_RDONLY)
	leaq maps(%rip), %rdi
	xorl %esi, %esi
	syscall
	movl %eax, %r13d
copy:
	xorl %eax, %eax			# read(fd, buf, 4096)
	movl %r13d, %edi
	leaq buf(%rip), %rsi
	movl $4096, %edx
	syscall
	testq %rax, %rax
	jle done
	movq %rax, %rdx			# write(1, buf, n)
	movl $1, %eax
	movl $1, %edi
	leaq buf(%rip), %rsi
	syscall
	jmp copy
done:
	movl $11, %eax			# munmap(addr, 8192)
	movq %r12, %rdi
	movl $8192, %esi
	syscall
	movb $3, (%r12)			# now unmapped: SIGSEGV
	.data
maps:	.asciz "/proc/self/maps"
	.bss
buf:	.zero 4096
`;

describe('memory and /proc/self/maps', () => {
  it('brk grows the [heap], mmap adds an anonymous mapping, munmap removes it', async () => {
    const r = await runCaptured(sourceFile(MEMORY));
    expect(r.exitCode).toBe(139); // the store after munmap
    expect(r.stderr).toMatch(/SIGSEGV: write to 0x[0-9a-f]+ \(page not present\)/);
    const lines = r.stdout.trimEnd().split('\n');
    const re = /^([0-9a-f]{8,})-([0-9a-f]{8,}) ([r-][w-][x-]p) ([0-9a-f]{8}) ([0-9a-f]{2}:[0-9a-f]{2}) (\d+) *(.*)$/;
    for (const l of lines) {
      expect(l).toMatch(re);
      const name = re.exec(l)![7]!;
      if (name) expect(l.indexOf(name)).toBe(73); // the kernel pads the name column to 73 on x86_64
      else expect(l.endsWith(' 0 ')).toBe(true);
    }
    const names = lines.map((l) => re.exec(l)![7]);
    expect(names).toContain('[heap]');
    expect(names.filter((n) => n === '[vdso]')).toHaveLength(1);
    expect(names.slice(-4)).toEqual(['[vvar_vclock]', '[vdso]', '[stack]', '[vsyscall]']);
    const heap = lines.find((l) => l.endsWith('[heap]'))!;
    const [, hs, he] = re.exec(heap)!;
    expect(BigInt(`0x${he}`) - BigInt(`0x${hs}`)).toBe(0x2000n);
    // the mmap region: anonymous, rw-p, 8 KiB, right below [vvar]
    const vvar = lines.find((l) => l.endsWith('[vvar]'))!;
    const anon = lines[lines.indexOf(vvar) - 1]!;
    expect(anon).toMatch(/^[0-9a-f]+-[0-9a-f]+ rw-p 00000000 00:00 0 $/);
    const [s, e] = anon.split(' ')[0]!.split('-').map((x) => BigInt(`0x${x}`));
    expect(e! - s!).toBe(0x2000n);
    expect(r.trace.some((l) => /^munmap\(0x[0-9a-f]+, 8192\) += 0$/.test(l))).toBe(true);
    expect(r.trace).toContain('mmap(NULL, 1099511627776, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = -1 ENOMEM (Cannot allocate memory)');
  });
});

const TIME32 = `
	.code32
	.text
	.globl _start
_start:
	movl $265, %eax			# clock_gettime(CLOCK_MONOTONIC, &ts)
	movl $1, %ebx
	movl $ts, %ecx
	int $0x80
	movl $162, %eax			# nanosleep({1, 500000000}, NULL)
	movl $req, %ebx
	xorl %ecx, %ecx
	int $0x80
	movl $265, %eax
	movl $1, %ebx
	movl $ts2, %ecx
	int $0x80
	movl $122, %eax			# uname(&u)
	movl $uts, %ebx
	int $0x80
	movl $13, %eax			# time(NULL)
	xorl %ebx, %ebx
	int $0x80
	movl $1, %eax
	xorl %ebx, %ebx
	int $0x80
	.data
req:	.long 1, 500000000
	.bss
ts:	.zero 8
ts2:	.zero 8
uts:	.zero 390
`;

describe('time and identity (i386 ABI, 32-bit structures)', () => {
  it('nanosleep advances simulated time; uname says Linux i686; time is the boot date', async () => {
    const r = await runCaptured(sourceFile(TIME32), { kernel: 'i386' });
    expect(r.exitCode).toBe(0);
    const ts = r.trace.filter((l) => l.startsWith('clock_gettime')).map((l) => {
      const m = /tv_sec=(\d+), tv_nsec=(\d+)/.exec(l)!;
      return Number(m[1]) + Number(m[2]) / 1e9;
    });
    expect(ts).toHaveLength(2);
    expect(ts[1]! - ts[0]!).toBeGreaterThanOrEqual(1.5);
    expect(ts[1]! - ts[0]!).toBeLessThan(1.6);
    expect(r.trace).toContain('nanosleep({tv_sec=1, tv_nsec=500000000}, NULL) = 0');
    expect(r.trace.find((l) => l.startsWith('uname'))).toMatch(/^uname\(\{sysname="Linux", nodename="trapdoor", \.\.\.\}\) += 0$/);
    expect(r.trace.find((l) => l.startsWith('time'))).toMatch(/^time\(NULL\) += 1767225\d{3} \(2026-01-01T00:00:0\d\+0000\)$/);
  });
});
