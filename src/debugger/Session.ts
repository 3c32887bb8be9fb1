// A debugging session around machine + kernel: stepping across mode switches, breakpoints and
// catchpoints, inspection commands, and a view model per stop. Knows nothing of Ink.
// This file is the session's face (DebugTarget) and its command dispatch; the rooms below it are
// in session/: state, frames, transitions, stops, runControl, buildView, boot.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { type Machine, PROFILES, unknownProfileMessage } from '../machine/index.js';
import type { LinuxKernel } from '../kernel/LinuxKernel.js';
import { syscallByName } from '../kernel/syscallTable.js';
import type { Bitness } from '../x86/index.js';
import { describeCatch, formatBreakpointTable } from './breakpoints.js';
import { previousInstruction, searchCode } from './codeView.js';
import { disassembleFunction } from './disassembleCommand.js';
import { COMMAND_HELP, type Command, CommandError, commandName, parseCommand } from './commands.js';
import type { DebugTarget } from './DebugTarget.js';
import { examine } from './examineMemory.js';
import { evaluate, ExpressionError, parseExpression } from './expression.js';
import { formatInfoFloat, formatInfoVector, fpuRegisterLine, readFpu } from './fpuView.js';
import { formatIdt, formatMsrs, formatRegisters, formatTss } from './infoText.js';
import { loadProgram } from '../program/loadProgram.js';
import { readRegisters } from './registersView.js';
import { ProgramSource } from './programSource.js';
import { infoLineAt, infoLineOf, infoSource, listSource, resolveLinespec } from './sourceCommands.js';
import { formatSharedLibraries } from './sharedLibraries.js';
import { hex, type ViewModel } from './viewModel.js';
import { SessionInspect } from './session/inspect.js';
import { type Completion, complete } from './completion.js';

export type { SessionOptions } from './session/state.js';
import type { SessionOptions } from './session/state.js';

/** Commands that execute guest instructions (what register highlights are relative to). */
const RUNS_MACHINE = new Set<Command['kind']>(['stepi', 'nexti', 'step', 'next', 'continue', 'finish', 'until', 'advance']);

export class Session extends SessionInspect implements DebugTarget {
  private lastX: { addr: bigint; format: NonNullable<Extract<Command, { kind: 'x' }>['format']>; unit: NonNullable<Extract<Command, { kind: 'x' }>['unit']> } | null = null;
  private lastCommand: string | null = null;

  private constructor(options: SessionOptions) {
    super(options);
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

  complete(line: string): Completion {
    return complete(line, () => this.symbols.names());
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
      this.stepNoteText = null;
    }
    if (cmd.kind === 'list' && cmd.where === '.') {
      this.codeAnchor = null;
      this.message = null;
      this.publish();
      return;
    }
    try {
      await this.run(cmd);
      // gdb shows the displays at every stop
      if (RUNS_MACHINE.has(cmd.kind) && !this.exitText) {
        const shown = this.displayText();
        if (shown) this.message = this.message ? `${this.message}\n${shown}` : shown;
      }
    } catch (e) {
      if (!(e instanceof CommandError || e instanceof ExpressionError)) throw e;
      this.message = `error: ${e.message}`;
    }
    this.publish();
  }

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
        if (cmd.args !== undefined) this.inferior.execute({ kind: 'setArgs', text: cmd.args });
        await this.boot();
        this.message = 'restarted';
        return;
      case 'inferior':
        this.message = this.inferior.execute(cmd.op);
        return;
      case 'help':
        this.message = helpText(cmd.topic);
        return;
      case 'modeStops':
        this.modeStops = cmd.on ?? !this.modeStops;
        this.message = `stop at every mode switch: ${this.modeStops ? 'on' : 'off'}`;
        return;
      case 'quit':
        return;
      case 'print':
        return this.print(cmd);
      case 'display':
        return this.display(cmd);
      case 'undisplay':
        return this.undisplay(cmd.numbers);
      case 'infoDisplay':
        return this.infoDisplay();
      case 'infoFrame':
        return this.infoFrame();
      case 'infoSymbol':
        return this.infoSymbol(cmd.expr);
      case 'watch':
        return this.watch(cmd.expr);
      case 'advance':
        return this.advance(cmd.where, 'advance');
      case 'until':
        return cmd.where === null ? this.untilNext() : this.advance(cmd.where, 'until');
    }
  }

  protected location(where: string): bigint {
    const cmd = parseCommand(`break ${where}`);
    const at = cmd?.kind === 'break' ? this.resolveLocation(cmd) : null;
    if (at === null) throw new CommandError(`Function "${where}" not defined.`);
    return at;
  }

  protected run1Next(): Promise<void> {
    return this.sourceStep(false, 1);
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
    // Where the program has DWARF lines, gdb's `: file hello.c, line 6.` too.
    const at = this.source.lineRange(addr) ? this.source.positionAt(addr) : null;
    const where = at ? `: file ${basename(at.file)}, line ${at.line}.` : '';
    this.message = `${cmd.temporary ? 'Temporary breakpoint' : 'Breakpoint'} ${bp.number} at ${this.symbols.format(addr)}${where}${cmd.condition ? ` if ${cmd.condition.text}` : ''}`;
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


  get machineForTests(): Machine {
    return this.machine;
  }
  get kernelForTests(): LinuxKernel {
    return this.kernel;
  }
}

/** `help` (every command) or `help CMD`: the lines of that command (abbreviations resolved), or gdb's error. */
function helpText(topic: string | null): string {
  const line = ([c, what]: [string, string]): string => `${c.padEnd(46)} ${what}`;
  if (topic === null) return COMMAND_HELP.map(line).join('\n');
  const c = commandName(topic.trim());
  const names = c ? [c.name, ...c.aliases] : [];
  const words = (key: string): string[] => key.split(/[\s/,|[\]]+/).filter((w) => /^[a-z]/.test(w));
  const hits = COMMAND_HELP.filter(([key]) => words(key).some((w) => names.includes(w)));
  if (hits.length === 0) throw new CommandError(`Undefined command: "${topic}".  Try "help".`);
  return hits.map(line).join('\n');
}
