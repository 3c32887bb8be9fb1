// Weighted least squares with a prior, non-negative and integer unknowns: the solver behind
// `trapdoor calibrate`. Minimises Σ_i (w_i (a_i·x − b_i))² + Σ_j (μ_j (x_j − p_j))². The prior term
// keeps the unknowns no measurement tells apart (SYSCALL against SYSRET: every path has one of
// each) at the prior's proportions, and the unknowns no measurement sees at the prior itself.

export interface LeastSquaresProblem {
  /** rows[i][j]: how many times observation i counts unknown j. */
  rows: readonly (readonly number[])[];
  /** The measured value of each observation. */
  b: readonly number[];
  /** Weight of each observation's residual (e.g. 1/b_i for relative residuals). */
  w: readonly number[];
  /** The prior value of each unknown and the weight of a departure from it. */
  prior: readonly number[];
  mu: readonly number[];
}

/** Solve the dense symmetric positive definite system M x = r (Gaussian elimination, partial pivoting). */
export function solveLinear(m: number[][], r: number[]): number[] {
  const n = r.length;
  const a = m.map((row, i) => [...row, r[i]!]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let i = c + 1; i < n; i++) if (Math.abs(a[i]![c]!) > Math.abs(a[p]![c]!)) p = i;
    [a[c], a[p]] = [a[p]!, a[c]!];
    const piv = a[c]![c]!;
    if (piv === 0) throw new Error('solveLinear: singular system');
    for (let i = c + 1; i < n; i++) {
      const f = a[i]![c]! / piv;
      if (f === 0) continue;
      for (let k = c; k <= n; k++) a[i]![k]! -= f * a[c]![k]!;
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let i = n - 1; i >= 0; i--) {
    let s = a[i]![n]!;
    for (let k = i + 1; k < n; k++) s -= a[i]![k]! * x[k]!;
    x[i] = s / a[i]![i]!;
  }
  return x;
}

/** The unconstrained minimiser with the unknowns in `fixed` held at their given values. */
function solveWithFixed(pr: LeastSquaresProblem, fixed: ReadonlyMap<number, number>): number[] {
  const n = pr.prior.length;
  const free = [...Array(n).keys()].filter((j) => !fixed.has(j));
  const m = free.map(() => new Array<number>(free.length).fill(0));
  const r = free.map((j) => pr.mu[j]! ** 2 * pr.prior[j]!);
  free.forEach((j, a) => { m[a]![a]! += pr.mu[j]! ** 2; });
  pr.rows.forEach((row, i) => {
    const w2 = pr.w[i]! ** 2;
    if (w2 === 0) return;
    let rest = pr.b[i]!;
    for (const [j, v] of fixed) rest -= row[j]! * v;
    free.forEach((j, a) => {
      if (row[j] === 0) return;
      r[a]! += w2 * row[j]! * rest;
      free.forEach((k, c) => { m[a]![c]! += w2 * row[j]! * row[k]!; });
    });
  });
  const xs = free.length ? solveLinear(m, r) : [];
  const x = new Array<number>(n).fill(0);
  for (const [j, v] of fixed) x[j] = v;
  free.forEach((j, a) => { x[j] = xs[a]!; });
  return x;
}

/** The minimiser over x ≥ 0: unknowns that come out negative are held at 0 and the rest solved again. */
export function solveNonNegative(pr: LeastSquaresProblem, fixed: ReadonlyMap<number, number> = new Map()): number[] {
  const held = new Map(fixed);
  for (;;) {
    const x = solveWithFixed(pr, held);
    const neg = x.map((v, j) => [v, j] as const).filter(([v, j]) => v < 0 && !held.has(j));
    if (!neg.length) return x;
    for (const [, j] of neg) held.set(j, 0);
  }
}

/** The objective: Σ (w_i (a_i·x − b_i))² + Σ (μ_j (x_j − p_j))². */
export function objective(pr: LeastSquaresProblem, x: readonly number[]): number {
  let s = 0;
  pr.rows.forEach((row, i) => { s += (pr.w[i]! * (row.reduce((t, v, j) => t + v * x[j]!, 0) - pr.b[i]!)) ** 2; });
  x.forEach((v, j) => { s += (pr.mu[j]! * (v - pr.prior[j]!)) ** 2; });
  return s;
}

/**
 * The non-negative integer solution: the unknowns are fixed one at a time, the most influential
 * first (largest weighted column norm), each to whichever of the integers either side of its
 * current value leaves the lower objective once the rest are solved again (so that the others
 * absorb what it lost). Unknowns no observation counts just round their prior.
 */
export function solveNonNegativeIntegers(pr: LeastSquaresProblem): number[] {
  const n = pr.prior.length;
  const influence = [...Array(n).keys()].map((j) => pr.rows.reduce((s, row, i) => s + (pr.w[i]! * row[j]!) ** 2, 0));
  const order = [...Array(n).keys()].sort((a, b) => influence[b]! - influence[a]! || a - b);
  const fixed = new Map<number, number>();
  let x = solveNonNegative(pr);
  for (const j of order) {
    const candidates = [...new Set([Math.max(0, Math.floor(x[j]!)), Math.max(0, Math.ceil(x[j]!))])];
    let best: { x: number[]; f: number; v: number } | null = null;
    for (const v of candidates) {
      const trial = solveNonNegative(pr, new Map([...fixed, [j, v]]));
      const f = objective(pr, trial);
      if (!best || f < best.f) best = { x: trial, f, v };
    }
    fixed.set(j, best!.v);
    x = best!.x;
  }
  return x;
}

/** a_i·x for every observation. */
export function predict(rows: readonly (readonly number[])[], x: readonly number[]): number[] {
  return rows.map((row) => row.reduce((s, v, j) => s + v * x[j]!, 0));
}
