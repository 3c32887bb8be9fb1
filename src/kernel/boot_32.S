# boot_32.S — the i386 kernel's way to the first user instruction: enable_sep_cpu programs the
# SYSENTER MSRs with WRMSR, then the first process leaves through RESTORE_REGS + IRET with the
# pt_regs frame exec built.
	.code32

	MSR_IA32_SYSENTER_CS = 0x174
	MSR_IA32_SYSENTER_ESP = 0x175
	MSR_IA32_SYSENTER_EIP = 0x176
	__KERNEL_CS = 0x60

	.text
	.globl	start_kernel
start_kernel:
	call	enable_sep_cpu
	jmp	restore_all_switch_stack

	.globl	enable_sep_cpu
enable_sep_cpu:
	movl	$MSR_IA32_SYSENTER_CS, %ecx	# SYSENTER: CS = this, SS = this + 8
	movl	$__KERNEL_CS, %eax
	xorl	%edx, %edx
	wrmsr
	movl	$MSR_IA32_SYSENTER_ESP, %ecx	# the per-cpu entry stack
	movl	$cpu_entry_stack_top, %eax
	wrmsr
	movl	$MSR_IA32_SYSENTER_EIP, %ecx
	movl	$entry_SYSENTER_32, %eax
	wrmsr
	ret
