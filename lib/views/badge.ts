/**
 * The words of an in-page badge, in the user's language: customer or not (or
 * perhaps, while a suggestion waits for a person), the net value for
 * customers, the influence for everyone. Segments are customers' words: a
 * stranger is never called a Miser; only a detractor with reach is named as
 * such, because that matters whoever they are. The service worker composes
 * the words, so content scripts carry no message files and no value logic.
 */
import type { Text } from '../ui/text';
import type { ResolvedProfile, Standing } from './standing';

/** How the badge is coloured: by standing, with a warning tone for people to be careful with. */
export type BadgeTone = Standing | 'warn';

export interface BadgeView {
  profileId: string;
  words: string;
  tone: BadgeTone;
}

const CUSTOMER_SEGMENT_WORDS = {
  champions: 'badge.champion',
  affluents: 'badge.affluent',
  advocates: 'badge.advocate',
  'negative-value': 'badge.negativeValue',
  'detractor-with-reach': 'badge.detractor',
} as const;

const WARNING_SEGMENTS: ReadonlySet<string> = new Set(['negative-value', 'detractor-with-reach']);

/** The badge of one person; undefined while there is nothing true to say yet (values still being computed). */
export function badgeView(person: ResolvedProfile, text: Text, currency: string): BadgeView | undefined {
  const { standing, value } = person;
  if (!value && standing !== 'customer') return undefined;
  const parts: string[] = [text.t(standing === 'customer' ? 'badge.customer' : standing === 'suggested' ? 'badge.perhaps' : 'badge.stranger')];
  if (standing === 'customer' && value?.kind === 'customer') parts.push(text.money(value.financial, currency));
  if (value) parts.push(text.t('badge.influence', text.number(Math.round(value.influence))));
  const segment = value?.segment;
  const shown = segment && segment in CUSTOMER_SEGMENT_WORDS && (standing === 'customer' || segment === 'detractor-with-reach') ? segment : undefined;
  if (shown) parts.push(text.t(CUSTOMER_SEGMENT_WORDS[shown as keyof typeof CUSTOMER_SEGMENT_WORDS]));
  return { profileId: person.profileId, words: parts.join(' · '), tone: shown && WARNING_SEGMENTS.has(shown) ? 'warn' : standing };
}
