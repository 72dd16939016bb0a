/**
 * The customer's own choice at every stage the extension goes through: the
 * import (the CRM's column), the work that follows (links dropped, the index,
 * values), a person linking by hand, what the CRM receives, the access export,
 * and an objection recorded in the person view.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EarshotDatabase } from '../../../lib/db/database';
import { deleteDatabase, openFreshDatabase } from '../fresh-db';
import { storeCapture } from '../../../lib/db/captures';
import { beginImport, commitImport, stageRows } from '../../../lib/db/imports';
import { exportPerson } from '../../../lib/db/person-records';
import { recordStats } from '../../../lib/db/stats';
import { createPipeline } from '../../../lib/background/pipeline';
import { createHandlers } from '../../../lib/background/handlers';
import { createRouter } from '../../../lib/background/router';
import { recordWork, runWork, type DataChange } from '../../../lib/background/work';
import { loadPersonPayload } from '../../../lib/db/crm-payloads';
import { crmValuesOf } from '../../../lib/db/values';
import { type CapturedPage, type Customer } from '../../../lib/model';
import { DEFAULT_SETTINGS } from '../../../lib/settings';
import { localeText } from '../locale-text';
import { Outbox } from '../../../lib/outbox/engine';
import { createConnector } from '../../../lib/crm/connectors';
import { withServer } from '../sync/fixtures';

const NOW = Date.parse('2026-11-01T12:00:00Z');
const ID = 'abcdefghijklmnopabcdefghijklmnop';
const ORIGIN = `chrome-extension://${ID}/`;
const PAGE = { id: ID, url: `${ORIGIN}sidepanel.html` };

let db: EarshotDatabase;
let changes: DataChange[];

const customer = (id: string, first: string, last: string, extra: Partial<Customer> = {}): Customer => ({
  id, firstName: first, lastName: last, handles: [], custom: {}, source: 'csv', updatedAt: 0, ...extra,
});

/** Janneke's own Instagram (her handle is in the CRM: linked outright) and Kees's, with a post each. */
const instagram = (key: string, name: string): CapturedPage => ({
  url: `https://www.instagram.com/${key}/`,
  site: 'instagram',
  kind: 'profile',
  profiles: [{ platform: 'instagram', key, handle: key, displayName: name, followers: 12400 }],
  contributions: [{ profileKey: key, type: 'post', date: '2026-10-01', text: 'Zondag = bakdag met Groen & Gezond' }],
});

beforeEach(async () => {
  db = await openFreshDatabase('opt-out');
  changes = [];
  await db.customers.bulkPut([
    customer('C1', 'Janneke', 'van den Berg', { email: 'janneke.vdberg@ziggo.nl', city: 'Utrecht', handles: [{ platform: 'instagram', handle: 'janneke.bakt' }] }),
    customer('C2', 'Kees', 'Bakker', { city: 'Zwolle', handles: [{ platform: 'instagram', handle: 'keesbakt' }] }),
  ]);
  await db.orders.bulkPut([
    { id: 'O1', customerId: 'C1', date: '2025-01-05', amount: 40, currency: 'EUR' },
    { id: 'O2', customerId: 'C1', date: '2025-06-05', amount: 60, currency: 'EUR' },
    { id: 'O3', customerId: 'C2', date: '2026-02-01', amount: 25, currency: 'EUR' },
  ]);
  await db.connections.put({ connector: 'webhook', settings: { url: 'https://hooks.example/earshot' }, secret: 'whsec-0123456789abcdef', connectedAt: 1 });
  await storeCapture(db, instagram('janneke.bakt', 'Janneke vd Berg'), { now: NOW, ownBrands: [] });
  await storeCapture(db, instagram('keesbakt', 'Kees Bakker'), { now: NOW, ownBrands: [] });
  await work({ customers: true, orders: true, profiles: ['instagram:janneke.bakt', 'instagram:keesbakt'] });
});
afterEach(() => deleteDatabase(db));

async function work(change: DataChange): Promise<void> {
  await recordWork(db, change, NOW);
  await runWork(db, createPipeline({ db, now: () => NOW, settings: async () => DEFAULT_SETTINGS, syncQueued: () => undefined }), () => NOW);
}

