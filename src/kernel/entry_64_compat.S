# entry_64_compat.S — 32-bit processes entering the x86_64 kernel through __kernel_vsyscall:
# SYSCALL via CSTAR on AMD (entry_SYSCALL_compat), SYSENTER on Intel (entry_SYSENTER_compat).
# Both leave through SYSRETL when do_fast_syscall_32 allows it, else through IRET. And INT 0x80 as
# kernels up to 6.6 take it (entry_INT80_compat; the IDT points there when the profile's or
# --kernel-version's kernel is <= 6.6, else at entry_64.S's asm_int80_emulation).
# Written for trapdoor from the facts of arch/x86/entry/entry_64_compat.S.
	.code64

	.include "calling.S"		# struct pt_regs, PUSH_AND_CLEAR_REGS

	__USER32_CS = 0x23
	__USER_DS = 0x2b
	ENOSYS = 38
	X86_EFLAGS_TF = 0x100
	X86_EFLAGS_NT = 0x4000
	X86_EFLAGS_AC = 0x40000
	X86_EFLAGS_FIXED = 0x2
	TOP_OF_STACK = 0x100
	CONFIG_X86_64 = 1

	.text

# SYSENTER from compat mode (Intel). SYSENTER saved nothing: __kernel_vsyscall left the user
# stack pointer in EBP (mov %esp,%ebp), and do_SYSENTER_32 fills in sp and ip.
	.globl	entry_SYSENTER_compat
entry_SYSENTER_compat:
	swapgs
	.if X86_FEATURE_PTI
	pushq	%rax			# SYSENTER_ESP is the entry stack: room for a scratch register
	SWITCH_TO_KERNEL_CR3 scratch_reg=%rax
	popq	%rax
	.endif
	movq	%gs:TOP_OF_STACK, %rsp
	pushq	$__USER_DS		# pt_regs->ss
	pushq	$0			# pt_regs->sp (placeholder)
	pushfq				# pt_regs->flags (IF is 0 here; do_SYSENTER_32 sets it)
	pushq	$__USER32_CS		# pt_regs->cs
	pushq	$0			# pt_regs->ip (placeholder)
	.globl	entry_SYSENTER_compat_after_hwframe
entry_SYSENTER_compat_after_hwframe:
	movl	%eax, %eax		# zero-extend the syscall number
	pushq	%rax			# pt_regs->orig_ax
	PUSH_AND_CLEAR_REGS rax=$-ENOSYS
	cld
	IBRS_ENTER
	UNTRAIN_RET
	CLEAR_BRANCH_HISTORY
	testl	$X86_EFLAGS_NT|X86_EFLAGS_AC|X86_EFLAGS_TF, EFLAGS(%rsp)
	jnz	.Lsysenter_fix_flags
.Lsysenter_flags_fixed:
	movq	%rsp, %rdi
	call	do_SYSENTER_32
	testl	%eax, %eax
	jz	swapgs_restore_regs_and_return_to_usermode
	jmp	sysret32_from_system_call
.Lsysenter_fix_flags:
	pushq	$X86_EFLAGS_FIXED	# SYSENTER does not filter flags: clear NT, AC, TF
	popfq
	jmp	.Lsysenter_flags_fixed

# SYSCALL from compat mode (AMD): RCX = return EIP, R11 = EFLAGS, RSP untouched; the vDSO moved
# arg 2 from ECX into EBP (mov %ecx,%ebp) and the 6th argument is at 0(%esp).
	.globl	entry_SYSCALL_compat
entry_SYSCALL_compat:
	swapgs
	movl	%esp, %r8d		# stash the user ESP
	SWITCH_TO_KERNEL_CR3 scratch_reg=%rsp
	movq	%gs:TOP_OF_STACK, %rsp
	.globl	entry_SYSCALL_compat_safe_stack
entry_SYSCALL_compat_safe_stack:
	pushq	$__USER_DS		# pt_regs->ss
	pushq	%r8			# pt_regs->sp
	pushq	%r11			# pt_regs->flags
	pushq	$__USER32_CS		# pt_regs->cs
	pushq	%rcx			# pt_regs->ip
	.globl	entry_SYSCALL_compat_after_hwframe
entry_SYSCALL_compat_after_hwframe:
	movl	%eax, %eax		# discard orig_ax's high bits
	pushq	%rax			# pt_regs->orig_ax
	PUSH_AND_CLEAR_REGS rcx=%rbp rax=$-ENOSYS	# pt_regs->cx = arg 2, which the vDSO put in EBP
	IBRS_ENTER
	UNTRAIN_RET
	CLEAR_BRANCH_HISTORY
	movq	%rsp, %rdi
	call	do_fast_syscall_32
	testl	%eax, %eax
	jz	swapgs_restore_regs_and_return_to_usermode

# SYSRETL back to the vDSO landing pad, which restores ECX and EDX itself.
sysret32_from_system_call:
	IBRS_EXIT
	movq	RBX(%rsp), %rbx
	movq	RBP(%rsp), %rbp
	movq	EFLAGS(%rsp), %r11	# SYSRET loads RFLAGS from R11
	movq	RIP(%rsp), %rcx		# and EIP from ECX
	addq	$RAX, %rsp		# skip r15..r8
	popq	%rax			# pt_regs->ax: the return value
	popq	%rdx			# skip pt_regs->cx
	popq	%rdx
	popq	%rsi
	popq	%rdi
	movq	RSP-ORIG_RAX(%rsp), %rsp
	.globl	entry_SYSRETL_compat_unsafe_stack
entry_SYSRETL_compat_unsafe_stack:
	SWITCH_TO_USER_CR3 scratch_reg=%r8
	xorl	%r8d, %r8d
	xorl	%r9d, %r9d
	xorl	%r10d, %r10d
	swapgs
	CLEAR_CPU_BUFFERS
	sysretl

# INT $0x80 up to Linux 6.6 (replaced by asm_int80_emulation in 6.7, commit be5341eb0d43): the CPU
# switched to TSS.sp0 and pushed ss, esp, eflags, cs, eip; no APIC in-service check, straight to
# do_int80_syscall_32 with the i386 numbers. Always leaves through IRET.
	.globl	entry_INT80_compat
entry_INT80_compat:
	swapgs
	movl	%eax, %eax		# the syscall number, zero-extended
	pushq	%rax			# pt_regs->orig_ax
	SWITCH_TO_KERNEL_CR3 scratch_reg=%rax
	# the hardware frame and orig_ax move to the task stack (TSS.sp0 may be the entry stack)
	movq	%rsp, %rax
	movq	%gs:TOP_OF_STACK, %rsp
	pushq	5*8(%rax)		# pt_regs->ss
	pushq	4*8(%rax)		# pt_regs->sp
	pushq	3*8(%rax)		# pt_regs->flags
	pushq	2*8(%rax)		# pt_regs->cs
	pushq	1*8(%rax)		# pt_regs->ip
	pushq	0*8(%rax)		# pt_regs->orig_ax
	PUSH_AND_CLEAR_REGS rax=$-ENOSYS
	cld
	IBRS_ENTER
	UNTRAIN_RET
	CLEAR_BRANCH_HISTORY
	movq	%rsp, %rdi		# arg 1: struct pt_regs *
	call	do_int80_syscall_32
	jmp	swapgs_restore_regs_and_return_to_usermode
