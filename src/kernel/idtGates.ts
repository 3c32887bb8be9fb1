// The IDT as Linux's arch/x86/kernel/idt.c fills it (def_idts, early_idts, the IST traps,
// apic_idts and the int80 vector), for a distro-like configuration: SMP, local APIC, MCE with
// the AMD threshold/deferred-error vectors, thermal, IRQ work, KVM posted interrupts; on x86_64
// also CONFIG_X86_CET (#CP), CONFIG_AMD_MEM_ENCRYPT (#VC) and CONFIG_INTEL_TDX_GUEST (#VE).
// Vector numbers: asm/trapnr.h and asm/irq_vectors.h; IST indexes: asm/page_64_types.h.

/** idt.c's gate macros: INTG (DPL 0), SYSG (DPL 3), ISTG (DPL 0 on an IST stack), TSKG (task gate). */
export type GateMacro = 'INTG' | 'SYSG' | 'ISTG' | 'TSKG';

export interface LinuxGate {
  vector: number;
  /** The entry symbol the gate points at (a task gate: the TSS it switches to). */
  entry: string;
  /** Bytes past `entry` (the stubs of irq_entries_start / spurious_entries_start). */
  offset?: number;
  macro: GateMacro;
  /** The descriptor's IST field: tss.ist[] index + 1 (ISTG), else 0. */
  ist: number;
  dpl: 0 | 3;
}

/** asm/page_64_types.h: indexes into tss.ist[]; the gate's IST field is index + 1. */
export const IST_INDEX = { DF: 0, NMI: 1, DB: 2, MCE: 3, VC: 4 } as const;
/** The exception stacks of cpu_entry_area, in its order (ESTACKS_MEMBERS), each EXCEPTION_STKSZ. */
export const EXCEPTION_STACKS = ['DF', 'NMI', 'DB', 'MCE', 'VC'] as const;
/** EXCEPTION_STKSZ: PAGE_SIZE << EXCEPTION_STACK_ORDER (1, without KASAN). */
export const EXCEPTION_STKSZ = 0x2000;
/** i386: GDT_ENTRY_DOUBLEFAULT_TSS (asm/segment.h), the TSS the #DF task gate switches to. */
export const GDT_ENTRY_DOUBLEFAULT_TSS = 31;

/** irq_vectors.h: device interrupts start at 0x20; the system vectors at LOCAL_TIMER_VECTOR. IDT_ALIGN: the stubs' spacing. */
export const FIRST_EXTERNAL_VECTOR = 0x20;
export const FIRST_SYSTEM_VECTOR = 0xec;
export const IDT_ALIGN = 8;

/** The system vectors of apic_idts (irq_vectors.h numbers) and their entry points. */
export const SYSTEM_VECTORS: readonly (readonly [vector: number, name: string])[] = [
  [0xfd, 'reschedule_ipi'],
  [0xfc, 'call_function'],
  [0xfb, 'call_function_single'],
  [0xf8, 'reboot'],
  [0xfa, 'thermal'],
  [0xf9, 'threshold'],
  [0xf4, 'deferred_error'],
  [0xec, 'apic_timer_interrupt'],
  [0xf7, 'x86_platform_ipi'],
  [0xf2, 'kvm_posted_intr_ipi'],
  [0xf1, 'kvm_posted_intr_wakeup_ipi'],
  [0xf0, 'kvm_posted_intr_nested_ipi'],
  [0xf6, 'irq_work'],
  [0xff, 'spurious_apic_interrupt'],
  [0xfe, 'error_interrupt'],
];

/** The exception handlers trapdoor adds beyond the ones that turn into signals: each a C function (native). */
export const UNEXPECTED_EXCEPTIONS = [
  'exc_nmi', 'exc_device_not_available', 'exc_double_fault', 'exc_coproc_segment_overrun', 'exc_invalid_tss',
  'exc_spurious_interrupt_bug', 'exc_machine_check', 'exc_virtualization_exception', 'exc_control_protection',
  'exc_vmm_communication',
] as const;

/** The C functions of the system vectors other than the timer, and of the device/spurious stubs (nothing in trapdoor raises them). */
export const OTHER_SYSVEC_HANDLERS = [
  'sysvec_reschedule_ipi', 'sysvec_call_function', 'sysvec_call_function_single', 'sysvec_reboot', 'sysvec_thermal',
  'sysvec_threshold', 'sysvec_deferred_error', 'sysvec_x86_platform_ipi', 'sysvec_kvm_posted_intr_ipi',
  'sysvec_kvm_posted_intr_wakeup_ipi', 'sysvec_kvm_posted_intr_nested_ipi', 'sysvec_irq_work',
  'sysvec_spurious_apic_interrupt', 'sysvec_error_interrupt', 'common_interrupt', 'spurious_interrupt',
] as const;

