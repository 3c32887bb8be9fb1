# Resolves __vdso_clock_gettime through AT_SYSINFO_EHDR as libc does and checks it.
#
# The kernel maps a small ELF shared object, the vDSO, into every process
# and passes its address in the auxiliary vector as AT_SYSINFO_EHDR (33).
# This program finds it on the initial stack, walks the ELF program headers
# to PT_LOAD (the load bias) and PT_DYNAMIC, reads DT_SYMTAB, DT_STRTAB and
# DT_GNU_HASH (or DT_HASH) from the dynamic section and looks the symbol up
# in the hash table, as the dynamic linker does. It then reads
# CLOCK_MONOTONIC three times: vDSO, syscall (228), vDSO. The vDSO call never
# enters the kernel: it reads the [vvar] time data and the TSC. The three
# readings must be in order and close together.
# Output: which hash table was used and a verdict; exit status 0 when ok.

.code64

	AT_SYSINFO_EHDR = 33
	CLOCK_MONOTONIC = 1
	SYS_write = 1
	SYS_clock_gettime = 228
	SYS_exit = 60

	.text
	.globl	_start
_start:
	movq	%rsp, %rdi		# find the vDSO in the auxiliary vector
	movl	$AT_SYSINFO_EHDR, %esi
	call	find_auxv
	testq	%rax, %rax
	jz	no_vdso
	movq	%rax, %rdi
	leaq	sym_name(%rip), %rsi
	call	vdso_sym
	testq	%rax, %rax
	jz	no_symbol
	movq	%rax, vdso_clock_gettime(%rip)

	leaq	msg_gnu(%rip), %rsi	# say which hash table resolved it
	cmpl	$2, hash_kind(%rip)
	je	1f
	leaq	msg_sysv(%rip), %rsi
1:	call	print_asciz

	movl	$CLOCK_MONOTONIC, %edi	# t1: vDSO
	leaq	ts1(%rip), %rsi
	call	*vdso_clock_gettime(%rip)
	testl	%eax, %eax
	jnz	fail_call
	movl	$SYS_clock_gettime, %eax	# t2: syscall
	movl	$CLOCK_MONOTONIC, %edi
	leaq	ts2(%rip), %rsi
	syscall
	testl	%eax, %eax
	jnz	fail_call
	movl	$CLOCK_MONOTONIC, %edi	# t3: vDSO
	leaq	ts3(%rip), %rsi
	call	*vdso_clock_gettime(%rip)
	testl	%eax, %eax
	jnz	fail_call

	leaq	ts1(%rip), %rdi		# nanoseconds of each reading
	call	ts_to_ns
	movq	%rax, %r12
	leaq	ts2(%rip), %rdi
	call	ts_to_ns
	movq	%rax, %r13
	leaq	ts3(%rip), %rdi
	call	ts_to_ns
	movq	%rax, %r14
	cmpq	%r12, %r13		# t1 <= t2 <= t3
	jb	fail_order
	cmpq	%r13, %r14
	jb	fail_order
	movq	%r14, %rax		# t3 - t1 below one second
	subq	%r12, %rax
	cmpq	$1000000000, %rax
	jae	fail_gap

	leaq	msg_ok(%rip), %rsi
	call	print_asciz
	xorl	%edi, %edi
	jmp	exit

no_vdso:
	leaq	msg_no_vdso(%rip), %rsi
	jmp	fail
no_symbol:
	leaq	msg_no_symbol(%rip), %rsi
	jmp	fail
fail_call:
	leaq	msg_fail_call(%rip), %rsi
	jmp	fail
fail_order:
	leaq	msg_fail_order(%rip), %rsi
	jmp	fail
fail_gap:
	leaq	msg_fail_gap(%rip), %rsi
fail:
	call	print_asciz
	movl	$1, %edi
exit:
	movl	$SYS_exit, %eax
	syscall

# ts_to_ns: %rdi = struct timespec * -> %rax = tv_sec * 1e9 + tv_nsec
ts_to_ns:
	imulq	$1000000000, (%rdi), %rax
	addq	8(%rdi), %rax
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
msg_gnu:	.asciz	"resolved __vdso_clock_gettime through DT_GNU_HASH\n"
msg_sysv:	.asciz	"resolved __vdso_clock_gettime through DT_HASH\n"
msg_ok:		.asciz	"vdso clock_gettime: ok\n"
msg_no_vdso:	.asciz	"vdso clock_gettime: FAIL (no AT_SYSINFO_EHDR in the auxiliary vector)\n"
msg_no_symbol:	.asciz	"vdso clock_gettime: FAIL (__vdso_clock_gettime not found)\n"
msg_fail_call:	.asciz	"vdso clock_gettime: FAIL (a call returned an error)\n"
msg_fail_order:	.asciz	"vdso clock_gettime: FAIL (readings out of order: vdso, syscall, vdso)\n"
msg_fail_gap:	.asciz	"vdso clock_gettime: FAIL (readings more than a second apart)\n"

	.bss
	.balign	8
vdso_clock_gettime:	.skip	8
hash_kind:	.skip	4
	.balign	8
ts1:	.skip	16
ts2:	.skip	16
ts3:	.skip	16
