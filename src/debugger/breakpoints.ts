// Breakpoints and catchpoints: numbering, enable/disable/delete, conditions, hit counts.
import { type CatchSpec, LOCAL_TIMER_VECTOR } from './commands.js';
import { describeSignalSet, signalMatches } from './signalCatch.js';
import type { Expr } from './expression.js';
import { type BreakpointRow, type BreakpointState, type EntryMethod, hex } from './viewModel.js';

export interface CodeBreakpoint {
  kind: 'code';
  number: number;
  /** Re-resolved from `where` when a restart boots another kernel. */
  addr: bigint;
  /** How the user named it (`entry_SYSCALL_64`, `*0x401005`). */
  where: string;
  temporary: boolean;
  condition: { text: string; expr: Expr } | null;
  enabled: boolean;
  hits: number;
  /** A symbol no loaded object has yet: resolved when ld.so maps one that has it (gdb's pending breakpoint). */
  pending?: boolean;
}

export interface Catchpoint {
  kind: 'catch';
  number: number;
  spec: CatchSpec;
  /** Syscall numbers the spec matches, per ABI (resolved once from names). */
  syscalls?: { i386: Set<number>; x86_64: Set<number> } | null;
  enabled: boolean;
  hits: number;
}

/** `watch EXPR`: memory checked after every instruction (gdb's software watchpoint); the address is found once, as `watch -l` does. */
export interface Watchpoint {
  kind: 'watch';
  number: number;
  expr: string;
  addr: bigint;
  size: 1 | 2 | 4 | 8;
  /** The bytes last seen there. */
  old: Uint8Array;
  enabled: boolean;
  hits: number;
}

export type Breakpoint = CodeBreakpoint | Catchpoint | Watchpoint;

/** What just happened at a mode switch, for matching catchpoints. */
export interface EntryEvent {
  direction: 'enter' | 'exit';
  /** Entry method, for enter events through a syscall path. */
  method: EntryMethod | null;
  /** Syscall ABI and number when the entry is a system call. */
  syscall: { abi: 'i386' | 'x86_64'; nr: number } | null;
  /** Vector for int/interrupt/exception entries. */
  vector: number | null;
}

export function describeCatch(spec: CatchSpec): string {
  switch (spec.kind) {
    case 'syscall':
      return spec.names.length ? `syscall ${spec.names.join(' ')}` : 'syscall (any)';
    case 'mode':
      return spec.direction === 'both' ? 'mode switch (enter and exit)' : `mode switch (${spec.direction})`;
    case 'method':
      return `entry method ${spec.method}`;
    case 'int':
      return `interrupt vector 0x${spec.vector.toString(16)}${spec.vector === LOCAL_TIMER_VECTOR ? ' (timer)' : ''}`;
    case 'load':
      return spec.name ? `load of library matching ${spec.name}` : 'load of library';
    case 'signal':
      return describeSignalSet(spec.signals);
  }
}

export class BreakpointTable {
  private list: Breakpoint[] = [];
  private next = 1;

  all(): readonly Breakpoint[] {
    return this.list;
  }

  addCode(addr: bigint, where: string, temporary: boolean, condition: CodeBreakpoint['condition']): CodeBreakpoint {
    const bp: CodeBreakpoint = { kind: 'code', number: this.next++, addr, where, temporary, condition, enabled: true, hits: 0 };
    this.list.push(bp);
    return bp;
  }

  /** A breakpoint on a symbol no object has yet (its address is set when one does). */
  addPending(where: string, temporary: boolean, condition: CodeBreakpoint['condition']): CodeBreakpoint {
    const bp = this.addCode(0n, where, temporary, condition);
    bp.pending = true;
    return bp;
  }

  addCatch(spec: CatchSpec, syscalls: Catchpoint['syscalls']): Catchpoint {
    const cp: Catchpoint = { kind: 'catch', number: this.next++, spec, syscalls, enabled: true, hits: 0 };
    this.list.push(cp);
    return cp;
  }

  addWatch(expr: string, addr: bigint, size: Watchpoint['size'], old: Uint8Array): Watchpoint {
    const w: Watchpoint = { kind: 'watch', number: this.next++, expr, addr, size, old, enabled: true, hits: 0 };
    this.list.push(w);
    return w;
  }

  watchpoints(): Watchpoint[] {
    return this.list.filter((b): b is Watchpoint => b.kind === 'watch' && b.enabled);
  }

  /** Delete the given numbers (all when empty); returns numbers that did not exist. */
  delete(numbers: number[]): number[] {
    if (numbers.length === 0) {
      this.list = [];
      return [];
    }
    const missing = numbers.filter((n) => !this.list.some((b) => b.number === n));
    this.list = this.list.filter((b) => !numbers.includes(b.number));
    return missing;
  }

