/**
 * Maximum likelihood for the value models: a Nelder-Mead search
 * (optimise.ts) followed by a Newton polish with a finite-difference
 * Hessian, on log-parameters.
 *
 * Why the polish: Nelder-Mead needs hundreds of evaluations to shrink its
 * simplex to 1e-6, and says nothing about how well the data pin the
 * parameters down. Near the optimum the log-likelihood is close to a
 * quadratic, so one or two Newton steps (each 1 + 2n + 2n(n−1) = 33
 * evaluations for n = 4) land on it, and the Hessian of the last step is
 * the observed information: its inverse is the asymptotic covariance of the
 * estimates that the ranges (ranges.ts) sample from.
 *
 * On large data the search runs on a subsample first (every k-th customer,
 * about SUBSAMPLE_CUSTOMERS of them): its optimum is within sampling error
 * of the full one, which the Newton steps then reach on the whole data.
 * A Newton step that does not lower the objective is halved; a Hessian that
 * is not positive definite is shifted (Levenberg) until it is. When the
 * polish cannot settle, the fit is reported as not converged, never hidden.
 */
import { cholesky, choleskySolve, inversePositiveDefinite, type Matrix } from './matrix';
import { nelderMeadSteps, type MinimiseResult, type NelderMeadOptions } from './optimise';
import type { Steps, ValuePhase } from './schedule';

/** Above this many customers the search starts on a subsample. */
export const SUBSAMPLE_FROM = 20_000;
/** About this many customers in the subsample. */
export const SUBSAMPLE_CUSTOMERS = 10_000;
/** Finite-difference step on log-parameters: rounding noise / h² and the truncation h² both stay near 1e-7. */
const STEP = 5e-4;
const MAX_NEWTON_STEPS = 10;
/** Converged when the Newton decrement predicts less than this gain in mean log-likelihood per customer. */
const DECREMENT_TOLERANCE = 1e-12;
/**
 * A full Newton step taken where the decrement was below this is the last one: Newton converges
 * quadratically, so after it the decrement is of the order of this squared, far below DECREMENT_TOLERANCE
 * (and another 33 evaluations would only confirm it).
 */
const LAST_STEP_DECREMENT = 1e-8;
/** The first search on a subsample only has to come close: the Newton steps on all the data finish it. */
const SUBSAMPLE_SEARCH: NelderMeadOptions = { xTol: 1e-4, fTol: 1e-9, maxRestarts: 1 };

export interface LikelihoodProblem {
  /** −log-likelihood / customers at log-parameters θ (Infinity or NaN where the model is undefined). */
  objective: (theta: Float64Array) => number;
  /** The same on a subsample, searched first on large data; absent: the search runs on all of it. */
  subsampleObjective?: (theta: Float64Array) => number;
  start: readonly number[];
  /** Customers behind the objective (it is a mean over them). */
  customers: number;
  phase: ValuePhase;
}

/** The search's result (f: −log-likelihood / customers) with θ at the optimum and the estimates' covariance. */
export interface LikelihoodMaximum extends Omit<MinimiseResult, 'x'> {
  theta: number[];
  /** Asymptotic covariance of θ: the inverse of the Hessian of −log-likelihood; null when that is not positive definite. */
  covariance: Matrix | null;
}

export function* maximiseLikelihoodSteps(problem: LikelihoodProblem, options: NelderMeadOptions = {}): Steps<LikelihoodMaximum> {
  const { objective, subsampleObjective, start, customers, phase } = problem;
  const search = yield* nelderMeadSteps(subsampleObjective ?? objective, start, { phase, ...(subsampleObjective ? SUBSAMPLE_SEARCH : {}), ...options });
  const base = { iterations: search.iterations, restarts: search.restarts };
  if (!search.converged) {
    // Searched on a subsample, the value is not the whole data's: report the whole data's at that point.
    const f = subsampleObjective ? objective(Float64Array.from(search.x)) : search.f;
    return { ...base, theta: search.x, f, converged: false, evaluations: search.evaluations, message: search.message, covariance: null };
  }
  const polish = yield* newtonSteps(objective, search.x, phase);
  const evaluations = search.evaluations + polish.evaluations;
  const covariance = polish.hessian ? inversePositiveDefinite(polish.hessian.map((row) => row.map((h) => h * customers))) : null;
  const where = subsampleObjective ? 'searched on a subsample, then ' : '';
  const message = polish.converged
    ? `converged (${search.message}; ${where}${polish.steps} Newton step${polish.steps === 1 ? '' : 's'} on all the data)`
    : `${where}the Newton polish did not settle: ${polish.message}`;
  return { ...base, theta: polish.theta, f: polish.f, converged: polish.converged, evaluations, message, covariance };
}

interface Polished {
  theta: number[];
  f: number;
  converged: boolean;
  steps: number;
  evaluations: number;
  /** Hessian of the objective (per customer) at the last full step. */
  hessian: Matrix | null;
  message: string;
}

