// The simulated Linux: boots a Machine into the x86_64 or i386 kernel (descriptor tables, entry
// code assembled from our .S files, syscall_init run as real WRMSR instructions), execs one
// static ELF program, and provides the kernel's C functions as natives bound to kernel addresses.
import {
  DEFAULT_PROFILE, Machine, MSR_EFER, MSR_FS_BASE, MSR_KERNEL_GS_BASE, MSR_TSC_AUX, EFER_LME, EFER_NXE, CR0_PE, CR0_PG, CR0_WP,
  CR4_PAE, FLAG_IF, FLAG_RF, FLAG_TF, FLAG_VM, type CostProfile, type RunLimits, type RunResult,
} from '../machine/index.js';
import { ElfError, readExecutable, type ElfFile } from '../elf/index.js';
import { instructionText } from '../x86/index.js';
import { segmentDescriptor } from './descriptors.js';
import { installKernelMemory, kernelRegions } from './kernelMemory.js';
import { bootMitigations, DEFAULT_KERNEL_VERSION, int80Entry64, mitigationPrelude, parseKernelVersion, type KernelMitigation, type KernelVersion, type MitigationsMode } from './kernelConfig.js';
import { OTHER_SYSVEC_HANDLERS, UNEXPECTED_EXCEPTIONS, unexpectedExceptionHandlers } from './idtGates.js';
import { ENOSYS, EFAULT, EPIPE } from './errno.js';
import {
  AT_CLKTCK, AT_EGID, AT_ENTRY, AT_EUID, AT_EXECFN, AT_FLAGS, AT_GID, AT_HWCAP, AT_PAGESZ, AT_PHDR, AT_PHENT, AT_PHNUM,
  AT_PLATFORM, AT_RANDOM, AT_SECURE, AT_SYSINFO, AT_SYSINFO_EHDR, AT_UID, AT_BASE, AT_HWCAP2, AT_MINSIGSTKSZ, AT_RSEQ_ALIGN,
  AT_RSEQ_FEATURE_SIZE, buildExecStack, type AuxValue,
} from './execStack.js';
import { FileTable, type StdStreams } from './files.js';
import { procAuxv, procCmdline, procStat, procStatus, type ProcessFacts } from './processImage.js';
import { SeededRandom } from './random.js';
import { SignalState, signalName, SIGPIPE as SIG_PIPE, SIGSEGV, type SigInfo } from './signal/signalState.js';
import { SignalDelivery, type SignalFrameRecord, sigframeSize } from './signal/delivery.js';
import type { FpConfig } from './signal/fpFrame.js';
import { defaultRlimits, RLIMIT_STACK } from './syscalls/process.js';
import { VirtualFs } from './virtualFs.js';
import { HostFs, type HostFsOptions } from './hostFs.js';
import { isRelocatable, loadSpan, mapElfImage, maxAlignment, readInterpreter, topDownBias, type Interpreter, type LoadedImage } from './elfLoader.js';
import { assembleKernelCode, type PlacedCode } from './kernelAssembler.js';
import { LAYOUT32, LAYOUT64, PERCPU, SEL32, SEL64, USER32, USER32_COMPAT, USER64, type KernelLayout, type UserLayout } from './layout.js';
import { DEFAULT_MEMORY_LIMIT, MemoryManager, pageDown, pageUp } from './memoryManager.js';
import { PT_GNU_STACK } from '../elf/elfConstants.js';
import { renderProcMaps } from './procMaps.js';
import { PtRegs } from './ptRegs.js';
import { fixupUmip } from './umip.js';
import {
  breakpointSignal, brokenPipeSignal, divideErrorSignal, generalProtectionSignal, invalidOpcodeSignal, killReport, pageFaultSignal,
  SIGKILL, whereText, type FatalSignal,
} from './signals.js';
import type { SyscallContext } from './syscalls/context.js';
import { dispatchSyscall, syscallByName, syscallByNumber, type Abi } from './syscallTable.js';
import { DEFAULT_HZ, Timekeeper } from './timekeeping.js';
import { buildVdso, type VdsoImage } from './vdsoImage.js';
import { VVAR_SEQ_OFFSETS, vvarImage } from './vvar.js';

export type KernelKind = 'i386' | 'x86_64';
/** How a syscall entered the kernel (DESIGN.md's methods, minus vdso/call). */
export type EntryMethod = 'int80' | 'sysenter' | 'syscall' | 'syscall32';

export interface TracedSyscall {
  abi: Abi;
  /** set_thread_area's argument struct before the call (for the trace). */
  before?: Uint8Array;
  nr: number;
  name: string;
  args: bigint[];
  /** null for exit/exit_group (they do not return). */
  ret: bigint | null;
  method: EntryMethod;
  /** Cycle counter when the handler ran. */
  cycles: number;
}

export interface BootOptions {
  elf: Uint8Array;
  /** Path shown as AT_EXECFN, argv[0] default and in /proc/self/maps. */
  execPath: string;
  argv?: string[];
  envp?: string[];
  profile?: CostProfile | string;
  /** The kernel for a 32-bit program (default: the profile's); 64-bit programs always get x86_64. */
  kernel?: KernelKind;
  streams: StdStreams;
  /** Timer interrupts per second (default 250); 0 disables the tick. */
  hz?: number;
  /** The guest's address-space limit in bytes (`--memory`; default 4 GiB): beyond it mmap/brk/stack growth fail. */
  memoryLimit?: bigint;
  /** Seed of getrandom, /dev/urandom and AT_RANDOM (default: a fixed one, so runs reproduce). */
  randomSeed?: bigint;
  /** CLOCK_REALTIME at boot, in ns (default: a fixed date, so runs are reproducible). */
  bootRealtimeNs?: bigint;
  onSyscall?: (ev: TracedSyscall) => void;
  /** A signal is delivered to a handler (strace's `--- SIGSEGV {...} ---` line). */
  onSignal?: (sig: { signo: number; name: string; code: string; addr: bigint | null }) => void;
  /** trapdoor's own notes (an unimplemented syscall, once per name); default: the guest's stderr stream. */
  onNote?: (line: string) => void;
  /** What of the host's files the guest sees (default: all of them, read-only). */
  hostFs?: HostFsOptions;
  /** The program file's device and inode, when it is a host file (shown in /proc/self/maps). */
  exeFile?: { dev: bigint; ino: bigint };
  /** The Linux version to be (`--kernel-version`; default: the profile's, else 6.18). */
  kernelVersion?: KernelVersion;
  /** `--mitigations`: off, or auto (what the profile's CPU needs; the default). */
  mitigations?: MitigationsMode;
}

export type RunOutcome =
  | { kind: 'exited'; status: number }
  | { kind: 'killed'; signal: FatalSignal; report: string }
  | { kind: 'limit'; instructions: number }
  | { kind: 'stopped'; result: RunResult };

/** 2026-01-01T00:00:00Z: the default boot time (deterministic runs). */
export const DEFAULT_BOOT_REALTIME_NS = 1767225600n * 1_000_000_000n;
const PROCESS_CR3 = 0x2000n;
const USER_CS64 = BigInt(SEL64.USER_CS);
const USER_DS64 = BigInt(SEL64.USER_DS);
const RF_TF = BigInt(FLAG_RF | FLAG_TF);
const LOCAL_TIMER_VECTOR = 0xec;
const PID = 4242;
const PPID = 4241;
/** The legacy vsyscall page of 64-bit processes (VSYSCALL_ADDR). */
const VSYSCALL_ADDR = 0xffffffffff600000n;
const UID = 1000;

const NATIVE_NAMES = [
  'do_syscall_64', 'do_int80_emulation', 'do_int80_syscall_32', 'do_fast_syscall_32', 'do_SYSENTER_32',
  'exc_divide_error', 'exc_int3', 'exc_invalid_op', 'exc_general_protection', 'exc_page_fault',
  'exc_debug', 'exc_overflow', 'exc_bounds', 'exc_segment_not_present', 'exc_stack_segment', 'exc_coprocessor_error', 'exc_alignment_check', 'exc_simd_coprocessor_error',
  'sysvec_apic_timer_interrupt', ...UNEXPECTED_EXCEPTIONS, ...OTHER_SYSVEC_HANDLERS,
] as const;
type NativeName = (typeof NATIVE_NAMES)[number];

