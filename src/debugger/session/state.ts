// The session's state, and how it reads the stopped machine: memory, stack slots, instructions,
// the source line of an address and the contexts expressions and the code view evaluate in.
import type { KernelVersion, MitigationsMode } from '../../kernel/kernelConfig.js';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { type ControlTransfer, DEFAULT_PROFILE, type Machine } from '../../machine/index.js';
import type { LinuxKernel } from '../../kernel/LinuxKernel.js';
import type { HostFsOptions } from '../../kernel/hostFs.js';
import { kernelSource } from '../../kernel/kernelAssembler.js';
import type { LoadedProgram } from '../../program/loadProgram.js';
import type { Bitness } from '../../x86/index.js';
import { BreakpointTable } from '../breakpoints.js';
import { type CodeContext, InstructionCache, type SourceLine } from '../codeView.js';
import { CommandError } from '../commands.js';
import type { KernelStackTracker } from '../kernelStack.js';
import type { ProgramSource } from '../programSource.js';
import { type RegisterSnapshot, registerForExpression } from '../registersView.js';
import { RoundTripMeter } from '../roundTrips.js';
import type { SharedLibraries } from '../sharedLibraries.js';
import { SnapshotPacer } from '../snapshotPacer.js';
import type { ListState } from '../sourceCommands.js';
import { SymbolTable } from '../symbols.js';
import { TransitionLog } from '../transitionLog.js';
import type { ViewModel } from '../viewModel.js';
import { SyscallTrace } from './syscallTrace.js';
import { DEFAULT_ENVIRONMENT } from '../../kernel/processImage.js';
import { InferiorSettings } from '../inferiorSettings.js';

export interface SessionOptions {
  program: string;
  profile?: string;
  kernel?: 'i386' | 'x86_64';
  args?: string[];
  /** The guest's whole environment (default: `trapdoor run`'s fixed one, DEFAULT_ENVIRONMENT). */
  env?: string[];
  /** Bytes the guest reads from stdin (default: none, end of file). */
  stdin?: Uint8Array;
  /** What of the host's files the guest sees and may change (--root, --writable). */
  hostFs?: HostFsOptions;
  /** --kernel-version and --mitigations. */
  kernelVersion?: KernelVersion;
  mitigations?: MitigationsMode;
  /** stdout and stderr are a terminal, the Output pane (default), as an inferior's under gdb in a
   *  terminal; false: a pipe, as a program's run with its output captured. */
  outputTerminal?: boolean;
}

/** Shared by the sessions of a process (a restart, another program): the kernel's code and sources
 *  are the same, and decoded instructions are checked against their bytes. */
const SHARED_INSTRUCTIONS = new InstructionCache();
const KERNEL_SOURCE_LINES = new Map<string, string[]>();

export abstract class SessionState {
  protected kernel!: LinuxKernel;
  protected machine!: Machine;
  protected program!: LoadedProgram;
  protected symbols = new SymbolTable();
  /** The shared objects mapped so far (ld.so at exec, the rest as it maps them). */
  protected libraries: SharedLibraries | null = null;
  /** A file mapping was made since the objects were last looked for. */
  protected mapsDirty = false;
  /** A `catch load` that a newly mapped object matched, or a `catch signal` a delivery did: the stop, at the return to user mode. */
  protected loadStopReason: string | null = null;
  /** A pending breakpoint got its address inside run(): the slice must arm it. */
  protected rearmNeeded = false;
  protected lineMap = new Map<bigint, { file: string; line: number; macro?: string }>();
  protected sourceText = new Map<string, string[]>();
  /** DWARF lines and functions of the program (C built with -g), and its source files. */
  protected source!: ProgramSource;
  /** The load bias the source's addresses carry (a PIE's). */
  protected sourceBias = 0n;
  protected listState: ListState | null = null;
  /** The frame `up`/`down`/`frame N` selected (0: where the program stopped). */
  protected selectedFrame = 0;
  protected readonly breakpoints = new BreakpointTable();
  protected tracker!: KernelStackTracker;
  protected readonly cache = SHARED_INSTRUCTIONS;
  protected meter = new RoundTripMeter();
  protected prevRegs: RegisterSnapshot | null = null;
  protected listeners = new Set<(v: ViewModel) => void>();
  protected current!: ViewModel;
  protected modeStops = false;
  protected running = false;
  protected interruptRequested = false;
  protected stopReason = 'at program entry';
  /** Where the Code pane shows code while the user browses (null: around the PC). */
  protected codeAnchor: bigint | null = null;
  protected modeSwitchText: string | null = null;
  /** The last signal delivered or fatal (gdb's $_siginfo). */
  protected lastSignal: { signo: number; code: string; addr: bigint | null } | null = null;
  /** What the last step in the kernel's entry code did, in words (entrySteps.ts). */
  protected stepNoteText: string | null = null;
  protected message: string | null = null;
  protected lastTransfer: ControlTransfer | null = null;
  protected output = '';
  protected vdsoEntries = new Set<bigint>();
  /** Where a counted user-level call begins: the vDSO's functions (by the syscall each stands for) and the program's straight-line functions. */
  protected callEntries = new Map<bigint, { method: 'vdso' | 'call'; name: string }>();
  /** The native kernel functions' addresses: run() steps each so the C handler's cycles are known. */
  protected nativeAddrs: bigint[] = [];
  protected readonly transitions = new TransitionLog();
  /** The traced syscalls (the Syscalls pane), formatted when shown. */
  protected readonly trace = new SyscallTrace((a, n) => this.kernel.readUserForTrace(a, n));
  protected readonly syscallLog = this.trace.log;
  protected exitText: string | null = null;
  protected profileName: string;
  protected displayName = '';
  protected stackTop = 0n;
  protected sliceInstructions = 200_000;
  protected readonly pacer = new SnapshotPacer();

