// Per-method round-trip statistics (DESIGN.md "Cycle model"): a round trip runs from the user
// instruction that leaves user mode (or calls into the vDSO) to the first user instruction after
// the return. Fed with machine steps, so `run --cycles`, bench and the debugger count alike.
import type { ControlTransfer, StepResult } from '../machine/index.js';
import { syscallByNumber } from '../kernel/syscallTable.js';

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
  /** The exported functions by address, named by the syscall each stands for (clock_gettime): per-syscall rows. */
  names?: Map<bigint, string>;
}

/** Names the syscall a kernel entry by `method` makes, from the number in RAX (null: not a syscall). */
export type SyscallNamer = (method: StatsMethod, rax: bigint) => string | null;

/** A SyscallNamer from the syscall tables: the x86_64 ABI for SYSCALL from 64-bit code, i386's for the rest; names looked up once. */
export function syscallNamer(): SyscallNamer {
  const names = { i386: [] as (string | undefined)[], x86_64: [] as (string | undefined)[] };
  return (method, rax) => {
    const abi = method === 'syscall' ? 'x86_64' : 'i386';
    const nr = Number(method === 'syscall' ? BigInt.asIntN(64, rax) : BigInt.asIntN(32, rax & 0xffffffffn));
    if (nr < 0 || nr >= 1024) return null;
    let n = names[abi][nr];
    if (n === undefined) n = names[abi][nr] = syscallByNumber(abi, nr)?.name ?? `syscall_${nr}`;
    return n;
  };
}

/** The vDSO's exported functions (__vdso_clock_gettime) by address, named by the syscall each stands for. */
export function vdsoFunctionNames(symbols: Map<string, bigint>, start: bigint, end: bigint): Map<bigint, string> {
  const out = new Map<bigint, string>();
  for (const [name, addr] of symbols) if (addr >= start && addr < end && name.startsWith('__vdso_')) out.set(addr, name.slice('__vdso_'.length));
  return out;
}

/** Mean cycles of one syscall by each method it was made with. */
export interface SyscallMethodCycles {
  name: string;
  calls: number;
  avg: Partial<Record<StatsMethod, number>>;
}

/** The fast methods a syscall/int80 ratio compares, in order of preference. */
const FAST: readonly StatsMethod[] = ['syscall', 'syscall32', 'sysenter'];

/** Ratios of one syscall made two ways (null where no syscall was measured both ways). */
export interface SameSyscallRatios {
  syscallOverInt80: number | null;
  syscallOverInt80Of: string | null;
  /** Which fast method the syscall/int80 ratio used (syscall, syscall32 or sysenter). */
  fastMethod: StatsMethod | null;
  vdsoOverSyscall: number | null;
  vdsoOverSyscallOf: string | null;
  /** The fast method the vdso ratio divides by. */
  vdsoFastMethod: StatsMethod | null;
}

/** The machine state the meter reads after a step. */
export interface MeterMachine {
  readonly cycles: number;
  readonly cpl: number;
  getReg(name: 'rip' | 'rsp' | 'rax'): bigint;
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
  kernelTrip: (InFlightTrip & { name: string | null }) | null = null;
  /** The vDSO call in flight, with where it returns to. */
  vdsoTrip: (InFlightTrip & { returnTo: bigint; sp: bigint; name: string | null }) | null = null;
  /** Per syscall name (vDSO functions by the syscall they stand for), per method: ratios compare one syscall. */
  private readonly bySyscall = new Map<string, Map<StatsMethod, Acc>>();

  constructor(
    private vdso: VdsoInfo | null = null,
    private readonly syscallName: SyscallNamer | null = null,
  ) {}

  setVdso(v: VdsoInfo | null): void {
    this.vdso = v;
  }

