# idtentry.S — the IDT entries of both kernels, as arch/x86/include/asm/idtentry.h declares them:
# each line expands the `idtentry vector asmsym cfunc has_error_code` macro of the including file
# (entry_64.S or entry_32.S). Vector numbers from asm/trapnr.h and asm/irq_vectors.h.
	X86_TRAP_DE = 0
	X86_TRAP_DB = 1
	X86_TRAP_NMI = 2
	X86_TRAP_BP = 3
	X86_TRAP_OF = 4
	X86_TRAP_BR = 5
	X86_TRAP_UD = 6
	X86_TRAP_NM = 7
	X86_TRAP_DF = 8
	X86_TRAP_OLD_MF = 9
	X86_TRAP_TS = 10
	X86_TRAP_NP = 11
	X86_TRAP_SS = 12
	X86_TRAP_GP = 13
	X86_TRAP_PF = 14
	X86_TRAP_SPURIOUS = 15
	X86_TRAP_MF = 16
	X86_TRAP_AC = 17
	X86_TRAP_MC = 18
	X86_TRAP_XF = 19
	X86_TRAP_VE = 20
	X86_TRAP_CP = 21
	X86_TRAP_VC = 29
	LOCAL_TIMER_VECTOR = 0xec
	SPURIOUS_APIC_VECTOR = 0xff
	ERROR_APIC_VECTOR = 0xfe
	RESCHEDULE_VECTOR = 0xfd
	CALL_FUNCTION_VECTOR = 0xfc
	CALL_FUNCTION_SINGLE_VECTOR = 0xfb
	THERMAL_APIC_VECTOR = 0xfa
	THRESHOLD_APIC_VECTOR = 0xf9
	REBOOT_VECTOR = 0xf8
	X86_PLATFORM_IPI_VECTOR = 0xf7
	IRQ_WORK_VECTOR = 0xf6
	DEFERRED_ERROR_VECTOR = 0xf4
	POSTED_INTR_VECTOR = 0xf2
	POSTED_INTR_WAKEUP_VECTOR = 0xf1
	POSTED_INTR_NESTED_VECTOR = 0xf0

	idtentry X86_TRAP_DE asm_exc_divide_error exc_divide_error has_error_code=0
	idtentry X86_TRAP_BP asm_exc_int3 exc_int3 has_error_code=0
	idtentry X86_TRAP_UD asm_exc_invalid_op exc_invalid_op has_error_code=0
	idtentry X86_TRAP_GP asm_exc_general_protection exc_general_protection has_error_code=1
	idtentry X86_TRAP_PF asm_exc_page_fault exc_page_fault has_error_code=1
# More exceptions that user code can raise (single-step, INTO, BOUND, segment faults, x87 and
# SIMD floating point, alignment check).
	idtentry X86_TRAP_DB asm_exc_debug exc_debug has_error_code=0
	idtentry X86_TRAP_OF asm_exc_overflow exc_overflow has_error_code=0
	idtentry X86_TRAP_BR asm_exc_bounds exc_bounds has_error_code=0
	idtentry X86_TRAP_NP asm_exc_segment_not_present exc_segment_not_present has_error_code=1
	idtentry X86_TRAP_SS asm_exc_stack_segment exc_stack_segment has_error_code=1
	idtentry X86_TRAP_MF asm_exc_coprocessor_error exc_coprocessor_error has_error_code=0
	idtentry X86_TRAP_AC asm_exc_alignment_check exc_alignment_check has_error_code=1
	idtentry X86_TRAP_XF asm_exc_simd_coprocessor_error exc_simd_coprocessor_error has_error_code=0
# The rest of the 32 exceptions idt.c installs: nothing a user program does raises them here (NMI and
# #MC come from the platform, #NM needs CR0.TS, #TS a broken TSS), so their C functions report a
# kernel panic. On i386 #DF is a task gate: the double-fault TSS's EIP is asm_exc_double_fault.
	idtentry X86_TRAP_NMI asm_exc_nmi exc_nmi has_error_code=0
	idtentry X86_TRAP_NM asm_exc_device_not_available exc_device_not_available has_error_code=0
	idtentry X86_TRAP_OLD_MF asm_exc_coproc_segment_overrun exc_coproc_segment_overrun has_error_code=0
	idtentry X86_TRAP_TS asm_exc_invalid_tss exc_invalid_tss has_error_code=1
	idtentry X86_TRAP_SPURIOUS asm_exc_spurious_interrupt_bug exc_spurious_interrupt_bug has_error_code=0
	idtentry X86_TRAP_MC asm_exc_machine_check exc_machine_check has_error_code=0
	idtentry X86_TRAP_DF asm_exc_double_fault exc_double_fault has_error_code=1
	.ifdef CONFIG_X86_64
	idtentry X86_TRAP_VE asm_exc_virtualization_exception exc_virtualization_exception has_error_code=0
	idtentry X86_TRAP_CP asm_exc_control_protection exc_control_protection has_error_code=1
	idtentry X86_TRAP_VC asm_exc_vmm_communication exc_vmm_communication has_error_code=1
	.endif
