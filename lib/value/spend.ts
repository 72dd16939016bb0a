/**
 * Spend per future purchase: Gamma-Gamma when its assumption holds, a
 * shrunk own mean when it does not.
 *
 * Gamma-Gamma assumes that how much a customer spends per purchase is
 * independent of how often they buy (Fader & Hardie 2013, section 2). The
 * check (their recommendation): the Pearson correlation between the number
 * of repeat purchases x and the mean repeat spend m among repeat buyers with
 * m > 0. Above SPEND_CORRELATION_LIMIT in size the model is not used: it
 * would pull every customer's spend towards one population mean that
 * frequent and occasional buyers do not share.
 *
 * The fallback, also for customers Gamma-Gamma leaves out (net repeat spend
 * of 0 or less, summary.ts) and for shops with too few repeat buyers to fit
 * it: the customer's own mean net spend per purchase day, shrunk towards the
 * population's mean by how much one customer's purchases vary against how
 * much customers differ (an empirical Bayes credibility weight):
 *   E[M] = (n · own mean + κ · population mean) / (n + κ),  κ = σ² / τ²,
 * n the customer's purchase days, σ² the variance of one purchase around the
 * customer's own mean and τ² the variance of the customers' means. Both are
 * estimated by the method of moments from E[(own mean − population mean)²]
 * = τ² + σ²/n, a least-squares line over the customers against 1/n. When the
 * data cannot separate the two (everyone bought equally often, or a variance
 * comes out ≤ 0), κ = FALLBACK_KAPPA: the population mean counts as one
 * more purchase. Never below 0: refunds are in the cost to serve.
 */
import { conditionalExpectedSpend, fitGammaGammaSteps, gammaGammaProblem, prepareGammaGammaSteps, type GammaGammaFit } from './gamma-gamma';
import type { Steps } from './schedule';
import { MIN_REPEAT_BUYERS } from './thresholds';
import { explained, type CustomerSummary, type Explained } from './types';

/** |r| above this (r² ≈ 9% of the spread explained by frequency) and Gamma-Gamma is not used. */
export const SPEND_CORRELATION_LIMIT = 0.3;
/** Repeat buyers needed to compute the correlation at all. */
export const MIN_CORRELATION_BUYERS = 10;
/** The credibility weight of the population mean when the data cannot estimate it. */
export const FALLBACK_KAPPA = 1;
const MAX_KAPPA = 1000;

export interface SpendCheck {
  /** Pearson correlation of x and m over repeat buyers with m > 0; null with too few of them or no spread. */
  correlation: number | null;
  repeatBuyers: number;
  limit: number;
  /** Gamma-Gamma's independence assumption is not contradicted by the data. */
  independent: boolean;
}

/** The check of Gamma-Gamma's assumption over the customers it would be fitted on. */
export function spendCheck(summaries: readonly Pick<CustomerSummary, 'x' | 'm'>[]): SpendCheck {
  let n = 0;
  let sx = 0;
  let sm = 0;
  for (const s of summaries) {
    if (!(s.x > 0 && s.m > 0)) continue;
    n += 1;
    sx += s.x;
    sm += s.m;
  }
  const mx = sx / n;
  const mm = sm / n;
  let cxx = 0;
  let cmm = 0;
  let cxm = 0;
  for (const s of summaries) {
    if (!(s.x > 0 && s.m > 0)) continue;
    cxx += (s.x - mx) ** 2;
    cmm += (s.m - mm) ** 2;
    cxm += (s.x - mx) * (s.m - mm);
  }
  const correlation = n >= MIN_CORRELATION_BUYERS && cxx > 0 && cmm > 0 ? cxm / Math.sqrt(cxx * cmm) : null;
  return { correlation, repeatBuyers: n, limit: SPEND_CORRELATION_LIMIT, independent: correlation === null || Math.abs(correlation) <= SPEND_CORRELATION_LIMIT };
}

export interface Shrinkage {
  /** Mean net spend per purchase day over all buyers. */
  populationMean: number;
  /** Credibility weight of the population mean, in purchases. */
  kappa: number;
  /** Whether κ was estimated (false: FALLBACK_KAPPA). */
  estimated: boolean;
}

