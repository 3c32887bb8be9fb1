# entry_32.S — how the i386 kernel is entered and left: INT 0x80 (entry_INT80_32), SYSENTER
# (entry_SYSENTER_32, left through SYSEXIT when do_SYSENTER_32 allows it), exceptions and the
# timer interrupt, all leaving through RESTORE_REGS + IRET otherwise.
# Written for trapdoor from the facts of arch/x86/entry/entry_32.S. The C functions are
# TypeScript bound to kernel addresses; like the real i386 kernel (-mregparm=3) they take
# their first argument, struct pt_regs *, in %eax.
# Simplification (no PTI): TSS.sp0 is the task's kernel stack itself, as before Linux 4.15; only
# SYSENTER uses the per-cpu entry stack (SYSENTER_ESP), which entry_SYSENTER_32 leaves at once
# for the task stack whose top i386 Linux keeps in TSS.sp1.
	.code32

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

	.text

# INT $0x80: the CPU switched to SS0:ESP0 from the TSS and pushed ss, esp, eflags, cs, eip.
	.globl	entry_INT80_32
entry_INT80_32:
	pushl	%eax			# pt_regs->orig_ax: the syscall number
	# SAVE_ALL pt_regs_ax=$-ENOSYS
	cld
	pushl	$0			# pt_regs->gs slot (user %gs stays loaded)
	pushl	%fs			# pt_regs->fs
	pushl	%es			# pt_regs->es
	pushl	%ds			# pt_regs->ds
	pushl	$-ENOSYS		# pt_regs->ax
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

	movl	%esp, %eax		# arg 1 (regparm): struct pt_regs *
	call	do_int80_syscall_32
.Lsyscall_32_done:
	# RESTORE_REGS pop=4, then IRET
	.globl	restore_all_switch_stack
restore_all_switch_stack:
	popl	%ebx
	popl	%ecx
	popl	%edx
	popl	%esi
	popl	%edi
	popl	%ebp
	popl	%eax
	popl	%ds
	popl	%es
	popl	%fs
	addl	$8, %esp		# skip the gs slot and orig_ax: ESP -> the IRET frame
	iret

# SYSENTER: CS/SS from SYSENTER_CS, ESP = SYSENTER_ESP (the per-cpu entry stack, which ends where
# the TSS begins), EIP = SYSENTER_EIP; IF cleared; nothing saved. __kernel_vsyscall left the user
# ESP in EBP.
	.globl	entry_SYSENTER_32
entry_SYSENTER_32:
	pushfl				# scratch room for the CR3 switch (none here: no PTI)
	pushl	%eax
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
	# SAVE_ALL pt_regs_ax=$-ENOSYS
	cld
	pushl	$0			# pt_regs->gs slot
	pushl	%fs
	pushl	%es
	pushl	%ds
	pushl	$-ENOSYS
	pushl	%ebp
	pushl	%edi
	pushl	%esi
	pushl	%edx
	pushl	%ecx
	pushl	%ebx
	movl	$__USER_DS, %edx
	movl	%edx, %ds
	movl	%edx, %es
	movl	$__KERNEL_PERCPU, %edx
	movl	%edx, %fs

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
	popl	%eax			# the return value
	addl	$PT_EFLAGS-PT_DS, %esp	# ESP -> pt_regs->flags
	btrl	$X86_EFLAGS_IF_BIT, (%esp)	# IF comes back with STI, whose shadow covers SYSEXIT
	popfl
	sti
	sysexit
.Lsysenter_fix_flags:
	pushl	$X86_EFLAGS_FIXED
	popfl
	jmp	.Lsysenter_flags_fixed

# Exceptions and interrupts: the stub leaves the error code (or -1) in the orig_ax slot and the
# C handler's address in the gs slot; common_exception saves the rest and calls it.
common_exception:
	pushl	%fs
	pushl	%es
	pushl	%ds
	pushl	%eax
	pushl	%ebp
	pushl	%edi
	pushl	%esi
	pushl	%edx
	pushl	%ecx
	pushl	%ebx
	cld
	movl	$__USER_DS, %ecx
	movl	%ecx, %ds
	movl	%ecx, %es
	movl	$__KERNEL_PERCPU, %ecx
	movl	%ecx, %fs
	movl	PT_GS(%esp), %edi	# the handler
	movl	$0, PT_GS(%esp)
	movl	PT_ORIG_EAX(%esp), %edx	# arg 2: the error code
	movl	$-1, PT_ORIG_EAX(%esp)	# no syscall to restart
	movl	%esp, %eax		# arg 1: struct pt_regs *
	call	*%edi
	jmp	restore_all_switch_stack

	.globl	asm_exc_divide_error
asm_exc_divide_error:
	pushl	$-1
	pushl	$exc_divide_error
	jmp	common_exception

	.globl	asm_exc_int3
asm_exc_int3:
	pushl	$-1
	pushl	$exc_int3
	jmp	common_exception

	.globl	asm_exc_invalid_op
asm_exc_invalid_op:
	pushl	$-1
	pushl	$exc_invalid_op
	jmp	common_exception

	.globl	asm_exc_general_protection
asm_exc_general_protection:
	pushl	$exc_general_protection
	jmp	common_exception

	.globl	asm_exc_page_fault
asm_exc_page_fault:
	pushl	$exc_page_fault
	jmp	common_exception

	.globl	asm_exc_debug
asm_exc_debug:
	pushl	$-1
	pushl	$exc_debug
	jmp	common_exception

	.globl	asm_exc_overflow
asm_exc_overflow:
	pushl	$-1
	pushl	$exc_overflow
	jmp	common_exception

	.globl	asm_exc_bounds
asm_exc_bounds:
	pushl	$-1
	pushl	$exc_bounds
	jmp	common_exception

	.globl	asm_exc_segment_not_present
asm_exc_segment_not_present:
	pushl	$exc_segment_not_present
	jmp	common_exception

	.globl	asm_exc_stack_segment
asm_exc_stack_segment:
	pushl	$exc_stack_segment
	jmp	common_exception

	.globl	asm_exc_coprocessor_error
asm_exc_coprocessor_error:
	pushl	$-1
	pushl	$exc_coprocessor_error
	jmp	common_exception

	.globl	asm_exc_alignment_check
asm_exc_alignment_check:
	pushl	$exc_alignment_check
	jmp	common_exception

	.globl	asm_exc_simd_coprocessor_error
asm_exc_simd_coprocessor_error:
	pushl	$-1
	pushl	$exc_simd_coprocessor_error
	jmp	common_exception

	.globl	asm_sysvec_apic_timer_interrupt
asm_sysvec_apic_timer_interrupt:
	pushl	$-1
	pushl	$sysvec_apic_timer_interrupt
	jmp	common_exception
