import { z } from '../zod';

export const InfluenceWeights = z.object({
  reach: z.number().min(0).max(10).default(0.35),
  engagement: z.number().min(0).max(10).default(0.15),
  authority: z.number().min(0).max(10).default(0.3),
  brandRelevance: z.number().min(0).max(10).default(0.2),
});
export type InfluenceWeights = z.infer<typeof InfluenceWeights>;

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
  /** Money value of one point of influence score, so CEV = CLV + influence value adds like with like. */
  influenceUnitValue: z.number().min(0).default(10),
  influenceWeights: InfluenceWeights.default(InfluenceWeights.parse({})),
  /** The user's own brands and products: contributions about them count as brand relevance. */
  ownBrands: z.array(z.string().trim().min(1).max(100)).max(200).default([]),
});
export type ValueSettings = z.infer<typeof ValueSettings>;
