/**
 * Settings of personas, retention economics and offers. Every default is a
 * stated assumption with its reason (lib/persona/README.md, "Defaults and
 * where they come from"): the user replaces them with their own figures in
 * Settings or in `earshot personas --settings`.
 */
import { z } from '../zod';

/** A subject people write about, found by its words (folded, any of the listed languages). */
export const Topic = z.object({
  id: z.string().regex(/^[a-z][a-z0-9-]{0,39}$/, 'a topic id is lower case letters, digits and dashes'),
  /** How the people who write about it are called in a persona's name ("home bakers"); none: the topic as a trait. */
  people: z.string().trim().max(60).optional(),
  /** Word stems: a word counts when it starts with one of them (≥ 3 letters, folded like search words). */
  words: z.array(z.string().trim().min(3).max(40)).min(1).max(200),
});
export type Topic = z.infer<typeof Topic>;

/** Generic web-shop subjects in English, Dutch and Russian, and two interests a shop's creators often share. */
export const DEFAULT_TOPICS: Topic[] = [
  { id: 'delivery', words: ['deliver', 'shipping', 'shipped', 'arriv', 'parcel', 'lever', 'geleverd', 'bezorg', 'verzend', 'pakket', 'доставк', 'посылк', 'пришл'] },
  { id: 'service', words: ['service', 'support', 'helpful', 'klantenservice', 'reageer', 'сервис', 'поддержк', 'возврат'] },
  { id: 'price', words: ['price', 'cheap', 'expensive', 'prijs', 'duur', 'goedkoop', 'цен', 'дорог', 'дешев'] },
  { id: 'quality', words: ['quality', 'broke', 'sturdy', 'kwaliteit', 'krom', 'stevig', 'качеств', 'сломал'] },
  { id: 'packaging', words: ['packag', 'plastic', 'verpak', 'упаков'] },
  {
    id: 'baking',
    people: 'home bakers',
    words: ['bak', 'cake', 'sourdough', 'cheesecake', 'recipe', 'taart', 'koek', 'recept', 'brood', 'печ', 'торт', 'рецепт', 'пирог'],
  },
  { id: 'family', people: 'parents', words: ['kids', 'children', 'mum', 'mama', 'kinderen', 'дети', 'мама'] },
];

const Money = z.number().min(0).max(1e7);

export const RetentionSettings = z.object({
  /**
   * Blattberg & Deighton's ceiling: the yearly retention no spending can exceed. Null: the group's own
   * retention plus `ceilingShareOfLost` of the customers it loses today (decision calculus, first question).
   */
  ceiling: z.number().gt(0).max(0.99).nullable().default(null),
  /** Share of the customers a group loses today that unlimited spending could keep (used when ceiling is null). */
  ceilingShareOfLost: z.number().gt(0).max(1).default(0.5),
  /** What the shop spends to keep one customer a year now (mailings, loyalty, discounts): the second question's spend. */
  currentSpend: Money.default(5),
  /** Yearly retention assumed where the data cannot show it (fewer than minCustomers customers older than a year). */
  fallbackRate: z.number().gt(0).max(0.99).default(0.3),
  /** Customers older than a year a group needs before its own retention is measured (else the whole base's). */
  minCustomers: z.number().int().min(5).default(30),
});
export type RetentionSettings = z.infer<typeof RetentionSettings>;

export const AcquisitionSettings = z.object({
  /** Share of the prospects a channel reaches who become customers now (decision calculus, second question). */
  currentRate: z.number().gt(0).max(0.99).default(0.02),
  /** The share no acquisition spending can exceed (decision calculus, first question). */
  ceiling: z.number().gt(0).max(0.99).default(0.05),
});
export type AcquisitionSettings = z.infer<typeof AcquisitionSettings>;

