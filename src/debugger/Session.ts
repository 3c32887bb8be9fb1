// A debugging session around machine + kernel: stepping across mode switches, breakpoints and
// catchpoints, inspection commands, and a view model per stop. Knows nothing of Ink.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { type ControlTransfer, type Machine, type RegName, type StepResult, PROFILES, DEFAULT_PROFILE, unknownProfileMessage } from '../machine/index.js';
import { LinuxKernel, type TracedSyscall } from '../kernel/LinuxKernel.js';
import type { HostFsOptions } from '../kernel/hostFs.js';
import { kernelSource } from '../kernel/kernelAssembler.js';
import { formatExit, formatIsRegisterOnly, formatKilled, formatSignal, formatSyscall, traceMemoryNeeds, type TraceMemoryReader, type TraceRead } from '../kernel/straceFormat.js';
import { syscallByName, syscallByNumber } from '../kernel/syscallTable.js';
import { type Bitness, formatAtt } from '../x86/index.js';
import { BreakpointTable, type Catchpoint, type CodeBreakpoint, type EntryEvent, describeCatch, formatBreakpointTable } from './breakpoints.js';
import { buildCodeView, type CodeContext, decodeForward, InstructionCache, previousInstruction, searchCode, type SourceLine } from './codeView.js';
import { disassembleFunction } from './disassembleCommand.js';
import { COMMAND_HELP, type Command, CommandError, parseCommand } from './commands.js';
import type { DebugTarget } from './DebugTarget.js';
import { examine } from './examineMemory.js';
import { evaluate, ExpressionError, parseExpression } from './expression.js';
import { formatInfoFloat, formatInfoVector, fpuRegisterLine, readFpu } from './fpuView.js';
import { formatIdt, formatMsrs, formatRegisters, formatTss } from './infoText.js';
import { KernelStackTracker } from './kernelStack.js';
import { type LoadedProgram, loadProgram } from '../program/loadProgram.js';
import { buildRegistersView, readRegisters, registerForExpression, type RegisterSnapshot } from './registersView.js';
import { RoundTripMeter } from './roundTrips.js';
import { TransitionLog } from './transitionLog.js';
import { isStraightLine, returnsFromCall } from './plainCalls.js';
import { SnapshotPacer } from './snapshotPacer.js';
import { ProgramSource, type SourcePosition } from './programSource.js';
import { formatFrame, infoLineAt, infoLineOf, infoSource, listSource, type ListState, resolveLinespec } from './sourceCommands.js';
import { type StackFrame, unwindStack } from './callStack.js';
import { type LineStepper, stepLine } from './sourceStepping.js';
import { SymbolTable } from './symbols.js';
import { formatSharedLibraries, SharedLibraries } from './sharedLibraries.js';
import { SyscallLog } from './syscallLog.js';
import { type EntryMethod, hex, type MemoryMapRow, modeString, type ViewModel } from './viewModel.js';

export interface SessionOptions {
  program: string;
  profile?: string;
  kernel?: 'i386' | 'x86_64';
  args?: string[];
  env?: string[];
  /** Bytes the guest reads from stdin (default: none, end of file). */
  stdin?: Uint8Array;
  /** What of the host's files the guest sees and may change (--root, --writable). */
  hostFs?: HostFsOptions;
}

/** Milliseconds of machine time per slice of a continue: pause latency and snapshot pacing. */
const SLICE_MS = 15;
const OUTPUT_LIMIT = 64 * 1024;
/** Syscall lines in a view (the pane scrolls back through them). */
const SYSCALL_LINES = 500;
/** Transitions in a view (the log keeps more). */
const TRANSITION_ROWS = 300;
const NO_READS: readonly TraceRead[] = [];
/** Commands that execute guest instructions (what register highlights are relative to). */
const RUNS_MACHINE = new Set<Command['kind']>(['stepi', 'nexti', 'step', 'next', 'continue', 'finish']);

type RunGoal =
  | { kind: 'continue' }
  | { kind: 'untilUser' }
  | { kind: 'untilReturn'; addr: bigint; sp: bigint };

type StopInfo = { reason: string; modeSwitch?: string | null };

/** How a syscall's line is kept: formatted from registers alone or not, and how many arguments it shows. */
type TraceShape = { registerOnly: boolean; argc: number };

const enc = new TextDecoder();
/** Shared by the sessions of a process (a restart, another program): the kernel's code and sources
 *  are the same, and decoded instructions are checked against their bytes. */
const SHARED_INSTRUCTIONS = new InstructionCache();
const KERNEL_SOURCE_LINES = new Map<string, string[]>();

export class Session implements DebugTarget {
  private kernel!: LinuxKernel;
  private machine!: Machine;
  private program!: LoadedProgram;
  private symbols = new SymbolTable();
  /** The shared objects mapped so far (ld.so at exec, the rest as it maps them). */
  private libraries: SharedLibraries | null = null;
  /** A file mapping was made since the objects were last looked for. */
  private mapsDirty = false;
  /** A `catch load` that a newly mapped object matched: the stop, at the syscall's return to user mode. */
  private loadStopReason: string | null = null;
  /** A pending breakpoint got its address inside run(): the slice must arm it. */
  private rearmNeeded = false;
  private lineMap = new Map<bigint, { file: string; line: number; macro?: string }>();
  private sourceText = new Map<string, string[]>();
  /** DWARF lines and functions of the program (C built with -g), and its source files. */
  private source!: ProgramSource;
  /** The load bias the source's addresses carry (a PIE's). */
  private sourceBias = 0n;
  private listState: ListState | null = null;
  /** The frame `up`/`down`/`frame N` selected (0: where the program stopped). */
  private selectedFrame = 0;
  private readonly breakpoints = new BreakpointTable();
  private tracker!: KernelStackTracker;
  private readonly cache = SHARED_INSTRUCTIONS;
  private meter = new RoundTripMeter();
  private prevRegs: RegisterSnapshot | null = null;
  private listeners = new Set<(v: ViewModel) => void>();
  private current!: ViewModel;
  private modeStops = false;
  private running = false;
  private interruptRequested = false;
  private stopReason = 'at program entry';
  /** Where the Code pane shows code while the user browses (null: around the PC). */
  private codeAnchor: bigint | null = null;
  private modeSwitchText: string | null = null;
  private message: string | null = null;
  private lastTransfer: ControlTransfer | null = null;
  private output = '';
  /** The Syscalls pane's lines, as many as a view shows. */
  private readonly syscallLog = new SyscallLog(SYSCALL_LINES, (ev, memory) => this.formatLine(ev, memory));
  /** Per ABI and syscall number: how its line is kept (looked up once, then at every syscall). */
  private readonly traceShapes = { i386: [] as (TraceShape | undefined)[], x86_64: [] as (TraceShape | undefined)[] };
  private vdsoEntries = new Set<bigint>();
  /** Where a counted user-level call begins: the vDSO's functions (by the syscall each stands for) and the program's straight-line functions. */
  private callEntries = new Map<bigint, { method: 'vdso' | 'call'; name: string }>();
  /** The native kernel functions' addresses: run() steps each so the C handler's cycles are known. */
  private nativeAddrs: bigint[] = [];
  /** Syscall names by ABI and number, looked up once. */
  private readonly transitions = new TransitionLog();
  private readonly syscallNames = { i386: [] as (string | undefined)[], x86_64: [] as (string | undefined)[] };
  private lastX: { addr: bigint; format: NonNullable<Extract<Command, { kind: 'x' }>['format']>; unit: NonNullable<Extract<Command, { kind: 'x' }>['unit']> } | null = null;
  private lastCommand: string | null = null;
  private exitText: string | null = null;
  private profileName: string;
  private displayName = '';
  private stackTop = 0n;
  private sliceInstructions = 200_000;
  private readonly pacer = new SnapshotPacer();

  private constructor(private readonly options: SessionOptions) {
    this.profileName = options.profile ?? DEFAULT_PROFILE;
  }

  /** Load the program, boot the kernel and stop at the program's first instruction. */
  static async create(options: SessionOptions): Promise<Session> {
    if (options.profile && !PROFILES[options.profile]) {
      throw new Error(unknownProfileMessage(options.profile));
    }
    const s = new Session(options);
    s.program = await loadProgram(options.program, { cache: true });
    s.displayName = basename(options.program);
    if (s.program.fromSource) s.sourceText.set(options.program, readFileSync(options.program, 'utf8').split('\n'));
    s.source = ProgramSource.of(s.program.elf, s.program.lines);
    await s.boot();
    return s;
  }

