/**
 * A new, empty Earshot database for each test (fake-indexeddb), and its
 * removal after: `beforeEach(async () => void (db = await openFreshDatabase('captures')))`.
 */
import { afterEach, beforeEach } from 'vitest';
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

/**
 * Two installs of Earshot on one machine (a team), each a fresh database seeded alike before each test
 * and deleted after; `use` receives them, so a test file keeps its own `a` and `b`.
 */
export function twoInstalls(prefix: string, seed: (db: EarshotDatabase) => Promise<void>, use: (a: EarshotDatabase, b: EarshotDatabase) => void): void {
  let installs: EarshotDatabase[] = [];
  beforeEach(async () => {
    installs = [await openFreshDatabase(`${prefix}-a`), await openFreshDatabase(`${prefix}-b`)];
    for (const db of installs) await seed(db);
    use(installs[0]!, installs[1]!);
  });
  afterEach(async () => {
    for (const db of installs) await deleteDatabase(db);
  });
}
