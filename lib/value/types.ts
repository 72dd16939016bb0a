/**
 * The results of the value computations, as zod schemas: the service worker
 * stores them in IndexedDB and the pages read them back, so they are checked
 * at that boundary like every stored record.
 *
 * Every derived number is an `Explained`: its value, the id of its formula and
 * the inputs that went into it, so a page can show "the formula behind each
 * number". The formula's text lives once in FORMULAS (not in every stored
 * record: 100,000 customers would carry 100,000 copies); the fitted model
 * parameters (r, α, a, b, p, q, v) live once in the run's `models`.
 */
import { z } from '../zod';
import { Platform } from '../model';
import { ValueSettings } from './settings';

export const TIME_UNITS = ['days', 'weeks'] as const;
export const TimeUnit = z.enum(TIME_UNITS);
export type TimeUnit = z.infer<typeof TimeUnit>;

/** A calendar day, YYYY-MM-DD. */
export const IsoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date such as 2024-07-06');

/** The formulas behind the numbers: text as a page shows it, and what the number means. */
export const FORMULAS = {
  'rfm.recency': {
    text: 'R = min(5, 1 + ⌊5 · p⌋), p = (customers whose last purchase is older + half of those on the same day) / customers',
    means: 'recency score 1-5 by quintile: 5 = bought most recently',
  },
  'rfm.frequency': {
    text: 'F = min(5, 1 + ⌊5 · p⌋), p = (customers with fewer purchase days + half of those with as many) / customers',
    means: 'frequency score 1-5 by quintile of purchase days (same-day orders count once)',
  },
  'rfm.monetary': {
    text: 'M = min(5, 1 + ⌊5 · p⌋), p = (customers with a lower mean spend + half of those with the same) / customers',
    means: 'monetary score 1-5 by quintile of mean spend per purchase day',
  },
  'bgnbd.p-alive': {
    text: 'P(alive) = 1 / (1 + [x>0] · (a/(b+x−1)) · ((α+T)/(α+t_x))^(r+x))',
    means: 'probability that the customer has not dropped out (BG/NBD)',
  },
  'bgnbd.expected': {
    text: 'E[Y(t) | x, t_x, T] = ((a+b+x−1)/(a−1)) · (1 − ((α+T)/(α+T+t))^(r+x) · 2F1(r+x, b+x; a+b+x−1; t/(α+T+t))) / (1 + [x>0] · (a/(b+x−1)) · ((α+T)/(α+t_x))^(r+x))',
    means: 'expected purchases over the horizon (BG/NBD)',
  },
  'gammagamma.spend': {
    text: 'E[M | x, m] = (p·x·m + (q−1)·(v·p/(q−1))) / (p·x + q − 1)',
    means: 'expected spend per future purchase (Gamma-Gamma): between the customer\'s own mean m and the population mean v·p/(q−1)',
  },
  'spend.historical': {
    text: 'spend = revenue to date / purchase days',
    means: 'expected spend per purchase taken from the customer\'s own history (no spend model)',
  },
  'clv.predicted': {
    text: 'CLV = Σ_{i=1..H} margin · E[M] · (E[N(i)] − E[N(i−1)]) / (1+d)^i, d = (1 + yearly discount rate)^(1/12) − 1',
    means: 'predicted customer lifetime value over the next H months, discounted, as margin',
  },
  'clv.historical': {
    text: 'value = margin · revenue to date',
    means: 'historical value: margin earned so far; no forecast (see the reason)',
  },
  'cost.to-date': {
    text: 'cost to serve = Σ orders\' cost_to_serve + cost per order · orders',
    means: 'returns, support, shipping and discounts so far',
  },
  'cost.future': {
    text: 'future cost = (cost to serve to date / purchase days) · Σ_{i=1..H} (E[N(i)] − E[N(i−1)]) / (1+d)^i',
    means: 'expected cost to serve of the predicted purchases, discounted like the CLV',
  },
  'value.net': {
    text: 'net value = CLV − future cost to serve',
    means: 'what the customer is expected to be worth after serving them; can be negative',
  },
  'value.net-historical': {
    text: 'net value = margin · revenue to date − cost to serve to date',
    means: 'what the customer has been worth after serving them; can be negative',
  },
  'influence.reach': {
    text: 'reach = f₁ + Σ_{k≥2} f_k · s^(k−1) (followers per profile, largest first); score = 100 · min(1, log10(1 + reach) / log10(1 + full-score reach))',
    means: 'audience across platforms, each further platform counted at a diminishing share (audiences overlap)',
  },
  'influence.engagement': {
    text: 'rate = Σ_profiles (likes shown per post) / Σ_profiles followers; score = 100 · min(1, rate / full-score rate)',
    means: 'how strongly the audience responds to the person\'s posts',
  },
  'influence.authority': {
    text: 'authority = (35 · L(reviews) + 35 · L(helpful votes) + min(30, best badge + 5 · other badges)) · recency; L(n) = min(1, log10(1+n) / log10(1+full)); recency = 1 within a half-life of the last contribution, then halving per half-life, at least 0.25',
    means: 'weight of the person\'s reviews: how many, how helpful, recognised by the platform, recent',
  },
  'influence.brand-relevance': {
    text: 'relevance = 100 · min(1, log2(1+n) / log2(1+full)) · (1 + sentiment) / 2; n = contributions about own brands; sentiment = mean (rating − 3) / 2 of the rated ones (0 if none)',
    means: 'how much and how favourably the person writes about the shop\'s own brands',
  },
  'influence.score': {
    text: 'influence = Σ w_c · score_c / Σ w_c over the components with data',
    means: 'influence score 0-100',
  },
  'engagement.influence': {
    text: 'CIV = influence score · value per point',
    means: 'influencer value: the money value of the person\'s influence',
  },
  'engagement.referral': {
    text: 'CRV = referral credit · Σ net value of the customers who name this one as their referrer',
    means: 'referral value (zero without referral data)',
  },
  'engagement.knowledge': {
    text: 'CKV = value per review · reviews about own brands',
    means: 'knowledge value: feedback that improves the offer (zero without own-brand reviews)',
  },
  'engagement.value': {
    text: 'CEV = net value + CRV + CIV + CKV',
    means: 'customer engagement value (Kumar et al. 2010)',
  },
  'segment.financial-threshold': {
    text: 'threshold = the smallest net value among the top ⌊(1 − q) · n⌋ of the n customers with purchases; high also needs a net value above 0',
    means: 'net value from which a customer counts as financially high',
  },
} as const satisfies Record<string, { text: string; means: string }>;

