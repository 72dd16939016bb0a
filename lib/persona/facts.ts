/**
 * Per customer, the facts personas, segment values, retention and offers
 * read: lifted once out of the value run (lib/value's CustomerValue), the
 * CRM record (place, custom columns) and the captured people linked to the
 * customer (platforms, followers, what they wrote). Nothing here models;
 * it only gathers and names.
 */
import type { Contribution, Customer, Platform, Profile } from '../model';
import { readNumber } from '../crm/numbers';
import { BgNbdForecaster } from '../value/bgnbd';
import { DAYS_PER_MONTH } from '../value/clv';
import { UNIT_DAYS } from '../value/summary';
import type { CustomerValue, EngagementSegment, RfmSegment, ValueRun } from '../value/types';
import type { Steps } from '../value/schedule';
import { ACQUISITION_COST_COLUMN, CHANNEL_COLUMN, customValue, LANGUAGE_COLUMNS, regionOf, RETENTION_SPEND_COLUMN } from './regions';
import type { PersonaSettings } from './settings';
import { mainTopic, topicMatcher, writtenLanguage, type TopicMatcher, type WrittenLanguage } from './text';

export type PersonaCustomer = Pick<Customer, 'id' | 'city' | 'country' | 'custom'>;
export type PersonaProfile = Pick<Profile, 'id' | 'platform' | 'followers' | 'bio'>;
export type PersonaContribution = Pick<Contribution, 'profileId' | 'text' | 'rating' | 'aboutOwnBrand'>;

/** The value run as personas read it: its customers, its day, its settings and the fitted purchase model. */
export type PersonaValueRun = Pick<ValueRun, 'asOf' | 'unit' | 'settings' | 'models' | 'customers'>;

export interface PersonaInput {
  run: PersonaValueRun;
  customers: readonly PersonaCustomer[];
  /** Captured profiles; the run says which belong to which customer. */
  profiles: readonly PersonaProfile[];
  contributions: readonly PersonaContribution[];
}

export interface RatingFact {
  platform: Platform;
  rating: number;
}

export interface CustomerFacts {
  id: string;
  segment: EngagementSegment;
  rfm: RfmSegment | null;
  purchases: number;
  revenue: number;
  /** Cost to serve so far. */
  costToDate: number;
  meanBasket: number;
  clv: number;
  netValue: number;
  engagement: number;
  influence: number;
  influenceValue: number;
  detractor: boolean;
  /** Null without a fitted purchase model (historical values) or without purchases. */
  pAlive: number | null;
  /** Purchases expected per year from now, if the customer stays; null without a model. */
  ratePerYear: number | null;
  /** Purchases per year so far (over at least a year of tenure). */
  pastRatePerYear: number;
  daysSinceLastPurchase: number | null;
  /** Bought before the year up to the as-of day, and within it. */
  olderThanYear: boolean;
  boughtLastYear: boolean;
  /**
   * The chance of buying again within a year, 1 − e^(−E[Y(1 year)]) with E[Y] the BG/NBD forecast (a
   * Poisson reading of it): the yearly retention of a non-contractual customer. Null without a model.
   */
  stayChance: number | null;
  /** P(alive) fell by at least the settings' drop over the last atRiskDays without a purchase; null without a model. */
  atRisk: boolean | null;
  /** Net margin a year while the customer stays (margin on spend minus cost to serve), see yearlyMargin. */
  yearlyMargin: number;
  /** Margin on one order after its cost to serve: what a discount may not exceed. */
  marginPerOrder: number;
  /** Mean spend of one future order (the model's, or the customer's own mean). */
  orderValue: number;
  followers: number;
  /** Linked profiles' platforms, the one with most followers first. */
  platforms: Platform[];
  profiles: number;
  ratings: RatingFact[];
  ownBrandRating: number | null;
  texts: string[];
  country: string | null;
  region: string | null;
  language: string | null;
  topic: string | null;
  channel: string | null;
  acquisitionCost: number | null;
  retentionSpend: number | null;
}

