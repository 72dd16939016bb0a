import { describe, expect, it } from 'vitest';
import { composeName, englishWords, traitPhrases, DEFAULT_PERSONA_SETTINGS, type Trait } from '../../../lib/persona';
import { NUMERIC_FEATURES } from '../../../lib/persona/features';
import { localWords } from '../../../lib/ui/persona-words';
import { UI_LANGUAGES } from '../../../lib/ui/text';
import { localeText } from '../locale-text';

const topics = DEFAULT_PERSONA_SETTINGS.topics;
const withPeople = new Set(topics.filter((t) => t.people).map((t) => t.id));

/** Every kind of trait a persona can have, each numeric feature on both sides. */
const EVERY_TRAIT: Trait[] = [
  { kind: 'category', feature: 'platform', value: 'instagram', share: 0.8, lift: 3 },
  { kind: 'category', feature: 'topic', value: 'baking', share: 0.7, lift: 4 },
  { kind: 'category', feature: 'region', value: 'Utrecht', share: 0.6, lift: 2 },
  { kind: 'category', feature: 'region', value: 'BE', share: 0.6, lift: 2 },
  { kind: 'category', feature: 'language', value: 'ru', share: 0.9, lift: 5 },
  { kind: 'category', feature: 'channel', value: 'newsletter', share: 0.9, lift: 5 },
  ...NUMERIC_FEATURES.flatMap((feature) => (['high', 'low'] as const).map((direction): Trait => ({ kind: 'numeric', feature, direction, z: 1 }))),
  { kind: 'negative-value' },
];

describe('persona names in the interface language', () => {
  it('in English, read exactly as the command line and the CRM name them', () => {
    const traits = EVERY_TRAIT;
    for (let most = 1; most <= traits.length; most++) {
      expect(composeName(traits, localWords(localeText('en'), topics), withPeople, most)).toBe(composeName(traits, englishWords(topics), withPeople, most));
    }
  });

  it('have words for every trait in Dutch and Russian, none of them English or a message key', () => {
    const english = traitPhrases(EVERY_TRAIT, englishWords(topics), withPeople);
    for (const language of UI_LANGUAGES.filter((l) => l !== 'en')) {
      const phrases = traitPhrases(EVERY_TRAIT, localWords(localeText(language), topics), withPeople);
      expect(phrases.join()).not.toContain('personas.');
      expect(phrases).toHaveLength(english.length);
      // Place names and codes stay as they are; every other phrase is the language's own.
      phrases.forEach((phrase, i) => {
        if (!/Utrecht|BE|newsletter/.test(english[i]!)) expect(phrase.toLowerCase()).not.toBe(english[i]!.toLowerCase());
      });
    }
    expect(composeName(EVERY_TRAIT.slice(0, 2), localWords(localeText('nl'), topics), withPeople)).toBe('Thuisbakkers, vooral op Instagram');
  });

  it('keep the words a person gave a topic of their own', () => {
    const own = [...topics, { id: 'camping', people: 'campers', words: ['tent'] }];
    const traits: Trait[] = [{ kind: 'category', feature: 'topic', value: 'camping', share: 0.7, lift: 4 }];
    expect(composeName(traits, localWords(localeText('ru'), own), new Set(['camping']))).toBe('Campers');
    expect(composeName(traits, localWords(localeText('nl'), topics), withPeople)).toBe('Praten over camping');
  });
});
