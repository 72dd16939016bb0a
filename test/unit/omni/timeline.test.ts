import { describe, expect, it } from 'vitest';
import { dayNumber } from '../../../lib/calendar/iso-week';
import { contributionEvent, orderEvent, type ActivityEvent } from '../../../lib/omni/activity';
import { cellKey, cellTotal, segmentHeatmap, weeklyTimeline } from '../../../lib/omni/timeline';
import { channelChanges } from '../../../lib/omni/channel-change';

const day = (text: string) => dayNumber(text)!;
const review = (date: string, rating?: number) => contributionEvent({ date, type: 'review', aboutOwnBrand: true, ...(rating ? { rating } : {}) }, 'trustpilot')!;
const post = (date: string) => contributionEvent({ date, type: 'post', aboutOwnBrand: false }, 'instagram')!;
const order = (date: string, channel?: string) => orderEvent({ date, amount: 20, ...(channel ? { channel } : {}) })!;

describe('activity events', () => {
  it('dates a contribution by the day it was written (a date-time by its written date), and leaves out undated ones', () => {
    expect(contributionEvent({ date: '2026-12-31T23:30:00-05:00', type: 'review', rating: 4, aboutOwnBrand: true }, 'trustpilot')).toEqual({ day: day('2026-12-31'), channel: 'platform:trustpilot', kind: 'review', rating: 4, ownBrand: true });
    expect(contributionEvent({ type: 'comment', aboutOwnBrand: false }, 'x')).toBeNull();
    expect(orderEvent({ date: '2026-01-02', amount: 10, channel: 'store' })).toEqual({ day: day('2026-01-02'), channel: 'order:store', kind: 'order' });
    expect(orderEvent({ date: '2026-01-02', amount: 10 })).toMatchObject({ channel: 'order:' });
    // A refund is not a visit.
    expect(orderEvent({ date: '2026-01-02', amount: -10, channel: 'store' })).toBeNull();
  });
});

describe('a person\'s weekly timeline', () => {
  it('puts the days around New Year in their ISO weeks', () => {
    const events = [review('2026-12-28', 5), review('2026-12-31', 3), post('2027-01-03'), order('2027-01-04', 'webshop'), review('2024-12-30')];
    const t = weeklyTimeline(events, { first: '2026-W52', last: '2027-W01' });
    expect(t.weeks).toEqual(['2026-W52', '2026-W53', '2027-W01']);
    expect(t.cells.get(cellKey('platform:trustpilot', '2026-W53'))).toEqual({ reviews: 2, posts: 0, comments: 0, orders: 0, ratingSum: 8, rated: 2 });
    expect(cellTotal(t.cells.get(cellKey('platform:instagram', '2026-W53')))).toBe(1);
    expect(cellTotal(t.cells.get(cellKey('order:webshop', '2027-W01')))).toBe(1);
    expect(t.channels).toEqual(['platform:trustpilot', 'order:webshop', 'platform:instagram']);
    // 2024-12-30 is in 2025-W01: outside the weeks shown, and counted as such.
    expect(t.outside).toBe(1);
    expect(weeklyTimeline([review('2024-12-30')]).weeks).toEqual(['2025-W01']);
  });

  it('is empty without events and without a range', () => {
    expect(weeklyTimeline([])).toEqual({ weeks: [], channels: [], cells: new Map(), outside: 0 });
  });
});

describe('the segment heatmap', () => {
  it('counts people, not contributions, per segment, channel and week', () => {
    const people = [
      { person: 'customer:A', segment: 'champions', events: [review('2026-11-30'), review('2026-12-01'), post('2026-12-08')] },
      { person: 'customer:B', segment: 'champions', events: [review('2026-12-02')] },
      { person: 'profile:x:c', segment: 'detractor-with-reach', events: [review('2026-12-03', 1)] },
      { person: 'customer:D', segment: 'misers', events: [review('2026-10-01')] },
    ];
    const map = segmentHeatmap(people, ['2026-W49', '2026-W50'], ['champions', 'affluents', 'detractor-with-reach']);
    expect(map.rows).toEqual([
      { segment: 'champions', channel: 'platform:trustpilot', people: [2, 0], total: 2 },
      { segment: 'champions', channel: 'platform:instagram', people: [0, 1], total: 1 },
      { segment: 'detractor-with-reach', channel: 'platform:trustpilot', people: [1, 0], total: 1 },
    ]);
    expect(map.max).toBe(2);
  });
});

describe('customers who changed channel', () => {
  it('are active this week on a channel they did not use in the twelve weeks before, having been active elsewhere', () => {
    const people = new Map<string, ActivityEvent[]>([
      // Bought in the store for months, now on the webshop and on Instagram.
      ['customer:A', [order('2026-10-01', 'store'), order('2026-11-02', 'store'), order('2026-12-01', 'webshop'), post('2026-12-02')]],
      // Same channel as before: no change.
      ['customer:B', [order('2026-10-05', 'webshop'), order('2026-12-01', 'webshop')]],
      // New this week altogether: an arrival, not a change.
      ['customer:C', [order('2026-12-01', 'webshop')]],
      // Last seen before the lookback: not "before".
      ['customer:D', [order('2026-06-01', 'store'), order('2026-12-01', 'webshop')]],
      // An order without a named channel says nothing about channels.
      ['customer:E', [order('2026-10-01', 'store'), order('2026-12-01')]],
    ]);
    expect(channelChanges(people, '2026-W49')).toEqual([{ person: 'customer:A', from: ['order:store'], to: ['order:webshop', 'platform:instagram'] }]);
  });
});
