/**
 * The value computations' engine, shared by the extension's
 * service worker (computeValuesAsync: runs in time slices, never blocking
 * for long) and the command line and benchmarks (computeValues: straight
 * through). Both run the same generator, so they give identical results.
 *
 * From the customers, their orders, the captured profiles and contributions
 * and the matches between them, for an as-of day:
 *  1. per-customer purchase history (summary.ts);
 *  2. a purchase model (BG/NBD, MBG/NBD or Pareto/NBD, chosen by held-back
 *     error) and a spend model (Gamma-Gamma, or a shrunk own mean when its
 *     assumption fails) fitted on the customers with purchases, or an honest
 *     fallback to historical value when the data are too thin or the fits
 *     fail (run-models.ts; the reason is in models.reason and models.refusal);
 *  3. per customer: RFM, P(alive), expected purchases and spend, CLV with its
 *     80% range, cost to serve and net value (financial.ts), influence across
 *     the linked profiles, engagement value and segment;
 *  4. per captured profile not linked to a customer: influence and segment.
 */
import { isLinked, type Match } from '../model';
import { monthlyDiscountRate, type HorizonSums } from './clv';
import { engagementValue, financialThreshold, type SegmentThresholds } from './engagement';
import { ValueInputError } from './errors';
import { financialValue } from './financial';
import {
  computeInfluence,
  countOwnBrandReviews,
  influenceContext,
  type InfluenceContext,
  type InfluenceContribution,
  type InfluenceProfile,
} from './influence';
import { countRangesSteps } from './ranges';
import { rfmScoresSteps } from './rfm';
import { fitRunModelsSteps, horizonUnits, type RunModelsOptions } from './run-models';
import { runSteps, runStepsAsync, type AsyncRunOptions, type Steps } from './schedule';
import { parseValueSettings, type ValueSettingsInput } from './settings';
import { parseAsOf, summariseSteps, type SummaryOrder } from './summary';
import type { Orders } from './order-columns';
import type { CustomerValue, ProfileValue, ValueRun } from './types';


/** A customer as the value code reads it; the stored Customer fits. */
export interface ValueCustomer {
  id: string;
  /** Extra CRM columns; the referral field is read from here. */
  custom?: Readonly<Record<string, string>>;
}

export type ValueOrder = SummaryOrder;
export type ValueMatch = Pick<Match, 'profileId' | 'customerId' | 'status'>;
export type { InfluenceContribution, InfluenceProfile };

