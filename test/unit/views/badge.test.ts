import { describe, expect, it } from 'vitest';
import type { ValueRecord } from '../../../lib/value';
import { badgeView } from '../../../lib/views/badge';
import type { ResolvedProfile, Standing } from '../../../lib/views/standing';
import { localeText } from '../locale-text';

const en = localeText('en');

function person(standing: Standing, value?: Partial<ValueRecord>): ResolvedProfile {
  return {
    profileId: 'trustpilot:u1',
    profile: undefined,
    match: undefined,
    standing,
    personRef: standing === 'customer' ? 'customer:C1' : 'profile:trustpilot:u1',
    value: value ? { personRef: 'x', kind: standing === 'customer' ? 'customer' : 'profile', segment: 'misers', financial: 0, influence: 0, engagement: 0, value: {} as never, ...value } : undefined,
  };
}

describe('the words of a badge', () => {
  it('a customer: their net value, influence and segment', () => {
    expect(badgeView(person('customer', { financial: 1234.5, influence: 61.6, segment: 'champions' }), en, 'EUR')).toEqual({
      profileId: 'trustpilot:u1',
      words: 'Customer · €1,235 · influence 62 · Champion',
      tone: 'customer',
    });
    expect(badgeView(person('customer', { financial: -85, influence: 2, segment: 'negative-value' }), en, 'EUR')).toMatchObject({
      words: 'Customer · -€85 · influence 2 · Negative value',
      tone: 'warn',
    });
    // A customer is one before the values are computed.
    expect(badgeView(person('customer'), en, 'EUR')).toMatchObject({ words: 'Customer', tone: 'customer' });
  });

  it('a suggestion says "perhaps", never "not a customer"', () => {
    expect(badgeView(person('suggested', { influence: 3 }), en, 'EUR')).toMatchObject({ words: 'Perhaps your customer · influence 3', tone: 'suggested' });
  });

  it('a stranger gets no customer segment: no "Miser", no money; a detractor with reach is named', () => {
    expect(badgeView(person('stranger', { influence: 0.4, segment: 'misers' }), en, 'EUR')).toMatchObject({ words: 'Not a customer · influence 0', tone: 'stranger' });
    expect(badgeView(person('stranger', { influence: 40, segment: 'advocates', financial: 12 }), en, 'EUR')).toMatchObject({ words: 'Not a customer · influence 40' });
    expect(badgeView(person('stranger', { influence: 55, segment: 'detractor-with-reach' }), en, 'EUR')).toMatchObject({
      words: 'Not a customer · influence 55 · Detractor with reach',
      tone: 'warn',
    });
    // Nothing true to say yet about someone whose values are still being computed.
    expect(badgeView(person('stranger'), en, 'EUR')).toBeUndefined();
  });

  it('speaks the user\'s language, with numbers as that language writes them', () => {
    const customer = person('customer', { financial: 1234.5, influence: 61.6, segment: 'champions' });
    expect(badgeView(customer, localeText('nl'), 'EUR')!.words).toBe('Klant · €\u00a01.235 · invloed 62 · Kampioen');
    expect(badgeView(customer, localeText('ru'), 'EUR')!.words).toBe('Клиент · 1\u00a0235\u00a0€ · влияние 62 · Чемпион');
    expect(badgeView(person('suggested', { influence: 3 }), localeText('nl'), 'EUR')!.words).toBe('Misschien je klant · invloed 3');
    expect(badgeView(person('stranger', { influence: 3 }), localeText('ru'), 'EUR')!.words).toBe('Не клиент · влияние 3');
  });
});
