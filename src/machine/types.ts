// Public data types of the machine layer (plain data; no behaviour).

/** CPU vendor of a profile: decides CPUID's vendor string and AMD/Intel differences (SYSENTER in long mode). */
export type Vendor = 'intel' | 'amd';

/** Instruction cost classes of the cycle model; every executed instruction charges exactly one. */
export type CostClass =
  | 'alu' | 'load' | 'store' | 'branch' | 'callRet' | 'mul' | 'div' | 'string' | 'stringIter'
  | 'intGate' | 'iret' | 'syscall' | 'sysret' | 'sysenter' | 'sysexit' | 'swapgs'
  | 'rdmsr' | 'wrmsr' | 'rdtsc' | 'movCr3' | 'movCr' | 'segLoad' | 'cpuid' | 'fence' | 'flags'
  | 'exception' | 'vmExit' | 'halt'
  // SIMD and floating point: packed integer/logic/shuffle/move ops, integer multiplies, FP add/compare,
  // FP multiply, divide, square root, conversions, x87 basic ops, x87 transcendentals, FPU state
  // save/restore (fxsave, xsave, fnsave, fldenv, ldmxcsr), and the hardware random number generator.
  | 'simd' | 'simdMul' | 'fpAdd' | 'fpMul' | 'fpDiv' | 'fpSqrt' | 'fpCvt' | 'x87' | 'x87Trans'
  | 'fpState' | 'rdrand';

/**
 * CPU features as Linux names them in /proc/cpuinfo. A profile lists the ones its CPU has: CPUID
 * announces exactly these, and an instruction that needs a feature the profile lacks raises #UD
 * (or, as on hardware, decodes as its older meaning: lzcnt without abm is bsr, tzcnt without bmi1 bsf).
 */
export type Feature =
  | 'fpu' | 'vme' | 'de' | 'pse' | 'tsc' | 'msr' | 'pae' | 'cx8' | 'apic' | 'sep' | 'pge' | 'cmov' | 'pat'
  | 'clflush' | 'mmx' | 'fxsr' | 'sse' | 'sse2' | 'pni' | 'ssse3' | 'cx16' | 'sse4_1' | 'sse4_2' | 'movbe'
  | 'popcnt' | 'xsave' | 'rdrand' | 'hypervisor' | 'x2apic'
  | 'syscall' | 'nx' | 'mmxext' | 'rdtscp' | 'lm' | 'lahf_lm' | 'abm' | 'misalignsse'
  | 'fsgsbase' | 'bmi1' | 'erms' | 'rdseed' | 'clflushopt' | 'umip' | 'rdpid'
  | 'aes' | 'pclmulqdq' | 'sha_ni' | 'gfni' | 'sse4a' | '3dnowprefetch' | 'clwb';

/** A cache level as CPUID leaf 4 (Intel) and 0x8000001D (AMD) describe it: type 1 data, 2 instruction, 3 unified. */
export interface CacheLevel { level: number; type: 1 | 2 | 3; sizeKiB: number; ways: number; line: number; sharedBy: number; }

/** What CPUID says of a profile's CPU beyond its feature list (src/machine/system/cpuidLeaves.ts). */
export interface CpuModel {
  /** CPUID.1:EAX: stepping, model, family, extended model and family. */
  signature: number;
  /** The brand string of leaves 0x80000002-4 (up to 47 characters). */
  brand: string;
  physAddrBits: number;
  virtAddrBits: number;
  caches: readonly CacheLevel[];
}

/** A cycle-model profile (data only, see src/machine/profiles/*.ts). */
export interface CostProfile {
  name: string;
  description: string;
  vendor: Vendor;
  /** TSC frequency in MHz: converts modelled cycles to simulated time. */
  tscMHz: number;
  /** A guest under a hypervisor: certain MSR reads (x2APIC ISR 0x814) cost a VM exit. */
  virtualised: boolean;
  /** Page table isolation: the kernel's entry code switches CR3 (costs movCr3 each way). */
  pti: boolean;
  /** Kernel used for 32-bit programs unless --kernel overrides. */
  kernelFor32: 'i386' | 'x86_64';
  /** The CPU CPUID describes. */
  cpu: CpuModel;
  /** What the profile's CPU has (CPUID and the decoder both read this list). */
  features: readonly Feature[];
  /** Cycles per instruction class. */
  costs: Record<CostClass, number>;
  /** Cycles charged for a named native (TypeScript) kernel function, looked up by name. */
  nativeCosts: Record<string, number>;
  /** Cycles for a native function missing from nativeCosts. */
  nativeDefault: number;
  /** Reference figures (cycles per round trip) the profile should reproduce, where known. */
  reference?: Record<string, number>;
  /** The Linux version the profile's kernel is (`6.18`): decides, e.g., which INT 0x80 entry the x86_64 IDT names. */
  kernelVersion?: string;
  /** The entry-code mitigations Linux picks for this CPU under mitigations=auto (its bugs, src/kernel/kernelConfig.ts). */
  mitigations?: readonly KernelMitigation[];
}

/** The Spectre-era mitigations of Linux's entry code that trapdoor models (PTI also follows `pti`). */
export type KernelMitigation = 'pti' | 'ibrs' | 'retpoline' | 'untrain_ret' | 'clear_bhb' | 'verw';

/** Names of the general-purpose registers plus rip/rflags at the API boundary (64-bit names). */
export type RegName =
  | 'rax' | 'rcx' | 'rdx' | 'rbx' | 'rsp' | 'rbp' | 'rsi' | 'rdi'
  | 'r8' | 'r9' | 'r10' | 'r11' | 'r12' | 'r13' | 'r14' | 'r15' | 'rip' | 'rflags';

