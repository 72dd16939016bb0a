/**
 * The held-back check as one call, for the command line's `--holdout` and
 * the workspace: fit each purchase model on the orders up to a calibration
 * end, forecast the weeks after it, and compare with what happened
 * (holdout.ts). The reports are the same records a value run keeps in
 * models.selection.holdout and the command line prints as `holdout` lines.
 */
import type { PurchaseModelName } from './forecaster';
import type { HoldoutWindow } from './holdout';
import type { ValueInput } from './index';
import { horizonUnits } from './run-models';
import { runSteps, runStepsAsync, type AsyncRunOptions, type Steps } from './schedule';
import { holdoutCheckSteps } from './selection';
import { parseValueSettings, type ValueSettingsInput } from './settings';
import type { HoldoutReport } from './types';

export interface HoldoutCheck {
  reports: HoldoutReport[];
  /** Models whose fit before the held-back period could not be used, with why. */
  unusable: { model: PurchaseModelName; problem: string }[];
}

export function* holdoutCheckRunSteps(
  input: Pick<ValueInput, 'customers' | 'orders'>,
  settingsInput: ValueSettingsInput,
  window: HoldoutWindow,
  models?: readonly PurchaseModelName[],
): Steps<HoldoutCheck> {
  const settings = parseValueSettings(settingsInput);
  const { reports, fits } = yield* holdoutCheckSteps(
    {
      orders: input.orders,
      customerIds: input.customers.map((c) => c.id),
      unit: settings.unit,
      money: { currency: settings.currency, exchangeRates: settings.exchangeRates },
      horizon: horizonUnits(settings),
    },
    window,
    models,
  );
  return { reports, unusable: fits.filter((f) => f.problem).map((f) => ({ model: f.model, problem: f.problem! })) };
}

export function holdoutCheck(input: Pick<ValueInput, 'customers' | 'orders'>, settings: ValueSettingsInput, window: HoldoutWindow, models?: readonly PurchaseModelName[]): HoldoutCheck {
  return runSteps(holdoutCheckRunSteps(input, settings, window, models));
}

export function holdoutCheckAsync(
  input: Pick<ValueInput, 'customers' | 'orders'>,
  settings: ValueSettingsInput,
  window: HoldoutWindow,
  models?: readonly PurchaseModelName[],
  options?: AsyncRunOptions,
): Promise<HoldoutCheck> {
  return runStepsAsync(holdoutCheckRunSteps(input, settings, window, models), options);
}
