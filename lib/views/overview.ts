/** What the extension holds, in counts: the first thing every screen shows. */
import type { EarshotDatabase } from '../db/database';

export interface Overview {
  customers: number;
  orders: number;
  profiles: number;
  contributions: number;
  matched: number;
  toReview: number;
}

export async function overview(db: EarshotDatabase): Promise<Overview> {
  const [customers, orders, profiles, contributions, auto, confirmed, toReview] = await Promise.all([
    db.customers.count(),
    db.orders.count(),
    db.profiles.count(),
    db.contributions.count(),
    db.matches.where('status').equals('auto').count(),
    db.matches.where('status').equals('confirmed').count(),
    db.matches.where('status').equals('review').count(),
  ]);
  return { customers, orders, profiles, contributions, matched: auto + confirmed, toReview };
}
