// The simulated Linux's state that its parts share (the machine, the layouts, the process's memory
// and signals, what exec placed), and the small services they all use: user copies, pt_regs access,
// signal delivery and the kill, kernel symbols. LinuxKernel (LinuxKernel.ts) fills it in at boot.
import { Machine, type CostProfile } from '../machine/index.js';
import type { ElfFile } from '../elf/index.js';
import { instructionText } from '../x86/index.js';
import type { StdStreams } from './files.js';
import { SeededRandom } from './random.js';
import { SignalState, signalName, type SigInfo } from './signal/signalState.js';
import { SignalDelivery } from './signal/delivery.js';
import type { HostFsOptions } from './hostFs.js';
import type { LoadedImage } from './elfLoader.js';
import type { PlacedCode } from './kernelAssembler.js';
import type { KernelLayout, UserLayout } from './layout.js';
import { MemoryManager } from './memoryManager.js';
import { PtRegs } from './ptRegs.js';
import { killReport, type FatalSignal, siCodeText } from './signals.js';
import type { KernelMitigation, KernelVersion, MitigationsMode } from './kernelConfig.js';
import type { SyscallContext } from './syscalls/context.js';
import type { Abi } from './syscallTable.js';
import { Timekeeper } from './timekeeping.js';
import type { VdsoImage } from './vdsoImage.js';

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

/** A signal delivered to a handler, as strace's `--- SIGSEGV {...} ---` line names it. */
export type SignalListener = (sig: { signo: number; name: string; code: string; addr: bigint | null }) => void;

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
  onSignal?: SignalListener;
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

export const PROCESS_CR3 = 0x2000n;
export const PID = 4242;
export const PPID = 4241;
/** The legacy vsyscall page of 64-bit processes (VSYSCALL_ADDR). */
export const VSYSCALL_ADDR = 0xffffffffff600000n;
export const UID = 1000;
export const CR4_UMIP = 1 << 11, CR4_FSGSBASE = 1 << 16;

export abstract class KernelState {
  abstract readonly machine: Machine;
  abstract readonly kind: KernelKind;
  abstract readonly layout: KernelLayout;
  abstract readonly user: UserLayout;
  /** Bitness of the user program. */
  abstract readonly processBits: 32 | 64;
  abstract readonly elf: ElfFile;
  abstract readonly mm: MemoryManager;
  abstract readonly random: SeededRandom;
  abstract readonly tk: Timekeeper;
  abstract readonly vdsoBase: bigint;
  /** Where [vvar] starts (the vDSO's data pages, right below it). */
  abstract readonly vvarBase: bigint;
  /** The program as exec placed it (bias 0 for ET_EXEC). */
  abstract readonly image: LoadedImage;
  /** The ELF interpreter (ld.so) a dynamically linked program named, where it was loaded; null for a static program. */
  abstract readonly interpreter: (LoadedImage & { path: string; elf: ElfFile }) | null;
  abstract readonly vdso: VdsoImage;
  abstract readonly kernelCode: PlacedCode;
  abstract readonly entry: bigint;
  abstract readonly initialSp: bigint;
  /** The Linux version this kernel is, and the entry-code mitigations it runs. */
  abstract readonly version: KernelVersion;
  abstract readonly mitigations: readonly KernelMitigation[];
  readonly signals = new SignalState();
  /** Kernel and vDSO symbols (vDSO ones at their mapped addresses). */
  readonly symbols = new Map<string, bigint>();
  exitStatus: number | null = null;
  fatal: FatalSignal | null = null;
  /** What a syscall sees of the kernel (syscalls/context.ts). */
  protected abstract readonly ctx: SyscallContext;
  protected abstract readonly onSyscall?: (ev: TracedSyscall) => void;
  protected abstract readonly onSignal?: SignalListener;
  /** trapdoor's own notes (an unimplemented syscall). */
  protected abstract readonly note: (line: string) => void;
  /** The stack is executable: PT_GNU_STACK says so, or READ_IMPLIES_EXEC. */
  protected abstract readonly execStack: boolean;
  /** The offset of int80_landing_pad in the 32-bit vDSO (where do_fast_syscall_32 returns). */
  protected abstract readonly landingPad32: bigint;
  protected delivery!: SignalDelivery;
  /** The pt_regs of the syscall being run (rt_sigreturn restores into it). */
  protected currentRegs = 0n;
  protected execName = '';

  protected get mem(): { read(a: bigint, n: number): Uint8Array; write(a: bigint, b: Uint8Array): void } {
    const m = this.machine;
    return { read: (a, n) => m.read(a, n), write: (a, b) => m.write(a, b) };
  }

  /** The first argument of a native: %rdi on x86_64, %eax on i386 (regparm). */
  protected regsArg(): bigint {
    return this.kind === 'x86_64' ? this.machine.getReg('rdi') : this.machine.getReg('rax') & 0xffffffffn;
  }

  protected returnBool(ok: boolean): void {
    this.machine.setReg('rax', ok ? 1n : 0n);
  }

  /** Deliver pending signals into the pt_regs at `addr` (true: a handler frame was built). */
  protected deliverSignals(addr: bigint): boolean {
    const regs = new PtRegs(this.mem, addr, this.kind === 'x86_64' ? 64 : 32);
    return this.delivery.deliver(regs);
  }

  /** A signal's default action ends the process. */
  protected killBy(si: SigInfo): void {
    const name = signalName(si.signo);
    this.fatal = { signal: si.signo, name, code: siCodeText(si), addr: si.addr ?? null, detail: si.detail };
    this.machine.requestStop(killReport(this.fatal));
  }

  protected instructionAt(ip: bigint, user: boolean): string | null {
    try {
      const bytes = this.machine.read(ip, 15);
      const bits = user ? (this.processBits === 64 ? 64 : 32) : this.layout.bits;
      return instructionText(bytes, bits, ip);
    } catch {
      return null;
    }
  }

  /** `entry_SYSCALL_64+12` for a kernel address. */
  symbolFor(addr: bigint): string {
    let best: [string, bigint] | null = null;
    for (const [n, a] of this.symbols) if (a <= addr && (!best || a > best[1])) best = [n, a];
    return best ? `${best[0]}+${addr - best[1]}` : `0x${addr.toString(16)}`;
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
  }}
