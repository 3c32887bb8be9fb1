# Bad pointers and unknown syscalls return errors; a bad store kills the process.
#
# The kernel checks every user pointer it is given: write() from an unmapped
# address, or clock_gettime() into a kernel address, returns -EFAULT (-14)
# instead of crashing (stdout must be a pipe, file or terminal: Linux's
# /dev/null never reads the buffer, so there the write returns 8). An
# unknown syscall number returns -ENOSYS (-38). But when user code itself
# touches a bad address the CPU raises a page fault (#PF), the kernel finds
# no mapping and sends SIGSEGV: the process dies, and the shell reports exit
# status 139 (128 + 11).

.code64

	SYS_write = 1
	SYS_exit = 60
	SYS_clock_gettime = 228

	.text
	.globl	_start
_start:
	movl	$SYS_write, %eax	# write(1, 0x10, 8): unmapped user address
	movl	$1, %edi
	movl	$0x10, %esi
	movl	$8, %edx
	syscall
	leaq	msg_unmapped(%rip), %rdi
	call	print_result

	movl	$SYS_clock_gettime, %eax	# clock_gettime(CLOCK_MONOTONIC, kernel address)
	movl	$1, %edi
	movabsq	$0xffffffff81000000, %rsi
	syscall
	leaq	msg_kernel(%rip), %rdi
	call	print_result

	movl	$1000, %eax		# no such system call
	syscall
	leaq	msg_enosys(%rip), %rdi
	call	print_result

	leaq	msg_store(%rip), %rdi	# a store to address 0: #PF -> SIGSEGV
	movq	$-1, %rax
	call	print_result
	movl	$1, 0

	movl	$SYS_exit, %eax		# not reached
	xorl	%edi, %edi
	syscall

# print_result: %rdi = text (NUL-terminated), %rax = value;
#   writes "TEXT = VALUE\n" (signed decimal), or just "TEXT\n" if %rax is -1
print_result:
	leaq	line(%rip), %rdx
1:	movb	(%rdi), %cl		# copy the text
	testb	%cl, %cl
	jz	2f
	movb	%cl, (%rdx)
	incq	%rdi
	incq	%rdx
	jmp	1b
2:	cmpq	$-1, %rax
	je	6f
	movb	$' ', (%rdx)
	movb	$'=', 1(%rdx)
	movb	$' ', 2(%rdx)
	addq	$3, %rdx
	testq	%rax, %rax
	jns	3f
	movb	$'-', (%rdx)
	incq	%rdx
	negq	%rax
3:	movq	%rdx, %r8		# divq needs %rdx
	leaq	digits_end(%rip), %rsi	# decimal digits, last digit first
	movl	$10, %ecx
4:	xorl	%edx, %edx
	divq	%rcx
	addb	$'0', %dl
	decq	%rsi
	movb	%dl, (%rsi)
	testq	%rax, %rax
	jnz	4b
	movq	%r8, %rdx
	leaq	digits_end(%rip), %r8
5:	movb	(%rsi), %cl		# copy the digits
	movb	%cl, (%rdx)
	incq	%rsi
	incq	%rdx
	cmpq	%r8, %rsi
	jb	5b
6:	movb	$'\n', (%rdx)
	incq	%rdx
	leaq	line(%rip), %rsi
	subq	%rsi, %rdx		# one write per line
	movl	$SYS_write, %eax
	movl	$1, %edi
	syscall
	ret

	.section .rodata
msg_unmapped:	.asciz	"write(1, 0x10, 8) from an unmapped address"
msg_kernel:	.asciz	"clock_gettime(CLOCK_MONOTONIC, 0xffffffff81000000) into a kernel address"
msg_enosys:	.asciz	"syscall 1000 (no such system call)"
msg_store:	.asciz	"storing to address 0: expect SIGSEGV (exit status 139)"

	.bss
digits:		.skip	24
digits_end:
line:		.skip	128
