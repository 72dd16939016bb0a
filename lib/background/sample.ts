/** "Load sample data": the embedded sample CRM, so a new user sees the product work. */
import { generateSampleCrm } from '../sample/crm';
import type { EarshotDatabase } from '../db/database';

export interface SampleLoaded {
  customers: number;
  orders: number;
  profiles: number;
}

export async function loadSampleData(db: EarshotDatabase, now: number): Promise<SampleLoaded> {
  const { customers, orders } = generateSampleCrm();
  await db.transaction('rw', [db.customers, db.orders, db.audit], async () => {
    await db.customers.bulkPut(customers.map((c) => ({ ...c.customer, updatedAt: now })));
    await db.orders.bulkPut(orders);
    await db.audit.add({
      at: now,
      action: 'sample-loaded',
      actor: 'user',
      summary: 'Loaded the sample CRM',
      counts: { customers: customers.length, orders: orders.length },
    });
  });
  return { customers: customers.length, orders: orders.length, profiles: 0 };
}
