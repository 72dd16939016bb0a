/**
 * The three purchase models behind one interface: fit any of them on the
 * prepared data, judge the fit, and get a forecaster at the estimates or at
 * any other parameter set (the draws of the ranges). The rest of the engine
 * (holdout.ts, selection.ts, ranges.ts, clv.ts) never asks which model it is.
 */
import { BgNbdForecaster, bgnbdProblem, fitBgNbdSteps } from './bgnbd';
import type { PurchaseForecaster, PurchaseModelName } from './forecaster';
import type { Matrix } from './matrix';
import { fitParetoNbdSteps, ParetoNbdForecaster, paretoNbdProblem } from './paretonbd';
import type { PurchaseData } from './purchase-data';
import { paramsOf, type ModelFit } from './purchase-fit';
import type { Steps } from './schedule';
import type { PurchaseModelFit, TimeUnit } from './types';

const NAMES = {
  bgnbd: ['r', 'alpha', 'a', 'b'],
  mbgnbd: ['r', 'alpha', 'a', 'b'],
  paretonbd: ['r', 'alpha', 's', 'beta'],
} as const;

export interface FittedPurchaseModel {
  model: PurchaseModelName;
  /** The fit as the run reports it (parameters, LL, BIC, standard errors). */
  report: PurchaseModelFit;
  /** Why it cannot be used for forecasts, or null. */
  problem: string | null;
  forecaster: PurchaseForecaster;
  /** The estimates on log-parameters, and their asymptotic covariance (null when unavailable). */
  theta: number[];
  covariance: Matrix | null;
  /** A forecaster at other log-parameters (a draw of the ranges). */
  forecasterAt(theta: readonly number[]): PurchaseForecaster;
}

function forecasterFor(model: PurchaseModelName, theta: readonly number[]): PurchaseForecaster {
  if (model === 'paretonbd') return new ParetoNbdForecaster(paramsOf(NAMES.paretonbd, theta));
  return new BgNbdForecaster(paramsOf(NAMES[model], theta), undefined, model);
}

/** Fit one model on the data; `horizon` (in the run's unit) is the longest forecast it must make. */
export function* fitPurchaseModelSteps(model: PurchaseModelName, data: PurchaseData, unit: TimeUnit, horizon: number): Steps<FittedPurchaseModel> {
  let fit: ModelFit<Record<string, number>>;
  let problem: string | null;
  if (model === 'paretonbd') {
    const pareto = yield* fitParetoNbdSteps(data);
    fit = { ...pareto, params: { ...pareto.params } };
    problem = paretoNbdProblem(pareto);
  } else {
    const bg = yield* fitBgNbdSteps(data, {}, model);
    fit = { ...bg, params: { ...bg.params } };
    problem = bgnbdProblem(bg, horizon, model);
  }
  const names = NAMES[model];
  const theta = names.map((name) => Math.log(fit.params[name]!));
  const standardErrors = fit.covariance
    ? Object.fromEntries(names.map((name, i) => [name, fit.params[name]! * Math.sqrt(fit.covariance![i]![i]!)]))
    : null;
  const common = {
    unit,
    ll: fit.ll,
    customers: fit.customers,
    converged: fit.converged,
    iterations: fit.iterations,
    evaluations: fit.evaluations,
    message: fit.message,
    bic: names.length * Math.log(fit.customers) - 2 * fit.ll,
    standardErrors,
  };
  const { r, alpha } = fit.params as { r: number; alpha: number };
  const report: PurchaseModelFit =
    model === 'paretonbd'
      ? { model, r, alpha, s: fit.params.s!, beta: fit.params.beta!, ...common }
      : { model, r, alpha, a: fit.params.a!, b: fit.params.b!, ...common };
  return {
    model,
    report,
    problem,
    forecaster: forecasterFor(model, theta),
    theta,
    covariance: fit.covariance,
    forecasterAt: (other) => forecasterFor(model, other),
  };
}