  // ------------------------------------------------------------------ boot
  private async boot(): Promise<void> {
    const prog = this.program;
    this.output = '';
    this.syscallLog.clear();
    this.meter = new RoundTripMeter();
    this.exitText = null;
    this.codeAnchor = null;
    this.lastTransfer = null;
    this.prevRegs = null;
    const stdin = this.options.stdin ?? new Uint8Array(0);
    let stdinPos = 0;
    this.kernel = await LinuxKernel.boot({
      elf: prog.elf,
      execPath: prog.path,
      argv: [prog.path, ...(this.options.args ?? [])],
      envp: this.options.env ?? [],
      profile: this.profileName,
      kernel: this.options.kernel,
      hostFs: this.options.hostFs,
      exeFile: prog.file,
      streams: {
        readStdin: (max) => {
          const chunk = stdin.subarray(stdinPos, stdinPos + max);
          stdinPos += chunk.length;
          return chunk;
        },
        writeStdout: (b) => this.appendOutput(b),
        writeStderr: (b) => this.appendOutput(b),
      },
      onSyscall: (ev) => this.onSyscall(ev),
      onSignal: (sig) => {
        const line = formatSignal(sig.name, sig.code, sig.addr);
        this.syscallLog.pushNote(line);
        this.transitions.signal(`${sig.name} delivered to its handler: the kernel builds a signal frame on the user stack and returns to the handler (${line})`, this.machine.cycles);
      },
    });
    this.machine = this.kernel.machine;
    const L = this.kernel.layout;
    this.stackTop = L.stack + BigInt(L.stackSize);
    this.tracker = new KernelStackTracker(L.bits === 64 ? 8 : 4, null);

    this.symbols = new SymbolTable();
    const vdso = this.kernel.mm.vmas.find((v) => v.name === '[vdso]');
    // a PIE's symbols are relative to where exec put it
    const bias = prog.pie ? this.kernel.image.bias : 0n;
    for (const [name, addr] of prog.symbols) this.symbols.add(name, addr + bias, 'user');
    // and so are its DWARF addresses (the first boot tells where exec put it)
    if (bias !== 0n && this.sourceBias !== bias) {
      this.source = ProgramSource.of(prog.elf, prog.lines, bias);
      this.sourceBias = bias;
    }
    this.libraries = new SharedLibraries((p) => this.kernel.files.host.hostPath(p), prog.path);
    this.mapsDirty = true;
    this.noteMappedObjects();
    this.loadStopReason = null;
    this.vdsoEntries.clear();
    this.callEntries.clear();
    this.stackLoads.clear();
    this.entryNames.clear();
    this.lastEntry = null;
    for (const [name, addr] of this.kernel.symbols) {
      const inVdso = vdso !== undefined && addr >= vdso.start && addr < vdso.end;
      this.symbols.add(name, addr, inVdso ? 'vdso' : 'kernel');
      // A vDSO call enters one of its exported __vdso_* functions; internal labels (do_hres) and
      // __kernel_vsyscall (counted as its SYSENTER/SYSCALL) are not calls of their own.
      if (inVdso && name.startsWith('__vdso_')) {
        this.vdsoEntries.add(addr);
        this.callEntries.set(addr, { method: 'vdso', name: name.slice('__vdso_'.length) });
      }
    }
    this.nativeAddrs = [...this.machine.natives.keys()].map((a) => BigInt.asUintN(64, BigInt(a)));
    // Plain calls are counted in programs assembled from source: an ELF's many small helpers
    // would each stop run() twice per call.
    if (prog.fromSource) {
      const bits = this.machine.bitness as Bitness;
      for (const [name, addr] of prog.symbols) {
        if (!this.callEntries.has(addr) && isStraightLine((a, n) => this.readMemory(a, n), this.cache, addr, bits)) this.callEntries.set(addr, { method: 'call', name });
      }
    }
    // Breakpoints set by symbol follow the symbol into the new boot (another profile may mean another kernel).
    for (const bp of this.breakpoints.all()) {
      // (a program's own function or line stays where it was: the program is the same file)
      if (bp.kind !== 'code' || !/^[A-Za-z_.][\w.@]*$/.test(bp.where) || this.source.functionNamed(bp.where)) continue;
      const addr = this.symbols.lookup(bp.where);
      if (addr !== undefined) bp.addr = addr;
      // a library's symbol: pending again until ld.so maps the library in this boot
      else if (this.kernel.interpreter !== null) bp.pending = true;
    }
    this.lineMap.clear();
    for (const l of prog.lines) this.lineMap.set(l.addr, { file: l.file, line: l.line });
    for (const l of this.kernel.kernelCode.lines) if (!this.lineMap.has(l.addr)) this.lineMap.set(l.addr, l);

    // Run the kernel's boot path (syscall_init, the first return to user mode) to the program entry.
    this.runSync({ kind: 'untilUser' }, 5_000_000);
    this.meter = new RoundTripMeter();
    this.transitions.clear();
    this.stopReason = `at program entry (${this.symbols.describe(this.machine.getReg('rip')) ?? hex(this.machine.getReg('rip'))})`;
    this.modeSwitchText = null;
    this.prevRegs = null;
    this.current = this.buildView();
    this.prevRegs = readRegisters(this.machine);
  }

  private appendOutput(b: Uint8Array): void {
    this.output += enc.decode(b);
    if (this.output.length > OUTPUT_LIMIT) this.output = this.output.slice(-OUTPUT_LIMIT);
  }

  private onSyscall(ev: TracedSyscall): void {
    if ((ev.name === 'mmap' || ev.name === 'mmap2') && ev.ret !== null && (ev.ret & 0xfffn) === 0n) this.mapsDirty = true;
    // Lines are formatted when shown (most never are, while running), from the event's numbers and
    // a copy of the memory they read, as it was now; only paths and iovecs are formatted at once.
    const shapes = this.traceShapes[ev.abi];
    let shape = shapes[ev.nr];
    // strace shows a known syscall's own arguments, an unknown one's six
    if (shape === undefined) shape = shapes[ev.nr] = { registerOnly: formatIsRegisterOnly(ev.abi, ev.nr), argc: syscallByNumber(ev.abi, ev.nr)?.args.length ?? 6 };
    const reads = shape.registerOnly ? NO_READS : traceMemoryNeeds(ev);
    if (reads === null || !this.syscallLog.pushPending(ev, reads, this.traceReader, shape.argc)) this.syscallLog.push(ev, this.formatLine(ev));
  }

  private readonly traceReader = (a: bigint, n: number): Uint8Array | null => this.kernel.readUserForTrace(a, n);

  private formatLine(ev: TracedSyscall, memory: TraceMemoryReader | null = null): string {
    return formatSyscall({ abi: ev.abi, nr: ev.nr, args: ev.args, ret: ev.ret }, memory ?? this.traceReader);
  }

  // ------------------------------------------------------------------ DebugTarget
  browseCode(addr: string | null, before = false): string | null {
    if (addr === null) this.codeAnchor = null;
    else {
      const a = BigInt(`0x${addr}`);
      this.codeAnchor = before ? (previousInstruction(this.codeContext(), this.cache, a, this.machine.bitness as Bitness) ?? a) : a;
    }
    this.publish(this.running);
    return this.codeAnchor === null ? null : hex(this.codeAnchor);
  }

  searchCode(text: string, from: string): string | null {
    const bits = this.machine.bitness as Bitness;
    const hit = searchCode(this.codeContext(), this.cache, BigInt(`0x${from}`), bits, text);
    if (hit !== null) return hex(hit);
    // Not in the code that follows: a symbol by that name (program, kernel, vDSO).
    const needle = text.toLowerCase();
    const name = this.symbols.names().find((n) => n.toLowerCase() === needle) ?? this.symbols.names().find((n) => n.toLowerCase().includes(needle));
    const a = name === undefined ? undefined : this.symbols.lookup(name);
    return a === undefined ? null : hex(a);
  }

  /** SYMBOL or *EXPR as a code address, or null when it is neither (a source linespec). */
  private codeLocation(where: string): bigint | null {
    if (where.startsWith('*')) return evaluate(parseExpression(where.slice(1)), this.exprContext());
    return this.symbols.lookup(where) ?? null;
  }

  view(): ViewModel {
    return this.current;
  }