function router() {
  const handlers = createHandlers({
    db,
    now: () => NOW,
    newId: () => 'id',
    settings: async () => DEFAULT_SETTINGS,
    captureTab: async () => null,
    injectFallback: async () => {},
    dataChanged: async (c) => void changes.push(c),
    syncQueued: () => undefined,
    adoptOwnBrands: async () => undefined,
    text: async () => localeText('en'),
    showsBadges: async () => undefined,
  });
  const unexpected = async () => Promise.reject(new Error('not under test'));
  return createRouter({ ...handlers, 'crm/connect': unexpected, 'crm/disconnect': unexpected, 'crm/pull': unexpected, 'sync/run': unexpected, 'sync/retry': unexpected }, { id: ID, origin: ORIGIN });
}

/** Import a customers file through the extension's all-or-nothing import, as the workspace does. */
async function importCustomers(rows: Customer[], columns: Record<string, string>): Promise<void> {
  const journal = await beginImport(db, 'customers', 'customers.csv', NOW, `imp-${Math.random()}`);
  await stageRows(db, journal.importId, rows.map((row, i) => ({ line: i + 2, row })), NOW);
  await commitImport(db, journal.importId, { fields: columns, custom: [] }, false);
}

describe('a customer whose CRM export says do_not_profile', () => {
  it('before: both are linked and valued (what the mark must undo)', async () => {
    expect(await db.matches.get('instagram:janneke.bakt')).toMatchObject({ customerId: 'C1', status: 'auto' });
    expect(await db.values.get('customer:C1')).toBeDefined();
  });

  it('is unlinked, unvalued, out of the index, counted, and her CRM record loses what Earshot wrote', async () => {
    await importCustomers([{ ...customer('C1', 'Janneke', 'van den Berg'), doNotProfile: true }], { customer_id: 'customer_id', do_not_profile: 'do_not_profile' });
    expect(await db.customers.get('C1')).toMatchObject({ doNotProfile: true, email: 'janneke.vdberg@ziggo.nl' });
    await work({ customers: true });

    // Matching: her profile is nobody's, and the matcher, run again over everyone, did not link it back.
    expect(await db.matches.get('instagram:janneke.bakt')).toMatchObject({ customerId: null, status: 'none' });
    expect(await db.matches.where('customerId').equals('C1').count()).toBe(0);
    expect(await db.matches.get('instagram:keesbakt')).toMatchObject({ customerId: 'C2', status: 'auto' });
    // Values: none for her (her purchase history is her orders, untouched); Kees is valued as before.
    expect(await db.values.get('customer:C1')).toBeUndefined();
    expect(await db.orders.where('customerId').equals('C1').count()).toBe(2);
    expect(await db.values.get('customer:C2')).toMatchObject({ kind: 'customer' });
    expect(await db.actions.where('personRef').equals('customer:C1').count()).toBe(0);
    // The workspace counts and finds her by her own status.
    expect(await db.people.get('customer:C1')).toMatchObject({ status: 'not-profiled', profileIds: [] });
    expect((await recordStats(db, NOW)).notProfiled).toBe(1);
    // The CRM: an update without links, tags or values, saying she must not be profiled.
    const payload = await loadPersonPayload(db, 'C1', { changedAt: NOW, valuesOf: (id) => crmValuesOf(db, id) });
    expect(payload).toEqual({ customerId: 'C1', email: 'janneke.vdberg@ziggo.nl', firstName: 'Janneke', lastName: 'van den Berg', links: [], tags: [], doNotProfile: true, changedAt: NOW });
    const jobs = await db.syncJobs.where('personRef').equals('customer:C1').toArray();
    expect(jobs.filter((j) => j.kind === 'upsert-person' && j.status === 'pending')).toHaveLength(1);
    // The audit says how much was dropped, never whom.
    const audit = (await db.audit.toArray()).find((a) => a.action === 'profiling-stopped');
    expect(audit).toMatchObject({ counts: { customers: 1, links: 1, values: 1 } });
    expect(JSON.stringify(audit)).not.toMatch(/C1|Janneke/);
  });

  it('cannot be linked by hand either', async () => {
    await importCustomers([{ ...customer('C1', 'Janneke', 'van den Berg'), doNotProfile: true }], { customer_id: 'customer_id', do_not_profile: 'do_not_profile' });
    await work({ customers: true });
    const answer = await router()({ type: 'match/confirm', profileId: 'instagram:janneke.bakt', customerId: 'C1' }, PAGE);
    expect(answer).toMatchObject({ ok: false, error: { message: expect.stringContaining('must not be profiled') } });
    expect(await db.matches.get('instagram:janneke.bakt')).toMatchObject({ customerId: null });
  });

  it('the access export says she is not profiled, and why', async () => {
    await importCustomers([{ ...customer('C1', 'Janneke', 'van den Berg'), doNotProfile: true }], { customer_id: 'customer_id', do_not_profile: 'do_not_profile' });
    await work({ customers: true });
    const exported = await exportPerson(db, 'customer:C1', NOW);
    expect(exported.profiling).toEqual({ profiled: false, reason: 'crm', objectedAt: null });
    expect(exported.values).toEqual([]);
    expect(exported.profiles).toEqual([]);
    expect(exported.orders).toHaveLength(2);
  });
});

