/**
 * "Load sample data": the embedded sample CRM and the people a marketer of
 * that shop meets online, so a new user sees the product work. The captured
 * pages go through the same storage as real captures; matching and values
 * follow as for any change.
 */
import { generateSampleCrm } from '../sample/crm';
import { generateSampleCaptures, SAMPLE_BRANDS, SAMPLE_WEEKS } from '../sample/captures';
import { requestHistoryBackfill } from '../db/history-backfill';
import type { EarshotDatabase } from '../db/database';
import { storeCapture } from '../db/captures';

export interface SampleLoaded {
  customers: number;
  orders: number;
  profiles: number;
}

export { SAMPLE_BRANDS };

const DAY = 86_400_000;

export async function loadSampleData(db: EarshotDatabase, now: number, ownBrands: readonly string[]): Promise<SampleLoaded> {
  // The sample as of the day it is loaded: its orders end today and its people were seen in the last
  // weeks, so forecasts, segments and "last seen" read the same whatever the day.
  const asOf = new Date(now).toISOString().slice(0, 10);
  const { customers, orders } = generateSampleCrm({ asOf });
  const { visits, showcase } = generateSampleCaptures(customers, orders, { asOf });
  await db.transaction('rw', [db.customers, db.orders, db.audit], async () => {
    await db.customers.bulkPut(customers.map((c) => ({ ...c.customer, updatedAt: now })));
    await db.orders.bulkPut(orders);
  });
  const profiles = new Set<string>();
  // Each page as seen on its day, so first and last seen, and the channels' activity, span weeks.
  for (const { page, daysAgo } of visits) {
    const stored = await storeCapture(db, page, { now: now - daysAgo * DAY, ownBrands });
    for (const id of stored.profileIds) profiles.add(id);
  }
  // A marketer a few weeks in: the reviewers on review sites who are customers were confirmed in earlier
  // weeks (a name and a city alone are never linked without a person), so the review pages show customers
  // from the first minute. The matcher keeps a person's decision, and learns from it like any other.
  const confirmed = showcase.filter((s) => (s.role === 'valuable-reviewer' || s.role === 'costly-reviewer') && s.persona.truth !== null);
  await db.transaction('rw', [db.matches, db.audit], async () => {
    for (const { persona } of confirmed) {
      const decidedAt = now - 7 * DAY;
      await db.matches.put({
        profileId: persona.profile.id,
        customerId: persona.truth!,
        score: 1,
        status: 'confirmed',
        evidence: [{ field: 'decision', comparison: 'confirmed-by-user', weight: 0 }],
        decidedBy: 'user',
        decidedAt,
        rejectedCustomerIds: [],
      });
      await db.audit.add({ at: decidedAt, action: 'match-confirmed', actor: 'user', summary: "The sample marketer's earlier confirmation", counts: { matches: 1 } });
    }
  });
  // A trend over the weeks the sample's captures span, counted once its values are computed.
  await requestHistoryBackfill(db, new Date(now - SAMPLE_WEEKS * 7 * DAY).toISOString().slice(0, 10), now);
  await db.audit.add({
    at: now,
    action: 'sample-loaded',
    actor: 'user',
    summary: 'Loaded the sample CRM and the sample captured people',
    counts: { customers: customers.length, orders: orders.length, profiles: profiles.size, confirmed: confirmed.length },
  });
  return { customers: customers.length, orders: orders.length, profiles: profiles.size };
}
