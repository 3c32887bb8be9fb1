// The [vvar] time data page, laid out like include/vdso/datapage.h's struct vdso_data, and its
// writer: seq odd while updating, even when done (the readers in vdso64.S/vdso32.S retry).
import { VDSO_BASES, type Timekeeper } from './timekeeping.js';

export const VD = {
  seq: 0, clockMode: 4, cycleLast: 8, mask: 16, mult: 24, shift: 28, basetime: 32,
  tzMinuteswest: 224, tzDsttime: 228, hrtimerRes: 232,
  // struct vdso_rng_data: the vDSO's getrandom reads is_ready (0: its ChaCha20 path is not modelled).
  rngGeneration: 240, rngIsReady: 248, size: 256,
} as const;
/** vdso_clock_mode: the TSC is the clocksource the vDSO may read. */
export const VDSO_CLOCKMODE_TSC = 1;

/** Write the whole data page image for the timekeeper's state, with sequence number `seq`. */
export function vvarImage(tk: Timekeeper, seq: number): Uint8Array {
  const b = new Uint8Array(VD.size);
  const dv = new DataView(b.buffer);
  dv.setUint32(VD.seq, seq >>> 0, true);
  dv.setInt32(VD.clockMode, VDSO_CLOCKMODE_TSC, true);
  dv.setBigUint64(VD.cycleLast, BigInt.asUintN(64, tk.cycleLast), true);
  dv.setBigUint64(VD.mask, tk.mask, true);
  dv.setUint32(VD.mult, Number(tk.mult), true);
  dv.setUint32(VD.shift, Number(tk.shift), true);
  for (let c = 0; c < VDSO_BASES; c++) {
    const base = tk.base(c);
    dv.setBigUint64(VD.basetime + c * 16, BigInt.asUintN(64, base.sec), true);
    dv.setBigUint64(VD.basetime + c * 16 + 8, BigInt.asUintN(64, base.snsec), true);
  }
  dv.setInt32(VD.tzMinuteswest, 0, true);
  dv.setInt32(VD.tzDsttime, 0, true);
  dv.setUint32(VD.hrtimerRes, 1, true);
  return b;
}
