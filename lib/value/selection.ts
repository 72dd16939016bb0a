/**
 * Which purchase model a shop gets, chosen by evidence:
 *
 * 1. Held-back error. The last AUTO_HOLDOUT_SHARE of the history (whole
 *    weeks, between MIN_AUTO_HOLDOUT_WEEKS and MAX_AUTO_HOLDOUT_WEEKS, ending
 *    on the last day with a purchase: orders not imported yet are not weeks
 *    without purchases) is held back; BG/NBD, MBG/NBD and Pareto/NBD are fitted on the orders
 *    before it, forecast it (holdout.ts), and the one with the lowest root
 *    mean squared error per customer wins and is fitted again on the whole
 *    history. Squared error because the models forecast expectations, the
 *    quantity squared error is minimised by; absolute error rewards
 *    forecasting the median, which is 0 purchases for most customers, and
 *    would favour models that forecast too few.
 * 2. Likelihood, when the history is too short to hold any back (the part
 *    before it would itself fail the data thresholds): all three are fitted
 *    on the whole history and the lowest BIC wins (all have four parameters,
 *    so this is the highest likelihood).
 * 3. A model fixed in the settings (or `--model`) is used as it is; its
 *    held-back check is still reported when one can be made.
 * A model whose fit fails (thresholds in purchase-fit.ts) is never chosen;
 * the next best is. With an explicit held-back period (the command line's
 * `--holdout WEEKS`), the period after the as-of day is the check, and the
 * fits up to the as-of day are the ones used.
 *
 * The choice comes with its reason as a key and the figures it quotes
 * (types.ts ModelSelection), so a screen can say it in its own language.
 */
import { MODEL_LABEL, PURCHASE_MODELS, type PurchaseModelName } from './forecaster';
import { holdoutActualsSteps, holdoutReportSteps, type HoldoutWindow } from './holdout';
import { preparePurchaseDataSteps } from './purchase-data';
import { fitPurchaseModelSteps, type FittedPurchaseModel } from './purchase-models';
import type { Steps } from './schedule';
import { fitSpendModelSteps } from './spend';
import { dayString, parseAsOf, summariseSteps } from './summary';
import type { Orders } from './order-columns';
import { dataRefusal, historyDays } from './thresholds';
import type { CustomerSummary, HoldoutReport, ModelSelection, TimeUnit } from './types';

/** The share of the history held back to choose the model. */
export const AUTO_HOLDOUT_SHARE = 0.25;
export const MIN_AUTO_HOLDOUT_WEEKS = 4;
/** A year shows a full season; holding back more would shorten the calibration for little. */
export const MAX_AUTO_HOLDOUT_WEEKS = 52;

export interface Money {
  currency: string;
  exchangeRates: Readonly<Record<string, number>>;
}

export interface SelectionInput {
  orders: Orders;
  customerIds: readonly string[];
  /** Everyone's history up to the as-of day, in customer order. */
  summaries: readonly CustomerSummary[];
  asOf: string;
  unit: TimeUnit;
  money: Money;
  /** The longest forecast, in the run's unit (the CLV horizon). */
  horizon: number;
  model: PurchaseModelName | 'auto';
  /** Check on the weeks after the as-of day instead of holding back the end of the history. */
  holdoutWeeks?: number;
}

export interface SelectionResult {
  selection: ModelSelection;
  /** The model the forecasts use, fitted on the history up to the as-of day; null when none could be. */
  chosen: FittedPurchaseModel | null;
  /** Every fit on the history up to the as-of day (one or three). */
  fits: FittedPurchaseModel[];
}

/** The held-back period for the automatic choice, or why there is none. */
export function autoHoldoutWindow(days: number, asOf: string): HoldoutWindow | { skipped: string } {
  const weeks = Math.min(Math.round((AUTO_HOLDOUT_SHARE * days) / 7), MAX_AUTO_HOLDOUT_WEEKS);
  if (weeks < MIN_AUTO_HOLDOUT_WEEKS) {
    return { skipped: `${days} days of history are too few to hold back ${MIN_AUTO_HOLDOUT_WEEKS} weeks` };
  }
  return { calibrationEnd: dayString(parseAsOf(asOf) - 7 * weeks), weeks };
}

/** The latest purchase day of the buyers, or the as-of day when it is earlier (it never is). */
function lastPurchaseDay(buyers: readonly CustomerSummary[], asOf: string): string {
  let last = '';
  for (const s of buyers) if (s.lastPurchase && s.lastPurchase > last) last = s.lastPurchase;
  return last && last < asOf ? last : asOf;
}

