# entry_64.S — how the x86_64 kernel is entered and left: SYSCALL (entry_SYSCALL_64), the IDT
# entries (exceptions, the timer interrupt, and since Linux 6.7 the INT 0x80 emulation), and the
# two exits: SYSRET when do_syscall_64 allows it, otherwise IRET.
# Written for trapdoor from the facts of arch/x86/entry/entry_64.S; the C functions it calls
# (do_syscall_64, do_int80_emulation, exc_*) are TypeScript functions bound to kernel addresses.
# The mitigations (calling.S's SWITCH_TO_*_CR3, IBRS_*, UNTRAIN_RET, CLEAR_BRANCH_HISTORY,
# CLEAR_CPU_BUFFERS) are assembled in or out by the boot's mitigation set. With KPTI, TSS.sp0 is the
# per-cpu entry (trampoline) stack and the exits copy what they still need onto it before switching
# to the user CR3; without, TSS.sp0 is the task's kernel stack itself (as before Linux 4.15).
	.code64

	.include "calling.S"		# struct pt_regs, PUSH_AND_CLEAR_REGS, POP_REGS

	__USER_DS = 0x2b
	__USER_CS = 0x33
	ENOSYS = 38
	TSS_sp0 = 0x4			# cpu_tss_rw.sp0: with KPTI the entry stack's top
	TSS_sp2 = 0x14			# cpu_tss_rw.sp2: the per-cpu scratch slot for the user RSP
	__KERNEL_DS = 0x18
	TOP_OF_STACK = 0x100		# pcpu_hot.top_of_stack: the current task's kernel stack top
	MSR_X2APIC_ISR4 = 0x814		# x2APIC in-service register, vectors 128..159
	PTREGS_SIZE = 21*8
	CONFIG_X86_64 = 1		# idtentry.S: the 64-bit-only vectors (#DF on IST, #VE, #CP, #VC)

	.text

# SYSCALL from 64-bit user space. The CPU saved RIP in RCX and RFLAGS in R11, loaded CS/SS from
# STAR and RIP from LSTAR, and left RSP alone: the kernel must switch stacks itself.
	.globl	entry_SYSCALL_64
entry_SYSCALL_64:
	swapgs				# GS base <- the per-cpu area
	movq	%rsp, %gs:TSS_sp2	# stash the user RSP
	SWITCH_TO_KERNEL_CR3 scratch_reg=%rsp
	movq	%gs:TOP_OF_STACK, %rsp	# the task's kernel stack
	.globl	entry_SYSCALL_64_safe_stack
entry_SYSCALL_64_safe_stack:

	# a software-built IRET frame, as INT would have pushed it
	pushq	$__USER_DS		# pt_regs->ss
	pushq	%gs:TSS_sp2		# pt_regs->sp
	pushq	%r11			# pt_regs->flags
	pushq	$__USER_CS		# pt_regs->cs
	pushq	%rcx			# pt_regs->ip
	.globl	entry_SYSCALL_64_after_hwframe
entry_SYSCALL_64_after_hwframe:
	pushq	%rax			# pt_regs->orig_ax

	PUSH_AND_CLEAR_REGS rax=$-ENOSYS

	movq	%rsp, %rdi		# arg 1: struct pt_regs *
	movslq	%eax, %rsi		# arg 2: the syscall number
	IBRS_ENTER			# (clobbers ax: after the number is saved)
	UNTRAIN_RET
	CLEAR_BRANCH_HISTORY
	call	do_syscall_64		# returns true when SYSRET is safe

	testb	%al, %al
	jz	swapgs_restore_regs_and_return_to_usermode

	# SYSRET exit: RCX == RIP and R11 == RFLAGS were checked, so popping them restores both
