# FSGSBASE as Linux enables it (CR4.FSGSBASE, AT_HWCAP2 bit 1) and arch_prctl's CPUID codes:
# writes AT_HWCAP2, the GS base read back after wrgsbase, and the two arch_prctl results.
	.globl _start
_start:
	movq (%rsp), %rax
	leaq 16(%rsp,%rax,8), %rsi	# envp
1:	cmpq $0, (%rsi)
	leaq 8(%rsi), %rsi
	jne 1b
2:	movq (%rsi), %rax		# auxv
	cmpq $26, %rax			# AT_HWCAP2
	je 3f
	addq $16, %rsi
	testq %rax, %rax
	jne 2b
	movq $-1, out(%rip)
	jmp 4f
3:	movq 8(%rsi), %rax
	movq %rax, out(%rip)
4:	movabsq $0x12345000, %rax
	wrgsbase %rax
	rdgsbase %rbx
	movq %rbx, out+8(%rip)
	movl $158, %eax			# arch_prctl(ARCH_GET_CPUID, 0)
	movl $0x1011, %edi
	xorl %esi, %esi
	syscall
	movq %rax, out+16(%rip)
	movl $158, %eax			# arch_prctl(ARCH_SET_CPUID, 0)
	movl $0x1012, %edi
	xorl %esi, %esi
	syscall
	movq %rax, out+24(%rip)
	movl $1, %eax
	movl $1, %edi
	leaq out(%rip), %rsi
	movl $32, %edx
	syscall
	movl $60, %eax
	xorl %edi, %edi
	syscall
	.bss
out: .zero 32
