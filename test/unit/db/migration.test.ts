import Dexie from 'dexie';
import { describe, expect, it } from 'vitest';
import { EarshotDatabase, MATCH_INDEX_META_KEY, SCHEMA_V1 } from '../../../lib/db/database';
import { indexCustomers, indexNeedsBuild, matchProfile, readIndexState } from '../../../lib/db/match-store';
import { peopleNeedRebuild, rebuildPeople } from '../../../lib/db/people';
import { freshDatabaseName } from '../fresh-db';

const name = freshDatabaseName('migration');

/** A database as version 1 of Earshot wrote it, with a row in every table. */
async function writeVersion1(): Promise<Record<string, number>> {
  const v1 = new Dexie(name);
  v1.version(1).stores(SCHEMA_V1);
  await v1.open();
  await v1.table('customers').bulkPut([
    { id: 'C1', firstName: 'Janneke', lastName: 'van den Berg', email: 'janneke.vdberg@ziggo.nl', city: 'Utrecht', country: 'NL', handles: [{ platform: 'instagram', handle: 'janneke.vd' }], custom: {}, source: 'csv', updatedAt: 1 },
    { id: 'C2', firstName: 'Анна', lastName: 'Иванова', city: 'Amsterdam', country: 'NL', handles: [], custom: { tussenvoegsel: '' }, source: 'csv', updatedAt: 1 },
  ]);
  await v1.table('orders').put({ id: 'O1', customerId: 'C1', date: '2024-01-01', amount: 42.5, currency: 'EUR' });
  await v1.table('profiles').put({ id: 'instagram:janneke.vd', platform: 'instagram', key: 'janneke.vd', displayName: 'Janneke vd Berg', firstSeenAt: 1, lastSeenAt: 2, seenOn: [] });
  await v1.table('contributions').put({ id: 'k1', profileId: 'instagram:janneke.vd', type: 'post', pageUrl: 'https://www.instagram.com/p/1/', aboutOwnBrand: false, firstSeenAt: 1, lastSeenAt: 1 });
  await v1.table('matches').put({ profileId: 'instagram:janneke.vd', customerId: 'C1', score: 1, status: 'confirmed', evidence: [], decidedBy: 'user', decidedAt: 3, rejectedCustomerIds: [] });
  await v1.table('tags').put({ id: 'customer:C1|vip', personRef: 'customer:C1', label: 'vip', createdAt: 1 });
  await v1.table('syncJobs').put({ id: 'j1', seq: 1, connector: 'csv', kind: 'add-note', personRef: 'customer:C1', idempotencyKey: 'k', payload: {}, status: 'pending', attempts: 0, nextAttemptAt: 0, createdAt: 1, updatedAt: 1 });
  await v1.table('audit').add({ at: 1, action: 'import', actor: 'user', summary: 'imported', counts: { customers: 2 } });
  await v1.table('pages').put({ url: 'https://www.instagram.com/janneke.vd/', site: 'instagram', kind: 'profile', capturedAt: 1, profileIds: ['instagram:janneke.vd'], status: 'ok' });
  await v1.table('meta').put({ key: 'import.journal', value: { last: 'x' }, updatedAt: 1 });
  await v1.table('staging').put({ importId: 'i1', line: 2, table: 'customers', row: { id: 'C9' } });
  // Any table this test has no fixture for (a later change to version 1) still gets a row by its primary key.
  for (const [table, schema] of Object.entries(SCHEMA_V1)) {
    if ((await v1.table(table).count()) > 0) continue;
    const keyPath = schema.split(',')[0]!.replace(/^[&+]+/, '').trim();
    await v1.table(table).put({ [keyPath]: `${table}-row`, createdAt: 1 });
  }
  const counts = Object.fromEntries(await Promise.all(Object.keys(SCHEMA_V1).map(async (t) => [t, await v1.table(t).count()] as const)));
  v1.close();
  return counts;
}

