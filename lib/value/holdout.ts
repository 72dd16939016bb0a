/**
 * The held-back check: a model fitted on the orders up to a calibration end
 * forecasts each customer's purchases and spend in the weeks after it, and
 * the forecasts are compared with what happened, as in the BG/NBD paper's
 * CDNOW validation (Fader, Hardie & Lee 2005, figures 2-4):
 *
 * - the aggregate week by week: cumulative repeat purchases of the
 *   calibration cohort against Σ_i E[Y_i(t)] (cumulative tracking);
 * - the conditional expectations: mean purchases in the held-back period by
 *   number of repeat purchases in the calibration period (0 … 6, 7+);
 * - per customer: the mean absolute error, the root mean squared error (the
 *   score an expectation minimises: the one model selection uses), and how
 *   many of the predicted top 10% were in the actual top 10%;
 * - spend: the net amounts of the held-back period against purchases ×
 *   expected spend.
 *
 * Only customers with a purchase by the calibration end are forecast (the
 * cohort); purchases are days with an order of amount ≥ 0 (summary.ts), so
 * same-day orders count once, and spend is net of refunds. Weeks are
 * numbered from the week of the cohort's first purchase: CDNOW's held-back
 * weeks are 40-78.
 */
import type { PurchaseForecaster } from './forecaster';
import { runSteps, type Steps } from './schedule';
import { dayString, keepOrdersSteps, ordersByCustomer, parseAsOf, sortByDay, UNIT_DAYS } from './summary';
import type { Orders } from './order-columns';
import { earliestFirstPurchase } from './thresholds';
import type { CustomerSummary, HoldoutReport, HoldoutRow, PurchaseModelFit, TimeUnit } from './types';

export interface HoldoutWindow {
  /** The last day of the calibration period. */
  calibrationEnd: string;
  /** Weeks held back after it. */
  weeks: number;
}

/** What happened in the held-back period, per cohort customer (in the cohort's order) and per week. */
export interface HoldoutActuals {
  purchases: Float64Array;
  spend: Float64Array;
  /** Purchases in each held-back week (not cumulative). */
  weekly: Float64Array;
}

const CHUNK = 1024;

/** The first and last day of the held-back period. */
export function heldBackDays(window: HoldoutWindow): { from: string; to: string } {
  const end = parseAsOf(window.calibrationEnd);
  return { from: dayString(end + 1), to: dayString(end + 7 * window.weeks) };
}

/** Count the cohort's purchase days and net spend in the held-back period. */
export function* holdoutActualsSteps(
  orders: Orders,
  cohort: readonly string[],
  window: HoldoutWindow,
  money: { currency: string; exchangeRates: Readonly<Record<string, number>> },
): Steps<HoldoutActuals> {
  const end = parseAsOf(window.calibrationEnd);
  const kept = yield* keepOrdersSteps(orders, { asOf: heldBackDays(window).to, afterDay: end, customerIds: cohort, listExcluded: false, ...money });
  const { start, byCustomer } = ordersByCustomer(kept);
  const purchases = new Float64Array(cohort.length);
  const spend = new Float64Array(cohort.length);
  const weekly = new Float64Array(window.weeks);
  for (let c = 0; c < cohort.length; c++) {
    if (c % CHUNK === 0 && c > 0) yield { phase: 'holdout', done: c, total: cohort.length };
    sortByDay(byCustomer, start[c]!, start[c + 1]!, kept.day);
    let lastPurchaseDay = NaN;
    for (let j = start[c]!; j < start[c + 1]!; j++) {
      const k = byCustomer[j]!;
      spend[c]! += kept.amount[k]!;
      const d = kept.day[k]!;
      if (kept.amount[k]! >= 0 && d !== lastPurchaseDay) {
        lastPurchaseDay = d;
        purchases[c]! += 1;
        weekly[Math.floor((d - end - 1) / 7)]! += 1;
      }
    }
  }
  return { purchases, spend, weekly };
}

export interface HoldoutForecast {
  model: PurchaseModelFit['model'];
  fit: PurchaseModelFit;
  forecaster: PurchaseForecaster;
  /** Expected spend per purchase of a cohort customer (the spend model of the calibration period). */
  expectedSpend: (summary: CustomerSummary) => number;
}

