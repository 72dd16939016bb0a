/**
 * The one entry point of the value computations, shared by the extension's
 * service worker (computeValuesAsync: runs in time slices, never blocking
 * for long) and the command line and benchmarks (computeValues: straight
 * through). Both run the same generator, so they give identical results.
 *
 * From the customers, their orders, the captured profiles and contributions
 * and the matches between them, for an as-of day:
 *  1. per-customer purchase history (summary.ts);
 *  2. BG/NBD and Gamma-Gamma fitted on the customers with purchases, or an
 *     honest fallback to historical value when the data are too thin or the
 *     fit fails (the reason is in models.reason);
 *  3. per customer: RFM, P(alive), expected purchases and spend, CLV, cost to
 *     serve and net value, influence across the linked profiles, engagement
 *     value and segment;
 *  4. per captured profile not linked to a customer: influence and segment.
 */
import { isLinked, type Match } from '../model';
import { z } from '../zod';
import { BgNbdForecaster, bgnbdProblem, fitBgNbdSteps, prepareBgNbdSteps } from './bgnbd';
import { DAYS_PER_MONTH, forecastPurchases, historicalValue, horizonSums, monthlyDiscountRate, predictedClv, type HorizonSums } from './clv';
import { costToDate, futureCost, historicalNetValue, netValue } from './cost';
import { engagementValue, financialThreshold, type SegmentThresholds } from './engagement';
import { ValueInputError } from './errors';
import {
  conditionalExpectedSpend,
  fitGammaGammaSteps,
  gammaGammaProblem,
  prepareGammaGammaSteps,
  type GammaGammaParams,
} from './gamma-gamma';
import {
  computeInfluence,
  countOwnBrandReviews,
  influenceContext,
  type InfluenceContext,
  type InfluenceContribution,
  type InfluenceProfile,
} from './influence';
import { rfmScorerSteps } from './rfm';
import { runSteps, runStepsAsync, type AsyncRunOptions, type Steps } from './schedule';
import { ValueSettings, type ValueSettingsInput } from './settings';
import { parseAsOf, summariseSteps, UNIT_DAYS, type SummaryOptions, type SummaryOrder, type SummaryResult } from './summary';
import {
  explained,
  type CustomerSummary,
  type CustomerValue,
  type Explained,
  type ModelReport,
  type Prediction,
  type ProfileValue,
  type TimeUnit,
  type ValueRun,
} from './types';

export * from './types';
export { CurrencyError, ValueInputError } from './errors';
export { ValueSettings, DEFAULT_VALUE_SETTINGS, settingsFingerprint, type ValueSettingsInput } from './settings';
export { RFM_SEGMENT_LABELS } from './rfm';
export { OrderSummariser, type OrderVerdict } from './summary';
export type { AsyncRunOptions, Progress } from './schedule';

/** A customer as the value code reads it; the stored Customer fits. */
export interface ValueCustomer {
  id: string;
  /** Extra CRM columns; the referral field is read from here. */
  custom?: Readonly<Record<string, string>>;
}

export type ValueOrder = SummaryOrder;
export type ValueMatch = Pick<Match, 'profileId' | 'customerId' | 'status'>;
export type { InfluenceContribution, InfluenceProfile };

export interface ValueInput {
  customers: readonly ValueCustomer[];
  orders: readonly ValueOrder[];
  profiles?: readonly InfluenceProfile[];
  contributions?: readonly InfluenceContribution[];
  /** Only auto-linked and confirmed matches link a profile to a customer. */
  matches?: readonly ValueMatch[];
}

const CUSTOMER_CHUNK = 64;