describe('upgrading a version 1 database to the latest version', () => {
  it('keeps every row of every table, adds the index tables and marks the index for building', async () => {
    const before = await writeVersion1();
    expect(Object.values(before).every((n) => n > 0)).toBe(true);
    const db = new EarshotDatabase(name);
    await db.open();
    expect(db.verno).toBe(7);
    // Version 3 adds the values table, version 4 the people directory and notes, version 5 the personas'
    // members and the actions; the derived ones are computed after the upgrade.
    expect(await db.values.count()).toBe(0);
    expect(await db.people.count()).toBe(0);
    expect(await db.notes.count()).toBe(0);
    expect(await db.personaMembers.count()).toBe(0);
    expect(await db.actions.count()).toBe(0);
    const after = Object.fromEntries(await Promise.all(Object.keys(SCHEMA_V1).map(async (t) => [t, await db.table(t).count()] as const)));
    // Every row is still there; meta has two more: the index marker and the directory marker.
    expect(after).toEqual({ ...before, meta: before.meta! + 2 });
    expect(await peopleNeedRebuild(db)).toBe(true);
    expect(await db.customers.get('C2')).toMatchObject({ firstName: 'Анна', lastName: 'Иванова' });
    expect(await db.matches.get('instagram:janneke.vd')).toMatchObject({ status: 'confirmed', customerId: 'C1' });
    expect(await db.meta.get('import.journal')).toMatchObject({ value: { last: 'x' } });
    // The old indexes still answer.
    expect(await db.orders.where('customerId').equals('C1').count()).toBe(1);
    expect(await db.syncJobs.where('[status+nextAttemptAt]').between(['pending', 0], ['pending', Infinity]).count()).toBe(1);

    expect((await db.meta.get(MATCH_INDEX_META_KEY))?.value).toMatchObject({ state: 'stale', reason: 'upgrade', customers: 2 });
    expect(await indexNeedsBuild(db)).toBe(true);
    expect(await db.matchBuckets.count()).toBe(0);
    db.close();
  });

  it('fills the new index from the customers that version 1 stored', async () => {
    await writeVersion1();
    const db = new EarshotDatabase(name);
    await indexCustomers(db);
    expect(await indexNeedsBuild(db)).toBe(false);
    expect(await readIndexState(db)).toMatchObject({ state: 'ready', customers: 2 });
    expect(await db.matchPages.count()).toBe(1);
    expect(await db.matchBuckets.count()).toBeGreaterThan(5);
    expect(await db.matchSpill.count()).toBe(0);
    const anna = await matchProfile(db, { id: 'instagram:anna', platform: 'instagram', displayName: 'Anna Ivanova', location: 'Amsterdam' });
    expect(anna.best?.customerId ?? anna.customerId).toBe('C2');
    // The confirmation version 1 stored still stands.
    const janneke = await matchProfile(db, { id: 'instagram:janneke.vd', platform: 'instagram', displayName: 'Somebody else' });
    expect(janneke).toMatchObject({ customerId: 'C1', decision: 'auto', reason: 'confirmed' });
    db.close();
  });
});

/**
 * Version 3 exactly as it shipped (the schema strings are copied here, not
 * imported, so a later edit of the live constants cannot make this test pass
 * by accident).
 */
const SHIPPED_V3 = {
  1: {
    customers: '&id, updatedAt',
    orders: '&id, customerId, date',
    profiles: '&id, platform, lastSeenAt',
    contributions: '&id, profileId, lastSeenAt',
    matches: '&profileId, customerId, status',
    tags: '&id, personRef, label',
    syncJobs: '&id, &seq, [personRef+seq], [status+nextAttemptAt]',
    connections: '&connector',
    audit: '++seq, at, action',
    pages: '&url, capturedAt',
    meta: '&key',
    staging: '[importId+line], importId',
  },
  2: { matchBuckets: '', matchPages: '', matchSpill: '' },
  3: { values: '&personRef, kind, segment, financial, influence, engagement' },
} as const;

