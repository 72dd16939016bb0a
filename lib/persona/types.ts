/**
 * What a persona run produces, as zod schemas: the service worker stores it
 * in IndexedDB (lib/db/personas.ts) and the pages and the command line read
 * it back, so it is checked at that boundary like every stored record.
 */
import { z } from '../zod';
import { Platform } from '../model';
import { CATEGORICAL_FEATURES, NUMERIC_FEATURES } from './features';

export const IsoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date such as 2026-11-01');

export const PERSONA_ID = /^P\d{1,4}$/;
export const PersonaId = z.string().regex(PERSONA_ID, 'a persona id is P and a number, e.g. P3');

export const Trait = z.discriminatedUnion('kind', [
  /** The persona's centre is at least half a standard deviation from everyone's mean on a numeric feature. */
  z.object({ kind: z.literal('numeric'), feature: z.enum(NUMERIC_FEATURES), direction: z.enum(['high', 'low']), z: z.number() }),
  /** Most of the persona shares a value that is at least 1.5 times as common in it as among all customers. */
  z.object({ kind: z.literal('category'), feature: z.enum(CATEGORICAL_FEATURES), value: z.string(), share: z.number(), lift: z.number() }),
  /** The persona's customers are worth less than nothing on average (net value after cost to serve). */
  z.object({ kind: z.literal('negative-value') }),
]);
export type Trait = z.infer<typeof Trait>;

/** Sum, mean and the 10th and 90th percentile of a figure over a group's customers. */
export const Spread = z.object({ sum: z.number(), mean: z.number(), p10: z.number(), p90: z.number() });
export type Spread = z.infer<typeof Spread>;

export const PARAMETER_SOURCES = ['model', 'data', 'fitted', 'calibrated', 'base', 'settings', 'assumption'] as const;
export const ParameterSource = z.enum(PARAMETER_SOURCES);
export type ParameterSource = z.infer<typeof ParameterSource>;

export const CurvePoint = z.object({ spend: z.number(), value: z.number() });

/** Blattberg & Deighton's retention economics of one group, with where every parameter came from. */
export const RetentionPlan = z.object({
  customers: z.number().int().nonnegative(),
  /** Net margin a year of a customer who stays (mean over the group's buyers). */
  margin: z.number(),
  observedRate: z.number(),
  observedRateSource: ParameterSource,
  /** Customers older than a year the observed rate was measured on. */
  observedOn: z.number().int().nonnegative(),
  currentSpend: z.number(),
  currentSpendSource: ParameterSource,
  ceiling: z.number(),
  ceilingSource: ParameterSource,
  k: z.number(),
  kSource: ParameterSource,
  discountRate: z.number(),
  horizonYears: z.number(),
  current: z.object({ spend: z.number(), rate: z.number(), value: z.number() }),
  optimum: z.object({ spend: z.number(), rate: z.number(), value: z.number() }),
  /** Value gained per customer by moving from today's spend to the optimum, and for the whole group. */
  gainPerCustomer: z.number(),
  gain: z.number(),
  curve: z.array(CurvePoint),
  note: z.string().nullable(),
});
export type RetentionPlan = z.infer<typeof RetentionPlan>;

export const GROUPINGS = ['segment', 'persona', 'rfm'] as const;
export const Grouping = z.enum(GROUPINGS);
export type Grouping = z.infer<typeof Grouping>;

export const GroupShare = z.object({ group: z.string(), customers: z.number().int(), share: z.number() });
export type GroupShare = z.infer<typeof GroupShare>;

export const GroupValue = z.object({
  by: Grouping,
  group: z.string(),
  customers: z.number().int().nonnegative(),
  /** Predicted lifetime value (or historical value where no model was fitted). */
  clv: Spread,
  netValue: z.number(),
  /** Cost to serve so far, summed. */
  costToServe: z.number(),
  /** Mean influence score. */
  influence: z.number(),
  /** Customer engagement value, summed. */
  engagement: z.number(),
  /** Share of the customers whose P(alive) is falling (null without a fitted purchase model). */
  atRisk: z.number().nullable(),
  /** For a segment or RFM group: the personas in it; for a persona: its engagement segments. */
  contains: z.array(GroupShare),
  retention: RetentionPlan.nullable(),
});
export type GroupValue = z.infer<typeof GroupValue>;

export const OFFER_KINDS = ['creator-gift', 'ambassador', 'loyalty', 'discount', 'free-shipping', 'none'] as const;
export const OfferKind = z.enum(OFFER_KINDS);
export type OfferKind = z.infer<typeof OfferKind>;

export const OFFER_REASONS = [
  'creator-in-audience',
  'influential-and-positive',
  'frequent-buyer',
  'discount-pays',
  'at-risk-discount-pays',
  'threshold-pays',
  'no-purchases',
  'negative-margin',
  'no-gain',
] as const;
export const OfferReason = z.enum(OFFER_REASONS);
export type OfferReason = z.infer<typeof OfferReason>;