describe('an objection recorded in the person view (GDPR Art. 21)', () => {
  it('is kept, drops links and values at once, takes her out of the index, and is news for the CRM', async () => {
    const answer = await router()({ type: 'person/object', personRef: 'profile:instagram:janneke.bakt' }, PAGE);
    expect(answer).toEqual({ ok: true, data: { links: 1, values: 1, actions: 0, queued: 1 } });
    expect(await db.customers.get('C1')).toMatchObject({ objectedAt: NOW });
    expect(await db.matches.get('instagram:janneke.bakt')).toMatchObject({ customerId: null, status: 'none' });
    expect(changes).toEqual([{ profiles: ['instagram:janneke.bakt'], orders: true }]);
    await work(changes[0]!);
    expect(await db.matches.get('instagram:janneke.bakt')).toMatchObject({ customerId: null });
    expect(await db.values.get('customer:C1')).toBeUndefined();
    expect((await exportPerson(db, 'customer:C1', NOW)).profiling).toEqual({ profiled: false, reason: 'objection', objectedAt: new Date(NOW).toISOString() });
    // A re-import saying "no" is the CRM's column, not her objection: she stays out.
    await importCustomers([{ ...customer('C1', 'Janneke', 'van den Berg'), doNotProfile: false }], { customer_id: 'customer_id', do_not_profile: 'do_not_profile' });
    await work({ customers: true });
    expect(await db.matches.get('instagram:janneke.bakt')).toMatchObject({ customerId: null });
    expect(await db.people.get('customer:C1')).toMatchObject({ status: 'not-profiled' });
    expect(await db.audit.where('action').equals('objection').count()).toBe(1);
  });

  it('only a customer can object here', async () => {
    await storeCapture(db, instagram('stranger', 'A Stranger'), { now: NOW, ownBrands: [] });
    const answer = await router()({ type: 'person/object', personRef: 'profile:instagram:stranger' }, PAGE);
    expect(answer).toMatchObject({ ok: false, error: { message: expect.stringContaining('only a customer can object') } });
  });
});

describe('what the CRM receives', () => {
  it('a note about her link queued before she objected is not sent; the update clearing her fields is', async () => {
    await withServer(async (server) => {
      await db.connections.put({ connector: 'webhook', settings: { url: `${server.url}/hooks/earshot` }, secret: 'whsec-test-0123456789abcdef', connectedAt: 1 });
      // The work after the capture queued her update and the note about her link; nothing was sent yet.
      expect((await db.syncJobs.toArray()).filter((j) => j.personRef === 'customer:C1').map((j) => j.kind).sort()).toEqual(['add-note', 'upsert-person']);
      await router()({ type: 'person/object', personRef: 'customer:C1' }, PAGE);
      const outbox = new Outbox({
        db,
        connectorFor: async (id) => {
          const row = await db.connections.get(id);
          return row ? createConnector(id, row, { fetch: (url, init) => fetch(url, init), now: () => Date.now(), timeoutMs: 2_000 }) : null;
        },
        now: () => Date.now(),
        random: () => 0.5,
        sleep: async () => undefined,
      });
      await outbox.settle();
      const events = Object.values(server.state.webhook.events).map((e) => e.event as { type: string; customerId?: string; person?: { customerId: string } });
      const hers = events.filter((e) => e.customerId === 'C1' || e.person?.customerId === 'C1');
      expect(hers.map((e) => e.type)).toEqual(['person.updated']);
      expect(hers[0]).toMatchObject({ person: { links: [], tags: [], doNotProfile: true } });
      // Kees's link still goes out with its note.
      expect(events.filter((e) => e.customerId === 'C2' || e.person?.customerId === 'C2').map((e) => e.type).sort()).toEqual(['person.linked', 'person.updated']);
      expect(server.violations).toEqual([]);
    });
  });
});
