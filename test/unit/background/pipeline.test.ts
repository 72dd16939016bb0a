import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EarshotDatabase } from '../../../lib/db/database';
import { deleteDatabase, openFreshDatabase } from '../fresh-db';
import { storeCapture } from '../../../lib/db/captures';
import { createPipeline } from '../../../lib/background/pipeline';
import { recordWork, runWork } from '../../../lib/background/work';
import { type CapturedPage, type Customer } from '../../../lib/model';
import { DEFAULT_SETTINGS } from '../../../lib/settings';

let db: EarshotDatabase;
let wakes: number;
const NOW = Date.parse('2026-11-01T12:00:00Z');

const customer = (id: string, first: string, last: string, extra: Partial<Customer> = {}): Customer => ({
  id, firstName: first, lastName: last, handles: [], custom: {}, source: 'csv', updatedAt: 0, ...extra,
});

beforeEach(async () => {
  db = await openFreshDatabase('pipeline');
  wakes = 0;
  await db.customers.bulkPut([
    customer('C1', 'Janneke', 'van den Berg', { email: 'janneke.vdberg@ziggo.nl', city: 'Utrecht', country: 'NL', handles: [{ platform: 'instagram', handle: 'janneke.bakt' }] }),
    customer('C2', 'Kees', 'Bakker', { city: 'Zwolle', country: 'NL' }),
    customer('C3', 'Anna', 'Ivanova', { city: 'Amsterdam', country: 'NL' }),
  ]);
  await db.orders.bulkPut([
    { id: 'O1', customerId: 'C1', date: '2025-01-05', amount: 40, currency: 'EUR' },
    { id: 'O2', customerId: 'C1', date: '2025-06-05', amount: 60, currency: 'EUR' },
    { id: 'O3', customerId: 'C2', date: '2026-02-01', amount: 25, currency: 'EUR', costToServe: 30 },
  ]);
});
afterEach(() => deleteDatabase(db));

function pipeline() {
  return createPipeline({ db, now: () => NOW, settings: async () => DEFAULT_SETTINGS, syncQueued: () => void (wakes += 1) });
}

const instagram: CapturedPage = {
  url: 'https://www.instagram.com/janneke.bakt/',
  site: 'instagram',
  kind: 'profile',
  profiles: [{ platform: 'instagram', key: 'janneke.bakt', handle: 'janneke.bakt', displayName: '✨ Janneke vd Berg ✨', followers: 12400, location: 'Utrecht' }],
  contributions: [{ profileKey: 'janneke.bakt', type: 'post', date: '2026-10-01', text: 'Zondag = bakdag' }],
};

describe('the work after a change', () => {
  it('indexes customers, links a known handle, values both sides and queues the CRM update', async () => {
    await db.connections.put({ connector: 'webhook', settings: { url: 'https://hooks.example/earshot' }, secret: 's', connectedAt: 1 });
    await storeCapture(db, instagram, { now: NOW, ownBrands: [] });
    await recordWork(db, { customers: true, orders: true, profiles: ['instagram:janneke.bakt'] }, NOW);
    await runWork(db, pipeline(), () => NOW);

    expect(await db.matches.get('instagram:janneke.bakt')).toMatchObject({ customerId: 'C1', status: 'auto', decidedBy: 'matcher' });
    const value = await db.values.get('customer:C1');
    expect(value).toMatchObject({ kind: 'customer' });
    expect(value!.influence).toBeGreaterThan(0);
    expect(value!.financial).toBeGreaterThan(0);
    // Customer C2 costs more to serve than they bring: shown as negative value.
    expect((await db.values.get('customer:C2'))!.financial).toBeLessThan(0);
    // The linked profile counts in its customer's value, not as a person of its own.
    expect(await db.values.get('profile:instagram:janneke.bakt')).toBeUndefined();
    expect(await db.syncJobs.where('personRef').equals('customer:C1').count()).toBeGreaterThan(0);
    expect(wakes).toBeGreaterThan(0);
  });

  it('after a capture alone, rewrites only the values of the people it touched', async () => {
    await recordWork(db, { customers: true, orders: true }, NOW);
    await runWork(db, pipeline(), () => NOW);
    const before = await db.values.get('customer:C2');
    await db.values.update('customer:C2', { segment: 'marker-that-a-full-rewrite-would-erase' });

    const stranger: CapturedPage = { ...instagram, url: 'https://www.instagram.com/some.one/', profiles: [{ platform: 'instagram', key: 'some.one', displayName: 'Some One', followers: 50 }], contributions: [] };
    await storeCapture(db, stranger, { now: NOW, ownBrands: [] });
    await recordWork(db, { profiles: ['instagram:some.one'] }, NOW);
    await runWork(db, pipeline(), () => NOW);
    expect(await db.values.get('profile:instagram:some.one')).toMatchObject({ kind: 'profile' });
    expect((await db.values.get('customer:C2'))!.segment).toBe('marker-that-a-full-rewrite-would-erase');
    expect(before).toBeDefined();
  });

  it('never overrides a person’s rejection', async () => {
    await storeCapture(db, instagram, { now: NOW, ownBrands: [] });
    await db.matches.put({ profileId: 'instagram:janneke.bakt', customerId: null, score: 0, status: 'rejected', evidence: [], decidedBy: 'user', decidedAt: 1, rejectedCustomerIds: ['C1'] });
    await recordWork(db, { customers: true }, NOW);
    await runWork(db, pipeline(), () => NOW);
    const match = await db.matches.get('instagram:janneke.bakt');
    expect(match?.customerId).not.toBe('C1');
    expect(match?.rejectedCustomerIds).toEqual(['C1']);
  });
});
