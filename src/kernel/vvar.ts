// The [vvar] data pages as Linux 6.18 lays them out (include/vdso/datapage.h, the generic vDSO data
// store): page 0 struct vdso_time_data, whose clock_data[CS_BASES] are two struct vdso_clock
// (CS_HRES_COARSE for REALTIME/MONOTONIC/BOOTTIME/TAI and the coarse clocks, CS_RAW for
// MONOTONIC_RAW, each with its own seq, clocksource fields and basetime[]), then
// aux_clock_data[MAX_AUX_CLOCKS] (unused: zero), tz_minuteswest, tz_dsttime, hrtimer_res; page 1
// the time-namespace page (zero); page 2 struct vdso_rng_data. The offsets were checked against
// this host's own [vvar] (test/kernel/vvar.test.ts reads it). The writer: seq odd while updating.
import { CLOCK_MONOTONIC_RAW, VDSO_BASES, type Timekeeper } from './timekeeping.js';

/** struct vdso_clock (x86 has CONFIG_GENERIC_VDSO_OVERFLOW_PROTECT: max_cycles). */
export const VC = { seq: 0, clockMode: 4, cycleLast: 8, maxCycles: 16, mask: 24, mult: 32, shift: 36, basetime: 40, size: 232 } as const;
export const CS_HRES_COARSE = 0;
export const CS_RAW = 1;
/** MAX_AUX_CLOCKS (include/linux/timekeeping.h): the auxiliary clocks' vdso_clock slots. */
const MAX_AUX_CLOCKS = 8;
const TZ = (2 + MAX_AUX_CLOCKS) * VC.size;
/** struct vdso_time_data's fields after the clocks, and struct vdso_rng_data on page 2. */
export const VD = {
  tzMinuteswest: TZ, tzDsttime: TZ + 4, hrtimerRes: TZ + 8,
  // struct vdso_rng_data: the vDSO's getrandom reads is_ready (0: its ChaCha20 path is not modelled).
  rngGeneration: 0x2000, rngIsReady: 0x2008, size: 0x2010,
} as const;
/** Where each clock's seq lies: the writer makes both odd, then both even (vdso_write_begin/end). */
export const VVAR_SEQ_OFFSETS = [CS_HRES_COARSE * VC.size + VC.seq, CS_RAW * VC.size + VC.seq] as const;
/** vdso_clock_mode: the TSC is the clocksource the vDSO may read. */
export const VDSO_CLOCKMODE_TSC = 1;

/** clocks_calc_max_nsecs' cycle bound: the delta whose product with mult + 11% (maxadj) fits 64 bits. */
export function maxCycles(mult: bigint, mask: bigint): bigint {
  const c = 0xffffffffffffffffn / (mult + (mult * 11n) / 100n);
  return c < mask ? c : mask;
}

/** Write the data pages' image for the timekeeper's state, with sequence number `seq`. */
export function vvarImage(tk: Timekeeper, seq: number): Uint8Array {
  const b = new Uint8Array(VD.size);
  const dv = new DataView(b.buffer);
  for (const cs of [CS_HRES_COARSE, CS_RAW]) {
    const o = cs * VC.size;
    dv.setUint32(o + VC.seq, seq >>> 0, true);
    dv.setInt32(o + VC.clockMode, VDSO_CLOCKMODE_TSC, true);
    dv.setBigUint64(o + VC.cycleLast, BigInt.asUintN(64, tk.cycleLast), true);
    dv.setBigUint64(o + VC.maxCycles, maxCycles(tk.mult, tk.mask), true);
    dv.setBigUint64(o + VC.mask, tk.mask, true);
    dv.setUint32(o + VC.mult, Number(tk.mult), true);
    dv.setUint32(o + VC.shift, Number(tk.shift), true);
    // update_vdso_data: CS_RAW carries only basetime[CLOCK_MONOTONIC_RAW], CS_HRES_COARSE all the others
    for (let c = 0; c < VDSO_BASES; c++) {
      if ((c === CLOCK_MONOTONIC_RAW) !== (cs === CS_RAW)) continue;
      const base = tk.base(c);
      dv.setBigUint64(o + VC.basetime + c * 16, BigInt.asUintN(64, base.sec), true);
      dv.setBigUint64(o + VC.basetime + c * 16 + 8, BigInt.asUintN(64, base.snsec), true);
    }
  }
  dv.setInt32(VD.tzMinuteswest, 0, true);
  dv.setInt32(VD.tzDsttime, 0, true);
  dv.setUint32(VD.hrtimerRes, 1, true);
  return b;
}
