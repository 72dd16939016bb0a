import { describe, expect, it } from 'vitest';
import { dayNumber } from '../../../lib/calendar/iso-week';
import { LEVERS } from '../../../lib/actions/levers';
import { actionsBySegment, actionsFor, type ActionContribution, type ActionSettings } from '../../../lib/actions/rules';
import { customer, profile } from './people';

const settings: ActionSettings = { asOfDay: dayNumber('2026-12-06')!, currency: 'EUR', competitorBrands: ['Zalando', 'Wehkamp'], knowledgeValuePerReview: 5 };
const review = (date: string, rating: number, extra: Partial<ActionContribution> = {}): ActionContribution => ({ type: 'review', rating, date, aboutOwnBrand: true, pageUrl: `https://reviews.example/${date}/${rating}`, ...extra });
const kinds = (list: { kind: string }[]) => list.map((a) => a.kind);

describe('next best actions, one rule at a time', () => {
  it('thanks a Champion: half the chance of a tenth of their engagement value', () => {
    const [a, ...rest] = actionsFor({ personRef: 'customer:C1', value: customer('C1', { segment: 'champions', net: 900, engagementValue: 1200, influence: 40 }), contributions: [] }, settings);
    expect(rest).toEqual([]);
    expect(a).toMatchObject({ id: 'thank-champion|customer:C1', kind: 'thank-champion', segment: 'champions', currency: 'EUR', figures: { netValue: 900, engagementValue: 1200, influence: 40 } });
    expect(a!.expectedValue).toBe(LEVERS['thank-champion'].success * 120);
  });

  it('invites an Advocate, a captured person too, for their influence value', () => {
    const [a] = actionsFor({ personRef: 'profile:instagram:lotte', value: profile('instagram:lotte', { segment: 'advocates', influence: 60, influenceValue: 600, followers: 12000 }), contributions: [] }, settings);
    expect(a).toMatchObject({ kind: 'invite-advocate', figures: { followers: 12000, influenceValue: 600 }, expectedValue: 120 });
  });

  it('wins back an Affluent only when P(alive) has fallen below a half', () => {
    const fading = actionsFor({ personRef: 'customer:A1', value: customer('A1', { segment: 'affluents', net: 2000, pAlive: 0.31 }), contributions: [] }, settings);
    expect(fading).toMatchObject([{ kind: 'win-back-affluent', figures: { pAlive: 0.31, daysSinceLastPurchase: 97, netValue: 2000 }, expectedValue: 300 }]);
    expect(actionsFor({ personRef: 'customer:A2', value: customer('A2', { segment: 'affluents', net: 2000, pAlive: 0.8 }), contributions: [] }, settings)).toEqual([]);
    // Without a forecast there is no P(alive) to read: no guess.
    expect(actionsFor({ personRef: 'customer:A3', value: customer('A3', { segment: 'affluents', net: 2000, pAlive: null }), contributions: [] }, settings)).toEqual([]);
  });

  it('keeps a customer who praises a competitor lately, linking to what they wrote', () => {
    const praise = review('2026-11-20', 5, { aboutOwnBrand: false, subject: 'Jas van ZALANDO', pageUrl: 'https://reviews.example/zalando/1' });
    const [a] = actionsFor({ personRef: 'customer:K1', value: customer('K1', { segment: 'misers', net: 400 }), contributions: [praise] }, settings);
    expect(a).toMatchObject({ kind: 'keep-from-competitor', link: 'https://reviews.example/zalando/1', figures: { competitor: 'Zalando', rating: 5, date: '2026-11-20' }, expectedValue: 100 });
    // A post naming a competitor, unrated, counts; a low rating of the competitor does not; neither does an old one.
    const post = { type: 'post' as const, date: '2026-12-01', aboutOwnBrand: false, text: 'love my new Wehkamp boots', pageUrl: 'https://social.example/p/1' };
    expect(kinds(actionsFor({ personRef: 'customer:K2', value: customer('K2', { segment: 'misers', net: 50 }), contributions: [post] }, settings))).toEqual(['keep-from-competitor']);
    const low = { ...praise, rating: 2 };
    const old = { ...praise, date: '2026-08-01' };
    expect(actionsFor({ personRef: 'customer:K3', value: customer('K3', { segment: 'misers', net: 400 }), contributions: [low, old] }, settings)).toEqual([]);
    // A captured person who is not a customer cannot be kept.
    expect(actionsFor({ personRef: 'profile:x:k', value: profile('x:k', { segment: 'misers' }), contributions: [praise] }, settings)).toEqual([]);
  });

  it('answers a detractor with reach at their lowest, latest review of the own brands', () => {
    const contributions = [review('2026-10-01', 2), review('2026-11-01', 1), review('2026-09-01', 1), review('2026-11-15', 1, { aboutOwnBrand: false })];
    const [a] = actionsFor({ personRef: 'profile:tp:d', value: profile('tp:d', { segment: 'detractor-with-reach', influenceValue: 300, followers: 5000 }), contributions }, settings);
    expect(a).toMatchObject({ kind: 'answer-detractor', link: 'https://reviews.example/2026-11-01/1', figures: { rating: 1, date: '2026-11-01', followers: 5000 }, expectedValue: 90 });
  });

  it('asks a satisfied recent reviewer for a testimonial, not a detractor nor one of negative value', () => {
    const good = [review('2026-11-30', 5), review('2026-10-10', 4), review('2026-06-01', 5)];
    const [a] = actionsFor({ personRef: 'customer:T1', value: customer('T1', { segment: 'misers', net: 80, influenceValue: 50 }), contributions: good }, settings);
    expect(a).toMatchObject({ kind: 'ask-testimonial', link: 'https://reviews.example/2026-11-30/5', figures: { reviews: 2, rating: 5 }, expectedValue: 0.3 * (5 + 5) });
    expect(kinds(actionsFor({ personRef: 'customer:T2', value: customer('T2', { segment: 'misers' }), contributions: [review('2026-11-30', 3)] }, settings))).toEqual([]);
    expect(kinds(actionsFor({ personRef: 'customer:T3', value: customer('T3', { segment: 'negative-value', net: -10 }), contributions: good }, settings))).toEqual(['reconsider-terms']);
  });

  it('reconsiders the terms of a negative-value customer, naming the cost that drives it', () => {
    const returns = actionsFor({ personRef: 'customer:N1', value: customer('N1', { segment: 'negative-value', net: -300, orders: 10, refunds: 4, ordersCostToServe: 100 }), contributions: [] }, settings);
    expect(returns).toMatchObject([{ kind: 'reconsider-terms', figures: { driver: 'returns', refunds: 4, orders: 10, netValue: -300 }, expectedValue: 150 }]);
    const serving = actionsFor({ personRef: 'customer:N2', value: customer('N2', { segment: 'negative-value', net: -50, orders: 10, refunds: 1, ordersCostToServe: 400, costPerOrder: 2 }), contributions: [] }, settings);
    expect(serving[0]!.figures).toMatchObject({ driver: 'cost-to-serve', ordersCostToServe: 400, handling: 20, costToDate: 420 });
    const handling = actionsFor({ personRef: 'customer:N3', value: customer('N3', { segment: 'negative-value', net: -50, orders: 10, ordersCostToServe: 5, costPerOrder: 3 }), contributions: [] }, settings);
    expect(handling[0]!.figures['driver']).toBe('handling');
  });

  it('gives a person every action that applies, the most valuable first, and sums them per segment', () => {
    const praise = review('2026-11-20', 5, { aboutOwnBrand: false, subject: 'Zalando' });
    const person = { personRef: 'customer:M', value: customer('M', { segment: 'champions', net: 1000, engagementValue: 1000 }), contributions: [praise, review('2026-11-21', 5)] };
    const list = actionsFor(person, settings);
    expect(kinds(list)).toEqual(['keep-from-competitor', 'thank-champion', 'ask-testimonial']);
    expect(actionsBySegment([...list, ...list])).toEqual([
      { segment: 'champions', kind: 'keep-from-competitor', count: 2, expectedValue: 500 },
      { segment: 'champions', kind: 'thank-champion', count: 2, expectedValue: 100 },
      { segment: 'champions', kind: 'ask-testimonial', count: 2, expectedValue: 3 },
    ]);
  });
});
