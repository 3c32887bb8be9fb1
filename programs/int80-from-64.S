# A 64-bit process entering the kernel with int $0x80 and i386 syscall numbers.
#
# int $0x80 still works from 64-bit code: the x86_64 kernel treats it as a
# 32-bit system call (since 6.7 through int80_emulation), so the numbers are
# the i386 ones (write = 4, getpid = 20, exit = 1), arguments go in %ebx,
# %ecx, %edx, and only the low 32 bits are used (the message must live below
# 4 GiB, as it does in a static executable). The program checks that
# getpid through int $0x80 equals getpid through syscall (39).

.code64

	.text
	.globl	_start
_start:
	movl	$4, %eax		# write(1, msg, len), i386 numbers
	movl	$1, %ebx
	movl	$msg, %ecx
	movl	$len, %edx
	int	$0x80

	movl	$20, %eax		# getpid() via int $0x80
	int	$0x80
	movl	%eax, %r12d
	movl	$39, %eax		# getpid() via syscall
	syscall
	cmpl	%eax, %r12d
	jne	1f
	movl	$same, %ecx
	movl	$samelen, %edx
	jmp	2f
1:	movl	$differ, %ecx
	movl	$differlen, %edx
2:	movl	$4, %eax		# write(1, verdict, len)
	movl	$1, %ebx
	int	$0x80

	movl	$1, %eax		# exit(0)
	xorl	%ebx, %ebx
	int	$0x80

	.data
msg:
	.ascii	"Hello from int $0x80 in a 64-bit process\n"
	len = . - msg
same:
	.ascii	"getpid via int $0x80 == getpid via syscall: yes\n"
	samelen = . - same
differ:
	.ascii	"getpid via int $0x80 == getpid via syscall: NO\n"
	differlen = . - differ
