# Times each way into the kernel with rdtsc, natively or under trapdoor (64-bit).
#
# For each method the program makes 100 warm-up calls, then 1000 timed calls,
# each between `lfence; rdtsc` and `rdtscp`, and prints the median cycles of a
# call minus the median of an empty call (the timing overhead):
#   call                   a plain function call and return (the baseline)
#   vdso_clock_gettime     clock_gettime(CLOCK_MONOTONIC) in the vDSO, resolved
#                          through AT_SYSINFO_EHDR as in clock-vdso.S
#   syscall_clock_gettime  clock_gettime through the syscall instruction
#   syscall_getpid         getpid through the syscall instruction
#   int80_getpid           getpid through int $0x80 (i386 number 20)
# Natively the numbers are real cycles (TSC ticks); under trapdoor rdtsc returns
# the modelled cycle counter, so they are the modelled costs. The lines and
# their format are the same in both worlds: `NAME: N cycles`.

.code64

	AT_SYSINFO_EHDR = 33
	CLOCK_MONOTONIC = 1
	SYS_write = 1
	SYS_getpid = 39
	SYS_clock_gettime = 228
	SYS_exit = 60
	WARMUP = 100
	SAMPLES = 1000

	.text
	.globl	_start
_start:
	movq	%rsp, %rdi		# resolve __vdso_clock_gettime
	movl	$AT_SYSINFO_EHDR, %esi
	call	find_auxv
	testq	%rax, %rax
	jz	no_vdso
	movq	%rax, %rdi
	leaq	sym_name(%rip), %rsi
	call	vdso_sym
	testq	%rax, %rax
	jz	no_vdso
	movq	%rax, vdso_clock_gettime(%rip)

	leaq	body_empty(%rip), %rdi	# the timing overhead
	call	measure
	movl	%eax, baseline(%rip)

	leaq	methods(%rip), %rbx	# {name, body} pairs up to a NULL name
1:	movq	(%rbx), %rsi
	testq	%rsi, %rsi
	jz	2f
	movq	%rsi, %r12
	movq	8(%rbx), %rdi
	call	measure
	subl	baseline(%rip), %eax
	jae	11f
	xorl	%eax, %eax		# faster than the empty call: 0
11:	movq	%r12, %rdi
	call	print_result
	addq	$16, %rbx
	jmp	1b
2:	xorl	%edi, %edi
	jmp	exit

no_vdso:
	leaq	msg_no_vdso(%rip), %rsi
	call	print_asciz
	movl	$1, %edi
exit:
	movl	$SYS_exit, %eax
	syscall

# The timed bodies. measure calls each with %rsp 8 below a 16-byte boundary,
# so a call made inside a body enters its callee with the ABI's alignment.
body_empty:
	ret
body_call:
	call	empty_function
	ret
body_vdso_clock_gettime:
	movl	$CLOCK_MONOTONIC, %edi
	leaq	ts(%rip), %rsi
	call	*vdso_clock_gettime(%rip)
	ret
body_syscall_clock_gettime:
	movl	$SYS_clock_gettime, %eax
	movl	$CLOCK_MONOTONIC, %edi
	leaq	ts(%rip), %rsi
	syscall
	ret
body_syscall_getpid:
	movl	$SYS_getpid, %eax
	syscall
	ret
body_int80_getpid:
	movl	$20, %eax		# i386 getpid
	int	$0x80
	ret
empty_function:
	ret

# measure: %rdi = body -> %eax = median cycles of `call *body` over SAMPLES calls
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
	subl	%r12d, %eax		# low 32 bits are enough for a delta
	movl	%eax, (%r14,%r13,4)
	incl	%r13d
	cmpl	$SAMPLES, %r13d
	jb	2b
	call	sort_samples
	movl	samples+SAMPLES/2*4(%rip), %eax
	popq	%r14
	popq	%r13
	popq	%r12
	popq	%rbx
	ret

# sort_samples: insertion sort of samples[0..SAMPLES) (nearly sorted: fast)
sort_samples:
	leaq	samples(%rip), %rdi
	movl	$1, %ecx
1:	cmpl	$SAMPLES, %ecx
	jae	4f
	movl	(%rdi,%rcx,4), %eax	# key
	movl	%ecx, %edx
2:	testl	%edx, %edx
	jz	3f
	movl	-4(%rdi,%rdx,4), %esi
	cmpl	%eax, %esi
	jbe	3f
	movl	%esi, (%rdi,%rdx,4)
	decl	%edx
	jmp	2b
3:	movl	%eax, (%rdi,%rdx,4)
	incl	%ecx
	jmp	1b
4:	ret

# print_result: %rdi = name (NUL-terminated), %eax = cycles; writes "NAME: N cycles\n"
print_result:
	leaq	line(%rip), %rdx