/** Orders: an array of them by default; columns where there are millions (order-columns.ts). */
export interface ValueInput<O extends Orders = readonly ValueOrder[]> {
  customers: readonly ValueCustomer[];
  orders: O;
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
export function computeValues(input: ValueInput, settings: ValueSettingsInput, asOf: string, options?: RunModelsOptions): ValueRun {
  return runSteps(computeValuesSteps(input, settings, asOf, options));
}

/** Compute everything in time slices, yielding to the event loop between them (the service worker). */
export function computeValuesAsync(
  input: ValueInput,
  settings: ValueSettingsInput,
  asOf: string,
  options?: AsyncRunOptions & RunModelsOptions,
): Promise<ValueRun> {
  return runStepsAsync(computeValuesSteps(input, settings, asOf, options), options);
}

export function* computeValuesSteps(input: ValueInput, settingsInput: ValueSettingsInput, asOf: string, options: RunModelsOptions = {}): Steps<ValueRun> {
  return yield* valueRunSteps(yield* valueBasisSteps(input, settingsInput, asOf, options));
}

/** Every customer's and profile's value, held together: the run the extension stores. */
export function* valueRunSteps(basis: ValueBasis): Steps<ValueRun> {
  const customers: CustomerValue[] = [];
  for (let i = 0; i < basis.count; i++) {
    if (i % CUSTOMER_CHUNK === 0 && i > 0) yield { phase: 'influence', done: i, total: basis.count };
    customers.push(basis.customer(i));
  }
  const profiles = yield* basis.unlinkedProfiles();
  const { excluded, ...run } = basis.run;
  // The run's fields in the order they have always had (stored runs are compared as JSON).
  return { ...run, customers, profiles, excluded };
}

/**
 * What every customer's value depends on, computed over the whole base (the models, RFM quintiles, the
 * threshold of a high net value, referrals), and each customer's value when asked for. A caller that
 * writes customers out one by one (`earshot value`) holds one customer's value at a time instead of all
 * of them: their explained figures are most of a run's memory.
 */
export interface ValueBasis {
  /** The run without its customers and profiles. */
  run: Omit<ValueRun, 'customers' | 'profiles'>;
  /** How many customers are valued: customer(0) to customer(count - 1), in the customer list's order. */
  count: number;
  /** The value of one customer: what computeValues gives as customers[i]. */
  customer(i: number): CustomerValue;
  /** The captured people linked to no customer: influence only. */
  unlinkedProfiles(): Steps<ProfileValue[]>;
}

export function* valueBasisSteps(input: ValueInput<Orders>, settingsInput: ValueSettingsInput, asOf: string, options: RunModelsOptions = {}): Steps<ValueBasis> {
  const settings = parseValueSettings(settingsInput);
  const unit = settings.unit;
  const asOfDay = parseAsOf(asOf);

  const { customers: summaries, excluded } = yield* summariseSteps(input.orders, {
    asOf,
    unit,
    currency: settings.currency,
    exchangeRates: settings.exchangeRates,
    customerIds: input.customers.map((c) => c.id),
  });

  const customerIds = input.customers.map((c) => c.id);
  const models = yield* fitRunModelsSteps({ orders: input.orders, customerIds }, summaries, settings, asOf, options);
  const rfm = yield* rfmScoresSteps(summaries);
  const ranges = models.chosen ? yield* countRangesSteps(models.draws, summaries, horizonUnits(settings)) : null;

  // Financial value per customer: only the net value is kept (thresholds, referrals); customer(i) computes it again.
  const horizon = { horizonMonths: settings.horizonMonths, monthlyRate: monthlyDiscountRate(settings.discountRate), unit };
  const forecasts = new Map<string, HorizonSums>();
  const financialOf = (i: number) => {
    const purchases = ranges && !Number.isNaN(ranges.low[i]!) ? { low: ranges.low[i]!, high: ranges.high[i]! } : null;
    return financialValue(summaries[i]!, settings, models, horizon, forecasts, asOf, purchases);
  };
  const netValueOf = new Float64Array(summaries.length);
  const netValues: number[] = [];
  const indexOf = new Map<string, number>();
  for (let i = 0; i < summaries.length; i++) {
    if (i % CUSTOMER_CHUNK === 0 && i > 0) yield { phase: 'customers', done: i, total: summaries.length };
    const summary = summaries[i]!;
    netValueOf[i] = financialOf(i).cost.netValue.value;
    indexOf.set(summary.customerId, i);
    if (summary.purchases > 0) netValues.push(netValueOf[i]!);
  }

  // Thresholds over the base, and referrals.
  const financialHigh = financialThreshold(netValues, settings.financialHighQuantile);
  const thresholds: SegmentThresholds = { financialHigh: financialHigh.value, influenceHigh: settings.influenceHighScore };
  const referred = yield* referralsSteps(input.customers, netValueOf, settings.referralField, indexOf);

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
  const context = influenceContext(settings, asOfDay);
  yield { phase: 'influence', done: 0, total: summaries.length };

  const customer = (i: number): CustomerValue => {
    const summary = summaries[i]!;
    const { prediction, cost } = financialOf(i);
    const voice = customerVoice(
      { prediction, cost },
      linkedTo.get(summary.customerId) ?? [],
      contributionsOf,
      referred.get(summary.customerId) ?? NO_REFERRALS,
      context,
      thresholds,
    );
    return { customerId: summary.customerId, summary, rfm: rfm[i]!, prediction, cost, ...voice };
  };

  function* unlinkedProfiles(): Steps<ProfileValue[]> {
    const unlinked: ProfileValue[] = [];
    let done = 0;
    for (const profile of profiles.values()) {
      if (++done % CUSTOMER_CHUNK === 0) yield { phase: 'influence', done, total: profiles.size };
      if (linkedProfiles.has(profile.id)) continue;
      unlinked.push(profileValue(profile, contributionsOf, context, thresholds));
    }
    return unlinked;
  }

  return {
    run: { asOf, unit, settings, models: models.report, thresholds: { financialHigh, influenceHigh: settings.influenceHighScore }, excluded },
    count: summaries.length,
    customer,
    unlinkedProfiles,
  };
}

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
    { financial: cost.netValue.value, financialRange: cost.netValueRange, influence, ownBrandReviews, referred, customer: true },
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

/** Per referrer: Σ net value of the customers naming them in the referral field, and how many. */
function* referralsSteps(
  customers: readonly ValueCustomer[],
  netValueOf: Float64Array,
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
    entry.netValue += netValueOf[self]!;
    entry.customers += 1;
    out.set(referrer, entry);
  }
  return out;
}