function* fitAllSteps(models: readonly PurchaseModelName[], buyers: readonly CustomerSummary[], unit: TimeUnit, horizon: number): Steps<FittedPurchaseModel[]> {
  const data = yield* preparePurchaseDataSteps(
    buyers.map((s) => s.x),
    buyers.map((s) => s.tx),
    buyers.map((s) => s.T),
  );
  const fits: FittedPurchaseModel[] = [];
  for (const model of models) fits.push(yield* fitPurchaseModelSteps(model, data, unit, horizon));
  return fits;
}

/** Forecast the held-back period with each usable fit (made on the cohort's histories) and compare. */
function* validateSteps(fits: readonly FittedPurchaseModel[], cohort: readonly CustomerSummary[], window: HoldoutWindow, input: Pick<SelectionInput, 'orders' | 'money' | 'unit'>): Steps<HoldoutReport[]> {
  const usable = fits.filter((f) => !f.problem);
  if (usable.length === 0) return [];
  const actuals = yield* holdoutActualsSteps(
    input.orders,
    cohort.map((s) => s.customerId),
    window,
    input.money,
  );
  const spend = yield* fitSpendModelSteps(cohort);
  const reports: HoldoutReport[] = [];
  for (const fit of usable) {
    const forecast = { model: fit.model, fit: fit.report, forecaster: fit.forecaster, expectedSpend: (s: CustomerSummary) => spend.expected(s).value };
    reports.push(yield* holdoutReportSteps(forecast, cohort, actuals, window, input.unit));
  }
  return reports;
}

/**
 * The held-back check on its own (the command line's `--holdout` and the workspace): fit each model on the
 * orders up to the calibration end and compare its forecasts of the following weeks with what happened.
 */
export function* holdoutCheckSteps(
  input: Pick<SelectionInput, 'orders' | 'customerIds' | 'unit' | 'money' | 'horizon'>,
  window: HoldoutWindow,
  models: readonly PurchaseModelName[] = PURCHASE_MODELS,
): Steps<{ reports: HoldoutReport[]; fits: FittedPurchaseModel[] }> {
  const { customers } = yield* summariseSteps(input.orders, { asOf: window.calibrationEnd, unit: input.unit, customerIds: input.customerIds, listExcluded: false, ...input.money });
  const cohort = customers.filter((s) => s.purchases > 0);
  const fits = yield* fitAllSteps(models, cohort, input.unit, input.horizon);
  return { reports: yield* validateSteps(fits, cohort, window, input), fits };
}

const format = (n: number) => Number(n.toPrecision(4));

