# Hello world in 32-bit code, entering the kernel with int $0x80.
#
# The oldest Linux system call path: the syscall number goes in %eax (i386
# numbers: write = 4, exit = 1), arguments in %ebx, %ecx, %edx, and
# `int $0x80` raises a software interrupt. The CPU reads IDT vector 0x80 (a
# DPL 3 gate), switches to the kernel stack named by the TSS, pushes
# SS, ESP, EFLAGS, CS, EIP, and jumps to entry_INT80_32; the kernel returns
# with IRET.

.code32

	.text
	.globl	_start
_start:
	movl	$4, %eax		# write(1, msg, len)
	movl	$1, %ebx
	movl	$msg, %ecx
	movl	$len, %edx
	int	$0x80

	movl	$1, %eax		# exit(0)
	xorl	%ebx, %ebx
	int	$0x80

	.data
msg:
	.ascii	"Hello from int $0x80 (32-bit)\n"
	len = . - msg
