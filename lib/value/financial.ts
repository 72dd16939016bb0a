/**
 * One customer's financial value: P(alive), expected purchases and spend,
 * CLV with its range, cost to serve and net value, under the run's models
 * (run-models.ts), or their historical value when there is no forecast.
 */
import { DAYS_PER_MONTH, forecastPurchases, historicalValue, horizonSums, predictedClv, type HorizonSums } from './clv';
import { costToDate, futureCost, historicalNetValue, netValue } from './cost';
import { RANGE_LEVEL, scaledInterval } from './ranges';
import type { RunModels } from './run-models';
import type { ValueSettings } from './settings';
import { UNIT_DAYS } from './summary';
import { explained, type CustomerSummary, type CustomerValue, type Explained, type Prediction, type TimeUnit } from './types';

export interface Horizon {
  horizonMonths: number;
  monthlyRate: number;
  unit: TimeUnit;
}

/** Why a customer's spend is not Gamma-Gamma's although the run's spend model is (the screens translate it). */
export const NET_REPEAT_SPEND_NOT_POSITIVE = "net repeat spend of 0 or less (refunds): left out of the spend model, valued by the own mean shrunk towards everyone's";

export function financialValue(
  summary: CustomerSummary,
  settings: ValueSettings,
  models: RunModels,
  horizon: Horizon,
  /** Month-by-month sums per (x, T), shared by the customers who have the same. */
  sumsCache: Map<string, HorizonSums>,
  asOf: string,
  /** The 80% interval of the customer's purchases over the horizon (ranges.ts), or null. */
  purchases: { low: number; high: number } | null,
): { prediction: Prediction; cost: CustomerValue['cost'] } {
  const toDate = costToDate(summary, settings.costPerOrder);
  const { chosen, spend, report } = models;
  if (summary.purchases === 0 || !chosen || !spend) {
    const clv = historicalValue(settings.margin, summary.revenue);
    const reason =
      summary.purchases > 0 ? report.reason : summary.orders > 0 ? `only refunds up to ${asOf}, no purchases` : `no purchases up to ${asOf}`;
    return {
      prediction: {
        model: summary.purchases === 0 ? 'none' : 'historical',
        spendModel: null,
        reason,
        pAlive: null,
        pAliveNote: null,
        expectedPurchases: null,
        expectedSpend: null,
        clv,
        range: null,
      },
      cost: { toDate, future: null, netValue: historicalNetValue(clv, toDate), netValueRange: null },
    };
  }

  const { forecaster } = chosen;
  const { x, tx, T } = summary;
  const key = `${x}|${T}`;
  let sums = sumsCache.get(key);
  if (!sums) {
    sums = horizonSums(forecaster, x, T, horizon);
    sumsCache.set(key, sums);
  }
  const forecast = forecastPurchases(forecaster, x, tx, T, horizon, sums);
  const pAlive = explained(forecast.pAlive, `${chosen.model}.p-alive`, { x, t_x: tx, T, unit: horizon.unit });
  const horizonUnits = (horizon.horizonMonths * DAYS_PER_MONTH) / UNIT_DAYS[horizon.unit];
  const expectedPurchases = explained(forecast.expected, `${chosen.model}.expected`, {
    x,
    t_x: tx,
    T,
    t: horizonUnits,
    unit: horizon.unit,
    horizonMonths: horizon.horizonMonths,
  });
  const expectedSpend: Explained = spend.expected(summary);
  const shrunk = expectedSpend.formula === 'spend.shrunk';
  const clv = predictedClv({
    margin: settings.margin,
    expectedSpend: expectedSpend.value,
    forecast,
    horizonMonths: horizon.horizonMonths,
    monthlyRate: horizon.monthlyRate,
  });
  const future = futureCost(toDate, summary, forecast);
  const net = netValue(clv, future);
  const range = purchases
    ? { level: RANGE_LEVEL, purchases: { low: purchases.low, high: purchases.high }, clv: scaledInterval(clv.value, forecast.expected, purchases.low, purchases.high) }
    : null;
  return {
    prediction: {
      model: chosen.model,
      spendModel: shrunk ? 'shrunk' : 'gammagamma',
      reason: shrunk && spend.kind === 'gammagamma' ? NET_REPEAT_SPEND_NOT_POSITIVE : spend.reason,
      pAlive,
      pAliveNote: forecaster.pAliveNote(x),
      expectedPurchases,
      expectedSpend,
      clv,
      range,
    },
    cost: {
      toDate,
      future,
      netValue: net,
      netValueRange: purchases ? scaledInterval(net.value, forecast.expected, purchases.low, purchases.high) : null,
    },
  };
}
