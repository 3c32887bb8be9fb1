// The modelled figures of calibrate's own bodies under a profile, for `bench` to set beside the
// measured ones a calibrated profile carries as its reference.
import type { CostProfile } from '../machine/index.js';
import { runEmulated } from './classCounts.js';
import { measurementGroups, MEASUREMENTS } from './measurements.js';
import { EMULATED_SHAPE, linkMeasurementProgram } from './measurementProgram.js';

/** Modelled cycles of each named body that calibrate measures (bodies trapdoor cannot run yet are left out). */
export async function modelledCalibrationFigures(names: readonly string[], profile: CostProfile): Promise<Record<string, number>> {
  const wanted = MEASUREMENTS.filter((m) => names.includes(m.name));
  const out: Record<string, number> = {};
  for (const [g, ms] of measurementGroups(wanted)) {
    const r = await runEmulated(linkMeasurementProgram(g, ms, EMULATED_SHAPE), g, profile);
    if (r.ok) Object.assign(out, r.figures);
  }
  return out;
}

/** What a calibrate body goes through, in a few words ('' for a name calibrate does not measure). */
export function calibrationNote(name: string): string {
  return MEASUREMENTS.find((m) => m.name === name)?.note ?? '';
}

/** Is `name` one of calibrate's per-class bodies (not a round trip)? */
export function isCalibrationClassBody(name: string): boolean {
  return MEASUREMENTS.find((m) => m.name === name)?.kind === 'class';
}