/** A custom column that should hold an amount but does not: named so the user can fix the export. */
export interface FactProblem {
  customerId: string;
  field: string;
  value: string;
  message: string;
}

/** Customers between two chances to yield: one with many reviews takes a while to read. */
const CHUNK = 128;

/** Gather every customer's facts; custom amounts that do not read as numbers are reported, not guessed. */
export function* gatherFactsSteps(input: PersonaInput, settings: PersonaSettings): Steps<{ facts: CustomerFacts[]; problems: FactProblem[] }> {
  const { run } = input;
  const unitDays = UNIT_DAYS[run.unit];
  const horizonYears = (run.settings.horizonMonths * DAYS_PER_MONTH) / 365.25;
  const forecaster = run.models.purchases === 'bgnbd' && run.models.bgnbd ? new BgNbdForecaster(run.models.bgnbd) : null;
  const window = settings.atRiskDays / unitDays;
  const records = new Map<string, PersonaCustomer>();
  for (let i = 0; i < input.customers.length; i++) {
    if (i % (8 * CHUNK) === 0 && i > 0) yield { phase: 'personas', done: i, total: input.customers.length };
    records.set(input.customers[i]!.id, input.customers[i]!);
  }
  const profiles = new Map(input.profiles.map((p) => [p.id, p]));
  const contributionsOf = new Map<string, PersonaContribution[]>();
  for (const c of input.contributions) {
    const list = contributionsOf.get(c.profileId);
    if (list) list.push(c);
    else contributionsOf.set(c.profileId, [c]);
  }
  const topics = topicMatcher(settings.topics);
  const problems: FactProblem[] = [];
  const amount = (customerId: string, custom: Readonly<Record<string, string>> | undefined, field: string): number | null => {
    const text = customValue(custom, [field]);
    if (!text) return null;
    const value = readAmount(text);
    if (value === null) problems.push({ customerId, field, value: text.slice(0, 60), message: `${field} "${text.slice(0, 60)}" is not an amount` });
    return value;
  };

  const facts: CustomerFacts[] = [];
  const context: FinancialContext = { forecaster, window, unitDays, horizonYears, margin: run.settings.margin, costPerOrder: run.settings.costPerOrder, drop: settings.atRiskDrop, yearForecasts: new Map() };
  // Most customers share a city and have no custom region: the region is looked up once per place.
  const regions = new Map<string, string | null>();
  for (let i = 0; i < run.customers.length; i++) {
    if (i % CHUNK === 0 && i > 0) yield { phase: 'personas', done: i, total: run.customers.length };
    const value = run.customers[i]!;
    const record = records.get(value.customerId);
    const custom = record?.custom;
    const hasCustom = custom !== undefined && Object.keys(custom).length > 0;
    let region: string | null = null;
    if (record) {
      const place = `${record.city ?? ''}|${record.country ?? ''}`;
      if (hasCustom) region = regionOf(record);
      else if (regions.has(place)) region = regions.get(place)!;
      else regions.set(place, (region = regionOf(record)));
    }
    const voice = value.influence.profileIds.length > 0 ? voiceOf(value.influence.profileIds, profiles, contributionsOf, topics) : SILENT;
    facts.push(
      factsOf(value, context, voice, {
        country: record?.country?.trim().toUpperCase() || null,
        region,
        language: (hasCustom ? languageOf(customValue(custom, LANGUAGE_COLUMNS)) : null) ?? voice.language,
        channel: hasCustom ? customValue(custom, [CHANNEL_COLUMN]).toLowerCase() || null : null,
        acquisitionCost: hasCustom ? amount(value.customerId, custom, ACQUISITION_COST_COLUMN) : null,
        retentionSpend: hasCustom ? amount(value.customerId, custom, RETENTION_SPEND_COLUMN) : null,
      }),
    );
  }
  return { facts, problems };
}