const kernelCodeCache = new Map<string, Promise<PlacedCode>>();

function kernelFiles(kind: KernelKind): string[] {
  return kind === 'x86_64' ? ['boot_64.S', 'entry_64.S', 'entry_64_compat.S'] : ['boot_32.S', 'entry_32.S'];
}

function nativeAddress(layout: KernelLayout, name: NativeName): bigint {
  return layout.natives + BigInt(NATIVE_NAMES.indexOf(name) * 16);
}

/** Assemble (once per kernel kind and mitigation set) the kernel's entry code at its fixed address. */
export function kernelCode(kind: KernelKind, mitigations: readonly KernelMitigation[] = []): Promise<PlacedCode> {
  const cacheKey = `${kind}:${mitigations.join(',')}`;
  let p = kernelCodeCache.get(cacheKey);
  if (!p) {
    const layout = kind === 'x86_64' ? LAYOUT64 : LAYOUT32;
    const externs: Record<string, bigint> = {
      percpu_base: layout.percpu,
      cpu_entry_stack_top: layout.percpu + BigInt(PERCPU.entryStackTop),
    };
    for (const n of NATIVE_NAMES) externs[n] = nativeAddress(layout, n);
    p = assembleKernelCode({ files: kernelFiles(kind), bits: kind === 'x86_64' ? 64 : 32, base: layout.text, externs, prelude: mitigationPrelude(mitigations) });
    kernelCodeCache.set(cacheKey, p);
    p.catch(() => kernelCodeCache.delete(cacheKey));
  }
  return p;
}

export class LinuxKernel {
  readonly machine: Machine;
  readonly kind: KernelKind;
  readonly layout: KernelLayout;
  readonly user: UserLayout;
  /** Bitness of the user program. */
  readonly processBits: 32 | 64;
  readonly elf: ElfFile;
  readonly mm: MemoryManager;
  readonly files: FileTable;
  readonly signals = new SignalState();
  readonly random: SeededRandom;
  readonly rlimits: Map<number, [bigint, bigint]>;
  readonly argv: string[];
  readonly tk: Timekeeper;
  /** Kernel and vDSO symbols (vDSO ones at their mapped addresses). */
  readonly symbols = new Map<string, bigint>();
  readonly vdsoBase: bigint;
  /** Where [vvar] starts (the vDSO's data pages, right below it). */
  readonly vvarBase: bigint;
  /** The program as exec placed it (bias 0 for ET_EXEC). */
  readonly image: LoadedImage;
  /** The ELF interpreter (ld.so) a dynamically linked program named, where it was loaded; null for a static program. */
  readonly interpreter: (LoadedImage & { path: string; elf: ElfFile }) | null;
  readonly vdso: VdsoImage;
  readonly kernelCode: PlacedCode;
  readonly entry: bigint;
  readonly initialSp: bigint;
  /** Where envp starts on the initial stack (execve's third argument, as strace shows it). */
  readonly envpAddress: bigint;
  readonly auxv: [number, bigint][];
  /** The Linux version this kernel is, and the entry-code mitigations it runs. */
  readonly version: KernelVersion;
  readonly mitigations: readonly KernelMitigation[];
  exitStatus: number | null = null;
  fatal: FatalSignal | null = null;
  /** Instructions (and native calls) run by run() so far. */
  instructionsExecuted = 0;
  jiffies = 0;
  private vvarSeq = 0;
  private readonly sysCosts = new Map<string, number>();
  private tidAddress = 0n;
  private readonly onSyscall?: (ev: TracedSyscall) => void;
  private readonly onSignal?: BootOptions['onSignal'];
  private delivery!: SignalDelivery;
  /** The pt_regs of the syscall being run (rt_sigreturn restores into it). */
  private currentRegs = 0n;
  private readonly ignoredSeen: SigInfo[] = [];
  private readonly note: (line: string) => void;
  private readonly notedSyscalls = new Set<string>();
  private readonly ctx: SyscallContext;

  /** Boot a machine and exec `opts.elf` in it; throws ElfError for a file that cannot run. */
  static async boot(opts: BootOptions): Promise<LinuxKernel> {
    const elf = readExecutable(opts.elf);
    // An i386 kernel has no long mode to run a 64-bit process in: say so rather than pick another kernel.
    if (elf.bits === 64 && opts.kernel === 'i386') throw new ElfError('a 64-bit program cannot run on the i386 kernel (it runs 32-bit programs only): use --kernel x86_64');
    const machine = new Machine(opts.profile ?? DEFAULT_PROFILE);
    const kind: KernelKind = elf.bits === 64 ? 'x86_64' : (opts.kernel ?? machine.profile.kernelFor32);
    const code = await kernelCode(kind, bootMitigations(kind, machine.profile, opts.mitigations));
    const flavor = kind === 'x86_64' && machine.profile.vendor === 'amd' ? 'syscall' : 'sysenter';
    const vdso = await buildVdso(elf.bits, flavor);
    // do_fast_syscall_32 returns to vdso_image_32's landing pad even in a 64-bit process (one that
    // runs SYSENTER on Intel or SYSCALL in compat mode): the offset comes from the 32-bit image.
    const landingPad32 = (elf.bits === 32 ? vdso : await buildVdso(32, flavor)).symbols.get('int80_landing_pad')!;
    const interp = elf.interp !== null ? readInterpreter(new HostFs(opts.hostFs), elf) : null;
    return new LinuxKernel(machine, elf, kind, code, vdso, landingPad32, opts, interp);
  }

