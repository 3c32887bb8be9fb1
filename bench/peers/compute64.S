// 14-instruction integer loop (ALU, imul, shift, load/store and read-modify-write, lea, cmp, Jcc), N passes.
	.text
	.globl _start
_start:
	movl $N, %ecx
	xorl %eax, %eax
	xorl %ebx, %ebx
	leaq buf(%rip), %rdi
1:	movl %ecx, %edx
	imull $33, %edx, %edx
	addl %edx, %eax
	xorl %ecx, %eax
	addl %eax, (%rdi)
	movl (%rdi), %esi
	shll $3, %esi
	addl %esi, %ebx
	leaq 1(%rbx,%rax,2), %r8
	cmpl $3, %r8d
	jb 2f
2:	movq %rbx, 8(%rdi)
	decl %ecx
	jnz 1b
	movl $60, %eax
	xorl %edi, %edi
	syscall
	.bss
buf:	.zero 64
