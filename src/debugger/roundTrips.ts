// Round trips per entry method as the debugger sees them: from the user instruction that leaves
// user mode (or calls into the vDSO or a plain function) to the first user instruction after the
// return. The Session drives it from its mode-switch stops; the totals are kept by the same
// MethodStats as `run --cycles`. Round trips are also kept per syscall name (ratios compare the
// same syscall), and the last kernel round trip is split into where its cycles went.
import { MethodStats } from './methodStats.js';
import { type CycleBreakdown, ENTRY_METHODS, type EntryMethod, type MethodCycles, ratio, type SyscallCycles } from './viewModel.js';

export interface InFlight {
  method: EntryMethod;
  startCycles: number;
  /** vDSO and plain calls end at this return address with the stack pointer back at `sp`. */
  returnAddr?: bigint;
  sp?: bigint;
  /** The syscall (or vDSO function) it is, when known. */
  name?: string | null;
}

export class RoundTripMeter {
  private readonly stats = new MethodStats();
  inFlight: InFlight | null = null;
  /** A vDSO call (or a plain call) in flight outside any kernel round trip (they nest: vDSO fallback syscalls). */
  vdso: InFlight | null = null;
  /** Where the last kernel round trip's cycles went. */
  last: CycleBreakdown | null = null;

  /** The kernel round trip's record, reused: one begins at every syscall while running. */
  private readonly kernelTrip: InFlight = { method: 'syscall', startCycles: 0, name: null };
  private entryCost = 0;
  /** The C handlers (native functions) of the trip in flight: first start, last end, cycles in them. */
  private handlerStart = -1;
  private handlerEnd = -1;
  private handlerCycles = 0;

  begin(method: EntryMethod, startCycles: number, entryCost = 0, name: string | null = null): void {
    const f = this.kernelTrip;
    f.method = method;
    f.startCycles = startCycles;
    f.name = name;
    this.entryCost = entryCost;
    this.handlerStart = -1;
    this.handlerCycles = 0;
    this.inFlight = f;
  }

  /** A native kernel function (a C handler) ran from `startCycles` for `cycles` during the trip in flight. */
  native(startCycles: number, cycles: number): void {
    if (!this.inFlight) return;
    if (this.handlerStart < 0) this.handlerStart = startCycles;
    this.handlerEnd = startCycles + cycles;
    this.handlerCycles += cycles;
  }

  /** The vDSO (or plain) call's record, reused the same way. */
  private readonly vdsoTrip: InFlight = { method: 'vdso', startCycles: 0, returnAddr: 0n, sp: 0n, name: null };

  beginVdso(startCycles: number, returnAddr: bigint, sp: bigint, method: 'vdso' | 'call' = 'vdso', name: string | null = null): void {
    const f = this.vdsoTrip;
    f.method = method;
    f.startCycles = startCycles;
    f.returnAddr = returnAddr;
    f.sp = sp;
    f.name = name;
    this.vdso = f;
  }

  /** Close the kernel round trip in flight at `nowCycles` (`exitCost`: the returning instruction's); returns its cycles (null: none in flight). */
  end(nowCycles: number, exitCost = 0): number | null {
    const f = this.inFlight;
    if (!f) return null;
    this.inFlight = null;
    const cycles = nowCycles - f.startCycles;
    this.stats.add(f.method, cycles, f.name ?? null);
    const entry = Math.min(this.entryCost, cycles);
    const exit = Math.min(exitCost, cycles - entry);
    const kernelCode = cycles - entry - exit - this.handlerCycles;
    // Entry code runs up to the first C handler, exit code after the last (no handler: all entry code).
    const entryCode = this.handlerStart < 0 ? kernelCode : Math.max(0, this.handlerStart - f.startCycles - entry);
    this.last = {
      method: f.method,
      syscall: f.name ?? null,
      total: cycles,
      parts: [
        { part: 'CPU entry', cycles: entry },
        { part: 'entry code', cycles: entryCode },
        { part: 'C handler', cycles: this.handlerCycles },
        { part: 'exit code', cycles: Math.max(0, kernelCode - entryCode) },
        { part: 'CPU exit', cycles: exit },
      ],
    };
    return cycles;
  }

  endVdso(nowCycles: number): number | null {
    const f = this.vdso;
    if (!f) return null;
    this.vdso = null;
    const cycles = nowCycles - f.startCycles;
    this.stats.add(f.method, cycles, f.method === 'vdso' ? (f.name ?? null) : null);
    return cycles;
  }

  /** Drop what is in flight (the process exited inside it). */
  abandon(): void {
    this.inFlight = null;
    this.vdso = null;
  }

  rows(methods: readonly EntryMethod[] = ENTRY_METHODS): MethodCycles[] {
    const all = this.stats.rows();
    return methods.map((method) => {
      const r = all.find((x) => x.method === method)!;
      return { method, calls: r.calls, last: r.last, avg: r.avg === null ? null : Math.round(r.avg), min: r.min, max: r.max };
    });
  }

  /** Mean cycles of each syscall per method, most called first. */
  syscalls(): SyscallCycles[] {
    return this.stats.syscalls().map(({ name, avg }) => ({ name, avg }));
  }

  /** Ratios of the same syscall by two methods: the most called syscall measured both ways. */
  ratios(): { syscallOverInt80: number | null; vdsoOverSyscall: number | null; syscallOverInt80Of: string | null; vdsoOverSyscallOf: string | null } {
    const q = this.stats.sameSyscallRatios();
    return {
      syscallOverInt80: q.syscallOverInt80 === null ? null : ratio(q.syscallOverInt80, 1),
      syscallOverInt80Of: q.syscallOverInt80Of,
      vdsoOverSyscall: q.vdsoOverSyscall === null ? null : ratio(q.vdsoOverSyscall, 1),
      vdsoOverSyscallOf: q.vdsoOverSyscallOf,
    };
  }
}
