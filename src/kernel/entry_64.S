# entry_64.S — how the x86_64 kernel is entered and left: SYSCALL (entry_SYSCALL_64), the IDT
# entries (exceptions, the timer interrupt, and since Linux 6.7 the INT 0x80 emulation), and the
# two exits: SYSRET when do_syscall_64 allows it, otherwise IRET.
# Written for trapdoor from the facts of arch/x86/entry/entry_64.S; the C functions it calls
# (do_syscall_64, do_int80_emulation, exc_*) are TypeScript functions bound to kernel addresses.
# Simplification (no PTI in either profile): TSS.rsp0 is the task's kernel stack itself, as before
# Linux 4.15, so there is no entry trampoline stack to copy frames from and no CR3 switch.
	.code64

	# struct pt_regs (arch/x86/entry/calling.h), offsets from the bottom of the frame
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

	__USER_DS = 0x2b
	__USER_CS = 0x33
	ENOSYS = 38
	TSS_sp2 = 0x14			# cpu_tss_rw.sp2: the per-cpu scratch slot for the user RSP
	TOP_OF_STACK = 0x100		# pcpu_hot.top_of_stack: the current task's kernel stack top
	MSR_X2APIC_ISR4 = 0x814		# x2APIC in-service register, vectors 128..159

	.text

# SYSCALL from 64-bit user space. The CPU saved RIP in RCX and RFLAGS in R11, loaded CS/SS from
# STAR and RIP from LSTAR, and left RSP alone: the kernel must switch stacks itself.
	.globl	entry_SYSCALL_64
entry_SYSCALL_64:
	swapgs				# GS base <- the per-cpu area
	movq	%rsp, %gs:TSS_sp2	# stash the user RSP
	movq	%gs:TOP_OF_STACK, %rsp	# the task's kernel stack

	# a software-built IRET frame, as INT would have pushed it
	pushq	$__USER_DS		# pt_regs->ss
	pushq	%gs:TSS_sp2		# pt_regs->sp
	pushq	%r11			# pt_regs->flags
	pushq	$__USER_CS		# pt_regs->cs
	pushq	%rcx			# pt_regs->ip
	.globl	entry_SYSCALL_64_after_hwframe
entry_SYSCALL_64_after_hwframe:
	pushq	%rax			# pt_regs->orig_ax

	# PUSH_AND_CLEAR_REGS rax=$-ENOSYS
	pushq	%rdi			# pt_regs->di
	pushq	%rsi			# pt_regs->si
	pushq	%rdx			# pt_regs->dx
	pushq	%rcx			# pt_regs->cx
	pushq	$-ENOSYS		# pt_regs->ax
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
	xorl	%esi, %esi		# no user values leak into the kernel's speculation
	xorl	%edx, %edx
	xorl	%ecx, %ecx
	xorl	%r8d, %r8d
	xorl	%r9d, %r9d
	xorl	%r10d, %r10d
	xorl	%r11d, %r11d
	xorl	%ebx, %ebx
	xorl	%ebp, %ebp
	xorl	%r12d, %r12d
	xorl	%r13d, %r13d
	xorl	%r14d, %r14d
	xorl	%r15d, %r15d

	movq	%rsp, %rdi		# arg 1: struct pt_regs *
	movslq	%eax, %rsi		# arg 2: the syscall number
	call	do_syscall_64		# returns true when SYSRET is safe

	testb	%al, %al
	jz	swapgs_restore_regs_and_return_to_usermode

	# SYSRET exit: RCX == RIP and R11 == RFLAGS were checked, so popping them restores both
	popq	%r15
	popq	%r14
	popq	%r13
	popq	%r12
	popq	%rbp
	popq	%rbx
	popq	%r11			# pt_regs->r11 == pt_regs->flags
	popq	%r10
	popq	%r9
	popq	%r8
	popq	%rax			# the return value
	popq	%rcx			# pt_regs->cx == pt_regs->ip
	popq	%rdx
	popq	%rsi
	popq	%rdi
	movq	RSP-ORIG_RAX(%rsp), %rsp	# back on the user stack
	swapgs				# GS base <- the user's
	sysretq

# error_entry: called by every IDT entry below with the hardware frame and orig_ax on the stack;
# saves the registers into pt_regs (PUSH_AND_CLEAR_REGS save_ret=1) and does SWAPGS if the
# interrupted code was user mode.
error_entry:
	pushq	%rsi			# pt_regs->si
	movq	8(%rsp), %rsi		# our return address
	movq	%rdi, 8(%rsp)		# pt_regs->di over it
	pushq	%rdx			# pt_regs->dx
	pushq	%rcx			# pt_regs->cx
	pushq	%rax			# pt_regs->ax
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
	pushq	%rsi			# the return address back on top
	xorl	%esi, %esi
	xorl	%edx, %edx
	xorl	%ecx, %ecx
	xorl	%r8d, %r8d
	xorl	%r9d, %r9d
	xorl	%r10d, %r10d
	xorl	%r11d, %r11d
	xorl	%ebx, %ebx
	xorl	%ebp, %ebp
	xorl	%r12d, %r12d
	xorl	%r13d, %r13d
	xorl	%r14d, %r14d
	xorl	%r15d, %r15d
	testb	$3, CS+8(%rsp)		# from user mode?
	jz	.Lerror_entry_from_kernel
	swapgs
.Lerror_entry_from_kernel:
	ret

# error_return: leave an IDT entry the way it came in.
error_return:
	testb	$3, CS(%rsp)
	jz	restore_regs_and_return_to_kernel
	jmp	swapgs_restore_regs_and_return_to_usermode

