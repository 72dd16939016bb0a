import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EarshotDatabase } from '../../../lib/db/database';
import { deleteDatabase, openFreshDatabase } from '../fresh-db';
import { createHandlers } from '../../../lib/background/handlers';
import type { DataChange } from '../../../lib/background/work';
import { createRouter } from '../../../lib/background/router';
import { type CapturedPage } from '../../../lib/model';
import { DEFAULT_SETTINGS, type Settings } from '../../../lib/settings';
import { localeText } from '../locale-text';

const ID = 'abcdefghijklmnopabcdefghijklmnop';
const ORIGIN = `chrome-extension://${ID}/`;
const PAGE_SENDER = { id: ID, url: `${ORIGIN}sidepanel.html` };
const CONTENT_SENDER = { id: ID, url: 'https://www.trustpilot.com/review/example.com', tabId: 7 };

let db: EarshotDatabase;
let clock: number;
let changes: DataChange[];
let settings: Settings;
let badgeTabs: number[];
let injections: [number, number][];

function setup() {
  const handlers = createHandlers({
    db,
    now: () => clock,
    newId: () => `id-${clock}`,
    settings: async () => settings,
    captureTab: async () => null,
    injectFallback: async (tabId, frameId) => void injections.push([tabId, frameId]),
    dataChanged: async (c) => void changes.push(c),
    syncQueued: () => undefined,
    adoptOwnBrands: async () => undefined,
    text: async () => localeText('en'),
    showsBadges: async (tabId) => void badgeTabs.push(tabId),
  });
  // Sync messages are tested with the sync module; here they are not expected.
  const unexpected = async () => Promise.reject(new Error('not under test'));
  const sync = { 'crm/connect': unexpected, 'crm/disconnect': unexpected, 'crm/pull': unexpected, 'sync/run': unexpected, 'sync/retry': unexpected };
  return createRouter({ ...handlers, ...sync }, { id: ID, origin: ORIGIN });
}

const trustpilotPage = (reviews: { key: string; name: string; text: string; count?: number }[]): CapturedPage => ({
  url: 'https://www.trustpilot.com/review/example.com#reviews',
  site: 'trustpilot',
  kind: 'reviews',
  profiles: reviews.map((r) => ({ platform: 'trustpilot', key: r.key, displayName: r.name, ...(r.count ? { reviewCount: r.count } : {}) })),
  contributions: reviews.map((r) => ({ profileKey: r.key, type: 'review', rating: 5, date: '2025-05-01', text: r.text, subject: 'Groen & Gezond' })),
});

beforeEach(async () => {
  db = await openFreshDatabase('test');
  clock = 1_000;
  badgeTabs = [];
  injections = [];
  changes = [];
  settings = { ...DEFAULT_SETTINGS, value: { ...DEFAULT_SETTINGS.value, ownBrands: ['Groen & Gezond'] } };
});
afterEach(() => deleteDatabase(db));