export type SegName = 'es' | 'cs' | 'ss' | 'ds' | 'fs' | 'gs';

/** A segment register with its hidden descriptor cache. */
export interface SegmentState {
  selector: number;
  base: bigint;
  limit: number;
  /** Descriptor type nibble (e.g. 0xb code exec/read accessed, 0x3 data r/w accessed). */
  type: number;
  /** S bit: 1 code/data, 0 system. */
  s: boolean;
  dpl: number;
  present: boolean;
  /** L bit (64-bit code segment). */
  long: boolean;
  /** D/B bit (32-bit default operand size). */
  big: boolean;
}

export interface TableRegister { base: bigint; limit: number; }

/** Page permissions of the host-side page map (a named simplification: guest page tables are not walked). */
export interface PagePerms {
  write: boolean;
  exec: boolean;
  user: boolean;
}

/** One run of consecutive pages with equal permissions (for /proc/self/maps style views). */
export interface MappingRun extends PagePerms { start: bigint; end: bigint; }

/** A failed guest-memory access performed on behalf of the kernel (copy_to_user -> -EFAULT). */
export interface MemFault {
  fault: true;
  address: bigint;
  /** #PF error code bits: P=1 W=2 U=4 I=16. */
  errorCode: number;
  reason: string;
}

/** 'far': a far JMP/CALL/RET loading CS (a switch between 32- and 64-bit code at one privilege). */
export type TransferCause = 'int' | 'iret' | 'syscall' | 'sysret' | 'sysenter' | 'sysexit' | 'exception' | 'interrupt' | 'far';

/** A control transfer through the privilege machinery (whether or not CPL/bitness changed). */
export interface ControlTransfer {
  cause: TransferCause;
  fromCpl: number;
  toCpl: number;
  fromBits: 16 | 32 | 64;
  toBits: 16 | 32 | 64;
  /** True when CPL or bitness changed. */
  modeSwitch: boolean;
  /** Vector for int/exception/interrupt. */
  vector?: number;
  errorCode?: number;
  fromRip: bigint;
  toRip: bigint;
  /** What the CPU did, e.g. `SYSCALL: RCX <- return RIP, R11 <- RFLAGS, CS <- 0x10, RIP <- LSTAR (0xffffffff81000000), stack not switched`. */
  description: string;
}

/** Info on the last exception raised in the guest (kept until the next one). */
export interface ExceptionInfo {
  vector: number;
  /** '#DE' '#UD' '#GP' '#PF' '#BP' '#DF' ... */
  name: string;
  errorCode?: number;
  cr2?: bigint;
  /** Address of the faulting instruction. */
  rip: bigint;
  /** Human reason, e.g. `not emulated: vaddps %xmm1,%xmm2,%xmm3` or `user access to supervisor page`. */
  reason: string;
  /** True when #UD came from an instruction the CPU does not emulate (not a real ud2). */
  notEmulated: boolean;
}

export type StopReason =
  | 'max-instructions' | 'max-cycles' | 'breakpoint' | 'mode-switch' | 'halted'
  | 'shutdown' | 'requested';

/** Result of one step(). */
export interface StepResult {
  /** Address of the instruction (or native function) that ran. */
  rip: bigint;
  kind: 'instruction' | 'native' | 'interrupt' | 'halt' | 'stopped';
  /** Name of the native function when kind === 'native'. */
  nativeName?: string;
  /** Cycles charged by this step. */
  cycles: number;
  /** Present when the step went through INT/IRET/SYSCALL/SYSRET/SYSENTER/SYSEXIT/an exception/an interrupt. */
  transfer?: ControlTransfer;
  /** Present when the machine stopped (shutdown, requested by a native function, halted with no timer). */
  stop?: StopReason;
  message?: string;
}

export interface RunLimits {
  maxInstructions?: number;
  maxCycles?: number;
  /** Addresses; checked before executing an instruction (not on the first instruction of the run). */
  breakpoints?: Set<bigint>;
  /** Stop right after a transfer that changes CPL or bitness. */
  stopOnModeSwitch?: boolean;
  /** Stop right after any control transfer (int/iret/syscall/... even without a CPL change). */
  stopOnTransfer?: boolean;
  /**
   * Called inside run() right after a transfer that changes CPL or bitness (when stopOnModeSwitch
   * is not set): returning true stops run() there with reason 'mode-switch', false runs on.
   */
  onModeSwitch?: (t: ControlTransfer) => boolean;
  /**
   * Called inside run() instead of stopping at a breakpoint: returns -1 to stop there (reason
   * 'breakpoint'), or how many instructions it executed itself (with step()) before run() goes on.
   * 0 means run() executes the instruction at RIP next without checking its breakpoint again.
   * It may change the breakpoints (and breakpointsVersion) before it returns.
   */
  onBreakpoint?: () => number;
  /**
   * With breakpoints: a number the caller changes whenever it changes the Set's contents. run()
   * then reuses its converted copy of that Set object while the number stays the same (one copy
   * per Set: a caller may swap between Sets, each with its own number).
   */
  breakpointsVersion?: number;
}

export interface RunResult {
  reason: StopReason;
  /** Instructions (and native calls) executed by this run. */
  instructions: number;
  transfer?: ControlTransfer;
  message?: string;
}

/** A host function bound to a guest address (kernel "C" functions). */
export type NativeFunction = (machine: import('./Machine.js').Machine) => void;

export interface TimerConfig {
  /** Period in cycles. */
  periodCycles: number;
  /** Vector raised (as an external interrupt) when IF=1. */
  vector: number;
}
