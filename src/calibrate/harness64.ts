// The fixed part of a 64-bit measurement program (measurementProgram.ts writes the rest).

/** The 64-bit program's routines: measure, print_result, find_vdso, vdso_sym. */
export const HARNESS64 = `
no_vdso:
	leaq	msg_no_vdso(%rip), %rsi
	movl	$msg_no_vdso_len, %edx
	movl	$1, %eax
	movl	$2, %edi
	syscall
	movl	$1, %edi
	movl	$60, %eax
	syscall

# measure: %rdi = body -> %eax = interquartile mean cycles of \`call *body\` over SAMPLES timed calls
measure:
	pushq	%rbx
	pushq	%r12
	pushq	%r13
	pushq	%r14
	movq	%rdi, %rbx
	movl	$WARMUP, %r13d
1:	call	*%rbx
	decl	%r13d
	jnz	1b
	leaq	samples(%rip), %r14
	xorl	%r13d, %r13d
2:	lfence
	rdtsc
	movl	%eax, %r12d
	call	*%rbx
	rdtscp
	lfence
	subl	%r12d, %eax
	movl	%eax, (%r14,%r13,4)
	incl	%r13d
	cmpl	$SAMPLES, %r13d
	jb	2b
	movq	%r14, %rdi		# insertion sort of samples[0..SAMPLES)
	movl	$1, %ecx
3:	cmpl	$SAMPLES, %ecx
	jae	6f
	movl	(%rdi,%rcx,4), %eax
	movl	%ecx, %edx
4:	testl	%edx, %edx
	jz	5f
	movl	-4(%rdi,%rdx,4), %esi
	cmpl	%eax, %esi
	jbe	5f
	movl	%esi, (%rdi,%rdx,4)
	decl	%edx
	jmp	4b
5:	movl	%eax, (%rdi,%rdx,4)
	incl	%ecx
	jmp	3b
6:	xorl	%eax, %eax		# the interquartile mean: TSC reads in a guest can be coarse
	movl	$SAMPLES/4, %ecx	# (steps of ~26 here), the mean of many fenced reads is not
7:	movl	(%rdi,%rcx,4), %edx	# and the middle half drops interrupts and migrations
	addq	%rdx, %rax
	incl	%ecx
	cmpl	$SAMPLES*3/4, %ecx
	jb	7b
	movl	$SAMPLES*3/4-SAMPLES/4, %ecx
	shrl	%ecx			# + half the divisor: rounded
	addq	%rcx, %rax
	movl	$SAMPLES*3/4-SAMPLES/4, %ecx
	xorl	%edx, %edx
	divq	%rcx
	popq	%r14
	popq	%r13
	popq	%r12
	popq	%rbx
	ret

# print_result: %rdi = NUL-terminated name, %eax = cycles; one write of "NAME: N cycles\\n"
print_result:
	leaq	line(%rip), %rdx
1:	movb	(%rdi), %cl
	testb	%cl, %cl
	jz	2f
	movb	%cl, (%rdx)
	incq	%rdi
	incq	%rdx
	jmp	1b
2:	movw	$0x203a, (%rdx)		# ": "
	addq	$2, %rdx
	movq	%rdx, %r8
	leaq	digits_end(%rip), %rsi
	movl	$10, %ecx
3:	xorl	%edx, %edx
	divl	%ecx
	addb	$48, %dl
	decq	%rsi
	movb	%dl, (%rsi)
	testl	%eax, %eax
	jnz	3b
	movq	%r8, %rdx
	leaq	digits_end(%rip), %r9
4:	movb	(%rsi), %cl
	movb	%cl, (%rdx)
	incq	%rsi
	incq	%rdx
	cmpq	%r9, %rsi
	jb	4b
	leaq	cycles_suffix(%rip), %rdi
5:	movb	(%rdi), %cl
	testb	%cl, %cl
	jz	6f
	movb	%cl, (%rdx)
	incq	%rdi
	incq	%rdx
	jmp	5b
6:	leaq	line(%rip), %rsi
	subq	%rsi, %rdx
	movl	$1, %eax
	movl	$1, %edi
	syscall
	ret

# find_vdso: %rdi = initial %rsp -> %rax = AT_SYSINFO_EHDR (33) from the auxiliary vector, 0 if absent
find_vdso:
	movq	(%rdi), %rax
	leaq	16(%rdi,%rax,8), %rdi	# envp = &argv[argc + 1]
1:	movq	(%rdi), %rax
	addq	$8, %rdi
	testq	%rax, %rax
	jnz	1b
2:	movq	(%rdi), %rax
	testq	%rax, %rax
	jz	3f
	addq	$16, %rdi
	cmpq	$33, %rax
	jne	2b
	movq	-8(%rdi), %rax
	ret
3:	xorl	%eax, %eax
	ret

# vdso_sym: %rdi = vDSO base, %rsi = name -> %rax = address, 0 if absent. Walks the program headers
# (load bias from the first PT_LOAD, PT_DYNAMIC), then every dynamic symbol DT_HASH's nchain counts.
vdso_sym:
	pushq	%rbx
	pushq	%r12
	pushq	%r13
	pushq	%r14
	movq	%rsi, %r12
	movq	0x20(%rdi), %rbx
	addq	%rdi, %rbx
	movzwl	0x38(%rdi), %ecx
	movzwl	0x36(%rdi), %r8d
	movq	$-1, %r9		# load bias
	xorl	%r10d, %r10d		# PT_DYNAMIC
1:	testl	%ecx, %ecx
	jz	3f
	movl	(%rbx), %eax
	cmpl	$1, %eax
	jne	2f
	cmpq	$-1, %r9
	jne	2f
	movq	%rdi, %r9
	subq	0x10(%rbx), %r9
2:	cmpl	$2, %eax
	jne	21f
	movq	0x10(%rbx), %r10
21:	addq	%r8, %rbx
	decl	%ecx
	jmp	1b
3:	xorl	%eax, %eax
	testq	%r10, %r10
	jz	9f
	addq	%r9, %r10
	xorl	%r11d, %r11d		# DT_HASH
	xorl	%r13d, %r13d		# DT_SYMTAB
	xorl	%r14d, %r14d		# DT_STRTAB
4:	movq	(%r10), %rax
	movq	8(%r10), %rdx
	addq	$16, %r10
	testq	%rax, %rax
	jz	5f
	addq	%r9, %rdx
	cmpq	$4, %rax
	cmove	%rdx, %r11
	cmpq	$5, %rax
	cmove	%rdx, %r14
	cmpq	$6, %rax
	cmove	%rdx, %r13
	jmp	4b
5:	xorl	%eax, %eax
	testq	%r11, %r11
	jz	9f
	movl	4(%r11), %ecx		# nchain = number of symbols
6:	decl	%ecx
	jle	8f
	imulq	$24, %rcx, %rdx		# Elf64_Sym
	addq	%r13, %rdx
	cmpw	$0, 6(%rdx)		# undefined
	je	6b
	movl	(%rdx), %esi
	addq	%r14, %rsi
	movq	%r12, %rdi
7:	movb	(%rsi), %al
	cmpb	(%rdi), %al
	jne	6b
	incq	%rsi
	incq	%rdi
	testb	%al, %al
	jnz	7b
	movq	8(%rdx), %rax
	addq	%r9, %rax
	jmp	9f
8:	xorl	%eax, %eax
9:	popq	%r14
	popq	%r13
	popq	%r12
	popq	%rbx
	ret
`;

/** The 64-bit program's data (bodies use scratch, buffer, one, two, fxsave_area, ts, tv). */
export const DATA64 = `name_clock_gettime:	.asciz	"__vdso_clock_gettime"
name_gettimeofday:	.asciz	"__vdso_gettimeofday"
cycles_suffix:	.asciz	" cycles\\n"
msg_no_vdso:	.ascii	"calibrate: __vdso_clock_gettime or __vdso_gettimeofday not found\\n"
	msg_no_vdso_len = . - msg_no_vdso
	.balign	8
one:	.quad	0x3ff0000000000000	# 1.0
two:	.quad	0x4000000000000000	# 2.0

	.data
	.balign	8
self_pointer:	.quad	self_pointer

	.bss
	.balign	8
vdso_base:	.skip	8
vdso_clock_gettime:	.skip	8
vdso_gettimeofday:	.skip	8
baseline:	.skip	4
scratch:	.skip	8
	.balign	16
ts:	.skip	16
tv:	.skip	16
digits:	.skip	24
digits_end:
line:	.skip	128
	.balign	64
fxsave_area:	.skip	512
buffer:	.skip	8192
	.balign	4
samples:	.skip	SAMPLES*4
`;
