# entry_32.S — how the i386 kernel is entered and left: INT 0x80 (entry_INT80_32), SYSENTER
# (entry_SYSENTER_32, left through SYSEXIT when do_SYSENTER_32 allows it), exceptions and the
# timer interrupt, all leaving through RESTORE_REGS + IRET otherwise.
# Written for trapdoor from the facts of arch/x86/entry/entry_32.S. The C functions are
# TypeScript bound to kernel addresses; like the real i386 kernel (-mregparm=3) they take
# their first argument, struct pt_regs *, in %eax.
# Simplification: TSS.sp0 is the task's kernel stack itself, as before Linux 4.15 (with KPTI too:
# i386's entry-stack switching is not modelled); only SYSENTER uses the per-cpu entry stack
# (SYSENTER_ESP), which entry_SYSENTER_32 leaves at once for the task stack whose top i386 Linux
# keeps in TSS.sp1. Of the mitigations, i386 Linux has KPTI's CR3 switch, retpolines and CLEAR_CPU_BUFFERS
# (IBRS_ENTER, UNTRAIN_RET and the BHB loop are x86_64's only): calling.S's macros.
	.code32
	.include "calling.S"		# as Linux's entry_32.S includes calling.h (its 64-bit macros go unused)

	# struct pt_regs (arch/x86/include/asm/ptrace.h, 32-bit)
	PT_EBX = 0x00
	PT_ECX = 0x04
	PT_EDX = 0x08
	PT_ESI = 0x0c
	PT_EDI = 0x10
	PT_EBP = 0x14
	PT_EAX = 0x18
	PT_DS = 0x1c
	PT_ES = 0x20
	PT_FS = 0x24
	PT_GS = 0x28
	PT_ORIG_EAX = 0x2c
	PT_EIP = 0x30
	PT_CS = 0x34
	PT_EFLAGS = 0x38
	PT_OLDESP = 0x3c
	PT_OLDSS = 0x40

	__USER_CS = 0x73
	__USER_DS = 0x7b
	__KERNEL_PERCPU = 0xd8
	ENOSYS = 38
	X86_EFLAGS_TF = 0x100
	X86_EFLAGS_IF_BIT = 9
	X86_EFLAGS_NT = 0x4000
	X86_EFLAGS_AC = 0x40000
	X86_EFLAGS_FIXED = 0x2
	TSS_entry2task_stack = 12	# from the entry stack top (= the TSS) to TSS.sp1


# CALL_NOSPEC (nospec-branch.h): with retpolines an indirect call goes through the register's thunk.
.macro CALL_NOSPEC reg:req
	.if X86_FEATURE_RETPOLINE
	call	__x86_indirect_thunk_\reg
	.else
	call	*%\reg
	.endif
.endm

# SAVE_ALL: the rest of pt_regs below orig_ax, then the kernel's data segments and the per-cpu
# %fs. skip_gs=1: the gs slot is already pushed (handle_exception keeps the handler there).
# Simplification: user %gs stays loaded, so the gs slot holds 0 (Linux's lazy %gs, PUSH_GS).
.macro SAVE_ALL pt_regs_ax=%eax skip_gs=0 switch_cr3=1
	cld
	.if \skip_gs == 0
	pushl	$0			# pt_regs->gs slot
	.endif
	pushl	%fs			# pt_regs->fs
	pushl	%es			# pt_regs->es
	pushl	%ds			# pt_regs->ds
	pushl	\pt_regs_ax		# pt_regs->ax
	pushl	%ebp			# pt_regs->bp
	pushl	%edi			# pt_regs->di
	pushl	%esi			# pt_regs->si
	pushl	%edx			# pt_regs->dx
	pushl	%ecx			# pt_regs->cx
	pushl	%ebx			# pt_regs->bx
	movl	$__USER_DS, %edx
	movl	%edx, %ds
	movl	%edx, %es
	movl	$__KERNEL_PERCPU, %edx
	movl	%edx, %fs
	.if \switch_cr3
	SWITCH_TO_KERNEL_CR3 scratch_reg=%edx if_user=1
	.endif
.endm

.macro RESTORE_INT_REGS
	popl	%ebx
	popl	%ecx
	popl	%edx
	popl	%esi
	popl	%edi
	popl	%ebp
	popl	%eax
.endm

# RESTORE_REGS pop=N: the registers and segments, then the gs slot and N more bytes.
.macro RESTORE_REGS pop=0
	RESTORE_INT_REGS
	popl	%ds
	popl	%es
	popl	%fs
	addl	$4+\pop, %esp		# the gs slot (not reloaded), then \pop bytes
.endm

# The IDT entries (Linux's 32-bit idtentry): the error code (0 where the CPU pushes none) goes in
# the orig_ax slot and the C handler's address in the gs slot; handle_exception does the rest.
.macro idtentry vector asmsym cfunc has_error_code:req
	.globl	\asmsym
\asmsym:
	.if \has_error_code == 0
	pushl	$0			# no error code
	.endif
	pushl	$\cfunc			# the handler, in the gs slot
	jmp	handle_exception
.endm

	.text

