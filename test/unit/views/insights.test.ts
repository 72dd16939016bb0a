import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EarshotDatabase } from '../../../lib/db/database';
import { channels, quadrant, segmentSummaries, valueColumns } from '../../../lib/views/insights';
import { liveQuery } from 'dexie';
import { deleteDatabase, openFreshDatabase } from '../fresh-db';

let db: EarshotDatabase;
beforeEach(async () => void (db = await openFreshDatabase('insights')));
afterEach(() => deleteDatabase(db));

describe('valueColumns', () => {
  it('reads the four figures of every person from the indexes', async () => {
    await db.values.bulkPut([
      { personRef: 'customer:A', kind: 'customer', segment: 'champions', financial: 500, influence: 70, engagement: 1200, value: {} as never },
      { personRef: 'profile:x:b', kind: 'profile', segment: 'advocates', financial: 0, influence: 55, engagement: 550, value: {} as never },
    ]);
    const cols = await valueColumns(db);
    expect(cols.get('customer:A')).toEqual({ segment: 'champions', financial: 500, influence: 70, engagement: 1200 });
    // The quadrant places linked customers only (read from the directory), and works inside a live query.
    await db.people.bulkPut([
      { ref: 'customer:A', kind: 'customer', name: 'Anna', sortName: 'anna', status: 'linked', platforms: ['x'], profileIds: ['x:a'], tags: [], words: [] },
      { ref: 'profile:x:b', kind: 'profile', name: 'b', sortName: 'b', status: 'unmatched', platforms: ['x'], profileIds: ['x:b'], tags: [], words: [] },
    ]);
    const viaLive = await new Promise((resolve, reject) => {
      const sub = liveQuery(() => quadrant(db)).subscribe({ next: (v) => { sub.unsubscribe(); resolve(v); }, error: reject });
    });
    expect(viaLive).toEqual({
      points: [{ ref: 'customer:A', name: 'Anna', segment: 'champions', financial: 500, influence: 70, engagement: 1200 }],
      financialHigh: null,
      influenceHigh: null,
      currency: 'EUR',
    });
    expect((await segmentSummaries(db)).customers.find((s) => s.segment === 'champions')).toMatchObject({ customers: 1, netValue: 500, meanNetValue: 500 });
  });
});

describe('segmentSummaries', () => {
  it('sums and averages customers only; other people are counted apart, never in a customer segment', async () => {
    await db.values.bulkPut([
      { personRef: 'customer:A', kind: 'customer', segment: 'misers', financial: 10, influence: 2, engagement: 30, value: {} as never },
      { personRef: 'customer:B', kind: 'customer', segment: 'misers', financial: 30, influence: 4, engagement: 50, value: {} as never },
      { personRef: 'profile:x:c', kind: 'profile', segment: 'misers', financial: 0, influence: 9, engagement: 90, value: {} as never },
      { personRef: 'profile:x:d', kind: 'profile', segment: 'advocates', financial: 0, influence: 40, engagement: 400, value: {} as never },
    ]);
    const { customers, others } = await segmentSummaries(db);
    expect(customers.find((s) => s.segment === 'misers')).toEqual({ segment: 'misers', customers: 2, netValue: 40, meanNetValue: 20, engagementValue: 80, meanEngagementValue: 40, meanInfluence: 3 });
    expect(customers.find((s) => s.segment === 'advocates')).toMatchObject({ customers: 0, netValue: 0, meanNetValue: 0 });
    expect(others).toEqual({ people: 2, meanInfluence: 24.5, influential: 1 });
  });
});

describe('channels', () => {
  it("compares ratings on one scale (8 of 10 is 4 stars) and leaves the page owner's replies out", async () => {
    await db.values.bulkPut([{ personRef: 'profile:other:a', kind: 'profile', segment: 'advocates', financial: 0, influence: 50, engagement: 500, value: {} as never }]);
    await db.profiles.bulkPut([{ id: 'other:a', platform: 'other', key: 'a', displayName: 'A', firstSeenAt: 1, lastSeenAt: 1, seenOn: [] }]);
    const contribution = { profileId: 'other:a', profileKey: 'a', type: 'review', pageUrl: 'https://forum.example/t/1', aboutOwnBrand: false, firstSeenAt: 1, lastSeenAt: 1 } as const;
    await db.contributions.bulkPut([
      { ...contribution, id: 'c1', rating: 8, ratingScale: 10 },
      { ...contribution, id: 'c2', rating: 3 },
      { ...contribution, id: 'c3', rating: 1, role: 'owner-reply' },
    ]);
    const [other] = await channels(db);
    expect(other!.ratingBySegment.advocates).toEqual({ mean: 3.5, count: 2 });
  });
});