export const Offer = z.object({
  kind: OfferKind,
  /** The discount as a share of one order (discount offers). */
  level: z.number().optional(),
  /** The order value from which shipping is free (free-shipping offers). */
  threshold: z.number().optional(),
  /** What the offer costs the shop a year (a gift: once). */
  cost: z.number(),
  /** Expected gain over the horizon after the offer's cost; 0 for none. */
  gain: z.number(),
  reason: OfferReason,
  /** The figures the rule looked at, for the reason in words. */
  facts: z.record(z.string(), z.union([z.number(), z.string(), z.boolean(), z.null()])),
});
export type Offer = z.infer<typeof Offer>;

/** Where a persona's centre lies, in the data's own units: what the next run starts from. */
export const Centre = z.object({
  id: PersonaId,
  num: z.array(z.number()).length(NUMERIC_FEATURES.length),
  cat: z.array(z.string()).length(CATEGORICAL_FEATURES.length),
});
export type Centre = z.infer<typeof Centre>;

export const Persona = z.object({
  id: PersonaId,
  /** The name made from the traits (English; the workspace words it in the user's language). */
  autoName: z.string(),
  traits: z.array(Trait),
  customers: z.number().int().nonnegative(),
  /** Captured people linked to the persona's customers. */
  people: z.number().int().nonnegative(),
  clv: Spread,
  netValue: Spread,
  /** Customers with a linked profile per platform, most first. */
  channels: z.array(z.object({ platform: Platform, customers: z.number().int() })),
  words: z.array(z.object({ word: z.string(), count: z.number().int() })),
  ratings: z.array(z.object({ platform: Platform, mean: z.number(), count: z.number().int() })),
  offers: z.array(z.object({ kind: OfferKind, customers: z.number().int(), gain: z.number() })),
  centre: Centre,
  /** The first day this persona was found (it keeps its id, name and tags from then on). */
  since: IsoDay,
});
export type Persona = z.infer<typeof Persona>;

export const KScore = z.object({ k: z.number().int(), silhouette: z.number(), smallestShare: z.number(), eligible: z.boolean() });

export const PersonaMethod = z.object({
  k: z.number().int(),
  customers: z.number().int(),
  sample: z.number().int(),
  silhouetteSample: z.number().int(),
  scores: z.array(KScore),
  choice: z.enum(['first', 'kept', 'switched']),
  silhouette: z.number(),
  iterations: z.number().int(),
  converged: z.boolean(),
  cost: z.number(),
});
export type PersonaMethod = z.infer<typeof PersonaMethod>;

export const AcquisitionPlan = z.object({
  channel: z.string(),
  customers: z.number().int(),
  /** Mean acquisition cost per customer the CRM gives. */
  costPerCustomer: z.number(),
  /** Mean lifetime net value of the channel's customers: earned so far plus predicted. */
  valuePerCustomer: z.number(),
  currentRate: z.number(),
  ceiling: z.number(),
  /** Spend per prospect now (cost per customer × current rate), and B&D's k calibrated on it. */
  currentSpend: z.number(),
  k: z.number(),
  /** Profit per prospect today and at the optimal spend per prospect. */
  current: z.object({ spend: z.number(), rate: z.number(), value: z.number() }),
  optimum: z.object({ spend: z.number(), rate: z.number(), value: z.number() }),
  /** The optimum as a cost per acquired customer. */
  optimalCostPerCustomer: z.number(),
  curve: z.array(CurvePoint),
});
export type AcquisitionPlan = z.infer<typeof AcquisitionPlan>;

export const FactProblem = z.object({ customerId: z.string(), field: z.string(), value: z.string(), message: z.string() });

export const PersonaRunRecord = z.object({
  asOf: IsoDay,
  computedAt: z.number(),
  currency: z.string(),
  method: PersonaMethod,
  personas: z.array(Persona),
  /** Ids given so far: a new persona gets the next one, a retired id is never reused. */
  lastId: z.number().int().nonnegative(),
  retired: z.array(z.object({ id: PersonaId, autoName: z.string() })),
  groups: z.object({ segment: z.array(GroupValue), persona: z.array(GroupValue), rfm: z.array(GroupValue) }),
  acquisition: z.array(AcquisitionPlan),
  /** Why there is no acquisition plan, when there is none. */
  acquisitionNote: z.string().nullable(),
  offers: z.array(z.object({ kind: OfferKind, customers: z.number().int(), gain: z.number() })),
  /** Custom amounts that could not be read (the first few), and how many there were. */
  problems: z.array(FactProblem),
  problemCount: z.number().int().nonnegative(),
});
export type PersonaRunRecord = z.infer<typeof PersonaRunRecord>;

/** One customer's persona and offer. */
export const PersonaMember = z.object({
  personRef: z.string(),
  persona: PersonaId,
  atRisk: z.boolean().nullable(),
  offer: Offer,
});
export type PersonaMember = z.infer<typeof PersonaMember>;

/** What a person gave a persona: a name of their own and tags (kept across runs by the persona's id). */
export const PersonaEdit = z.object({
  name: z.string().trim().max(80),
  tags: z.array(z.string().trim().min(1).max(40)).max(20),
});
export type PersonaEdit = z.infer<typeof PersonaEdit>;
export const PersonaEdits = z.record(PersonaId, PersonaEdit);
export type PersonaEdits = z.infer<typeof PersonaEdits>;