  setEnabled(numbers: number[], enabled: boolean): number[] {
    const targets = numbers.length ? numbers : this.list.map((b) => b.number);
    const missing: number[] = [];
    for (const n of targets) {
      const b = this.list.find((x) => x.number === n);
      if (b) b.enabled = enabled;
      else missing.push(n);
    }
    return missing;
  }

  /** Enabled code breakpoint addresses: what the machine checks while running. */
  codeAddresses(): Set<bigint> {
    const s = new Set<bigint>();
    for (const b of this.list) if (b.kind === 'code' && b.enabled && !b.pending) s.add(b.addr);
    return s;
  }

  codeAt(addr: bigint): CodeBreakpoint[] {
    return this.list.filter((b): b is CodeBreakpoint => b.kind === 'code' && !b.pending && b.addr === addr);
  }

  stateAt(addr: bigint): BreakpointState {
    const here = this.codeAt(addr);
    if (here.length === 0) return null;
    return here.some((b) => b.enabled) ? 'enabled' : 'disabled';
  }

  catchpoints(): Catchpoint[] {
    return this.list.filter((b): b is Catchpoint => b.kind === 'catch' && b.enabled);
  }

  hasCatchpoints(): boolean {
    return this.catchpoints().length > 0;
  }

  /** Catchpoints matching a mode-switch event. */
  matchCatch(ev: EntryEvent): Catchpoint[] {
    return this.catchpoints().filter((c) => {
      const s = c.spec;
      switch (s.kind) {
        case 'mode':
          return s.direction === 'both' || s.direction === ev.direction;
        case 'method':
          // `catch method syscall` covers the compat SYSCALL of 32-bit processes too.
          return ev.direction === 'enter' && (ev.method === s.method || (s.method === 'syscall' && ev.method === 'syscall32'));
        case 'int':
          return ev.direction === 'enter' && ev.vector === s.vector;
        case 'load':
        case 'signal':
          return false; // matched by loadCatches() / signalCatches() when it happens, not by a mode switch
        case 'syscall':
          if (ev.direction !== 'enter' || !ev.syscall) return false;
          if (!c.syscalls) return true;
          return c.syscalls[ev.syscall.abi].has(ev.syscall.nr);
        default:
          return false;
      }
    });
  }

  /** The enabled `catch load` points a newly mapped object at `path` matches. */
  loadCatches(path: string): Catchpoint[] {
    return this.catchpoints().filter((c) => c.spec.kind === 'load' && (c.spec.name === null || path.includes(c.spec.name)));
  }

  /** The enabled `catch signal` points a delivery of `signo` matches. */
  signalCatches(signo: number): Catchpoint[] {
    return this.catchpoints().filter((c) => c.spec.kind === 'signal' && signalMatches(c.spec.signals, signo));
  }

  /** Pending breakpoints (and whether any `catch load` exists): what a newly mapped object may resolve. */
  watchesLoads(): boolean {
    return this.list.some((b) => (b.kind === 'code' && b.pending && b.enabled) || (b.kind === 'catch' && b.enabled && b.spec.kind === 'load'));
  }

  remove(bp: Breakpoint): void {
    this.list = this.list.filter((b) => b !== bp);
  }

  rows(describe: (addr: bigint) => string): BreakpointRow[] {
    return this.list.map((b) =>
      b.kind === 'code' && b.pending
        ? { number: b.number, type: b.temporary ? 'tbreakpoint' : 'breakpoint', enabled: b.enabled, what: `<PENDING>  ${b.where}`, addr: '<PENDING>', condition: b.condition?.text ?? null, hits: b.hits }
        : b.kind === 'code'
        ? { number: b.number, type: b.temporary ? 'tbreakpoint' : 'breakpoint', enabled: b.enabled, what: `0x${hex(b.addr)} <${describe(b.addr)}>`, addr: hex(b.addr), condition: b.condition?.text ?? null, hits: b.hits }
        : b.kind === 'watch'
        ? { number: b.number, type: 'watchpoint', enabled: b.enabled, what: b.expr, addr: hex(b.addr), condition: null, hits: b.hits }
        : { number: b.number, type: `catch ${b.spec.kind}`, enabled: b.enabled, what: describeCatch(b.spec), addr: null, condition: null, hits: b.hits },
    );
  }
}

/** gdb's `info breakpoints` table. */
export function formatBreakpointTable(rows: BreakpointRow[]): string {
  if (rows.length === 0) return 'No breakpoints or catchpoints.';
  const lines = ['Num  Type         Enb  What'];
  for (const r of rows) {
    lines.push(`${String(r.number).padEnd(4)} ${r.type.padEnd(12)} ${r.enabled ? 'y' : 'n'}    ${r.what}`);
    if (r.condition) lines.push(`        stop only if ${r.condition}`);
    if (r.hits) lines.push(`        ${r.type.startsWith('catch') ? 'catchpoint' : r.type === 'watchpoint' ? 'watchpoint' : 'breakpoint'} already hit ${r.hits} time${r.hits === 1 ? '' : 's'}`);
  }
  return lines.join('\n');
}
