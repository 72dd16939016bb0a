import Dexie from 'dexie';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { EarshotDatabase } from '../../../lib/db/database';
import { erasedFromReports, forgetInReports } from '../../../lib/db/reports';
import { deleteDatabase, openFreshDatabase } from '../fresh-db';

let db: EarshotDatabase;
beforeEach(async () => void (db = await openFreshDatabase('reports')));
afterEach(async () => deleteDatabase(db));

// Both run inside their caller's transaction (opt-out, erasure): after them, the caller must still be in it,
// or its next writes would go out on their own, no longer all or nothing.
it.each([
  ['forgetInReports', () => forgetInReports(db, ['C1'])],
  ['erasedFromReports', () => erasedFromReports(db, ['customer:C1'])],
])('%s leaves the caller inside its own transaction', async (_name, rewrite) => {
  await db.transaction('rw', [db.reports, db.audit], async (tx) => {
    await rewrite();
    expect(Dexie.currentTransaction).toBe(tx);
    await db.audit.add({ at: 1, action: 'erase', actor: 'user', summary: 'test', counts: {} });
  });
  expect(await db.audit.count()).toBe(1);
});
