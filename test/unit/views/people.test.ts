import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EarshotDatabase } from '../../../lib/db/database';
import { rebuildPeople, refreshPeople } from '../../../lib/db/people';
import type { Customer, Match, Profile } from '../../../lib/model';
import { PEOPLE_SORTS, firstPeople, peopleFacets, peopleRows, selectPeople, selectPeopleWindowed } from '../../../lib/views/people';
import type { ValueRecord } from '../../../lib/value';
import { readStats, recordStats } from '../../../lib/db/stats';
import { overview } from '../../../lib/views/overview';
import { deleteDatabase, openFreshDatabase } from '../fresh-db';

let db: EarshotDatabase;
beforeEach(async () => void (db = await openFreshDatabase('people')));
afterEach(() => deleteDatabase(db));

const customer = (id: string, firstName: string, lastName: string, extra: Partial<Customer> = {}): Customer => ({ id, firstName, lastName, handles: [], custom: {}, source: 'csv', updatedAt: 0, ...extra });
const profile = (platform: Profile['platform'], key: string, displayName: string, extra: Partial<Profile> = {}): Profile => ({
  id: `${platform}:${key}`,
  platform,
  key,
  displayName,
  firstSeenAt: 1,
  lastSeenAt: 1,
  seenOn: [],
  ...extra,
});
const match = (profileId: string, customerId: string | null, status: Match['status']): Match => ({ profileId, customerId, score: 0.5, status, evidence: [], decidedBy: 'matcher', decidedAt: 1, rejectedCustomerIds: [] });
/** A value row as the service worker stores it; the figures are what the list sorts and filters by. */
const value = (personRef: string, segment: string, financial: number, influence: number, engagement: number): ValueRecord =>
  ({ personRef, kind: personRef.startsWith('customer:') ? 'customer' : 'profile', segment, financial, influence, engagement, value: { influence: { score: { value: influence } }, prediction: { clv: { value: financial } } } }) as unknown as ValueRecord;

async function seed() {
  await db.customers.bulkPut([
    customer('C1', 'Janneke', 'van den Berg', { email: 'janneke.vdberg@ziggo.nl' }),
    customer('C2', 'Анна', 'Иванова'),
    customer('C3', 'Jan', 'de Vries'),
  ]);
  await db.profiles.bulkPut([
    profile('instagram', 'janneke.bakt', 'Janneke 🌷', { followers: 12_400, lastSeenAt: 50 }),
    profile('youtube', '@jannekebakt', 'Janneke bakt', { followers: 3000, lastSeenAt: 40 }),
    profile('trustpilot', 'u9', 'Jan V.', { lastSeenAt: 60 }),
    profile('x', 'vlogger', 'Big Vlogger', { followers: 90_000, lastSeenAt: 70 }),
  ]);
  await db.matches.bulkPut([
    match('instagram:janneke.bakt', 'C1', 'auto'),
    match('youtube:@jannekebakt', 'C1', 'confirmed'),
    match('trustpilot:u9', 'C3', 'review'),
    match('x:vlogger', null, 'none'),
  ]);
  await db.tags.put({ id: 'customer:C1|ambassador', personRef: 'customer:C1', label: 'Ambassador', createdAt: 1 });
  await db.values.bulkPut([
    value('customer:C1', 'champions', 800, 70, 1500),
    value('customer:C2', 'affluents', 1200, 0, 1200),
    value('customer:C3', 'misers', 20, 0, 20),
    value('profile:trustpilot:u9', 'misers', 0, 5, 50),
    value('profile:x:vlogger', 'advocates', 0, 80, 800),
  ]);
  await rebuildPeople(db);
}

describe('the people directory', () => {
  it('has one row per person: a customer with their linked profiles, or an unlinked profile', async () => {
    await seed();
    expect((await db.people.toCollection().primaryKeys()).sort()).toEqual(['customer:C1', 'customer:C2', 'customer:C3', 'profile:trustpilot:u9', 'profile:x:vlogger']);
    expect(await db.people.get('customer:C1')).toMatchObject({ status: 'linked', platforms: ['instagram', 'youtube'], tags: ['ambassador'], followers: 15_400, lastSeenAt: 50 });
    expect(await db.people.get('customer:C3')).toMatchObject({ status: 'crm-only', platforms: [] });
    expect(await db.people.get('profile:trustpilot:u9')).toMatchObject({ status: 'review' });
    expect(await db.people.get('profile:x:vlogger')).toMatchObject({ status: 'unmatched' });
  });

  it('moves a profile into its customer’s row when a link is confirmed, and back out when it is rejected', async () => {
    await seed();
    await db.matches.put({ ...match('trustpilot:u9', 'C3', 'confirmed'), decidedBy: 'user' });
    await refreshPeople(db, { profileIds: ['trustpilot:u9'] });
    expect(await db.people.get('profile:trustpilot:u9')).toBeUndefined();
    expect(await db.people.get('customer:C3')).toMatchObject({ status: 'linked', platforms: ['trustpilot'], profileIds: ['trustpilot:u9'] });

    await db.matches.put({ ...match('trustpilot:u9', null, 'rejected'), rejectedCustomerIds: ['C3'] });
    await refreshPeople(db, { profileIds: ['trustpilot:u9'] });
    expect(await db.people.get('customer:C3')).toMatchObject({ status: 'crm-only', platforms: [], profileIds: [] });
    expect(await db.people.get('profile:trustpilot:u9')).toMatchObject({ status: 'unmatched' });
  });

  it('a rebuild writes only the rows that changed, and drops the rows of people no longer there', async () => {
    await seed();
    expect(await rebuildPeople(db)).toBe(0);
    await db.customers.put(customer('C3', 'Jan', 'de Vries-Bakker'));
    await db.profiles.delete('x:vlogger');
    expect(await rebuildPeople(db)).toBe(2);
    expect(await db.people.get('customer:C3')).toMatchObject({ name: 'Jan de Vries-Bakker' });
    expect(await db.people.get('profile:x:vlogger')).toBeUndefined();
  });
});