  private constructor(m: Machine, elf: ElfFile, kind: KernelKind, code: PlacedCode, vdso: VdsoImage, private readonly landingPad32: bigint, opts: BootOptions, interp: Interpreter | null) {
    this.machine = m;
    this.elf = elf;
    this.kind = kind;
    this.kernelCode = code;
    this.vdso = vdso;
    this.processBits = elf.bits;
    this.layout = kind === 'x86_64' ? LAYOUT64 : LAYOUT32;
    this.user = elf.bits === 64 ? USER64 : kind === 'x86_64' ? USER32_COMPAT : USER32;
    this.onSyscall = opts.onSyscall;
    this.onSignal = opts.onSignal;
    this.note = opts.onNote ?? ((line) => opts.streams.writeStderr(new TextEncoder().encode(line + '\n')));
    this.tk = new Timekeeper(m.profile.tscMHz * 1e6, opts.bootRealtimeNs ?? DEFAULT_BOOT_REALTIME_NS);
    this.version = opts.kernelVersion ?? parseKernelVersion(m.profile.kernelVersion ?? '') ?? DEFAULT_KERNEL_VERSION;
    this.mitigations = bootMitigations(kind, m.profile, opts.mitigations);
    const userLimit = this.processBits === 32 && kind === 'x86_64' ? 0xffffe000n : this.layout.userLimit;

    this.setUpKernelMemory();
    m.createAddressSpace(PROCESS_CR3);
    // KPTI: the user half of the process's CR3 pair (one page map here: a named simplification)
    if (this.mitigations.includes('pti')) m.aliasAddressSpace(PROCESS_CR3 | 0x1000n, PROCESS_CR3);
    this.mm = new MemoryManager(m, PROCESS_CR3, this.user.mmapBase, userLimit, opts.memoryLimit ?? DEFAULT_MEMORY_LIMIT);
    // elf_read_implies_exec: a 32-bit program without PT_GNU_STACK gets READ_IMPLIES_EXEC (Linux 5.8+)
    const gnuStack = elf.programHeaders.find((p) => p.type === PT_GNU_STACK);
    this.mm.readImpliesExec = elf.bits === 32 && !gnuStack;
    this.execStack = this.mm.readImpliesExec || (gnuStack !== undefined && (gnuStack.flags & 1) !== 0);
    this.shareKernelMappings();
    this.enterKernelMode();

    // Addresses only: the sources' constants (__NR_*, CLOCK_*, offsets) name no place in memory.
    for (const [name, addr] of code.symbols) if (!code.constants.has(name)) this.symbols.set(name, addr);
    for (const n of NATIVE_NAMES) this.symbols.set(n, nativeAddress(this.layout, n));
    this.bindNatives();

    // exec: the program, the vDSO and vvar, the stack, the first pt_regs
    this.execName = opts.execPath;
    this.argv = opts.argv ?? [opts.execPath];
    this.random = new SeededRandom(opts.randomSeed);
    this.rlimits = defaultRlimits(this.mm.memoryLimit);
    this.mm.stackLimit = () => this.rlimits.get(RLIMIT_STACK)![0];
    const vfs = new VirtualFs({
      pid: PID, maps: () => this.procMaps(), exePath: absolutePath(opts.execPath), exeBytes: opts.elf, exeFile: opts.exeFile,
      auxv: () => procAuxv(this.auxv, this.processBits), cmdline: () => procCmdline(this.argv),
      status: () => procStatus(this.facts()), stat: () => procStat(this.facts(), (BigInt(m.cycles) * 100n) / BigInt(Math.round(this.tk.tscHz))),
    });
    this.files = new FileTable(opts.streams, vfs, (n) => this.random.bytes(n), new HostFs(opts.hostFs));
    const images = this.loadImages(opts, interp);
    this.image = images.main;
    this.interpreter = images.interp;
    this.vvarBase = this.placeVdso();
    this.vdsoBase = this.vvarBase + BigInt(this.user.vvarSize);
    this.mapVdso();
    for (const [name, off] of vdso.symbols) if (!name.startsWith('.') && !vdso.code.constants.has(name)) this.symbols.set(name, this.vdsoBase + off);
    this.entry = (this.interpreter ?? this.image).entry;
    const stack = this.buildStack(opts);
    this.initialSp = stack.sp;
    this.envpAddress = stack.sp + BigInt((this.processBits / 8) * (1 + stack.argvAddrs.length + 1));
    this.auxv = stack.auxv;
    this.writeInitialFrame();
    this.ctx = this.makeContext();
    this.delivery = new SignalDelivery({
      processBits: this.processBits, kernel64: kind === 'x86_64', signals: this.signals, fpu: m.fpu, fpConfig: () => this.fpConfig(),
      copyToUser: (a, b) => this.copyToUser(a, b), copyFromUser: (a, n) => this.copyFromUser(a, n),
      vdsoSymbol: (n) => {
        const off = this.vdso.symbols.get(n);
        return off === undefined ? undefined : this.vdsoBase + off;
      },
      selector: (seg) => m.getSeg(seg).selector,
      loadSelector: (seg, sel) => {
        try {
          m.loadSeg(seg, sel);
          return true;
        } catch {
          return false;
        }
      },
      userCs: BigInt(kind === 'x86_64' ? (this.processBits === 64 ? SEL64.USER_CS : SEL64.USER32_CS) : SEL32.USER_CS),
      userDs: BigInt(kind === 'x86_64' ? SEL64.USER_DS : SEL32.USER_DS),
      onDelivered: (si) => this.onSignal?.({ signo: si.signo, name: signalName(si.signo), code: siCodeText(si), addr: si.addr ?? null }),
      kill: (si) => this.killBy(si),
    });
    // strace sees an ignored signal go by when the syscall that sent it returns
    this.signals.onIgnored = (si) => this.ignoredSeen.push(si);

    const hz = opts.hz ?? DEFAULT_HZ;
    if (hz > 0) m.setTimer({ periodCycles: Math.round((m.profile.tscMHz * 1e6) / hz), vector: LOCAL_TIMER_VECTOR });
  }

  // ---------------------------------------------------------------- boot
  private setUpKernelMemory(): void {
    installKernelMemory(this.machine, this.layout, this.kernelCode, this.kind === 'x86_64' ? int80Entry64(this.version) : 'entry_INT80_32', this.mitigations.includes('pti'));
  }

  private shareKernelMappings(): void {
    const m = this.machine;
    const L = this.layout;
    const kcr3 = BigInt(L.kernelCr3);
    m.mapShared(PROCESS_CR3, kcr3, L.text, this.kernelCode.bytes.length);
    for (const [a, n] of kernelRegions(L)) {
      m.mapShared(PROCESS_CR3, kcr3, a, n);
    }
  }

  /** The CPU state a boot loader and early setup leave: paging on, long/protected mode, ring 0. */
  private enterKernelMode(): void {
    const m = this.machine;
    const L = this.layout;
    const long = L.bits === 64;
    // fpu__init_cpu_generic/fpu__init_cpu_xstate: OSFXSR (bit 9) and OSXMMEXCPT (bit 10) enable SSE and its #XM;
    // with XSAVE, OSXSAVE (bit 18) and XCR0 = every user component the CPU has (x87|SSE here).
    const xsave = m.profile.features.includes('xsave');
    const cr4Fpu = (1 << 9) | (1 << 10) | (xsave ? CR4_OSXSAVE : 0);
    m.setCr(4, BigInt((long ? CR4_PAE : 0) | cr4Fpu | this.cr4Features()));
    if (xsave) {
      // fpu__init_system_xstate: the components CPUID leaf 0DH enumerates (all are user state here)
      const [lo, , , hi] = m.cpuid(0xd, 0);
      m.setXcr0((BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0));
    }
    if (long) m.writeMsr(MSR_EFER, BigInt(EFER_LME | EFER_NXE));
    m.setCr(3, PROCESS_CR3);
    // CR0_STATE (processor-flags.h): PE MP ET NE WP AM PG; NE makes x87 errors #MF, as Linux wants
    m.setCr(0, BigInt((CR0_PE | CR0_MP | CR0_ET | CR0_NE | CR0_WP | CR0_AM | CR0_PG) >>> 0));
    m.setGdtr({ base: L.gdt, limit: 32 * 8 - 1 });
    m.setIdtr({ base: L.idt, limit: 256 * (long ? 16 : 8) - 1 });
    if (long) {
      m.loadSeg('cs', SEL64.KERNEL_CS);
      m.loadSeg('ss', SEL64.KERNEL_DS);
      const userData = this.processBits === 32 ? SEL64.USER_DS : 0;
      // start_thread: a 64-bit process gets null ds/es, a compat one __USER_DS
      if (userData) {
        m.loadSeg('ds', userData);
        m.loadSeg('es', userData);
      } else {
        m.loadSeg('ds', 0);
        m.loadSeg('es', 0);
      }
      m.loadSeg('fs', 0);
      m.loadSeg('gs', 0);
      m.loadTr(SEL64.TSS);
    } else {
      m.loadSeg('cs', SEL32.KERNEL_CS);
      m.loadSeg('ss', SEL32.KERNEL_DS);
      m.loadSeg('ds', SEL32.USER_DS);
      m.loadSeg('es', SEL32.USER_DS);
      m.loadSeg('fs', SEL32.KERNEL_PERCPU);
      m.loadSeg('gs', 0);
      m.loadTr(SEL32.TSS);
    }
    m.writeMsr(MSR_TSC_AUX, 0n); // getcpu: cpu 0, node 0
    m.setFlags(0x2);
  }

  /** How the FPU state is saved in signal frames: XSAVE when CR4.OSXSAVE is on, of XCR0's components. */
  private fpConfig(): FpConfig {
    const m = this.machine;
    const xsave = (Number(m.getCr(4)) & CR4_OSXSAVE) !== 0;
    return { xsave, xfeatures: Number(m.getXcr0()), userSize: xsave ? m.cpuid(0xd, 0)[1] : 512 };
  }

  /** identify_cpu: setup_umip sets CR4.UMIP (bit 11) and, on x86_64, FSGSBASE (bit 16) where the CPU has them. */
  private cr4Features(): number {
    const f = this.machine.profile.features;
    return (f.includes('umip') ? CR4_UMIP : 0) | (this.kind === 'x86_64' && f.includes('fsgsbase') ? CR4_FSGSBASE : 0);
  }