/** What a customer's linked profiles show and what they wrote. */
interface Voice {
  platforms: Platform[];
  profiles: number;
  ratings: RatingFact[];
  ownBrandRating: number | null;
  texts: string[];
  language: string | null;
  topic: string | null;
}

const SILENT: Voice = { platforms: [], profiles: 0, ratings: [], ownBrandRating: null, texts: [], language: null, topic: null };

function voiceOf(profileIds: readonly string[], profiles: ReadonlyMap<string, PersonaProfile>, contributionsOf: ReadonlyMap<string, readonly PersonaContribution[]>, topics: TopicMatcher): Voice {
  const own = profileIds.flatMap((id) => profiles.get(id) ?? []);
  const texts: string[] = own.flatMap((p) => (p.bio ? [p.bio] : []));
  const ratings: RatingFact[] = [];
  const ownRatings: number[] = [];
  for (const p of own) {
    for (const c of contributionsOf.get(p.id) ?? []) {
      if (c.text) texts.push(c.text);
      if (c.rating === undefined) continue;
      ratings.push({ platform: p.platform, rating: c.rating });
      if (c.aboutOwnBrand) ownRatings.push(c.rating);
    }
  }
  return {
    platforms: [...own].sort((a, b) => (b.followers ?? 0) - (a.followers ?? 0) || (a.id < b.id ? -1 : 1)).map((p) => p.platform),
    profiles: own.length,
    ratings,
    ownBrandRating: ownRatings.length > 0 ? ownRatings.reduce((s, r) => s + r, 0) / ownRatings.length : null,
    texts,
    language: writtenLanguage(texts),
    topic: mainTopic(texts, topics),
  };
}

interface FinancialContext {
  forecaster: BgNbdForecaster | null;
  /** The at-risk window in the run's time unit. */
  window: number;
  unitDays: number;
  horizonYears: number;
  margin: number;
  costPerOrder: number;
  drop: number;
  /** Expected purchases of the next year if alive, by x and T: customers with the same history share them. */
  yearForecasts: Map<string, number>;
}

type Place = Pick<CustomerFacts, 'country' | 'region' | 'language' | 'channel' | 'acquisitionCost' | 'retentionSpend'>;

/** One customer's facts, built as one object literal (one shape for all: the later passes read them 100,000 times). */
function factsOf(value: CustomerValue, context: FinancialContext, voice: Voice, place: Place): CustomerFacts {
  const { summary, prediction, cost, engagement, influence } = value;
  const tenureYears = (summary.T * context.unitDays) / 365.25;
  const pastRatePerYear = summary.purchases / Math.max(1, tenureYears);
  const pAlive = prediction.pAlive?.value ?? null;
  const expected = prediction.expectedPurchases?.value ?? null;
  const ratePerYear = expected !== null && pAlive !== null && pAlive > 0 ? expected / pAlive / context.horizonYears : null;
  const orderValue = prediction.expectedSpend?.value ?? summary.meanPurchaseValue;
  const costPerPurchase = summary.purchases > 0 ? cost.toDate.value / summary.purchases : context.costPerOrder;
  const marginPerOrder = context.margin * orderValue - costPerPurchase;
  return {
    id: value.customerId,
    segment: engagement.segment,
    rfm: value.rfm?.segment ?? null,
    purchases: summary.purchases,
    revenue: summary.revenue,
    costToDate: cost.toDate.value,
    meanBasket: summary.meanPurchaseValue,
    clv: prediction.clv.value,
    netValue: cost.netValue.value,
    engagement: engagement.value.value,
    influence: influence.score.value,
    influenceValue: engagement.influence.value,
    detractor: influence.detractor,
    pAlive,
    ratePerYear,
    pastRatePerYear,
    daysSinceLastPurchase: summary.daysSinceLastPurchase,
    olderThanYear: summary.firstPurchase !== null && summary.T * context.unitDays >= 365,
    boughtLastYear: summary.daysSinceLastPurchase !== null && summary.daysSinceLastPurchase < 365,
    stayChance: context.forecaster && summary.purchases > 0 && pAlive !== null ? -Math.expm1(-yearForecast(context, summary.x, summary.T) * pAlive) : null,
    atRisk: context.forecaster && summary.purchases > 0 ? pAliveFell(context, summary) : null,
    yearlyMargin: summary.purchases > 0 ? marginPerOrder * (ratePerYear ?? pastRatePerYear) : 0,
    marginPerOrder,
    orderValue,
    followers: influence.reachFollowers,
    platforms: voice.platforms,
    profiles: voice.profiles,
    ratings: voice.ratings,
    ownBrandRating: voice.ownBrandRating,
    texts: voice.texts,
    country: place.country,
    region: place.region,
    language: place.language,
    topic: voice.topic,
    channel: place.channel,
    acquisitionCost: place.acquisitionCost,
    retentionSpend: place.retentionSpend,
  };
}