describe('selecting people', () => {
  it('orders by each figure, highest first, and by name A-Z', async () => {
    await seed();
    expect(await selectPeople(db, { sort: 'engagement' })).toEqual(['customer:C1', 'customer:C2', 'profile:x:vlogger', 'profile:trustpilot:u9', 'customer:C3']);
    expect((await selectPeople(db, { sort: 'financial' }))[0]).toBe('customer:C2');
    expect((await selectPeople(db, { sort: 'influence' }))[0]).toBe('profile:x:vlogger');
    expect((await selectPeople(db, { sort: 'followers' }))[0]).toBe('profile:x:vlogger');
    // Case and accents do not split the alphabet; Cyrillic sorts after Latin.
    expect(await selectPeople(db, { sort: 'name' })).toEqual(['profile:x:vlogger', 'customer:C3', 'profile:trustpilot:u9', 'customer:C1', 'customer:C2']);
  });

  it('searches names, email addresses, handles and Latin spellings of Cyrillic names', async () => {
    await seed();
    expect(await selectPeople(db, { sort: 'name', search: 'jannekebakt' })).toEqual(['customer:C1']);
    expect(await selectPeople(db, { sort: 'name', search: 'vdberg' })).toEqual(['customer:C1']);
    expect(await selectPeople(db, { sort: 'name', search: 'ivanova' })).toEqual(['customer:C2']);
    expect(await selectPeople(db, { sort: 'name', search: 'Иван' })).toEqual(['customer:C2']);
    // Every word must match: "jan vries" is Jan de Vries, not Janneke.
    expect(await selectPeople(db, { sort: 'name', search: 'jan vries' })).toEqual(['customer:C3']);
    expect(await selectPeople(db, { sort: 'name', search: 'nobody-like-this' })).toEqual([]);
  });

  it('filters by platform, segment, tag and status, together', async () => {
    await seed();
    expect(await selectPeople(db, { sort: 'engagement', platform: 'youtube' })).toEqual(['customer:C1']);
    expect(await selectPeople(db, { sort: 'engagement', segment: 'misers' })).toEqual(['profile:trustpilot:u9', 'customer:C3']);
    expect(await selectPeople(db, { sort: 'engagement', tag: 'AMBASSADOR' })).toEqual(['customer:C1']);
    expect(await selectPeople(db, { sort: 'engagement', status: 'review' })).toEqual(['profile:trustpilot:u9']);
    expect(await selectPeople(db, { sort: 'engagement', segment: 'misers', status: 'crm-only' })).toEqual(['customer:C3']);
    expect(await peopleFacets(db)).toEqual({ platforms: ['instagram', 'trustpilot', 'x', 'youtube'], tags: ['ambassador'] });
  });

  it('filters by persona: the customers the last persona run put in it, with the other filters', async () => {
    await seed();
    const offer = { kind: 'none', cost: 0, gain: 0, reason: 'no-gain', facts: {} } as const;
    await db.personaMembers.bulkPut([
      { personRef: 'customer:C1', persona: 'P1', atRisk: false, offer },
      { personRef: 'customer:C3', persona: 'P1', atRisk: null, offer },
      { personRef: 'customer:C2', persona: 'P2', atRisk: true, offer },
    ]);
    expect(await selectPeople(db, { sort: 'name', persona: 'P1' })).toEqual(['customer:C3', 'customer:C1']);
    expect(await selectPeople(db, { sort: 'name', persona: 'P1', platform: 'youtube' })).toEqual(['customer:C1']);
    expect(await selectPeople(db, { sort: 'name', persona: 'P9' })).toEqual([]);
    // A filtered list never comes straight from the unfiltered index.
    expect(await firstPeople(db, { sort: 'name', persona: 'P2' }, 10)).toBeNull();
    expect((await selectPeopleWindowed(db, { sort: 'name', persona: 'P2' })).total).toBe(1);
  });

  it('lists people whose values are not computed yet, after the others', async () => {
    await seed();
    await db.customers.put(customer('C4', 'Nieuwe', 'Klant'));
    await refreshPeople(db, { customerIds: ['C4'] });
    const order = await selectPeople(db, { sort: 'engagement' });
    expect(order.at(-1)).toBe('customer:C4');
    const [row] = await peopleRows(db, ['customer:C4']);
    expect(row).toMatchObject({ name: 'Nieuwe Klant', segment: null, financial: null, engagement: null });
  });

  it('reads only the rows asked for, in the order asked', async () => {
    await seed();
    const rows = await peopleRows(db, ['profile:x:vlogger', 'customer:C1', 'customer:gone']);
    expect(rows.map((r) => [r.ref, r.segment, r.financial, r.influence])).toEqual([
      ['profile:x:vlogger', 'advocates', null, 80],
      ['customer:C1', 'champions', 800, 70],
    ]);
  });
});