# INT $0x80: the CPU switched to SS0:ESP0 from the TSS and pushed ss, esp, eflags, cs, eip.
	.globl	entry_INT80_32
entry_INT80_32:
	pushl	%eax			# pt_regs->orig_ax: the syscall number
	SAVE_ALL pt_regs_ax=$-ENOSYS

	movl	%esp, %eax		# arg 1 (regparm): struct pt_regs *
	call	do_int80_syscall_32
.Lsyscall_32_done:
	.globl	restore_all_switch_stack
restore_all_switch_stack:
	SWITCH_TO_USER_CR3 scratch_reg=%eax
	RESTORE_REGS pop=4		# pop=4: orig_ax, so ESP -> the IRET frame
	CLEAR_CPU_BUFFERS
	iret

# SYSENTER: CS/SS from SYSENTER_CS, ESP = SYSENTER_ESP (the per-cpu entry stack, which ends where
# the TSS begins), EIP = SYSENTER_EIP; IF cleared; nothing saved. __kernel_vsyscall left the user
# ESP in EBP.
	.globl	entry_SYSENTER_32
entry_SYSENTER_32:
	pushfl				# scratch room for the CR3 switch
	pushl	%eax
	SWITCH_TO_KERNEL_CR3 scratch_reg=%eax
	popl	%eax
	popfl
	movl	TSS_entry2task_stack(%esp), %esp	# TSS.sp1: the task's kernel stack top
.Lsysenter_past_esp:
	pushl	$__USER_DS		# pt_regs->ss
	pushl	$0			# pt_regs->sp (placeholder, do_SYSENTER_32 copies EBP)
	pushfl				# pt_regs->flags (IF is 0; do_SYSENTER_32 sets it)
	pushl	$__USER_CS		# pt_regs->cs
	pushl	$0			# pt_regs->ip (placeholder: the vDSO landing pad)
	pushl	%eax			# pt_regs->orig_ax
	SAVE_ALL pt_regs_ax=$-ENOSYS switch_cr3=0	# CR3 switched above, on the entry stack

	testl	$X86_EFLAGS_NT|X86_EFLAGS_AC|X86_EFLAGS_TF, PT_EFLAGS(%esp)
	jnz	.Lsysenter_fix_flags
.Lsysenter_flags_fixed:
	movl	%esp, %eax
	call	do_SYSENTER_32
	testl	%eax, %eax
	jz	.Lsyscall_32_done	# a failed check: leave through IRET

	# Opportunistic SYSEXIT: EIP <- EDX, ESP <- ECX
	movl	PT_EIP(%esp), %edx	# the landing pad in the vDSO
	movl	PT_OLDESP(%esp), %ecx	# the user stack
	mov	PT_FS(%esp), %fs
	popl	%ebx			# pt_regs->bx
	addl	$2*4, %esp		# skip cx and dx: the vDSO pops them itself
	popl	%esi
	popl	%edi
	popl	%ebp
	SWITCH_TO_USER_CR3 scratch_reg=%eax	# (eax is popped next)
	popl	%eax			# the return value
	addl	$PT_EFLAGS-PT_DS, %esp	# ESP -> pt_regs->flags
	btrl	$X86_EFLAGS_IF_BIT, (%esp)	# IF comes back with STI, whose shadow covers SYSEXIT
	popfl
	CLEAR_CPU_BUFFERS		# (VERW changes ZF only: the vDSO's landing pad does not look)
	sti
	sysexit
.Lsysenter_fix_flags:
	pushl	$X86_EFLAGS_FIXED
	popfl
	jmp	.Lsysenter_flags_fixed

# Exceptions and interrupts: the stub left the error code in the orig_ax slot and the C
# handler's address in the gs slot; handle_exception saves the rest and calls it.
handle_exception:
	SAVE_ALL skip_gs=1
	movl	PT_GS(%esp), %edi	# the handler
	movl	$0, PT_GS(%esp)
	movl	PT_ORIG_EAX(%esp), %edx	# arg 2: the error code
	movl	$-1, PT_ORIG_EAX(%esp)	# no syscall to restart
	movl	%esp, %eax		# arg 1: struct pt_regs *
	CALL_NOSPEC edi			# the handler
	jmp	restore_all_switch_stack

	.include "idtentry.S"		# every IDT entry, through the idtentry macro above

# The selector VERW checks (CLEAR_CPU_BUFFERS): any valid data segment will do.
	__KERNEL_DS = 0x68
	.globl	x86_verw_sel
x86_verw_sel:
	.word	__KERNEL_DS

# __x86_indirect_thunk_edi (lib/retpoline.S): the retpoline. The call pushes a return address the
# CPU predicts into the trap loop; the real target overwrites it, and the RET goes there.
	.globl	__x86_indirect_thunk_edi
__x86_indirect_thunk_edi:
	call	.Lretpoline_do_rop
.Lretpoline_trap:
	pause				# speculation of the RET lands here and spins harmlessly
	lfence
	jmp	.Lretpoline_trap
.Lretpoline_do_rop:
	movl	%edi, (%esp)
	ret
