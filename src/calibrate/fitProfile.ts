// Fit a profile's costs to native measurements: each measured body is an observation whose modelled
// cost is Σ count × parameter (the counts from the emulator, classCounts.ts); the parameters are
// the least-squares solution with the base profile as prior (leastSquares.ts), as integers.
import type { CostProfile } from '../machine/index.js';
import { modelledFigure, paramValues, profileParams, withParams, type Counts, type Param } from './classCounts.js';
import { solveNonNegativeIntegers, type LeastSquaresProblem } from './leastSquares.js';
import type { Measurement } from './measurements.js';

/** The spread of one measurement's native runs. */
export interface Spread { median: number; p25: number; p75: number; min: number; max: number; runs: number; }

export function spreadOf(values: readonly number[]): Spread {
  const s = [...values].sort((a, b) => a - b);
  const at = (q: number): number => {
    const pos = q * (s.length - 1);
    const lo = Math.floor(pos);
    return s[lo]! + (s[Math.min(lo + 1, s.length - 1)]! - s[lo]!) * (pos - lo);
  };
  return { median: at(0.5), p25: at(0.25), p75: at(0.75), min: s[0]!, max: s[s.length - 1]!, runs: s.length };
}

/** What calibrate knows of one measurement. */
export interface Observation {
  m: Measurement;
  /** Native figures of every run, absent when not measurable here. */
  native?: Spread;
  /** The emulator's parameter counts for the body, absent when it does not run under trapdoor. */
  counts?: Counts;
  /** Why it is not measured, not counted, or not fitted. */
  why?: string;
}

/** One row of the result: measured against modelled with the fitted profile. */
export interface FitRow {
  name: string;
  kind: Measurement['kind'];
  note: string;
  native?: Spread;
  modelled?: number;
  /** modelled − median, in cycles and relative to the median. */
  residual?: number;
  relative?: number;
  fitted: boolean;
  why?: string;
}

export interface FitResult { values: Map<Param, number>; rows: FitRow[]; }

/** The fit's defaults (FitOptions). */
export const DEFAULT_FIT = { priorWeight: 1e-4, floorCycles: 20, classWeight: 0.3 } as const;

export interface FitOptions {
  /** Weight of a relative departure from the base profile against a relative residual (default 1e-4: so weak that a cost a measurement pins moves freely — a 7,600-cycle departure of CPUID biases it by 0.03 cycles — yet it splits costs no measurement tells apart as the prior does). */
  priorWeight?: number;
  /** Residuals are relative to max(measured, this) cycles, so a near-zero figure is not weighed as infinite. */
  floorCycles?: number;
  /**
   * Weight of a per-class body against a path (default 0.3): costs are whole cycles of the TSC,
   * finer than an instruction's real cost, so where they cannot fit both the paths win.
   */
  classWeight?: number;
}

/** Is this observation fitted, and if not, why not. */
function fittable(o: Observation): string | null {
  if (o.why) return o.why;
  if (!o.native) return 'not measured natively';
  if (!o.counts) return 'the emulator does not run it';
  if (o.m.kind === 'class') {
    if (!o.m.isolates || !o.counts.get(o.m.isolates)) {
      const as = [...o.counts.keys()].join(', ') || 'nothing';
      return `reported only: the model has no cost class for it (charged as ${as})`;
    }
  }
  return null;
}

/** Fit `base`'s parameters to the observations. */
export function fitParams(base: CostProfile, obs: readonly Observation[], opts: FitOptions = {}): FitResult {
  const lambda = opts.priorWeight ?? DEFAULT_FIT.priorWeight;
  const floor = opts.floorCycles ?? DEFAULT_FIT.floorCycles;
  const classWeight = opts.classWeight ?? DEFAULT_FIT.classWeight;
  const params = profileParams(base);
  const prior = paramValues(base);
  const used = obs.filter((o) => fittable(o) === null);
  const pr: LeastSquaresProblem = {
    rows: used.map((o) => params.map((p) => o.counts!.get(p) ?? 0)),
    b: used.map((o) => o.native!.median),
    w: used.map((o) => (o.m.kind === 'class' ? classWeight : 1) / Math.max(o.native!.median, floor)),
    prior: params.map((p) => prior.get(p)!),
    mu: params.map((p) => lambda / Math.max(prior.get(p)!, 1)),
  };
  const x = solveNonNegativeIntegers(pr);
  const values = new Map(params.map((p, j) => [p, x[j]!]));
  const rows = obs.map((o): FitRow => {
    const why = fittable(o);
    const row: FitRow = { name: o.m.name, kind: o.m.kind, note: o.m.note, native: o.native, fitted: why === null, why: why ?? undefined };
    if (o.counts) row.modelled = modelledFigure(o.counts, values);
    if (o.counts && o.native) {
      row.residual = row.modelled! - o.native.median;
      row.relative = o.native.median ? row.residual / o.native.median : row.residual === 0 ? 0 : Infinity;
    }
    return row;
  });
  return { values, rows };
}

/** The calibrated profile: `base`'s shape with the fitted values and the measured medians as reference figures. */
export function fittedProfile(base: CostProfile, fit: FitResult, extra: Partial<CostProfile>): CostProfile {
  const reference: Record<string, number> = {};
  for (const r of fit.rows) if (r.native) reference[r.name] = Math.round(r.native.median);
  return withParams(base, fit.values, { ...extra, reference });
}
