/**
 * Nelder-Mead minimisation (Nelder & Mead 1965, with the coefficients and
 * tie-breaking of Lagarias et al. 1998: reflection 1, expansion 2,
 * contraction 1/2, shrink 1/2), for the small smooth problems of the value
 * models: 3 or 4 parameters, optimised on their logarithms so every point of
 * the search space is a valid (positive) parameter set.
 *
 * Convergence needs both the spread of the simplex's values (fTol) and its
 * size (xTol) to be small. Nelder-Mead can stall on a collapsed simplex, so a
 * converged run is restarted from its best point with a fresh simplex; the
 * answer is accepted when a restart no longer improves it. Running out of
 * evaluations is reported as not converged, never hidden.
 */
import type { Steps, ValuePhase } from './schedule';

export interface NelderMeadOptions {
  /** Initial simplex edge per coordinate (default 0.5: a factor 1.65 on a log-parameter). */
  step?: number;
  /** Stop when the simplex's values differ by at most fTol · max(1, |f|) (default 1e-11). */
  fTol?: number;
  /** ... and its vertices by at most xTol in every coordinate (default 1e-7). */
  xTol?: number;
  /** Budget of function evaluations over all restarts (default 10,000). */
  maxEvaluations?: number;
  /**
   * Give up when the best value improved by less than stallTol · max(1, |f|)
   * over the last 100·n iterations while the simplex is still large: the
   * search is crawling along a ridge the data do not identify (default 1e-10).
   */
  stallTol?: number;
  /** Restarts from the best point after convergence (default 4). */
  maxRestarts?: number;
  /** The phase named in the progress this yields. */
  phase?: ValuePhase;
}

export interface MinimiseResult {
  x: number[];
  f: number;
  converged: boolean;
  iterations: number;
  evaluations: number;
  restarts: number;
  /** Why it stopped, in words. */
  message: string;
}

