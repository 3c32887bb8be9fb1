// The simulated Linux: boots a Machine into the x86_64 or i386 kernel (descriptor tables, entry
// code assembled from our .S files, syscall_init run as real WRMSR instructions), execs one
// static ELF program, and provides the kernel's C functions as natives bound to kernel addresses.
// This file is the boot sequence, the natives' table, what a syscall sees and the run loop; the
// layers below it: kernelState (shared state), bootCpu, exec, syscallEntry, faults.
import { DEFAULT_PROFILE, Machine, MSR_FS_BASE, MSR_KERNEL_GS_BASE, type RunLimits, type RunResult } from '../machine/index.js';
import { ElfError, readExecutable, type ElfFile } from '../elf/index.js';
import { segmentDescriptor } from './descriptors.js';
import { unexpectedExceptionHandlers } from './idtGates.js';
import { FileTable } from './files.js';
import { procAuxv, procCmdline, procStat, procStatus, type ProcessFacts } from './processImage.js';
import { SeededRandom } from './random.js';
import { signalName } from './signal/signalState.js';
import { SignalDelivery } from './signal/delivery.js';
import { defaultRlimits, RLIMIT_STACK } from './syscalls/process.js';
import { VirtualFs } from './virtualFs.js';
import { HostFs } from './hostFs.js';
import { readInterpreter, type Interpreter, type LoadedImage } from './elfLoader.js';
import type { PlacedCode } from './kernelAssembler.js';
import { LAYOUT32, LAYOUT64, SEL32, SEL64, USER32, USER32_COMPAT, USER64, type KernelLayout, type UserLayout } from './layout.js';
import { DEFAULT_MEMORY_LIMIT, MemoryManager } from './memoryManager.js';
import { PT_GNU_STACK } from '../elf/elfConstants.js';
import { renderProcMaps } from './procMaps.js';
import { PtRegs } from './ptRegs.js';
import { killReport, type FatalSignal, siCodeText } from './signals.js';
import type { SyscallContext } from './syscalls/context.js';
import { DEFAULT_HZ, Timekeeper } from './timekeeping.js';
import { buildVdso, type VdsoImage } from './vdsoImage.js';
import { VVAR_SEQ_OFFSETS } from './vvar.js';
import { KernelFaults } from './faults.js';
import { bootMitigations, DEFAULT_KERNEL_VERSION, type KernelMitigation, type KernelVersion, parseKernelVersion } from './kernelConfig.js';
import type { SignalFrameRecord } from './signal/delivery.js';
import { kernelCode, NATIVE_NAMES, type NativeName, nativeAddress } from './kernelCode.js';
import {
  type KernelKind, PID, PPID, PROCESS_CR3, type BootOptions, type SignalListener, type TracedSyscall, UID, VSYSCALL_ADDR,
} from './kernelState.js';

export type { BootOptions, EntryMethod, KernelKind, SignalListener, TracedSyscall } from './kernelState.js';
export { kernelCode } from './kernelCode.js';
export { SI_CODES } from './signals.js';

export type RunOutcome =
  | { kind: 'exited'; status: number }
  | { kind: 'killed'; signal: FatalSignal; report: string }
  | { kind: 'limit'; instructions: number }
  | { kind: 'stopped'; result: RunResult };

/** 2026-01-01T00:00:00Z: the default boot time (deterministic runs). */
export const DEFAULT_BOOT_REALTIME_NS = 1767225600n * 1_000_000_000n;
const LOCAL_TIMER_VECTOR = 0xec;

export class LinuxKernel extends KernelFaults {
  readonly machine: Machine;
  readonly kind: KernelKind;
  readonly layout: KernelLayout;
  readonly user: UserLayout;
  /** Bitness of the user program. */
  readonly processBits: 32 | 64;
  readonly elf: ElfFile;
  readonly mm: MemoryManager;
  readonly files: FileTable;
  readonly random: SeededRandom;
  readonly rlimits: Map<number, [bigint, bigint]>;
  readonly argv: string[];
  readonly tk: Timekeeper;
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
  /** Instructions (and native calls) run by run() so far. */
  instructionsExecuted = 0;
  jiffies = 0;
  private tidAddress = 0n;
  protected readonly onSyscall?: (ev: TracedSyscall) => void;
  protected readonly onSignal?: SignalListener;
  protected readonly note: (line: string) => void;
  protected readonly ctx: SyscallContext;
  protected readonly execStack: boolean;

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

  private constructor(m: Machine, elf: ElfFile, kind: KernelKind, code: PlacedCode, vdso: VdsoImage, protected readonly landingPad32: bigint, opts: BootOptions, interp: Interpreter | null) {
    super();
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
      auxv: () => procAuxv(this.auxv, this.processBits, this.kind === 'x86_64' && this.processBits === 32), cmdline: () => procCmdline(this.argv),
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
  /** The signal frames on the user stack whose handlers have not returned, oldest first. */
  get signalFrames(): readonly SignalFrameRecord[] {
    return this.delivery.frames;
  }

  /** Source lines of the kernel's entry code and of the vDSO (at its mapped address), for the Code pane. */
  sourceLines(): { addr: bigint; file: string; line: number }[] {
    const vdsoLines = this.vdso.code.lines.map((l) => ({ ...l, addr: l.addr + this.vdsoBase }));
    return [...this.kernelCode.lines, ...vdsoLines];
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