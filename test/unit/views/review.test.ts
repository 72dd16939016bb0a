import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EarshotDatabase } from '../../../lib/db/database';
import type { Customer, Profile } from '../../../lib/model';
import { comparisonRows, reviewQueue, topEvidence } from '../../../lib/views/review';
import { personDetail } from '../../../lib/views/person';
import { deleteDatabase, openFreshDatabase } from '../fresh-db';

let db: EarshotDatabase;
beforeEach(async () => void (db = await openFreshDatabase('review')));
afterEach(() => deleteDatabase(db));

const janneke: Customer = { id: 'C1', firstName: 'Janneke', lastName: 'van den Berg', email: 'janneke.vdberg@ziggo.nl', city: 'Utrecht', country: 'NL', handles: [{ platform: 'youtube', handle: '@jannekebakt' }], custom: {}, source: 'csv', updatedAt: 0 };
const profile: Profile = { id: 'instagram:janneke.bakt', platform: 'instagram', key: 'janneke.bakt', handle: 'janneke.bakt', displayName: 'Janneke vd Berg', location: 'Utrecht, NL', bio: 'Bakes | mail me: janneke.vdberg@ziggo.nl', firstSeenAt: 1, lastSeenAt: 2, seenOn: [] };
const evidence = [
  { field: 'prior', comparison: 'base-rate', weight: -11.5 },
  { field: 'given', comparison: 'exact', weight: 6.2 },
  { field: 'surname', comparison: 'exact', weight: 9.1 },
  { field: 'place', comparison: 'city', weight: 3.3 },
  { field: 'email', comparison: 'exact', weight: 14 },
];

describe('the review queue', () => {
  it('lists suggestions most likely first, skipping those whose profile or customer is gone', async () => {
    await db.customers.bulkPut([janneke, { ...janneke, id: 'C2', firstName: 'Jan' }]);
    await db.profiles.bulkPut([profile, { ...profile, id: 'x:jan', platform: 'x', key: 'jan' }]);
    const base = { evidence, decidedBy: 'matcher' as const, decidedAt: 1, rejectedCustomerIds: [] };
    await db.matches.bulkPut([
      { ...base, profileId: 'x:jan', customerId: 'C2', score: 0.4, status: 'review' },
      { ...base, profileId: 'instagram:janneke.bakt', customerId: 'C1', score: 0.9, status: 'review' },
      { ...base, profileId: 'x:gone', customerId: 'C1', score: 0.95, status: 'review' },
      { ...base, profileId: 'instagram:other', customerId: 'C1', score: 0.99, status: 'auto' },
    ]);
    expect((await reviewQueue(db)).map((i) => [i.profile.id, i.customer.id])).toEqual([
      ['instagram:janneke.bakt', 'C1'],
      ['x:jan', 'C2'],
    ]);
  });

  it('puts the profile and the CRM record side by side, field by field, with the evidence of each', () => {
    const rows = comparisonRows(profile, janneke, evidence);
    expect(rows.map((r) => [r.field, r.profile, r.customer, r.evidence.map((e) => e.comparison)])).toEqual([
      ['name', 'Janneke vd Berg', 'Janneke van den Berg', ['exact', 'exact']],
      ['handle', 'janneke.bakt', 'youtube:@jannekebakt', []],
      ['email', 'janneke.vdberg@ziggo.nl', 'janneke.vdberg@ziggo.nl', ['exact']],
      ['place', 'Utrecht, NL', 'Utrecht, NL', ['city']],
    ]);
    // The reason a list shows is the strongest evidence, never the starting point.
    expect(topEvidence(evidence)).toMatchObject({ field: 'email' });
  });
});

describe('one person', () => {
  it('gathers the customer, their linked profiles, contributions newest first, tags, note and revenue per currency', async () => {
    await db.customers.put(janneke);
    await db.orders.bulkPut([
      { id: 'O1', customerId: 'C1', date: '2024-01-05', amount: 40, currency: 'EUR', costToServe: 4 },
      { id: 'O2', customerId: 'C1', date: '2024-06-01', amount: 25, currency: 'GBP' },
    ]);
    await db.profiles.put(profile);
    await db.matches.put({ profileId: profile.id, customerId: 'C1', score: 1, status: 'confirmed', evidence, decidedBy: 'user', decidedAt: 3, rejectedCustomerIds: [] });
    await db.contributions.bulkPut([
      { id: 'k1', profileId: profile.id, profileKey: profile.key, type: 'post', date: '2024-02-01', text: 'old', pageUrl: 'https://www.instagram.com/p/1/', aboutOwnBrand: false, firstSeenAt: 1, lastSeenAt: 1 },
      { id: 'k2', profileId: profile.id, profileKey: profile.key, type: 'post', date: '2025-02-01', text: 'new', pageUrl: 'https://www.instagram.com/p/2/', aboutOwnBrand: true, firstSeenAt: 1, lastSeenAt: 1 },
    ]);
    await db.tags.put({ id: 'customer:C1|baker', personRef: 'customer:C1', label: 'baker', createdAt: 1 });
    await db.notes.put({ personRef: 'customer:C1', text: 'Gift box sent', updatedAt: 2 });

    // Asked for by the linked profile, the person is the customer.
    const d = await personDetail(db, 'profile:instagram:janneke.bakt');
    expect(d).toMatchObject({ ref: 'customer:C1', customer: { id: 'C1' }, orders: { count: 2, revenue: { EUR: 40, GBP: 25 }, first: '2024-01-05', last: '2024-06-01', costToServe: 4 } });
    expect(d!.profiles.map((p) => [p.profile.id, p.match?.status])).toEqual([['instagram:janneke.bakt', 'confirmed']]);
    expect(d!.contributions.map((c) => c.id)).toEqual(['k2', 'k1']);
    expect(d!.tags.map((t) => t.label)).toEqual(['baker']);
    expect(d!.note?.text).toBe('Gift box sent');
    expect(await personDetail(db, 'customer:nobody')).toBeNull();
  });
});
