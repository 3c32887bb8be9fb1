# Hello world in 64-bit code, entering the kernel with the syscall instruction.
#
# The x86-64 fast path: the syscall number goes in %rax (write = 1,
# exit = 60), arguments in %rdi, %rsi, %rdx. SYSCALL saves the return RIP in
# %rcx and RFLAGS in %r11, loads CS from the STAR MSR and RIP from LSTAR
# (entry_SYSCALL_64) without touching the stack; the kernel returns with
# SYSRET when it can.

.code64

	.text
	.globl	_start
_start:
	movl	$1, %eax		# write(1, msg, len)
	movl	$1, %edi
	leaq	msg(%rip), %rsi
	movl	$len, %edx
	syscall

	movl	$60, %eax		# exit(0)
	xorl	%edi, %edi
	syscall

	.data
msg:
	.ascii	"Hello from syscall (64-bit)\n"
	len = . - msg
