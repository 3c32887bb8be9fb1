// Exits at once: start-up cost.
	.text
	.globl _start
_start:
	movl $60, %eax
	xorl %edi, %edi
	syscall
