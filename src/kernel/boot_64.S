# boot_64.S — what the x86_64 kernel does on its way to the first user instruction:
# syscall_init (arch/x86/kernel/cpu/common.c) programs the entry MSRs with WRMSR, then the
# first process leaves through the ordinary IRET exit with the pt_regs frame exec built.
	.code64

	MSR_EFER = 0xc0000080
	MSR_STAR = 0xc0000081
	MSR_LSTAR = 0xc0000082
	MSR_CSTAR = 0xc0000083
	MSR_SYSCALL_MASK = 0xc0000084
	MSR_GS_BASE = 0xc0000101
	MSR_KERNEL_GS_BASE = 0xc0000102
	MSR_IA32_SYSENTER_CS = 0x174
	MSR_IA32_SYSENTER_ESP = 0x175
	MSR_IA32_SYSENTER_EIP = 0x176
	EFER_SCE = 1
	__KERNEL_CS = 0x10
	__USER32_CS = 0x23
	# FMASK: CF PF AF ZF SF TF IF DF OF IOPL NT RF AC ID are cleared on SYSCALL
	SYSCALL_MASK = 0x1|0x4|0x10|0x40|0x80|0x100|0x200|0x400|0x800|0x3000|0x4000|0x10000|0x40000|0x200000

	.text
	.globl	start_kernel
start_kernel:
	call	syscall_init
	jmp	swapgs_restore_regs_and_return_to_usermode

	.globl	syscall_init
syscall_init:
	movl	$MSR_STAR, %ecx		# STAR[63:48] user base (SYSRET), STAR[47:32] kernel CS (SYSCALL)
	xorl	%eax, %eax
	movl	$(__USER32_CS << 16) | __KERNEL_CS, %edx
	wrmsr
	movl	$MSR_LSTAR, %ecx	# 64-bit SYSCALL lands in entry_SYSCALL_64
	movq	$entry_SYSCALL_64, %rax
	movq	%rax, %rdx
	shrq	$32, %rdx
	wrmsr
	movl	$MSR_CSTAR, %ecx	# compat-mode SYSCALL (AMD) lands in entry_SYSCALL_compat
	movq	$entry_SYSCALL_compat, %rax
	movq	%rax, %rdx
	shrq	$32, %rdx
	wrmsr
	movl	$MSR_IA32_SYSENTER_CS, %ecx	# compat-mode SYSENTER (Intel)
	movl	$__KERNEL_CS, %eax
	xorl	%edx, %edx
	wrmsr
	movl	$MSR_IA32_SYSENTER_ESP, %ecx
	movq	$cpu_entry_stack_top, %rax
	movq	%rax, %rdx
	shrq	$32, %rdx
	wrmsr
	movl	$MSR_IA32_SYSENTER_EIP, %ecx
	movq	$entry_SYSENTER_compat, %rax
	movq	%rax, %rdx
	shrq	$32, %rdx
	wrmsr
	movl	$MSR_SYSCALL_MASK, %ecx
	movl	$SYSCALL_MASK, %eax
	xorl	%edx, %edx
	wrmsr
	movl	$MSR_GS_BASE, %ecx	# the kernel's GS base: this CPU's per-cpu area
	movq	$percpu_base, %rax
	movq	%rax, %rdx
	shrq	$32, %rdx
	wrmsr
	movl	$MSR_KERNEL_GS_BASE, %ecx	# the user's GS base, swapped in on the way out
	xorl	%eax, %eax
	xorl	%edx, %edx
	wrmsr
	movl	$MSR_EFER, %ecx		# EFER.SCE: enable SYSCALL/SYSRET
	rdmsr
	orl	$EFER_SCE, %eax
	wrmsr
	ret