1:	movb	(%rdi), %cl		# copy the name
	testb	%cl, %cl
	jz	2f
	movb	%cl, (%rdx)
	incq	%rdi
	incq	%rdx
	jmp	1b
2:	movb	$':', (%rdx)
	movb	$' ', 1(%rdx)
	addq	$2, %rdx
	movq	%rdx, %r10		# divl needs %edx
	leaq	digits_end(%rip), %rsi	# decimal digits, last digit first
	movl	$10, %ecx
3:	xorl	%edx, %edx
	divl	%ecx
	addb	$'0', %dl
	decq	%rsi
	movb	%dl, (%rsi)
	testl	%eax, %eax
	jnz	3b
	movq	%r10, %rdx
	leaq	digits_end(%rip), %r8
4:	movb	(%rsi), %cl		# copy the digits
	movb	%cl, (%rdx)
	incq	%rsi
	incq	%rdx
	cmpq	%r8, %rsi
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
	subq	%rsi, %rdx		# one write per line
	movl	$SYS_write, %eax
	movl	$1, %edi
	syscall
	ret

# print_asciz: %rsi = NUL-terminated string, written to stdout in one write
print_asciz:
	movq	%rsi, %rdx
1:	cmpb	$0, (%rdx)
	je	2f
	incq	%rdx
	jmp	1b
2:	subq	%rsi, %rdx
	movl	$SYS_write, %eax
	movl	$1, %edi
	syscall
	ret

# find_auxv: %rdi = initial %rsp, %esi = auxv type -> %rax = value, 0 if absent
find_auxv:
	movq	(%rdi), %rax		# argc
	leaq	16(%rdi,%rax,8), %rdi	# envp = &argv[argc + 1]
1:	movq	(%rdi), %rax		# skip envp[] up to its NULL
	addq	$8, %rdi
	testq	%rax, %rax
	jnz	1b
2:	movq	(%rdi), %rax		# {type, value} pairs up to AT_NULL
	testq	%rax, %rax
	jz	3f
	cmpq	%rsi, %rax
	je	4f
	addq	$16, %rdi
	jmp	2b
3:	xorl	%eax, %eax
	ret
4:	movq	8(%rdi), %rax
	ret

# vdso_sym: %rdi = vDSO base (its ELF header), %rsi = symbol name
#   -> %rax = symbol address, 0 if not found. Sets hash_kind (1 DT_HASH, 2 DT_GNU_HASH).
vdso_sym:
	pushq	%rbx
	pushq	%r12
	pushq	%r13
	pushq	%r14
	pushq	%r15
	movq	%rsi, %r15		# name
	movq	0x20(%rdi), %rbx	# e_phoff
	addq	%rdi, %rbx		# phdr
	movzwl	0x38(%rdi), %ecx	# e_phnum
	movzwl	0x36(%rdi), %r8d	# e_phentsize
	movq	$-1, %r9		# load bias, unknown
	xorl	%r10d, %r10d		# PT_DYNAMIC vaddr
1:	testl	%ecx, %ecx
	jz	3f
	movl	(%rbx), %eax		# p_type
	cmpl	$1, %eax		# PT_LOAD: bias = base - p_vaddr (first one)
	jne	2f
	cmpq	$-1, %r9
	jne	2f
	movq	%rdi, %r9
	subq	0x10(%rbx), %r9
2:	cmpl	$2, %eax		# PT_DYNAMIC
	jne	21f
	movq	0x10(%rbx), %r10
21:	addq	%r8, %rbx
	decl	%ecx
	jmp	1b
3:	xorl	%eax, %eax
	testq	%r10, %r10
	jz	done
	cmpq	$-1, %r9
	je	done
	addq	%r9, %r10		# dynamic section address
	xorl	%r11d, %r11d		# DT_HASH
	xorl	%r12d, %r12d		# DT_GNU_HASH
	xorl	%r13d, %r13d		# DT_SYMTAB
	xorl	%r14d, %r14d		# DT_STRTAB
4:	movq	(%r10), %rax		# d_tag
	movq	8(%r10), %rdx		# d_val
	addq	$16, %r10
	testq	%rax, %rax		# DT_NULL
	jz	8f
	addq	%r9, %rdx		# addresses in .dynamic are unrelocated
	cmpq	$4, %rax
	jne	5f
	movq	%rdx, %r11
5:	cmpq	$5, %rax
	jne	6f
	movq	%rdx, %r14
6:	cmpq	$6, %rax
	jne	7f
	movq	%rdx, %r13
7:	cmpq	$0x6ffffef5, %rax
	jne	4b
	movq	%rdx, %r12
	jmp	4b
8:	xorl	%eax, %eax
	testq	%r13, %r13
	jz	done
	testq	%r14, %r14
	jz	done
	testq	%r12, %r12
	jnz	gnu_lookup
	testq	%r11, %r11
	jnz	sysv_lookup
	jmp	done

