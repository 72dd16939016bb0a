/**
 * A new, empty Earshot database for each test (fake-indexeddb), and its
 * removal after: `beforeEach(async () => void (db = await openFreshDatabase('captures')))`.
 */
import { afterEach, beforeEach } from 'vitest';
import { EarshotDatabase } from '../../lib/db/database';

/** A database name no other test uses. */
const freshName = (prefix: string): string => `${prefix}-${Math.random()}`;

export async function openFreshDatabase(prefix: string): Promise<EarshotDatabase> {
  const db = new EarshotDatabase(freshName(prefix));
  await db.open();
  return db;
}

export async function deleteDatabase(db: EarshotDatabase): Promise<void> {
  db.close();
  await db.delete();
}

/**
 * For a test that opens several databases (or opens them inside the test): `fresh()` gives a new one each
 * call, and every one it gave is deleted after the test.
 */
export function freshDatabases(prefix: string): () => Promise<EarshotDatabase> {
  const opened: EarshotDatabase[] = [];
  afterEach(async () => {
    for (const db of opened.splice(0)) await deleteDatabase(db);
  });
  return async () => {
    const db = await openFreshDatabase(prefix);
    opened.push(db);
    return db;
  };
}

/**
 * For a test that opens the database itself, by name, several times or at an older schema (an upgrade):
 * one name for the file, whose database is deleted after each test.
 */
export function freshDatabaseName(prefix: string): string {
  const name = freshName(prefix);
  afterEach(() => EarshotDatabase.delete(name));
  return name;
}

/**
 * Two installs of Earshot on one machine (a team), each a fresh database seeded alike before each test
 * and deleted after; `use` receives them, so a test file keeps its own `a` and `b`.
 */
export function twoInstalls(prefix: string, seed: (db: EarshotDatabase) => Promise<void>, use: (a: EarshotDatabase, b: EarshotDatabase) => void): void {
  const fresh = freshDatabases(prefix);
  beforeEach(async () => {
    const installs = [await fresh(), await fresh()] as const;
    for (const db of installs) await seed(db);
    use(...installs);
  });
}
