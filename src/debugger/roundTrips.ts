// Round trips per entry method as the debugger sees them: from the user instruction that leaves
// user mode (or calls into the vDSO) to the first user instruction after the return. The Session
// drives it from its mode-switch stops; the totals are kept by the same MethodStats as `run --cycles`.
import { MethodStats } from './methodStats.js';
import { ENTRY_METHODS, type EntryMethod, type MethodCycles, ratio } from './viewModel.js';

export interface InFlight {
  method: EntryMethod;
  startCycles: number;
  /** vDSO calls end at this return address with the stack pointer back at `sp`. */
  returnAddr?: bigint;
  sp?: bigint;
}

export class RoundTripMeter {
  private readonly stats = new MethodStats();
  inFlight: InFlight | null = null;
  /** A vDSO call in flight outside any kernel round trip (they nest: vDSO fallback syscalls). */
  vdso: InFlight | null = null;

  /** The kernel round trip's record, reused: one begins at every syscall while running. */
  private readonly kernelTrip: InFlight = { method: 'syscall', startCycles: 0 };

  begin(method: EntryMethod, startCycles: number): void {
    const f = this.kernelTrip;
    f.method = method;
    f.startCycles = startCycles;
    this.inFlight = f;
  }

  /** The vDSO call's record, reused the same way. */
  private readonly vdsoTrip: InFlight = { method: 'vdso', startCycles: 0, returnAddr: 0n, sp: 0n };

  beginVdso(startCycles: number, returnAddr: bigint, sp: bigint): void {
    const f = this.vdsoTrip;
    f.startCycles = startCycles;
    f.returnAddr = returnAddr;
    f.sp = sp;
    this.vdso = f;
  }

  /** Close the kernel round trip in flight at `nowCycles`; returns its cycles (null: none in flight). */
  end(nowCycles: number): number | null {
    const f = this.inFlight;
    if (!f) return null;
    this.inFlight = null;
    const cycles = nowCycles - f.startCycles;
    this.stats.add(f.method, cycles);
    return cycles;
  }

  endVdso(nowCycles: number): number | null {
    const f = this.vdso;
    if (!f) return null;
    this.vdso = null;
    const cycles = nowCycles - f.startCycles;
    this.stats.add('vdso', cycles);
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

  ratios(): { syscallOverInt80: number | null; vdsoOverSyscall: number | null } {
    const s = this.stats;
    const sys = s.avg('syscall') ?? s.avg('syscall32') ?? s.avg('sysenter');
    return { syscallOverInt80: ratio(sys, s.avg('int80')), vdsoOverSyscall: ratio(s.avg('vdso'), sys) };
  }
}
