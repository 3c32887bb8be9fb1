// The fit's solver on synthetic data: known costs in, counts and exact or noisy "measurements"
// made from them, and the solver must give the known costs back.
import { describe, expect, it } from 'vitest';
import { predict, solveLinear, solveNonNegative, solveNonNegativeIntegers, type LeastSquaresProblem } from '../../src/calibrate/leastSquares.js';

/** A small deterministic generator (tests must not depend on Math.random). */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function problem(rows: number[][], truth: number[], prior: number[], noise = 0, seed = 1, priorWeight = 0.002): LeastSquaresProblem {
  const rnd = lcg(seed);
  const b = predict(rows, truth).map((v) => v * (1 + noise * (2 * rnd() - 1)));
  return { rows, b, w: b.map((v) => 1 / Math.max(v, 20)), prior, mu: prior.map((p) => priorWeight / Math.max(p, 1)) };
}

describe('solveLinear', () => {
  it('solves a system whose solution is known', () => {
    const x = solveLinear([[4, 1, 0], [1, 3, 1], [0, 1, 2]], [4 * 1 + 2, 1 + 3 * 2 + 3, 2 + 2 * 3]);
    expect(x.map((v) => Math.round(v * 1e9) / 1e9)).toEqual([1, 2, 3]);
  });
});

describe('solveNonNegativeIntegers on synthetic measurements', () => {
  /** Rows as calibrate has them: a body per unknown that mostly counts that one, then paths that mix them all. */
  function calibrationLikeRows(n: number, seed: number): number[][] {
    const rnd = lcg(seed);
    const isolating = Array.from({ length: n }, (_, j) => Array.from({ length: n }, (_, k) => (k === j ? 8 + Math.floor(rnd() * 56) : rnd() < 0.2 ? 1 : 0)));
    const paths = Array.from({ length: n }, () => Array.from({ length: n }, () => Math.floor(rnd() * 20)));
    return [...isolating, ...paths];
  }

  it('recovers every known cost from exact measurements, with a prior far off', () => {
    const truth = [1, 3, 14, 70, 65, 355, 9840, 0];
    const prior = truth.map((t, j) => Math.round(t * (j % 2 ? 2.5 : 0.4)) + 1);
    expect(solveNonNegativeIntegers(problem(calibrationLikeRows(truth.length, 7), truth, prior))).toEqual(truth);
  });

  it('recovers them within a cycle or 3% from measurements with 1% noise', () => {
    const truth = [2, 5, 30, 120, 600, 11000];
    const x = solveNonNegativeIntegers(problem(calibrationLikeRows(truth.length, 11), truth, truth.map((t) => 2 * t), 0.01, 3));
    x.forEach((v, j) => { expect(Math.abs(v - truth[j]!)).toBeLessThanOrEqual(Math.max(1, 0.03 * truth[j]!)); });
  });

  it('splits costs no measurement tells apart as the prior does, and leaves unseen ones at the prior', () => {
    // columns 0 and 1 always come together (SYSCALL and SYSRET); column 2 is never counted
    const rows = [[1, 1, 0, 1], [1, 1, 0, 3], [2, 2, 0, 1]];
    const truth = [100, 50, 0, 20];
    const x = solveNonNegativeIntegers(problem(rows, truth, [70, 70, 33, 10]));
    expect(x[0]! + x[1]!).toBe(150);
    expect(x[0]).toBe(x[1]);
    expect(x[2]).toBe(33);
    expect(x[3]).toBe(20);
  });

  it('holds a cost at 0 where the unconstrained optimum is negative', () => {
    // b says the second unknown "costs" -5 each; a cost is never negative
    const rows = [[1, 0], [1, 1], [1, 2]];
    const pr: LeastSquaresProblem = { rows, b: [100, 95, 90], w: [1, 1, 1], prior: [50, 5], mu: [1e-6, 1e-6] };
    const x = solveNonNegative(pr);
    expect(x[1]).toBe(0);
    expect(Math.round(x[0]!)).toBe(95);
  });
});