/** Compare one model's forecasts for the cohort (calibration summaries with a purchase) with the actuals. */
export function* holdoutReportSteps(
  forecast: HoldoutForecast,
  cohort: readonly CustomerSummary[],
  actuals: HoldoutActuals,
  window: HoldoutWindow,
  unit: TimeUnit,
): Steps<HoldoutReport> {
  const { forecaster } = forecast;
  const weekUnits = 7 / UNIT_DAYS[unit];
  const n = cohort.length;
  const predicted = new Float64Array(n);
  const weeklyPredicted = new Float64Array(window.weeks);
  // E[Y(t) | alive] depends on (x, T) only: once per distinct pair and week.
  const ifAlive = new Map<string, Float64Array>();
  for (let i = 0; i < n; i++) {
    // Smaller steps here: a customer with a new (x, T) costs a forecast per week.
    if (i % (CHUNK / 4) === 0 && i > 0) yield { phase: 'holdout', done: i, total: n };
    const { x, tx, T } = cohort[i]!;
    const key = `${x}|${T}`;
    let curve = ifAlive.get(key);
    if (!curve) {
      curve = new Float64Array(window.weeks);
      for (let w = 0; w < window.weeks; w++) curve[w] = forecaster.expectedIfAlive((w + 1) * weekUnits, x, T);
      ifAlive.set(key, curve);
    }
    const alive = forecaster.pAlive(x, tx, T);
    for (let w = 0; w < window.weeks; w++) weeklyPredicted[w]! += alive * curve[w]!;
    predicted[i] = alive * curve[window.weeks - 1]!;
  }

  let actualTotal = 0;
  let predictedTotal = 0;
  let absolute = 0;
  let squared = 0;
  let spendActual = 0;
  let spendPredicted = 0;
  let spendAbsolute = 0;
  const rows = Array.from({ length: 8 }, (_, x): HoldoutRow => ({ x: x === 7 ? '7+' : x, customers: 0, predicted: 0, actual: 0 }));
  for (let i = 0; i < n; i++) {
    if (i % (8 * CHUNK) === 0 && i > 0) yield { phase: 'holdout', done: i, total: n };
    const summary = cohort[i]!;
    const p = predicted[i]!;
    const a = actuals.purchases[i]!;
    actualTotal += a;
    predictedTotal += p;
    absolute += Math.abs(p - a);
    squared += (p - a) ** 2;
    const spent = p * forecast.expectedSpend(summary);
    spendActual += actuals.spend[i]!;
    spendPredicted += spent;
    spendAbsolute += Math.abs(spent - actuals.spend[i]!);
    const row = rows[Math.min(summary.x, 7)]!;
    row.customers += 1;
    row.predicted += p;
    row.actual += a;
  }
  for (const row of rows) {
    if (row.customers === 0) continue;
    row.predicted /= row.customers;
    row.actual /= row.customers;
  }

  yield { phase: 'holdout', done: n, total: n };
  const topDecile = yield* topDecileHitSteps(predicted, actuals.purchases);
  yield { phase: 'holdout', done: n, total: n };
  const firstWeek = calibrationWeeks(cohort, window.calibrationEnd);
  let cumulative = 0;
  const weekly = Array.from({ length: window.weeks }, (_, w) => {
    cumulative += actuals.weekly[w]!;
    return { week: firstWeek + w + 1, actual: cumulative, predicted: weeklyPredicted[w]! };
  });
  const { from, to } = heldBackDays(window);
  return {
    model: forecast.model,
    weeks: window.weeks,
    from,
    to,
    customers: n,
    actual: actualTotal,
    predicted: predictedTotal,
    byRepeatPurchases: rows,
    meanAbsoluteError: n > 0 ? absolute / n : 0,
    rootMeanSquaredError: n > 0 ? Math.sqrt(squared / n) : 0,
    topDecileHit: topDecile,
    weekly,
    spend: { actual: spendActual, predicted: spendPredicted, meanAbsoluteError: n > 0 ? spendAbsolute / n : 0 },
    fit: forecast.fit,
  };
}

/** Whole weeks from the cohort's first purchase to the calibration end: CDNOW's 1997-01-01..09-30 is 39. */
function calibrationWeeks(cohort: readonly CustomerSummary[], calibrationEnd: string): number {
  // The earliest is found without parsing 100,000 dates; only it is parsed.
  const first = earliestFirstPurchase(cohort);
  return first === null ? 0 : Math.ceil((parseAsOf(calibrationEnd) - parseAsOf(first) + 1) / 7);
}

/**
 * For each item, the probability that it is among the k highest scores when ties at the boundary are
 * broken at random: 1 above the k-th score, (slots left) / (items tied) at it, 0 below.
 */
export function topShare(scores: Float64Array, k: number): Float64Array {
  const n = scores.length;
  const threshold = Float64Array.from(scores).sort()[n - k]!;
  let above = 0;
  let tied = 0;
  for (let i = 0; i < n; i++) {
    if (scores[i]! > threshold) above += 1;
    else if (scores[i] === threshold) tied += 1;
  }
  const share = (k - above) / tied;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = scores[i]! > threshold ? 1 : scores[i] === threshold ? share : 0;
  return out;
}

/**
 * The share of the predicted top 10% that were in the actual top 10%: the expected overlap when ties
 * (many customers share a forecast, most share an actual count) are broken at random; null below 10 customers.
 */
export function topDecileHit(predicted: Float64Array, actual: Float64Array): number | null {
  return runSteps(topDecileHitSteps(predicted, actual));
}

/** topDecileHit, yielding between its two sorts (tens of milliseconds each on 100,000 customers). */
function* topDecileHitSteps(predicted: Float64Array, actual: Float64Array): Steps<number | null> {
  const n = predicted.length;
  if (n < 10) return null;
  const k = Math.round(n / 10);
  const p = topShare(predicted, k);
  yield { phase: 'holdout', done: n, total: n };
  const a = topShare(actual, k);
  let overlap = 0;
  for (let i = 0; i < n; i++) overlap += p[i]! * a[i]!;
  return overlap / k;
}