  private bindNatives(): void {
    const m = this.machine;
    const fns: Record<NativeName, () => void> = {
      do_syscall_64: () => this.doSyscall64(),
      do_int80_emulation: () => this.doInt80Emulation(),
      do_int80_syscall_32: () => this.doInt80Syscall32(),
      do_fast_syscall_32: () => this.doFastSyscall32(this.regsArg(), 'syscall32'),
      do_SYSENTER_32: () => this.doSysenter32(),
      exc_divide_error: () => this.exception('de'),
      exc_int3: () => this.exception('bp'),
      exc_invalid_op: () => this.exception('ud'),
      exc_general_protection: () => this.exception('gp'),
      exc_page_fault: () => this.exception('pf'),
      exc_debug: () => this.exception('debug'),
      exc_overflow: () => this.exception('overflow'),
      exc_bounds: () => this.exception('bounds'),
      exc_segment_not_present: () => this.exception('segment_not_present'),
      exc_stack_segment: () => this.exception('stack_segment'),
      exc_coprocessor_error: () => this.exception('coprocessor_error'),
      exc_alignment_check: () => this.exception('alignment_check'),
      exc_simd_coprocessor_error: () => this.exception('simd_coprocessor_error'),
      sysvec_apic_timer_interrupt: () => this.timerTick(),
      ...unexpectedExceptionHandlers((name) => this.unexpectedException(name)),
    };
    for (const n of NATIVE_NAMES) m.bindNative(nativeAddress(this.layout, n), n, fns[n]);
  }

  // ---------------------------------------------------------------- exec
  /**
   * load_elf_binary's mappings: the program (ET_EXEC at its addresses; a PIE at ELF_ET_DYN_BASE;
   * a static PIE top-down like a loader), then its interpreter top-down, and where brk starts.
   */
  private loadImages(opts: BootOptions, interp: Interpreter | null): { main: LoadedImage; interp: (LoadedImage & { path: string; elf: ElfFile }) | null } {
    const write = (a: bigint, b: Uint8Array): void => this.machine.write(a, b, PROCESS_CR3);
    const elf = this.elf;
    let bias = 0n;
    if (isRelocatable(elf)) {
      if (interp) {
        // ELF_PAGESTART(ELF_ET_DYN_BASE - vaddr), aligned to the largest p_align as binfmt_elf does
        bias = pageDown(this.user.etDynBase - loadSpan(elf).first);
        const align = maxAlignment(elf);
        if (align > 0x1000n) bias &= ~(align - 1n);
      } else {
        bias = topDownBias(this.mm, elf);
      }
    }
    const ex = opts.exeFile;
    const file = { name: this.execName, ...(ex ? { inode: Number(ex.ino), major: Number((ex.dev >> 8n) & 0xfffn), minor: Number(ex.dev & 0xffn) } : {}) };
    const main = mapElfImage(this.mm, write, elf, bias, file);
    // a static PIE's heap goes where a PIE would have been, away from the mmap region
    this.mm.setBrkStart(isRelocatable(elf) && !interp ? pageUp(this.user.etDynBase) : main.end);
    if (!interp) return { main, interp: null };
    const ld = mapElfImage(this.mm, write, interp.elf, isRelocatable(interp.elf) ? topDownBias(this.mm, interp.elf) : 0n, interp.file);
    return { main, interp: { ...ld, path: interp.path, elf: interp.elf } };
  }

  /** arch_setup_additional_pages: [vvar] and [vdso] in the highest gap left below mmap_base. */
  private placeVdso(): bigint {
    const at = this.mm.unmappedArea(BigInt(this.user.vvarSize) + this.vdsoMapSize());
    if (at === null) throw new ElfError('no room in the address space for the vDSO');
    return at;
  }

  private execName = '';
  /** The stack is executable: PT_GNU_STACK says so, or READ_IMPLIES_EXEC. */
  private readonly execStack: boolean;

  /** The [vdso] mapping's size: the image, at least the two pages Linux's has. */
  private vdsoMapSize(): bigint {
    const size = pageUp(BigInt(this.vdso.image.length));
    return size < BigInt(this.user.vdsoSize) ? BigInt(this.user.vdsoSize) : size;
  }

  private mapVdso(): void {
    // Linux 6.18: [vvar] (the time data first), [vvar_vclock] (pvclock pages), then [vdso]
    const vvar = this.vvarBase, vdso = this.vdsoBase;
    this.mm.mapVma({ start: vvar, end: vvar + 0x4000n, read: true, write: false, exec: false, offset: 0n, name: '[vvar]', special: true });
    this.mm.mapVma({ start: vvar + 0x4000n, end: vdso, read: true, write: false, exec: false, offset: 0n, name: '[vvar_vclock]', special: true });
    this.writeVvar();
    this.mm.mapVma({ start: vdso, end: vdso + this.vdsoMapSize(), read: true, write: false, exec: true, offset: 0n, name: '[vdso]', special: true }, this.vdso.image);
  }

  private buildStack(opts: BootOptions): ReturnType<typeof buildExecStack> {
    const u = this.user;
    const bits = this.processBits;
    // create_elf_tables' order (Linux 6.x): ARCH_DLINFO (AT_SYSINFO for 32-bit, AT_SYSINFO_EHDR,
    // AT_MINSIGSTKSZ), then the generic entries, AT_HWCAP2, AT_EXECFN, AT_PLATFORM, the rseq pair
    const auxv: [number, AuxValue][] = [];
    if (bits === 32) auxv.push([AT_SYSINFO, this.vdsoBase + this.vdso.symbols.get('__kernel_vsyscall')!]);
    auxv.push(
      [AT_SYSINFO_EHDR, this.vdsoBase],
      [AT_MINSIGSTKSZ, sigframeSize(this.kind === 'x86_64', this.fpConfig())],
      // ELF_HWCAP: CPUID.1:EDX of the boot CPU, as Linux reports it (what the CPU really runs).
      [AT_HWCAP, BigInt(this.machine.cpuid(1)[3])],
      [AT_PAGESZ, 4096n],
      [AT_CLKTCK, 100n],
      [AT_PHDR, this.image.phdr],
      [AT_PHENT, bits === 64 ? 56n : 32n],
      [AT_PHNUM, BigInt(this.image.phnum)],
      [AT_BASE, this.interpreter?.bias ?? 0n],
      [AT_FLAGS, 0n],
      [AT_ENTRY, this.image.entry],
      [AT_UID, 1000n], [AT_EUID, 1000n], [AT_GID, 1000n], [AT_EGID, 1000n],
      [AT_SECURE, 0n],
      [AT_RANDOM, 'random'],
      [AT_HWCAP2, (this.cr4Features() & CR4_FSGSBASE) !== 0 ? HWCAP2_FSGSBASE : 0n], // no ring-3 MWAIT
      [AT_EXECFN, 'execfn'],
      [AT_PLATFORM, 'platform'],
      [AT_RSEQ_FEATURE_SIZE, 28n], // offsetof(struct rseq, end)
      [AT_RSEQ_ALIGN, 32n],
    );
    const random = this.random.bytes(16); // AT_RANDOM from the seeded generator
    const stack = buildExecStack({
      bits, stackTop: u.stackTop, argv: opts.argv ?? [opts.execPath], envp: opts.envp ?? [],
      execfn: opts.execPath, platform: bits === 64 ? 'x86_64' : 'i686', random, auxv,
    });
    const stackStart = u.stackTop - BigInt(u.stackSize);
    this.mm.mapVma({ start: stackStart, end: u.stackTop, read: true, write: true, exec: this.execStack, offset: 0n, name: '[stack]', growsDown: true });
    this.machine.write(stack.sp, stack.bytes, PROCESS_CR3);
    return stack;
  }

