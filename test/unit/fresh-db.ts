/**
 * A new, empty Earshot database for each test (fake-indexeddb), and its
 * removal after: `beforeEach(async () => void (db = await openFreshDatabase('captures')))`.
 */
import { EarshotDatabase } from '../../lib/db/database';

export async function openFreshDatabase(prefix: string): Promise<EarshotDatabase> {
  const db = new EarshotDatabase(`${prefix}-${Math.random()}`);
  await db.open();
  return db;
}

export async function deleteDatabase(db: EarshotDatabase): Promise<void> {
  db.close();
  await db.delete();
}
