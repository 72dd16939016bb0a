import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EarshotDatabase } from '../../../lib/db/database';
import { pendingWork, recordWork, runWork } from '../../../lib/background/work';

let db: EarshotDatabase;
beforeEach(async () => {
  db = new EarshotDatabase(`work-${Math.random()}`);
  await db.open();
});
afterEach(async () => {
  db.close();
  await db.delete();
});

describe('pending work', () => {
  it('survives until it is done, merging what is recorded meanwhile', async () => {
    await recordWork(db, { profiles: ['a'] }, 1);
    await recordWork(db, { profiles: ['b', 'a'], orders: true }, 2);
    expect(await pendingWork(db)).toEqual({ profiles: ['a', 'b'], customers: false, orders: true });

    const matched: (string[] | 'all')[] = [];
    await runWork(
      db,
      {
        matchProfiles: async (ids) => {
          matched.push(ids);
          // Work recorded while this runs must not be lost.
          await recordWork(db, { profiles: ['c'] }, 3);
        },
        computeValues: async () => undefined,
      },
      () => 4,
    );
    expect(matched).toEqual([['a', 'b']]);
    expect(await pendingWork(db)).toEqual({ profiles: ['c'], customers: false, orders: false });
  });

  it('keeps the work when a step fails, so the next start retries it', async () => {
    await recordWork(db, { customers: true }, 1);
    await expect(runWork(db, { indexCustomers: async () => Promise.reject(new Error('quota')) }, () => 2)).rejects.toThrow('quota');
    expect(await pendingWork(db)).toEqual({ profiles: [], customers: true, orders: false });
  });
});
