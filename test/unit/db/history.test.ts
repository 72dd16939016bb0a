/**
 * The segment trend's days: one snapshot per day (replaced when the day's
 * counts change), one from the retention schedule on a day nothing changed,
 * and the sample's weeks before today counted from its orders and captures.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runRetention } from '../../../lib/background/retention';
import type { EarshotDatabase } from '../../../lib/db/database';
import { backfillRequestedHistory, HISTORY_BACKFILL_META_KEY, requestHistoryBackfill } from '../../../lib/db/history-backfill';
import { recordSegmentSnapshot, segmentHistory } from '../../../lib/db/history';
import { valueRecords } from '../../../lib/value';
import { Profile, type Match } from '../../../lib/model';
import type { EngagementSegment } from '../../../lib/value/types';
import { customer, profile } from '../actions/people';
import { deleteDatabase, openFreshDatabase } from '../fresh-db';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 11, 7, 9);
let db: EarshotDatabase;

const seen = (id: string, daysAgo: number) =>
  Profile.parse({ id, platform: 'trustpilot', key: id, displayName: id, firstSeenAt: NOW - daysAgo * DAY, lastSeenAt: NOW - daysAgo * DAY });
const linked = (profileId: string, customerId: string): Match => ({ profileId, customerId, status: 'confirmed', score: 1, evidence: [], decidedBy: 'user', decidedAt: NOW, rejectedCustomerIds: [] });
const withFirstPurchase = (id: string, segment: EngagementSegment, firstPurchase: string) => {
  const c = customer(id, { segment });
  return { ...c, summary: { ...c.summary, firstPurchase } };
};

beforeEach(async () => {
  db = await openFreshDatabase('history');
});
afterEach(() => deleteDatabase(db));

describe('the segment history', () => {
  it('keeps one snapshot a day, the latest counts of the day', async () => {
    await db.values.bulkPut(valueRecords({ customers: [customer('C1', { segment: 'champions' })], profiles: [] }));
    await recordSegmentSnapshot(db, NOW);
    await db.values.bulkPut(valueRecords({ customers: [customer('C2', { segment: 'champions' })], profiles: [] }));
    await recordSegmentSnapshot(db, NOW + 3_600_000);
    await recordSegmentSnapshot(db, NOW + DAY);
    expect((await segmentHistory(db)).map((s) => [s.day, s.counts.champions])).toEqual([
      ['2026-12-07', 2],
      ['2026-12-08', 2],
    ]);
  });

  it('gets a point from the retention schedule on a day nothing changed, and none before there are values', async () => {
    const deps = { db, now: () => NOW, retentionDays: async () => 30 };
    await runRetention(deps);
    expect(await segmentHistory(db)).toEqual([]);
    await db.values.bulkPut(valueRecords({ customers: [customer('C1', { segment: 'affluents' })], profiles: [] }));
    await runRetention({ ...deps, now: () => NOW + DAY });
    expect(await segmentHistory(db)).toEqual([{ day: '2026-12-08', counts: { affluents: 1 }, linked: 0 }]);
  });
});

describe('a backfilled history (the sample)', () => {
  beforeEach(async () => {
    await db.profiles.bulkPut([seen('tp:a', 20), seen('tp:b', 5), seen('tp:c', 2)]);
    await db.matches.bulkPut([linked('tp:b', 'C1')]);
  });

  it('waits for values, then counts each person from the day they first appear, in their segment now', async () => {
    await requestHistoryBackfill(db, '2026-11-27', NOW);
    expect(await backfillRequestedHistory(db, NOW)).toBe(0);
    expect(await db.meta.get(HISTORY_BACKFILL_META_KEY)).toBeDefined();

    await db.values.bulkPut(
      valueRecords({
        customers: [withFirstPurchase('C1', 'champions', '2025-03-01'), withFirstPurchase('C2', 'misers', '2026-12-01')],
        profiles: [profile('tp:a', { segment: 'misers' }), profile('tp:c', { segment: 'advocates' })],
      }),
    );
    await recordSegmentSnapshot(db, NOW);
    expect(await backfillRequestedHistory(db, NOW)).toBe(10);
    const history = await segmentHistory(db);
    const days = Array.from({ length: 11 }, (_, i) => new Date(Date.UTC(2026, 10, 27 + i)).toISOString().slice(0, 10));
    expect(history.map((s) => s.day)).toEqual(days); // 27 Nov to yesterday filled, then today's
    const on = (day: string) => history.find((s) => s.day === day)!;
    // 27 Nov: C1 (bought long before) and tp:a (seen 20 days ago); C2 first bought on 1 Dec, tp:c was seen on 5 Dec.
    expect(on('2026-11-27')).toEqual({ day: '2026-11-27', counts: { champions: 1, misers: 1 }, linked: 0 });
    expect(on('2026-12-01').counts).toEqual({ champions: 1, misers: 2 });
    // C1 is linked from the day their profile tp:b was first seen (2 Dec).
    expect(on('2026-12-02').linked).toBe(1);
    expect(on('2026-12-06')).toEqual({ day: '2026-12-06', counts: { champions: 1, misers: 2, advocates: 1 }, linked: 1 });
    // Today's own snapshot is kept as recorded, and the request is done.
    expect(on('2026-12-07')).toEqual({ day: '2026-12-07', counts: { champions: 1, misers: 2, advocates: 1 }, linked: 0 });
    expect(await db.meta.get(HISTORY_BACKFILL_META_KEY)).toBeUndefined();
    expect(await backfillRequestedHistory(db, NOW)).toBe(0);
  });

  it('keeps the days already recorded', async () => {
    await db.values.bulkPut(valueRecords({ customers: [withFirstPurchase('C1', 'champions', '2025-03-01')], profiles: [] }));
    await recordSegmentSnapshot(db, NOW - 3 * DAY);
    await db.values.bulkPut(valueRecords({ customers: [withFirstPurchase('C1', 'affluents', '2025-03-01')], profiles: [] }));
    await requestHistoryBackfill(db, '2026-12-01', NOW);
    await backfillRequestedHistory(db, NOW);
    const history = await segmentHistory(db);
    expect(history.map((s) => s.day)).toEqual(['2026-12-01', '2026-12-02', '2026-12-03', '2026-12-04', '2026-12-05', '2026-12-06']);
    expect(history.find((s) => s.day === '2026-12-04')!.counts).toEqual({ champions: 1 });
    expect(history.find((s) => s.day === '2026-12-05')!.counts).toEqual({ affluents: 1 });
  });
});
