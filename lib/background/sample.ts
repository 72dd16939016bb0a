/**
 * "Load sample data": the embedded sample CRM and the people a marketer of
 * that shop meets online, so a new user sees the product work. The captured
 * pages go through the same storage as real captures; matching and values
 * follow as for any change.
 */
import { generateSampleCrm } from '../sample/crm';
import { generateSampleCaptures, SAMPLE_BRANDS } from '../sample/captures';
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
  const { visits } = generateSampleCaptures(customers, orders, { asOf });
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
  await db.audit.add({
    at: now,
    action: 'sample-loaded',
    actor: 'user',
    summary: 'Loaded the sample CRM and the sample captured people',
    counts: { customers: customers.length, orders: orders.length, profiles: profiles.size },
  });
  return { customers: customers.length, orders: orders.length, profiles: profiles.size };
}
