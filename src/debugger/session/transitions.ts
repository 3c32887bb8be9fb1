// What the session records as the program runs: the kernel's output and syscalls, every control
// transfer between user and kernel mode (round trips, the Transitions pane, the kernel stack),
// vDSO calls, objects ld.so maps, and the program's end.
import type { ControlTransfer } from '../../machine/index.js';
import type { TracedSyscall } from '../../kernel/LinuxKernel.js';
import { formatExit, formatKilled, formatSignal } from '../../kernel/straceFormat.js';
import { syscallByNumber } from '../../kernel/syscallTable.js';
import { signalName } from '../../kernel/signal/signalState.js';
import type { Bitness } from '../../x86/index.js';
import type { EntryEvent } from '../breakpoints.js';
import { returnsFromCall } from '../plainCalls.js';
import { type EntryMethod, hex } from '../viewModel.js';
import { SessionFrames } from './frames.js';

const OUTPUT_LIMIT = 64 * 1024;
const enc = new TextDecoder();

export abstract class SessionTransitions extends SessionFrames {
  protected appendOutput(b: Uint8Array): void {
    this.output += enc.decode(b);
    if (this.output.length > OUTPUT_LIMIT) this.output = this.output.slice(-OUTPUT_LIMIT);
  }

  protected onSyscall(ev: TracedSyscall): void {
    if ((ev.name === 'mmap' || ev.name === 'mmap2') && ev.ret !== null && (ev.ret & 0xfffn) === 0n) this.mapsDirty = true;
    // (an unmapped library: its symbols must go)
    else if (ev.name === 'munmap' || ev.name === 'mremap') this.mapsDirty = true;
    this.trace.record(ev);
  }

  /** vDSO round trips: a call lands on a vDSO entry (from outside one: rip0, null when unknown); the return lands back at the caller. */
  protected checkVdso(cyclesBefore: number, rip0: bigint | null, rip = this.machine.getReg('rip')): void {
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


  /** Book-keeping for every control transfer: entries, exits, round trips, the CPU's description. */
  protected onTransfer(t: ControlTransfer, cyclesBefore: number, wantEvent = true): EntryEvent | null {
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
  protected noteMappedObjects(): void {
    this.mapsDirty = false;
    if (!this.libraries) return;
    const { added, removed } = this.libraries.refresh(this.kernel.mm.vmas);
    // an unmapped object's symbols go with it (its addresses may hold another object next)
    for (const o of removed) {
      this.symbols.removeObject(o.name, o.loadFrom, o.loadTo);
      // a breakpoint on one of its symbols is pending again (gdb: until a library defines it)
      for (const bp of this.breakpoints.all()) {
        if (bp.kind !== 'code' || bp.pending || bp.addr < o.loadFrom || bp.addr >= o.loadTo || !/^[A-Za-z_.][\w.@]*$/.test(bp.where)) continue;
        bp.pending = true;
        this.rearmNeeded = true;
      }
    }
    for (const o of added) {
      for (const s of o.symbols ?? []) this.symbols.add(s.name, s.addr, 'lib', o.name, o.path);
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

  /** A `catch signal` the delivery of `signo` matches: the stop at the return to its handler. */
  protected noteSignalCatch(signo: number, name: string): void {
    const caught = this.breakpoints.signalCatches(signo);
    if (!caught.length || this.loadStopReason !== null) return;
    for (const c of caught) c.hits++;
    const f = this.kernel.signalFrames.at(-1);
    const built = f ? `: the kernel built its ${f.kind === 'rt64' ? 'rt_sigframe' : f.kind === 'rt32' ? 'rt_sigframe_ia32' : 'sigframe_ia32'} at 0x${f.addr.toString(16)}` : '';
    // gdb: `Catchpoint 1 (signal SIGUSR1), ` and where; here the stop is at the handler's first instruction
    this.loadStopReason = `Catchpoint ${caught[0]!.number} (signal ${name}), delivered to its handler${built}`;
  }

  /** Syscall names by ABI and number, looked up once. */
  private readonly syscallNames = { i386: [] as (string | undefined)[], x86_64: [] as (string | undefined)[] };

  /** The syscall a kernel entry by `method` makes: from RAX, by the ABI of the method. */
  protected syscallName(method: EntryMethod): string | null {
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
  protected readonly nameLastEntry = (): string => this.entryName(this.tracker.lastEntry!.toRip);
  protected entryNames = new Map<bigint, string>();
  /** Name of a kernel entry point (few distinct ones; cached: looked up for every frame shown). */
  protected lastEntry: { addr: bigint; name: string } | null = null;
  protected entryName(addr: bigint): string {
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
  protected describeTransfer(t: ControlTransfer): string {
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

  protected checkExit(): boolean {
    if (this.exitText) return true;
    const o = this.kernel.outcome();
    if (!o) return false;
    this.meter.abandon();
    if (o.kind === 'exited') this.exitText = `exited with status ${o.status}`;
    else if (o.kind === 'killed') {
      this.exitText = `killed by ${o.signal.name}: ${o.signal.detail.split('\n')[0]}`;
      // catch signal: the kernel does not stop before a default action that ends the process; said here
      let signo = 1;
      while (signo <= 64 && signalName(signo) !== o.signal.name) signo++;
      const caught = this.breakpoints.signalCatches(signo);
      for (const c of caught) c.hits++;
      if (caught.length) this.exitText = `Catchpoint ${caught[0]!.number} (signal ${o.signal.name}), no handler: the default action ${this.exitText}`;
    }
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

  protected transferCost(t: ControlTransfer): number {
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