syscall_return_via_sysret:
	IBRS_EXIT
	.if X86_FEATURE_PTI
	POP_REGS pop_rdi=0
	movq	%rsp, %rdi		# to the trampoline stack: the user RSP and RDI are all that is left
	movq	%gs:TSS_sp0, %rsp
	pushq	RSP-RDI(%rdi)		# user RSP
	pushq	(%rdi)			# user RDI
	SWITCH_TO_USER_CR3 scratch_reg=%rdi
	popq	%rdi
	popq	%rsp
	.else
	POP_REGS
	movq	RSP-ORIG_RAX(%rsp), %rsp	# back on the user stack
	.endif
	.globl	entry_SYSRETQ_unsafe_stack
entry_SYSRETQ_unsafe_stack:
	swapgs				# GS base <- the user's
	CLEAR_CPU_BUFFERS
	sysretq

# error_entry: called by every IDT entry below with the hardware frame and orig_ax on the stack;
# saves the registers into pt_regs and does SWAPGS if the interrupted code was user mode. Returns
# in RAX where pt_regs is: from user mode always the task stack (sync_regs moves a frame that
# arrived on an IST stack, #DB, NMI, #MC), from the kernel where the CPU pushed it.
error_entry:
	PUSH_AND_CLEAR_REGS save_ret=1
	testb	$3, CS+8(%rsp)		# from user mode?
	jz	.Lerror_entry_from_kernel
	swapgs
	SWITCH_TO_KERNEL_CR3 scratch_reg=%rax
	IBRS_ENTER
	UNTRAIN_RET
	leaq	8(%rsp), %rdi		# arg 1: pt_regs, above our return address
	jmp	sync_regs
.Lerror_entry_from_kernel:
	leaq	8(%rsp), %rax
	ret

# sync_regs (traps.c): a user-mode frame on an IST stack is copied to the top of the task stack,
# so the handler runs, and may sleep or deliver a signal, on the task's stack as for any entry.
sync_regs:
	movq	%gs:TOP_OF_STACK, %rax
	subq	$PTREGS_SIZE, %rax	# task_pt_regs(current)
	cmpq	%rdi, %rax
	je	.Lsync_regs_done	# already there (no IST)
	movq	%rdi, %rsi
	movq	%rax, %rdi
	movl	$PTREGS_SIZE/8, %ecx
	rep movsq
.Lsync_regs_done:
	ret

# error_return: leave an IDT entry the way it came in.
error_return:
	testb	$3, CS(%rsp)
	jz	restore_regs_and_return_to_kernel
	jmp	swapgs_restore_regs_and_return_to_usermode

# The IRET exit to user mode (also the first entry into user mode after exec).
	.globl	swapgs_restore_regs_and_return_to_usermode
swapgs_restore_regs_and_return_to_usermode:
	IBRS_EXIT
	.if X86_FEATURE_PTI
	POP_REGS pop_rdi=0
	movq	%rsp, %rdi		# copy the IRET frame to the trampoline stack
	movq	%gs:TSS_sp0, %rsp
	pushq	6*8(%rdi)		# ss
	pushq	5*8(%rdi)		# rsp
	pushq	4*8(%rdi)		# rflags
	pushq	3*8(%rdi)		# cs
	pushq	2*8(%rdi)		# rip
	pushq	(%rdi)			# user RDI
	SWITCH_TO_USER_CR3 scratch_reg=%rdi
	popq	%rdi
	.else
	POP_REGS
	addq	$8, %rsp		# skip orig_ax: RSP -> the IRET frame
	.endif
	swapgs
	CLEAR_CPU_BUFFERS
	iretq

restore_regs_and_return_to_kernel:
	POP_REGS
	addq	$8, %rsp
	iretq

# INT 0x80 since Linux 6.7: an ordinary IDT entry into C (do_int80_emulation), which first makes
# sure the vector was raised by software by reading the local APIC's in-service register
# (int80_is_external). In x2APIC mode that is RDMSR 0x814; under KVM without APIC
# virtualisation the read exits to the hypervisor, which is where INT 0x80's cost comes from.
	.globl	asm_int80_emulation