export function* selectModelSteps(input: SelectionInput): Steps<SelectionResult> {
  const candidates: readonly PurchaseModelName[] = input.model === 'auto' ? PURCHASE_MODELS : [input.model];
  const buyers = input.summaries.filter((s) => s.purchases > 0);

  // The check: explicit (the weeks after the as-of day) or automatic (the end of the history).
  let window: HoldoutWindow | null = null;
  let skipped: string | null = null;
  let reports: HoldoutReport[] = [];
  let calibrationFits: FittedPurchaseModel[] = [];
  let fits: FittedPurchaseModel[] = [];
  if (input.holdoutWeeks !== undefined) {
    window = { calibrationEnd: input.asOf, weeks: input.holdoutWeeks };
    fits = yield* fitAllSteps(candidates, buyers, input.unit, input.horizon);
    calibrationFits = fits;
    reports = yield* validateSteps(fits, buyers, window, input);
  } else {
    // The check ends on the last day with a purchase: weeks whose orders are not imported yet are not weeks
    // without purchases.
    const end = lastPurchaseDay(buyers, input.asOf);
    const auto = autoHoldoutWindow(historyDays(buyers, end), end);
    if ('skipped' in auto) {
      skipped = auto.skipped;
    } else {
      const { customers } = yield* summariseSteps(input.orders, { asOf: auto.calibrationEnd, unit: input.unit, customerIds: input.customerIds, listExcluded: false, ...input.money });
      const cohort = customers.filter((s) => s.purchases > 0);
      const refusal = dataRefusal(cohort, auto.calibrationEnd);
      if (refusal) {
        skipped = `holding back the last ${auto.weeks} weeks would leave too little to fit: ${refusal.message}`;
      } else {
        window = auto;
        calibrationFits = yield* fitAllSteps(candidates, cohort, input.unit, input.horizon);
        reports = yield* validateSteps(calibrationFits, cohort, window, input);
      }
    }
  }

  const errorOf = (model: PurchaseModelName) => reports.find((r) => r.model === model)?.rootMeanSquaredError ?? null;
  const fitted = (model: PurchaseModelName) => fits.find((f) => f.model === model);
  const candidateRows = (by: readonly FittedPurchaseModel[]) =>
    candidates.map((model) => {
      const fit = by.find((f) => f.model === model);
      return { model, holdoutError: errorOf(model), bic: fit ? fit.report.bic : null, problem: fit ? fit.problem : null };
    });

  // The order to try: by held-back error, else by BIC of fits on the whole history.
  let order: PurchaseModelName[];
  let by: ModelSelection['by'];
  if (input.model !== 'auto') {
    order = [input.model];
    by = 'fixed';
  } else if (window && reports.length > 0) {
    order = [...reports].sort((p, q) => p.rootMeanSquaredError - q.rootMeanSquaredError).map((r) => r.model);
    by = 'holdout';
  } else {
    if (window && reports.length === 0 && input.holdoutWeeks === undefined) {
      // Nothing could be fitted before the held-back weeks: the choice falls to the whole history.
      skipped = `no model could be fitted on the history before the ${window.weeks} weeks held back`;
      window = null;
    }
    if (fits.length === 0) fits = yield* fitAllSteps(candidates, buyers, input.unit, input.horizon);
    order = fits.filter((f) => !f.problem).sort((p, q) => p.report.bic! - q.report.bic!).map((f) => f.model);
    by = 'bic';
  }

  let chosen: FittedPurchaseModel | null = null;
  for (const model of order) {
    let fit = fitted(model);
    if (!fit) {
      fit = (yield* fitAllSteps([model], buyers, input.unit, input.horizon))[0]!;
      fits.push(fit);
    }
    if (!fit.problem) {
      chosen = fit;
      break;
    }
  }
  const rows = candidateRows(by === 'bic' || by === 'fixed' ? fits : calibrationFits);
  const model = chosen?.model ?? order[0] ?? candidates[0]!;
  const reason = !chosen
    ? { reason: { key: 'none-usable' as const, figures: { models: candidates.length } }, text: 'no purchase model could be used: each fit failed (see its problem)' }
    : chosen.model !== order[0]
      ? {
          reason: { key: 'next-best' as const, figures: { model, preferred: order[0]! } },
          text: `${MODEL_LABEL[model]}: ${MODEL_LABEL[order[0]!]} ranked first but its fit on the whole history could not be used (${fitted(order[0]!)?.problem ?? 'no fit'})`,
        }
      : selectionReason(model, by, rows, window, order.length);
  return {
    selection: {
      model,
      by,
      reason: reason.reason,
      text: reason.text,
      calibrationEnd: window?.calibrationEnd ?? null,
      holdoutWeeks: window?.weeks ?? null,
      holdoutSkipped: skipped,
      candidates: rows,
      holdout: reports,
    },
    chosen,
    fits,
  };
}

function selectionReason(
  model: PurchaseModelName,
  by: ModelSelection['by'],
  rows: ModelSelection['candidates'],
  window: HoldoutWindow | null,
  usable: number,
): Pick<ModelSelection, 'reason' | 'text'> {
  const label = MODEL_LABEL[model];
  if (by === 'fixed') return { reason: { key: 'chosen-in-settings', figures: { model } }, text: `${label}: chosen in the settings` };
  if (usable === 1) return { reason: { key: 'only-usable', figures: { model } }, text: `${label}: the only model whose fit could be used` };
  const others = rows.filter((r) => r.model !== model);
  if (by === 'holdout') {
    const mine = rows.find((r) => r.model === model)!.holdoutError!;
    const runnerUp = others.filter((r) => r.holdoutError !== null).sort((p, q) => p.holdoutError! - q.holdoutError!)[0];
    return {
      reason: {
        key: 'lowest-holdout-error',
        figures: { model, error: format(mine), weeks: window!.weeks, ...(runnerUp ? { runnerUp: runnerUp.model, runnerUpError: format(runnerUp.holdoutError!) } : {}) },
      },
      text:
        `${label}: the lowest error on the ${window!.weeks} weeks held back (${format(mine)} purchases per customer, root mean squared` +
        `${others.map((r) => (r.holdoutError === null ? '' : `; ${MODEL_LABEL[r.model]} ${format(r.holdoutError)}`)).join('')})`,
    };
  }
  const mine = rows.find((r) => r.model === model)!.bic!;
  const runnerUp = others.filter((r) => r.bic !== null && !r.problem).sort((p, q) => p.bic! - q.bic!)[0];
  return {
    reason: { key: 'lowest-bic', figures: { model, bic: format(mine), ...(runnerUp ? { runnerUp: runnerUp.model, runnerUpBic: format(runnerUp.bic!) } : {}) } },
    text: `${label}: the lowest BIC on the whole history (${format(mine)}${others.map((r) => (r.bic === null ? '' : `; ${MODEL_LABEL[r.model]} ${format(r.bic)}`)).join('')}); no weeks could be held back to check on`,
  };
}