describe('selecting a window at a time', () => {
  it('gives, window by window, exactly the order of the full selection, with and without filters', async () => {
    await seed();
    for (const sort of PEOPLE_SORTS) {
      for (const query of [{ sort }, { sort, status: 'crm-only' as const }, { sort, search: 'jan' }]) {
        const full = await selectPeople(db, query);
        const windowed = await selectPeopleWindowed(db, query);
        expect(windowed.total, JSON.stringify(query)).toBe(full.length);
        const pieces = [...(await windowed.window(0, 2)), ...(await windowed.window(2, 4)), ...(await windowed.window(4, 10))];
        expect(pieces, JSON.stringify(query)).toEqual(full);
      }
    }
  });

  it('sorts a small filtered selection in memory exactly as the index orders everyone', async () => {
    await seed();
    await db.customers.put(customer('C4', 'Nieuwe', 'Klant'));
    await refreshPeople(db, { customerIds: ['C4'] });
    for (const sort of PEOPLE_SORTS) {
      const everyone = await selectPeople(db, { sort });
      const crmOnly = new Set(await db.people.where('status').equals('crm-only').primaryKeys());
      expect(await selectPeople(db, { sort, status: 'crm-only' }), sort).toEqual(everyone.filter((r) => crmOnly.has(r)));
    }
  });

  it('falls back to the full order while some values are still being computed', async () => {
    await seed();
    await db.customers.put(customer('C4', 'Nieuwe', 'Klant'));
    await refreshPeople(db, { customerIds: ['C4'] });
    const windowed = await selectPeopleWindowed(db, { sort: 'engagement' });
    expect(windowed.total).toBe(6);
    expect(await windowed.window(5, 6)).toEqual(['customer:C4']);
  });

  it('shows the first screen of an unfiltered list before counting, in the same order', async () => {
    await seed();
    for (const sort of ['engagement', 'name'] as const) {
      const first = await firstPeople(db, { sort }, 3);
      expect(first?.map((r) => r.ref)).toEqual((await selectPeople(db, { sort })).slice(0, 3));
    }
    expect(await firstPeople(db, { sort: 'engagement', search: 'jan' }, 3)).toBeNull();
  });

  it('uses the counts the service worker keeps, so opening the list counts nobody', async () => {
    await seed();
    // Before the worker has counted, the list counts for itself.
    expect((await selectPeopleWindowed(db, { sort: 'engagement' })).total).toBe(5);
    const stats = await recordStats(db, 7);
    expect(stats).toMatchObject({ customers: 3, profiles: 4, matched: 2, toReview: 1, people: 5, valued: 5, withFollowers: 3, withLastSeen: 3 });
    expect(await overview(db)).toEqual({ customers: 3, profiles: 4, matched: 2, toReview: 1 });
    // Counts from the worker are believed (a person added since is listed after the next count) ...
    await db.customers.put(customer('C4', 'Nieuwe', 'Klant'));
    await refreshPeople(db, { customerIds: ['C4'] });
    expect((await selectPeopleWindowed(db, { sort: 'name' })).total).toBe(5);
    // ... and when the worker saw values lag the directory, the full order lists everybody.
    await db.meta.put({ key: 'stats', value: { ...(await readStats(db))!, people: 6, valued: 5 }, updatedAt: 8 });
    const lagging = await selectPeopleWindowed(db, { sort: 'engagement' });
    expect(lagging.total).toBe(6);
    expect(await lagging.window(5, 6)).toEqual(['customer:C4']);
  });

  it('windows deep in a long list are slices of the whole order, read once', async () => {
    const many = Array.from({ length: 2100 }, (_, i) => customer(`K${String(i).padStart(4, '0')}`, `Naam${i}`, 'Klant'));
    await db.customers.bulkPut(many);
    await db.values.bulkPut(many.map((c, i) => value(`customer:${c.id}`, 'misers', i % 97, 0, (i * 37) % 1000)));
    await rebuildPeople(db);
    const full = await selectPeople(db, { sort: 'engagement' });
    const windowed = await selectPeopleWindowed(db, { sort: 'engagement' });
    expect(await windowed.window(1990, 2010)).toEqual(full.slice(1990, 2010));
    expect(await windowed.window(2080, 2100)).toEqual(full.slice(2080, 2100));
  });
});
