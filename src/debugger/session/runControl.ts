// Running the machine for the user: stepi, nexti, source step/next, finish, and continue in
// slices of machine.run that yield to the screen and stop where stops.ts says.
import type { ControlTransfer, StepResult } from '../../machine/index.js';
import { type Bitness, formatAtt } from '../../x86/index.js';
import type { EntryEvent } from '../breakpoints.js';
import { describeEntryStep, type EntryStepNote } from '../entrySteps.js';
import { readRegisters, type RegisterSnapshot } from '../registersView.js';
import { type LineStepper, stepLine } from '../sourceStepping.js';
import { hex } from '../viewModel.js';
import { type RunGoal, SessionStops, type StopInfo } from './stops.js';

/** Milliseconds of machine time per slice of a continue: pause latency and snapshot pacing. */
const SLICE_MS = 15;

export abstract class SessionRunControl extends SessionStops {
  /** The mode switch the last stepOnce took, as the catchpoints see it (null: none). */
  private steppedEvent: EntryEvent | null = null;
  /** Build and hand the listeners a new view (running: a snapshot during a run). */
  protected abstract publish(running?: boolean): void;

  /** Execute one instruction (or native function, or interrupt delivery) with all bookkeeping. */
  protected stepOnce(): StepResult {
    const m = this.machine;
    const cyclesBefore = m.cycles;
    const sp0 = m.getReg('rsp');
    const rip0 = m.getReg('rip');
    const cpl0 = m.cpl;
    const r = m.step();
    this.steppedEvent = r.transfer ? this.onTransfer(r.transfer, cyclesBefore) : null;
    if (!r.transfer && r.kind === 'native') this.meter.native(cyclesBefore, r.cycles);
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

  protected async stepi(count: number): Promise<void> {
    this.requireAlive();
    this.modeSwitchText = null;
    let reason = 'step';
    for (let i = 0; i < count; i++) {
      // The last step in ring 0 is put in words (entrySteps.ts); the ones before it are not shown.
      const before = i === count - 1 && this.machine.cpl === 0 ? readRegisters(this.machine) : null;
      const pc = this.machine.getReg('rip');
      const r = this.stepOnce();
      const note = before && this.machine.cpl === 0 && !r.transfer ? this.entryStep(pc, before, r) : null;
      if (note) {
        reason = `step: ${note.label}`;
        this.stepNoteText = note.note;
      } else if (r.transfer?.modeSwitch) {
        this.modeSwitchText = this.describeTransfer(r.transfer);
        reason = r.transfer.toCpl === 0 ? `step: entered the kernel (${r.transfer.cause})` : `step: back to user mode (${r.transfer.cause})`;
        // A catchpoint the stepped mode switch matches is reported (and counted), as gdb does.
        const caught = this.steppedEvent ? this.catchHit(this.steppedEvent) : null;
        if (caught) reason = `${caught} · ${reason}`;
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

  /** What the step at `pc` in ring 0 did, in words. */
  private entryStep(pc: bigint, before: RegisterSnapshot, r: StepResult): EntryStepNote | null {
    const bytes = r.kind === 'native' ? null : this.readMemory(pc, 15);
    const insn = bytes ? this.cache.decode(bytes, this.machine.bitness as Bitness, pc) : null;
    const src = this.sourceAt(pc);
    return describeEntryStep({
      symbol: this.symbols.describe(pc) ?? null,
      insn: insn ? { mnemonic: insn.mnemonic, text: formatAtt(insn, (a) => this.symbols.describe(a) ?? null) } : null,
      source: src ? { text: src.text, macro: src.macro } : null,
      before,
      after: readRegisters(this.machine),
      stackTop: this.stackTop,
      stackSize: this.kernel.layout.stackSize,
      readSlot: (a, n) => this.readSlot(a, n),
      native: r.kind === 'native' ? { name: r.nativeName!, cycles: r.cycles } : null,
    });
  }

  /** Returns true when it stopped for another reason than completing the next. */
  protected async nexti(): Promise<boolean> {
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
  protected async sourceStep(into: boolean, count: number): Promise<void> {
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


  protected readonly lineStepper: LineStepper = {
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

  protected async finish(): Promise<void> {
    this.requireAlive();
    this.modeSwitchText = null;
    const m = this.machine;
    if (m.cpl === 0) {
      await this.runAsync({ kind: 'untilUser' });
      if (this.stopReason === 'returned to user mode') this.stopReason = 'finish: back in user mode';
      return;
    }
    // User mode: out of the current function, by its ret at call depth 0 (advance with no place to reach).
    await this.steppedRun({ kind: 'advance', to: -1n });
    if (this.stopReason === 'returned') this.stopReason = 'finish: returned from the function';
  }

  /** Run until the goal, a breakpoint, a catchpoint, a mode stop, exit or an interrupt, in slices. */
  protected async runAsync(goal: RunGoal): Promise<void> {
    // a watchpoint is checked after every instruction (gdb's software watchpoints): one step at a time
    if (this.breakpoints.watchpoints().length || goal.kind === 'advance') return this.steppedRun(goal);
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

  /** runAsync one instruction at a time, checking watchpoints after each (and advance's place and call depth, as finish counts it). */
  protected async steppedRun(goal: RunGoal): Promise<void> {
    this.requireAlive();
    this.running = true;
    this.interruptRequested = false;
    const m = this.machine;
    let started = performance.now();
    try {
      let depth = 0;
      for (let n = 1; ; n++) {
        let returned = false;
        if (goal.kind === 'advance' && m.cpl === 3) {
          const mn = this.instructionAt(m.getReg('rip'))?.mnemonic;
          if (mn === 'call') depth++;
          else if (mn === 'ret' && depth-- === 0) returned = true;
        }
        const s = this.stepOnce();
        if (this.checkExit()) {
          this.stopReason = this.exitText!;
          return;
        }
        if (s.transfer?.modeSwitch) {
          const st = this.afterSteppedTransfer(s, goal);
          if (st) {
            this.stopReason = st.reason;
            if (st.modeSwitch !== undefined) this.modeSwitchText = st.modeSwitch;
            return;
          }
        }
        const watched = this.watchHit();
        if (watched) {
          this.stopReason = watched;
          return;
        }
        const rip = m.getReg('rip');
        if ((goal.kind === 'untilReturn' && rip === goal.addr && m.getReg('rsp') >= goal.sp) || returned) {
          this.stopReason = 'returned';
          return;
        }
        if (goal.kind === 'advance' && rip === goal.to) {
          this.stopReason = 'reached';
          return;
        }
        if (this.breakpoints.codeAddresses().has(rip)) {
          const hit = this.hitBreakpoint();
          if (hit) {
            this.stopReason = hit;
            return;
          }
        }
        if ((n & 0x3ff) === 0 && performance.now() - started > SLICE_MS) {
          await this.yieldAndPublish();
          started = performance.now();
          if (this.interruptRequested) {
            this.stopReason = 'interrupted';
            return;
          }
        }
      }
    } finally {
      this.running = false;
      this.interruptRequested = false;
    }
  }

  /** The first enabled watchpoint whose memory changed: gdb's report (Old value / New value) as the message. */
  protected watchHit(): string | null {
    for (const w of this.breakpoints.watchpoints()) {
      const now = this.readMemory(w.addr, w.size);
      if (!now || now.every((b, i) => b === w.old[i])) continue;
      const value = (b: Uint8Array): string => {
        let v = 0n;
        for (let i = w.size - 1; i >= 0; i--) v = (v << 8n) | BigInt(b[i]!);
        return String(w.size === 1 ? v : BigInt.asIntN(w.size * 8, v));
      };
      w.hits++;
      this.message = `Watchpoint ${w.number}: ${w.expr}\n\nOld value = ${value(w.old)}\nNew value = ${value(now)}`;
      w.old = now.slice();
      return `watchpoint ${w.number}: ${w.expr}`;
    }
    return null;
  }

  /** Synchronous run (boot, tests): no yielding. */
  protected runSync(goal: RunGoal, maxInstructions: number): StopInfo | null {
    let stop: StopInfo | null = null;
    for (let spent = 0; spent < maxInstructions && !stop; spent += this.sliceInstructions) {
      stop = this.runSlice(goal, 1e9);
    }
    return stop;
  }

  /** One slice of machine.run; returns why it stopped for good, or null to keep going. */
  protected runSlice(goal: RunGoal, budgetMs: number): StopInfo | null {
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

  protected async yieldAndPublish(): Promise<void> {
    this.publish(true);
    await new Promise<void>((r) => setImmediate(r));
  }
}
