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
import { conditionalExpectedSpend, fitGammaGammaSteps, gammaGammaIssue, prepareGammaGammaSteps, type GammaGammaFit } from './gamma-gamma';
import type { Steps } from './schedule';
import { MIN_REPEAT_BUYERS } from './thresholds';
import { explained, type CustomerSummary, type Explained, type SpendWhy } from './types';

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

/** Means and centred sums of squares and products of pairs (u, v): what a correlation and a least-squares line need. */
function moments(u: readonly number[], v: readonly number[]): { n: number; meanU: number; meanV: number; uu: number; vv: number; uv: number } {
  const n = u.length;
  const meanU = u.reduce((a, b) => a + b, 0) / n;
  const meanV = v.reduce((a, b) => a + b, 0) / n;
  let uu = 0;
  let vv = 0;
  let uv = 0;
  for (let i = 0; i < n; i++) {
    uu += (u[i]! - meanU) ** 2;
    vv += (v[i]! - meanV) ** 2;
    uv += (u[i]! - meanU) * (v[i]! - meanV);
  }
  return { n, meanU, meanV, uu, vv, uv };
}

/** The check of Gamma-Gamma's assumption over the customers it would be fitted on. */
export function spendCheck(summaries: readonly Pick<CustomerSummary, 'x' | 'm'>[]): SpendCheck {
  const repeat = summaries.filter((s) => s.x > 0 && s.m > 0);
  const { n, uu, vv, uv } = moments(
    repeat.map((s) => s.x),
    repeat.map((s) => s.m),
  );
  const correlation = n >= MIN_CORRELATION_BUYERS && uu > 0 && vv > 0 ? uv / Math.sqrt(uu * vv) : null;
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
  const buyers = summaries.filter((s) => s.purchases > 0);
  const purchases = buyers.reduce((sum, s) => sum + s.purchases, 0);
  const revenue = buyers.reduce((sum, s) => sum + s.revenue, 0);
  const populationMean = purchases > 0 ? Math.max(revenue / purchases, 0) : 0;
  // Least squares of (own mean − population mean)² on 1/n: slope σ², intercept τ².
  const { n, meanU, meanV, uu, uv } = moments(
    buyers.map((s) => 1 / s.purchases),
    buyers.map((s) => (s.revenue / s.purchases - populationMean) ** 2),
  );
  if (n >= MIN_CORRELATION_BUYERS && uu > 1e-12 * n) {
    const within = uv / uu; // σ²
    const between = meanV - within * meanU; // τ²
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
  /** Why Gamma-Gamma is not used, or null: in English, and as a code with its figures (for the screens' words). */
  reason: string | null;
  why: SpendWhy | null;
  shrink: Shrinkage;
  /** E[M] of one customer: Gamma-Gamma's conditional expectation, or the shrunk own mean. */
  expected(summary: Pick<CustomerSummary, 'x' | 'm' | 'purchases' | 'revenue'>): Explained;
}

export function* fitSpendModelSteps(summaries: readonly CustomerSummary[]): Steps<SpendModel> {
  // Each pass over 100,000 customers is tens of milliseconds: the event loop gets a turn between them.
  const check = spendCheck(summaries);
  yield { phase: 'fit-gammagamma', done: 0, total: null };
  const shrink = shrinkage(summaries);
  yield { phase: 'fit-gammagamma', done: 0, total: null };
  const shrunk = (reason: string, why: SpendWhy, fit: GammaGammaFit | null = null): SpendModel => ({
    kind: 'shrunk',
    check,
    fit,
    reason,
    why,
    shrink,
    expected: (summary) => shrunkSpend(shrink, summary),
  });
  if (!check.independent) {
    return shrunk(
      `the number of purchases and the spend per purchase are correlated (r = ${check.correlation!.toFixed(2)} over ${check.repeatBuyers} repeat buyers, ` +
        `beyond ±${SPEND_CORRELATION_LIMIT}); Gamma-Gamma assumes they are not, so each customer's own mean spend is shrunk towards everyone's`,
      { code: 'correlated', figures: { correlation: check.correlation!, repeatBuyers: check.repeatBuyers, limit: SPEND_CORRELATION_LIMIT }, detail: '' },
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
      { code: 'few-repeat-buyers', figures: { repeatBuyers: data.customers, needed: MIN_REPEAT_BUYERS }, detail: '' },
    );
  }
  const fit = yield* fitGammaGammaSteps(data);
  const issue = gammaGammaIssue(fit);
  if (issue) return shrunk(`${issue.message}; each customer's own mean spend is shrunk towards everyone's`, { code: issue.code, figures: issue.figures, detail: issue.detail }, fit);
  return {
    kind: 'gammagamma',
    check,
    fit,
    reason: null,
    why: null,
    shrink,
    // Left out of the fit (net repeat spend of 0 or less): the fallback values them.
    expected: (summary) =>
      summary.x > 0 && !(summary.m > 0)
        ? shrunkSpend(shrink, summary)
        : explained(conditionalExpectedSpend(fit.params, summary.x, Math.max(summary.m, 0)), 'gammagamma.spend', { x: summary.x, m: Math.max(summary.m, 0) }),
  };
}