describe('upgrading a version 3 database to the latest version', () => {
  it('keeps the values and everything else, and builds the people directory from the data', async () => {
    const v3 = new Dexie(name);
    v3.version(1).stores(SHIPPED_V3[1]);
    v3.version(2).stores(SHIPPED_V3[2]);
    v3.version(3).stores(SHIPPED_V3[3]);
    await v3.open();
    await v3.table('customers').bulkPut([
      { id: 'C1', firstName: 'Janneke', lastName: 'van den Berg', email: 'janneke.vdberg@ziggo.nl', handles: [], custom: {}, source: 'csv', updatedAt: 1 },
      { id: 'C2', firstName: 'Анна', lastName: 'Иванова', handles: [], custom: {}, source: 'csv', updatedAt: 1 },
    ]);
    await v3.table('profiles').bulkPut([
      { id: 'instagram:janneke.vd', platform: 'instagram', key: 'janneke.vd', displayName: 'Janneke vd Berg', handle: 'janneke.vd', followers: 1200, firstSeenAt: 1, lastSeenAt: 2, seenOn: [] },
      { id: 'x:stranger', platform: 'x', key: 'stranger', displayName: 'A Stranger', firstSeenAt: 1, lastSeenAt: 5, seenOn: [] },
    ]);
    await v3.table('matches').put({ profileId: 'instagram:janneke.vd', customerId: 'C1', score: 1, status: 'confirmed', evidence: [], decidedBy: 'user', decidedAt: 3, rejectedCustomerIds: [] });
    await v3.table('tags').put({ id: 'profile:instagram:janneke.vd|baker', personRef: 'profile:instagram:janneke.vd', label: 'baker', createdAt: 1 });
    await v3.table('values').put({ personRef: 'customer:C1', kind: 'customer', segment: 'champions', financial: 120, influence: 40, engagement: 520, value: { kept: true } });
    v3.close();

    const db = new EarshotDatabase(name);
    await db.open();
    expect(db.verno).toBe(7);
    expect(await db.values.get('customer:C1')).toMatchObject({ segment: 'champions', value: { kept: true } });
    expect(await peopleNeedRebuild(db)).toBe(true);
    expect(await rebuildPeople(db)).toBe(3);
    expect(await peopleNeedRebuild(db)).toBe(false);
    // The customer's row carries the linked profile's platform and its tag; the profile has no row of its own.
    expect(await db.people.get('customer:C1')).toMatchObject({ status: 'linked', platforms: ['instagram'], tags: ['baker'], followers: 1200 });
    expect(await db.people.get('profile:instagram:janneke.vd')).toBeUndefined();
    expect(await db.people.get('customer:C2')).toMatchObject({ status: 'crm-only', name: 'Анна Иванова' });
    // Russian names are found by their Latin spelling too.
    expect((await db.people.where('words').startsWith('ivanov').primaryKeys())).toEqual(['customer:C2']);
    expect(await db.people.get('profile:x:stranger')).toMatchObject({ status: 'unmatched', platforms: ['x'] });
    db.close();
  });
});

/** Version 4 exactly as it shipped (copied, not imported, for the same reason as SHIPPED_V3). */
const SHIPPED_V4 = {
  ...SHIPPED_V3,
  4: {
    people: '&ref, sortName, status, followers, lastSeenAt, *platforms, *tags, *words, *profileIds',
    notes: '&personRef',
  },
} as const;

describe('upgrading a version 4 database to the latest version', () => {
  it('keeps every row, adds the actions table, finds contributions by date, and rebuilds the directory with the new status', async () => {
    const v4 = new Dexie(name);
    for (const version of [1, 2, 3, 4] as const) v4.version(version).stores(SHIPPED_V4[version]);
    await v4.open();
    await v4.table('customers').bulkPut([
      { id: 'C1', firstName: 'Janneke', lastName: 'van den Berg', handles: [], custom: {}, source: 'csv', updatedAt: 1 },
      { id: 'C2', firstName: 'Kees', lastName: 'Bakker', handles: [], custom: {}, source: 'csv', updatedAt: 1 },
    ]);
    await v4.table('profiles').put({ id: 'trustpilot:k', platform: 'trustpilot', key: 'k', displayName: 'Kees B', firstSeenAt: 1, lastSeenAt: 2, seenOn: [] });
    await v4.table('contributions').bulkPut([
      { id: 'r1', profileId: 'trustpilot:k', type: 'review', rating: 2, date: '2026-11-30', pageUrl: 'https://www.trustpilot.com/review/x', aboutOwnBrand: true, firstSeenAt: 1, lastSeenAt: 1 },
      { id: 'r2', profileId: 'trustpilot:k', type: 'review', rating: 5, date: '2026-12-06T21:15:00+01:00', pageUrl: 'https://www.trustpilot.com/review/x', aboutOwnBrand: true, firstSeenAt: 1, lastSeenAt: 1 },
      { id: 'r3', profileId: 'trustpilot:k', type: 'review', rating: 4, date: '2026-12-07', pageUrl: 'https://www.trustpilot.com/review/x', aboutOwnBrand: true, firstSeenAt: 1, lastSeenAt: 1 },
      { id: 'r4', profileId: 'trustpilot:k', type: 'comment', pageUrl: 'https://www.trustpilot.com/review/x', aboutOwnBrand: false, firstSeenAt: 1, lastSeenAt: 1 },
    ]);
    await v4.table('matches').put({ profileId: 'trustpilot:k', customerId: 'C2', score: 1, status: 'confirmed', evidence: [], decidedBy: 'user', decidedAt: 3, rejectedCustomerIds: [] });
    await v4.table('people').put({ ref: 'customer:C2', kind: 'customer', name: 'Kees Bakker', sortName: 'kees bakker', status: 'linked', platforms: ['trustpilot'], profileIds: ['trustpilot:k'], tags: [], words: ['kees'] });
    await v4.table('notes').put({ personRef: 'customer:C2', text: 'kept', updatedAt: 1 });
    const before = Object.fromEntries(await Promise.all(v4.tables.map(async (t) => [t.name, await t.count()] as const)));
    v4.close();

    const db = new EarshotDatabase(name);
    await db.open();
    expect(db.verno).toBe(7);
    const after = Object.fromEntries(await Promise.all(Object.keys(before).map(async (t) => [t, await db.table(t).count()] as const)));
    // Every row is still there; meta has the directory marker more.
    expect(after).toEqual({ ...before, meta: before.meta! + 1 });
    expect(await db.actions.count()).toBe(0);
    // The week 2026-W49 (30 November to 6 December) as a range of the new date index; undated ones are not in it.
    expect((await db.contributions.where('date').between('2026-11-30', '2026-12-07', true, false).primaryKeys()).sort()).toEqual(['r1', 'r2']);
    expect(await db.contributions.where('date').aboveOrEqual('').count()).toBe(3);
    // A customer who objects now shows in the rebuilt directory by the new status.
    await db.customers.update('C1', { objectedAt: 5 });
    expect(await peopleNeedRebuild(db)).toBe(true);
    await rebuildPeople(db);
    expect(await db.people.get('customer:C1')).toMatchObject({ status: 'not-profiled' });
    expect(await db.people.get('customer:C2')).toMatchObject({ status: 'linked', profileIds: ['trustpilot:k'] });
    expect(await db.notes.get('customer:C2')).toMatchObject({ text: 'kept' });
    db.close();
  });
});