  /** Record one finished round trip (of the syscall `name`, when known). */
  add(method: StatsMethod, cycles: number, name: string | null = null): void {
    if (name !== null) this.addSyscall(name, method, cycles);
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
        this.kernelTrip = { method, startCycles: before, name: this.syscallName?.(method, m.getReg('rax')) ?? null };
      } else if (t.fromCpl === 0 && t.toCpl === 3 && this.kernelTrip) {
        this.add(this.kernelTrip.method, m.cycles - this.kernelTrip.startCycles, this.kernelTrip.name);
        this.kernelTrip = null;
      }
    }
    if (m.cpl !== 3 || !this.vdso) return;
    const rip = m.getReg('rip');
    const v = this.vdso;
    if (this.vdsoTrip) {
      if (rip === this.vdsoTrip.returnTo && m.getReg('rsp') === this.vdsoTrip.sp) {
        this.add('vdso', m.cycles - this.vdsoTrip.startCycles, this.vdsoTrip.name);
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
      this.vdsoTrip = { method: 'vdso', startCycles: before, returnTo, sp: sp + BigInt(wordSize), name: v.names?.get(rip) ?? null };
    }
  }

  private addSyscall(name: string, method: StatsMethod, cycles: number): void {
    let row = this.bySyscall.get(name);
    if (!row) {
      row = new Map();
      this.bySyscall.set(name, row);
    }
    const a = row.get(method);
    if (a) {
      a.calls++;
      a.total += cycles;
    } else row.set(method, { calls: 1, total: cycles, last: cycles, min: cycles, max: cycles });
  }

  /** Mean cycles of each syscall per method, most called first. */
  syscalls(): SyscallMethodCycles[] {
    const out: SyscallMethodCycles[] = [];
    for (const [name, row] of this.bySyscall) {
      const avg: SyscallMethodCycles['avg'] = {};
      let calls = 0;
      for (const [m, a] of row) {
        avg[m] = Math.round(a.total / a.calls);
        calls += a.calls;
      }
      out.push({ name, avg, calls });
    }
    return out.sort((a, b) => b.calls - a.calls || (a.name < b.name ? -1 : 1));
  }

  /** Ratios of the same syscall by two methods: the most called syscall measured both ways. */
  sameSyscallRatios(): SameSyscallRatios {
    const rows = this.syscalls();
    const fastOf = (r: SyscallMethodCycles): StatsMethod | undefined => FAST.find((m) => r.avg[m] !== undefined);
    const a = rows.find((r) => r.avg.int80 !== undefined && fastOf(r) !== undefined);
    const b = rows.find((r) => r.avg.vdso !== undefined && fastOf(r) !== undefined);
    const q = (x: number, y: number): number | null => (y === 0 ? null : x / y);
    return {
      syscallOverInt80: a ? q(a.avg[fastOf(a)!]!, a.avg.int80!) : null,
      syscallOverInt80Of: a?.name ?? null,
      fastMethod: a ? fastOf(a)! : null,
      vdsoOverSyscall: b ? q(b.avg.vdso!, b.avg[fastOf(b)!]!) : null,
      vdsoOverSyscallOf: b?.name ?? null,
      vdsoFastMethod: b ? fastOf(b)! : null,
    };
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
}

function columns(head: string[], body: string[][]): string[] {
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]): string => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(head), ...body.map(line)];
}

/** The `--cycles` table printed at exit: per method, per syscall, and ratios of one syscall made two ways. */
export function formatMethodTable(stats: MethodStats, profileName: string): string {
  const rows = stats.rows().filter((r) => r.calls > 0);
  const body = rows.map((r) => [r.method, String(r.calls), String(r.total), (r.avg ?? 0).toFixed(0), String(r.min), String(r.max)]);
  const out = [`round trips per entry method (cycles, profile ${profileName}; a method's avg mixes every syscall made with it):`, ...columns(['method', 'calls', 'total', 'avg', 'min', 'max'], body)];
  if (rows.length === 0) out.push('(no system calls or vDSO calls)');
  const sys = stats.syscalls();
  if (sys.length) {
    const methods = STATS_METHODS.filter((m) => m !== 'call' && sys.some((r) => r.avg[m] !== undefined));
    out.push('avg cycles per syscall and method:', ...columns(['syscall', ...methods], sys.map((r) => [r.name, ...methods.map((m) => (r.avg[m] === undefined ? '-' : String(r.avg[m])))])));
  }
  const q = stats.sameSyscallRatios();
  if (q.syscallOverInt80 !== null) out.push(`${q.fastMethod}/int80 (${q.syscallOverInt80Of}): ${q.syscallOverInt80.toFixed(2)}`);
  if (q.vdsoOverSyscall !== null) out.push(`vdso/${q.vdsoFastMethod} (${q.vdsoOverSyscallOf}): ${q.vdsoOverSyscall.toFixed(3)}`);
  if (q.syscallOverInt80 === null && q.vdsoOverSyscall === null && rows.length > 1) out.push('(no syscall was made by two methods: no ratio)');
  return out.join('\n') + '\n';
}
