import { z } from '../zod';

/** Match-probability thresholds: at or above `auto` links without a person; at or above `review` suggests. */
export const MatchThresholds = z
  .object({
    auto: z.number().min(0).max(1).default(0.97),
    review: z.number().min(0).max(1).default(0.5),
  })
  .refine((t) => t.review <= t.auto, 'the review threshold must not exceed the auto-link threshold');

export const InfluenceWeights = z.object({
  reach: z.number().min(0).max(10).default(0.35),
  engagement: z.number().min(0).max(10).default(0.15),
  authority: z.number().min(0).max(10).default(0.3),
  brandRelevance: z.number().min(0).max(10).default(0.2),
});

export const ValueSettings = z.object({
  /** The shop's currency: values are shown in it; orders in others need a rate. */
  currency: z.string().regex(/^[A-Z]{3}$/).default('EUR'),
  /** Rates to the shop's currency, e.g. { USD: 0.92 }. Orders without a rate are refused, never summed. */
  exchangeRates: z.record(z.string().regex(/^[A-Z]{3}$/), z.number().positive()).default({}),
  /** Gross margin on revenue, 0..1. */
  margin: z.number().min(0).max(1).default(0.3),
  horizonMonths: z.number().int().min(1).max(120).default(24),
  /** Yearly discount rate, 0..1. */
  discountRate: z.number().min(0).max(1).default(0.1),
  /** Euro value of one unit of influence score, so CEV = CLV + influence value adds like with like. */
  influenceUnitValue: z.number().min(0).default(10),
  influenceWeights: InfluenceWeights.default(InfluenceWeights.parse({})),
  /** The user's own brands and products: contributions about them count as brand relevance. */
  ownBrands: z.array(z.string().trim().min(1).max(100)).max(200).default([]),
});
export type ValueSettings = z.infer<typeof ValueSettings>;

export const LANGUAGES = ['auto', 'en', 'nl', 'ru'] as const;

export const Settings = z.object({
  thresholds: MatchThresholds.default(MatchThresholds.parse({})),
  value: ValueSettings.default(ValueSettings.parse({})),
  /** Site modules the user switched off (captured nowhere). */
  disabledSites: z.array(z.string()).default([]),
  /** Unmatched captures are erased after this many days without being seen. */
  retentionDays: z.number().int().min(1).max(3650).default(30),
  /** Show small value badges on review and social pages. */
  pageBadges: z.boolean().default(true),
  language: z.enum(LANGUAGES).default('auto'),
});
export type Settings = z.infer<typeof Settings>;

export const DEFAULT_SETTINGS: Settings = Settings.parse({});