describe('capture/report', () => {
  it('stores people once per platform+key, updates counts with their time, and keeps the first sighting', async () => {
    const route = setup();
    const first = await route({ type: 'capture/report', page: trustpilotPage([{ key: 'u1', name: 'Anna K.', text: 'Lovely', count: 3 }]) }, CONTENT_SENDER);
    expect(first).toEqual({ ok: true, data: { profiles: 1, contributions: 1 } });
    clock = 2_000;
    await route(
      { type: 'capture/report', page: trustpilotPage([{ key: 'u1', name: 'Anna K.', text: 'Lovely', count: 4 }, { key: 'u2', name: 'Jan', text: 'Slow' }]) },
      CONTENT_SENDER,
    );
    expect(await db.profiles.count()).toBe(2);
    const anna = await db.profiles.get('trustpilot:u1');
    expect(anna).toMatchObject({ reviewCount: 4, firstSeenAt: 1_000, lastSeenAt: 2_000, countsObservedAt: 2_000 });
    // The same review seen again is one record.
    expect(await db.contributions.count()).toBe(2);
    expect((await db.contributions.where('profileId').equals('trustpilot:u1').first())?.aboutOwnBrand).toBe(true);
    // The page lists both people; the fragment is not part of the page's key.
    expect((await db.pages.get('https://www.trustpilot.com/review/example.com'))?.profileIds).toEqual(['trustpilot:u1', 'trustpilot:u2']);
    // Only new or changed people are sent to matching.
    expect(changes).toEqual([{ profiles: ['trustpilot:u1'] }, { profiles: ['trustpilot:u2'] }]);
  });

  it('a partial capture (what a broken layout still yields) is stored but keeps the page broken', async () => {
    const route = setup();
    await route({ type: 'capture/broken', url: 'https://www.trustpilot.com/review/example.com', site: 'trustpilot', problem: 'no cards' }, CONTENT_SENDER);
    const reply = await route({ type: 'capture/report', page: trustpilotPage([{ key: 'u1', name: 'Anna K.', text: 'x' }]), partial: true }, CONTENT_SENDER);
    expect(reply).toEqual({ ok: true, data: { profiles: 1, contributions: 1 } });
    expect(await db.pages.get('https://www.trustpilot.com/review/example.com')).toMatchObject({ status: 'broken', problem: 'no cards', profileIds: ['trustpilot:u1'] });
    await route({ type: 'capture/report', page: trustpilotPage([{ key: 'u2', name: 'Jan', text: 'y' }]) }, CONTENT_SENDER);
    expect(await db.pages.get('https://www.trustpilot.com/review/example.com')).toMatchObject({ status: 'ok' });
  });

  it('ignores captures of a site the user switched off', async () => {
    settings = { ...settings, disabledSites: ['trustpilot'] };
    const reply = await setup()({ type: 'capture/report', page: trustpilotPage([{ key: 'u1', name: 'A', text: 't' }]) }, CONTENT_SENDER);
    expect(reply).toEqual({ ok: true, data: { profiles: 0, contributions: 0 } });
    expect(await db.profiles.count()).toBe(0);
  });

  it('refuses a forged capture and stores nothing', async () => {
    const page = trustpilotPage([{ key: 'u1', name: 'A', text: 't' }]);
    const reply = await setup()({ type: 'capture/report', page: { ...page, profiles: [{ ...page.profiles[0], followers: 'many' }] } }, CONTENT_SENDER);
    expect(reply).toMatchObject({ ok: false, error: { code: 'malformed' } });
    expect(await db.profiles.count()).toBe(0);
  });
});

describe('badges/get', () => {
  it('answers only about people captured on the asking page\'s site, with their value', async () => {
    const route = setup();
    await route({ type: 'capture/report', page: trustpilotPage([{ key: 'u1', name: 'Anna K.', text: 'x' }]) }, CONTENT_SENDER);
    await db.profiles.put({ id: 'instagram:secret', platform: 'instagram', key: 'secret', displayName: 'S', firstSeenAt: 1, lastSeenAt: 1, seenOn: ['https://www.instagram.com/secret/'] });
    await db.customers.put({ id: 'C1', handles: [], custom: {}, source: 'csv', updatedAt: 0 });
    await db.matches.bulkPut([
      { profileId: 'trustpilot:u1', customerId: 'C1', score: 0.99, status: 'auto', evidence: [], decidedBy: 'matcher', decidedAt: 1, rejectedCustomerIds: [] },
      { profileId: 'instagram:secret', customerId: 'C1', score: 0.99, status: 'auto', evidence: [], decidedBy: 'matcher', decidedAt: 1, rejectedCustomerIds: [] },
    ]);
    await db.values.put({ personRef: 'customer:C1', kind: 'customer', segment: 'champions', financial: 420, influence: 12, engagement: 540, value: {} as never });
    const reply = await route({ type: 'badges/get', profileIds: ['trustpilot:u1', 'instagram:secret', 'trustpilot:unknown'] }, CONTENT_SENDER);
    expect(reply).toEqual({
      ok: true,
      data: { enabled: true, badges: [{ profileId: 'trustpilot:u1', words: 'Customer · €420 · influence 12 · Champion', tone: 'customer' }] },
    });
    // The asking tab is told when the badges change, instead of polling.
    expect(badgeTabs).toEqual([7]);
  });

  it('shows nothing when the user switched badges off', async () => {
    settings = { ...settings, pageBadges: false };
    const reply = await setup()({ type: 'badges/get', profileIds: ['trustpilot:u1'] }, CONTENT_SENDER);
    expect(reply).toEqual({ ok: true, data: { enabled: false, badges: [] } });
  });

  it('shows nothing on a site whose terms forbid overlays (LinkedIn), even to a script that asks', async () => {
    const route = setup();
    const linkedin = { ...CONTENT_SENDER, url: 'https://www.linkedin.com/in/anna/' };
    await db.profiles.put({ id: 'linkedin:anna', platform: 'linkedin', key: 'anna', displayName: 'Anna', firstSeenAt: 1, lastSeenAt: 1, seenOn: ['https://www.linkedin.com/in/anna/'] });
    await db.values.put({ personRef: 'profile:linkedin:anna', kind: 'profile', segment: 'advocates', financial: 0, influence: 30, engagement: 30, value: {} as never });
    expect(await route({ type: 'badges/get', profileIds: ['linkedin:anna'] }, linkedin)).toEqual({ ok: true, data: { enabled: false, badges: [] } });
  });
});