asm_int80_emulation:
	pushq	$-1			# pt_regs->orig_ax: no error code
	call	error_entry		# pt_regs->ax keeps the syscall number for do_int80_emulation
	movq	%rax, %rsp
	movl	$MSR_X2APIC_ISR4, %ecx	# int80_is_external(): is vector 0x80 in service?
	rdmsr
	testl	$1, %eax		# bit 0 of ISR[128..159] = vector 0x80
	jnz	.Lint80_external
	movq	%rsp, %rdi		# arg 1: struct pt_regs *
	call	do_int80_emulation
	jmp	swapgs_restore_regs_and_return_to_usermode
.Lint80_external:
	ud2				# panic("Unexpected external interrupt 0x80")

# The IDT entries as Linux writes them (idtentry.h): where the CPU pushed an error code (#GP, #PF ...
# has_error_code=1) it is arg 2; the others get -1 in that slot (orig_ax). The vector is for the reader
# (the IDT is filled in by the kernel's TypeScript, idtGates.ts). Simplification: every entry is an
# ordinary one (Linux makes #DB, NMI, #MC and #DF paranoid: from kernel mode they stay on their IST
# stack with paranoid_entry's GS/CR3 checks; from user mode they take this path, as here).
.macro idtentry vector asmsym cfunc has_error_code:req
	.globl	\asmsym
\asmsym:
	cld
	.if \has_error_code == 0
	pushq	$-1			# pt_regs->orig_ax: no error code
	.endif
	idtentry_body \cfunc \has_error_code
.endm

.macro idtentry_body cfunc has_error_code:req
	call	error_entry
	movq	%rax, %rsp		# pt_regs on the task stack (sync_regs)
	movq	%rsp, %rdi		# arg 1: struct pt_regs *
	.if \has_error_code == 1
	movq	ORIG_RAX(%rsp), %rsi	# arg 2: the error code (for #PF, CR2 holds the address)
	movq	$-1, ORIG_RAX(%rsp)	# no syscall to restart
	.endif
	call	\cfunc
	jmp	error_return
.endm

	.include "idtentry.S"		# every IDT entry, through the idtentry macro above

# entry_untrain_ret (lib/retpoline.S, AMD SRSO "Safe RET"): a movabs whose immediate is the code of
# srso_safe_ret; the call below lands inside it, drops its own return address and RETs to our
# caller, so the return predictor is trained on a harmless target.
	.globl	entry_untrain_ret
entry_untrain_ret:
	.byte	0x48, 0xb8		# movabs $imm64, %rax: the next 8 bytes are its immediate
	.globl	srso_safe_ret
srso_safe_ret:
	leaq	8(%rsp), %rsp		# drop the return address the call pushed
	ret
	int3
	int3				# (the end of the immediate)
	lfence
	call	srso_safe_ret
	ud2

# clear_bhb_loop (entry_64.S): 5 rounds of a call, then 5 taken jumps each, to fill the branch
# history with kernel branches before the first indirect branch.
	.globl	clear_bhb_loop
clear_bhb_loop:
	pushq	%rbp
	movq	%rsp, %rbp
	movl	$5, %ecx
	call	.Lbhb_outer
	jmp	.Lbhb_done
.Lbhb_outer:
	call	.Lbhb_inner
	ret
.Lbhb_inner:
	movl	$5, %eax
.Lbhb_jump:
	jmp	.Lbhb_next
	nop
.Lbhb_next:
	subl	$1, %eax
	jnz	.Lbhb_jump
	subl	$1, %ecx
	jnz	.Lbhb_outer
	ret
.Lbhb_done:
	lfence
	popq	%rbp
	ret

# The selector VERW checks (CLEAR_CPU_BUFFERS): any valid data segment will do.
	.globl	x86_verw_sel
x86_verw_sel:
	.word	__KERNEL_DS