  subscribe(listener: (v: ViewModel) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  interrupt(): boolean {
    if (this.running) this.interruptRequested = true;
    return this.running;
  }

  dispose(): void {
    this.interruptRequested = true;
    this.listeners.clear();
  }

  async execute(line: string): Promise<void> {
    let text = line.trim();
    if (!text && this.lastCommand) text = this.lastCommand;
    if (this.running) {
      this.message = 'error: the program is running (press p or Ctrl-C to interrupt)';
      this.publish(true);
      return;
    }
    this.message = null;
    let cmd: Command | null;
    try {
      cmd = parseCommand(text);
    } catch (e) {
      this.message = `error: ${(e as Error).message}`;
      this.publish();
      return;
    }
    if (!cmd) return;
    this.lastCommand = text;
    // Highlights compare with the state before the last command that ran the machine: an `info`
    // or `x` in between keeps them.
    if (RUNS_MACHINE.has(cmd.kind)) {
      this.prevRegs = readRegisters(this.machine);
      this.listState = null; // a new stop: `list` centres on it again
      this.selectedFrame = 0;
      this.codeAnchor = null;
    }
    if (cmd.kind === 'list' && cmd.where === '.') {
      this.codeAnchor = null;
      this.message = null;
      this.publish();
      return;
    }
    try {
      await this.run(cmd);
    } catch (e) {
      if (!(e instanceof CommandError || e instanceof ExpressionError)) throw e;
      this.message = `error: ${e.message}`;
    }
    this.publish();
  }

  // ------------------------------------------------------------------ commands
  private async run(cmd: Command): Promise<void> {
    switch (cmd.kind) {
      case 'stepi':
        return this.stepi(cmd.count);
      case 'nexti':
        for (let i = 0; i < cmd.count && !this.exitText; i++) {
          const stopped = await this.nexti();
          if (stopped) break;
        }
        return;
      case 'continue':
        this.requireAlive();
        this.modeSwitchText = null;
        return this.runAsync({ kind: 'continue' });
      case 'finish':
        return this.finish();
      case 'step':
      case 'next':
        return this.sourceStep(cmd.kind === 'step', cmd.count);
      case 'list': {
        // Where there are no source lines to list (assembly, the kernel), a symbol or *ADDR moves
        // the Code pane there instead.
        const at = cmd.where === null || cmd.where === '-' ? null : this.codeLocation(cmd.where);
        try {
          const r = listSource(this.source, cmd.where, this.position(), this.listState);
          this.listState = r.state;
          this.message = r.text;
        } catch (e) {
          if (at === null || !(e instanceof CommandError)) throw e;
          this.codeAnchor = at;
          this.message = `Code pane at ${this.symbols.format(at)} (PgUp/PgDn browse, list . back to the PC)`;
        }
        return;
      }
      case 'disassemble': {
        const pc = this.machine.getReg('rip');
        const at = cmd.where === null ? pc : this.codeLocation(cmd.where);
        if (at === null) throw new CommandError(`No symbol "${cmd.where}" in current context.`);
        this.message = disassembleFunction(this.codeContext(), this.cache, at, this.machine.bitness as Bitness, pc);
        return;
      }
      case 'backtrace':
        this.message = this.backtrace(cmd.limit);
        return;
      case 'frame':
        return this.selectFrame(cmd.how, cmd.n);
      case 'break':
        return this.addBreakpoint(cmd);
      case 'delete': {
        const missing = this.breakpoints.delete(cmd.numbers);
        this.message = missing.length ? `error: no breakpoint number ${missing.join(', ')}` : cmd.numbers.length ? `Deleted ${cmd.numbers.join(', ')}` : 'Deleted all breakpoints';
        return;
      }
      case 'disable':
      case 'enable': {
        const missing = this.breakpoints.setEnabled(cmd.numbers, cmd.kind === 'enable');
        this.message = missing.length ? `error: no breakpoint number ${missing.join(', ')}` : `${cmd.kind === 'enable' ? 'Enabled' : 'Disabled'} ${cmd.numbers.join(', ') || 'all'}`;
        return;
      }
      case 'catch':
        return this.addCatch(cmd.spec);
      case 'info':
        this.message = this.info(cmd.topic, cmd.args);
        return;
      case 'x':
        return this.examine(cmd);
      case 'profile':
        if (!cmd.name) {
          this.message = `profile ${this.profileName} (known: ${Object.keys(PROFILES).join(', ')})`;
          return;
        }
        if (!PROFILES[cmd.name]) throw new CommandError(unknownProfileMessage(cmd.name));
        this.profileName = cmd.name;
        await this.boot();
        this.message = `profile ${cmd.name}: restarted`;
        return;
      case 'restart':
        await this.boot();
        this.message = 'restarted';
        return;
      case 'help':
        this.message = COMMAND_HELP.map(([c, what]) => `${c.padEnd(46)} ${what}`).join('\n');
        return;
      case 'modeStops':
        this.modeStops = cmd.on ?? !this.modeStops;
        this.message = `stop at every mode switch: ${this.modeStops ? 'on' : 'off'}`;
        return;
      case 'quit':
        return;
    }
  }

  private requireAlive(): void {
    if (this.exitText) throw new CommandError(`the program is not being run (${this.exitText}); press r to restart`);
  }

  /** The breakpoint's address; null for a symbol no object has yet (a pending breakpoint). */
  private resolveLocation(cmd: Extract<Command, { kind: 'break' }>): bigint | null {
    const loc = cmd.location;
    if (loc.kind === 'line') {
      const at = loc.file === null ? resolveLinespec(this.source, String(loc.line), this.position()) : resolveLinespec(this.source, loc.text, null);
      const line = this.source.nearestLineWithCode(at.file, at.line);
      if (line === null) throw new CommandError(`No line ${at.line} in file "${loc.file ?? at.file}" with code.`);
      // (a line with code in several blocks, e.g. a loop's condition, breaks at the first)
      return this.source.addressesOf(at.file, line)[0]!;
    }
    if (loc.kind === 'symbol') {
      const fn = this.source.functionNamed(loc.name);
      if (fn) return this.source.breakAddress(fn, (a, n) => this.readMemory(a, n));
      const a = this.symbols.lookup(loc.name);
      if (a === undefined) {
        // a dynamically linked program may yet load an object that has it: pending, as gdb makes it
        if (this.kernel.interpreter !== null && /^[A-Za-z_.][\w.@]*$/.test(loc.name)) return null;
        throw new CommandError(`no symbol '${loc.name}' (program, kernel and vDSO symbols are known)`);
      }
      return a;
    }
    return evaluate(loc.expr, this.exprContext());
  }

  private exprContext() {
    return {
      register: (n: string) => registerForExpression(this.machine, n),
      symbol: (n: string) => this.symbols.lookup(n),
    };
  }

  private addBreakpoint(cmd: Extract<Command, { kind: 'break' }>): void {
    const addr = this.resolveLocation(cmd);
    if (addr === null) {
      const bp = this.breakpoints.addPending(cmd.location.text, cmd.temporary, cmd.condition);
      this.message = `Function "${cmd.location.text}" not defined in the objects loaded so far: ${cmd.temporary ? 'temporary breakpoint' : 'breakpoint'} ${bp.number} (${cmd.location.text}) pending on future shared library load.`;
      return;
    }
    if (cmd.condition) {
      // Check the condition parses against this machine's registers now, not at the first hit.
      evaluate(cmd.condition.expr, this.exprContext());
    }
    const bp = this.breakpoints.addCode(addr, cmd.location.text, cmd.temporary, cmd.condition);
    this.message = `${cmd.temporary ? 'Temporary breakpoint' : 'Breakpoint'} ${bp.number} at ${this.symbols.format(addr)}${cmd.condition ? ` if ${cmd.condition.text}` : ''}`;
  }

  private addCatch(spec: Extract<Command, { kind: 'catch' }>['spec']): void {
    let syscalls: { i386: Set<number>; x86_64: Set<number> } | null = null;
    if (spec.kind === 'syscall' && spec.names.length) {
      syscalls = { i386: new Set(), x86_64: new Set() };
      for (const n of spec.names) {
        if (typeof n === 'number') {
          syscalls.i386.add(n);
          syscalls.x86_64.add(n);
          continue;
        }
        const info = syscallByName(n);
        if (!info) throw new CommandError(`unknown syscall '${n}'`);
        if (info.i386 !== undefined) syscalls.i386.add(info.i386);
        if (info.x86_64 !== undefined) syscalls.x86_64.add(info.x86_64);
      }
    }
    const cp = this.breakpoints.addCatch(spec, syscalls);
    this.message = `Catchpoint ${cp.number} (${describeCatch(spec)})`;
  }

  private info(topic: Extract<Command, { kind: 'info' }>['topic'], args: string[]): string {
    const m = this.machine;
    switch (topic) {
      case 'breakpoints':
        return formatBreakpointTable(this.breakpoints.rows((a) => this.symbols.describe(a) ?? hex(a)));
      case 'registers':
        return formatRegisters(m, args, (a) => this.symbols.describe(a), (n) => fpuRegisterLine(n, readFpu(m)));
      case 'sharedlibrary':
        if (this.mapsDirty) this.noteMappedObjects();
        return formatSharedLibraries(this.libraries?.all() ?? [], this.kernel.processBits);
      case 'float':
        return formatInfoFloat(readFpu(m));
      case 'vector':
        return formatInfoVector(readFpu(m));
      case 'mappings':
        return `${this.kernel.procMaps().trimEnd()}\n${this.kernelRegions()
          .map((r) => `${r.start}-${r.end} ${r.perms}  ${r.name} (kernel only)`)
          .join('\n')}`;
      case 'msr':
        return formatMsrs(m);
      case 'idt':
        return formatIdt(m, this.kernel.layout.bits, (a) => this.symbols.describe(a));
      case 'tss':
        return formatTss(m, this.kernel.layout.bits);
      case 'source':
        return infoSource(this.source, this.position());
      case 'line': {
        const spec = args.join(' ').trim();
        if (!spec) return infoLineAt(this.source, this.symbols, this.machine.getReg('rip'));
        if (spec.startsWith('*')) return infoLineAt(this.source, this.symbols, evaluate(parseExpression(spec.slice(1)), this.exprContext()));
        return infoLineOf(this.source, this.symbols, resolveLinespec(this.source, spec, this.position()));
      }
    }
  }

  private examine(cmd: Extract<Command, { kind: 'x' }>): void {
    const addr = evaluate(cmd.address, this.exprContext());
    const format = cmd.format ?? this.lastX?.format ?? 'x';
    const unit = cmd.unit ?? this.lastX?.unit ?? 'w';
    const count = cmd.count ?? 1;
    const r = examine({ addr, count, format, unit }, (a, n) => this.readMemory(a, n), this.symbols, {
      ctx: this.codeContext(),
      cache: this.cache,
      bits: this.machine.bitness as Bitness,
    });
    this.lastX = { addr: r.next, format, unit };
    this.message = r.text;
  }

  // ------------------------------------------------------------------ memory
  private readMemory(addr: bigint, len: number): Uint8Array | null {
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

  private codeContext(): CodeContext {
    return {
      read: (a, n) => this.readMemory(a, n),
      symbols: this.symbols,
      sourceAt: (a) => this.sourceAt(a),
      breakpointAt: (a) => this.breakpoints.stateAt(a),
      nativeAt: (a) => this.machine.nativeAt(a),
    };
  }

  /** The source line of the current stop (of the selected frame), null without line information. */
  private position(): SourcePosition | null {
    if (this.selectedFrame > 0) {
      const f = this.userFrames().frames[this.selectedFrame];
      if (f) return this.source.positionAt(f.lookupPc);
    }
    return this.source.positionAt(this.machine.getReg('rip'));
  }

  // ------------------------------------------------------------------ frames
  /**
   * The user frames: unwound from the registers in user mode; in the kernel, from the user
   * registers the entry code saved in pt_regs (null until it saved ip and sp).
   */
  private userFrames(): { frames: StackFrame[]; kernelPc: bigint | null; note: string | null } {
    const m = this.machine;
    const bits = this.kernel.processBits as 32 | 64;
    const readWord = (a: bigint): bigint | null => this.readSlot(a, bits === 64 ? 8 : 4);
    const cfi = this.source.frames;
    if (m.cpl === 3) return { frames: unwindStack({ cfi, bits, register: (n) => (bits === 64 ? m.getReg(n as RegName) : m.getReg(n.replace(/^e/, 'r') as RegName) & 0xffffffffn), readWord }), kernelPc: null, note: null };
    const saved = this.savedUserRegisters();
    if (!saved) return { frames: [], kernelPc: m.getReg('rip'), note: 'user frames: pt_regs does not hold the user ip and sp yet' };
    return { frames: unwindStack({ cfi, bits, register: (n) => saved.get(n.replace(/^[re](?=[a-z]{2}$)/, '')) ?? 0n, readWord }), kernelPc: m.getReg('rip'), note: null };
  }

  /** The user registers in pt_regs at the top of the kernel stack, once the entry code (or the CPU) saved ip and sp. */
  private savedUserRegisters(): Map<string, bigint> | null {
    const k64 = this.kernel.layout.bits === 64;
    // Byte offsets in struct pt_regs (arch/x86/include/asm/ptrace.h).
    const fields: [string, number][] = k64
      ? [['15', 0], ['14', 8], ['13', 16], ['12', 24], ['bp', 32], ['bx', 40], ['ax', 80], ['cx', 88], ['dx', 96], ['si', 104], ['di', 112], ['ip', 128], ['sp', 152]]
      : [['bx', 0], ['cx', 4], ['dx', 8], ['si', 12], ['di', 16], ['bp', 20], ['ax', 24], ['ip', 48], ['sp', 60]];
    const size = k64 ? 168n : 68n;
    const base = this.stackTop - size;
    const sp = this.machine.getReg('rsp') & (k64 ? 0xffffffffffffffffn : 0xffffffffn);
    const slot = k64 ? 8 : 4;
    // Until the entry code switches to the task's kernel stack, its slots hold an earlier entry's values.
    if (sp < this.kernel.layout.stack || sp > this.stackTop) return null;
    const out = new Map<string, bigint>();
    for (const [name, off] of fields) {
      const a = base + BigInt(off);
      if (a < sp) continue; // not pushed yet
      const v = this.readSlot(a, slot);
      if (v !== null) out.set(name.length === 2 && /\d/.test(name) ? `r${name}` : name, this.kernel.processBits === 32 ? v & 0xffffffffn : v);
    }
    return out.has('ip') && out.has('sp') ? out : null;
  }

  private backtrace(limit: number | null): string {
    const { frames, kernelPc, note } = this.userFrames();
    const bits = this.kernel.processBits as 32 | 64;
    const lines: string[] = [];
    if (kernelPc !== null) lines.push(`#k  ${this.symbols.describe(kernelPc) ?? `0x${hex(kernelPc)}`} (kernel, ring 0; the user frames below are from pt_regs)`);
    for (const f of frames.slice(0, limit ?? frames.length)) lines.push(formatFrame(this.source, this.symbols, f, bits));
    if (limit !== null && frames.length > limit) lines.push('(More stack frames follow...)');
    if (note) lines.push(note);
    return lines.join('\n');
  }

  private selectFrame(how: 'absolute' | 'up' | 'down', n: number | null): void {
    if (this.machine.cpl === 0) throw new CommandError('frame: in the kernel, only bt (the user frames from pt_regs); frames are selected in user mode');
    const { frames } = this.userFrames();
    const want = how === 'absolute' ? (n ?? this.selectedFrame) : how === 'up' ? this.selectedFrame + n! : this.selectedFrame - n!;
    if (want < 0) throw new CommandError('Bottom (innermost) frame selected; you cannot go down.');
    if (want >= frames.length) throw new CommandError('Initial frame selected; you cannot go up.');
    this.selectedFrame = want;
    this.listState = null;
    const f = frames[want]!;
    const pos = this.source.positionAt(f.lookupPc);
    const text = pos && this.source.lineRange(f.lookupPc) ? this.source.lineText(pos.file, pos.line) : null;
    this.message = `${formatFrame(this.source, this.symbols, f, this.kernel.processBits as 32 | 64)}${text !== null ? `\n${pos!.line}\t${text}` : ''}`;
  }

  private sourceAt(addr: bigint): SourceLine | null {
    const c = this.source.hasLines ? this.source.positionAt(addr) : null;
    if (c) return { file: c.file, line: c.line, text: this.source.lineText(c.file, c.line) ?? '', dwarf: true };
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

  // ------------------------------------------------------------------ execution: one step
  /** Execute one instruction (or native function, or interrupt delivery) with all bookkeeping. */
  private stepOnce(): StepResult {
    const m = this.machine;
    const cyclesBefore = m.cycles;
    const sp0 = m.getReg('rsp');
    const rip0 = m.getReg('rip');
    const cpl0 = m.cpl;
    const r = m.step();
    if (r.transfer) this.onTransfer(r.transfer, cyclesBefore);
    else if (r.kind === 'native') this.meter.native(cyclesBefore, r.cycles);
    if (m.cpl === 0) {
      const t = r.transfer;
      const fromUser = t && t.fromCpl === 3 && t.toCpl === 0;
      const oldSp = fromUser ? this.stackTop : sp0;
      const who = cpl0 === 0 ? (this.symbols.containing(rip0)?.name ?? hex(rip0)) : 'user';
      this.tracker.recordPush(this.stackTop, oldSp, m.getReg('rsp'), t, who);
    } else {
      this.checkVdso(cyclesBefore, rip0);
    }
    return r;
  }

  /** vDSO round trips: a call lands on a vDSO entry (from outside one: rip0, null when unknown); the return lands back at the caller. */
  private checkVdso(cyclesBefore: number, rip0: bigint | null, rip = this.machine.getReg('rip')): void {
    const m = this.machine;
    const v = this.meter.vdso;
    if (v && rip === v.returnAddr && m.getReg('rsp') >= v.sp!) {
      const method = v.method;
      const name = v.name;
      const cost = this.meter.endVdso(m.cycles);
      if (method === 'vdso' && cost !== null) this.transitions.vdsoReturn(`__vdso_${name}`, m.cycles, cost);
      return;
    }
    const entry = v ? undefined : this.callEntries.get(rip);
    if (entry && (rip0 === null || !this.callEntries.has(rip0))) {
      const sp = m.getReg('rsp');
      const slot = m.bitness === 64 ? 8 : 4;
      const ret = this.readSlot(sp, slot);
      if (ret === null) return;
      if (entry.method === 'call' && !returnsFromCall((a, n) => this.readMemory(a, n), ret, rip, m.bitness as Bitness)) return;
      this.meter.beginVdso(cyclesBefore, ret, sp + BigInt(slot), entry.method, entry.name);
      if (entry.method === 'vdso') this.transitions.vdsoCall(`__vdso_${entry.name}`, cyclesBefore);
    }
  }

  private readSlot(addr: bigint, size: 4 | 8): bigint | null {
    // (read once per vDSO call while running: no copy kept, one BigInt)
    try {
      return size === 4 ? BigInt(this.machine.readU32(addr)) : this.machine.readU64(addr);
    } catch {
      return null;
    }
  }

  /** Book-keeping for every control transfer: entries, exits, round trips, the CPU's description. */
  private onTransfer(t: ControlTransfer, cyclesBefore: number, wantEvent = true): EntryEvent | null {
    this.lastTransfer = t;
    if (!t.modeSwitch && t.fromCpl === t.toCpl) return null;
    if (t.fromCpl === 3 && t.toCpl === 0) {
      const method = entryMethod(t);
      const name = method ? this.syscallName(method) : null;
      if (method) {
        this.meter.begin(method, cyclesBefore, this.transferCost(t), name);
        this.syscallLog.openVisit();
      }
      this.transitions.enter(t, cyclesBefore, name);
      this.tracker.entered(t, this.nameLastEntry);
      if (!wantEvent) return null;
      let syscall: EntryEvent['syscall'] = null;
      if (method) {
        const rax = this.machine.getReg('rax');
        const nr = Number(method === 'syscall' ? BigInt.asIntN(64, rax) : BigInt.asIntN(32, rax & 0xffffffffn));
        syscall = { abi: method === 'syscall' ? 'x86_64' : 'i386', nr };
      }
      return { direction: 'enter', method, syscall, vector: t.cause === 'int' || t.cause === 'interrupt' || t.cause === 'exception' ? (t.vector ?? null) : null };
    }
    if (t.fromCpl === 0 && t.toCpl === 3) {
      const cost = this.meter.end(this.machine.cycles, this.transferCost(t));
      this.syscallLog.closeVisit(cost);
      this.transitions.exit(t, this.machine.cycles, cost);
      if (this.mapsDirty) this.noteMappedObjects();
      return wantEvent ? { direction: 'exit', method: null, syscall: null, vector: null } : null;
    }
    return null;
  }

  /**
   * Objects mapped since the last look: their symbols, the pending breakpoints they resolve (armed
   * by a new slice), and a matching `catch load` (the stop at this return to user mode).
   */
  private noteMappedObjects(): void {
    this.mapsDirty = false;
    if (!this.libraries) return;
    for (const o of this.libraries.refresh(this.kernel.mm.vmas)) {
      for (const s of o.symbols ?? []) this.symbols.add(s.name, s.addr, 'lib', o.name);
      for (const bp of this.breakpoints.all()) {
        if (bp.kind !== 'code' || !bp.pending) continue;
        const a = this.symbols.lookup(bp.where);
        if (a === undefined) continue;
        bp.addr = a;
        bp.pending = false;
        this.rearmNeeded = true;
      }
      const caught = this.breakpoints.loadCatches(o.path);
      if (caught.length && this.loadStopReason === null) {
        for (const c of caught) c.hits++;
        this.loadStopReason = `catchpoint ${caught[0]!.number}: loaded ${o.path}`;
      }
    }
  }

  /** The syscall a kernel entry by `method` makes: from RAX, by the ABI of the method. */
  private syscallName(method: EntryMethod): string | null {
    const rax = this.machine.getReg('rax');
    const abi = method === 'syscall' ? 'x86_64' : 'i386';
    const nr = Number(method === 'syscall' ? BigInt.asIntN(64, rax) : BigInt.asIntN(32, rax & 0xffffffffn));
    if (nr < 0 || nr >= 1024) return null;
    const names = this.syscallNames[abi];
    let n = names[nr];
    if (n === undefined) n = names[nr] = syscallByNumber(abi, nr)?.name ?? `syscall_${nr}`;
    return n;
  }

  /** Names the tracker's last entry when a frame is shown (not at every syscall while running). */
  private readonly nameLastEntry = (): string => this.entryName(this.tracker.lastEntry!.toRip);
  private entryNames = new Map<bigint, string>();
  /** Name of a kernel entry point (few distinct ones; cached: looked up for every frame shown). */
  private lastEntry: { addr: bigint; name: string } | null = null;
  private entryName(addr: bigint): string {
    const last = this.lastEntry;
    if (last !== null && last.addr === addr) return last.name;
    let n = this.entryNames.get(addr);
    if (n === undefined) {
      n = this.symbols.containing(addr)?.name ?? hex(addr);
      this.entryNames.set(addr, n);
    }
    this.lastEntry = { addr, name: n };
    return n;
  }

  /** The CPU's description of a mode switch, with addresses named by symbol. */
  private describeTransfer(t: ControlTransfer): string {
    return t.description
      .replace(/\(0x([0-9a-f]+)\)/gi, (whole, h: string) => {
        const d = this.symbols.describe(BigInt(`0x${h}`));
        return d ? `(${d})` : whole;
      })
      .replace(/<- 0x([0-9a-f]{6,})(?![0-9a-f(])/gi, (whole, h: string) => {
        const d = this.symbols.labelAt(BigInt(`0x${h}`));
        return d ? `${whole} (${d})` : whole;
      });
  }

  private checkExit(): boolean {
    if (this.exitText) return true;
    const o = this.kernel.outcome();
    if (!o) return false;
    this.meter.abandon();
    if (o.kind === 'exited') this.exitText = `exited with status ${o.status}`;
    else if (o.kind === 'killed') this.exitText = `killed by ${o.signal.name}: ${o.signal.detail.split('\n')[0]}`;
    else return false;
    this.syscallLog.closeVisit(null);
    // The lines `--trace` (strace) ends with.
    if (o.kind === 'killed') {
      this.syscallLog.pushNote(formatSignal(o.signal.name, o.signal.code, o.signal.addr));
      this.syscallLog.pushNote(formatKilled(o.signal.name));
      this.transitions.signal(`killed by ${o.signal.name}: ${o.signal.detail.split('\n')[0]}`, this.machine.cycles);
    } else this.syscallLog.pushNote(formatExit(o.status));
    return true;
  }

  private async stepi(count: number): Promise<void> {
    this.requireAlive();
    this.modeSwitchText = null;
    let reason = 'step';
    for (let i = 0; i < count; i++) {
      const r = this.stepOnce();
      if (r.transfer?.modeSwitch) {
        this.modeSwitchText = this.describeTransfer(r.transfer);
        reason = r.transfer.toCpl === 0 ? `step: entered the kernel (${r.transfer.cause})` : `step: back to user mode (${r.transfer.cause})`;
      } else if (r.kind === 'native') reason = `step: ran ${r.nativeName} (${r.cycles} cycles)`;
      else if (r.transfer) reason = `step: ${r.transfer.cause}`;
      if (this.checkExit()) {
        reason = this.exitText!;
        break;
      }
      if (count > 1 && i < count - 1 && this.breakpoints.codeAddresses().has(this.machine.getReg('rip'))) {
        reason = this.hitBreakpoint() ?? reason;
        if (reason.startsWith('breakpoint') || reason.startsWith('temporary')) break;
      }
    }
    this.stopReason = reason;
  }

  /** Returns true when it stopped for another reason than completing the next. */
  private async nexti(): Promise<boolean> {
    this.requireAlive();
    this.modeSwitchText = null;
    const m = this.machine;
    const rip = m.getReg('rip');
    const bytes = this.readMemory(rip, 15);
    const insn = bytes ? this.cache.decode(bytes, m.bitness as Bitness, rip) : null;
    const mn = insn?.mnemonic ?? '';
    if (m.cpl === 3 && (mn === 'syscall' || mn === 'sysenter' || (mn === 'int' && insn!.bytes[0] === 0xcd))) {
      // Over a whole system call: to the first user instruction after the return.
      await this.runAsync({ kind: 'untilUser' });
      if (this.stopReason === 'returned to user mode') this.stopReason = `next: over ${mn === 'int' ? insn!.text.replace(/\s+/g, ' ') : mn}`;
      return !this.stopReason.startsWith('next');
    }
    if (mn === 'call' && insn) {
      await this.runAsync({ kind: 'untilReturn', addr: rip + BigInt(insn.length), sp: m.getReg('rsp') });
      if (this.stopReason === 'returned') this.stopReason = `next: over ${insn.text.replace(/\s+/g, ' ')}`;
      return !this.stopReason.startsWith('next');
    }
    await this.stepi(1);
    return false;
  }

  /** `step` / `next`: a source line where there is line information, else stepi / nexti. */
  private async sourceStep(into: boolean, count: number): Promise<void> {
    for (let i = 0; i < count; i++) {
      this.requireAlive();
      const m = this.machine;
      const rip = m.getReg('rip');
      const withLines = m.cpl === 3 && this.source.lineRange(rip) !== null;
      // `step` on SYSCALL/SYSENTER/INT enters the kernel, as stepi does.
      if (!withLines || (into && this.instructionAt(rip)?.modeSwitch)) {
        if (into) await this.stepi(1);
        else if (await this.nexti()) return;
        if (this.exitText) return;
        continue;
      }
      this.modeSwitchText = null;
      const r = await stepLine(this.source, this.lineStepper, into);
      if (!('reason' in r)) return;
      this.stopReason = r.reason;
      if (r.reason === 'interrupted') return;
    }
  }

  private instructionAt(pc: bigint): { mnemonic: string; length: number; modeSwitch: boolean } | null {
    const bytes = this.readMemory(pc, 15);
    if (!bytes) return null;
    const insn = this.cache.decode(bytes, this.machine.bitness as Bitness, pc);
    const mn = insn.mnemonic;
    return { mnemonic: mn, length: insn.length, modeSwitch: mn === 'syscall' || mn === 'sysenter' || (mn === 'int' && insn.bytes[0] === 0xcd) };
  }

  private readonly lineStepper: LineStepper = {
    pc: () => this.machine.getReg('rip'),
    sp: () => this.machine.getReg('rsp'),
    user: () => this.machine.cpl === 3,
    instruction: (pc) => this.instructionAt(pc),
    read: (a, n) => this.readMemory(a, n),
    stepInstruction: async () => {
      await this.stepi(1);
      return this.exitText === null;
    },
    stepOver: async () => !(await this.nexti()) && this.exitText === null,
    returnToUser: async () => {
      await this.runAsync({ kind: 'untilUser' });
      return this.stopReason === 'returned to user mode';
    },
    yieldToUser: async () => {
      await this.yieldAndPublish();
      const asked = this.interruptRequested;
      this.interruptRequested = false;
      return asked;
    },
    describe: (pc) => this.symbols.describe(pc) ?? `0x${hex(pc)}`,
  };

  private async finish(): Promise<void> {
    this.requireAlive();
    this.modeSwitchText = null;
    const m = this.machine;
    if (m.cpl === 0) {
      await this.runAsync({ kind: 'untilUser' });
      if (this.stopReason === 'returned to user mode') this.stopReason = 'finish: back in user mode';
      return;
    }
    // User mode: out of the current function, by the return address on the stack at call depth 0.
    let depth = 0;
    const started = performance.now();
    for (let n = 0; n < 50_000_000; n++) {
      const rip = m.getReg('rip');
      const bytes = this.readMemory(rip, 15);
      const insn = bytes ? this.cache.decode(bytes, m.bitness as Bitness, rip) : null;
      const mn = insn?.mnemonic ?? '';
      const wasUser = m.cpl === 3;
      this.stepOnce();
      if (this.checkExit()) {
        this.stopReason = this.exitText!;
        return;
      }
      if (wasUser && mn === 'call') depth++;
      if (wasUser && mn === 'ret') {
        if (depth === 0) {
          this.stopReason = 'finish: returned from the function';
          return;
        }
        depth--;
      }
      if (m.cpl === 3 && this.breakpoints.codeAddresses().has(m.getReg('rip'))) {
        const hit = this.hitBreakpoint();
        if (hit) {
          this.stopReason = hit;
          return;
        }
      }
      if ((n & 0xfff) === 0 && performance.now() - started > SLICE_MS) {
        await this.yieldAndPublish();
        if (this.interruptRequested) {
          this.interruptRequested = false;
          this.stopReason = 'interrupted';
          return;
        }
      }
    }
  }

  /** A code breakpoint at the current RIP: count it if its condition holds. Returns the stop reason or null. */
  private hitBreakpoint(): string | null {
    const rip = this.machine.getReg('rip');
    let reason: string | null = null;
    for (const bp of this.breakpoints.codeAt(rip)) {
      if (!bp.enabled) continue;
      if (bp.condition) {
        let ok = false;
        try {
          ok = evaluate(bp.condition.expr, this.exprContext()) !== 0n;
        } catch (e) {
          this.message = `error: breakpoint ${bp.number} condition: ${(e as Error).message}`;
          ok = true;
        }
        if (!ok) continue;
      }
      bp.hits++;
      reason ??= this.breakpointReason(bp);
      if (bp.temporary) this.breakpoints.remove(bp);
    }
    return reason;
  }

  private breakpointReason(bp: CodeBreakpoint): string {
    return `${bp.temporary ? 'temporary breakpoint' : 'breakpoint'} ${bp.number} at ${this.symbols.describe(bp.addr) ?? `0x${hex(bp.addr)}`}`;
  }

  // ------------------------------------------------------------------ execution: running
  /** Run until the goal, a breakpoint, a catchpoint, a mode stop, exit or an interrupt, in slices. */
  private async runAsync(goal: RunGoal): Promise<void> {
    this.requireAlive();
    this.running = true;
    this.interruptRequested = false;
    // view() says running at once; listeners (the screen) hear of it with the first snapshot,
    // paced by the pacer: not before 100 ms (a shorter run, instant to the eye, draws no frame in
    // between), at most ~30 a second, and rarely enough that building and drawing snapshots (here
    // and in the screen, between slices) takes about a tenth of the wall clock.
    this.current = { ...this.current, status: { ...this.current.status, running: true } };
    const pacer = this.pacer;
    let sliceEnd = performance.now();
    pacer.begin(sliceEnd);
    try {
      for (;;) {
        const t0 = performance.now();
        pacer.offMachine(t0 - sliceEnd);
        const stop = this.runSlice(goal, SLICE_MS);
        sliceEnd = performance.now();
        if (stop) {
          this.stopReason = stop.reason;
          if (stop.modeSwitch !== undefined) this.modeSwitchText = stop.modeSwitch;
          return;
        }
        if (this.interruptRequested) {
          this.stopReason = 'interrupted';
          return;
        }
        if (pacer.due(sliceEnd)) {
          this.publish(true);
          const now = performance.now();
          pacer.published(now, now - sliceEnd);
          sliceEnd = now;
        }
        await new Promise<void>((r) => setImmediate(r));
        if (this.interruptRequested) {
          this.stopReason = 'interrupted';
          return;
        }
      }
    } finally {
      this.running = false;
      this.interruptRequested = false;
    }
  }

  /** Synchronous run (boot, tests): no yielding. */
  private runSync(goal: RunGoal, maxInstructions: number): StopInfo | null {
    let stop: StopInfo | null = null;
    for (let spent = 0; spent < maxInstructions && !stop; spent += this.sliceInstructions) {
      stop = this.runSlice(goal, 1e9);
    }
    return stop;
  }

  /** One slice of machine.run; returns why it stopped for good, or null to keep going. */
  private runSlice(goal: RunGoal, budgetMs: number): StopInfo | null {
    const m = this.machine;
    const started = performance.now();
    // Breakpoints for run(): the user's and the goal's, plus either every vDSO entry (no call in
    // flight) or the return address of the vDSO call in flight. Swapping between the two sets
    // moves RIP off a breakpoint without a single step, so a vDSO call never leaves run().
    const userBps = this.breakpoints.codeAddresses();
    const fixed = new Set<bigint>(userBps);
    // Each native function is stepped (one per syscall), so the C handler's cycles are known.
    for (const a of this.nativeAddrs) fixed.add(a);
    if (goal.kind === 'untilReturn') fixed.add(goal.addr);
    const idle = new Set(fixed);
    for (const a of this.callEntries.keys()) idle.add(a);
    let inFlight: Set<bigint> | null = null;
    let inFlightReturn: bigint | undefined;
    // Each Set keeps its contents once built, so each has one version: run() keeps a converted
    // copy of both and swapping between them per vDSO call costs nothing.
    let version = 0;
    let inFlightVersion = 0;
    const limits = { maxInstructions: 0, breakpoints: idle, breakpointsVersion: 0, onModeSwitch: (_t: ControlTransfer) => false, onBreakpoint: () => 0 };
    const arm = (): void => {
      const ret = this.meter.vdso?.returnAddr;
      let want = idle;
      if (ret !== undefined) {
        if (inFlight === null || inFlightReturn !== ret) {
          inFlight = new Set(fixed).add(ret);
          inFlightReturn = ret;
          inFlightVersion = ++version;
        }
        want = inFlight;
      }
      if (limits.breakpoints !== want) {
        limits.breakpoints = want;
        limits.breakpointsVersion = want === idle ? 0 : inFlightVersion;
      }
    };
    // Mode switches are handled inside run() (round trips, catchpoints, mode stops): run() only
    // returns at one when it is a stop, which waits here.
    let switchStop: StopInfo | null = null;
    const mayStopAtSwitch = this.modeStops || goal.kind === 'untilUser' || this.breakpoints.hasCatchpoints() || this.breakpoints.watchesLoads();
    limits.onModeSwitch = mayStopAtSwitch
      ? (t: ControlTransfer): boolean => {
        if (this.checkExit()) return true;
        switchStop = this.modeSwitchStop(t, goal);
        return switchStop !== null || this.rearmNeeded;
      }
      // No switch can be a stop: only the bookkeeping (an exit stops run() by itself).
      : (t: ControlTransfer): boolean => {
        this.onTransfer(t, t.toCpl === 0 ? this.machine.cycles - this.transferCost(t) : 0, false);
        return false;
      };
    // Breakpoints are handled inside run() too: an internal one (vDSO entry or return, a condition
    // that did not hold) is passed there; run() returns only for a stop, which waits here.
    let bpStop: StopInfo | null = null;
    const vdsoCatches = this.breakpoints.catchpoints().filter((c) => c.spec.kind === 'method' && c.spec.method === 'vdso');
    limits.onBreakpoint = (): number => {
      const rip = m.getReg('rip');
      bpStop = this.breakpointStop(goal, userBps, rip, vdsoCatches);
      if (bpStop !== null) return -1;
      arm();
      // No longer a breakpoint (a vDSO entry or return): run() goes on from here.
      if (!limits.breakpoints.has(rip)) return 0;
      // Still one (a user breakpoint whose condition is false): step over it.
      const s = this.stepOnce();
      if (s.transfer?.modeSwitch) {
        bpStop = this.afterSteppedTransfer(s, goal);
        if (bpStop) return -1;
      }
      if (this.checkExit()) return -1;
      arm();
      return 1;
    };
    let budget = this.sliceInstructions;
    while (budget > 0) {
      arm();
      limits.maxInstructions = budget;
      switchStop = null;
      bpStop = null;
      const r = m.run(limits);
      budget -= r.instructions;
      if (this.checkExit()) return { reason: this.exitText!, modeSwitch: null };
      if (r.reason === 'mode-switch') {
        if (switchStop) return switchStop;
        // a pending breakpoint was resolved: a new slice builds the breakpoint set with it
        if (this.rearmNeeded) { this.rearmNeeded = false; return null; }
        continue;
      }
      if (r.reason === 'breakpoint') {
        if (bpStop) return bpStop;
        continue;
      }
      if (r.reason === 'max-instructions') break;
      if (r.reason === 'halted') return { reason: 'halted (no timer to wake the CPU)', modeSwitch: null };
      return { reason: r.message ? `stopped: ${r.message}` : `stopped (${r.reason})`, modeSwitch: null };
    }
    // Adapt the slice so one takes about budgetMs.
    const took = performance.now() - started;
    if (budgetMs < 1e8) {
      if (took < budgetMs / 2) this.sliceInstructions = Math.min(5_000_000, this.sliceInstructions * 2);
      else if (took > budgetMs * 2) this.sliceInstructions = Math.max(10_000, Math.floor(this.sliceInstructions / 2));
    }
    return null;
  }

  /** At a breakpoint inside machine.run(): vDSO round trips, then the stop it is, if any. */
  private breakpointStop(goal: RunGoal, userBps: Set<bigint>, rip: bigint, vdsoCatches: Catchpoint[]): StopInfo | null {
    const m = this.machine;
    // run() stops at a vDSO entry right after the call that landed there (cost callRet), so the
    // round trip is counted from that call, as a single step counts it.
    if (m.cpl === 3) this.checkVdso(m.cycles - m.profile.costs.callRet, null, rip);
    if (goal.kind === 'untilReturn' && rip === goal.addr && m.getReg('rsp') >= goal.sp) return { reason: 'returned', modeSwitch: null };
    // catch method vdso: a call landed on a vDSO entry point.
    if (vdsoCatches.length && m.cpl === 3 && this.vdsoEntries.has(rip)) {
      for (const c of vdsoCatches) c.hits++;
      return { reason: `catchpoint ${vdsoCatches[0]!.number}: vDSO call ${this.symbols.describe(rip) ?? hex(rip)}`, modeSwitch: null };
    }
    if (userBps.has(rip)) {
      const hit = this.hitBreakpoint();
      if (hit) return { reason: hit, modeSwitch: null };
    }
    return null;
  }

  /** Book-keeping for a mode switch taken inside machine.run(); the stop it asks for, if any. */
  private modeSwitchStop(t: ControlTransfer, goal: RunGoal): StopInfo | null {
    const m = this.machine;
    // Entry cost was charged by the transfer itself: the round trip starts before it.
    const entryCost = t.toCpl === 0 ? this.transferCost(t) : 0;
    const ev = this.onTransfer(t, m.cycles - entryCost);
    if (!ev) return null;
    const loaded = this.takeLoadStop();
    if (loaded !== null) return { reason: loaded, modeSwitch: this.describeTransfer(t) };
    const caught = this.breakpoints.matchCatch(ev);
    if (caught.length) {
      for (const c of caught) c.hits++;
      const c = caught[0]!;
      const what = c.spec.kind === 'syscall' && ev.syscall
        ? `syscall ${syscallByNumber(ev.syscall.abi, ev.syscall.nr)?.name ?? ev.syscall.nr} (${ev.method})`
        : describeCatch(c.spec);
      return { reason: `catchpoint ${c.number}: ${what}`, modeSwitch: this.describeTransfer(t) };
    }
    if (this.modeStops) return { reason: `mode switch: ${ev.direction === 'enter' ? 'user -> kernel' : 'kernel -> user'} (${t.cause})`, modeSwitch: this.describeTransfer(t) };
    if (goal.kind === 'untilUser' && ev.direction === 'exit') return { reason: 'returned to user mode', modeSwitch: this.describeTransfer(t) };
    return null;
  }

  /** The `catch load` stop a newly mapped object asked for (once), or null. */
  private takeLoadStop(): string | null {
    const reason = this.loadStopReason;
    this.loadStopReason = null;
    return reason;
  }

  /** Catchpoints and mode stops for a transfer taken by a single step inside runSlice. */
  private afterSteppedTransfer(s: StepResult, goal: RunGoal): StopInfo | null {
    const t = s.transfer!;
    const ev: EntryEvent = t.toCpl === 0
      ? { direction: 'enter', method: entryMethod(t), syscall: null, vector: t.vector ?? null }
      : { direction: 'exit', method: null, syscall: null, vector: null };
    if (ev.method) {
      const nr = Number(BigInt.asIntN(32, this.machine.getReg('rax') & 0xffffffffn));
      ev.syscall = { abi: ev.method === 'syscall' ? 'x86_64' : 'i386', nr: ev.method === 'syscall' ? Number(BigInt.asIntN(64, this.machine.getReg('rax'))) : nr };
    }
    const desc = this.describeTransfer(t);
    if (ev.direction === 'exit') {
      if (this.mapsDirty) this.noteMappedObjects();
      const loaded = this.takeLoadStop();
      if (loaded !== null) return { reason: loaded, modeSwitch: desc };
    }
    const caught = this.breakpoints.matchCatch(ev);
    if (caught.length) {
      for (const c of caught) c.hits++;
      return { reason: `catchpoint ${caught[0]!.number}: ${describeCatch(caught[0]!.spec)}`, modeSwitch: desc };
    }
    if (this.modeStops) return { reason: `mode switch: ${ev.direction === 'enter' ? 'user -> kernel' : 'kernel -> user'} (${t.cause})`, modeSwitch: desc };
    if (goal.kind === 'untilUser' && ev.direction === 'exit') return { reason: 'returned to user mode', modeSwitch: desc };
    return null;
  }

  private transferCost(t: ControlTransfer): number {
    const c = this.machine.profile.costs;
    switch (t.cause) {
      case 'syscall':
        return c.syscall;
      case 'sysenter':
        return c.sysenter;
      case 'int':
      case 'interrupt':
      case 'exception':
        return c.intGate;
      case 'sysret':
        return c.sysret;
      case 'sysexit':
        return c.sysexit;
      case 'iret':
        return c.iret;
      default:
        return 0;
    }
  }

  private async yieldAndPublish(): Promise<void> {
    this.publish(true);
    await new Promise<void>((r) => setImmediate(r));
  }

  // ------------------------------------------------------------------ the view model
  private publish(running = false): void {
    this.current = this.buildView(running);
    for (const l of this.listeners) l(this.current);
  }

  private kernelRegions(): { start: string; end: string; perms: string; name: string; lo: bigint; hi: bigint }[] {
    const L = this.kernel.layout;
    const text = this.kernel.kernelCode;
    // Whole pages, as /proc/self/maps shows mappings (4-character permissions, page-aligned ends).
    const r = (lo: bigint, size: number, perms: string, name: string) => {
      const hi = lo + ((BigInt(size) + 0xfffn) & ~0xfffn);
      return { start: hex(lo, 8), end: hex(hi, 8), perms: `${perms}p`, name, lo, hi };
    };
    return [
      r(L.text, text.bytes.length, 'r-x', 'kernel text (entry code)'),
      r(L.natives, 4096, 'r-x', 'kernel C functions (native)'),
      r(L.gdt, 4096, 'rw-', 'GDT'),
      r(L.idt, 4096, 'rw-', 'IDT'),
      r(L.percpu, 0x3000, 'rw-', 'per-cpu (TSS, entry stack)'),
      r(L.stack, L.stackSize, 'rw-', 'task kernel stack'),
    ];
  }

  private memoryMap(rip: bigint): MemoryMapRow[] {
    const rows: MemoryMapRow[] = [...this.kernel.mm.vmas]
      .sort((a, b) => (a.start < b.start ? -1 : 1))
      .map((v) => ({
        start: hex(v.start, 8),
        end: hex(v.end, 8),
        perms: `${v.read ? 'r' : '-'}${v.write ? 'w' : '-'}${v.exec ? 'x' : '-'}p`,
        name: v.name ?? '',
        kernelOnly: false,
        current: rip >= v.start && rip < v.end,
      }));
    for (const k of this.kernelRegions()) rows.push({ start: k.start, end: k.end, perms: k.perms, name: k.name, kernelOnly: true, current: rip >= k.lo && rip < k.hi });
    return rows;
  }

  private buildView(running = false): ViewModel {
    const m = this.machine;
    const rip = m.getReg('rip');
    const bits = m.bitness;
    const regs = readRegisters(m);
    const vdso = this.kernel.mm.vmas.find((v) => v.name === '[vdso]');
    const shown = this.codeAnchor ?? rip;
    // (browsing: the region of the code shown; user code is in a VMA of the process)
    const inVma = this.codeAnchor !== null && this.kernel.mm.vmas.some((v) => shown >= v.start && shown < v.end);
    const region = vdso && shown >= vdso.start && shown < vdso.end ? 'vdso' : (this.codeAnchor === null ? m.cpl === 0 : !inVma) ? 'kernel' : 'user';
    const inFlight = this.meter.inFlight ?? this.meter.vdso;
    const sp = m.getReg('rsp');
    return {
      code: this.codeView(rip, bits as Bitness, region),
      registers: buildRegistersView(m, regs, this.prevRegs),
      kernelStack: this.tracker.build({ readSlot: (a, n) => this.readSlot(a, n) }, this.stackTop, this.kernel.layout.stackSize, m.longMode ? sp : sp & 0xffffffffn, m.cpl === 0, this.lastTransfer, (a) => (a >= this.kernel.layout.text ? this.symbols.describe(a) : null), this.stackSwitched(rip)),
      memoryMap: this.memoryMap(rip),
      cycles: {
        profile: this.profileName,
        total: m.cycles,
        methods: this.meter.rows(this.kernel.kind === 'x86_64' && this.kernel.processBits === 64 ? ['call', 'vdso', 'syscall', 'int80'] : ['call', 'vdso', 'sysenter', 'syscall32', 'int80']),
        inFlight: inFlight ? { method: inFlight.method, cycles: m.cycles - inFlight.startCycles } : null,
        ratios: this.meter.ratios(),
        bySyscall: this.meter.syscalls(),
        lastTrip: this.meter.last,
      },
      syscalls: this.syscallLog.last(SYSCALL_LINES),
      syscallTotal: this.syscallLog.total,
      output: this.output,
      status: {
        mode: modeString(m.cpl, bits),
        kernel: m.cpl === 0,
        stopReason: this.exitText && !this.stopReason.startsWith('exited') && !this.stopReason.startsWith('killed') ? `${this.stopReason} · ${this.exitText}` : this.stopReason,
        modeSwitch: this.modeSwitchText,
        running,
        exited: this.exitText !== null,
        modeStops: this.modeStops,
        message: this.message,
        program: this.displayName,
        profile: this.profileName,
        kernelName: this.kernel.kind,
      },
      breakpoints: this.breakpoints.rows((a) => this.symbols.describe(a) ?? hex(a)),
      transitions: this.transitions.last(TRANSITION_ROWS, (t) => this.describeTransfer(t), (a) => this.symbols.describe(a) ?? `0x${hex(a)}`),
      transitionTotal: this.transitions.total,
    };
  }

  /** The Code pane: around the stop, or around the selected frame's pc (`up`, `down`). */
  private codeView(rip: bigint, bits: Bitness, region: string): ViewModel['code'] {
    const frame = this.selectedFrame > 0 ? this.userFrames().frames[this.selectedFrame] : undefined;
    if (!frame) return buildCodeView(this.codeContext(), this.cache, rip, bits, region, 12, 24, this.codeAnchor ?? rip);
    return buildCodeView(this.codeContext(), this.cache, frame.pc, bits, `${region} · frame #${frame.level}`);
  }

  /** Where each SYSCALL/SYSENTER entry point loads the task's kernel stack (the first write of the stack pointer). */
  private readonly stackLoads = new Map<bigint, bigint | null>();

  /** Whether the entry code has loaded the task stack since the last entry: RIP is past that instruction. */
  private stackSwitched(rip: bigint): boolean {
    const e = this.tracker.lastEntry;
    if (this.machine.cpl !== 0 || !e || (e.cause !== 'syscall' && e.cause !== 'sysenter')) return false;
    let load = this.stackLoads.get(e.toRip);
    if (load === undefined) {
      const insns = decodeForward(this.codeContext(), this.cache, e.toRip, this.kernel.layout.bits as Bitness, 8);
      load = insns.find((i) => /,%[re]sp$/.test(formatAtt(i).trim()))?.ip ?? null;
      this.stackLoads.set(e.toRip, load);
    }
    return load !== null && (rip < e.toRip || rip > load);
  }

  // ------------------------------------------------------------------ for tests and benchmarks
  get machineForTests(): Machine {
    return this.machine;
  }
  get kernelForTests(): LinuxKernel {
    return this.kernel;
  }
}

/** Which entry method a user -> kernel transfer is, or null (interrupts, exceptions). */
export function entryMethod(t: ControlTransfer): EntryMethod | null {
  switch (t.cause) {
    case 'syscall':
      return t.fromBits === 64 ? 'syscall' : 'syscall32';
    case 'sysenter':
      return 'sysenter';
    case 'int':
      return t.vector === 0x80 ? 'int80' : null;
    default:
      return null;
  }
}
