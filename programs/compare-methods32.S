# Times each way into the kernel with rdtsc, natively or under trapdoor (32-bit).
#
# For each method the program makes 100 warm-up calls, then 1000 timed calls,
# each between `lfence; rdtsc` and `rdtscp`, and prints the median cycles of a
# call minus the median of an empty call (the timing overhead):
#   call                    a plain function call and return (the baseline)
#   vdso_clock_gettime      __vdso_clock_gettime(CLOCK_MONOTONIC) in the vDSO,
#                           resolved through AT_SYSINFO_EHDR and DT_GNU_HASH/DT_HASH
#   vsyscall_clock_gettime  clock_gettime (265) through __kernel_vsyscall, as glibc does
#   vsyscall_getpid         getpid (20) through __kernel_vsyscall (AT_SYSINFO): SYSENTER
#                           on Intel, SYSCALL on AMD under a 64-bit kernel
#   int80_getpid            getpid through int $0x80
# Natively the numbers are real cycles (TSC ticks); under trapdoor rdtsc returns
# the modelled cycle counter. The lines and their format are the same in both
# worlds: `NAME: N cycles`.

.code32

	AT_SYSINFO = 32
	AT_SYSINFO_EHDR = 33
	CLOCK_MONOTONIC = 1
	SYS_exit = 1
	SYS_write = 4
	SYS_getpid = 20
	SYS_clock_gettime = 265
	WARMUP = 100
	SAMPLES = 1000

	.text
	.globl	_start
_start:
	movl	%esp, %edi		# __kernel_vsyscall
	movl	$AT_SYSINFO, %esi
	call	find_auxv
	testl	%eax, %eax
	jz	no_vsyscall
	movl	%eax, vsyscall
	movl	%esp, %edi		# __vdso_clock_gettime
	movl	$AT_SYSINFO_EHDR, %esi
	call	find_auxv
	testl	%eax, %eax
	jz	no_vdso
	movl	$sym_name, %esi
	call	vdso_sym
	testl	%eax, %eax
	jz	no_vdso
	movl	%eax, vdso_clock_gettime

	movl	$body_empty, %eax	# the timing overhead
	call	measure
	movl	%eax, baseline

	movl	$methods, %ebx		# {name, body} pairs up to a NULL name
1:	movl	(%ebx), %edi
	testl	%edi, %edi
	jz	2f
	movl	4(%ebx), %eax
	pushl	%ebx
	call	measure
	popl	%ebx
	subl	baseline, %eax
	jae	11f
	xorl	%eax, %eax		# faster than the empty call: 0
11:	movl	(%ebx), %edi
	call	print_result
	addl	$8, %ebx
	jmp	1b
2:	xorl	%ebx, %ebx
	jmp	exit

no_vsyscall:
	movl	$msg_no_vsyscall, %esi
	jmp	fail
no_vdso:
	movl	$msg_no_vdso, %esi
fail:
	call	print_asciz
	movl	$1, %ebx
exit:
	movl	$SYS_exit, %eax
	int	$0x80

# The timed bodies (they may clobber %eax, %ebx, %ecx, %edx).
body_empty:
	ret
body_call:
	call	empty_function
	ret
body_vdso_clock_gettime:
	pushl	$ts
	pushl	$CLOCK_MONOTONIC
	call	*vdso_clock_gettime
	addl	$8, %esp
	ret
body_vsyscall_clock_gettime:
	movl	$SYS_clock_gettime, %eax
	movl	$CLOCK_MONOTONIC, %ebx
	movl	$ts, %ecx
	call	*vsyscall
	ret
body_vsyscall_getpid:
	movl	$SYS_getpid, %eax
	call	*vsyscall
	ret
body_int80_getpid:
	movl	$SYS_getpid, %eax
	int	$0x80
	ret
empty_function:
	ret

# measure: %eax = body -> %eax = median cycles of `call *body` over SAMPLES calls
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
	subl	%ebp, %eax		# low 32 bits are enough for a delta
	movl	%eax, samples(,%edi,4)
	incl	%edi
	cmpl	$SAMPLES, %edi
	jb	2b
	call	sort_samples
	movl	samples+SAMPLES/2*4, %eax
	popl	%ebp
	popl	%edi
	popl	%esi
	ret

# sort_samples: insertion sort of samples[0..SAMPLES) (nearly sorted: fast)
sort_samples:
	pushl	%esi
	movl	$1, %ecx
1:	cmpl	$SAMPLES, %ecx
	jae	4f
	movl	samples(,%ecx,4), %eax	# key
	movl	%ecx, %edx
2:	testl	%edx, %edx
	jz	3f
	movl	samples-4(,%edx,4), %esi
	cmpl	%eax, %esi
	jbe	3f
	movl	%esi, samples(,%edx,4)
	decl	%edx
	jmp	2b
3:	movl	%eax, samples(,%edx,4)
	incl	%ecx
	jmp	1b
4:	popl	%esi
	ret

# print_result: %edi = name (NUL-terminated), %eax = cycles; writes "NAME: N cycles\n"
print_result:
	pushl	%ebx
	movl	$line, %ebx
