/**
 * What sets a persona apart, and what it looks like: its traits (README.md,
 * "Names"), its size, value, channels, what its people say and rate, and
 * the offers its customers get, tallied customer by customer.
 *
 * Traits: a numeric feature where the persona's centre lies at least half a
 * standard deviation from everyone's mean (in the standardised units the
 * clustering used), strongest first; a category at least half the persona
 * shares and that is at least 1.5 times as common in it as among all
 * customers ("none" never counts: having no profile is not a trait); and
 * "negative value" when the persona's mean net value is below zero.
 */
import type { Platform } from '../model';
import type { CustomerFacts } from './facts';
import { CATEGORICAL_FEATURES, NONE, NUMERIC_FEATURES, P, Q, type FeatureData } from './features';
import { spreadOf } from './groups';
import type { Prototypes } from './kprototypes';
import { nameable } from './names';
import { contentWords, topWords } from './text';
import type { Offer, OfferKind, Persona, Trait } from './types';

const NUMERIC_TRAIT_Z = 0.5;
const CATEGORY_SHARE = 0.5;
const CATEGORY_LIFT = 1.5;
/** Sentiment is a trait only of personas most of whom rated anything. */
const RATED_SHARE = 0.5;
const TOP_WORDS = 12;

/** A persona's members added up: what its card shows and its traits need. */
export class PersonaTally {
  readonly netValues: number[] = [];
  readonly clv: number[] = [];
  people = 0;
  rated = 0;
  readonly channels = new Map<Platform, number>();
  readonly words = new Map<string, number>();
  readonly ratings = new Map<Platform, { sum: number; count: number }>();
  readonly offers = new Map<OfferKind, { customers: number; gain: number }>();
  /** Per categorical feature, members per value code. */
  readonly categories: Map<number, number>[] = CATEGORICAL_FEATURES.map(() => new Map());

  add(f: CustomerFacts, offer: Offer, codes: Int32Array, row: number): void {
    this.netValues.push(f.netValue);
    this.clv.push(f.clv);
    this.people += f.profiles;
    if (f.ratings.length > 0) this.rated += 1;
    for (let l = 0; l < Q; l++) {
      const code = codes[row * Q + l]!;
      this.categories[l]!.set(code, (this.categories[l]!.get(code) ?? 0) + 1);
    }
    if (f.profiles > 0) {
      for (const p of new Set(f.platforms)) this.channels.set(p, (this.channels.get(p) ?? 0) + 1);
      for (const text of f.texts) for (const w of contentWords(text)) this.words.set(w, (this.words.get(w) ?? 0) + 1);
      for (const r of f.ratings) {
        const entry = this.ratings.get(r.platform) ?? { sum: 0, count: 0 };
        entry.sum += r.rating;
        entry.count += 1;
        this.ratings.set(r.platform, entry);
      }
    }
    const total = this.offers.get(offer.kind) ?? { customers: 0, gain: 0 };
    total.customers += 1;
    total.gain += offer.gain;
    this.offers.set(offer.kind, total);
  }

  get customers(): number {
    return this.clv.length;
  }
}

/** Per categorical feature, how common each value code is among all customers. */
export function overallShares(features: FeatureData): number[][] {
  const out = features.levels.map((l) => new Array<number>(l.length).fill(0));
  for (let i = 0; i < features.n; i++) for (let l = 0; l < Q; l++) out[l]![features.cat[i * Q + l]!]! += 1;
  return out.map((counts) => counts.map((c) => (features.n > 0 ? c / features.n : 0)));
}

export function traitsOf(c: number, protos: Prototypes, tally: PersonaTally, features: FeatureData, overall: number[][]): Trait[] {
  const n = tally.customers;
  const traits: Trait[] = [];
  CATEGORICAL_FEATURES.forEach((feature, l) => {
    const [code, count] = [...tally.categories[l]!].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0] ?? [-1, 0];
    const value = features.levels[l]![code] ?? NONE;
    const share = n > 0 ? count / n : 0;
    const lift = share / Math.max(1e-9, overall[l]![code] ?? 0);
    if (value !== NONE && share >= CATEGORY_SHARE && lift >= CATEGORY_LIFT) traits.push({ kind: 'category', feature, value, share, lift });
  });
  const meanNet = tally.netValues.reduce((s, v) => s + v, 0) / Math.max(1, n);
  if (meanNet < 0) traits.push({ kind: 'negative-value' });
  const numeric: (Trait & { kind: 'numeric' })[] = [];
  NUMERIC_FEATURES.forEach((feature, j) => {
    const z = protos.num[c * P + j]!;
    const direction = z >= 0 ? 'high' : 'low';
    if (Math.abs(z) < NUMERIC_TRAIT_Z || !nameable(feature, direction)) return;
    if (feature === 'sentiment' && tally.rated < RATED_SHARE * n) return;
    // "Negative value" already says it, more plainly.
    if (feature === 'netValue' && direction === 'low' && meanNet < 0) return;
    numeric.push({ kind: 'numeric', feature, direction, z });
  });
  numeric.sort((a, b) => Math.abs(b.z) - Math.abs(a.z));
  return [...traits, ...numeric];
}

export type PersonaFigures = Pick<Persona, 'customers' | 'people' | 'clv' | 'netValue' | 'channels' | 'words' | 'ratings' | 'offers'>;

/** Size, value, channels, words, ratings and offers of a persona's members. */
export function figuresOf(tally: PersonaTally): PersonaFigures {
  return {
    customers: tally.customers,
    people: tally.people,
    clv: spreadOf(tally.clv),
    netValue: spreadOf(tally.netValues),
    channels: [...tally.channels].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([platform, customers]) => ({ platform, customers })),
    words: topWords(tally.words, TOP_WORDS),
    ratings: [...tally.ratings].sort((a, b) => b[1].count - a[1].count || (a[0] < b[0] ? -1 : 1)).map(([platform, r]) => ({ platform, mean: r.sum / r.count, count: r.count })),
    offers: offerSummary([...tally.offers]),
  };
}

export function offerSummary(entries: readonly (readonly [OfferKind, { customers: number; gain: number }])[]): { kind: OfferKind; customers: number; gain: number }[] {
  return entries.map(([kind, t]) => ({ kind, customers: t.customers, gain: Math.round(t.gain * 100) / 100 })).sort((a, b) => b.customers - a.customers || (a.kind < b.kind ? -1 : 1));
}
