/**
 * The models of one value run: refuse when the data cannot carry a purchase
 * model (thresholds.ts), otherwise choose and fit one (selection.ts), fit
 * the spend model (spend.ts), and draw the parameter sets of the ranges
 * (ranges.ts). What comes out is the run's ModelReport and what the
 * per-customer forecasts need.
 */
import { DAYS_PER_MONTH } from './clv';
import type { PurchaseForecaster } from './forecaster';
import type { FittedPurchaseModel } from './purchase-models';
import { drawForecasters } from './ranges';
import type { Steps } from './schedule';
import { selectModelSteps, type Money } from './selection';
import type { ValueSettings } from './settings';
import { fitSpendModelSteps, type SpendModel } from './spend';
import { UNIT_DAYS } from './summary';
import type { Orders } from './order-columns';
import { dataRefusal } from './thresholds';
import type { CustomerSummary, ModelReport, PurchaseModelFit } from './types';

export interface RunModels {
  report: ModelReport;
  /** The purchase model the forecasts use, or null (historical values). */
  chosen: FittedPurchaseModel | null;
  spend: SpendModel | null;
  /** Forecasters at the ranges' parameter draws (the point forecaster alone without a usable covariance). */
  draws: PurchaseForecaster[];
}

export interface RunModelsOptions {
  /** Check on the weeks after the as-of day instead of holding back the end of the history (the command line's --holdout). */
  holdoutWeeks?: number;
}

/** The CLV horizon in the run's time unit. */
export function horizonUnits(settings: Pick<ValueSettings, 'horizonMonths' | 'unit'>): number {
  return (settings.horizonMonths * DAYS_PER_MONTH) / UNIT_DAYS[settings.unit];
}

export function* fitRunModelsSteps(
  input: { orders: Orders; customerIds: readonly string[] },
  summaries: readonly CustomerSummary[],
  settings: ValueSettings,
  asOf: string,
  options: RunModelsOptions = {},
): Steps<RunModels> {
  const report: ModelReport = {
    purchases: 'historical',
    reason: null,
    refusal: null,
    spend: 'historical',
    spendReason: 'no purchase forecast to apply a spend model to',
    spendWhy: { code: 'no-forecast', figures: {}, detail: '' },
    spendCheck: null,
    bgnbd: null,
    mbgnbd: null,
    paretonbd: null,
    gammaGamma: null,
    selection: null,
    parameterUncertainty: false,
  };
  const none: RunModels = { report, chosen: null, spend: null, draws: [] };
  const refusal = dataRefusal(summaries, asOf);
  if (refusal) {
    report.refusal = refusal;
    report.reason = refusal.message;
    return none;
  }

  const money: Money = { currency: settings.currency, exchangeRates: settings.exchangeRates };
  const horizon = horizonUnits(settings);
  const { selection, chosen, fits } = yield* selectModelSteps({
    orders: input.orders,
    customerIds: input.customerIds,
    summaries,
    asOf,
    unit: settings.unit,
    money,
    horizon,
    model: settings.purchaseModel,
    ...(options.holdoutWeeks !== undefined ? { holdoutWeeks: options.holdoutWeeks } : {}),
  });
  report.selection = selection;
  for (const fit of fits) assignFit(report, fit.report);
  if (!chosen) {
    // Each problem names its model ("the Pareto/NBD fit ...").
    const problems = fits.filter((f) => f.problem).map((f) => f.problem!);
    const message = problems.length === 1 ? problems[0]! : `no purchase model could be used (${problems.join('; ')})`;
    report.refusal = { code: 'fit-failed', figures: {}, message };
    report.reason = message;
    return none;
  }
  report.purchases = chosen.model;

  const buyers = summaries.filter((s) => s.purchases > 0);
  const spend = yield* fitSpendModelSteps(buyers);
  report.spend = spend.kind;
  report.spendReason = spend.reason;
  report.spendWhy = spend.why;
  report.spendCheck = spend.check;
  if (spend.fit) {
    const { params, ll, customers, converged, iterations, evaluations, message } = spend.fit;
    report.gammaGamma = { model: 'gammagamma', ...params, ll, customers, converged, iterations, evaluations, message };
  }

  const { forecasters, parameterUncertainty } = drawForecasters(chosen, horizon);
  report.parameterUncertainty = parameterUncertainty;
  return { report, chosen, spend, draws: forecasters };
}

function assignFit(report: ModelReport, fit: PurchaseModelFit): void {
  if (fit.model === 'bgnbd') report.bgnbd = fit;
  else if (fit.model === 'mbgnbd') report.mbgnbd = fit;
  else report.paretonbd = fit;
}
