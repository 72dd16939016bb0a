/**
 * A daily record of how many people each engagement segment held, so the
 * workspace can show trends: values are recomputed as data changes and the
 * earlier figures would otherwise be gone. Counts only, no personal data.
 */
import { z } from '../zod';
import { ENGAGEMENT_SEGMENTS, EngagementSegment } from '../value/types';
import type { EarshotDatabase } from './database';
import { metaKey, readMetaIfValid, writeMeta } from './meta';

export const HISTORY_META_KEY = 'segments.history';
/** A year of days is plenty for a trend line and stays a small record. */
export const MAX_HISTORY_DAYS = 366;

export const SegmentSnapshot = z.object({
  day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  counts: z.partialRecord(EngagementSegment, z.number().int().nonnegative()),
  linked: z.number().int().nonnegative(),
});
export type SegmentSnapshot = z.infer<typeof SegmentSnapshot>;
const SEGMENT_HISTORY = metaKey(HISTORY_META_KEY, z.array(SegmentSnapshot));

export async function segmentHistory(db: EarshotDatabase): Promise<SegmentSnapshot[]> {
  return (await readMetaIfValid(db, SEGMENT_HISTORY)) ?? [];
}

/** Keep these days (the last MAX_HISTORY_DAYS of them); call inside a transaction over meta that read the history. */
export async function writeSegmentHistory(db: EarshotDatabase, history: SegmentSnapshot[], now: number): Promise<void> {
  await writeMeta(db, SEGMENT_HISTORY, history.slice(-MAX_HISTORY_DAYS), now);
}

/** Record today's counts, replacing an earlier record of the same day. */
export async function recordSegmentSnapshot(db: EarshotDatabase, now: number): Promise<SegmentSnapshot> {
  const day = new Date(now).toISOString().slice(0, 10);
  const [counts, linked] = await Promise.all([
    Promise.all(ENGAGEMENT_SEGMENTS.map(async (s) => [s, await db.values.where('segment').equals(s).count()] as const)),
    db.people.where('status').equals('linked').count(),
  ]);
  const snapshot: SegmentSnapshot = { day, counts: Object.fromEntries(counts.filter(([, n]) => n > 0)), linked };
  await db.transaction('rw', db.meta, async () => {
    const history = (await segmentHistory(db)).filter((s) => s.day !== day);
    history.push(snapshot);
    await writeSegmentHistory(db, history, now);
  });
  return snapshot;
}