/** Minimise f, yielding after every iteration (see schedule.ts). */
export function* nelderMeadSteps(
  f: (x: Float64Array) => number,
  start: ArrayLike<number>,
  options: NelderMeadOptions = {},
): Steps<MinimiseResult> {
  const n = start.length;
  const step = options.step ?? 0.5;
  const fTol = options.fTol ?? 1e-11;
  const xTol = options.xTol ?? 1e-6;
  const maxEvaluations = options.maxEvaluations ?? 10_000;
  const stallTol = options.stallTol ?? 1e-10;
  const stallWindow = 100 * n;
  const maxRestarts = options.maxRestarts ?? 4;
  const phase = options.phase ?? 'fit-bgnbd';

  let evaluations = 0;
  let iterations = 0;
  const evaluate = (x: Float64Array): number => {
    evaluations += 1;
    const value = f(x);
    // A point where the model is undefined is simply a bad point.
    return Number.isNaN(value) ? Infinity : value;
  };

  const simplex = Array.from({ length: n + 1 }, () => new Float64Array(n));
  const values = new Float64Array(n + 1);
  const order = Array.from({ length: n + 1 }, (_, i) => i);
  const centroid = new Float64Array(n);
  const reflected = new Float64Array(n);
  const trial = new Float64Array(n);
  const replace = (i: number, point: Float64Array, value: number) => {
    simplex[i]!.set(point);
    values[i] = value;
  };

  const best = Float64Array.from(start);
  let bestValue = evaluate(best);
  if (!Number.isFinite(bestValue)) {
    return { x: Array.from(best), f: bestValue, converged: false, iterations, evaluations, restarts: 0, message: 'the objective is not finite at the starting point' };
  }

  let restarts = 0;
  for (;;) {
    // A fresh simplex around the best point so far.
    simplex[0]!.set(best);
    values[0] = bestValue;
    for (let i = 1; i <= n; i++) {
      simplex[i]!.set(best);
      simplex[i]![i - 1]! += step;
      values[i] = evaluate(simplex[i]!);
      yield { phase, done: iterations, total: null };
    }
    const runStart = bestValue;
    let stopped: 'converged' | 'budget' | 'stalled' = 'budget';
    let windowStart = iterations;
    let windowValue = bestValue;

    while (evaluations < maxEvaluations) {
      iterations += 1;
      order.sort((i, j) => values[i]! - values[j]! || i - j);
      const lo = order[0]!;
      const hi = order[n]!;
      const secondHi = order[n - 1]!;
      if (isConverged(simplex, values, lo, fTol, xTol)) {
        stopped = 'converged';
        break;
      }
      if (iterations - windowStart >= stallWindow) {
        if (windowValue - values[lo]! < stallTol * Math.max(1, Math.abs(values[lo]!))) {
          stopped = 'stalled';
          break;
        }
        windowStart = iterations;
        windowValue = values[lo]!;
      }
      centroid.fill(0);
      for (const i of order) {
        if (i === hi) continue;
        const vertex = simplex[i]!;
        for (let d = 0; d < n; d++) centroid[d]! += vertex[d]! / n;
      }
      const worst = simplex[hi]!;
      const along = (out: Float64Array, t: number) => {
        for (let d = 0; d < n; d++) out[d] = centroid[d]! + t * (centroid[d]! - worst[d]!);
      };
      along(reflected, 1);
      const fr = evaluate(reflected);
      if (fr < values[lo]!) {
        along(trial, 2);
        const fe = evaluate(trial);
        if (fe < fr) replace(hi, trial, fe);
        else replace(hi, reflected, fr);
      } else if (fr < values[secondHi]!) {
        replace(hi, reflected, fr);
      } else {
        const outside = fr < values[hi]!;
        along(trial, outside ? 0.5 : -0.5);
        const fc = evaluate(trial);
        if (outside ? fc <= fr : fc < values[hi]!) {
          replace(hi, trial, fc);
        } else {
          const anchor = simplex[lo]!;
          for (let i = 0; i <= n; i++) {
            if (i === lo) continue;
            const vertex = simplex[i]!;
            for (let d = 0; d < n; d++) vertex[d] = anchor[d]! + 0.5 * (vertex[d]! - anchor[d]!);
            values[i] = evaluate(vertex);
          }
        }
      }
      yield { phase, done: iterations, total: null };
    }

    let lo = 0;
    for (let i = 1; i <= n; i++) if (values[i]! < values[lo]!) lo = i;
    if (values[lo]! <= bestValue) {
      best.set(simplex[lo]!);
      bestValue = values[lo]!;
    }
    const result = (converged: boolean, message: string): MinimiseResult => ({
      x: Array.from(best),
      f: bestValue,
      converged,
      iterations,
      evaluations,
      restarts,
      message,
    });
    if (stopped === 'budget') return result(false, `stopped after ${evaluations} evaluations without converging`);
    if (stopped === 'stalled') {
      return result(false, `stalled after ${iterations} iterations: the value stopped improving while the parameters kept moving along a ridge`);
    }
    const improved = runStart - bestValue > fTol * Math.max(1, Math.abs(bestValue));
    if (restarts > 0 && !improved) return result(true, `converged; a restart from the optimum did not improve it (${restarts} restart${restarts === 1 ? '' : 's'})`);
    if (restarts >= maxRestarts) return result(false, `still improving after ${restarts} restarts`);
    restarts += 1;
  }
}

function isConverged(simplex: Float64Array[], values: Float64Array, lo: number, fTol: number, xTol: number): boolean {
  const fLo = values[lo]!;
  const anchor = simplex[lo]!;
  for (let i = 0; i < simplex.length; i++) {
    if (i === lo) continue;
    if (!(values[i]! - fLo <= fTol * Math.max(1, Math.abs(fLo)))) return false;
    const vertex = simplex[i]!;
    for (let d = 0; d < anchor.length; d++) if (Math.abs(vertex[d]! - anchor[d]!) > xTol) return false;
  }
  return true;
}