/**
 * At risk: no purchase in the window and P(alive) lower now than at its start
 * by at least `drop`. BG/NBD keeps a one-time buyer's P(alive) at 1 (dropping
 * out happens only after a purchase), so for them the expected purchases of
 * the next year stand in: they fall as the silence lengthens, and the same
 * relative `drop` marks the risk.
 */
function pAliveFell(context: FinancialContext, s: CustomerValue['summary']): boolean {
  const forecaster = context.forecaster!;
  const { window } = context;
  if (s.T - s.tx < window || s.T < window) return false;
  const then = s.T - window;
  if (s.x > 0) return forecaster.pAlive(s.x, s.tx, then) - forecaster.pAlive(s.x, s.tx, s.T) >= context.drop;
  const before = yearForecast(context, 0, then);
  return before > 0 && (before - yearForecast(context, 0, s.T)) / before >= context.drop;
}

/** E[Y(1 year) | alive, x, T], computed once per history. */
function yearForecast(context: FinancialContext, x: number, T: number): number {
  const key = `${x}|${T}`;
  let e = context.yearForecasts.get(key);
  if (e === undefined) context.yearForecasts.set(key, (e = context.forecaster!.expectedIfAlive(365.25 / context.unitDays, x, T)));
  return e;
}

/**
 * An amount from a custom column, read with either decimal mark as the importer reads numbers
 * (12.50, 12,50, 1.234,50, 1,234.50, a currency sign around it); null when it is no amount or could
 * be two ("1,234": 1234 or 1.234), so a wrong guess never enters the figures.
 */
export function readAmount(text: string): number | null {
  const t = text.replace(/^[€$£]\s*|\s*(eur|usd|gbp|€)$/i, '').replace(/\s/g, '');
  const dot = readNumber(t, '.');
  const comma = readNumber(t, ',');
  const value = dot === null ? comma : comma === null || comma === dot ? dot : null;
  return value !== null && Number.isFinite(value) && value >= 0 ? value : null;
}

const LANGUAGE_NAMES: Record<string, WrittenLanguage> = {
  en: 'en', eng: 'en', english: 'en', engels: 'en', английский: 'en',
  nl: 'nl', nld: 'nl', dut: 'nl', dutch: 'nl', nederlands: 'nl', vlaams: 'nl', голландский: 'nl', нидерландский: 'nl',
  ru: 'ru', rus: 'ru', russian: 'ru', russisch: 'ru', русский: 'ru',
};

/** A CRM's language value as a code: "nl-NL", "Nederlands", "Русский" → nl, ru; other languages as their lower-case code. */
export function languageOf(value: string): string | null {
  const v = value.trim().toLowerCase();
  if (!v) return null;
  const base = v.split(/[-_]/)[0]!;
  return LANGUAGE_NAMES[v] ?? LANGUAGE_NAMES[base] ?? (/^[a-z]{2,3}$/.test(base) ? base : v.slice(0, 20));
}