# The IRET exit to user mode (also the first entry into user mode after exec).
	.globl	swapgs_restore_regs_and_return_to_usermode
swapgs_restore_regs_and_return_to_usermode:
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
	popq	%rdi
	addq	$8, %rsp		# skip orig_ax: RSP -> the IRET frame
	swapgs
	iretq

restore_regs_and_return_to_kernel:
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
	popq	%rdi
	addq	$8, %rsp
	iretq

# INT 0x80 since Linux 6.7: an ordinary IDT entry into C (do_int80_emulation), which first makes
# sure the vector was raised by software by reading the local APIC's in-service register
# (int80_is_external). In x2APIC mode that is RDMSR 0x814; under KVM without APIC
# virtualisation the read exits to the hypervisor, which is where INT 0x80's cost comes from.
	.globl	asm_int80_emulation
asm_int80_emulation:
	pushq	$-1			# pt_regs->orig_ax: no error code
	call	error_entry		# ax keeps the syscall number for do_int80_emulation
	movl	$MSR_X2APIC_ISR4, %ecx	# int80_is_external(): is vector 0x80 in service?
	rdmsr
	testl	$1, %eax		# bit 0 of ISR[128..159] = vector 0x80
	jnz	.Lint80_external
	movq	%rsp, %rdi		# arg 1: struct pt_regs *
	call	do_int80_emulation
	jmp	swapgs_restore_regs_and_return_to_usermode
.Lint80_external:
	ud2				# panic("Unexpected external interrupt 0x80")

# Exceptions: the CPU pushed an error code for #GP and #PF; the others get -1 in that slot.
	.globl	asm_exc_divide_error
asm_exc_divide_error:
	pushq	$-1
	call	error_entry
	movq	%rsp, %rdi
	movq	$-1, %rsi
	call	exc_divide_error
	jmp	error_return

	.globl	asm_exc_int3
asm_exc_int3:
	pushq	$-1
	call	error_entry
	movq	%rsp, %rdi
	movq	$-1, %rsi
	call	exc_int3
	jmp	error_return

	.globl	asm_exc_invalid_op
asm_exc_invalid_op:
	pushq	$-1
	call	error_entry
	movq	%rsp, %rdi
	movq	$-1, %rsi
	call	exc_invalid_op
	jmp	error_return

	.globl	asm_exc_general_protection
asm_exc_general_protection:
	call	error_entry
	movq	%rsp, %rdi
	movq	ORIG_RAX(%rsp), %rsi	# the error code
	movq	$-1, ORIG_RAX(%rsp)
	call	exc_general_protection
	jmp	error_return

	.globl	asm_exc_page_fault
asm_exc_page_fault:
	call	error_entry
	movq	%rsp, %rdi
	movq	ORIG_RAX(%rsp), %rsi	# the error code (CR2 holds the address)
	movq	$-1, ORIG_RAX(%rsp)
	call	exc_page_fault
	jmp	error_return

# More exceptions that user code can raise (single-step, INTO, BOUND, segment faults, x87 and
# SIMD floating point, alignment check): the same shape, each to its exc_* function.
	.globl	asm_exc_debug
asm_exc_debug:
	pushq	$-1
	call	error_entry
	movq	%rsp, %rdi
	movq	$-1, %rsi
	call	exc_debug
	jmp	error_return

	.globl	asm_exc_overflow
asm_exc_overflow:
	pushq	$-1
	call	error_entry
	movq	%rsp, %rdi
	movq	$-1, %rsi
	call	exc_overflow
	jmp	error_return

	.globl	asm_exc_bounds
asm_exc_bounds:
	pushq	$-1
	call	error_entry
	movq	%rsp, %rdi
	movq	$-1, %rsi
	call	exc_bounds
	jmp	error_return

	.globl	asm_exc_segment_not_present
asm_exc_segment_not_present:
	call	error_entry
	movq	%rsp, %rdi
	movq	ORIG_RAX(%rsp), %rsi	# the error code
	movq	$-1, ORIG_RAX(%rsp)
	call	exc_segment_not_present
	jmp	error_return

	.globl	asm_exc_stack_segment
asm_exc_stack_segment:
	call	error_entry
	movq	%rsp, %rdi
	movq	ORIG_RAX(%rsp), %rsi	# the error code
	movq	$-1, ORIG_RAX(%rsp)
	call	exc_stack_segment
	jmp	error_return

	.globl	asm_exc_coprocessor_error
asm_exc_coprocessor_error:
	pushq	$-1
	call	error_entry
	movq	%rsp, %rdi
	movq	$-1, %rsi
	call	exc_coprocessor_error
	jmp	error_return

	.globl	asm_exc_alignment_check
asm_exc_alignment_check:
	call	error_entry
	movq	%rsp, %rdi
	movq	ORIG_RAX(%rsp), %rsi	# the error code
	movq	$-1, ORIG_RAX(%rsp)
	call	exc_alignment_check
	jmp	error_return

	.globl	asm_exc_simd_coprocessor_error
asm_exc_simd_coprocessor_error:
	pushq	$-1
	call	error_entry
	movq	%rsp, %rdi
	movq	$-1, %rsi
	call	exc_simd_coprocessor_error
	jmp	error_return

# The local APIC timer (LOCAL_TIMER_VECTOR 0xec): the tick that updates [vvar].
	.globl	asm_sysvec_apic_timer_interrupt
asm_sysvec_apic_timer_interrupt:
	pushq	$-1
	call	error_entry
	movq	%rsp, %rdi
	call	sysvec_apic_timer_interrupt
	jmp	error_return