  /** The pt_regs the first return to user mode pops (start_thread), and RSP/RIP at start_kernel. */
  private writeInitialFrame(): void {
    const m = this.machine;
    const top = this.layout.stack + BigInt(this.layout.stackSize);
    const sym = this.kernelCode.symbols.get('start_kernel')!;
    if (this.kind === 'x86_64') {
      const frame = top - 168n;
      m.write(frame, new Uint8Array(168), PROCESS_CR3);
      const r = new PtRegs(this.mem, frame, 64);
      const compat = this.processBits === 32;
      r.set('orig_ax', -1n);
      r.set('ip', this.entry);
      r.set('cs', BigInt(compat ? SEL64.USER32_CS : SEL64.USER_CS));
      r.set('flags', BigInt(0x202));
      r.set('sp', this.initialSp);
      r.set('ss', BigInt(SEL64.USER_DS));
      r.flush();
      m.setReg('rsp', frame);
    } else {
      const frame = top - 68n;
      m.write(frame, new Uint8Array(68), PROCESS_CR3);
      const r = new PtRegs(this.mem, frame, 32);
      r.set('ds', BigInt(SEL32.USER_DS));
      r.set('es', BigInt(SEL32.USER_DS));
      r.set('orig_ax', -1n);
      r.set('ip', this.entry);
      r.set('cs', BigInt(SEL32.USER_CS));
      r.set('flags', BigInt(0x202));
      r.set('sp', this.initialSp);
      r.set('ss', BigInt(SEL32.USER_DS));
      r.flush();
      m.setReg('rsp', frame);
    }
    m.setReg('rip', sym);
  }

  private get mem(): { read(a: bigint, n: number): Uint8Array; write(a: bigint, b: Uint8Array): void } {
    const m = this.machine;
    return { read: (a, n) => m.read(a, n), write: (a, b) => m.write(a, b) };
  }

  // ---------------------------------------------------------------- [vvar] and the tick
  private writeVvar(): void {
    this.machine.write(this.vvarBase, vvarImage(this.tk, this.vvarSeq), PROCESS_CR3);
  }

  /** The timer interrupt: jiffies, timekeeping, and [vvar] rewritten under its seqlock. */
  private timerTick(): void {
    const m = this.machine;
    this.jiffies++;
    this.vvarSeq++; // odd: readers retry
    for (const o of VVAR_SEQ_OFFSETS) m.writeU32(this.vvarBase + BigInt(o), this.vvarSeq);
    this.tk.tick(BigInt(m.cycles));
    this.vvarSeq++; // even: consistent again
    this.writeVvar();
  }

  // ---------------------------------------------------------------- syscalls
  /** The first argument of a native: %rdi on x86_64, %eax on i386 (regparm). */
  private regsArg(): bigint {
    return this.kind === 'x86_64' ? this.machine.getReg('rdi') : this.machine.getReg('rax') & 0xffffffffn;
  }

  private returnBool(ok: boolean): void {
    this.machine.setReg('rax', ok ? 1n : 0n);
  }

  private runSyscall(abi: Abi, nr: number, args: bigint[], method: EntryMethod): bigint | null {
    const info = syscallByNumber(abi, nr);
    const name = info?.name ?? `syscall_${nr}`;
    const noReturn = info?.ret === 'noreturn';
    if (noReturn) this.onSyscall?.({ abi, nr, name, args, ret: null, method, cycles: this.machine.cycles });
    // the sys_* function's own modelled cost, on top of the dispatcher's (profile nativeCosts)
    let cost = this.sysCosts.get(name);
    if (cost === undefined) {
      cost = this.machine.profile.nativeCosts[`sys_${name}`] ?? 0;
      this.sysCosts.set(name, cost);
    }
    if (cost) this.machine.addCycles(cost);
    if (info && !info.fn && !info.linuxHasNone && !this.notedSyscalls.has(name)) {
      this.notedSyscalls.add(name);
      this.note(`trapdoor: note: syscall '${name}' not implemented (ENOSYS)`);
    }
    // the tracer shows set_thread_area's struct as it was on entry
    const before = this.onSyscall && name === 'set_thread_area' ? this.readUserForTrace(args[0]!, 16) ?? undefined : undefined;
    const ret = dispatchSyscall(this.ctx, abi, nr, args);
    if (this.exitStatus !== null) return null;
    if (ret === -BigInt(EPIPE) && (name === 'write' || name === 'writev' || name === 'pwrite64')) {
      // pipe_write sends SIGPIPE along with -EPIPE; by default it ends the process
      this.signals.send({ signo: SIG_PIPE, code: 0, codeName: 'SI_USER', pid: PID, uid: UID, detail: 'write to a pipe with no reader' });
    }
    if (!noReturn) this.onSyscall?.({ abi, nr, name, args, ret, method, cycles: this.machine.cycles, ...(before ? { before } : {}) });
    if (this.ignoredSeen.length > 0) {
      for (const si of this.ignoredSeen) this.onSignal?.({ signo: si.signo, name: signalName(si.signo), code: siCodeText(si), addr: si.addr ?? null });
      this.ignoredSeen.length = 0;
    }
    return ret;
  }

  private doSyscall64(): void {
    const m = this.machine;
    // the hot path: read the 168-byte frame once; slots by index (pt_regs order, REFERENCE.md)
    const frame = m.getReg('rdi');
    const live = this.liveFrame(frame, 168);
    const b = live ?? m.read(frame, 168);
    const dv = new DataView(b.buffer, b.byteOffset, 168);
    const slot = (i: number): bigint => dv.getBigUint64(i * 8, true);
    const nr = BigInt.asIntN(64, m.getReg('rsi'));
    const args = [slot(14), slot(13), slot(12), slot(7), slot(9), slot(8)]; // di si dx r10 r8 r9
    this.currentRegs = frame;
    // any number reaches syscall entry work (strace sees it); one outside the table is -ENOSYS
    const ret = this.runSyscall('x86_64', Number(nr), args, 'syscall');
    if (ret === null) {
      this.returnBool(false);
      return;
    }
    if (live) dv.setBigUint64(80, BigInt.asUintN(64, ret), true); // regs->ax
    else m.writeU64(frame + 80n, ret);
    if (this.signals.deliverable !== 0n && this.deliverSignals(frame)) {
      this.returnBool(false);
      return;
    }
    // SYSRET only when it restores exactly what IRET would (arch/x86/entry/syscall_64.c):
    // cx == ip, r11 == flags, the user cs/ss, ip in user space, neither RF nor TF
    const ip = slot(16);
    const flags = slot(18);
    const ok = slot(11) === ip && slot(6) === flags && slot(17) === USER_CS64 && slot(20) === USER_DS64 &&
      ip < 0x00007ffffffff000n && (flags & RF_TF) === 0n;
    this.returnBool(ok);
  }

  /** The frame's bytes in place when it sits in one page (it does: the kernel stack top is page aligned). */
  private liveFrame(addr: bigint, len: number): Uint8Array | null {
    // every syscall from user mode builds its frame at the same place: remember the view
    if (addr === this.frameCache.addr && len === this.frameCache.len) return this.frameCache.bytes;
    const off = Number(addr & 0xfffn);
    if (off + len > 4096) return null;
    const page = this.machine.pageBytes(addr);
    const bytes = page ? page.subarray(off, off + len) : null;
    this.frameCache = { addr, len, bytes };
    return bytes;
  }

  private frameCache: { addr: bigint; len: number; bytes: Uint8Array | null } = { addr: -1n, len: 0, bytes: null };

  private args32(regs: PtRegs): bigint[] {
    return (['bx', 'cx', 'dx', 'si', 'di', 'bp'] as const).map((f) => regs.get(f) & 0xffffffffn);
  }

  /** INT 0x80 on i386, and on x86_64 up to 6.6 (entry_INT80_compat): the number is orig_ax. */
  private doInt80Syscall32(): void {
    const long = this.kind === 'x86_64';
    const regs = new PtRegs(this.mem, this.regsArg(), long ? 64 : 32);
    const nr = Number(BigInt.asIntN(32, regs.get('orig_ax')));
    this.currentRegs = regs.addr;
    const ret = this.runSyscall('i386', nr, this.args32(regs), 'int80');
    if (ret === null) return;
    regs.set('ax', long ? BigInt.asIntN(32, ret) : ret);
    regs.flush();
    if (this.signals.deliverable !== 0n) this.deliverSignals(regs.addr);
  }

