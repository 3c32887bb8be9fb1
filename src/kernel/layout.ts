// Where the simulated kernels put things: selectors (asm/segment.h), kernel virtual addresses,
// and the user-space layout of a process (deterministic, like Linux with ASLR off).

/** x86_64 kernel GDT selectors (arch/x86/include/asm/segment.h). */
export const SEL64 = {
  KERNEL32_CS: 0x08, KERNEL_CS: 0x10, KERNEL_DS: 0x18, USER32_CS: 0x23, USER_DS: 0x2b, USER_CS: 0x33,
  TSS: 0x40, TLS_MIN_ENTRY: 12, CPUNODE: 0x7b,
} as const;

/** i386 kernel GDT selectors (same header, 32-bit half). */
export const SEL32 = {
  KERNEL_CS: 0x60, KERNEL_DS: 0x68, USER_CS: 0x73, USER_DS: 0x7b, TSS: 0x80, KERNEL_PERCPU: 0xd8,
  TLS_MIN_ENTRY: 6,
} as const;

export interface KernelLayout {
  bits: 32 | 64;
  /** .text of the entry code (entry_64.S / entry_32.S and boot). */
  text: bigint;
  /** Addresses of native (TypeScript) kernel functions, 16 bytes apart. */
  natives: bigint;
  gdt: bigint;
  idt: bigint;
  /** Per-cpu area: GS base (x86_64) / __KERNEL_PERCPU base (i386); holds the TSS (PERCPU.tss). */
  percpu: bigint;
  /** Bottom of the task's kernel stack; top = stack + stackSize. */
  stack: bigint;
  stackSize: number;
  /** The CR3 value of the kernel's own page map (swapper_pg_dir). */
  kernelCr3: number;
  /** First kernel address: user pointers must be below it. */
  userLimit: bigint;
  /** x86_64: cpu_entry_area's exception (IST) stacks, each EXCEPTION_STKSZ above an unmapped guard page; 0 on i386 (no IST). */
  exceptionStacks: bigint;
}

export const LAYOUT64: KernelLayout = {
  bits: 64,
  text: 0xffffffff81000000n,
  natives: 0xffffffff81800000n,
  gdt: 0xffffffff82000000n,
  idt: 0xffffffff82001000n,
  percpu: 0xffffffff82100000n,
  stack: 0xffffc90000000000n,
  stackSize: 0x4000,
  kernelCr3: 0x1000,
  userLimit: 0x00007ffffffff000n,
  exceptionStacks: 0xfffffe0000010000n, // in the cpu_entry_area (CPU_ENTRY_AREA_BASE 0xfffffe0000000000)
};

export const LAYOUT32: KernelLayout = {
  bits: 32,
  text: 0xc1000000n,
  natives: 0xc1800000n,
  gdt: 0xc2000000n,
  idt: 0xc2001000n,
  percpu: 0xc2100000n,
  stack: 0xc3000000n,
  stackSize: 0x2000,
  kernelCr3: 0x1000,
  userLimit: 0xc0000000n,
  exceptionStacks: 0n,
};

/** Per-cpu offsets used by the entry code through %gs: (x86_64) or %fs: (i386). */
export const PERCPU = {
  /** x86_64: cpu_tss_rw at offset 0 (TSS.sp0 at 4, TSS.sp2 at 20 = the SYSCALL user-RSP scratch slot). */
  tss: 0x0,
  /** i386: the TSS sits right above the SYSENTER entry stack (0x1000-0x2000), as in cpu_entry_area. */
  tss32: 0x2000,
  /** Top of the entry stack SYSENTER switches to (SYSENTER_ESP). */
  entryStackTop: 0x2000,
  /** pcpu_hot.top_of_stack: the current task's kernel stack top. */
  topOfStack: 0x100,
  /** cpu_number. */
  cpuNumber: 0x108,
  /** i386: the double-fault TSS (doublefault_tss) the #DF task gate names. */
  doublefaultTss32: 0x2100,
} as const;

/**
 * User-space layout of a process (ASLR off, as `setarch -R` shows it on Linux 6.18). Where the
 * vDSO lands is not fixed: exec maps it top-down below mmap_base after the program and its
 * interpreter (arch_setup_additional_pages), so the LinuxKernel instance knows its address.
 */
export interface UserLayout {
  stackTop: bigint;
  stackSize: number;
  /** [vvar] (16 KiB, time data first) and [vvar_vclock] (8 KiB) together. */
  vvarSize: number;
  vdsoSize: number;
  /** mmap_base: TASK_SIZE minus the 128 MiB minimum gap below the stack; mappings grow down from it. */
  mmapBase: bigint;
  /** ELF_ET_DYN_BASE: where a PIE with an interpreter is loaded, and a static PIE's brk starts. */
  etDynBase: bigint;
}

export const USER64: UserLayout = {
  stackTop: 0x7ffffffff000n, stackSize: 0x21000, vvarSize: 0x6000, vdsoSize: 0x2000,
  mmapBase: 0x7ffff7fff000n,
  etDynBase: 0x555555554aaan, // DEFAULT_MAP_WINDOW / 3 * 2
};

/** i386 kernel (3G/1G split). */
export const USER32: UserLayout = {
  stackTop: 0xc0000000n, stackSize: 0x21000, vvarSize: 0x6000, vdsoSize: 0x2000,
  mmapBase: 0xb8000000n,
  etDynBase: 0x80000000n, // TASK_SIZE / 3 * 2
};

/** A 32-bit process on the x86_64 kernel (compat: the whole 4 GiB below TASK_SIZE_32). */
export const USER32_COMPAT: UserLayout = {
  stackTop: 0xfffdd000n + 0x21000n, stackSize: 0x21000, vvarSize: 0x6000, vdsoSize: 0x2000,
  mmapBase: 0xf7ffe000n,
  etDynBase: 0x56555000n, // COMPAT_ELF_ET_DYN_BASE: TASK_UNMAPPED_BASE + 16 MiB
};
