# UMIP-protected instructions at CPL 3 (64-bit): writes the 64 bytes they stored in memory and registers
	.globl _start
_start:
	leaq buf(%rip), %rbx
	movq $-1, %rax
	movq %rax, (%rbx)
	movq %rax, 8(%rbx)
	movq %rax, 16(%rbx)
	movq %rax, 24(%rbx)
	movq %rax, 32(%rbx)
	sgdt (%rbx)
	sidt 10(%rbx)
	smsw 20(%rbx)
	sldt 22(%rbx)
	str 24(%rbx)
	movabsq $0x1122334455667788, %rsi
	movq %rsi, %rdi
	movq %rsi, %r8
	movq %rsi, %r9
	smsw %rsi
	sldt %edi
	str %r8w
	smsw %r9d
	movq %rsi, 32(%rbx)
	movq %rdi, 40(%rbx)
	movq %r8, 48(%rbx)
	movq %r9, 56(%rbx)
	movl $1, %eax
	movl $1, %edi
	movq %rbx, %rsi
	movl $64, %edx
	syscall
	movl $60, %eax
	xorl %edi, %edi
	syscall
	.bss
buf: .zero 64
