/** The workspace's headline counts: as the service worker last counted them, or counted now before it has. */
import type { EarshotDatabase } from '../db/database';
import { readStats } from '../db/stats';

export interface Overview {
  customers: number;
  profiles: number;
  matched: number;
  toReview: number;
}

export async function overview(db: EarshotDatabase): Promise<Overview> {
  const stats = await readStats(db);
  if (stats) return { customers: stats.customers, profiles: stats.profiles, matched: stats.matched, toReview: stats.toReview };
  const [customers, profiles, auto, confirmed, toReview] = await Promise.all([
    db.customers.count(),
    db.profiles.count(),
    db.matches.where('status').equals('auto').count(),
    db.matches.where('status').equals('confirmed').count(),
    db.matches.where('status').equals('review').count(),
  ]);
  return { customers, profiles, matched: auto + confirmed, toReview };
}
