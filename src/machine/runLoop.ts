// run(): the fast path that executes compiled blocks and single instructions until the run's
// limits, a breakpoint, a control transfer or a stop request; interrupts, HLT and native calls
// go through stepOne.
import type { CompiledBlock } from './jit/compileBlock.js';
import type { CpuCore } from './CpuCore.js';
import { S_STOP } from './CpuCore.js';
import { GuestFault } from './GuestFault.js';
import { raiseException } from './system/interrupts.js';
import type { ControlTransfer, RunLimits, RunResult, StopReason } from './types.js';

/** Whether a breakpoint sits on an instruction of the block after its first. */
function blockHasBreakpoint(b: CompiledBlock, bps: Set<number>): boolean {
  const st = b.starts;
  for (let k = 1; k < st.length; k++) if (bps.has(st[k]!)) return true;
  return false;
}

/** run()'s converted copies of the caller's breakpoint Sets, by Set (see RunLimits.breakpointsVersion). */
const bpCache = new WeakMap<Set<bigint>, { version: number; bps: Set<number>; lo: number; hi: number }>();

/**
 * The breakpoints as numbers, with their range. A caller that swaps between a few Sets (the
 * debugger: vDSO entries, or the return of the call in flight) reuses each one's copy while its
 * version stays the same.
 */
function breakpointTable(limits: RunLimits): { bps: Set<number>; lo: number; hi: number } | null {
  const src = limits.breakpoints;
  if (!src || !src.size) return null;
  const version = limits.breakpointsVersion;
  const c = version !== undefined ? bpCache.get(src) : undefined;
  if (c !== undefined && c.version === version) return c;
  const bps = new Set<number>();
  let lo = Infinity, hi = -Infinity;
  for (const b of src) {
    const a = Number(BigInt.asIntN(64, b));
    bps.add(a);
    if (a < lo) lo = a;
    if (a > hi) hi = a;
  }
  const t = { version: version ?? -1, bps, lo, hi };
  if (version !== undefined) bpCache.set(src, t);
  return t;
}

