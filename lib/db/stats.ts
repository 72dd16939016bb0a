/**
 * How many customers, captured people and directory rows there are, counted
 * by the service worker after its work and read by the pages in one get.
 * Counting in IndexedDB walks every record (at 100,000 people, hundreds of
 * milliseconds, more for the large value records): the workspace must open
 * faster than that, so it reads the counts the worker keeps instead.
 */
import { z } from '../zod';
import type { EarshotDatabase } from './database';
import { metaKey, readMetaIfValid, writeMeta } from './meta';

export const STATS_META_KEY = 'stats';

const Count = z.number().int().nonnegative();
export const Stats = z.object({
  at: z.number(),
  customers: Count,
  profiles: Count,
  matched: Count,
  toReview: Count,
  /** Rows of the people directory, and how many of them each sort's index holds. */
  people: Count,
  valued: Count,
  withFollowers: Count,
  withLastSeen: Count,
  /** Customers who must not be profiled (their CRM says so, or they objected here). */
  notProfiled: Count.default(0),
});
export type Stats = z.infer<typeof Stats>;
const STATS = metaKey(STATS_META_KEY, Stats);

/** Count everything now (in the service worker, after work) and keep it for the pages. */
export async function recordStats(db: EarshotDatabase, now: number): Promise<Stats> {
  const [customers, profiles, auto, confirmed, toReview, people, valued, withFollowers, withLastSeen, notProfiled] = await Promise.all([
    db.customers.count(),
    db.profiles.count(),
    db.matches.where('status').equals('auto').count(),
    db.matches.where('status').equals('confirmed').count(),
    db.matches.where('status').equals('review').count(),
    db.people.count(),
    db.values.count(),
    db.people.where('followers').aboveOrEqual(-Infinity).count(),
    db.people.where('lastSeenAt').aboveOrEqual(-Infinity).count(),
    db.people.where('status').equals('not-profiled').count(),
  ]);
  const stats: Stats = { at: now, customers, profiles, matched: auto + confirmed, toReview, people, valued, withFollowers, withLastSeen, notProfiled };
  await writeMeta(db, STATS, stats, now);
  return stats;
}

/** The counts the worker kept, or undefined before it first counted (then count live). */
export async function readStats(db: EarshotDatabase): Promise<Stats | undefined> {
  return readMetaIfValid(db, STATS);
}
