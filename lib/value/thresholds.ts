/**
 * When the data cannot carry a purchase model: below these the run refuses
 * to forecast, says why (a reason code and the numbers), and every customer
 * gets their historical value instead. The reasoning behind each number is
 * in lib/value/README.md ("When Earshot refuses to forecast"); in short:
 *
 * - MIN_BUYERS: the four parameters are estimated from the buyers; their
 *   standard errors shrink with the square root of the number of buyers.
 *   Measured (standard errors of the log-parameters, from the fits'
 *   Hessians): CDNOW, 2,357 buyers over 39 weeks, 0.05-0.53 (Pareto/NBD's
 *   dropout parameters the least known); the sample shop with 300 buyers
 *   over three years, 0.10-0.47; with 150 they would pass 0.65, a factor of
 *   two either way at 80%. From 300 a forecast still says something, and its
 *   ranges (which include this uncertainty) say how much.
 * - MIN_REPEAT_BUYERS: heterogeneity in purchase rates and dropout is seen
 *   only through customers who came back.
 * - MIN_HISTORY_DAYS: the models extrapolate the first months of each
 *   customer's life over the forecast horizon (24 months by default); half
 *   a year of history is the least that shows a second purchase of a
 *   typical web-shop customer (median time between purchases of a few
 *   months) and anything of dropout.
 */
import type { CustomerSummary } from './types';

export const MIN_BUYERS = 300;
export const MIN_REPEAT_BUYERS = 50;
export const MIN_HISTORY_DAYS = 180;

export const REFUSAL_CODES = ['too-few-buyers', 'too-few-repeat-buyers', 'too-short-history', 'fit-failed'] as const;
export type RefusalCode = (typeof REFUSAL_CODES)[number];

export interface Refusal {
  code: RefusalCode;
  /** The numbers behind the code (what the data have and what is needed), for a screen to show. */
  figures: Record<string, number>;
  /** The same in an English sentence (the command line, logs). */
  message: string;
}

const DAY_MS = 86_400_000;

/** The earliest first purchase day (ISO dates order as strings: none is parsed), or null without purchases. */
export function earliestFirstPurchase(summaries: readonly Pick<CustomerSummary, 'firstPurchase'>[]): string | null {
  let earliest: string | null = null;
  for (const s of summaries) if (s.firstPurchase && (earliest === null || s.firstPurchase < earliest)) earliest = s.firstPurchase;
  return earliest;
}

/** Days from the earliest first purchase to the as-of day (0 without purchases). */
export function historyDays(summaries: readonly Pick<CustomerSummary, 'firstPurchase'>[], asOf: string): number {
  const earliest = earliestFirstPurchase(summaries);
  return earliest === null ? 0 : Math.round((Date.parse(`${asOf}T00:00:00Z`) - Date.parse(`${earliest}T00:00:00Z`)) / DAY_MS);
}

/** Why these customers' histories up to asOf cannot carry a purchase model, or null when they can. */
export function dataRefusal(summaries: readonly Pick<CustomerSummary, 'purchases' | 'x' | 'firstPurchase'>[], asOf: string): Refusal | null {
  let buyers = 0;
  let repeatBuyers = 0;
  for (const s of summaries) {
    if (s.purchases > 0) buyers += 1;
    if (s.x > 0) repeatBuyers += 1;
  }
  const days = historyDays(summaries, asOf);
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  if (buyers < MIN_BUYERS) {
    return {
      code: 'too-few-buyers',
      figures: { buyers, needed: MIN_BUYERS },
      message: `only ${plural(buyers, 'customer')} with purchases up to ${asOf}; a purchase model needs at least ${MIN_BUYERS}`,
    };
  }
  if (days < MIN_HISTORY_DAYS) {
    return {
      code: 'too-short-history',
      figures: { days, needed: MIN_HISTORY_DAYS },
      message: `the orders up to ${asOf} span only ${plural(days, 'day')}; a purchase model needs at least ${MIN_HISTORY_DAYS} days of history`,
    };
  }
  if (repeatBuyers < MIN_REPEAT_BUYERS) {
    return {
      code: 'too-few-repeat-buyers',
      figures: { repeatBuyers, buyers, needed: MIN_REPEAT_BUYERS },
      message: `only ${repeatBuyers} of ${buyers} customers bought more than once up to ${asOf}; a model of repeat buying needs at least ${MIN_REPEAT_BUYERS} repeat buyers`,
    };
  }
  return null;
}