1:	movb	(%edi), %cl		# copy the name
	testb	%cl, %cl
	jz	2f
	movb	%cl, (%ebx)
	incl	%edi
	incl	%ebx
	jmp	1b
2:	movb	$':', (%ebx)
	movb	$' ', 1(%ebx)
	addl	$2, %ebx
	movl	$digits_end, %esi	# decimal digits, last digit first
	movl	$10, %ecx
3:	xorl	%edx, %edx
	divl	%ecx
	addb	$'0', %dl
	decl	%esi
	movb	%dl, (%esi)
	testl	%eax, %eax
	jnz	3b
4:	movb	(%esi), %cl		# copy the digits
	movb	%cl, (%ebx)
	incl	%esi
	incl	%ebx
	cmpl	$digits_end, %esi
	jb	4b
	movl	$cycles_suffix, %edi
5:	movb	(%edi), %cl
	testb	%cl, %cl
	jz	6f
	movb	%cl, (%ebx)
	incl	%edi
	incl	%ebx
	jmp	5b
6:	movl	%ebx, %edx		# one write per line
	subl	$line, %edx
	movl	$SYS_write, %eax
	movl	$1, %ebx
	movl	$line, %ecx
	int	$0x80
	popl	%ebx
	ret

# print_asciz: %esi = NUL-terminated string, written to stdout in one write
print_asciz:
	movl	%esi, %edx
1:	cmpb	$0, (%edx)
	je	2f
	incl	%edx
	jmp	1b
2:	subl	%esi, %edx
	movl	$SYS_write, %eax
	movl	$1, %ebx
	movl	%esi, %ecx
	int	$0x80
	ret

# find_auxv: %edi = initial %esp, %esi = auxv type -> %eax = value, 0 if absent
find_auxv:
	movl	(%edi), %eax		# argc
	leal	8(%edi,%eax,4), %edi	# envp = &argv[argc + 1]
1:	movl	(%edi), %eax		# skip envp[] up to its NULL
	addl	$4, %edi
	testl	%eax, %eax
	jnz	1b
2:	movl	(%edi), %eax		# {type, value} pairs up to AT_NULL
	testl	%eax, %eax
	jz	3f
	cmpl	%esi, %eax
	je	4f
	addl	$8, %edi
	jmp	2b
3:	xorl	%eax, %eax
	ret
4:	movl	4(%edi), %eax
	ret

# vdso_sym: %eax = vDSO base (its ELF header), %esi = symbol name
#   -> %eax = symbol address, 0 if not found. Uses DT_GNU_HASH, else DT_HASH.
vdso_sym:
	pushl	%ebx
	pushl	%esi
	pushl	%edi
	pushl	%ebp
	movl	%esi, name
	movl	0x1c(%eax), %ebx	# e_phoff
	addl	%eax, %ebx		# phdr
	movzwl	0x2c(%eax), %ecx	# e_phnum
	movl	$-1, bias
	movl	$0, dyn
1:	testl	%ecx, %ecx
	jz	3f
	movl	(%ebx), %edx		# p_type
	cmpl	$1, %edx		# PT_LOAD: bias = base - p_vaddr (first one)
	jne	2f
	cmpl	$-1, bias
	jne	2f
	movl	%eax, %edi
	subl	8(%ebx), %edi
	movl	%edi, bias
2:	cmpl	$2, %edx		# PT_DYNAMIC
	jne	21f
	movl	8(%ebx), %edi
	movl	%edi, dyn
21:	movzwl	0x2a(%eax), %edx	# e_phentsize
	addl	%edx, %ebx
	decl	%ecx
	jmp	1b
3:	xorl	%eax, %eax
	cmpl	$0, dyn
	je	done
	cmpl	$-1, bias
	je	done
	movl	dyn, %ebx		# dynamic section address
	addl	bias, %ebx
	movl	$0, hash
	movl	$0, gnu_hash
	movl	$0, symtab
	movl	$0, strtab
4:	movl	(%ebx), %eax		# d_tag
	movl	4(%ebx), %edx		# d_val
	addl	$8, %ebx
	testl	%eax, %eax		# DT_NULL
	jz	8f
	addl	bias, %edx		# addresses in .dynamic are unrelocated
	cmpl	$4, %eax
	jne	5f
	movl	%edx, hash
5:	cmpl	$5, %eax
	jne	6f
	movl	%edx, strtab
6:	cmpl	$6, %eax
	jne	7f
	movl	%edx, symtab
7:	cmpl	$0x6ffffef5, %eax
	jne	4b
	movl	%edx, gnu_hash
	jmp	4b
8:	xorl	%eax, %eax
	cmpl	$0, symtab
	je	done
	cmpl	$0, strtab
	je	done
	cmpl	$0, gnu_hash
	jne	gnu_lookup
	cmpl	$0, hash
	jne	sysv_lookup
	jmp	done

gnu_lookup:				# DT_GNU_HASH: h = h * 33 + c from 5381
	movl	$5381, %eax
	movl	name, %esi
