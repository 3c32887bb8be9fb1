# UMIP-protected instructions at CPL 3 (32-bit): writes the 48 bytes they stored in memory and registers
	.code32
	.globl _start
_start:
	movl $buf, %ebx
	movl $-1, %eax
	movl $12, %ecx
1:	movl %eax, -4(%ebx,%ecx,4)
	loop 1b
	sgdt (%ebx)
	sidt 8(%ebx)
	smsw 16(%ebx)
	sldt 18(%ebx)
	str 20(%ebx)
	movl $0x55667788, %esi
	movl %esi, %edi
	movl %esi, %ebp
	smsw %esi
	sldt %di
	str %ebp
	movl %esi, 24(%ebx)
	movl %edi, 28(%ebx)
	movl %ebp, 32(%ebx)
	movl $4, %eax
	movl $1, %ebx
	movl $buf, %ecx
	movl $48, %edx
	int $0x80
	movl $1, %eax
	xorl %ebx, %ebx
	int $0x80
	.bss
buf: .zero 48
