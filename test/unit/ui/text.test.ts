import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createText, pickLanguage, type Messages } from '../../../lib/ui/text';
import { evidenceWords, describe as describeInWords, describeWithoutWeight } from '../../../lib/ui/evidence';

const en: Messages = {
  counts_followers: { message: '$1 followers' },
  popup_summary: { message: 'People on this page: $1. Your customers: $2.' },
  only_english: { message: 'Only in English' },
  evidence_given_nickname: { message: 'First name agrees (nickname: {profile} = {customer})' },
};
const nl: Messages = {
  counts_followers: { message: '$1 volgers' },
  popup_summary: { message: 'Hier $1 personen, $2 klanten.' },
  evidence_given_nickname: { message: 'Voornaam klopt (roepnaam: {profile} = {customer})' },
};

describe('the interface text', () => {
  it('fills substitutions in order and falls back to English, then to the key', () => {
    const text = createText('nl', nl, en);
    expect(text.t('counts.followers' as never, '12K')).toBe('12K volgers');
    expect(text.t('popup.summary' as never, 20, 3)).toBe('Hier 20 personen, 3 klanten.');
    expect(text.t('only.english' as never)).toBe('Only in English');
    expect(text.t('no.such.key' as never)).toBe('no.such.key');
  });

  it('formats numbers, money and dates the way each language writes them', () => {
    expect(createText('nl', nl).money(1234.5, 'EUR')).toBe('€\u00a01.235');
    expect(createText('en', en).money(-1234.5, 'EUR')).toBe('-€1,235');
    expect(createText('ru', {}).number(1234567)).toBe('1\u00a0234\u00a0567');
    expect(createText('en', en).compact(12_400)).toBe('12.4k');
    expect(createText('nl', nl).date('2024-07-06')).toBe('6 jul 2024');
  });

  it('chooses plural forms by each language’s rules', () => {
    const messages: Messages = { counts_reviews: { message: '$1 review | $1 reviews' } };
    const russian: Messages = { counts_reviews: { message: '$1 отзыв | $1 отзыва | $1 отзывов' } };
    expect(createText('en', messages).plural('counts.reviews' as never, 1)).toBe('1 review');
    expect(createText('en', messages).plural('counts.reviews' as never, 12_400, '12.4k')).toBe('12.4k reviews');
    expect([1, 3, 5, 21].map((n) => createText('ru', russian).plural('counts.reviews' as never, n))).toEqual(['1 отзыв', '3 отзыва', '5 отзывов', '21 отзыв']);
  });

  it('picks the chosen language, else the browser’s when there is one, else English', () => {
    expect(pickLanguage('ru', 'nl-NL')).toBe('ru');
    expect(pickLanguage('auto', 'nl-BE')).toBe('nl');
    expect(pickLanguage('auto', 'de-DE')).toBe('en');
  });

  it('puts the matcher’s evidence in the interface language, English where a line is missing', () => {
    const text = createText('nl', nl, en);
    expect(describeInWords(text, { field: 'given', comparison: 'nickname', weight: 6.14 })).toBe('Voornaam klopt +6.1');
    expect(evidenceWords(text)['place.city']).toBe('Lives in the same city ({customer})');
    // A table with its own weight column gets the words alone, negative weights included.
    expect(describeWithoutWeight(text, { field: 'place', comparison: 'other-country', weight: -4 })).toBe('Different country');
  });
});

describe('the locale files', () => {
  const keysOf = (file: string) => {
    const keys: string[] = [];
    let section = '';
    for (const line of readFileSync(new URL(`../../../locales/${file}`, import.meta.url), 'utf8').split('\n')) {
      const top = /^([A-Za-z_]\w*):/.exec(line);
      const nested = /^ {2}([A-Za-z_]\w*):/.exec(line);
      if (top) section = top[1]!;
      if (nested) keys.push(`${section}.${nested[1]}`);
      else if (top && !line.trim().endsWith(':')) keys.push(section);
    }
    return keys;
  };

  it('have the same keys in English, Dutch and Russian', () => {
    const english = keysOf('en.yml');
    expect(english.length).toBeGreaterThan(300);
    expect(keysOf('nl.yml')).toEqual(english);
    expect(keysOf('ru.yml')).toEqual(english);
  });

  it('load in Chrome: names differ in more than case, and no $1 runs into a $ (read as a named placeholder "$1$")', async () => {
    const { localeMessages } = await import('../locale-text');
    for (const language of ['en', 'nl', 'ru'] as const) {
      const messages = localeMessages(language);
      const names = Object.keys(messages).map((n) => n.toLowerCase());
      expect(names.filter((n, i) => names.indexOf(n) !== i), language).toEqual([]);
      expect(Object.entries(messages).filter(([, { message }]) => /\$\d\$/.test(message)).map(([name]) => name), language).toEqual([]);
    }
  });
});

describe('the evidence in every language', () => {
  it('has a line in each locale for every level the matcher can record, so no language falls back to English', async () => {
    const { EVIDENCE_WORDS } = await import('../../../lib/match/explain');
    const { evidenceKey } = await import('../../../lib/ui/evidence');
    const { localeMessages } = await import('../locale-text');
    for (const language of ['en', 'nl', 'ru'] as const) {
      const messages = localeMessages(language);
      const missing = Object.keys(EVIDENCE_WORDS).filter((id) => !(evidenceKey(id).replace('.', '_') in messages));
      expect(missing, language).toEqual([]);
    }
  });
});
