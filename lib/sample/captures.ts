/**
 * The sample shop's captured pages: the personas (personas.ts) as a marketer
 * meets them, on review pages of the shop and its products and on their own
 * social profiles, with what they wrote. Loading the sample stores these
 * through the same code as a real capture, so the sample exercises the whole
 * path: storage, matching, values, the popup and the workspace.
 */
import { profileId, type CapturedContribution, type CapturedPage, type CapturedProfile, type Order, type Platform } from '../model';
import type { SampleCustomer } from './crm';
import { generatePersonas, type SamplePersona } from './personas';
import { Random } from './random';
import { showcasePersonas, type ShowcasePersona } from './showcase';

/** The sample shop's own brands: contributions about them count as brand relevance. */
export const SAMPLE_BRANDS = ['Groen & Gezond', 'Bakmeester'] as const;

/** The review page of the shop each review platform shows, and how many reviews a page holds. */
const REVIEW_PAGES: Partial<Record<Platform, { url: (page: number) => string; site: string; perPage: number; subject: string }>> = {
  trustpilot: { url: (n) => `https://www.trustpilot.com/review/groenengezond.nl${n > 1 ? `?page=${n}` : ''}`, site: 'trustpilot', perPage: 20, subject: 'Groen & Gezond' },
  amazon: { url: (n) => `https://www.amazon.nl/product-reviews/B0BAKMEEST${n > 1 ? `?pageNumber=${n}` : ''}`, site: 'amazon', perPage: 10, subject: 'Bakmeester springvorm 26 cm' },
  google: { url: (n) => `https://www.google.com/maps/place/Groen+%26+Gezond+Utrecht/@52.09,5.12,17z${n > 1 ? `?page=${n}` : ''}`, site: 'google-maps', perPage: 10, subject: 'Groen & Gezond, Utrecht' },
};

const REVIEWS: Record<'good' | 'mixed' | 'bad', readonly string[]> = {
  good: [
    'Snel geleverd en de Bakmeester springvorm is top, niets blijft plakken.',
    'Fijne webshop, goede service. Groen & Gezond blijft mijn vaste adres voor bakspullen.',
    'Great quality baking tins, arrived in two days. Would order from Groen & Gezond again.',
    'Отличный магазин, всё пришло быстро и хорошо упаковано. Рекомендую Bakmeester!',
    'Lovely shop, friendly help when I had a question about my order.',
    'Prima prijs-kwaliteit, de siliconen matjes van Bakmeester zijn een aanrader.',
  ],
  mixed: [
    'Product is goed, maar de levering duurde een week langer dan beloofd.',
    'Nice products but the packaging could use less plastic.',
    'Хорошее качество, но доставка в Бельгию дорогая.',
  ],
  bad: [
    'Bakmeester taartvorm na twee keer al krom. Klantenservice reageert niet.',
    'Ordered twice from Groen & Gezond, both times items were missing. Not again.',
    'Ужасный сервис: возврат денег ждала месяц.',
  ],
};

const POSTS: readonly string[] = [
  'Zondag = bakdag 🍰 met mijn nieuwe Bakmeester springvorm',
  'Sourdough attempt #12, finally a good crumb. Tins from Groen & Gezond.',
  'Мой любимый рецепт морковного торта 🥕',
  'Kerstkoekjes bakken met de kids 🎄',
  'Unboxing my Groen & Gezond order: honest review in stories',
  'New video: 5 tips for a perfect cheesecake',
  'Appeltaart zoals oma hem maakte',
];

function isoDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

function capturedOf(persona: SamplePersona): CapturedProfile {
  const { id: _id, ...profile } = persona.profile;
  return profile;
}