1:	movzbl	(%esi), %edx
	testl	%edx, %edx
	jz	2f
	imull	$33, %eax, %eax
	addl	%edx, %eax
	incl	%esi
	jmp	1b
2:	movl	%eax, %ebp		# ebp = hash
	movl	gnu_hash, %ebx
	xorl	%edx, %edx
	divl	(%ebx)			# h % nbuckets
	movl	8(%ebx), %ecx		# bloom_size (32-bit words in ELF32)
	leal	16(%ebx,%ecx,4), %esi	# buckets
	movl	(%ebx), %ecx		# nbuckets
	leal	(%esi,%ecx,4), %edi	# chain, indexed by symbol - symoffset
	movl	(%esi,%edx,4), %ecx	# first symbol index in the bucket
	xorl	%eax, %eax
	testl	%ecx, %ecx
	jz	done
3:	movl	%ecx, %edx
	subl	4(%ebx), %edx		# - symoffset
	movl	(%edi,%edx,4), %esi	# chain value: hash with bit 0 = end of chain
	movl	%esi, %eax
	xorl	%ebp, %eax
	shrl	$1, %eax
	jnz	4f
	call	check_symbol
	testl	%eax, %eax
	jnz	done
4:	xorl	%eax, %eax
	testl	$1, %esi
	jnz	done
	incl	%ecx
	jmp	3b

sysv_lookup:				# DT_HASH: the System V ELF hash
	xorl	%eax, %eax
	movl	name, %esi
1:	movzbl	(%esi), %edx
	testl	%edx, %edx
	jz	2f
	shll	$4, %eax
	addl	%edx, %eax
	movl	%eax, %edx
	andl	$0xf0000000, %edx
	jz	11f
	movl	%edx, %edi
	shrl	$24, %edi
	xorl	%edi, %eax
	notl	%edx
	andl	%edx, %eax
11:	incl	%esi
	jmp	1b
2:	movl	hash, %ebx
	xorl	%edx, %edx
	divl	(%ebx)			# h % nbucket
	movl	8(%ebx,%edx,4), %ecx	# bucket[h % nbucket]
	movl	(%ebx), %eax
	leal	8(%ebx,%eax,4), %edi	# chain[]
3:	xorl	%eax, %eax
	testl	%ecx, %ecx		# STN_UNDEF ends the chain
	jz	done
	call	check_symbol
	testl	%eax, %eax
	jnz	done
	movl	(%edi,%ecx,4), %ecx
	jmp	3b

done:
	popl	%ebp
	popl	%edi
	popl	%esi
	popl	%ebx
	ret

# check_symbol: %ecx = symbol index -> %eax = address if the symbol is defined
#   and named `name`, else 0 (keeps %ecx, %esi, %edi, %ebp)
check_symbol:
	pushl	%esi
	pushl	%edi
	movl	%ecx, %edx		# Elf32_Sym is 16 bytes
	shll	$4, %edx
	addl	symtab, %edx
	xorl	%eax, %eax
	cmpw	$0, 14(%edx)		# st_shndx: undefined
	je	3f
	movl	(%edx), %esi		# st_name
	addl	strtab, %esi
	movl	name, %edi
1:	movb	(%esi), %al
	cmpb	(%edi), %al
	jne	2f
	incl	%esi
	incl	%edi
	testb	%al, %al
	jnz	1b
	movl	4(%edx), %eax		# st_value + load bias
	addl	bias, %eax
	jmp	3f
2:	xorl	%eax, %eax
3:	popl	%edi
	popl	%esi
	ret

	.section .rodata
sym_name:	.asciz	"__vdso_clock_gettime"
msg_no_vsyscall:	.asciz	"compare-methods32: no AT_SYSINFO (__kernel_vsyscall) in the auxiliary vector\n"
msg_no_vdso:	.asciz	"compare-methods32: __vdso_clock_gettime not found through AT_SYSINFO_EHDR\n"
cycles_suffix:	.asciz	" cycles\n"
n_call:		.asciz	"call"
n_vdso:		.asciz	"vdso_clock_gettime"
n_vs_cg:	.asciz	"vsyscall_clock_gettime"
n_vs_pid:	.asciz	"vsyscall_getpid"
n_int80_pid:	.asciz	"int80_getpid"

	.data
	.balign	4
methods:
	.long	n_call, body_call
	.long	n_vdso, body_vdso_clock_gettime
	.long	n_vs_cg, body_vsyscall_clock_gettime
	.long	n_vs_pid, body_vsyscall_getpid
	.long	n_int80_pid, body_int80_getpid
	.long	0, 0

	.bss
	.balign	4
vsyscall:	.skip	4
vdso_clock_gettime:	.skip	4
baseline:	.skip	4
name:		.skip	4
bias:		.skip	4
dyn:		.skip	4
hash:		.skip	4
gnu_hash:	.skip	4
symtab:		.skip	4
strtab:		.skip	4
	.balign	16
ts:		.skip	16
digits:		.skip	16
digits_end:
line:		.skip	128
	.balign	4
samples:	.skip	SAMPLES*4
