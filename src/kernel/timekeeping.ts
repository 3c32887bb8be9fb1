// Simulated time: a pure function of the modelled cycle counter (RDTSC) and a boot timestamp, in
// the same fixed-point form the vDSO uses (ns = ((tsc - cycle_last) * mult + base_nsec) >> shift),
// so the syscall and the vDSO agree to the nanosecond. No host clock after boot.

export const CLOCK_REALTIME = 0;
export const CLOCK_MONOTONIC = 1;
export const CLOCK_PROCESS_CPUTIME_ID = 2;
export const CLOCK_THREAD_CPUTIME_ID = 3;
export const CLOCK_MONOTONIC_RAW = 4;
export const CLOCK_REALTIME_COARSE = 5;
export const CLOCK_MONOTONIC_COARSE = 6;
export const CLOCK_BOOTTIME = 7;
export const CLOCK_TAI = 11;
/** Clocks in vdso_data.basetime[] (VDSO_BASES = CLOCK_TAI + 1). */
export const VDSO_BASES = 12;
export const NSEC_PER_SEC = 1_000_000_000n;
/** HZ 250: one jiffy is 4 ms. */
export const DEFAULT_HZ = 250;
/** TAI is ahead of UTC by 37 s since 2017. */
const TAI_OFFSET_SEC = 37n;

export interface ClockBase {
  sec: bigint;
  /** Nanoseconds << shift (fixed point), as vdso_data stores them. */
  snsec: bigint;
}

/** The timekeeper's state; [vvar] mirrors it after every tick. */
export class Timekeeper {
  readonly shift = 24n;
  readonly mult: bigint;
  readonly mask = 0xffffffffffffffffn;
  cycleLast = 0n;
  /** Monotonic time at cycleLast, fixed point. */
  private monoSec = 0n;
  private monoSnsec = 0n;
  /** CLOCK_REALTIME - CLOCK_MONOTONIC, in ns. */
  readonly realtimeOffsetNs: bigint;

  constructor(readonly tscHz: number, bootRealtimeNs: bigint) {
    this.mult = BigInt(Math.round((1e9 * 2 ** 24) / tscHz));
    // CLOCK_MONOTONIC counts from boot (cycle 0); CLOCK_REALTIME adds the boot timestamp.
    this.realtimeOffsetNs = bootRealtimeNs;
  }

  /** Nanoseconds of monotonic time at `cycles`. */
  monotonicNs(cycles: bigint): bigint {
    const delta = (cycles - this.cycleLast) & this.mask;
    const ns = (delta * this.mult + this.monoSnsec) >> this.shift;
    return this.monoSec * NSEC_PER_SEC + ns;
  }

  /** Advance the base to `cycles` (a timer tick): what the kernel's timekeeping update does. */
  tick(cycles: bigint): void {
    const delta = (cycles - this.cycleLast) & this.mask;
    let snsec = this.monoSnsec + delta * this.mult;
    const secUnit = NSEC_PER_SEC << this.shift;
    let sec = this.monoSec;
    while (snsec >= secUnit) {
      snsec -= secUnit;
      sec += 1n;
    }
    this.monoSec = sec;
    this.monoSnsec = snsec;
    this.cycleLast = cycles;
  }

  /** Offset of `clock` from CLOCK_MONOTONIC in ns, or null for clocks kept elsewhere. */
  private offsetNs(clock: number): bigint | null {
    switch (clock) {
      case CLOCK_MONOTONIC: case CLOCK_MONOTONIC_RAW: case CLOCK_BOOTTIME: case CLOCK_MONOTONIC_COARSE: return 0n;
      case CLOCK_REALTIME: case CLOCK_REALTIME_COARSE: return this.realtimeOffsetNs;
      case CLOCK_TAI: return this.realtimeOffsetNs + TAI_OFFSET_SEC * NSEC_PER_SEC;
      default: return null;
    }
  }

  /** basetime[clock] for [vvar]: hres clocks in fixed point, coarse clocks as plain ns. */
  base(clock: number): ClockBase {
    const off = this.offsetNs(clock);
    if (off === null) return { sec: 0n, snsec: 0n };
    const offSec = off / NSEC_PER_SEC;
    const offNs = off % NSEC_PER_SEC;
    let sec = this.monoSec + offSec;
    let snsec = this.monoSnsec + (offNs << this.shift);
    const secUnit = NSEC_PER_SEC << this.shift;
    if (snsec >= secUnit) {
      snsec -= secUnit;
      sec += 1n;
    }
    if (clock === CLOCK_REALTIME_COARSE || clock === CLOCK_MONOTONIC_COARSE) return { sec, snsec: snsec >> this.shift };
    return { sec, snsec };
  }

  /** clock_gettime(clock) at `cycles` as [sec, nsec], or null for an unsupported clock. */
  read(clock: number, cycles: bigint): [bigint, bigint] | null {
    if (clock === CLOCK_REALTIME_COARSE || clock === CLOCK_MONOTONIC_COARSE) {
      const b = this.base(clock);
      return [b.sec, b.snsec];
    }
    const off = this.offsetNs(clock);
    if (off === null) return null;
    const b = this.base(clock);
    const delta = (cycles - this.cycleLast) & this.mask;
    let ns = (delta * this.mult + b.snsec) >> this.shift;
    let sec = b.sec;
    while (ns >= NSEC_PER_SEC) {
      ns -= NSEC_PER_SEC;
      sec += 1n;
    }
    return [sec, ns];
  }

  /** Cycles that pass in `ns` nanoseconds (nanosleep). */
  cyclesFor(ns: bigint): bigint {
    return (ns * BigInt(Math.round(this.tscHz))) / NSEC_PER_SEC;
  }
}
