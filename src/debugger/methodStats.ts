// Per-method round-trip statistics (DESIGN.md "Cycle model"): a round trip runs from the user
// instruction that leaves user mode (or calls into the vDSO) to the first user instruction after
// the return. Fed with machine steps, so `run --cycles`, bench and the debugger count alike.
import type { ControlTransfer, StepResult } from '../machine/index.js';

export type StatsMethod = 'call' | 'vdso' | 'syscall' | 'syscall32' | 'sysenter' | 'int80';
export const STATS_METHODS: readonly StatsMethod[] = ['call', 'vdso', 'syscall', 'syscall32', 'sysenter', 'int80'];

export interface MethodRow {
  method: StatsMethod;
  calls: number;
  total: number;
  last: number | null;
  avg: number | null;
  min: number | null;
  max: number | null;
}

export interface InFlightTrip {
  method: StatsMethod;
  startCycles: number;
}

/** What the meter needs to know about the process's vDSO. */
export interface VdsoInfo {
  start: bigint;
  end: bigint;
  /** Entry trampolines that are not "vDSO calls" (__kernel_vsyscall): their SYSENTER/SYSCALL is counted instead. */
  trampolines: Set<bigint>;
}

/** The machine state the meter reads after a step. */
export interface MeterMachine {
  readonly cycles: number;
  readonly cpl: number;
  getReg(name: 'rip' | 'rsp'): bigint;
  read(addr: bigint, len: number): Uint8Array;
}

/** Which method a user->kernel transfer is, or null (exceptions, interrupts). */
export function methodOfTransfer(t: ControlTransfer): StatsMethod | null {
  if (t.fromCpl !== 3 || t.toCpl !== 0) return null;
  switch (t.cause) {
    case 'int': return t.vector === 0x80 ? 'int80' : null;
    case 'syscall': return t.fromBits === 64 ? 'syscall' : 'syscall32';
    case 'sysenter': return 'sysenter';
    default: return null;
  }
}

interface Acc {
  calls: number;
  total: number;
  last: number;
  min: number;
  max: number;
}

export class MethodStats {
  private readonly acc = new Map<StatsMethod, Acc>();
  private lastMethod: StatsMethod | null = null;
  private lastAcc: Acc | undefined = undefined;
  /** The kernel round trip in flight (entered, not yet back in user mode). */
  kernelTrip: InFlightTrip | null = null;
  /** The vDSO call in flight, with where it returns to. */
  vdsoTrip: (InFlightTrip & { returnTo: bigint; sp: bigint }) | null = null;

  constructor(private vdso: VdsoInfo | null = null) {}

  setVdso(v: VdsoInfo | null): void {
    this.vdso = v;
  }

  /** Record one finished round trip. */
  add(method: StatsMethod, cycles: number): void {
    // (the same method again and again while running: no map lookup)
    let a = method === this.lastMethod ? this.lastAcc : this.acc.get(method);
    if (!a) {
      a = { calls: 0, total: 0, last: 0, min: Infinity, max: -Infinity };
      this.acc.set(method, a);
    }
    this.lastMethod = method;
    this.lastAcc = a;
    a.calls++;
    a.total += cycles;
    a.last = cycles;
    if (cycles < a.min) a.min = cycles;
    if (cycles > a.max) a.max = cycles;
  }

  /** Feed one step; `m` is the machine after it, `wordSize` the user stack slot (4 or 8). */
  observeStep(step: StepResult, m: MeterMachine, wordSize: 4 | 8): void {
    const before = m.cycles - step.cycles;
    const t = step.transfer;
    if (t) {
      const method = methodOfTransfer(t);
      if (method) {
        this.kernelTrip = { method, startCycles: before };
      } else if (t.fromCpl === 0 && t.toCpl === 3 && this.kernelTrip) {
        this.add(this.kernelTrip.method, m.cycles - this.kernelTrip.startCycles);
        this.kernelTrip = null;
      }
    }
    if (m.cpl !== 3 || !this.vdso) return;
    const rip = m.getReg('rip');
    const v = this.vdso;
    if (this.vdsoTrip) {
      if (rip === this.vdsoTrip.returnTo && m.getReg('rsp') === this.vdsoTrip.sp) {
        this.add('vdso', m.cycles - this.vdsoTrip.startCycles);
        this.vdsoTrip = null;
      }
      return;
    }
    const inside = (a: bigint): boolean => a >= v.start && a < v.end;
    if (!t && inside(rip) && !inside(step.rip) && !v.trampolines.has(rip) && step.kind === 'instruction') {
      const sp = m.getReg('rsp');
      const b = m.read(sp, wordSize);
      const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
      const returnTo = wordSize === 8 ? dv.getBigUint64(0, true) : BigInt(dv.getUint32(0, true));
      this.vdsoTrip = { method: 'vdso', startCycles: before, returnTo, sp: sp + BigInt(wordSize) };
    }
  }

  /** Rows in STATS_METHODS order. */
  rows(): MethodRow[] {
    return STATS_METHODS.map((method) => {
      const a = this.acc.get(method);
      return a
        ? { method, calls: a.calls, total: a.total, last: a.last, avg: a.total / a.calls, min: a.min, max: a.max }
        : { method, calls: 0, total: 0, last: null, avg: null, min: null, max: null };
    });
  }

  /** The round trip in flight and its cycles so far. */
  inFlight(nowCycles: number): { method: StatsMethod; cycles: number } | null {
    const f = this.kernelTrip ?? this.vdsoTrip;
    return f ? { method: f.method, cycles: nowCycles - f.startCycles } : null;
  }

  /** Mean cycles per round trip of `method`, or null while unmeasured. */
  avg(method: StatsMethod): number | null {
    const a = this.acc.get(method);
    return a ? a.total / a.calls : null;
  }

  /** avg(a) / avg(b), or null while either is unmeasured. */
  ratio(a: StatsMethod, b: StatsMethod): number | null {
    const x = this.avg(a);
    const y = this.avg(b);
    return x !== null && y !== null ? x / y : null;
  }
}

/** The `--cycles` table printed at exit. */
export function formatMethodTable(stats: MethodStats, profileName: string): string {
  const rows = stats.rows().filter((r) => r.calls > 0);
  const head = ['method', 'calls', 'total', 'avg', 'min', 'max'];
  const body = rows.map((r) => [r.method, String(r.calls), String(r.total), (r.avg ?? 0).toFixed(0), String(r.min), String(r.max)]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]): string => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  const out = [`round trips per entry method (cycles, profile ${profileName}):`, line(head), ...body.map(line)];
  if (rows.length === 0) out.push('(no system calls or vDSO calls)');
  const r1 = stats.ratio('syscall', 'int80');
  const r2 = stats.ratio('vdso', 'syscall');
  if (r1 !== null) out.push(`syscall/int80: ${r1.toFixed(2)}`);
  if (r2 !== null) out.push(`vdso/syscall: ${r2.toFixed(3)}`);
  return out.join('\n') + '\n';
}