# The system vectors (apic_idts, idtentry_sysvec): the local APIC timer is the tick that updates
# [vvar]; the IPIs and the others have nothing to do on a single simulated CPU.
	idtentry LOCAL_TIMER_VECTOR asm_sysvec_apic_timer_interrupt sysvec_apic_timer_interrupt has_error_code=0
	idtentry RESCHEDULE_VECTOR asm_sysvec_reschedule_ipi sysvec_reschedule_ipi has_error_code=0
	idtentry CALL_FUNCTION_VECTOR asm_sysvec_call_function sysvec_call_function has_error_code=0
	idtentry CALL_FUNCTION_SINGLE_VECTOR asm_sysvec_call_function_single sysvec_call_function_single has_error_code=0
	idtentry REBOOT_VECTOR asm_sysvec_reboot sysvec_reboot has_error_code=0
	idtentry THERMAL_APIC_VECTOR asm_sysvec_thermal sysvec_thermal has_error_code=0
	idtentry THRESHOLD_APIC_VECTOR asm_sysvec_threshold sysvec_threshold has_error_code=0
	idtentry DEFERRED_ERROR_VECTOR asm_sysvec_deferred_error sysvec_deferred_error has_error_code=0
	idtentry X86_PLATFORM_IPI_VECTOR asm_sysvec_x86_platform_ipi sysvec_x86_platform_ipi has_error_code=0
	idtentry POSTED_INTR_VECTOR asm_sysvec_kvm_posted_intr_ipi sysvec_kvm_posted_intr_ipi has_error_code=0
	idtentry POSTED_INTR_WAKEUP_VECTOR asm_sysvec_kvm_posted_intr_wakeup_ipi sysvec_kvm_posted_intr_wakeup_ipi has_error_code=0
	idtentry POSTED_INTR_NESTED_VECTOR asm_sysvec_kvm_posted_intr_nested_ipi sysvec_kvm_posted_intr_nested_ipi has_error_code=0
	idtentry IRQ_WORK_VECTOR asm_sysvec_irq_work sysvec_irq_work has_error_code=0
	idtentry SPURIOUS_APIC_VECTOR asm_sysvec_spurious_apic_interrupt sysvec_spurious_apic_interrupt has_error_code=0
	idtentry ERROR_APIC_VECTOR asm_sysvec_error_interrupt sysvec_error_interrupt has_error_code=0
# Device interrupts and the unassigned system vectors (idt_setup_apic_and_irq_gates): a stub per
# vector, IDT_ALIGN (8) bytes apart, pushing the vector as a signed byte where the CPU would push an
# error code, into common_interrupt or spurious_interrupt. Nothing here raises them: the natives ack
# and return.
	FIRST_EXTERNAL_VECTOR = 0x20
	FIRST_SYSTEM_VECTOR = 0xec		# LOCAL_TIMER_VECTOR
	X86_TRAP_OTHER = 0xffff
	IDT_ALIGN = 8
	idtentry X86_TRAP_OTHER asm_common_interrupt common_interrupt has_error_code=1
	idtentry X86_TRAP_OTHER asm_spurious_interrupt spurious_interrupt has_error_code=1

	.balign	IDT_ALIGN, 0xcc
	.globl	irq_entries_start
irq_entries_start:
	vector = FIRST_EXTERNAL_VECTOR
	.rept	FIRST_SYSTEM_VECTOR - FIRST_EXTERNAL_VECTOR
	.byte	0x6a, vector		# push $vector (sign-extended byte)
	jmp	asm_common_interrupt
	.balign	IDT_ALIGN, 0xcc		# each stub IDT_ALIGN bytes
	vector = vector + 1
	.endr

	.balign	IDT_ALIGN, 0xcc
	.globl	spurious_entries_start
spurious_entries_start:
	vector = FIRST_SYSTEM_VECTOR
	.rept	256 - FIRST_SYSTEM_VECTOR
	.byte	0x6a, vector
	jmp	asm_spurious_interrupt
	.balign	IDT_ALIGN, 0xcc
	vector = vector + 1
	.endr
