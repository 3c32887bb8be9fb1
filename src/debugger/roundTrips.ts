// Round trips per entry method as the debugger sees them: from the user instruction that leaves
// user mode (or calls into the vDSO) to the first user instruction after the return.
import { ENTRY_METHODS, type EntryMethod, type MethodCycles, ratio } from './viewModel.js';

interface Totals {
  calls: number;
  total: number;
  last: number;
  min: number;
  max: number;
}

export interface InFlight {
  method: EntryMethod;
  startCycles: number;
  /** vDSO calls end at this return address with the stack pointer back at `sp`. */
  returnAddr?: bigint;
  sp?: bigint;
}

export class RoundTripMeter {
  private totals = new Map<EntryMethod, Totals>();
  inFlight: InFlight | null = null;
  /** A vDSO call in flight outside any kernel round trip (they nest: vDSO fallback syscalls). */
  vdso: InFlight | null = null;

  begin(method: EntryMethod, startCycles: number): void {
    this.inFlight = { method, startCycles };
  }

  beginVdso(startCycles: number, returnAddr: bigint, sp: bigint): void {
    this.vdso = { method: 'vdso', startCycles, returnAddr, sp };
  }

  /** Close the kernel round trip in flight at `nowCycles`; returns its cycles. */
  end(nowCycles: number): { method: EntryMethod; cycles: number } | null {
    const f = this.inFlight;
    if (!f) return null;
    this.inFlight = null;
    const cycles = nowCycles - f.startCycles;
    this.add(f.method, cycles);
    return { method: f.method, cycles };
  }

  endVdso(nowCycles: number): number | null {
    const f = this.vdso;
    if (!f) return null;
    this.vdso = null;
    const cycles = nowCycles - f.startCycles;
    this.add('vdso', cycles);
    return cycles;
  }

  /** Drop what is in flight (the process exited inside it). */
  abandon(): void {
    this.inFlight = null;
    this.vdso = null;
  }

  add(method: EntryMethod, cycles: number): void {
    const t = this.totals.get(method);
    if (!t) this.totals.set(method, { calls: 1, total: cycles, last: cycles, min: cycles, max: cycles });
    else {
      t.calls++;
      t.total += cycles;
      t.last = cycles;
      t.min = Math.min(t.min, cycles);
      t.max = Math.max(t.max, cycles);
    }
  }

  calls(method: EntryMethod): number {
    return this.totals.get(method)?.calls ?? 0;
  }

  avg(method: EntryMethod): number | null {
    const t = this.totals.get(method);
    return t ? t.total / t.calls : null;
  }

  rows(methods: readonly EntryMethod[] = ENTRY_METHODS): MethodCycles[] {
    return methods.map((method) => {
      const t = this.totals.get(method);
      return t
        ? { method, calls: t.calls, last: t.last, avg: Math.round(t.total / t.calls), min: t.min, max: t.max }
        : { method, calls: 0, last: null, avg: null, min: null, max: null };
    });
  }

  ratios(): { syscallOverInt80: number | null; vdsoOverSyscall: number | null } {
    const sys = this.avg('syscall') ?? this.avg('syscall32') ?? this.avg('sysenter');
    return { syscallOverInt80: ratio(sys, this.avg('int80')), vdsoOverSyscall: ratio(this.avg('vdso'), sys) };
  }
}