  /** x86_64 kernel, INT 0x80 (6.7+): the number comes from ax, i386 numbers, low 32 bits. */
  private doInt80Emulation(): void {
    const regs = new PtRegs(this.mem, this.regsArg(), 64);
    const nr32 = regs.get('ax') & 0xffffffffn;
    regs.set('orig_ax', nr32);
    regs.set('ax', -BigInt(ENOSYS));
    regs.flush();
    const nr = Number(BigInt.asIntN(32, nr32));
    this.currentRegs = regs.addr;
    const ret = this.runSyscall('i386', nr, this.args32(regs), 'int80');
    if (ret === null) return;
    regs.set('ax', BigInt.asIntN(32, ret));
    regs.flush();
    if (this.signals.deliverable !== 0n) this.deliverSignals(regs.addr);
  }

  private doSysenter32(): void {
    const regsAddr = this.regsArg();
    const regs = new PtRegs(this.mem, regsAddr, this.kind === 'x86_64' ? 64 : 32);
    regs.set('sp', regs.get('bp')); // __kernel_vsyscall left the user stack pointer in EBP
    regs.set('flags', regs.get('flags') | BigInt(FLAG_IF));
    regs.flush();
    this.doFastSyscall32(regsAddr, 'sysenter');
  }

  /** SYSENTER/compat-SYSCALL: return to the vDSO landing pad; the 6th argument is on the user stack. */
  private doFastSyscall32(regsAddr: bigint, method: EntryMethod): void {
    const long = this.kind === 'x86_64';
    const regs = new PtRegs(this.mem, regsAddr, long ? 64 : 32);
    const landing = this.vdsoBase + this.landingPad32;
    regs.set('ip', landing);
    const sp = regs.get('sp') & 0xffffffffn;
    const arg6 = this.machine.readUser(sp, 4);
    if (!(arg6 instanceof Uint8Array)) {
      regs.set('ax', -BigInt(EFAULT));
      regs.flush();
      this.returnBool(false);
      return;
    }
    regs.set('bp', BigInt(new DataView(arg6.buffer, arg6.byteOffset).getUint32(0, true)));
    regs.flush();
    const nr = Number(BigInt.asIntN(32, regs.get('orig_ax')));
    this.currentRegs = regsAddr;
    const ret = this.runSyscall('i386', nr, this.args32(regs), method);
    if (ret === null) {
      this.returnBool(false);
      return;
    }
    const written = new PtRegs(this.mem, regsAddr, long ? 64 : 32);
    written.set('ax', long ? BigInt.asIntN(32, ret) : ret);
    written.flush();
    if (this.signals.deliverable !== 0n && this.deliverSignals(regsAddr)) {
      this.returnBool(false);
      return;
    }
    const after = new PtRegs(this.mem, regsAddr, long ? 64 : 32);
    const flags = after.get('flags');
    const ok = after.get('cs') === BigInt(long ? SEL64.USER32_CS : SEL32.USER_CS) &&
      after.get('ss') === BigInt(long ? SEL64.USER_DS : SEL32.USER_DS) && after.get('ip') === landing &&
      (flags & BigInt(FLAG_RF | FLAG_TF | FLAG_VM)) === 0n;
    this.returnBool(ok);
  }

  // ---------------------------------------------------------------- faults
  private exception(kind: ExceptionKind): void {
    const m = this.machine;
    const long = this.kind === 'x86_64';
    const regs = new PtRegs(this.mem, this.regsArg(), long ? 64 : 32);
    const ip = regs.get('ip');
    const fromUser = (regs.get('cs') & 3n) === 3n;
    const errorCode = Number(long ? m.getReg('rsi') & 0xffffffffn : m.getReg('rdx') & 0xffffffffn);
    let accessError = (errorCode & 1) !== 0;
    if (kind === 'pf' && fromUser && this.emulateVsyscall(regs, m.getCr(2), errorCode)) return;
    if (kind === 'pf' && fromUser) {
      // demand paging and stack growth: map the page and let IRET run the instruction again
      const cr2 = m.getCr(2);
      const r = this.mm.handleFault(cr2, (errorCode & 2) !== 0, (errorCode & 16) !== 0, (errorCode & 1) !== 0);
      if (r === 'mapped') return;
      accessError = r === 'accerr';
    }
    // exc_general_protection: fixup_umip_exception emulates SGDT SIDT SMSW SLDT STR for user space
    if (kind === 'gp' && fromUser && (m.getCr(4) & BigInt(CR4_UMIP)) !== 0n && this.umipFixup(regs)) return;
    const insn = this.instructionAt(ip, fromUser);
    const ex = m.lastException;
    let sig: FatalSignal;
    switch (kind) {
      case 'pf': sig = pageFaultSignal(m.getCr(2), errorCode, this.mm.userLimit, ip, insn, accessError); break;
      case 'gp': sig = generalProtectionSignal(ex?.reason ?? '', ip, insn); break;
      case 'ud': sig = invalidOpcodeSignal(ex?.reason ?? 'invalid opcode', ex?.notEmulated ?? false, ip, insn); break;
      case 'de': sig = divideErrorSignal(ip, insn); break;
      case 'bp': sig = breakpointSignal(ip - 1n); break;
      default: sig = otherExceptionSignal(kind, ex?.reason ?? '', ip, insn, m.fpu); break;
    }
    if (!fromUser || (kind === 'ud' && ex?.notEmulated)) {
      // a kernel oops, or an instruction trapdoor cannot run: no handler can make that right
      if (!fromUser) sig = { ...sig, signal: SIGKILL, name: 'SIGKILL', detail: `kernel oops in ${this.symbolFor(ip)}: ${sig.detail}` };
      this.fatal = sig;
      m.requestStop(killReport(sig));
      return;
    }
    // force_sig_fault: to the handler if there is one, with si_code, si_addr, trapno and the error code
    const code = sig.code.split(',')[0]!;
    const cr2 = m.getCr(2);
    const withError = kind === 'gp' || kind === 'segment_not_present' || kind === 'stack_segment' || kind === 'alignment_check';
    const err = kind === 'pf' ? (errorCode | 4 | (cr2 >= this.mm.userLimit ? 1 : 0)) : withError ? errorCode : 0;
    this.signals.send({
      signo: sig.signal, code: SI_CODES[code] ?? 0x80, codeName: code, addr: sig.addr ?? undefined, trapno: TRAPNO[kind], err,
      forced: true, detail: sig.detail,
    });
    this.deliverSignals(regs.addr);
  }

  /** A vector nothing in trapdoor raises (NMI, #DF, #MC, an IPI ...): a system vector is acked and ignored; an exception, a kernel panic, as in die(). */
  private unexpectedException(name: string): void {
    if (name.startsWith('sysvec_') || name.endsWith('_interrupt')) return;
    const ip = new PtRegs(this.mem, this.regsArg(), this.kind === 'x86_64' ? 64 : 32).get('ip');
    this.fatal = { signal: SIGKILL, name: 'SIGKILL', code: 'SI_KERNEL', addr: null, detail: `kernel panic: ${name} (${this.machine.lastException?.reason ?? "unexpected exception"}) at ${this.symbolFor(ip)}` };
    this.machine.requestStop(killReport(this.fatal));
  }

