/**
 * What people write, as a persona reads it: the words (folded like search
 * words, without the little words every text has), the language a text is
 * in, and the topics it is about. Deliberately simple and inspectable: the
 * stop words and topic stems are lists a reviewer can read.
 */
import { searchWords } from '../text/search';
import type { Topic } from './settings';

export const LANGUAGES = ['en', 'nl', 'ru'] as const;
export type WrittenLanguage = (typeof LANGUAGES)[number];

/** The most frequent words of each language (folded): they tell the language and are no topic. */
const STOP_WORDS: Record<WrittenLanguage, readonly string[]> = {
  en: [
    'the', 'and', 'a', 'an', 'to', 'of', 'in', 'is', 'it', 'my', 'i', 'for', 'was', 'with', 'on', 'but', 'not', 'this', 'that', 'would',
    'from', 'again', 'be', 'are', 'have', 'had', 'so', 'very', 'could', 'when', 'about', 'you', 'me', 'at', 'both', 'what', 'your', 'our',
    'we', 'they', 'all', 'one', 'just', 'there', 'their', 'or', 'if', 'do', 'did', 'no', 'by', 'as', 'up', 'out', 'will', 'can', 'has',
  ],
  nl: [
    'de', 'het', 'een', 'en', 'van', 'is', 'ik', 'niet', 'te', 'op', 'dat', 'die', 'in', 'met', 'voor', 'mijn', 'zijn', 'maar', 'al', 'na',
    'dan', 'er', 'om', 'ook', 'als', 'bij', 'aan', 'nog', 'wat', 'hem', 'haar', 'je', 'jij', 'we', 'wij', 'ze', 'zij', 'was', 'heb', 'heeft',
    'niets', 'geen', 'wel', 'nu', 'of', 'door', 'tot', 'uit', 'over', 'naar', 'zo', 'daar', 'hier', 'deze', 'dit', 'kan', 'moet', 'zou',
  ],
  ru: [
    'и', 'в', 'не', 'на', 'я', 'что', 'с', 'по', 'но', 'как', 'а', 'то', 'все', 'всё', 'так', 'его', 'за', 'от', 'мой', 'моя', 'мои', 'это',
    'уже', 'очень', 'он', 'она', 'они', 'мы', 'вы', 'ты', 'бы', 'же', 'ли', 'из', 'у', 'к', 'о', 'до', 'для', 'при', 'был', 'была', 'было',
  ],
};

const STOP = new Set(Object.values(STOP_WORDS).flat().map((w) => w.replace(/ё/g, 'е')));
const BY_LANGUAGE = Object.fromEntries(LANGUAGES.map((l) => [l, new Set(STOP_WORDS[l].map((w) => w.replace(/ё/g, 'е')))])) as Record<WrittenLanguage, Set<string>>;
const CYRILLIC = /\p{Script=Cyrillic}/u;

/** The words of a text as search folds them, without stop words, numbers and one- or two-letter words. */
export function contentWords(text: string): string[] {
  return searchWords(text).filter((w) => w.length > 2 && !STOP.has(w) && !/^\d+$/.test(w));
}

/**
 * The language a person writes in, from all they wrote: Cyrillic words are
 * Russian; Latin ones count for the language whose stop words they are.
 * Null when nothing tells (no text, or a tie).
 */
export function writtenLanguage(texts: readonly string[]): WrittenLanguage | null {
  const votes: Record<WrittenLanguage, number> = { en: 0, nl: 0, ru: 0 };
  for (const text of texts) {
    for (const word of searchWords(text)) {
      if (CYRILLIC.test(word)) votes.ru += 1;
      else {
        if (BY_LANGUAGE.en.has(word)) votes.en += 1;
        if (BY_LANGUAGE.nl.has(word)) votes.nl += 1;
      }
    }
  }
  const ranked = LANGUAGES.map((l) => [l, votes[l]] as const).sort((a, b) => b[1] - a[1]);
  const [first, second] = ranked;
  return first![1] > 0 && first![1] > second![1] ? first![0] : null;
}

/** Stems ready for matching: folded the way words are. */
export interface TopicMatcher {
  ids: string[];
  stems: string[][];
}

export function topicMatcher(topics: readonly Topic[]): TopicMatcher {
  return { ids: topics.map((t) => t.id), stems: topics.map((t) => t.words.flatMap((w) => searchWords(w)).filter((w) => w.length >= 3)) };
}

/** The topic most of the words are about (ties: the one listed first), or null when none is. */
export function mainTopic(texts: readonly string[], matcher: TopicMatcher): string | null {
  const hits = new Array<number>(matcher.ids.length).fill(0);
  for (const text of texts) {
    for (const word of searchWords(text)) {
      matcher.stems.forEach((stems, t) => {
        if (stems.some((s) => word.startsWith(s))) hits[t] = hits[t]! + 1;
      });
    }
  }
  let best = -1;
  hits.forEach((h, t) => {
    if (h > 0 && (best < 0 || h > hits[best]!)) best = t;
  });
  return best < 0 ? null : matcher.ids[best]!;
}

/** The n most frequent content words of some texts, most frequent first (ties alphabetical). */
export function topWords(counts: ReadonlyMap<string, number>, n: number): { word: string; count: number }[] {
  return [...counts]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .slice(0, n)
    .map(([word, count]) => ({ word, count }));
}
