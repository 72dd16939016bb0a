/**
 * Ranges: an 80% interval (10th to 90th percentile) for each customer's
 * purchases over the horizon, and so for their lifetime value and net
 * value, from two sources of uncertainty:
 *
 * - the parameters': PARAMETER_DRAWS parameter sets drawn from the
 *   asymptotic normal distribution of the estimates (mean at the estimates,
 *   covariance the inverse of the log-likelihood's Hessian, on
 *   log-parameters: mle.ts), in antithetic pairs, with a fixed seed so a run
 *   is repeatable;
 * - the customer's own process: for each draw, the exact distribution of
 *   the purchases a customer makes over the horizon: dead with probability
 *   1 − P(alive) (no purchase), otherwise the model's count distribution
 *   given alive (count-distribution.ts).
 * The predictive distribution is the equal mixture over the draws; its
 * percentiles are whole numbers of purchases. When the fit's curvature
 * cannot be used (not positive definite), the process alone is used and the
 * run says so (models.parameterUncertainty = false).
 *
 * Value: CLV = margin · E[M] · Σ_months (purchases in month i)/(1+d)^i. The
 * interval of a purchase count k is carried over as clv · k / E[N]: the
 * purchases valued at the customer's own discounted value per expected
 * purchase (exact for the mean; the spread of when the purchases fall within
 * the horizon, and of spend per purchase around E[M], are not added: spend
 * is the Gamma-Gamma expectation, its parameters estimated from thousands of
 * repeat buyers). Net value likewise, its ends swapped when it is negative.
 */
import type { PurchaseForecaster } from './forecaster';
import { CdfBuffer } from './count-distribution';
import { cholesky } from './matrix';
import type { FittedPurchaseModel } from './purchase-models';
import type { Steps } from './schedule';
import type { CustomerSummary, Interval } from './types';
import { Random } from '../sample/random';

/** Coverage of the intervals: the 10th to the 90th percentile. */
export const RANGE_LEVEL = 0.8;
/** Parameter sets drawn (8 antithetic pairs): the mixture's percentiles move by less than a purchase between seeds. */
export const PARAMETER_DRAWS = 16;
const SEED = 20261207;
/** Each draw's count distribution is followed until it covers this much (the 90th percentile is what is needed). */
const COVERED = 0.995;
const CHUNK = 256;

/**
 * Forecasters at parameter sets drawn from the estimates' asymptotic normal distribution; only the point
 * forecaster when there is no usable covariance. Draws whose forecasts cannot be computed are left out.
 */
export function drawForecasters(fitted: FittedPurchaseModel, horizon: number, draws = PARAMETER_DRAWS, seed = SEED): { forecasters: PurchaseForecaster[]; parameterUncertainty: boolean } {
  const factor = fitted.covariance ? cholesky(fitted.covariance) : null;
  if (!factor) return { forecasters: [fitted.forecaster], parameterUncertainty: false };
  const rng = new Random(seed);
  const n = fitted.theta.length;
  const forecasters: PurchaseForecaster[] = [];
  for (let pair = 0; pair < draws / 2; pair++) {
    const z = Array.from({ length: n }, () => rng.normal());
    const delta = factor.map((row) => row.reduce((sum, l, j) => sum + l * z[j]!, 0));
    for (const sign of [1, -1]) {
      const forecaster = fitted.forecasterAt(fitted.theta.map((t, i) => t + sign * delta[i]!));
      try {
        // The hardest forecast: a new customer over the whole horizon.
        if (Number.isFinite(forecaster.expectedNew(horizon))) forecasters.push(forecaster);
      } catch {
        // Too extreme to forecast with: this draw is left out.
      }
    }
  }
  return forecasters.length > 0 ? { forecasters, parameterUncertainty: true } : { forecasters: [fitted.forecaster], parameterUncertainty: false };
}

/** Per customer (in the order of the summaries): the interval of purchases over the horizon; NaN without purchases. */
export interface CountRanges {
  low: Float64Array;
  high: Float64Array;
}

export function* countRangesSteps(forecasters: readonly PurchaseForecaster[], summaries: readonly CustomerSummary[], horizon: number, level = RANGE_LEVEL): Steps<CountRanges> {
  const n = summaries.length;
  const low = new Float64Array(n).fill(NaN);
  const high = new Float64Array(n).fill(NaN);
  const lowP = (1 - level) / 2;
  const highP = 1 - lowP;
  // Customers sharing x and T share the count distributions given alive.
  const groups = new Map<string, number[]>();
  for (let i = 0; i < n; i++) {
    if (i % (16 * CHUNK) === 0 && i > 0) yield { phase: 'ranges', done: 0, total: n };
    const s = summaries[i]!;
    if (s.purchases === 0) continue;
    const key = `${s.x}|${s.T}`;
    const list = groups.get(key);
    if (list) list.push(i);
    else groups.set(key, [i]);
  }
  let done = 0;
  const draws = forecasters.length;
  const alive = new Float64Array(draws);
  // One distribution buffer per draw, reused for every group; usable[j] says whether draw j's could be computed.
  const cdfs = Array.from({ length: draws }, () => new CdfBuffer());
  const usable = new Uint8Array(draws);
  for (const members of groups.values()) {
    const { x, T } = summaries[members[0]!]!;
    let limit = 0;
    for (let j = 0; j < draws; j++) {
      usable[j] = 0;
      try {
        forecasters[j]!.aliveCountCdfInto(horizon, x, T, COVERED, cdfs[j]!);
        usable[j] = 1;
        limit = Math.max(limit, cdfs[j]!.length - 1);
      } catch {
        // Left out for this group.
      }
    }
    for (const i of members) {
      if (++done % CHUNK === 0) yield { phase: 'ranges', done, total: n };
      const tx = summaries[i]!.tx;
      let counted = 0;
      for (let j = 0; j < draws; j++) {
        alive[j] = NaN;
        if (!usable[j]) continue;
        try {
          alive[j] = forecasters[j]!.pAlive(x, tx, T);
          counted += 1;
        } catch {
          // Left out for this customer.
        }
      }
      if (counted === 0) continue;
      let k = 0;
      while (k < limit && mixtureCdf(k, alive, cdfs, counted) < lowP) k += 1;
      low[i] = k;
      while (k < limit && mixtureCdf(k, alive, cdfs, counted) < highP) k += 1;
      high[i] = k;
    }
  }
  return { low, high };
}

/** The mixture's distribution function at k: each counted draw's customer is dead (0 purchases) or alive with its count. */
function mixtureCdf(k: number, alive: Float64Array, cdfs: readonly CdfBuffer[], counted: number): number {
  let sum = 0;
  for (let j = 0; j < alive.length; j++) {
    const p = alive[j]!;
    if (Number.isNaN(p)) continue;
    sum += 1 - p + p * cdfs[j]!.at(k);
  }
  return sum / counted;
}

/** A value proportional to the purchases (CLV, net value) over the purchases' interval: value · k / E[N]. */
export function scaledInterval(value: number, expectedPurchases: number, low: number, high: number): Interval {
  if (!(expectedPurchases > 0)) return { low: value, high: value };
  const a = (value * low) / expectedPurchases;
  const b = (value * high) / expectedPurchases;
  return { low: Math.min(a, b), high: Math.max(a, b) };
}
