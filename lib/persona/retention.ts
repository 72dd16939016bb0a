/**
 * What to spend to keep a customer, after Blattberg and Deighton (1996,
 * "Manage marketing by the customer equity test", Harvard Business Review
 * 74(4)): the yearly retention rate answers the yearly retention spend per
 * customer R as
 *
 *   r(R) = c · (1 − e^(−k·R))        (c: the ceiling, k: how fast spending works)
 *
 * and a customer kept earns the margin m a year, so an existing customer is
 * worth, over H years discounted at d,
 *
 *   V(R) = (m − R / r(R)) · Σ_{t=1..H} r'^t = (m − R/r) · r'(1 − r'^H) / (1 − r'),   r' = r / (1 + d)
 *
 * (B&D's retention term: each year R is spent per customer, r of them stay,
 * so keeping one costs R/r; their infinite horizon is H → ∞). The spend with
 * the highest V is found on a fine grid and refined by golden-section search
 * (V need not be unimodal everywhere; the grid keeps the search honest).
 * With H = 1 and d = 0, V = m·r − R, and the optimum has the closed form
 * R* = ln(c·k·m) / k (0 when c·k·m ≤ 1): the unit test checks against it.
 *
 * The parameters come from the customers where the data allow (README.md,
 * "Retention"): c and k fitted by maximum likelihood when the CRM gives each
 * customer's retention spend (custom column retention_spend) at several
 * levels; otherwise B&D's decision calculus: the group's observed yearly
 * retention r0 at today's spend R0 fixes k = −ln(1 − r0/c) / R0.
 */
import { nelderMeadSteps } from '../value/optimise';
import type { Steps } from '../value/schedule';

export interface ResponseModel {
  ceiling: number;
  k: number;
}

export interface Economics {
  /** Net margin a year of a customer who stays. */
  margin: number;
  /** Yearly discount rate. */
  discountRate: number;
  horizonYears: number;
}

export function retentionRate(model: ResponseModel, spend: number): number {
  return model.ceiling * -Math.expm1(-model.k * Math.max(0, spend));
}

/** Σ_{t=1..H} q^t for 0 ≤ q < 1 (H may be fractional: the closed form read continuously). */
export function keptYears(q: number, horizonYears: number): number {
  if (q <= 0) return 0;
  return Number.isFinite(horizonYears) ? (q * -Math.expm1(horizonYears * Math.log(q))) / (1 - q) : q / (1 - q);
}

/** V(R): what a customer is worth at retention spend R a year. */
export function valueAtSpend(model: ResponseModel, economics: Economics, spend: number): number {
  const r = retentionRate(model, spend);
  if (r < 1e-12) return 0;
  return (economics.margin - Math.max(0, spend) / r) * keptYears(r / (1 + economics.discountRate), economics.horizonYears);
}

/** Beyond this spend the rate is within 0.7% of its ceiling: spending more cannot pay. */
export function spendLimit(model: ResponseModel): number {
  return model.k > 0 ? 5 / model.k : 0;
}

export interface Optimum {
  spend: number;
  rate: number;
  value: number;
}

const GRID = 400;
const GOLDEN = (Math.sqrt(5) - 1) / 2;

/** The spend in [0, limit] with the highest value of f (grid, then golden-section search around the best point). */
export function maximise(f: (spend: number) => number, limit: number): { spend: number; value: number } {
  if (!(limit > 0)) return { spend: 0, value: f(0) };
  let best = 0;
  let bestValue = f(0);
  for (let i = 1; i <= GRID; i++) {
    const v = f((limit * i) / GRID);
    if (v > bestValue) {
      bestValue = v;
      best = i;
    }
  }
  let lo = (limit * Math.max(0, best - 1)) / GRID;
  let hi = (limit * Math.min(GRID, best + 1)) / GRID;
  let a = hi - GOLDEN * (hi - lo);
  let b = lo + GOLDEN * (hi - lo);
  let fa = f(a);
  let fb = f(b);
  for (let i = 0; i < 80 && hi - lo > 1e-9 * Math.max(1, limit); i++) {
    if (fa > fb) {
      hi = b;
      b = a;
      fb = fa;
      a = hi - GOLDEN * (hi - lo);
      fa = f(a);
    } else {
      lo = a;
      a = b;
      fa = fb;
      b = lo + GOLDEN * (hi - lo);
      fb = f(b);
    }
  }
  const spend = (lo + hi) / 2;
  const value = f(spend);
  return value >= bestValue ? { spend, value } : { spend: (limit * best) / GRID, value: bestValue };
}

/** The retention spend with the highest customer value (0 when a kept customer loses money). */
export function optimalRetention(model: ResponseModel, economics: Economics): Optimum {
  if (economics.margin <= 0 || model.k <= 0) return { spend: 0, rate: 0, value: 0 };
  const best = maximise((spend) => valueAtSpend(model, economics, spend), spendLimit(model));
  return { spend: best.spend, rate: retentionRate(model, best.spend), value: best.value };
}

/** Points of V(R) from 0 to `until`, for the chart. */
export function valueCurve(f: (spend: number) => number, until: number, points = 48): { spend: number; value: number }[] {
  return Array.from({ length: points + 1 }, (_, i) => {
    const spend = (until * i) / points;
    return { spend, value: f(spend) };
  });
}

/** B&D's decision calculus: the k that makes r(R0) = r0 under ceiling c (r0 < c, R0 > 0). */
export function calibrateK(observedRate: number, currentSpend: number, ceiling: number): number {
  if (!(currentSpend > 0) || !(observedRate > 0) || observedRate >= ceiling) return NaN;
  return -Math.log1p(-observedRate / ceiling) / currentSpend;
}

export interface SpendOutcome {
  spend: number;
  retained: boolean;
}

export interface ResponseFit extends ResponseModel {
  logLikelihood: number;
  customers: number;
  converged: boolean;
}

/**
 * Maximum likelihood of c and k from customers' own spend and whether they
 * stayed: each stays with probability r(R_i). Optimised on logit(c) and
 * ln(k), so every point searched is a valid model.
 */
export function* fitResponseSteps(outcomes: readonly SpendOutcome[], start: ResponseModel): Steps<ResponseFit> {
  const negLogLikelihood = (theta: Float64Array) => {
    const model = { ceiling: 1 / (1 + Math.exp(-theta[0]!)), k: Math.exp(theta[1]!) };
    let ll = 0;
    for (const o of outcomes) {
      const r = Math.min(1 - 1e-12, Math.max(1e-12, retentionRate(model, o.spend)));
      ll += o.retained ? Math.log(r) : Math.log1p(-r);
    }
    return -ll;
  };
  const c0 = Math.min(0.98, Math.max(0.02, start.ceiling));
  const result = yield* nelderMeadSteps(negLogLikelihood, [Math.log(c0 / (1 - c0)), Math.log(Math.max(start.k, 1e-6))], { phase: 'personas', maxEvaluations: 4000 });
  return {
    ceiling: 1 / (1 + Math.exp(-result.x[0]!)),
    k: Math.exp(result.x[1]!),
    logLikelihood: -result.f,
    customers: outcomes.length,
    converged: result.converged,
  };
}