export const OfferSettings = z.object({
  /** Discounts on one order a year that may be offered, as shares of the order. */
  discountLevels: z.array(z.number().gt(0).max(0.9)).max(10).default([0.05, 0.1, 0.15]),
  /** An offer is made only when its expected gain exceeds this (shop currency, over the horizon). */
  minGain: Money.default(1),
  /** What shipping one order costs the shop (a free-shipping threshold pays it). */
  shippingCost: Money.default(4.95),
  /** Share of the orders that reach a free-shipping threshold set above the customer's usual basket. */
  thresholdReachShare: z.number().min(0).max(1).default(0.3),
  /** The threshold is the usual basket raised by this share, rounded up to `thresholdStep`. */
  thresholdRaise: z.number().min(0).max(5).default(0.25),
  thresholdStep: z.number().gt(0).max(1000).default(5),
  /** Loyalty programme: its yearly cost per member, and the purchase days a customer needs to be invited. */
  loyaltyCost: Money.default(10),
  loyaltyMinPurchases: z.number().int().min(1).default(3),
  /** Ambassador programme: yearly cost per ambassador and the new customers one brings a year. */
  ambassadorCost: Money.default(25),
  ambassadorReferralsPerYear: z.number().min(0).max(100).default(0.5),
  /** Influence score and mean own-brand rating (when they rated) an ambassador needs. */
  ambassadorMinInfluence: z.number().min(0).max(100).default(25),
  ambassadorMinRating: z.number().min(1).max(5).default(4),
  /** A gifted product for a creator: its cost, the followers a creator needs, who sees a post, and who buys. */
  giftCost: Money.default(30),
  creatorMinFollowers: z.number().int().min(0).default(2000),
  postSeenShare: z.number().min(0).max(1).default(0.1),
  viewerConversion: z.number().min(0).max(1).default(0.005),
  /** The shop's audience: the countries that together hold this share of the customers. */
  audienceShare: z.number().gt(0).max(1).default(0.9),
});
export type OfferSettings = z.infer<typeof OfferSettings>;

export const PersonaSettings = z
  .object({
    /** The numbers of personas tried; the one with the best silhouette wins (README, "Method"). */
    minPersonas: z.number().int().min(2).max(12).default(3),
    maxPersonas: z.number().int().min(2).max(12).default(8),
    /** No persona may hold fewer than this share of the customers (a persona of three is a person). */
    minShare: z.number().min(0).max(0.3).default(0.02),
    /** Customers the number of personas is chosen on, and the silhouette's subsample of them. */
    sampleSize: z.number().int().min(100).max(50_000).default(4000),
    silhouetteSample: z.number().int().min(50).max(5000).default(1200),
    /** Random starts per number of personas, and the iterations each may take. */
    restarts: z.number().int().min(1).max(20).default(3),
    maxIterations: z.number().int().min(1).max(200).default(40),
    seed: z.number().int().nonnegative().default(1),
    /** Another number of personas replaces the current one only when its silhouette is higher by this much. */
    switchMargin: z.number().min(0).max(1).default(0.05),
    /** A new cluster keeps an old persona's identity only within this distance of its centre (standardised units). */
    identityDistance: z.number().gt(0).default(6),
    /** Weights of the categorical features against one squared standard deviation of a numeric one (Huang's γ). */
    categoricalWeights: z
      .object({
        platform: z.number().min(0).max(10).default(1.5),
        topic: z.number().min(0).max(10).default(0.5),
        language: z.number().min(0).max(10).default(0.5),
        region: z.number().min(0).max(10).default(0.5),
        channel: z.number().min(0).max(10).default(0.5),
      })
      .default({ platform: 1.5, topic: 0.5, language: 0.5, region: 0.5, channel: 0.5 }),
    topics: z.array(Topic).max(50).default(DEFAULT_TOPICS),
    /** At risk: P(alive) fell by at least this much over the last this many days, with no purchase since. */
    atRiskDays: z.number().int().min(7).max(730).default(90),
    atRiskDrop: z.number().gt(0).max(1).default(0.1),
    retention: RetentionSettings.default(RetentionSettings.parse({})),
    acquisition: AcquisitionSettings.default(AcquisitionSettings.parse({})),
    offers: OfferSettings.default(OfferSettings.parse({})),
  })
  .refine((s) => s.minPersonas <= s.maxPersonas, { message: 'minPersonas must not exceed maxPersonas', path: ['maxPersonas'] })
  .refine((s) => s.acquisition.currentRate < s.acquisition.ceiling, { message: 'the acquisition ceiling must be above the current rate', path: ['acquisition', 'ceiling'] });
export type PersonaSettings = z.infer<typeof PersonaSettings>;
export type PersonaSettingsInput = z.input<typeof PersonaSettings>;

export const DEFAULT_PERSONA_SETTINGS: PersonaSettings = PersonaSettings.parse({});
