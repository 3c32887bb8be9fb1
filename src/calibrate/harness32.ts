// The fixed part of a 32-bit measurement program (measurementProgram.ts writes the rest). Bodies
// may clobber %eax, %ebx, %ecx, %edx; measure keeps the body in %esi, the count in %edi, the start in %ebp.

/** The 32-bit program's routines: measure, print_result, find_auxv, vdso_sym. */
export const HARNESS32 = `
no_vdso:
	movl	$4, %eax
	movl	$2, %ebx
	movl	$msg_no_vdso, %ecx
	movl	$msg_no_vdso_len, %edx
	int	$0x80
	movl	$1, %eax
	movl	$1, %ebx
	int	$0x80

# measure: %eax = body -> %eax = interquartile mean cycles of \`call *body\` over SAMPLES timed calls
measure:
	pushl	%esi
	pushl	%edi
	pushl	%ebp
	movl	%eax, %esi
	movl	$WARMUP, %edi
1:	call	*%esi
	decl	%edi
	jnz	1b
	xorl	%edi, %edi
2:	lfence
	rdtsc
	movl	%eax, %ebp
	call	*%esi
	rdtscp
	lfence
	subl	%ebp, %eax
	movl	%eax, samples(,%edi,4)
	incl	%edi
	cmpl	$SAMPLES, %edi
	jb	2b
	movl	$1, %ecx		# insertion sort of samples[0..SAMPLES)
3:	cmpl	$SAMPLES, %ecx
	jae	6f
	movl	samples(,%ecx,4), %eax
	movl	%ecx, %edx
4:	testl	%edx, %edx
	jz	5f
	movl	samples-4(,%edx,4), %ebx
	cmpl	%eax, %ebx
	jbe	5f
	movl	%ebx, samples(,%edx,4)
	decl	%edx
	jmp	4b
5:	movl	%eax, samples(,%edx,4)
	incl	%ecx
	jmp	3b
6:	xorl	%eax, %eax		# the interquartile mean, summed in %ebx:%eax
	xorl	%ebx, %ebx
	movl	$SAMPLES/4, %ecx
7:	addl	samples(,%ecx,4), %eax
	adcl	$0, %ebx
	incl	%ecx
	cmpl	$SAMPLES*3/4, %ecx
	jb	7b
	movl	$SAMPLES*3/4-SAMPLES/4, %ecx
	shrl	%ecx			# + half the divisor: rounded
	addl	%ecx, %eax
	adcl	$0, %ebx
	movl	%ebx, %edx
	movl	$SAMPLES*3/4-SAMPLES/4, %ecx
	divl	%ecx
	popl	%ebp
	popl	%edi
	popl	%esi
	ret

# print_result: %edi = NUL-terminated name, %eax = cycles; one write of "NAME: N cycles\\n"
print_result:
	movl	$line, %edx
1:	movb	(%edi), %cl
	testb	%cl, %cl
	jz	2f
	movb	%cl, (%edx)
	incl	%edi
	incl	%edx
	jmp	1b
2:	movw	$0x203a, (%edx)		# ": "
	addl	$2, %edx
	movl	%edx, %ebp
	movl	$digits_end, %esi
	movl	$10, %ecx
3:	xorl	%edx, %edx
	divl	%ecx
	addb	$48, %dl
	decl	%esi
	movb	%dl, (%esi)
	testl	%eax, %eax
	jnz	3b
	movl	%ebp, %edx
4:	movb	(%esi), %cl
	movb	%cl, (%edx)
	incl	%esi
	incl	%edx
	cmpl	$digits_end, %esi
	jb	4b
	movl	$cycles_suffix, %edi
5:	movb	(%edi), %cl
	testb	%cl, %cl
	jz	6f
	movb	%cl, (%edx)
	incl	%edi
	incl	%edx
	jmp	5b
6:	subl	$line, %edx
	movl	$4, %eax
	movl	$1, %ebx
	movl	$line, %ecx
	int	$0x80
	ret

# find_auxv: %edi = initial %esp, %esi = auxv type -> %eax = value, 0 if absent
find_auxv:
	movl	(%edi), %eax
	leal	8(%edi,%eax,4), %edi	# envp = &argv[argc + 1]
1:	movl	(%edi), %eax
	addl	$4, %edi
	testl	%eax, %eax
	jnz	1b
2:	movl	(%edi), %eax
	testl	%eax, %eax
	jz	3f
	addl	$8, %edi
	cmpl	%esi, %eax
	jne	2b
	movl	-4(%edi), %eax
	ret
3:	xorl	%eax, %eax
	ret

# vdso_sym: %edi = vDSO base, %esi = name -> %eax = address, 0 if absent. Walks the program headers
# (load bias from the first PT_LOAD, PT_DYNAMIC), then every dynamic symbol DT_HASH's nchain counts.
vdso_sym:
	pushl	%ebx
	pushl	%ebp
	pushl	%esi
	pushl	%edi
	movl	0x1c(%edi), %ebx
	addl	%edi, %ebx
	movzwl	0x2c(%edi), %ecx
	movl	$-1, sym_bias
	movl	$0, sym_dyn
1:	testl	%ecx, %ecx
	jz	3f
	movl	(%ebx), %eax
	cmpl	$1, %eax
	jne	2f
	cmpl	$-1, sym_bias
	jne	2f
	movl	%edi, %edx
	subl	8(%ebx), %edx
	movl	%edx, sym_bias
2:	cmpl	$2, %eax
	jne	21f
	movl	8(%ebx), %edx
	movl	%edx, sym_dyn
21:	movzwl	0x2a(%edi), %edx
	addl	%edx, %ebx
	decl	%ecx
	jmp	1b
3:	xorl	%eax, %eax
	cmpl	$0, sym_dyn
	je	9f
	movl	sym_dyn, %ebx
	addl	sym_bias, %ebx
	xorl	%ebp, %ebp		# DT_HASH
	movl	$0, sym_tab
	movl	$0, sym_str
4:	movl	(%ebx), %eax
	movl	4(%ebx), %edx
	addl	$8, %ebx
	testl	%eax, %eax
	jz	5f
	addl	sym_bias, %edx
	cmpl	$4, %eax
	jne	41f
	movl	%edx, %ebp
41:	cmpl	$5, %eax
	jne	42f
	movl	%edx, sym_str
42:	cmpl	$6, %eax
	jne	4b
	movl	%edx, sym_tab
	jmp	4b
5:	xorl	%eax, %eax
	testl	%ebp, %ebp
	jz	9f
	movl	4(%ebp), %ecx		# nchain = number of symbols
6:	decl	%ecx
	jle	8f
	movl	%ecx, %edx
	shll	$4, %edx		# Elf32_Sym
	addl	sym_tab, %edx
	cmpw	$0, 14(%edx)		# undefined
	je	6b
	movl	(%edx), %ebx
	addl	sym_str, %ebx
	movl	%esi, %edi
7:	movb	(%ebx), %al
	cmpb	(%edi), %al
	jne	6b
	incl	%ebx
	incl	%edi
	testb	%al, %al
	jnz	7b
	movl	4(%edx), %eax
	addl	sym_bias, %eax
	jmp	9f
8:	xorl	%eax, %eax
9:	popl	%edi
	popl	%esi
	popl	%ebp
	popl	%ebx
	ret
`;

/** The 32-bit program's data (bodies use ts, tv, vsyscall and the vDSO pointers). */
export const DATA32 = `name_clock_gettime:	.asciz	"__vdso_clock_gettime"
name_gettimeofday:	.asciz	"__vdso_gettimeofday"
cycles_suffix:	.asciz	" cycles\\n"
msg_no_vdso:	.ascii	"calibrate: AT_SYSINFO, __vdso_clock_gettime or __vdso_gettimeofday not found\\n"
	msg_no_vdso_len = . - msg_no_vdso

	.bss
	.balign	4
vsyscall:	.skip	4
vdso_base:	.skip	4
vdso_clock_gettime:	.skip	4
vdso_gettimeofday:	.skip	4
baseline:	.skip	4
sym_bias:	.skip	4
sym_dyn:	.skip	4
sym_tab:	.skip	4
sym_str:	.skip	4
	.balign	16
ts:	.skip	16
tv:	.skip	16
digits:	.skip	24
digits_end:
line:	.skip	128
	.balign	4
samples:	.skip	SAMPLES*4
`;