  /** The UMIP fixup (umip.ts); true when the #GP is handled (emulated, or its store faulted: SIGSEGV). */
  private umipFixup(regs: PtRegs): boolean {
    const r = fixupUmip({
      regs, longMode: regs.get('cs') === BigInt(SEL64.USER_CS) && this.kind === 'x86_64',
      tssSelector: this.kind === 'x86_64' ? SEL64.TSS : SEL32.TSS,
      fetch: (ip) => {
        const b = this.machine.readUser(ip, 15);
        if (b instanceof Uint8Array) return b;
        // as many bytes as are readable (the instruction may end before the unreadable page)
        const n = Number(b.address - ip);
        const part = n > 0 ? this.machine.readUser(ip, n) : null;
        return part instanceof Uint8Array ? part : new Uint8Array(0);
      },
      copyToUser: (a, bytes) => this.copyToUser(a, bytes),
    });
    if (r.kind === 'not-umip') return false;
    if (r.kind === 'emulated') regs.flush();
    else {
      // force_sig_info_umip_fault: SIGSEGV/SEGV_MAPERR as a #PF on a user write at the operand
      this.signals.send({ signo: SIGSEGV, code: SI_CODES.SEGV_MAPERR!, codeName: 'SEGV_MAPERR', addr: r.addr, trapno: 14, err: 6, forced: true, detail: `umip emulation: write to ${'0x' + r.addr.toString(16)} failed` });
    }
    if (this.signals.deliverable !== 0n) this.deliverSignals(regs.addr);
    return true;
  }

  /** Deliver pending signals into the pt_regs at `addr` (true: a handler frame was built). */
  private deliverSignals(addr: bigint): boolean {
    const regs = new PtRegs(this.mem, addr, this.kind === 'x86_64' ? 64 : 32);
    return this.delivery.deliver(regs);
  }

  /** A signal's default action ends the process. */
  private killBy(si: SigInfo): void {
    const name = signalName(si.signo);
    this.fatal = { signal: si.signo, name, code: siCodeText(si), addr: si.addr ?? null, detail: si.detail };
    this.machine.requestStop(killReport(this.fatal));
  }

  private instructionAt(ip: bigint, user: boolean): string | null {
    try {
      const bytes = this.machine.read(ip, 15);
      const bits = user ? (this.processBits === 64 ? 64 : 32) : this.layout.bits;
      return instructionText(bytes, bits, ip);
    } catch {
      return null;
    }
  }

  /** Source lines of the kernel's entry code and of the vDSO (at its mapped address), for the Code pane. */
  sourceLines(): { addr: bigint; file: string; line: number }[] {
    const vdsoLines = this.vdso.code.lines.map((l) => ({ ...l, addr: l.addr + this.vdsoBase }));
    return [...this.kernelCode.lines, ...vdsoLines];
  }

  /** `entry_SYSCALL_64+12` for a kernel address. */
  symbolFor(addr: bigint): string {
    let best: [string, bigint] | null = null;
    for (const [n, a] of this.symbols) if (a <= addr && (!best || a > best[1])) best = [n, a];
    return best ? `${best[0]}+${addr - best[1]}` : `0x${addr.toString(16)}`;
  }

  /** The signal frames on the user stack whose handlers have not returned, oldest first. */
  get signalFrames(): readonly SignalFrameRecord[] {
    return this.delivery.frames;
  }

  // ---------------------------------------------------------------- process
  get pid(): number {
    return PID;
  }

  /** What /proc/self/status and stat report. */
  private facts(): ProcessFacts {
    const stack = this.mm.vmas.find((v) => v.name === '[stack]');
    return {
      pid: PID, ppid: PPID, uid: UID, gid: UID, comm: (this.execName.split('/').pop() ?? '').slice(0, 15), argv: this.argv,
      vmBytes: this.mm.mappedBytes(), rssBytes: BigInt(this.machine.mappedPageCount(PROCESS_CR3)) * 4096n,
      stackBytes: stack ? stack.end - stack.start : 0n, signals: this.signals, startBrk: this.mm.startBrk, brk: this.mm.brk,
      startStack: this.initialSp,
    };
  }

  procMaps(): string {
    // a 64-bit process also lists the legacy vsyscall page (gate_vma), execute-only by default
    const gate = this.processBits === 64 ? [{ start: VSYSCALL_ADDR, end: VSYSCALL_ADDR + 0x1000n, read: false, write: false, exec: true, offset: 0n, name: '[vsyscall]' }] : [];
    return renderProcMaps([...this.mm.vmas, ...gate], this.layout.bits, { start: this.mm.startBrk, end: this.mm.brk });
  }

  /**
   * emulate_vsyscall (vsyscall=xonly, Linux's default): a call to one of the three legacy entries
   * faults on the fetch; the kernel runs gettimeofday/time/getcpu and returns as the entry's ret
   * would. Anything else in the page is SIGSEGV.
   */
  private emulateVsyscall(regs: PtRegs, cr2: bigint, errorCode: number): boolean {
    if (this.processBits !== 64 || (cr2 & ~0xfffn) !== VSYSCALL_ADDR || !(errorCode & 16) || regs.get('ip') !== cr2) return false;
    const entry = ['gettimeofday', 'time', 'getcpu'][Number(cr2 - VSYSCALL_ADDR) / 0x400];
    if (entry === undefined || (cr2 - VSYSCALL_ADDR) % 0x400n !== 0n) return false;
    const sp = regs.get('sp');
    const retAddr = this.copyFromUser(sp, 8);
    if (!retAddr) return false;
    const args = [regs.get('di'), regs.get('si'), regs.get('dx'), 0n, 0n, 0n];
    const ret = dispatchSyscall(this.ctx, 'x86_64', syscallByName(entry)!.x86_64!, args);
    regs.set('ax', ret);
    regs.set('ip', new DataView(retAddr.buffer, retAddr.byteOffset, 8).getBigUint64(0, true));
    regs.set('sp', sp + 8n);
    regs.flush();
    return true;
  }

  /** copy_from_user: a fault on a page the VMAs allow is paged in and the copy retried. */
  copyFromUser(addr: bigint, len: number): Uint8Array | null {
    for (;;) {
      const r = this.machine.readUser(addr, len);
      if (r instanceof Uint8Array) return r;
      if (this.mm.handleFault(r.address, false, false, (r.errorCode & 1) !== 0) !== 'mapped') return null;
    }
  }

  /** copy_to_user, paging in as copy_from_user does. */
  copyToUser(addr: bigint, bytes: Uint8Array): boolean {
    for (;;) {
      const f = this.machine.writeUser(addr, bytes);
      if (f === null) return true;
      if (this.mm.handleFault(f.address, true, false, (f.errorCode & 1) !== 0) !== 'mapped') return false;
    }
  }

  /** Read user memory for the tracer (null when not user-readable). */
  readUserForTrace(addr: bigint, len: number): Uint8Array | null {
    const r = this.machine.readUser(addr, len);
    return r instanceof Uint8Array ? r : null;
  }