/** The population mean and κ of the shrunk own mean, from the buyers' summaries. */
export function shrinkage(summaries: readonly Pick<CustomerSummary, 'purchases' | 'revenue'>[]): Shrinkage {
  let purchases = 0;
  let revenue = 0;
  for (const s of summaries) {
    if (s.purchases === 0) continue;
    purchases += s.purchases;
    revenue += s.revenue;
  }
  const populationMean = purchases > 0 ? Math.max(revenue / purchases, 0) : 0;
  // Least squares of y = (own mean − population mean)² on u = 1/n: slope σ², intercept τ².
  let k = 0;
  let su = 0;
  let sy = 0;
  let suu = 0;
  let suy = 0;
  for (const s of summaries) {
    if (s.purchases === 0) continue;
    const u = 1 / s.purchases;
    const y = (s.revenue / s.purchases - populationMean) ** 2;
    k += 1;
    su += u;
    sy += y;
    suu += u * u;
    suy += u * y;
  }
  const spread = k * suu - su * su;
  if (k >= MIN_CORRELATION_BUYERS && spread > 1e-12 * k * k) {
    const within = (k * suy - su * sy) / spread; // σ²
    const between = (sy - within * su) / k; // τ²
    if (within > 0 && between > 0) return { populationMean, kappa: Math.min(within / between, MAX_KAPPA), estimated: true };
  }
  return { populationMean, kappa: FALLBACK_KAPPA, estimated: false };
}

/** E[M] = (n · own mean + κ · population mean) / (n + κ), at least 0. */
export function shrunkSpend(s: Shrinkage, summary: Pick<CustomerSummary, 'purchases' | 'revenue'>): Explained {
  const n = summary.purchases;
  const own = n > 0 ? summary.revenue / n : 0;
  const value = Math.max((n * own + s.kappa * s.populationMean) / (n + s.kappa), 0);
  return explained(value, 'spend.shrunk', { purchases: n, ownMean: own, populationMean: s.populationMean, kappa: s.kappa });
}

/** How the run forecasts spend per purchase, fitted on the buyers' summaries. */
export interface SpendModel {
  kind: 'gammagamma' | 'shrunk';
  check: SpendCheck;
  /** The Gamma-Gamma fit when one was made (also when it was not used). */
  fit: GammaGammaFit | null;
  /** Why Gamma-Gamma is not used, or null. */
  reason: string | null;
  shrink: Shrinkage;
  /** E[M] of one customer: Gamma-Gamma's conditional expectation, or the shrunk own mean. */
  expected(summary: Pick<CustomerSummary, 'x' | 'm' | 'purchases' | 'revenue'>): Explained;
}

export function* fitSpendModelSteps(summaries: readonly CustomerSummary[]): Steps<SpendModel> {
  const check = spendCheck(summaries);
  const shrink = shrinkage(summaries);
  const shrunk = (reason: string, fit: GammaGammaFit | null = null): SpendModel => ({
    kind: 'shrunk',
    check,
    fit,
    reason,
    shrink,
    expected: (summary) => shrunkSpend(shrink, summary),
  });
  if (!check.independent) {
    return shrunk(
      `the number of purchases and the spend per purchase are correlated (r = ${check.correlation!.toFixed(2)} over ${check.repeatBuyers} repeat buyers, ` +
        `beyond ±${SPEND_CORRELATION_LIMIT}); Gamma-Gamma assumes they are not, so each customer's own mean spend is shrunk towards everyone's`,
    );
  }
  const data = yield* prepareGammaGammaSteps(
    summaries.map((s) => s.x),
    summaries.map((s) => s.m),
  );
  if (data.customers < MIN_REPEAT_BUYERS) {
    return shrunk(
      `only ${data.customers} repeat buyers with a positive net spend; the spend model needs at least ${MIN_REPEAT_BUYERS}, ` +
        `so each customer's own mean spend is shrunk towards everyone's`,
    );
  }
  const fit = yield* fitGammaGammaSteps(data);
  const problem = gammaGammaProblem(fit);
  if (problem) return shrunk(`${problem}; each customer's own mean spend is shrunk towards everyone's`, fit);
  return {
    kind: 'gammagamma',
    check,
    fit,
    reason: null,
    shrink,
    // Left out of the fit (net repeat spend of 0 or less): the fallback values them.
    expected: (summary) =>
      summary.x > 0 && !(summary.m > 0)
        ? shrunkSpend(shrink, summary)
        : explained(conditionalExpectedSpend(fit.params, summary.x, Math.max(summary.m, 0)), 'gammagamma.spend', { x: summary.x, m: Math.max(summary.m, 0) }),
  };
}
