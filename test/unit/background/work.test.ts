import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EarshotDatabase } from '../../../lib/db/database';
import { pendingWork, recordWork, runWork } from '../../../lib/background/work';
import { deleteDatabase, openFreshDatabase } from '../fresh-db';

let db: EarshotDatabase;
beforeEach(async () => void (db = await openFreshDatabase('work')));
afterEach(() => deleteDatabase(db));

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

  it('lists new customers before matching them, and brings the matched people’s rows up to date after', async () => {
    const order: string[] = [];
    const step = (name: string) => async (arg?: unknown) => void order.push(arg === undefined ? name : `${name}:${JSON.stringify(arg)}`);
    const steps = { indexCustomers: step('index'), rebuildPeople: step('rebuild'), matchProfiles: step('match'), computeValues: async () => void order.push('values'), refreshPeople: step('refresh') };
    await recordWork(db, { customers: true }, 1);
    await runWork(db, steps, () => 2);
    expect(order).toEqual(['index', 'rebuild', 'match:"all"', 'values', 'refresh:"all"']);

    order.length = 0;
    await recordWork(db, { profiles: ['p1'] }, 3);
    await runWork(db, steps, () => 4);
    expect(order).toEqual(['match:["p1"]', 'values', 'refresh:["p1"]']);

    order.length = 0;
    await recordWork(db, { people: true }, 5);
    await runWork(db, steps, () => 6);
    expect(order).toEqual(['rebuild', 'refresh:[]']);
    expect(await pendingWork(db)).toBeNull();
  });
});
