// The 14-instruction loop of compute64.S as i386 code, N passes; exit through int $0x80.
	.text
	.globl _start
_start:
	movl $N, %ecx
	xorl %eax, %eax
	xorl %ebx, %ebx
	movl $buf, %edi
1:	movl %ecx, %edx
	imull $33, %edx, %edx
	addl %edx, %eax
	xorl %ecx, %eax
	addl %eax, (%edi)
	movl (%edi), %esi
	shll $3, %esi
	addl %esi, %ebx
	leal 1(%ebx,%eax,2), %ebp
	cmpl $3, %ebp
	jb 2f
2:	movl %ebx, 8(%edi)
	decl %ecx
	jnz 1b
	movl $1, %eax
	xorl %ebx, %ebx
	int $0x80
	.bss
buf:	.zero 64