/** Version 5 exactly as it shipped (copied, not imported, for the same reason as SHIPPED_V3). */
const SHIPPED_V5 = {
  ...SHIPPED_V4,
  5: {
    personaMembers: '&personRef, persona',
    actions: '&id, personRef, [status+expectedValue]',
    contributions: '&id, profileId, lastSeenAt, date',
  },
} as const;

describe('upgrading a version 5 database to the latest version', () => {
  it('keeps every row of every table, adds the reports and team decision tables empty, and a report made then is found by week', async () => {
    const v5 = new Dexie(name);
    for (const version of [1, 2, 3, 4, 5] as const) v5.version(version).stores(SHIPPED_V5[version]);
    await v5.open();
    // A row in every table, by its primary key (the test cares that none is lost, not what they hold).
    for (const table of v5.tables) {
      const keyPath = table.schema.primKey.keyPath;
      if (typeof keyPath === 'string' && keyPath) await table.put({ [keyPath]: `${table.name}-row`, status: 'open', expectedValue: 1, persona: 'p1', createdAt: 1 });
      else if (Array.isArray(keyPath)) await table.put({ importId: 'i1', line: 2, table: 'customers', row: {} });
      else if (table.schema.primKey.auto) await table.add({ at: 1, action: 'import', actor: 'user', summary: 'x' });
      else await table.put(new Uint32Array([1]), 1);
    }
    await v5.table('actions').put({ id: 'thank-champion|customer:C1', personRef: 'customer:C1', status: 'open', expectedValue: 25 });
    // A decision kept only in a match before the team table existed stays there (the next sync adopts it).
    await v5.table('matches').put({ profileId: 'trustpilot:k', customerId: 'C2', score: 1, status: 'confirmed', evidence: [], decidedBy: 'user', decidedAt: 3, rejectedCustomerIds: [] });
    const before = Object.fromEntries(await Promise.all(v5.tables.map(async (t) => [t.name, await t.count()] as const)));
    expect(Object.values(before).every((n) => n > 0)).toBe(true);
    v5.close();

    const db = new EarshotDatabase(name);
    await db.open();
    expect(db.verno).toBe(7);
    const after = Object.fromEntries(await Promise.all(Object.keys(before).map(async (t) => [t, await db.table(t).count()] as const)));
    expect(after).toEqual(before);
    expect(await db.reports.count()).toBe(0);
    expect(await db.teamDecisions.count()).toBe(0);
    expect(await db.matches.get('trustpilot:k')).toMatchObject({ status: 'confirmed', decidedBy: 'user' });
    expect(await db.actions.where('[status+expectedValue]').between(['open', 0], ['open', Infinity]).primaryKeys()).toEqual(['actions-row', 'thank-champion|customer:C1']);
    await db.reports.put({ week: '2026-W49', createdAt: 1, seenAt: null, report: {} });
    expect(await db.reports.orderBy('createdAt').primaryKeys()).toEqual(['2026-W49']);
    db.close();
  });
});
