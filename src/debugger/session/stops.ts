// Whether the program stops where it is: a code breakpoint (its condition, a temporary one), a
// catchpoint (syscall, entry method, vDSO call, load), a mode stop, or the goal of the run.
import type { ControlTransfer, StepResult } from '../../machine/index.js';
import { syscallByNumber } from '../../kernel/syscallTable.js';
import { type Catchpoint, type CodeBreakpoint, describeCatch, type EntryEvent } from '../breakpoints.js';
import { evaluate } from '../expression.js';
import { hex } from '../viewModel.js';
import { entryMethod, SessionTransitions } from './transitions.js';

/** What a run goes on until (besides breakpoints, catchpoints, mode stops and the end). */
export type RunGoal =
  | { kind: 'continue' }
  | { kind: 'untilUser' }
  | { kind: 'untilReturn'; addr: bigint; sp: bigint }
  /** advance/until LOCATION: to `to`, or until the current function returns (its ret at call depth 0). */
  | { kind: 'advance'; to: bigint };

/** Why a run stopped, and the CPU's description of the mode switch it stopped at (undefined: keep the last). */
export type StopInfo = { reason: string; modeSwitch?: string | null };

export abstract class SessionStops extends SessionTransitions {
  /** A code breakpoint at the current RIP: count it if its condition holds. Returns the stop reason or null. */
  protected hitBreakpoint(): string | null {
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

  protected breakpointReason(bp: CodeBreakpoint): string {
    return `${bp.temporary ? 'temporary breakpoint' : 'breakpoint'} ${bp.number} at ${this.symbols.describe(bp.addr) ?? `0x${hex(bp.addr)}`}`;
  }

  /** At a breakpoint inside machine.run(): vDSO round trips, then the stop it is, if any. */
  protected breakpointStop(goal: RunGoal, userBps: Set<bigint>, rip: bigint, vdsoCatches: Catchpoint[]): StopInfo | null {
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
  protected modeSwitchStop(t: ControlTransfer, goal: RunGoal): StopInfo | null {
    const m = this.machine;
    // Entry cost was charged by the transfer itself: the round trip starts before it.
    const entryCost = t.toCpl === 0 ? this.transferCost(t) : 0;
    const ev = this.onTransfer(t, m.cycles - entryCost);
    if (!ev) return null;
    const loaded = this.takeLoadStop();
    if (loaded !== null) return { reason: loaded, modeSwitch: this.describeTransfer(t) };
    const caught = this.catchHit(ev);
    if (caught) return { reason: caught, modeSwitch: this.describeTransfer(t) };
    if (this.modeStops) return { reason: `mode switch: ${ev.direction === 'enter' ? 'user -> kernel' : 'kernel -> user'} (${t.cause})`, modeSwitch: this.describeTransfer(t) };
    if (goal.kind === 'untilUser' && ev.direction === 'exit') return { reason: 'returned to user mode', modeSwitch: this.describeTransfer(t) };
    return null;
  }

  /** The catchpoints a mode switch matches, their hits counted: `catchpoint 2: syscall write (syscall)`, or null. */
  protected catchHit(ev: EntryEvent): string | null {
    const caught = this.breakpoints.matchCatch(ev);
    if (!caught.length) return null;
    for (const c of caught) c.hits++;
    const c = caught[0]!;
    const what = c.spec.kind === 'syscall' && ev.syscall
      ? `syscall ${syscallByNumber(ev.syscall.abi, ev.syscall.nr)?.name ?? ev.syscall.nr} (${ev.method})`
      : describeCatch(c.spec);
    return `catchpoint ${c.number}: ${what}`;
  }

  /** The `catch load` stop a newly mapped object asked for (once), or null. */
  protected takeLoadStop(): string | null {
    const reason = this.loadStopReason;
    this.loadStopReason = null;
    return reason;
  }

  /** Catchpoints and mode stops for a transfer taken by a single step inside runSlice. */
  protected afterSteppedTransfer(s: StepResult, goal: RunGoal): StopInfo | null {
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
}
