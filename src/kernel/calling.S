# calling.S — what the entry files share, as arch/x86/entry/calling.h is for Linux: struct
# pt_regs' layout on x86_64 and the macros that build and take down that frame (PUSH_REGS,
# CLEAR_REGS, PUSH_AND_CLEAR_REGS, POP_REGS). .include'd by entry_64.S, entry_64_compat.S and
# entry_32.S (which, like Linux's, uses only its own SAVE_ALL/RESTORE_REGS).
# Written for trapdoor from the facts of calling.h; no UNWIND_HINTs (no ORC unwinder here).

	# struct pt_regs (x86_64), offsets from the bottom of the frame
	R15 = 0*8
	R14 = 1*8
	R13 = 2*8
	R12 = 3*8
	RBP = 4*8
	RBX = 5*8
	R11 = 6*8
	R10 = 7*8
	R9 = 8*8
	R8 = 9*8
	RAX = 10*8
	RCX = 11*8
	RDX = 12*8
	RSI = 13*8
	RDI = 14*8
	ORIG_RAX = 15*8
	RIP = 16*8
	CS = 17*8
	EFLAGS = 18*8
	RSP = 19*8
	SS = 20*8

# Push pt_regs from di down to r15 over the IRET frame and orig_ax. save_ret=1: called with a
# return address on top, which ends on top again (error_entry).
.macro PUSH_REGS rdx=%rdx rcx=%rcx rax=%rax save_ret=0
	.if \save_ret
	pushq	%rsi			# pt_regs->si
	movq	8(%rsp), %rsi		# our return address
	movq	%rdi, 8(%rsp)		# pt_regs->di over it
	.else
	pushq	%rdi			# pt_regs->di
	pushq	%rsi			# pt_regs->si
	.endif
	pushq	\rdx			# pt_regs->dx
	pushq	\rcx			# pt_regs->cx
	pushq	\rax			# pt_regs->ax
	pushq	%r8			# pt_regs->r8
	pushq	%r9			# pt_regs->r9
	pushq	%r10			# pt_regs->r10
	pushq	%r11			# pt_regs->r11
	pushq	%rbx			# pt_regs->bx
	pushq	%rbp			# pt_regs->bp
	pushq	%r12			# pt_regs->r12
	pushq	%r13			# pt_regs->r13
	pushq	%r14			# pt_regs->r14
	pushq	%r15			# pt_regs->r15
	.if \save_ret
	pushq	%rsi			# the return address back on top
	.endif
.endm

# No user values leak into the kernel's speculation: zero what C does not need.
.macro CLEAR_REGS clear_bp=1
	xorl	%esi, %esi
	xorl	%edx, %edx
	xorl	%ecx, %ecx
	xorl	%r8d, %r8d
	xorl	%r9d, %r9d
	xorl	%r10d, %r10d
	xorl	%r11d, %r11d
	xorl	%ebx, %ebx
	.if \clear_bp
	xorl	%ebp, %ebp
	.endif
	xorl	%r12d, %r12d
	xorl	%r13d, %r13d
	xorl	%r14d, %r14d
	xorl	%r15d, %r15d
.endm

.macro PUSH_AND_CLEAR_REGS rdx=%rdx rcx=%rcx rax=%rax save_ret=0 clear_bp=1
	PUSH_REGS rdx=\rdx, rcx=\rcx, rax=\rax, save_ret=\save_ret
	CLEAR_REGS clear_bp=\clear_bp
.endm

# Pop pt_regs from r15 up to di (pop_rdi=0 leaves di on the stack).
.macro POP_REGS pop_rdi=1
	popq	%r15
	popq	%r14
	popq	%r13
	popq	%r12
	popq	%rbp
	popq	%rbx
	popq	%r11
	popq	%r10
	popq	%r9
	popq	%r8
	popq	%rax
	popq	%rcx
	popq	%rdx
	popq	%rsi
	.if \pop_rdi
	popq	%rdi
	.endif
.endm

# The Spectre-era mitigations of the entry code (calling.h, nospec-branch.h). Linux patches them in
# at boot (ALTERNATIVE); trapdoor assembles the kernel with its X86_FEATURE_* constants set from the
# boot's mitigation set (kernelConfig.ts), so each macro is its real instructions or nothing.
	.include "kernel-config.S"	# generated: X86_FEATURE_PTI, _KERNEL_IBRS, _UNRET, _CLEAR_BHB_LOOP, _CLEAR_CPU_BUF
	PTI_USER_PGTABLE_BIT = 12	# the user half of a PTI page-table pair: kernel PGD + 4 KiB
	MSR_IA32_SPEC_CTRL = 0x48
	SPEC_CTRL_IBRS = 1

# KPTI: entering, clear the user bit of CR3 (no PCID: the MOV flushes the TLB's non-global entries).
# Sized by the scratch register, so entry_32.S uses them too; if_user=1 (i386's SAVE_ALL, which also
# runs for exceptions from the kernel) first checks that CR3 is the user one.
.macro SWITCH_TO_KERNEL_CR3 scratch_reg:req if_user=0
	.if X86_FEATURE_PTI
	mov	%cr3, \scratch_reg
	.if \if_user
	test	$(1 << PTI_USER_PGTABLE_BIT), \scratch_reg
	jz	1f			# entered from the kernel: already its CR3
	.endif
	and	$~(1 << PTI_USER_PGTABLE_BIT), \scratch_reg
	mov	\scratch_reg, %cr3
1:
	.endif
.endm

# KPTI: leaving, set it again (the user page tables map little more than user space and this code).
.macro SWITCH_TO_USER_CR3 scratch_reg:req
	.if X86_FEATURE_PTI
	mov	%cr3, \scratch_reg
	or	$(1 << PTI_USER_PGTABLE_BIT), \scratch_reg
	mov	\scratch_reg, %cr3
	.endif
.endm

# IBRS on entry, off on exit (kernel IBRS: Spectre v2 / Retbleed on CPUs without eIBRS). Clobbers
# ax, cx, dx: used where those are saved in pt_regs.
.macro IBRS_ENTER
	.if X86_FEATURE_KERNEL_IBRS
	movl	$MSR_IA32_SPEC_CTRL, %ecx
	movl	$SPEC_CTRL_IBRS, %eax
	xorl	%edx, %edx
	wrmsr
	.endif
.endm

.macro IBRS_EXIT
	.if X86_FEATURE_KERNEL_IBRS
	movl	$MSR_IA32_SPEC_CTRL, %ecx
	xorl	%eax, %eax		# the user's SPEC_CTRL: IBRS off
	xorl	%edx, %edx
	wrmsr
	.endif
.endm

# Before the first RET in the kernel: untrain the return predictor (AMD SRSO "Safe RET").
.macro UNTRAIN_RET
	.if X86_FEATURE_UNRET
	call	entry_untrain_ret
	.endif
.endm

# Spectre-BHI on CPUs without BHI_DIS_S: overwrite the branch history with a loop of taken branches.
.macro CLEAR_BRANCH_HISTORY
	.if X86_FEATURE_CLEAR_BHB_LOOP
	call	clear_bhb_loop
	.endif
.endm

# MDS and friends: VERW of a valid data selector overwrites the CPU's buffers; last thing before
# SYSRET/IRET.
.macro CLEAR_CPU_BUFFERS
	.if X86_FEATURE_CLEAR_CPU_BUF
	.ifdef CONFIG_X86_64
	verw	x86_verw_sel(%rip)
	.else
	verw	x86_verw_sel
	.endif
	.endif
.endm
