// Runs inside Chromium (bundled by bench/browser.ts): writes sample customers
// to the extension's real Dexie schema and times it.
import { EarshotDatabase } from '../lib/db/database';
import { generateCustomers } from '../lib/sample/crm';

async function writeCustomers(count: number, batch: number): Promise<{ ms: number; stored: number }> {
  const name = `bench-${count}-${Date.now()}`;
  const db = new EarshotDatabase(name);
  await db.open();
  const customers = generateCustomers({ customers: count, seed: 7 }).map((c) => c.customer);
  const started = performance.now();
  for (let i = 0; i < customers.length; i += batch) {
    await db.customers.bulkPut(customers.slice(i, i + batch));
  }
  const ms = performance.now() - started;
  const stored = await db.customers.count();
  db.close();
  await EarshotDatabase.delete(name);
  return { ms, stored };
}

(globalThis as unknown as { earshotBench: unknown }).earshotBench = { writeCustomers };
