import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EarshotDatabase } from '../../../lib/db/database';
import type { Customer, Profile } from '../../../lib/model';
import { comparisonRows, reviewQueue, rightInHundred, stakeOf, topEvidence, uncertainty } from '../../../lib/views/review';
import type { ValueRecord } from '../../../lib/value';
import { personDetail } from '../../../lib/views/person-detail';
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
  const base = { evidence, decidedBy: 'matcher' as const, decidedAt: 1, rejectedCustomerIds: [] };
  const value = (personRef: string, engagement: number): ValueRecord => ({
    personRef,
    kind: personRef.startsWith('customer:') ? 'customer' : 'profile',
    segment: 'misers',
    financial: engagement,
    influence: 0,
    engagement,
    value: {} as ValueRecord['value'],
  });

  it('puts first what a decision is worth: value at stake times uncertainty, skipping suggestions whose profile or customer is gone', async () => {
    await db.customers.bulkPut([janneke, { ...janneke, id: 'C2', firstName: 'Jan' }, { ...janneke, id: 'C3', firstName: 'Joke' }]);
    await db.profiles.bulkPut([profile, { ...profile, id: 'x:jan', platform: 'x', key: 'jan' }, { ...profile, id: 'x:joke', platform: 'x', key: 'joke' }]);
    await db.matches.bulkPut([
      // Near certain, for a customer worth a lot: little to gain from asking.
      { ...base, profileId: 'instagram:janneke.bakt', customerId: 'C1', score: 0.97, status: 'review' },
      // A coin toss for a customer worth a lot: first.
      { ...base, profileId: 'x:jan', customerId: 'C2', score: 0.5, status: 'review' },
      // A coin toss for a one-off buyer.
      { ...base, profileId: 'x:joke', customerId: 'C3', score: 0.5, status: 'review' },
      { ...base, profileId: 'x:gone', customerId: 'C1', score: 0.5, status: 'review' },
    ]);
    await db.values.bulkPut([value('customer:C1', 2000), value('customer:C2', 2000), value('customer:C3', 5)]);
    const queue = await reviewQueue(db);
    expect(queue.suggestions.map((i) => [i.profile.id, i.customer.id])).toEqual([
      ['x:jan', 'C2'],
      ['instagram:janneke.bakt', 'C1'],
      ['x:joke', 'C3'],
    ]);
  });

  it('groups suggestions with the same reason and evidence levels, whatever the values, so that a person decides them at once', async () => {
    const nameOnly = [{ field: 'decision', comparison: 'name-only', weight: 0 }, ...evidence.filter((e) => e.field !== 'email')];
    await db.customers.bulkPut([janneke, { ...janneke, id: 'C2', firstName: 'Jan' }, { ...janneke, id: 'C3', firstName: 'Joke' }]);
    await db.profiles.bulkPut([profile, { ...profile, id: 'x:jan', platform: 'x', key: 'jan' }, { ...profile, id: 'x:joke', platform: 'x', key: 'joke' }]);
    await db.matches.bulkPut([
      { ...base, evidence: nameOnly, profileId: 'instagram:janneke.bakt', customerId: 'C1', score: 0.9, status: 'review' },
      // Other weights (another city's frequency), same levels: the same pattern.
      { ...base, evidence: nameOnly.map((e) => (e.field === 'place' ? { ...e, weight: 5.1 } : e)), profileId: 'x:jan', customerId: 'C2', score: 0.85, status: 'review' },
      { ...base, evidence: [{ field: 'decision', comparison: 'close-candidates', weight: 0 }, ...evidence], profileId: 'x:joke', customerId: 'C3', score: 0.6, status: 'review' },
    ]);
    const { groups } = await reviewQueue(db);
    expect(groups).toHaveLength(1);
    expect(groups[0]!.reason).toMatchObject({ comparison: 'name-only' });
    expect(groups[0]!.items.map((i) => i.profile.id).sort()).toEqual(['instagram:janneke.bakt', 'x:jan']);
    expect(groups[0]!.evidence.map((e) => e.field)).toEqual(['given', 'surname', 'place']);
  });

  it('mixes in spot checks of the least certain automatic links, one for four suggestions, and none once the suggestions are done', async () => {
    await db.customers.bulkPut([janneke]);
    const keys = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j'];
    await db.profiles.bulkPut(keys.map((key) => ({ ...profile, id: `x:${key}`, platform: 'x' as const, key })));
    await db.matches.bulkPut([
      ...keys.slice(0, 8).map((key, i) => ({ ...base, profileId: `x:${key}`, customerId: 'C1', score: 0.5 + i / 100, status: 'review' as const })),
      { ...base, profileId: 'x:i', customerId: 'C1', score: 0.999, status: 'auto' },
      { ...base, profileId: 'x:j', customerId: 'C1', score: 0.97, status: 'auto' },
    ]);
    const queue = await reviewQueue(db);
    expect(queue.suggestions).toHaveLength(8);
    expect(queue.checks.map((c) => [c.profile.id, c.kind])).toEqual([
      ['x:j', 'check'],
      ['x:i', 'check'],
    ]);
    await db.matches.where('status').equals('review').modify({ status: 'confirmed', decidedBy: 'user' });
    expect(await reviewQueue(db)).toEqual({ suggestions: [], groups: [], checks: [] });
  });

  it('says a probability as calibration does: so many in 100 like this are right, never 0 or 100', () => {
    expect([0, 0.004, 0.5, 0.873, 0.996, 1].map(rightInHundred)).toEqual([1, 1, 50, 87, 99, 99]);
    expect(uncertainty(0.5)).toBe(1);
    expect(uncertainty(1)).toBe(0);
    expect(stakeOf(undefined, undefined)).toBe(1);
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

  it("leaves out a site's id for a person: a Trustpilot reviewer has no handle, and their hex id means nothing to a marketer", () => {
    const consumerId = '5f3a9c1e2b7d4e0012ab34cd';
    const reviewer: Profile = { id: `trustpilot:${consumerId}`, platform: 'trustpilot', key: consumerId, displayName: 'Janneke vd Berg', location: 'NL', firstSeenAt: 1, lastSeenAt: 2, seenOn: [] };
    const rows = comparisonRows(reviewer, { ...janneke, handles: [] }, evidence);
    expect(rows.map((r) => r.field)).toEqual(['name', 'email', 'place']);
    expect(JSON.stringify(rows)).not.toContain(consumerId);
    // With a handle on the CRM's side the row stays, the profile's side empty rather than its id.
    expect(comparisonRows(reviewer, janneke, evidence).find((r) => r.field === 'handle')).toMatchObject({ profile: '', customer: 'youtube:@jannekebakt' });
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