describe('sender rules', () => {
  it('does not let a content script load data, confirm matches or import', async () => {
    const route = setup();
    for (const message of [
      { type: 'sample/load' },
      { type: 'match/confirm', profileId: 'p', customerId: 'c' },
      { type: 'import/begin', kind: 'customers', fileName: 'x.csv' },
      { type: 'tag/add', personRef: 'customer:C1', label: 'vip' },
    ]) {
      expect(await route(message, CONTENT_SENDER)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
    expect(await db.customers.count()).toBe(0);
  });
});

describe('the generic fallback of a module', () => {
  it('is injected into the asking frame of a site with a module', async () => {
    const reply = await setup()({ type: 'capture/fallback' }, { ...CONTENT_SENDER, frameId: 3 });
    expect(reply).toEqual({ ok: true, data: { injected: true } });
    expect(injections).toEqual([[7, 3]]);
  });

  it('is never injected on a site without a module, nor for an extension page', async () => {
    const route = setup();
    const forum = { id: ID, url: 'https://forum.example/t/1', tabId: 7, frameId: 0 };
    expect(await route({ type: 'capture/fallback' }, forum)).toEqual({ ok: true, data: { injected: false } });
    expect(await route({ type: 'capture/fallback' }, PAGE_SENDER)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(injections).toEqual([]);
  });
});

describe('matches and tags', () => {
  it('confirms a match over any score, and a rejection is remembered', async () => {
    const route = setup();
    await db.customers.put({ id: 'C1', firstName: 'Anna', handles: [], custom: {}, source: 'csv', updatedAt: 0 });
    await route({ type: 'capture/report', page: trustpilotPage([{ key: 'u1', name: 'Anna K.', text: 'x' }]) }, CONTENT_SENDER);
    await db.matches.put({ profileId: 'trustpilot:u1', customerId: 'C1', score: 0.6, status: 'review', evidence: [], decidedBy: 'matcher', decidedAt: 1, rejectedCustomerIds: [] });

    expect(await route({ type: 'match/reject', profileId: 'trustpilot:u1', customerId: 'C1' }, PAGE_SENDER)).toEqual({ ok: true, data: {} });
    expect(await db.matches.get('trustpilot:u1')).toMatchObject({ status: 'rejected', customerId: null, rejectedCustomerIds: ['C1'], decidedBy: 'user' });

    expect(await route({ type: 'match/confirm', profileId: 'trustpilot:u1', customerId: 'C1' }, PAGE_SENDER)).toEqual({ ok: true, data: {} });
    // Confirmed is certain, whatever the matcher scored before.
    expect(await db.matches.get('trustpilot:u1')).toMatchObject({ status: 'confirmed', customerId: 'C1', score: 1, rejectedCustomerIds: [] });
    expect((await db.audit.toArray()).map((a) => a.action)).toEqual(['match-rejected', 'match-confirmed']);
  });

  it('records each decision for the team with the author from the settings and the time, settling when chosen from a conflict', async () => {
    const route = setup();
    settings = { ...settings, teamAuthor: 'Anna de Vries' };
    await db.customers.put({ id: 'C1', firstName: 'Anna', handles: [], custom: {}, source: 'csv', updatedAt: 0 });
    await route({ type: 'capture/report', page: trustpilotPage([{ key: 'u1', name: 'Anna K.', text: 'x' }]) }, CONTENT_SENDER);
    clock = 1_765_100_000_500;
    await route({ type: 'match/reject', profileId: 'trustpilot:u1', customerId: 'C1' }, PAGE_SENDER);
    await route({ type: 'match/confirm', profileId: 'trustpilot:u1', customerId: 'C1', settles: true }, PAGE_SENDER);
    const held = (await db.teamDecisions.toArray()).map((d) => [d.kind, d.customerId, d.author, d.at, d.settles, d.origin, d.shared]);
    expect(held).toEqual(expect.arrayContaining([
      ['reject', 'C1', 'Anna de Vries', 1_765_100_000_000, false, 'local', 0],
      ['confirm', 'C1', 'Anna de Vries', 1_765_100_000_000, true, 'local', 0],
    ]));
    expect(held).toHaveLength(2);
  });

  it('confirming a suggestion scores it 1 and keeps the matcher’s evidence for that customer', async () => {
    const route = setup();
    await db.customers.put({ id: 'C1', firstName: 'Anna', handles: [], custom: {}, source: 'csv', updatedAt: 0 });
    await route({ type: 'capture/report', page: trustpilotPage([{ key: 'u1', name: 'Anna K.', text: 'x' }]) }, CONTENT_SENDER);
    const evidence = [{ field: 'given', comparison: 'exact', weight: 4.2 }];
    await db.matches.put({ profileId: 'trustpilot:u1', customerId: 'C1', score: 0.4, status: 'review', evidence, decidedBy: 'matcher', decidedAt: 1, rejectedCustomerIds: [] });
    await route({ type: 'match/confirm', profileId: 'trustpilot:u1', customerId: 'C1' }, PAGE_SENDER);
    expect(await db.matches.get('trustpilot:u1')).toMatchObject({ status: 'confirmed', score: 1, evidence, decidedBy: 'user' });
  });

  it('refuses to confirm a match with a customer that does not exist', async () => {
    const reply = await setup()({ type: 'match/confirm', profileId: 'trustpilot:u1', customerId: 'nobody' }, PAGE_SENDER);
    expect(reply).toMatchObject({ ok: false, error: { code: 'failed', message: expect.stringContaining('no customer nobody') } });
  });

  it('adds a tag once whatever its case, and removes it', async () => {
    const route = setup();
    await route({ type: 'tag/add', personRef: 'customer:C1', label: 'Ambassador' }, PAGE_SENDER);
    await route({ type: 'tag/add', personRef: 'customer:C1', label: 'ambassador ' }, PAGE_SENDER);
    expect(await db.tags.count()).toBe(1);
    await route({ type: 'tag/remove', personRef: 'customer:C1', label: 'AMBASSADOR' }, PAGE_SENDER);
    expect(await db.tags.count()).toBe(0);
  });
});

describe('import', () => {
  const customer = (id: string) => ({ id, firstName: id, handles: [], custom: {}, source: 'csv', updatedAt: 5 });

  it('stages rows and stores them only on commit, all at once', async () => {
    const route = setup();
    const begun = await route({ type: 'import/begin', kind: 'customers', fileName: 'c.csv' }, PAGE_SENDER);
    expect(begun.ok).toBe(true);
    const importId = (begun as { data: { importId: string } }).data.importId;
    await route({ type: 'import/rows', importId, rows: [{ line: 2, row: customer('C1') }, { line: 3, row: customer('C2') }] }, PAGE_SENDER);
    expect(await db.customers.count()).toBe(0);
    const committed = await route({ type: 'import/commit', importId }, PAGE_SENDER);
    expect(committed).toEqual({ ok: true, data: { customers: 2, orders: 0, errors: [] } });
    expect(await db.customers.count()).toBe(2);
    expect(await db.staging.count()).toBe(0);
    expect(changes).toContainEqual({ customers: true, orders: false });
  });

  it('reports orders of unknown customers by line and keeps the rest', async () => {
    const route = setup();
    await db.customers.put(customer('C1') as never);
    const importId = ((await route({ type: 'import/begin', kind: 'orders', fileName: 'o.csv' }, PAGE_SENDER)) as { data: { importId: string } }).data.importId;
    const order = (id: string, customerId: string) => ({ id, customerId, date: '2024-01-01', amount: 10, currency: 'EUR' });
    await route({ type: 'import/rows', importId, rows: [{ line: 2, row: order('O1', 'C1') }, { line: 3, row: order('O2', 'C9') }] }, PAGE_SENDER);
    const committed = await route({ type: 'import/commit', importId }, PAGE_SENDER);
    expect(committed).toMatchObject({ ok: true, data: { orders: 1, errors: [{ line: 3, field: 'customer_id' }] } });
  });

  it('cancel leaves the database as it was', async () => {
    const route = setup();
    await db.customers.put(customer('C0') as never);
    const importId = ((await route({ type: 'import/begin', kind: 'customers', fileName: 'c.csv' }, PAGE_SENDER)) as { data: { importId: string } }).data.importId;
    await route({ type: 'import/rows', importId, rows: [{ line: 2, row: customer('C1') }] }, PAGE_SENDER);
    await route({ type: 'import/cancel', importId }, PAGE_SENDER);
    expect(await db.customers.toCollection().primaryKeys()).toEqual(['C0']);
    expect(await db.staging.count()).toBe(0);
    expect(await route({ type: 'import/commit', importId }, PAGE_SENDER)).toMatchObject({ ok: false, error: { message: expect.stringContaining('no longer in progress') } });
  });

  it('rejects a staged row of the wrong kind with its line', async () => {
    const route = setup();
    const importId = ((await route({ type: 'import/begin', kind: 'orders', fileName: 'o.csv' }, PAGE_SENDER)) as { data: { importId: string } }).data.importId;
    const reply = await route({ type: 'import/rows', importId, rows: [{ line: 9, row: customer('C1') }] }, PAGE_SENDER);
    expect(reply).toMatchObject({ ok: false, error: { message: expect.stringContaining('line 9') } });
    expect(await db.staging.count()).toBe(0);
  });
});

describe('notes, settings and the people directory', () => {
  it('keeps one note per person, trimmed; an empty note removes it', async () => {
    const route = setup();
    expect(await route({ type: 'note/set', personRef: 'customer:C1', text: '  Gift box sent in May  ' }, PAGE_SENDER)).toEqual({ ok: true, data: {} });
    expect(await db.notes.get('customer:C1')).toEqual({ personRef: 'customer:C1', text: 'Gift box sent in May', updatedAt: 1000 });
    await route({ type: 'note/set', personRef: 'customer:C1', text: '   ' }, PAGE_SENDER);
    expect(await db.notes.count()).toBe(0);
    const refused = await route({ type: 'note/set', personRef: 'customer:C1', text: 'x' }, CONTENT_SENDER);
    expect(refused).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('redoes the matching after new thresholds, and only the values after new value settings', async () => {
    const route = setup();
    await route({ type: 'capture/report', page: trustpilotPage([{ key: 'u1', name: 'Anna K.', text: 'x' }, { key: 'u2', name: 'Bob', text: 'y' }]) }, CONTENT_SENDER);
    changes = [];
    await route({ type: 'settings/changed', rematch: true }, PAGE_SENDER);
    expect(changes).toEqual([{ profiles: ['trustpilot:u1', 'trustpilot:u2'] }]);
    await route({ type: 'settings/changed', rematch: false }, PAGE_SENDER);
    expect(changes[1]).toEqual({ orders: true });
  });

  it('shows a new tag in the people directory at once', async () => {
    const route = setup();
    await db.customers.put({ id: 'C1', firstName: 'Anna', handles: [], custom: {}, source: 'csv', updatedAt: 0 });
    await route({ type: 'tag/add', personRef: 'customer:C1', label: 'Ambassador' }, PAGE_SENDER);
    expect(await db.people.get('customer:C1')).toMatchObject({ tags: ['ambassador'], status: 'crm-only' });
    await route({ type: 'tag/remove', personRef: 'customer:C1', label: 'ambassador' }, PAGE_SENDER);
    expect((await db.people.get('customer:C1'))?.tags).toEqual([]);
  });
});