  /** The arguments and environment of the next run (`set args`, `set environment`). */
  protected readonly inferior: InferiorSettings;

  protected constructor(protected readonly options: SessionOptions) {
    this.profileName = options.profile ?? DEFAULT_PROFILE;
    this.inferior = new InferiorSettings(options.args ?? [], options.env ?? DEFAULT_ENVIRONMENT);
  }

  protected readMemory(addr: bigint, len: number): Uint8Array | null {
    // Byte-wise fallback so a read that runs into an unmapped page returns the readable prefix.
    try {
      return this.machine.read(addr, len);
    } catch {
      const out: number[] = [];
      for (let i = 0; i < len; i++) {
        try {
          out.push(this.machine.read(addr + BigInt(i), 1)[0]!);
        } catch {
          break;
        }
      }
      return out.length ? Uint8Array.from(out) : null;
    }
  }

  protected codeContext(): CodeContext {
    return {
      read: (a, n) => this.readMemory(a, n),
      symbols: this.symbols,
      sourceAt: (a) => this.sourceAt(a),
      breakpointAt: (a) => this.breakpoints.stateAt(a),
      nativeAt: (a) => this.machine.nativeAt(a),
    };
  }

  protected readSlot(addr: bigint, size: 4 | 8): bigint | null {
    // (read once per vDSO call while running: no copy kept, one BigInt)
    try {
      return size === 4 ? BigInt(this.machine.readU32(addr)) : this.machine.readU64(addr);
    } catch {
      return null;
    }
  }

  /** The source line of an address: the program's DWARF lines, else the assembler's (kernel, .S programs). */
  protected sourceAt(addr: bigint): SourceLine | null {
    const c = this.source.hasLines ? this.source.positionAt(addr) : null;
    if (c) {
      const t = this.source.text(c.file);
      if ('missing' in t) return { file: c.file, line: c.line, text: '', dwarf: true, missing: t.missing };
      return { file: c.file, line: c.line, text: t.lines[c.line - 1] ?? '', dwarf: true };
    }
    const l = this.lineMap.get(addr);
    if (!l) return null;
    let lines = this.sourceText.get(l.file) ?? KERNEL_SOURCE_LINES.get(l.file);
    if (!lines) {
      try {
        lines = kernelSource(basename(l.file)).split('\n');
        KERNEL_SOURCE_LINES.set(l.file, lines);
      } catch {
        try {
          lines = readFileSync(l.file, 'utf8').split('\n');
        } catch {
          lines = [];
        }
      }
      this.sourceText.set(l.file, lines);
    }
    const text = (lines[l.line - 1] ?? '').replace(/\s+/g, ' ').trim();
    return l.macro ? { file: l.file, line: l.line, text, macro: l.macro } : { file: l.file, line: l.line, text };
  }

  protected requireAlive(): void {
    if (this.exitText) throw new CommandError(`the program is not being run (${this.exitText}); press r to restart`);
  }

  protected exprContext() {
    return {
      register: (n: string) => registerForExpression(this.machine, n),
      symbol: (n: string) => this.symbols.lookup(n),
    };
  }

  protected instructionAt(pc: bigint): { mnemonic: string; length: number; modeSwitch: boolean } | null {
    const bytes = this.readMemory(pc, 15);
    if (!bytes) return null;
    const insn = this.cache.decode(bytes, this.machine.bitness as Bitness, pc);
    const mn = insn.mnemonic;
    return { mnemonic: mn, length: insn.length, modeSwitch: mn === 'syscall' || mn === 'sysenter' || (mn === 'int' && insn.bytes[0] === 0xcd) };
  }
}
