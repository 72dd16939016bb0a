import { describe, expect, it } from 'vitest';
import { EarshotDatabase } from '../../../lib/db/database';
import { freshDatabaseName } from '../fresh-db';

const name = freshDatabaseName('upgrade');

describe('a database upgrade that fails', () => {
  it('keeps the old data and the old version, and the app can open it again', async () => {
    const db = new EarshotDatabase(name);
    await db.customers.put({ id: 'C1', firstName: 'Jan', handles: [], custom: {}, source: 'csv', updatedAt: 1 });
    await db.orders.put({ id: 'O1', customerId: 'C1', date: '2024-01-01', amount: 5, currency: 'EUR' });
    const version = db.verno;
    db.close();

    // A next version whose upgrade breaks half-way: it has already changed rows when it throws.
    const next = new EarshotDatabase(name);
    next
      .version(next.verno + 1)
      .stores({ customers: '&id, updatedAt, email' })
      .upgrade(async (tx) => {
        await tx.table('customers').toCollection().modify((c: { firstName?: string }) => {
          c.firstName = 'CHANGED';
        });
        throw new Error('upgrade failed half-way');
      });
    await expect(next.open()).rejects.toThrow(/upgrade failed half-way/);
    next.close();

    const again = new EarshotDatabase(name);
    await again.open();
    expect(again.verno).toBe(version);
    expect(await again.customers.get('C1')).toMatchObject({ firstName: 'Jan' });
    expect(await again.orders.count()).toBe(1);
    again.close();
  });
});