/** Today's date on the user's calendar (local time), YYYY-MM-DD: the usual as-of day. */
export function todayIso(now: Date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** Compute everything, straight through (Node: CLI, tests, benchmarks). */
export function computeValues(input: ValueInput, settings: ValueSettingsInput, asOf: string): ValueRun {
  return runSteps(computeValuesSteps(input, settings, asOf));
}

/** Compute everything in time slices, yielding to the event loop between them (the service worker). */
export function computeValuesAsync(
  input: ValueInput,
  settings: ValueSettingsInput,
  asOf: string,
  options?: AsyncRunOptions,
): Promise<ValueRun> {
  return runStepsAsync(computeValuesSteps(input, settings, asOf), options);
}

export function* computeValuesSteps(input: ValueInput, settingsInput: ValueSettingsInput, asOf: string): Steps<ValueRun> {
  const settings = parseValueSettings(settingsInput);
  const summary = yield* summariseSteps(input.orders, { ...summaryOptions(settings, asOf), customerIds: input.customers.map((c) => c.id) });
  const run = yield* prepareRunSteps({ ...input, summary }, settings, asOf, { keepFinancials: true });
  const customers: CustomerValue[] = [];
  for (let i = 0; i < run.size; i++) {
    if (i % CUSTOMER_CHUNK === 0 && i > 0) yield { phase: 'influence', done: i, total: run.size };
    customers.push(run.customer(i));
  }
  const profiles = yield* run.unlinkedProfilesSteps();
  return { asOf, unit: settings.unit, settings, models: run.models, thresholds: run.thresholds, customers, profiles, excluded: run.excluded };
}

/** The settings, checked: a ValueInputError naming what is wrong. */
export function parseValueSettings(input: ValueSettingsInput): ValueSettings {
  const parsed = ValueSettings.safeParse(input);
  if (!parsed.success) throw new ValueInputError(`value settings: ${z.prettifyError(parsed.error).replace(/\n\s*/g, ' ')}`);
  return parsed.data;
}

/** How orders are summarised under these settings (OrderSummariser, summariseSteps). */
export function summaryOptions(settings: ValueSettings, asOf: string): SummaryOptions {
  return { asOf, unit: settings.unit, currency: settings.currency, exchangeRates: settings.exchangeRates };
}

/** What a run needs besides the orders: the orders' summaries stand in for them. */
export interface SummarisedInput extends Omit<ValueInput, 'orders'> {
  summary: SummaryResult;
}

/**
 * A run with everything fixed that each customer's value is computed against (the fitted models,
 * the RFM ranks, the segment thresholds, referrals, who is linked to whom); the customers' values
 * are computed one at a time from it, so a caller can write each out instead of holding them all.
 */
export interface PreparedRun {
  size: number;
  models: ModelReport;
  thresholds: ValueRun['thresholds'];
  excluded: SummaryResult['excluded'];
  /** The value of the i-th customer, in the order of the summaries. */
  customer(i: number): CustomerValue;
  /** Influence and segment of each captured profile linked to no customer. */
  unlinkedProfilesSteps(): Steps<ProfileValue[]>;
}

/**
 * Fit the models and fix the base-wide figures. With `keepFinancials` each customer's financial
 * value is kept from the pass that sets the thresholds (fast, for the extension's runs); without
 * it only their net value is, and the rest is computed again when the customer is asked for, so a
 * million customers do not need a million forecasts held at once.
 */
export function* prepareRunSteps(input: SummarisedInput, settings: ValueSettings, asOf: string, options: { keepFinancials: boolean }): Steps<PreparedRun> {
  const summaries = input.summary.customers;
  const fitted = yield* fitModels(summaries, settings, asOf);
  const rfm = yield* rfmScorerSteps(summaries);

  // Financial value per customer.
  const horizon = { horizonMonths: settings.horizonMonths, monthlyRate: monthlyDiscountRate(settings.discountRate), unit: settings.unit };
  const forecasts = new Map<string, HorizonSums>();
  const financialOf = (summary: CustomerSummary) => financialValue(summary, settings, fitted, horizon, forecasts, asOf);
  const kept: Financial[] = [];
  const netValue = new Float64Array(summaries.length);
  const netValues: number[] = [];
  const indexOf = new Map<string, number>();
  for (let i = 0; i < summaries.length; i++) {
    if (i % CUSTOMER_CHUNK === 0 && i > 0) yield { phase: 'customers', done: i, total: summaries.length };
    const summary = summaries[i]!;
    const financial = financialOf(summary);
    if (options.keepFinancials) kept.push(financial);
    netValue[i] = financial.cost.netValue.value;
    indexOf.set(summary.customerId, i);
    if (summary.purchases > 0) netValues.push(netValue[i]!);
  }

  // Thresholds over the base, and referrals.
  const financialHigh = financialThreshold(netValues, settings.financialHighQuantile);
  const thresholds: SegmentThresholds = { financialHigh: financialHigh.value, influenceHigh: settings.influenceHighScore };
  const referred = yield* referralsSteps(input.customers, netValue, settings.referralField, indexOf);

  // Influence: which profiles belong to which customer.
  const profiles = new Map((input.profiles ?? []).map((p) => [p.id, p]));
  const linkedTo = new Map<string, InfluenceProfile[]>();
  const linkedProfiles = new Set<string>();
  for (const match of input.matches ?? []) {
    if (!isLinked(match) || !indexOf.has(match.customerId!)) continue;
    const profile = profiles.get(match.profileId);
    if (!profile || linkedProfiles.has(profile.id)) continue;
    linkedProfiles.add(profile.id);
    const list = linkedTo.get(match.customerId!);
    if (list) list.push(profile);
    else linkedTo.set(match.customerId!, [profile]);
  }
  const contributionsOf = new Map<string, InfluenceContribution[]>();
  for (const c of input.contributions ?? []) {
    const list = contributionsOf.get(c.profileId);
    if (list) list.push(c);
    else contributionsOf.set(c.profileId, [c]);
  }
  const context = influenceContext(settings, parseAsOf(asOf));
  yield { phase: 'influence', done: 0, total: summaries.length };

  return {
    size: summaries.length,
    models: fitted.report,
    thresholds: { financialHigh, influenceHigh: settings.influenceHighScore },
    excluded: input.summary.excluded,
    customer(i) {
      const summary = summaries[i]!;
      const { prediction, cost } = kept[i] ?? financialOf(summary);
      const voice = customerVoice(
        { prediction, cost },
        linkedTo.get(summary.customerId) ?? [],
        contributionsOf,
        referred.get(summary.customerId) ?? NO_REFERRALS,
        context,
        thresholds,
      );
      return { customerId: summary.customerId, summary, rfm: rfm(summary), prediction, cost, ...voice };
    },
    *unlinkedProfilesSteps() {
      const unlinked: ProfileValue[] = [];
      let done = 0;
      for (const profile of profiles.values()) {
        if (++done % CUSTOMER_CHUNK === 0) yield { phase: 'influence', done, total: profiles.size };
        if (linkedProfiles.has(profile.id)) continue;
        unlinked.push(profileValue(profile, contributionsOf, context, thresholds));
      }
      return unlinked;
    },
  };
}

type Financial = { prediction: Prediction; cost: CustomerValue['cost'] };

const NO_REFERRALS = { netValue: 0, customers: 0 } as const;

/** Influence and engagement of a customer whose financial value is known: the part a capture can move. */
function customerVoice(
  { cost }: Pick<CustomerValue, 'prediction' | 'cost'>,
  people: readonly InfluenceProfile[],
  contributionsOf: ReadonlyMap<string, readonly InfluenceContribution[]>,
  referred: { netValue: number; customers: number },
  context: InfluenceContext,
  thresholds: SegmentThresholds,
): Pick<CustomerValue, 'influence' | 'engagement'> {
  const contributions = people.flatMap((p) => contributionsOf.get(p.id) ?? []);
  const influence = computeInfluence(people, contributions, context);
  const ownBrandReviews = countOwnBrandReviews(people, contributions, context.isOwnBrand);
  const engagement = engagementValue(
    { financial: cost.netValue.value, influence, ownBrandReviews, referred, customer: true },
    context.settings,
    thresholds,
  );
  return { influence, engagement };
}

/** A captured person linked to no customer: influence only. */
function profileValue(
  profile: InfluenceProfile,
  contributionsOf: ReadonlyMap<string, readonly InfluenceContribution[]>,
  context: InfluenceContext,
  thresholds: SegmentThresholds,
): ProfileValue {
  const contributions = contributionsOf.get(profile.id) ?? [];
  const influence = computeInfluence([profile], contributions, context);
  const ownBrandReviews = countOwnBrandReviews([profile], contributions, context.isOwnBrand);
  const engagement = engagementValue(
    { financial: 0, influence, ownBrandReviews, referred: NO_REFERRALS, customer: false },
    context.settings,
    thresholds,
  );
  return { profileId: profile.id, influence, engagement };
}

/** What a stored run fixed for everyone: the as-of day, the settings and the segment thresholds. */
export interface RunBasis {
  asOf: string;
  settings: ValueSettingsInput;
  thresholds: ValueRun['thresholds'];
}

export interface CustomerToRevalue {
  /** The customer's value from the stored run: its financial part and referrals stand. */
  previous: CustomerValue;
  /** The profiles linked to the customer now, ordered by profile id (the order a full run reads them in). */
  profiles: readonly InfluenceProfile[];
}

/**
 * Influence and engagement of a few people again, after captures changed
 * their profiles, contributions or links, without the orders: purchases,
 * forecasts, costs and referrals depend only on orders, customers and
 * settings, so with the stored run's as-of day, settings and thresholds the
 * result is what a full run would give these people. Callers check that
 * the basis still holds (same day, same settings, no customer or order change).
 */
export function revaluePeople(
  basis: RunBasis,
  people: { customers: readonly CustomerToRevalue[]; profiles: readonly InfluenceProfile[] },
  contributions: readonly InfluenceContribution[],
): { customers: CustomerValue[]; profiles: ProfileValue[] } {
  const context = influenceContext(parseValueSettings(basis.settings), parseAsOf(basis.asOf));
  const thresholds: SegmentThresholds = { financialHigh: basis.thresholds.financialHigh.value, influenceHigh: basis.thresholds.influenceHigh };
  const contributionsOf = new Map<string, InfluenceContribution[]>();
  for (const c of contributions) {
    const list = contributionsOf.get(c.profileId);
    if (list) list.push(c);
    else contributionsOf.set(c.profileId, [c]);
  }
  const customers = people.customers.map(({ previous, profiles }) => ({
    ...previous,
    ...customerVoice(previous, profiles, contributionsOf, storedReferrals(previous), context, thresholds),
  }));
  return { customers, profiles: people.profiles.map((p) => profileValue(p, contributionsOf, context, thresholds)) };
}

/** The referrals a stored customer value was computed with (they move only with customers and orders). */
function storedReferrals(value: CustomerValue): { netValue: number; customers: number } {
  const { referredNetValue, referredCustomers } = value.engagement.referral.inputs;
  if (typeof referredNetValue !== 'number' || typeof referredCustomers !== 'number') {
    throw new ValueInputError(`the stored value of customer "${value.customerId}" does not say whom they referred; values need a full run`);
  }
  return { netValue: referredNetValue, customers: referredCustomers };
}

interface FittedModels {
  report: ModelReport;
  forecaster: BgNbdForecaster | null;
  spend: GammaGammaParams | null;
}

function* fitModels(summaries: readonly CustomerSummary[], settings: ValueSettings, asOf: string): Steps<FittedModels> {
  const buyers = summaries.filter((s) => s.purchases > 0);
  const repeatBuyers = buyers.filter((s) => s.x > 0).length;
  const report: ModelReport = { purchases: 'historical', reason: null, spend: 'historical', spendReason: null, bgnbd: null, gammaGamma: null };
  const historical = (reason: string): FittedModels => {
    report.reason = reason;
    report.spendReason = 'no purchase forecast to apply a spend model to';
    return { report, forecaster: null, spend: null };
  };
  if (buyers.length < settings.minCustomersToFit) {
    return historical(
      `only ${buyers.length} customer${buyers.length === 1 ? '' : 's'} with purchases up to ${asOf}; ` +
        `a purchase model needs at least ${settings.minCustomersToFit} (minCustomersToFit)`,
    );
  }
  if (repeatBuyers < settings.minRepeatCustomersToFit) {
    return historical(
      `only ${repeatBuyers} of ${buyers.length} customers bought more than once up to ${asOf}; ` +
        `a model of repeat buying needs at least ${settings.minRepeatCustomersToFit} repeat buyers (minRepeatCustomersToFit)`,
    );
  }

  const data = yield* prepareBgNbdSteps(
    buyers.map((s) => s.x),
    buyers.map((s) => s.tx),
    buyers.map((s) => s.T),
  );
  const fit = yield* fitBgNbdSteps(data);
  const horizonUnits = (settings.horizonMonths * DAYS_PER_MONTH) / UNIT_DAYS[settings.unit];
  report.bgnbd = {
    model: 'bgnbd',
    unit: settings.unit,
    ...fit.params,
    ll: fit.ll,
    customers: fit.customers,
    converged: fit.converged,
    iterations: fit.iterations,
    evaluations: fit.evaluations,
    message: fit.message,
  };
  const problem = bgnbdProblem(fit, horizonUnits);
  if (problem) return historical(problem);
  report.purchases = 'bgnbd';
  const forecaster = new BgNbdForecaster(fit.params);

  const spendData = yield* prepareGammaGammaSteps(
    buyers.map((s) => s.x),
    buyers.map((s) => s.m),
  );
  if (spendData.customers < settings.minRepeatCustomersToFit) {
    report.spendReason =
      `only ${spendData.customers} repeat buyers with a positive mean spend; the spend model needs at least ` +
      `${settings.minRepeatCustomersToFit} (minRepeatCustomersToFit), so each customer's own mean spend is used`;
    return { report, forecaster, spend: null };
  }
  const spendFit = yield* fitGammaGammaSteps(spendData);
  report.gammaGamma = {
    model: 'gammagamma',
    ...spendFit.params,
    ll: spendFit.ll,
    customers: spendFit.customers,
    converged: spendFit.converged,
    iterations: spendFit.iterations,
    evaluations: spendFit.evaluations,
    message: spendFit.message,
  };
  const spendProblem = gammaGammaProblem(spendFit);
  if (spendProblem) {
    report.spendReason = `${spendProblem}; each customer's own mean spend is used`;
    return { report, forecaster, spend: null };
  }
  report.spend = 'gammagamma';
  return { report, forecaster, spend: spendFit.params };
}

function financialValue(
  summary: CustomerSummary,
  settings: ValueSettings,
  fitted: FittedModels,
  horizon: { horizonMonths: number; monthlyRate: number; unit: TimeUnit },
  forecasts: Map<string, HorizonSums>,
  asOf: string,
): Financial {
  const toDate = costToDate(summary, settings.costPerOrder);
  const { forecaster } = fitted;
  if (summary.purchases === 0 || !forecaster) {
    const clv = historicalValue(settings.margin, summary.revenue);
    const reason =
      summary.purchases > 0
        ? fitted.report.reason
        : summary.orders > 0
          ? `only refunds up to ${asOf}, no purchases`
          : `no purchases up to ${asOf}`;
    return {
      prediction: {
        model: summary.purchases === 0 ? 'none' : 'historical',
        spendModel: null,
        reason,
        pAlive: null,
        expectedPurchases: null,
        expectedSpend: null,
        clv,
      },
      cost: { toDate, future: null, netValue: historicalNetValue(clv, toDate) },
    };
  }

  // Customers with the same x and T share the month-by-month sums: compute them once.
  const { x, tx, T } = summary;
  const key = `${x}|${T}`;
  let sums = forecasts.get(key);
  if (!sums) {
    sums = horizonSums(forecaster, x, T, horizon);
    forecasts.set(key, sums);
  }
  const forecast = forecastPurchases(forecaster, x, tx, T, horizon, sums);
  const pAlive = explained(forecast.pAlive, 'bgnbd.p-alive', { x, t_x: tx, T, unit: horizon.unit });
  const horizonUnits = (horizon.horizonMonths * DAYS_PER_MONTH) / UNIT_DAYS[horizon.unit];
  const expectedPurchases = explained(forecast.expected, 'bgnbd.expected', {
    x,
    t_x: tx,
    T,
    t: horizonUnits,
    unit: horizon.unit,
    horizonMonths: horizon.horizonMonths,
  });
  const expectedSpend: Explained = fitted.spend
    ? explained(conditionalExpectedSpend(fitted.spend, x, Math.max(summary.m, 0)), 'gammagamma.spend', { x, m: Math.max(summary.m, 0) })
    : explained(summary.meanPurchaseValue, 'spend.historical', { revenue: summary.revenue, purchases: summary.purchases });
  const clv = predictedClv({
    margin: settings.margin,
    expectedSpend: expectedSpend.value,
    forecast,
    horizonMonths: horizon.horizonMonths,
    monthlyRate: horizon.monthlyRate,
  });
  const future = futureCost(toDate, summary, forecast);
  return {
    prediction: {
      model: 'bgnbd',
      spendModel: fitted.spend ? 'gammagamma' : 'historical',
      reason: fitted.spend ? null : fitted.report.spendReason,
      pAlive,
      expectedPurchases,
      expectedSpend,
      clv,
    },
    cost: { toDate, future, netValue: netValue(clv, future) },
  };
}

/** Per referrer: Σ net value of the customers naming them in the referral field, and how many. */
function* referralsSteps(
  customers: readonly ValueCustomer[],
  netValue: Float64Array,
  field: string,
  indexOf: ReadonlyMap<string, number>,
): Steps<Map<string, { netValue: number; customers: number }>> {
  const wanted = field.trim().toLowerCase();
  const out = new Map<string, { netValue: number; customers: number }>();
  for (let i = 0; i < customers.length; i++) {
    if (i % 4096 === 0 && i > 0) yield { phase: 'influence', done: 0, total: null };
    const customer = customers[i]!;
    const custom = customer.custom;
    if (!custom) continue;
    let referrer = '';
    for (const key in custom) if (key.trim().toLowerCase() === wanted) referrer = (custom[key] ?? '').trim();
    const self = indexOf.get(customer.id);
    if (!referrer || referrer === customer.id || self === undefined || !indexOf.has(referrer)) continue;
    const entry = out.get(referrer) ?? { netValue: 0, customers: 0 };
    entry.netValue += netValue[self]!;
    entry.customers += 1;
    out.set(referrer, entry);
  }
  return out;
}
