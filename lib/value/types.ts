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
import { PURCHASE_MODELS } from './forecaster';
import { ValueSettings } from './settings';
import { REFUSAL_CODES } from './thresholds';

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
  'mbgnbd.p-alive': {
    text: 'P(alive) = 1 / (1 + (a/(b+x)) · ((α+T)/(α+t_x))^(r+x))',
    means: 'probability that the customer has not dropped out (MBG/NBD: one can drop out right after the first purchase too)',
  },
  'mbgnbd.expected': {
    text: 'E[Y(t) | x, t_x, T] = ((a+b+x)/(a−1)) · (1 − ((α+T)/(α+T+t))^(r+x) · 2F1(r+x, b+x+1; a+b+x; t/(α+T+t))) · P(alive)',
    means: 'expected purchases over the horizon (MBG/NBD)',
  },
  'paretonbd.p-alive': {
    text: 'P(alive) = 1 / (1 + (s/(r+s+x)) · (α+T)^(r+x) · (β+T)^s · (A(t_x) − A(T))), A(t) = 2F1(r+s+x, s+1; r+s+x+1; (α−β)/(α+t)) / (α+t)^(r+s+x) (α ≥ β; α and β swap roles otherwise)',
    means: 'probability that the customer has not dropped out (Pareto/NBD: customers leave at any time)',
  },
  'paretonbd.expected': {
    text: 'E[Y(t) | x, t_x, T] = ((r+x)(β+T) / ((α+T)(s−1))) · (1 − ((β+T)/(β+T+t))^(s−1)) · P(alive)',
    means: 'expected purchases over the horizon (Pareto/NBD)',
  },
  'gammagamma.spend': {
    text: 'E[M | x, m] = (p·x·m + (q−1)·(v·p/(q−1))) / (p·x + q − 1)',
    means: 'expected spend per future purchase (Gamma-Gamma): between the customer\'s own mean m and the population mean v·p/(q−1)',
  },
  'spend.shrunk': {
    text: 'E[M] = (n · own mean + κ · population mean) / (n + κ), κ = σ² / τ² (spread of one customer\'s purchases over the spread between customers)',
    means: 'expected spend per purchase: the customer\'s own mean net spend, pulled towards everyone\'s mean the fewer purchases it rests on (used when Gamma-Gamma cannot be)',
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

export const PurchaseModelName = z.enum(PURCHASE_MODELS);
export type PurchaseModelName = z.infer<typeof PurchaseModelName>;
export const PREDICTION_MODELS = [...PURCHASE_MODELS, 'historical', 'none'] as const;

/** An interval of a predicted quantity (the run's `ranges.level`, 80%, of its predictive distribution). */
export const Interval = z.object({ low: z.number(), high: z.number() });
export type Interval = z.infer<typeof Interval>;

export const PredictionRange = z.object({
  /** Coverage of the intervals: 0.8 for the 10th to the 90th percentile. */
  level: z.number(),
  /** Purchases over the horizon. */
  purchases: Interval,
  /** Lifetime value over the horizon. */
  clv: Interval,
});
export type PredictionRange = z.infer<typeof PredictionRange>;

export const Prediction = z.object({
  /** A purchase model: a forecast; historical: no model could be used (see reason); none: no purchases. */
  model: z.enum(PREDICTION_MODELS),
  spendModel: z.enum(['gammagamma', 'shrunk', 'historical']).nullable(),
  reason: z.string().nullable(),
  pAlive: Explained.nullable(),
  /**
   * Why P(alive) is what it is when the model fixes it: 'no-repeat-purchase' under BG/NBD, which lets
   * nobody drop out before a second purchase, so a one-time buyer is alive for certain.
   */
  pAliveNote: z.enum(['no-repeat-purchase']).nullable().default(null),
  /** Purchases expected over the horizon. */
  expectedPurchases: Explained.nullable(),
  /** Spend expected per future purchase. */
  expectedSpend: Explained.nullable(),
  /** Predicted CLV (a purchase model) or historical value (otherwise). */
  clv: Explained,
  /** Intervals from the parameters' uncertainty and the customer's own purchase process; null without a forecast. */
  range: PredictionRange.nullable().default(null),
});
export type Prediction = z.infer<typeof Prediction>;

export const CostResult = z.object({
  toDate: Explained,
  /** Expected cost of the predicted purchases; null without a forecast. */
  future: Explained.nullable(),
  netValue: Explained,
  /** The interval of the net value, as the prediction's ranges; null without a forecast. */
  netValueRange: Interval.nullable().default(null),
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

/**
 * Why a person is in their segment, as the rule's key and the figures it compared, so each screen can say it in
 * its own language with its own number formats (segment-reason.ts says it in English for the command line).
 */
export const SegmentReason = z.discriminatedUnion('key', [
  z.object({
    key: z.literal('detractor'),
    /** Mean rating of the own brands, out of 5 (null: rated low without a rating to average). */
    meanRating: z.number().nullable(),
    maxRating: z.number(),
    followers: z.number(),
    authority: z.number(),
  }),
  z.object({ key: z.literal('negative-value'), engagementValue: z.number() }),
  z.object({
    key: z.literal('levels'),
    /** high: clears the mark; uncertain: the point value does, its range does not; below: does not. */
    financial: z.enum(['high', 'uncertain', 'below']),
    netValue: z.number(),
    range: Interval.nullable(),
    mark: z.number(),
    influence: z.number(),
    influenceMark: z.number(),
  }),
]);
export type SegmentReason = z.infer<typeof SegmentReason>;

export const Engagement = z.object({
  /** The financial value the segments and CEV use: the net value (0 without purchases). */
  financial: z.number(),
  referral: Explained,
  influence: Explained,
  knowledge: Explained,
  value: Explained,
  segment: EngagementSegment,
  /** The segment's rule applied to this person, in English words (the command line prints it). */
  reason: z.string(),
  /** The same rule as a key and figures, for the screens (absent in values stored before it existed). */
  why: SegmentReason.optional(),
  /** High by the point net value, but its 80% range reaches below the financially-high mark: not counted high. */
  uncertain: z.boolean().default(false),
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

/** What every fitted purchase model reports, besides its parameters. */
const FitFields = {
  unit: TimeUnit,
  ll: z.number(),
  customers: z.number().int(),
  converged: z.boolean(),
  iterations: z.number().int(),
  evaluations: z.number().int(),
  message: z.string(),
  /** Bayesian information criterion, 4 ln n − 2 LL: lower is better. */
  bic: z.number().nullable().default(null),
  /** Standard errors of the parameters (delta method from the covariance of their logarithms); null when unavailable. */
  standardErrors: z.record(z.string(), z.number()).nullable().default(null),
};

export const BgNbdModel = z.object({ model: z.literal('bgnbd'), r: z.number(), alpha: z.number(), a: z.number(), b: z.number(), ...FitFields });
export type BgNbdModel = z.infer<typeof BgNbdModel>;
export const MbgNbdModel = z.object({ model: z.literal('mbgnbd'), r: z.number(), alpha: z.number(), a: z.number(), b: z.number(), ...FitFields });
export type MbgNbdModel = z.infer<typeof MbgNbdModel>;
export const ParetoNbdModel = z.object({ model: z.literal('paretonbd'), r: z.number(), alpha: z.number(), s: z.number(), beta: z.number(), ...FitFields });
export type ParetoNbdModel = z.infer<typeof ParetoNbdModel>;
export const PurchaseModelFit = z.discriminatedUnion('model', [BgNbdModel, MbgNbdModel, ParetoNbdModel]);
export type PurchaseModelFit = z.infer<typeof PurchaseModelFit>;

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

/** Gamma-Gamma's assumption checked (spend.ts). */
export const SpendCheck = z.object({
  correlation: z.number().nullable(),
  repeatBuyers: z.number().int(),
  limit: z.number(),
  independent: z.boolean(),
});
export type SpendCheck = z.infer<typeof SpendCheck>;

/** Why no purchase model was used (thresholds.ts), as a code and its numbers. */
export const Refusal = z.object({
  code: z.enum(REFUSAL_CODES),
  figures: z.record(z.string(), z.number()),
  message: z.string(),
});
export type Refusal = z.infer<typeof Refusal>;

/** Why each customer's own mean spend is used instead of Gamma-Gamma: a code and its figures, for words in any language. */
export const SPEND_WHY_CODES = ['no-forecast', 'correlated', 'few-repeat-buyers', 'not-converged', 'parameter-edge', 'infinite-mean'] as const;
export const SpendWhy = z.object({
  code: z.enum(SPEND_WHY_CODES),
  figures: z.record(z.string(), z.number()),
  /** A parameter's name (parameter-edge) or the optimiser's message (not-converged); otherwise empty. */
  detail: z.string().default(''),
});
export type SpendWhy = z.infer<typeof SpendWhy>;

export const HoldoutRow = z.object({
  /** Repeat purchases in the calibration period: 0 … 6, or 7 and more. */
  x: z.union([z.number().int(), z.literal('7+')]),
  customers: z.number().int(),
  /** Mean purchases per customer in the held-back period. */
  predicted: z.number(),
  actual: z.number(),
});
export type HoldoutRow = z.infer<typeof HoldoutRow>;

/** One model fitted before the held-back period and compared with what happened in it (holdout.ts). */
export const HoldoutReport = z.object({
  model: PurchaseModelName,
  weeks: z.number().int().positive(),
  /** First and last day of the held-back period (the calibration ends the day before `from`). */
  from: IsoDay,
  to: IsoDay,
  /** Customers with a purchase by the end of the calibration period: the ones forecast. */
  customers: z.number().int(),
  /** Repeat purchases (purchase days) in the held-back period, and the sum of the forecasts. */
  actual: z.number(),
  predicted: z.number(),
  byRepeatPurchases: z.array(HoldoutRow),
  meanAbsoluteError: z.number(),
  rootMeanSquaredError: z.number(),
  /** Share of the predicted top 10% that were in the actual top 10% (ties shared out); null with fewer than 10 customers. */
  topDecileHit: z.number().nullable(),
  /** Cumulative purchases by the end of each week, numbered from the first week with a purchase. */
  weekly: z.array(z.object({ week: z.number().int(), actual: z.number(), predicted: z.number() })),
  /** Net spend in the held-back period: actual, forecast (purchases × expected spend), per-customer mean absolute error. */
  spend: z.object({ actual: z.number(), predicted: z.number(), meanAbsoluteError: z.number() }),
  /** The fit on the calibration period the forecasts come from. */
  fit: PurchaseModelFit,
});
export type HoldoutReport = z.infer<typeof HoldoutReport>;

export const SELECTION_REASONS = ['lowest-holdout-error', 'lowest-bic', 'chosen-in-settings', 'only-usable', 'next-best', 'none-usable'] as const;

/** Which purchase model the run uses, and why (selection.ts). */
export const ModelSelection = z.object({
  model: PurchaseModelName,
  /** How it was chosen: by the held-back error, by likelihood (history too short to hold any back), or fixed. */
  by: z.enum(['holdout', 'bic', 'fixed']),
  /** The reason as a key for a screen's text and the figures it quotes. */
  reason: z.object({ key: z.enum(SELECTION_REASONS), figures: z.record(z.string(), z.union([z.number(), z.string()])) }),
  /** The same in an English sentence. */
  text: z.string(),
  /** The held-back period used for the choice (null when chosen by likelihood or fixed without one). */
  calibrationEnd: IsoDay.nullable(),
  holdoutWeeks: z.number().int().nullable(),
  /** Why no period could be held back, when none was. */
  holdoutSkipped: z.string().nullable(),
  candidates: z.array(
    z.object({
      model: PurchaseModelName,
      /** Root mean squared error per customer in the held-back period; null when not validated. */
      holdoutError: z.number().nullable(),
      /** BIC of the fit the choice used (calibration or full history). */
      bic: z.number().nullable(),
      /** Why the model could not be used, or null. */
      problem: z.string().nullable(),
    }),
  ),
  /** The held-back check of each candidate that could be fitted before the held-back period. */
  holdout: z.array(HoldoutReport),
});
export type ModelSelection = z.infer<typeof ModelSelection>;

export const ModelReport = z.object({
  /** What the purchase forecasts use; historical when no purchase model could be used. */
  purchases: z.enum([...PURCHASE_MODELS, 'historical']),
  reason: z.string().nullable(),
  /** When the data were too thin to try: the threshold that stopped it, with its numbers. */
  refusal: Refusal.nullable().default(null),
  spend: z.enum(['gammagamma', 'shrunk', 'historical']),
  spendReason: z.string().nullable(),
  /** The same reason as a code and figures (values stored before it existed have only the words). */
  spendWhy: SpendWhy.nullable().default(null),
  spendCheck: SpendCheck.nullable().default(null),
  /** The fits on the whole history, as they came out, also when they were not used (so the reason can be checked). */
  bgnbd: BgNbdModel.nullable(),
  mbgnbd: MbgNbdModel.nullable().default(null),
  paretonbd: ParetoNbdModel.nullable().default(null),
  gammaGamma: GammaGammaModel.nullable(),
  selection: ModelSelection.nullable().default(null),
  /** Whether the ranges include the parameters' uncertainty (false: the fit's curvature was unusable, process only). */
  parameterUncertainty: z.boolean().default(false),
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
