/**
 * Segment counts for days before the first recorded one, from what the data
 * says of those days: each person counts from the day they first appear (a
 * customer's first purchase, a captured profile's first sighting) in the
 * segment they hold now, since no earlier value run exists to ask. Only the
 * sample asks for it (a marketer "a few weeks in" should see a trend on the
 * first day); a real history is recorded day by day (history.ts).
 *
 * The request is stored, not held in memory: values are computed after the
 * sample is loaded, by work that may outlive the service worker, and the
 * counts can only be made once values exist.
 */
import { z } from '../zod';
import { isLinked } from '../model';
import { ENGAGEMENT_SEGMENTS, EngagementSegment } from '../value/types';
import type { EarshotDatabase } from './database';
import { segmentHistory, writeSegmentHistory, type SegmentSnapshot } from './history';
import { deleteMeta, metaKey, readMetaIfValid, writeMeta } from './meta';

export const HISTORY_BACKFILL_META_KEY = 'segments.history.backfill';
const BackfillRequest = z.object({ fromDay: z.string().regex(/^\d{4}-\d{2}-\d{2}$/) });
const BACKFILL_REQUEST = metaKey(HISTORY_BACKFILL_META_KEY, BackfillRequest);

const DAY = 86_400_000;
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export async function requestHistoryBackfill(db: EarshotDatabase, fromDay: string, now: number): Promise<void> {
  await writeMeta(db, BACKFILL_REQUEST, { fromDay }, now);
}

/**
 * Fill the days from the requested one up to yesterday that have no record, when a request is waiting and
 * values exist; the request is then done. Days already recorded are kept as they are.
 */
export async function backfillRequestedHistory(db: EarshotDatabase, now: number): Promise<number> {
  const request = await readMetaIfValid(db, BACKFILL_REQUEST);
  if (!request) return 0;
  const values = await db.values.toArray();
  if (values.length === 0) return 0;
  const [profiles, matches] = await Promise.all([db.profiles.toArray(), db.matches.toArray()]);
  const firstSeen = new Map(profiles.map((p) => [p.id, isoDay(p.firstSeenAt)]));

  // The day each person with a value first appears, and their segment now.
  const people: { since: string; segment: EngagementSegment }[] = [];
  for (const row of values) {
    const segment = EngagementSegment.safeParse(row.segment);
    if (!segment.success) continue;
    // '' sorts before every day: a customer without purchases, or a profile no longer stored, counts throughout.
    const since = 'customerId' in row.value ? (row.value.summary.firstPurchase ?? '') : (firstSeen.get(row.value.profileId) ?? '');
    people.push({ since, segment: segment.data });
  }
  // A customer counts as linked from the day one of their linked profiles was first seen.
  const linkedSince = new Map<string, string>();
  for (const m of matches) {
    const seen = firstSeen.get(m.profileId);
    if (!isLinked(m) || !seen) continue;
    const earlier = linkedSince.get(m.customerId!);
    if (!earlier || seen < earlier) linkedSince.set(m.customerId!, seen);
  }

  const filled: SegmentSnapshot[] = [];
  const today = isoDay(now);
  for (let at = Date.parse(`${request.fromDay}T00:00:00Z`); isoDay(at) < today; at += DAY) {
    const day = isoDay(at);
    const counts: Partial<Record<EngagementSegment, number>> = {};
    for (const p of people) if (p.since <= day) counts[p.segment] = (counts[p.segment] ?? 0) + 1;
    const ordered = Object.fromEntries(ENGAGEMENT_SEGMENTS.flatMap((s) => (counts[s] ? [[s, counts[s]]] : [])));
    filled.push({ day, counts: ordered, linked: [...linkedSince.values()].filter((d) => d <= day).length });
  }
  await db.transaction('rw', db.meta, async () => {
    const history = await segmentHistory(db);
    const recorded = new Set(history.map((s) => s.day));
    const merged = [...history, ...filled.filter((s) => !recorded.has(s.day))].sort((a, b) => a.day.localeCompare(b.day));
    await writeSegmentHistory(db, merged, now);
    await deleteMeta(db, BACKFILL_REQUEST);
  });
  return filled.length;
}
