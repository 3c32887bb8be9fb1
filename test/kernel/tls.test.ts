// Thread-local storage and identity syscalls: arch_prctl(ARCH_SET_FS) then %fs: loads (x86_64),
// set_thread_area then a %gs selector from the returned GDT entry (i386), getcpu, gettid,
// getppid, set_tid_address, mmap2.
import { describe, expect, it } from 'vitest';
import { runCaptured, sourceFile } from './helpers.js';

const FS64 = `
	.code64
	.text
	.globl _start
_start:
	movl $158, %eax			# arch_prctl(ARCH_SET_FS, &tls)
	movl $0x1002, %edi
	leaq tls(%rip), %rsi
	syscall
	movq %fs:8, %rdi		# reads tls+8 through the FS base
	movl $158, %eax			# arch_prctl(ARCH_GET_FS, &out)
	pushq %rdi
	movl $0x1003, %edi
	leaq out(%rip), %rsi
	syscall
	popq %rdi
	movl $309, %eax			# getcpu(&cpu, &node, NULL)
	pushq %rdi
	leaq cpu(%rip), %rdi
	leaq node(%rip), %rsi
	xorl %edx, %edx
	syscall
	movl $186, %eax			# gettid
	syscall
	movl $110, %eax			# getppid
	syscall
	movl $218, %eax			# set_tid_address(&cpu)
	leaq cpu(%rip), %rdi
	syscall
	popq %rdi
	movl $60, %eax			# exit(the value read through %fs)
	syscall
	.data
tls:	.quad 0, 42
out:	.quad 0
cpu:	.long 7
node:	.long 7
`;

describe('x86_64: arch_prctl and friends', () => {
  it('ARCH_SET_FS makes %fs: address the TLS block', async () => {
    const r = await runCaptured(sourceFile(FS64));
    expect(r.exitCode).toBe(42);
    const t = r.trace;
    expect(t[0]).toMatch(/^arch_prctl\(ARCH_SET_FS, 0x[0-9a-f]+\) += 0$/);
    const base = /ARCH_SET_FS, (0x[0-9a-f]+)/.exec(t[0]!)![1];
    expect(t[1]).toMatch(new RegExp(`^arch_prctl\\(ARCH_GET_FS, \\[${base}\\]\\) += 0$`));
    expect(t[2]).toBe('getcpu([0], [0], NULL)                  = 0');
    expect(t[3]).toMatch(/^gettid\(\) += 4242$/);
    expect(t[4]).toMatch(/^getppid\(\) += 4241$/);
    expect(t[5]).toMatch(/^set_tid_address\(0x[0-9a-f]+\) += 4242$/);
  });
});

const GS32 = `
	.code32
	.text
	.globl _start
_start:
	movl $243, %eax			# set_thread_area(&desc) with entry_number -1
	movl $desc, %ebx
	int $0x80
	movl desc, %eax			# the entry the kernel picked
	leal 3(,%eax,8), %eax		# selector = entry * 8 | RPL 3
	movw %ax, %gs
	movl %gs:4, %ebx		# reads tls+4 through the GDT descriptor's base
	movl $192, %eax			# mmap2(NULL, 4096, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0)
	pushl %ebx
	xorl %ebx, %ebx
	movl $4096, %ecx
	movl $3, %edx
	movl $0x22, %esi
	movl $-1, %edi
	xorl %ebp, %ebp
	int $0x80
	movl $99, (%eax)		# the new page is writable
	popl %ebx
	movl $1, %eax			# exit(the value read through %gs)
	int $0x80
	.data
tls:	.long 0, 37
desc:	.long -1, tls, 0xfffff, 0x51	# seg_32bit, limit_in_pages, useable
`;

describe('i386: set_thread_area', () => {
  it('installs a TLS descriptor in the GDT that %gs can use (i386 kernel and compat)', async () => {
    for (const kernel of ['i386', 'x86_64'] as const) {
      const r = await runCaptured(sourceFile(GS32), { kernel });
      expect([kernel, r.exitCode, r.stderr]).toEqual([kernel, 37, '']);
      const entry = kernel === 'i386' ? 6 : 12; // GDT_ENTRY_TLS_MIN
      // strace: the struct as passed (entry -1), base and limit as %#08x, then the entry chosen
      expect(r.trace[0]).toMatch(new RegExp(`^set_thread_area\\(\\{entry_number=-1, base_addr=0x[0-9a-f]{6,}, limit=0x0fffff, seg_32bit=1.* = 0 \\(entry_number=${entry}\\)$`));
      expect(r.trace[1]).toMatch(/^mmap2\(NULL, 4096, PROT_READ\|PROT_WRITE, MAP_PRIVATE\|MAP_ANONYMOUS, -1, 0\) = 0x[0-9a-f]+$/);
    }
  });
});
