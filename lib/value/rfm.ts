/**
 * RFM: recency, frequency and monetary scores 1-5 by quintile over the
 * customers with purchases, and the usual segment names.
 *
 * - R ranks the days since the last purchase (fewer days = higher score),
 *   F the number of purchase days (same-day orders count once, like the
 *   purchase model), M the mean spend per purchase day (so M says how much a
 *   customer spends, F how often, without M repeating F).
 * - Quintiles and ties: a value's percentile is its mid-rank,
 *   p = (customers with a worse value + half of those with the same value) / n,
 *   and the score is min(5, 1 + ⌊5p⌋). Without ties this puts exactly a fifth
 *   of the customers in each score (when n is a multiple of 5). Equal values
 *   always get equal scores, whatever order the customers come in, and a value
 *   most customers share (one purchase) lands where the middle of that group
 *   falls instead of at an end. The arithmetic is done in integers, so no
 *   rounding can move a customer across a boundary.
 * - Segments: the grid below on R and FM = the mean of F and M with halves
 *   rounded up, after the segment table popularised by Putler's RFM guide
 *   (Champions ... Lost), made total and non-overlapping:
 *
 *         FM=1            FM=2                FM=3                FM=4          FM=5
 *   R=5   new             potential-loyalist  potential-loyalist  champions     champions
 *   R=4   promising       potential-loyalist  loyal               champions     champions
 *   R=3   about-to-sleep  about-to-sleep      need-attention      loyal         loyal
 *   R=2   hibernating     hibernating         at-risk             at-risk       cannot-lose-them
 *   R=1   lost            lost                hibernating         at-risk       cannot-lose-them
 */
import { runSteps, type Steps } from './schedule';
import { explained, type CustomerSummary, type RfmScores, type RfmSegment } from './types';

export const RFM_SEGMENT_LABELS: Record<RfmSegment, string> = {
  champions: 'Champions',
  loyal: 'Loyal',
  'potential-loyalist': 'Potential loyalist',
  new: 'New',
  promising: 'Promising',
  'need-attention': 'Need attention',
  'about-to-sleep': 'About to sleep',
  'at-risk': 'At risk',
  'cannot-lose-them': 'Cannot lose them',
  hibernating: 'Hibernating',
  lost: 'Lost',
};

/** RFM_GRID[R − 1][FM − 1]. */
export const RFM_GRID: readonly (readonly RfmSegment[])[] = [
  ['lost', 'lost', 'hibernating', 'at-risk', 'cannot-lose-them'],
  ['hibernating', 'hibernating', 'at-risk', 'at-risk', 'cannot-lose-them'],
  ['about-to-sleep', 'about-to-sleep', 'need-attention', 'loyal', 'loyal'],
  ['promising', 'potential-loyalist', 'loyal', 'champions', 'champions'],
  ['new', 'potential-loyalist', 'potential-loyalist', 'champions', 'champions'],
];

export function rfmSegment(r: number, fm: number): RfmSegment {
  const segment = RFM_GRID[r - 1]?.[fm - 1];
  if (!segment) throw new RangeError(`no RFM segment for R = ${r}, FM = ${fm}`);
  return segment;
}

export interface QuintileScores {
  scores: Uint8Array;
  /** Mid-rank percentiles in (0, 1). */
  percentiles: Float64Array;
}

const CHUNK = 4096;

/** Scores 1-5 by mid-rank quintile; higher values score higher. */
export function quintileScores(values: ArrayLike<number>): QuintileScores {
  return runSteps(quintileScoresSteps(values));
}

function* quintileScoresSteps(values: ArrayLike<number>): Steps<QuintileScores> {
  const n = values.length;
  const scores = new Uint8Array(n);
  const percentiles = new Float64Array(n);
  // A native numeric sort of the values, then each value's run of equals by binary search.
  const sorted = Float64Array.from(values).sort();
  for (let i = 0; i < n; i++) {
    if (i % CHUNK === 0) yield { phase: 'rfm', done: i, total: n };
    const value = values[i]!;
    const below = lowerBound(sorted, value);
    const equal = upperBound(sorted, value) - below;
    // p = (below + equal / 2) / n, so ⌊5p⌋ = ⌊5 (2 below + equal) / (2n)⌋ exactly in integers.
    scores[i] = Math.min(5, 1 + Math.floor((5 * (2 * below + equal)) / (2 * n)));
    percentiles[i] = (below + equal / 2) / n;
  }
  return { scores, percentiles };
}

/** The first index whose value is ≥ value. */
function lowerBound(sorted: Float64Array, value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The first index whose value is > value. */
function upperBound(sorted: Float64Array, value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! <= value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * RFM scores for each summary, over the customers with purchases (null for
 * a customer without purchases: they have no recency to rank).
 */
export function rfmScores(summaries: readonly CustomerSummary[]): (RfmScores | null)[] {
  return runSteps(rfmScoresSteps(summaries));
}


export function* rfmScoresSteps(summaries: readonly CustomerSummary[]): Steps<(RfmScores | null)[]> {
  const buyers = summaries.filter((s) => s.purchases > 0);
  const n = buyers.length;
  const recency = yield* quintileScoresSteps(buyers.map((s) => -(s.daysSinceLastPurchase ?? 0)));
  const frequency = yield* quintileScoresSteps(buyers.map((s) => s.purchases));
  const monetary = yield* quintileScoresSteps(buyers.map((s) => s.meanPurchaseValue));
  const byCustomer = new Map<string, RfmScores>();
  for (let i = 0; i < n; i++) {
    if (i % CHUNK === 0) yield { phase: 'rfm', done: i, total: n };
    const s = buyers[i]!;
    const r = recency.scores[i]!;
    const f = frequency.scores[i]!;
    const m = monetary.scores[i]!;
    const fm = Math.floor((f + m + 1) / 2);
    byCustomer.set(s.customerId, {
      recency: explained(r, 'rfm.recency', { daysSinceLastPurchase: s.daysSinceLastPurchase, percentile: recency.percentiles[i]!, customers: n }),
      frequency: explained(f, 'rfm.frequency', { purchases: s.purchases, percentile: frequency.percentiles[i]!, customers: n }),
      monetary: explained(m, 'rfm.monetary', { meanPurchaseValue: s.meanPurchaseValue, percentile: monetary.percentiles[i]!, customers: n }),
      fm,
      code: `${r}${f}${m}`,
      segment: rfmSegment(r, fm),
    });
  }
  return summaries.map((s) => byCustomer.get(s.customerId) ?? null);
}