const intg = (vector: number, entry: string): LinuxGate => ({ vector, entry, macro: 'INTG', ist: 0, dpl: 0 });
const sysg = (vector: number, entry: string): LinuxGate => ({ vector, entry, macro: 'SYSG', ist: 0, dpl: 3 });

/**
 * Every gate Linux installs, in vector order. `int80` names vector 0x80's entry: asm_int80_emulation
 * (x86_64 since 6.7), entry_INT80_compat (x86_64 up to 6.6) or entry_INT80_32 (i386).
 * On i386 ISTG is INTG (no IST) and #DF is a task gate to the double-fault TSS.
 */
export function linuxIdt(bits: 32 | 64, int80: string): LinuxGate[] {
  const long = bits === 64;
  const istg = (vector: number, entry: string, index: number): LinuxGate =>
    long ? { vector, entry, macro: 'ISTG', ist: index + 1, dpl: 0 } : intg(vector, entry);
  const gates: LinuxGate[] = [
    intg(0, 'asm_exc_divide_error'),
    istg(1, 'asm_exc_debug', IST_INDEX.DB),
    istg(2, 'asm_exc_nmi', IST_INDEX.NMI),
    sysg(3, 'asm_exc_int3'),
    sysg(4, 'asm_exc_overflow'),
    intg(5, 'asm_exc_bounds'),
    intg(6, 'asm_exc_invalid_op'),
    intg(7, 'asm_exc_device_not_available'),
    long ? istg(8, 'asm_exc_double_fault', IST_INDEX.DF) : { vector: 8, entry: 'doublefault_tss', macro: 'TSKG', ist: 0, dpl: 0 },
    intg(9, 'asm_exc_coproc_segment_overrun'),
    intg(10, 'asm_exc_invalid_tss'),
    intg(11, 'asm_exc_segment_not_present'),
    intg(12, 'asm_exc_stack_segment'),
    intg(13, 'asm_exc_general_protection'),
    intg(14, 'asm_exc_page_fault'),
    intg(15, 'asm_exc_spurious_interrupt_bug'),
    intg(16, 'asm_exc_coprocessor_error'),
    intg(17, 'asm_exc_alignment_check'),
    istg(18, 'asm_exc_machine_check', IST_INDEX.MCE),
    intg(19, 'asm_exc_simd_coprocessor_error'),
  ];
  if (long) gates.push(intg(20, 'asm_exc_virtualization_exception'), intg(21, 'asm_exc_control_protection'), istg(29, 'asm_exc_vmm_communication', IST_INDEX.VC));
  gates.push(sysg(0x80, int80));
  for (const [vector, name] of SYSTEM_VECTORS) gates.push(intg(vector, `asm_sysvec_${name}`));
  // idt_setup_apic_and_irq_gates: every other vector from FIRST_EXTERNAL_VECTOR gets a stub
  const taken = new Set(gates.map((g) => g.vector));
  for (let v = FIRST_EXTERNAL_VECTOR; v < 256; v++) {
    if (taken.has(v)) continue;
    const device = v < FIRST_SYSTEM_VECTOR;
    gates.push({ ...intg(v, device ? 'irq_entries_start' : 'spurious_entries_start'), offset: IDT_ALIGN * (v - (device ? FIRST_EXTERNAL_VECTOR : FIRST_SYSTEM_VECTOR)) });
  }
  return gates.sort((a, b) => a.vector - b.vector);
}

/** The name of the IST stack a gate's IST field selects (for `info idt`). */
export function istStackName(ist: number): string | undefined {
  return ist > 0 ? EXCEPTION_STACKS[ist - 1] : undefined;
}

/** The natives behind the vectors above: one handler, told which C function it stands for. */
export function unexpectedExceptionHandlers(run: (name: string) => void): Record<(typeof UNEXPECTED_EXCEPTIONS)[number] | (typeof OTHER_SYSVEC_HANDLERS)[number], () => void> {
  const names = [...UNEXPECTED_EXCEPTIONS, ...OTHER_SYSVEC_HANDLERS];
  return Object.fromEntries(names.map((n) => [n, () => run(n)])) as Record<(typeof names)[number], () => void>;
}
