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
