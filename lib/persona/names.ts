/**
 * A persona named by its defining traits, e.g. "Instagram-first home
 * bakers, Utrecht region, high reach, small baskets": the platform most of
 * them use and what they write about lead, then where they live and the
 * language they write in, then the numeric traits that set them furthest
 * from everyone. The words come from a vocabulary (English here for the
 * command line and the CRM; the workspace passes its language's), so the
 * same traits read the same in every language.
 */
import type { Platform } from '../model';
import type { CategoricalFeature, NumericFeature } from './features';
import { isCountryRegion } from './regions';
import type { Topic } from './settings';
import type { Trait } from './types';

export const PLATFORM_LABEL: Record<Platform, string> = {
  amazon: 'Amazon',
  trustpilot: 'Trustpilot',
  youtube: 'YouTube',
  instagram: 'Instagram',
  tiktok: 'TikTok',
  x: 'X',
  bluesky: 'Bluesky',
  google: 'Google',
  yelp: 'Yelp',
  goodreads: 'Goodreads',
  g2: 'G2',
  reddit: 'Reddit',
  linkedin: 'LinkedIn',
  other: 'other sites',
};

/** The words a vocabulary gives for each kind of trait. */
export interface NameWords {
  numeric(feature: NumericFeature, direction: 'high' | 'low'): string | null;
  negativeValue: string;
  /** "Instagram-first" (platform), "home bakers" (the people of a topic), or both: "Instagram-first home bakers". */
  lead(platform: string | null, people: string | null): string;
  /** A topic without a word for its people: "talk about delivery". */
  topic(topic: string): string;
  language(code: string): string;
  region(region: string): string;
  country(code: string): string;
  channel(channel: string): string;
  /** A persona without any distinctive trait. */
  typical: string;
}

/** Numeric features whose low side says nothing (most customers sit there: no followers, no returns). */
const NO_LOW_SIDE: ReadonlySet<NumericFeature> = new Set(['influence', 'reach', 'voice', 'costShare']);
/** P(alive) is 1 for every one-time buyer under BG/NBD: as a trait it would call them all "active". */
const NOT_NAMED: ReadonlySet<NumericFeature> = new Set(['pAlive']);

export function nameable(feature: NumericFeature, direction: 'high' | 'low'): boolean {
  return !NOT_NAMED.has(feature) && !(direction === 'low' && NO_LOW_SIDE.has(feature));
}

const NUMERIC_EN: Record<NumericFeature, [string | null, string | null]> = {
  netValue: ['high value', 'low value'],
  trend: ['buying more', 'buying less'],
  pAlive: [null, null],
  recency: ['lapsed', 'recent buyers'],
  frequency: ['frequent buyers', 'rare buyers'],
  basket: ['big baskets', 'small baskets'],
  costShare: ['costly to serve', null],
  influence: ['influential', null],
  reach: ['high reach', null],
  sentiment: ['enthusiastic', 'critical'],
  voice: ['vocal', null],
};

const LANGUAGE_EN: Record<string, string> = { en: 'English-speaking', nl: 'Dutch-speaking', ru: 'Russian-speaking' };

export function englishWords(topics: readonly Topic[]): NameWords {
  const people = new Map(topics.map((t) => [t.id, t.people ?? null]));
  return {
    numeric: (feature, direction) => NUMERIC_EN[feature][direction === 'high' ? 0 : 1],
    negativeValue: 'negative value',
    lead: (platform, who) => (platform && who ? `${platform}-first ${who}` : platform ? `${platform}-first` : (who ?? '')),
    topic: (topic) => people.get(topic) ?? `talk about ${topic}`,
    language: (code) => LANGUAGE_EN[code] ?? `${code}-speaking`,
    region: (region) => `${region} region`,
    country: (code) => `in ${code}`,
    channel: (channel) => `via ${channel}`,
    typical: 'Typical customers',
  };
}

/** The trait's feature value as the vocabulary words it (null: not a trait that names). */
function phrase(trait: Trait, words: NameWords): string | null {
  switch (trait.kind) {
    case 'negative-value':
      return words.negativeValue;
    case 'numeric':
      return nameable(trait.feature, trait.direction) ? words.numeric(trait.feature, trait.direction) : null;
    case 'category':
      return categoryPhrase(trait.feature, trait.value, words);
  }
}

function categoryPhrase(feature: CategoricalFeature, value: string, words: NameWords): string {
  switch (feature) {
    case 'platform':
      return PLATFORM_LABEL[value as Platform] ?? value;
    case 'topic':
      return words.topic(value);
    case 'language':
      return words.language(value);
    case 'region':
      return isCountryRegion(value) ? words.country(value) : words.region(value);
    case 'channel':
      return words.channel(value);
  }
}

/** Every trait in words, in the order the name uses them. */
export function traitPhrases(traits: readonly Trait[], words: NameWords, topicsWithPeople: ReadonlySet<string>): string[] {
  const platform = traits.find((t) => t.kind === 'category' && t.feature === 'platform');
  const topic = traits.find((t) => t.kind === 'category' && t.feature === 'topic');
  const people = topic && topic.kind === 'category' && topicsWithPeople.has(topic.value) ? words.topic(topic.value) : null;
  const platformName = platform && platform.kind === 'category' ? categoryPhrase('platform', platform.value, words) : null;
  const out: string[] = [];
  if (platformName || people) out.push(words.lead(platformName, people));
  for (const t of traits) {
    if (t === platform || (t === topic && people)) continue;
    const p = phrase(t, words);
    if (p) out.push(p);
  }
  return out;
}

/** The name: the first phrases, the first letter capitalised. */
export function composeName(traits: readonly Trait[], words: NameWords, topicsWithPeople: ReadonlySet<string>, most = 4): string {
  const phrases = traitPhrases(traits, words, topicsWithPeople).slice(0, most);
  if (phrases.length === 0) return words.typical;
  const text = phrases.join(', ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}
