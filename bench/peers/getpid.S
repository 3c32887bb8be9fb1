// N getpid system calls through SYSCALL (4 instructions a pass).
	.text
	.globl _start
_start:
	movl $N, %ebx
1:	movl $39, %eax
	syscall
	decl %ebx
	jnz 1b
	movl $60, %eax
	xorl %edi, %edi
	syscall
