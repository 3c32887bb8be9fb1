# idtentry.S — the IDT entries of both kernels, as arch/x86/include/asm/idtentry.h declares them:
# each line expands the `idtentry vector asmsym cfunc has_error_code` macro of the including file
# (entry_64.S or entry_32.S). Vector numbers from asm/trapnr.h and asm/irq_vectors.h.
	X86_TRAP_DE = 0
	X86_TRAP_DB = 1
	X86_TRAP_BP = 3
	X86_TRAP_OF = 4
	X86_TRAP_BR = 5
	X86_TRAP_UD = 6
	X86_TRAP_NP = 11
	X86_TRAP_SS = 12
	X86_TRAP_GP = 13
	X86_TRAP_PF = 14
	X86_TRAP_MF = 16
	X86_TRAP_AC = 17
	X86_TRAP_XF = 19
	LOCAL_TIMER_VECTOR = 0xec

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
# The local APIC timer: the tick that updates [vvar] (idtentry_sysvec).
	idtentry LOCAL_TIMER_VECTOR asm_sysvec_apic_timer_interrupt sysvec_apic_timer_interrupt has_error_code=0