export type FormulaId = keyof typeof FORMULAS;
export const FormulaId = z.enum(Object.keys(FORMULAS) as [FormulaId, ...FormulaId[]]);

export const ExplainedInput = z.union([z.number(), z.string(), z.boolean(), z.null()]);
export type ExplainedInput = z.infer<typeof ExplainedInput>;

/** A number with its formula and inputs. */
export const Explained = z.object({
  value: z.number(),
  formula: FormulaId,
  inputs: z.record(z.string(), ExplainedInput),
});
export type Explained = z.infer<typeof Explained>;

export function explained(value: number, formula: FormulaId, inputs: Record<string, ExplainedInput>): Explained {
  return { value, formula, inputs };
}

/** Per customer: the history the models read, in the shop's currency and the run's time unit. */
export const CustomerSummary = z.object({
  customerId: z.string(),
  /** Orders up to the as-of day, refunds included. */
  orders: z.number().int().nonnegative(),
  /** Days with a purchase (same-day orders merged, refunds are not purchases). */
  purchases: z.number().int().nonnegative(),
  /** Orders with a negative amount (credit notes, refunds). */
  refunds: z.number().int().nonnegative(),
  firstPurchase: IsoDay.nullable(),
  lastPurchase: IsoDay.nullable(),
  daysSinceLastPurchase: z.number().int().nonnegative().nullable(),
  /** BG/NBD inputs: repeat purchases, time of the last one and age, from the first purchase. */
  x: z.number().int().nonnegative(),
  tx: z.number().nonnegative(),
  T: z.number().nonnegative(),
  /** Mean spend of the repeat purchase days (Gamma-Gamma input; 0 when x = 0). */
  m: z.number(),
  /** Sum of all amounts, refunds subtracted. */
  revenue: z.number(),
  /** revenue / purchases (0 without purchases). */
  meanPurchaseValue: z.number(),
  /** Σ orders' cost_to_serve. */
  costToServe: z.number().nonnegative(),
});
export type CustomerSummary = z.infer<typeof CustomerSummary>;

export const RFM_SEGMENTS = [
  'champions',
  'loyal',
  'potential-loyalist',
  'new',
  'promising',
  'need-attention',
  'about-to-sleep',
  'at-risk',
  'cannot-lose-them',
  'hibernating',
  'lost',
] as const;
export const RfmSegment = z.enum(RFM_SEGMENTS);
export type RfmSegment = z.infer<typeof RfmSegment>;

export const RfmScores = z.object({
  recency: Explained,
  frequency: Explained,
  monetary: Explained,
  /** The mean of F and M, halves rounded up: the column of the segment grid. */
  fm: z.number().int().min(1).max(5),
  /** "RFM" as three digits, e.g. "545". */
  code: z.string().regex(/^[1-5]{3}$/),
  segment: RfmSegment,
});
export type RfmScores = z.infer<typeof RfmScores>;

export const PURCHASE_MODELS = ['bgnbd', 'historical', 'none'] as const;

export const Prediction = z.object({
  /** bgnbd: a forecast; historical: the models could not be fitted (see reason); none: no purchases. */
  model: z.enum(PURCHASE_MODELS),
  spendModel: z.enum(['gammagamma', 'historical']).nullable(),
  reason: z.string().nullable(),
  pAlive: Explained.nullable(),
  /** Purchases expected over the horizon. */
  expectedPurchases: Explained.nullable(),
  /** Spend expected per future purchase. */
  expectedSpend: Explained.nullable(),
  /** Predicted CLV (model bgnbd) or historical value (otherwise). */
  clv: Explained,
});
export type Prediction = z.infer<typeof Prediction>;