gnu_lookup:				# DT_GNU_HASH: h = h * 33 + c from 5381
	movl	$2, hash_kind(%rip)
	movl	$5381, %eax
	movq	%r15, %rsi
1:	movzbl	(%rsi), %edx
	testl	%edx, %edx
	jz	2f
	imull	$33, %eax, %eax
	addl	%edx, %eax
	incq	%rsi
	jmp	1b
2:	movl	%eax, %ebx		# ebx = hash
	xorl	%edx, %edx
	divl	(%r12)			# h % nbuckets
	movl	8(%r12), %ecx		# bloom_size (64-bit words)
	leaq	16(%r12,%rcx,8), %r11	# buckets
	movl	(%r12), %ecx		# nbuckets
	leaq	(%r11,%rcx,4), %r10	# chain, indexed by symbol - symoffset
	movl	(%r11,%rdx,4), %ecx	# first symbol index in the bucket
	xorl	%eax, %eax
	testl	%ecx, %ecx
	jz	done
3:	movl	%ecx, %edx
	subl	4(%r12), %edx		# - symoffset
	movl	(%r10,%rdx,4), %r8d	# chain value: hash with bit 0 = end of chain
	movl	%r8d, %eax
	xorl	%ebx, %eax
	shrl	$1, %eax
	jnz	4f
	call	check_symbol
	testq	%rax, %rax
	jnz	done
4:	xorl	%eax, %eax
	testl	$1, %r8d
	jnz	done
	incl	%ecx
	jmp	3b

sysv_lookup:				# DT_HASH: the System V ELF hash
	movl	$1, hash_kind(%rip)
	xorl	%eax, %eax
	movq	%r15, %rsi
1:	movzbl	(%rsi), %edx
	testl	%edx, %edx
	jz	2f
	shll	$4, %eax
	addl	%edx, %eax
	movl	%eax, %edx
	andl	$0xf0000000, %edx
	jz	11f
	movl	%edx, %r8d
	shrl	$24, %r8d
	xorl	%r8d, %eax
	notl	%edx
	andl	%edx, %eax
11:	incq	%rsi
	jmp	1b
2:	xorl	%edx, %edx
	divl	(%r11)			# h % nbucket
	movl	8(%r11,%rdx,4), %ecx	# bucket[h % nbucket]
	movl	(%r11), %eax
	leaq	8(%r11,%rax,4), %r10	# chain[]
3:	xorl	%eax, %eax
	testl	%ecx, %ecx		# STN_UNDEF ends the chain
	jz	done
	call	check_symbol
	testq	%rax, %rax
	jnz	done
	movl	(%r10,%rcx,4), %ecx
	jmp	3b

done:
	popq	%r15
	popq	%r14
	popq	%r13
	popq	%r12
	popq	%rbx
	ret

# check_symbol: %ecx = symbol index, %r13 symtab, %r14 strtab, %r15 name, %r9 bias
#   -> %rax = address if the symbol is defined and named %r15, else 0
check_symbol:
	imulq	$24, %rcx, %rdx		# Elf64_Sym is 24 bytes
	addq	%r13, %rdx
	xorl	%eax, %eax
	cmpw	$0, 6(%rdx)		# st_shndx: undefined
	je	3f
	movl	(%rdx), %esi		# st_name
	addq	%r14, %rsi
	movq	%r15, %rdi
1:	movb	(%rsi), %al
	cmpb	(%rdi), %al
	jne	2f
	incq	%rsi
	incq	%rdi
	testb	%al, %al
	jnz	1b
	movq	8(%rdx), %rax		# st_value + load bias
	addq	%r9, %rax
	ret
2:	xorl	%eax, %eax
3:	ret

	.section .rodata
sym_name:	.asciz	"__vdso_clock_gettime"
msg_no_vdso:	.asciz	"compare-methods: __vdso_clock_gettime not found through AT_SYSINFO_EHDR\n"
cycles_suffix:	.asciz	" cycles\n"
n_call:		.asciz	"call"
n_vdso:		.asciz	"vdso_clock_gettime"
n_sys_cg:	.asciz	"syscall_clock_gettime"
n_sys_pid:	.asciz	"syscall_getpid"
n_int80_pid:	.asciz	"int80_getpid"

	.data
	.balign	8
methods:
	.quad	n_call, body_call
	.quad	n_vdso, body_vdso_clock_gettime
	.quad	n_sys_cg, body_syscall_clock_gettime
	.quad	n_sys_pid, body_syscall_getpid
	.quad	n_int80_pid, body_int80_getpid
	.quad	0, 0

	.bss
	.balign	8
vdso_clock_gettime:	.skip	8
hash_kind:	.skip	4
baseline:	.skip	4
	.balign	16
ts:		.skip	16
digits:		.skip	24
digits_end:
line:		.skip	128
	.balign	4
samples:	.skip	SAMPLES*4