/** A review with a rating that leans positive, with some detractors, as shops see. */
function review(rng: Random, profileKey: string, subject: string, asOf: number): CapturedContribution {
  const mood = rng.weighted<'good' | 'mixed' | 'bad'>([
    ['good', 0.74],
    ['mixed', 0.14],
    ['bad', 0.12],
  ]);
  const rating = mood === 'good' ? rng.int(4, 5) : mood === 'mixed' ? 3 : rng.int(1, 2);
  return {
    profileKey,
    type: 'review',
    rating,
    date: isoDay(asOf - rng.int(1, 700) * 86_400_000),
    text: rng.pick(REVIEWS[mood]),
    helpfulVotes: rng.chance(0.4) ? rng.int(1, 40) : 0,
    verifiedPurchase: rng.chance(0.7),
    subject,
  };
}

export interface SampleCaptureOptions {
  seed?: number;
  /** The day the sample is seen (contribution dates fall in the two years before it). */
  asOf?: string;
}

/**
 * How many people the sample's marketer meets besides the showcase: enough for lists and charts to
 * mean something, few enough that the review queue is cleared in minutes (tens, not hundreds).
 */
export const SAMPLE_PEOPLE = { customerProfiles: 70, strangers: 120, namesakes: 6 } as const;

/** The marketer visits pages over four weeks (within the 30 days unmatched captures are kept). */
export const SAMPLE_WEEKS = 4;

/** A captured page and how many days before the sample's day the marketer visited it. */
export interface SampleVisit {
  page: CapturedPage;
  daysAgo: number;
}

/** The sample's captured pages, in the order a marketer would visit them, spread over the last few weeks. */
export function generateSampleCaptures(
  customers: readonly SampleCustomer[],
  orders: readonly Order[],
  options: SampleCaptureOptions = {},
): { visits: SampleVisit[]; personas: SamplePersona[]; showcase: ShowcasePersona[] } {
  const rng = new Random(options.seed ?? 777);
  const asOf = Date.parse(`${options.asOf ?? '2026-11-01'}T00:00:00Z`);
  const showcase = showcasePersonas(customers, orders, asOf);
  const featured = new Set(showcase.map((s) => s.persona.truth));
  const written = new Map(showcase.map((s) => [s.persona.profile.id, s.contributions]));
  // The showcase first in each page's list, so the busiest pages hold some of them.
  const personas = [...showcase.map((s) => s.persona), ...generatePersonas(customers.filter((c) => !featured.has(c.customer.id)), SAMPLE_PEOPLE)];
  const pages: CapturedPage[] = [];
  const reviewQueues = new Map<Platform, SamplePersona[]>();

  for (const persona of personas) {
    const platform = persona.profile.platform;
    if (REVIEW_PAGES[platform]) {
      const queue = reviewQueues.get(platform) ?? [];
      queue.push(persona);
      reviewQueues.set(platform, queue);
      continue;
    }
    // A creator's own profile page, with some of their recent posts.
    const profile = capturedOf(persona);
    const contributions: CapturedContribution[] = [...(written.get(persona.profile.id) ?? [])];
    const posts = written.has(persona.profile.id) ? 0 : rng.int(0, 3);
    for (let i = 0; i < posts; i++) {
      contributions.push({ profileKey: profile.key, type: 'post', date: isoDay(asOf - rng.int(1, 500) * 86_400_000), text: rng.pick(POSTS) });
    }
    const url = profile.profileUrl ?? `https://www.${platform}.com/${profile.key}`;
    pages.push({ url, site: platform === 'x' ? 'x' : platform, kind: 'profile', profiles: [profile], contributions });
  }

  for (const [platform, queue] of reviewQueues) {
    const where = REVIEW_PAGES[platform]!;
    for (let start = 0, n = 1; start < queue.length; start += where.perPage, n++) {
      const people = queue.slice(start, start + where.perPage).map(capturedOf);
      pages.push({
        url: where.url(n),
        site: where.site,
        kind: 'reviews',
        profiles: people,
        contributions: people.flatMap((p) => written.get(profileId(platform, p.key)) ?? [review(rng, p.key, where.subject, asOf)]),
      });
    }
  }
  const days = SAMPLE_WEEKS * 7 - 3;
  return { visits: pages.map((page) => ({ page, daysAgo: rng.int(0, days) })), personas, showcase };
}