/** Gradient and Hessian by central differences: 1 + 2n + 2n(n − 1) evaluations, yielding after each. */
function* derivatives(f: (theta: Float64Array) => number, theta: readonly number[], f0: number, phase: ValuePhase): Steps<{ gradient: number[]; hessian: Matrix } | null> {
  const n = theta.length;
  const point = Float64Array.from(theta);
  const at = (moves: readonly [number, number][]): number => {
    point.set(theta);
    for (const [i, delta] of moves) point[i]! += delta;
    return f(point);
  };
  const gradient = new Array<number>(n).fill(0);
  const hessian: Matrix = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  const h = STEP;
  let done = 0;
  for (let i = 0; i < n; i++) {
    const plus = at([[i, h]]);
    const minus = at([[i, -h]]);
    done += 2;
    yield { phase, done, total: null };
    if (!Number.isFinite(plus) || !Number.isFinite(minus)) return null;
    gradient[i] = (plus - minus) / (2 * h);
    hessian[i]![i] = (plus - 2 * f0 + minus) / (h * h);
  }
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const pp = at([[i, h], [j, h]]);
      const mm = at([[i, -h], [j, -h]]);
      const pm = at([[i, h], [j, -h]]);
      const mp = at([[i, -h], [j, h]]);
      done += 4;
      yield { phase, done, total: null };
      const value = (pp - pm - mp + mm) / (4 * h * h);
      if (!Number.isFinite(value)) return null;
      hessian[i]![j] = value;
      hessian[j]![i] = value;
    }
  }
  return { gradient, hessian };
}

function* newtonSteps(f: (theta: Float64Array) => number, start: readonly number[], phase: ValuePhase): Steps<Polished> {
  const n = start.length;
  const evaluationsPerStep = 2 * n + 2 * n * (n - 1);
  let theta = [...start];
  let f0 = f(Float64Array.from(theta));
  let evaluations = 1;
  // The first evaluation on all the data may also build the likelihood's tables: a step of its own.
  yield { phase, done: evaluations, total: null };
  let hessian: Matrix | null = null;
  const result = (converged: boolean, steps: number, message: string): Polished => ({ theta, f: f0, converged, steps, evaluations, hessian, message });
  if (!Number.isFinite(f0)) return result(false, 0, 'the likelihood is not finite at the optimum of the search');
  for (let step = 0; step < MAX_NEWTON_STEPS; step++) {
    const d = yield* derivatives(f, theta, f0, phase);
    evaluations += evaluationsPerStep;
    if (!d) return result(false, step, 'the likelihood is not finite next to the optimum (it lies at the edge of the parameter space)');
    hessian = d.hessian;
    // A Hessian that is not positive definite is shifted until it is, which turns the step towards the gradient.
    let shift = 0;
    let factor = cholesky(d.hessian);
    const scale = Math.max(...d.hessian.map((row, i) => Math.abs(row[i]!)), 1e-12);
    for (let tries = 0; !factor && tries < 40; tries++) {
      shift = shift === 0 ? 1e-8 * scale : shift * 4;
      factor = cholesky(d.hessian.map((row, i) => row.map((v, j) => (i === j ? v + shift : v))));
    }
    if (!factor) return result(false, step, 'the curvature of the likelihood could not be used');
    const direction = choleskySolve(factor, d.gradient).map((v) => -v);
    const decrement = -direction.reduce((sum, v, i) => sum + v * d.gradient[i]!, 0);
    if (shift === 0 && decrement / 2 < DECREMENT_TOLERANCE) return result(true, step, 'converged');
    let accepted = false;
    let full = false;
    for (let t = 1; t > 1e-6; t /= 2) {
      const next = theta.map((v, i) => v + t * direction[i]!);
      const value = f(Float64Array.from(next));
      evaluations += 1;
      yield { phase, done: evaluations, total: null };
      if (value <= f0) {
        theta = next;
        f0 = value;
        accepted = true;
        full = t === 1 && shift === 0;
        break;
      }
    }
    if (full && decrement / 2 < LAST_STEP_DECREMENT) return result(true, step + 1, 'converged');
    if (!accepted) {
      // No step lowers the value: at the optimum up to the noise of the differences, or stuck.
      if (shift === 0 && decrement / 2 < 1e3 * DECREMENT_TOLERANCE) return result(true, step, 'converged');
      return result(false, step, 'no Newton step lowered the objective');
    }
  }
  return result(false, MAX_NEWTON_STEPS, `still moving after ${MAX_NEWTON_STEPS} Newton steps`);
}

/** Every k-th of n items, so that about SUBSAMPLE_CUSTOMERS remain; null when n is small enough to search it all. */
export function subsampleStride(n: number): number | null {
  return n > SUBSAMPLE_FROM ? Math.ceil(n / SUBSAMPLE_CUSTOMERS) : null;
}

/** The groups a subsample keeps (those with a sampled customer), their weights and how many customers that is. */
export function sampledGroups(sampled: readonly number[]): { keep: number[]; weight: Float64Array; customers: number } {
  const keep = sampled.flatMap((w, g) => (w > 0 ? [g] : []));
  return { keep, weight: Float64Array.from(keep, (g) => sampled[g]!), customers: keep.reduce((sum, g) => sum + sampled[g]!, 0) };
}