  private makeContext(): SyscallContext {
    const m = this.machine;
    const self = this;
    const long = this.kind === 'x86_64';
    return {
      pid: PID,
      ppid: PPID,
      signals: this.signals,
      sigreturn: (rt) => {
        const r = this.delivery.sigreturn(new PtRegs(this.mem, this.currentRegs, this.kind === 'x86_64' ? 64 : 32), rt);
        if (r !== null) return r;
        this.killBy({ signo: 11, code: 0x80, codeName: 'SI_KERNEL', addr: 0n, detail: 'sigreturn found no valid signal frame on the user stack' });
        return 0n;
      },
      suspendWith: (mask) => {
        this.delivery.savedMask = this.signals.blocked;
        this.signals.blocked = mask;
      },
      userSp: () => new PtRegs(this.mem, this.currentRegs, this.kind === 'x86_64' ? 64 : 32).get('sp'),
      uid: UID,
      gid: UID,
      unameMachine: this.kind === 'x86_64' ? 'x86_64' : 'i686',
      files: this.files,
      mm: this.mm,
      tk: this.tk,
      cycles: () => BigInt(m.cycles),
      sleepCycles: (c) => m.addCycles(Number(c)),
      copyFromUser: (addr, len) => this.copyFromUser(addr, len),
      copyToUser: (addr, bytes) => this.copyToUser(addr, bytes),
      setFsBase: (v) => m.writeMsr(MSR_FS_BASE, v),
      getFsBase: () => m.readMsr(MSR_FS_BASE),
      // inside the kernel (after SWAPGS) the user's GS base sits in KERNEL_GS_BASE
      setGsBase: (v) => m.writeMsr(MSR_KERNEL_GS_BASE, v),
      getGsBase: () => m.readMsr(MSR_KERNEL_GS_BASE),
      setTlsDescriptor: (entry, base, limit, flags) => {
        if (flags === null) return void m.write(this.layout.gdt + BigInt(entry * 8), new Uint8Array(8)); // a cleared slot
        const seg32 = (flags & 1) !== 0;
        const contents = (flags >> 1) & 3;
        const readExecOnly = (flags >> 3) & 1;
        const limitInPages = (flags >> 4) & 1;
        const notPresent = (flags >> 5) & 1;
        const type = (contents << 2) | (readExecOnly ? 0 : 2) | 1 | (contents & 2 ? 8 : 0);
        const d = segmentDescriptor({ base, limit: limit & 0xfffff, type: type & 0xf, dpl: 3, big: seg32, granularity: limitInPages === 1 });
        if (notPresent) d[5]! &= 0x7f;
        m.write(this.layout.gdt + BigInt(entry * 8), d);
      },
      tlsEntryMin: long ? SEL64.TLS_MIN_ENTRY : SEL32.TLS_MIN_ENTRY,
      tlsInUse: new Map(),
      robustList: 0n,
      rseq: null,
      rlimits: this.rlimits,
      bootTimeSec: this.tk.read(0, 0n)![0],
      randomBytes: (n) => this.random.bytes(n),
      is64BitProcess: this.processBits === 64,
      exit(status: number) {
        self.exitStatus = status;
        m.requestStop('exit');
      },
      get tidAddress() {
        return self.tidAddress;
      },
      set tidAddress(v: bigint) {
        self.tidAddress = v;
      },
    };
  }

  /** Run until the process exits, dies, or `limits` stop it. */
  run(limits: RunLimits = {}): RunOutcome {
    const m = this.machine;
    let executed = 0;
    for (;;) {
      const remaining = limits.maxInstructions !== undefined ? limits.maxInstructions - executed : undefined;
      if (remaining !== undefined && remaining <= 0) return { kind: 'limit', instructions: executed };
      const r = m.run({ ...limits, maxInstructions: remaining });
      executed += r.instructions;
      this.instructionsExecuted += r.instructions;
      const outcome = this.outcome();
      if (outcome) return outcome;
      if (r.reason === 'max-instructions') return { kind: 'limit', instructions: executed };
      return { kind: 'stopped', result: r };
    }
  }

  /** Exited or killed, once the process is gone. */
  outcome(): RunOutcome | null {
    if (this.exitStatus !== null) return { kind: 'exited', status: this.exitStatus };
    if (this.fatal) return { kind: 'killed', signal: this.fatal, report: killReport(this.fatal) };
    return null;
  }
}

/** The path as /proc/self/exe shows it: absolute (relative to the host's working directory). */
function absolutePath(p: string): string {
  if (p.startsWith('/')) return p;
  const cwd = typeof process !== 'undefined' ? process.cwd() : '/';
  return `${cwd}/${p}`.replace(/\/\.\//g, '/').replace(/\/+/g, '/');
}

/** si_code values by strace's names (include/uapi/asm-generic/siginfo.h). */
const CR4_UMIP = 1 << 11, CR4_FSGSBASE = 1 << 16, CR4_OSXSAVE = 1 << 18;
const CR0_MP = 1 << 1, CR0_ET = 1 << 4, CR0_NE = 1 << 5, CR0_AM = 1 << 18;
/** AT_HWCAP2 bit 1: the kernel enabled FSGSBASE for ring 3. */
const HWCAP2_FSGSBASE = 2n;

/** si_code values by name (include/uapi/asm-generic/siginfo.h), also for the debugger's $_siginfo. */
export const SI_CODES: Record<string, number> = {
  SI_USER: 0, SI_KERNEL: 0x80, SI_TKILL: -6, SEGV_MAPERR: 1, SEGV_ACCERR: 2, ILL_ILLOPC: 1, ILL_ILLOPN: 2, FPE_INTDIV: 1,
  FPE_INTOVF: 2, FPE_FLTDIV: 3, FPE_FLTOVF: 4, FPE_FLTUND: 5, FPE_FLTRES: 6, FPE_FLTINV: 7, BUS_ADRALN: 1, TRAP_BRKPT: 1, TRAP_TRACE: 2,
};

/** The si_code part of strace's signal line: `SI_TKILL, si_pid=4242, si_uid=1000`. */
function siCodeText(si: SigInfo): string {
  return si.pid !== undefined ? `${si.codeName}, si_pid=${si.pid}, si_uid=${si.uid ?? 0}` : si.codeName;
}

type ExceptionKind = 'de' | 'bp' | 'ud' | 'gp' | 'pf' | 'debug' | 'overflow' | 'bounds' | 'segment_not_present' | 'stack_segment'
  | 'coprocessor_error' | 'alignment_check' | 'simd_coprocessor_error';
/** The vector of each exception (sigcontext's trapno). */
const TRAPNO: Record<ExceptionKind, number> = {
  de: 0, debug: 1, bp: 3, overflow: 4, bounds: 5, ud: 6, segment_not_present: 11, stack_segment: 12, gp: 13, pf: 14,
  coprocessor_error: 16, alignment_check: 17, simd_coprocessor_error: 19,
};

/**
 * The signal of the rarer exceptions (arch/x86/kernel/traps.c): #DB SIGTRAP (TRAP_TRACE for a
 * single step), #OF/#BR SIGSEGV, #NP/#SS SIGBUS, #AC SIGBUS BUS_ADRALN, #MF/#XM SIGFPE with the
 * code of the unmasked x87 / SSE exception (math_error).
 */
function otherExceptionSignal(kind: ExceptionKind, reason: string, ip: bigint, insn: string | null, fpu: { fpSw: number; fpCw: number; mxcsr: number }): FatalSignal {
  const at = `${reason ? ` (${reason})` : ''} ${whereText(ip, insn)}`;
  switch (kind) {
    case 'debug': {
      const step = /single-step|TF/.test(reason);
      return { signal: 5, name: 'SIGTRAP', code: step ? 'TRAP_TRACE' : 'TRAP_BRKPT', addr: ip, detail: `debug trap${at}` };
    }
    case 'overflow': return { signal: 11, name: 'SIGSEGV', code: 'SI_KERNEL', addr: 0n, detail: `overflow trap (into)${at}` };
    case 'bounds': return { signal: 11, name: 'SIGSEGV', code: 'SI_KERNEL', addr: 0n, detail: `bound range exceeded${at}` };
    case 'segment_not_present': return { signal: 7, name: 'SIGBUS', code: 'SI_KERNEL', addr: 0n, detail: `segment not present${at}` };
    case 'stack_segment': return { signal: 7, name: 'SIGBUS', code: 'SI_KERNEL', addr: 0n, detail: `stack segment fault${at}` };
    case 'alignment_check': return { signal: 7, name: 'SIGBUS', code: 'BUS_ADRALN', addr: null, detail: `alignment check${at}` };
    default: {
      // the first unmasked exception flag, in fpu__exception_code's order: invalid, divide, overflow,
      // denormal or underflow, precision
      const x87 = kind === 'coprocessor_error';
      const flags = x87 ? fpu.fpSw & ~fpu.fpCw & 0x3f : fpu.mxcsr & ~(fpu.mxcsr >> 7) & 0x3f;
      const code = flags & 1 ? 'FPE_FLTINV' : flags & 4 ? 'FPE_FLTDIV' : flags & 8 ? 'FPE_FLTOVF' : flags & 0x12 ? 'FPE_FLTUND' : flags & 32 ? 'FPE_FLTRES' : 'SI_KERNEL';
      return { signal: 8, name: 'SIGFPE', code, addr: ip, detail: `${x87 ? 'x87' : 'SIMD'} floating-point exception${at}` };
    }
  }
}