/** CpuCore.run. */
export function runLoop(cpu: CpuCore, limits: RunLimits): RunResult {
  const max = limits.maxInstructions ?? Infinity;
  const maxCycles = limits.maxCycles ?? Infinity;
  // The range of breakpoint addresses: a loop outside it pays two compares, not a Set lookup.
  let bpVersion = limits.breakpointsVersion;
  let table = breakpointTable(limits);
  let bps: Set<number> | null = table === null ? null : table.bps;
  let bpLo = table === null ? Infinity : table.lo, bpHi = table === null ? -Infinity : table.hi;
  const stopSwitch = limits.stopOnModeSwitch === true, stopTransfer = limits.stopOnTransfer === true;
  const onSwitch = limits.onModeSwitch ?? null;
  const onBp = limits.onBreakpoint ?? null;
  let n = 0;
  /** The breakpoint address onBreakpoint just passed (NaN: none). */
  let passBp = NaN;
  let reason: StopReason = 'max-instructions';
  let message: string | undefined;
  let transfer: ControlTransfer | undefined;
  for (;;) {
    if (n >= max) { reason = 'max-instructions'; break; }
    if (cpu.cycles >= maxCycles) { reason = 'max-cycles'; break; }
    const rip0 = cpu.rip;
    if (bps !== null && n > 0 && rip0 >= bpLo && rip0 <= bpHi && rip0 !== passBp && bps.has(rip0)) {
      if (onBp === null) { reason = 'breakpoint'; break; }
      const stepped = onBp();
      if (stepped < 0) { reason = 'breakpoint'; break; }
      n += stepped;
      // 0: run the instruction here without asking again.
      passBp = stepped === 0 ? cpu.rip : NaN;
      if (limits.breakpointsVersion !== bpVersion) {
        bpVersion = limits.breakpointsVersion;
        table = breakpointTable(limits);
        bps = table === null ? null : table.bps;
        bpLo = table === null ? Infinity : table.lo; bpHi = table === null ? -Infinity : table.hi;
      }
      continue;
    }
    passBp = NaN;
    cpu.transfer = null;
    if (cpu.halted || cpu.cycles >= cpu.nextTimerAt || cpu.natives.has(cpu.rip) || (cpu.flagsRest & 0x100 /* TF */) !== 0) {
      // Slow path: pending interrupt, HLT wait, a native call, or single-stepping (one step each).
      const st = cpu.stepOne();
      n++;
      if (st === S_STOP) {
        if (cpu.stopRequest !== null) { reason = cpu.stopRequest === '\0shutdown' ? 'shutdown' : 'requested'; message = cpu.stopMessage(); }
        else { reason = 'halted'; message = 'hlt with interrupts disabled or no timer'; }
        break;
      }
    } else {
      // Fast path: straight-line execution until something needs the outer loop.
      let start = cpu.rip;
      const n0 = n;
      const cycleLimit = Math.min(maxCycles, cpu.nextTimerAt);
      try {
        for (;;) {
          start = cpu.rip;
          const d = cpu.fetch();
          let blk = d.block;
          if (blk === null && ++d.hits === cpu.jitThreshold) { cpu.compileAt(d, start); blk = d.block; }
          if (blk !== null && n + blk.count <= max && cpu.cycles + blk.cycles < cycleLimit
            && (blk.innerHi < bpLo || blk.innerLo > bpHi || !blockHasBreakpoint(blk, bps!))) {
            cpu.jitBlock = blk;
            cpu.jitAcc = 0;
            // No further pass may run into the run's end, the timer, or a breakpoint on the block's start.
            const room = start >= bpLo && start <= bpHi && bps!.has(start) ? 0 : max - n;
            const k = blk.code(cpu, blk, room, cycleLimit);
            n += k;
            cpu.compiledInstructions += k;
            cpu.jitBlock = null;
          } else {
            cpu.cycles += d.cost;
            n++;
            cpu.exec(d);
            if (d.op === 53 /* CALL */ || d.op === 54 /* CALL_IND */ || d.op === 51 /* JMP_IND */) { if (cpu.natives.has(cpu.rip)) break; }
            // POPF set TF: the next instruction single-steps (through stepOne).
            if ((cpu.flagsRest & 0x100) !== 0) break;
          }
          // transfer / stop request / hlt / timer re-arm all leave the fast path through these checks
          if (cpu.transfer !== null || cpu.stopRequest !== null || cpu.halted || n >= max || cpu.cycles >= cycleLimit) break;
          const rip = cpu.rip;
          if (rip >= bpLo && rip <= bpHi && bps!.has(rip)) break;
        }
      } catch (e) {
        const blk = cpu.jitBlock;
        cpu.jitBlock = null;
        if (blk !== null) {
          // Settle the block's instructions up to and including the faulting one, as the interpreter would have.
          const k = cpu.jitIdx, done = cpu.jitAcc + k + 1;
          start = blk.starts[k]!;
          cpu.cycles += blk.prefix[k + 1]!;
          n += done;
          cpu.compiledInstructions += done;
        }
        if (!(e instanceof GuestFault)) { cpu.instructions += n - n0; throw e; }
        cpu.rip = start;
        raiseException(cpu, e);
      }
      cpu.instructions += n - n0;
      if (cpu.stopRequest !== null) {
        reason = cpu.stopRequest === '\0shutdown' ? 'shutdown' : 'requested'; message = cpu.stopMessage();
        break;
      }
    }
    const t = cpu.transfer as ControlTransfer | null;
    if (t !== null && (stopTransfer || (stopSwitch && t.modeSwitch) || (onSwitch !== null && t.modeSwitch && onSwitch(t)))) {
      reason = 'mode-switch'; transfer = t; break;
    }
  }
  const r: RunResult = { reason, instructions: n };
  if (transfer) r.transfer = transfer;
  if (message !== undefined) r.message = message;
  return r;
}