export const CostResult = z.object({
  toDate: Explained,
  /** Expected cost of the predicted purchases; null without a forecast. */
  future: Explained.nullable(),
  netValue: Explained,
});
export type CostResult = z.infer<typeof CostResult>;

export const INFLUENCE_COMPONENTS = ['reach', 'engagement', 'authority', 'brandRelevance'] as const;
export const InfluenceComponent = z.enum(INFLUENCE_COMPONENTS);
export type InfluenceComponent = z.infer<typeof InfluenceComponent>;

export const Influence = z.object({
  profileIds: z.array(z.string()),
  platforms: z.array(Platform),
  /** Component scores 0-100; null where the data for it was never shown (see `missing`). */
  reach: Explained,
  engagement: Explained.nullable(),
  authority: Explained,
  brandRelevance: Explained.nullable(),
  /** Why a component is null. */
  missing: z.partialRecord(InfluenceComponent, z.string()),
  score: Explained,
  /** Followers after the cross-platform discount. */
  reachFollowers: z.number().nonnegative(),
  /** Rates the user's own brands low (mean rating at or below the settings' detractor rating). */
  detractor: z.boolean(),
});
export type Influence = z.infer<typeof Influence>;

export const ENGAGEMENT_SEGMENTS = ['champions', 'affluents', 'advocates', 'misers', 'detractor-with-reach', 'negative-value'] as const;
export const EngagementSegment = z.enum(ENGAGEMENT_SEGMENTS);
export type EngagementSegment = z.infer<typeof EngagementSegment>;

export const Engagement = z.object({
  /** The financial value the segments and CEV use: the net value (0 without purchases). */
  financial: z.number(),
  referral: Explained,
  influence: Explained,
  knowledge: Explained,
  value: Explained,
  segment: EngagementSegment,
  /** The segment's rule applied to this person, in words. */
  reason: z.string(),
});
export type Engagement = z.infer<typeof Engagement>;

export const CustomerValue = z.object({
  customerId: z.string(),
  summary: CustomerSummary,
  /** Null for a customer without purchases. */
  rfm: RfmScores.nullable(),
  prediction: Prediction,
  cost: CostResult,
  influence: Influence,
  engagement: Engagement,
});
export type CustomerValue = z.infer<typeof CustomerValue>;

/** A captured person not linked to any customer: influence only. */
export const ProfileValue = z.object({
  profileId: z.string(),
  influence: Influence,
  engagement: Engagement,
});
export type ProfileValue = z.infer<typeof ProfileValue>;

export const BgNbdModel = z.object({
  model: z.literal('bgnbd'),
  unit: TimeUnit,
  r: z.number(),
  alpha: z.number(),
  a: z.number(),
  b: z.number(),
  ll: z.number(),
  customers: z.number().int(),
  converged: z.boolean(),
  iterations: z.number().int(),
  evaluations: z.number().int(),
  message: z.string(),
});
export type BgNbdModel = z.infer<typeof BgNbdModel>;

export const GammaGammaModel = z.object({
  model: z.literal('gammagamma'),
  p: z.number(),
  q: z.number(),
  v: z.number(),
  ll: z.number(),
  /** Repeat customers with a positive mean spend, the ones fitted. */
  customers: z.number().int(),
  converged: z.boolean(),
  iterations: z.number().int(),
  evaluations: z.number().int(),
  message: z.string(),
});
export type GammaGammaModel = z.infer<typeof GammaGammaModel>;

export const ModelReport = z.object({
  /** What the purchase forecasts use; historical when BG/NBD could not be fitted or used. */
  purchases: z.enum(['bgnbd', 'historical']),
  reason: z.string().nullable(),
  spend: z.enum(['gammagamma', 'historical']),
  spendReason: z.string().nullable(),
  /** The fits as they came out, also when they were not used (so the reason can be checked). */
  bgnbd: BgNbdModel.nullable(),
  gammaGamma: GammaGammaModel.nullable(),
});
export type ModelReport = z.infer<typeof ModelReport>;

export const ExcludedOrder = z.object({ orderId: z.string(), customerId: z.string(), date: z.string() });
export type ExcludedOrder = z.infer<typeof ExcludedOrder>;

export const ValueRun = z.object({
  asOf: IsoDay,
  unit: TimeUnit,
  settings: ValueSettings,
  models: ModelReport,
  thresholds: z.object({
    financialHigh: Explained,
    influenceHigh: z.number(),
  }),
  customers: z.array(CustomerValue),
  profiles: z.array(ProfileValue),
  excluded: z.object({
    /** Orders dated after the as-of day: not yet part of the history. */
    afterAsOf: z.array(ExcludedOrder),
    /** Orders of customers that are not in the customer list. */
    unknownCustomer: z.array(ExcludedOrder),
    /** Orders without a real date (before 1990-01-01): left out, counted (runs stored before had none). */
    undated: z.array(ExcludedOrder).default([]),
  }),
});
export type ValueRun = z.infer<typeof ValueRun>;
