import { z } from '../zod';
import { ValueInputError } from './errors';
import { PURCHASE_MODELS } from './forecaster';

/**
 * Weights of the influence components (lib/value/influence.ts). Only their
 * ratios matter: the score is the weighted mean over the components that
 * have data. The defaults and their reasoning are in influence.ts's header.
 */
export const InfluenceWeights = z.object({
  reach: z.number().min(0).max(10).default(0.35),
  engagement: z.number().min(0).max(10).default(0.15),
  authority: z.number().min(0).max(10).default(0.3),
  brandRelevance: z.number().min(0).max(10).default(0.2),
});
export type InfluenceWeights = z.infer<typeof InfluenceWeights>;

/** Where each influence component reaches its full score of 100 (reasoning in influence.ts). */
export const InfluenceScales = z.object({
  /** Share at which each further platform's followers count (the 2nd at s, the 3rd at s², ...): audiences overlap. */
  crossPlatformShare: z.number().min(0).max(1).default(0.5),
  /** Followers (after the cross-platform discount) that give a reach score of 100; the scale is logarithmic. */
  reachForFullScore: z.number().int().min(10).default(1_000_000),
  /** Likes per post / followers that give an engagement score of 100. */
  engagementRateForFullScore: z.number().positive().max(1).default(0.06),
  /** Reviews written that give the full review-count part of authority; logarithmic. */
  reviewsForFullScore: z.number().int().min(1).default(500),
  /** Helpful votes received that give the full helpful-votes part of authority; logarithmic. */
  helpfulVotesForFullScore: z.number().int().min(1).default(5000),
  /** Own-brand contributions that give full brand relevance (before sentiment); logarithmic. */
  brandContributionsForFullScore: z.number().int().min(1).default(10),
  /** Authority keeps full weight for this many days after the last contribution, then halves per this many days. */
  recencyHalfLifeDays: z.number().int().min(1).default(365),
});
export type InfluenceScales = z.infer<typeof InfluenceScales>;

export const ValueSettings = z.object({
  /** The shop's currency: values are shown in it; orders in others need a rate. */
  currency: z.string().regex(/^[A-Z]{3}$/).default('EUR'),
  /**
   * Exchange rates to the shop's currency, e.g. { USD: 0.92 }: 1 USD = 0.92 in the shop's currency. Orders in a
   * currency without a rate stop the run (the service worker records it as the value problem, lib/db/values.ts),
   * never summed as they are. Default none: a one-currency shop needs none.
   */
  exchangeRates: z.record(z.string().regex(/^[A-Z]{3}$/), z.number().positive()).default({}),
  /** Gross margin on revenue, 0..1. */
  margin: z.number().min(0).max(1).default(0.3),
  horizonMonths: z.number().int().min(1).max(120).default(24),
  /** Yearly discount rate, 0..1. */
  discountRate: z.number().min(0).max(1).default(0.1),
  /** Money value of one point of influence score, so CEV = CLV + influence value adds like with like. */
  influenceUnitValue: z.number().min(0).default(10),
  influenceWeights: InfluenceWeights.default(InfluenceWeights.parse({})),
  /** The user's own brands and products: contributions about them count as brand relevance. */
  ownBrands: z.array(z.string().trim().min(1).max(100)).max(200).default([]),
  /** Competitors' brands: a customer reviewing or praising one may be about to leave (the keep-from-competitor action). */
  competitorBrands: z.array(z.string().trim().min(1).max(100)).max(200).default([]),

  /** Time unit of the purchase model's t_x, T and α. The forecasts do not depend on it; weeks read best. */
  unit: z.enum(['days', 'weeks']).default('weeks'),
  /** A fixed cost of handling one order (picking, payment fees), added to each order's cost_to_serve. */
  costPerOrder: z.number().min(0).default(0),
  /**
   * The purchase model: auto chooses BG/NBD, MBG/NBD or Pareto/NBD by the error on the end of the history held
   * back (selection.ts). Whether the data can carry any is fixed (thresholds.ts), not a setting.
   */
  purchaseModel: z.enum(['auto', ...PURCHASE_MODELS]).default('auto'),
  /** Net value from this quantile of the customers with purchases up counts as high (0.8: the top fifth). */
  financialHighQuantile: z.number().min(0).max(1).default(0.8),
  /**
   * Influence score (0-100) from which influence counts as high. With the default weights 25 is reached by
   * about 5,000 followers (a micro-influencer) or an established reviewer (a few hundred reviews with
   * helpful votes or a top-reviewer badge), not by a casual reviewer or a few hundred followers.
   */
  influenceHighScore: z.number().min(0).max(100).default(25),
  /** A mean rating of own-brand contributions at or below this marks a detractor. */
  detractorMaxRating: z.number().min(1).max(5).default(2.5),
  /** A detractor has reach with at least this many followers (after the cross-platform discount)... */
  detractorMinFollowers: z.number().int().min(0).default(1000),
  /** ...or this review authority (0-100): a trusted reviewer's bad review is read without followers. */
  detractorMinAuthority: z.number().min(0).max(100).default(50),
  /** Custom column of customers.csv naming the customer who referred this one (by customer_id). */
  referralField: z.string().trim().min(1).max(100).default('referred_by'),
  /** Share of a referred customer's net value credited to the referrer (Kumar's CRV counts only what the referral caused). */
  referralCredit: z.number().min(0).max(1).default(0.5),
  /** Knowledge value of one review about an own brand (what a survey answer with the same feedback would cost). */
  knowledgeValuePerReview: z.number().min(0).default(5),
  influenceScales: InfluenceScales.default(InfluenceScales.parse({})),
});
export type ValueSettings = z.infer<typeof ValueSettings>;
/** What callers may pass: every field optional, defaults filled in by `ValueSettings.parse`. */
export type ValueSettingsInput = z.input<typeof ValueSettings>;

/** Settings with their defaults filled in; a ValueInputError naming the field when they do not parse. */
export function parseValueSettings(input: ValueSettingsInput): ValueSettings {
  const parsed = ValueSettings.safeParse(input);
  if (!parsed.success) throw new ValueInputError(`value settings: ${z.prettifyError(parsed.error).replace(/\n\s*/g, ' ')}`);
  return parsed.data;
}

export const DEFAULT_VALUE_SETTINGS: ValueSettings = ValueSettings.parse({});

/**
 * The settings as one string, keys sorted at every level: equal strings mean the same settings, so a
 * stored run (or a recorded problem) still holds for the current ones.
 */
export function settingsFingerprint(settings: ValueSettings): string {
  const sorted = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(sorted);
    if (value !== null && typeof value === 'object') {
      return Object.fromEntries(
        Object.entries(value)
          .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
          .map(([k, v]) => [k, sorted(v)]),
      );
    }
    return value;
  };
  return JSON.stringify(sorted(settings));
}
