import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EarshotDatabase } from '../../../lib/db/database';
import { deleteDatabase, openFreshDatabase } from '../fresh-db';
import { createHandlers } from '../../../lib/background/handlers';
import type { DataChange } from '../../../lib/background/work';
import { createRouter, type Router } from '../../../lib/background/router';
import { createSyncHandlers, type OutboxControl } from '../../../lib/background/sync';
import { createConnector } from '../../../lib/crm/connectors';
import { Outbox } from '../../../lib/outbox/engine';
import { DEFAULT_SETTINGS } from '../../../lib/settings';
import { startCrmServer, type CrmServer } from '../../crm-server/server';
import { T0, anna, annaMatch, annaYoutube, httpDeps, janneke, jannekeInstagram, jannekeMatch } from './fixtures';
import { localeText } from '../locale-text';

const ID = 'abcdefghijklmnopabcdefghijklmnop';
const ORIGIN = `chrome-extension://${ID}/`;
const PAGE = { id: ID, url: `${ORIGIN}options.html` };
const CONTENT = { id: ID, url: 'https://www.trustpilot.com/review/example.com', tabId: 7 };
const TOKEN = 'pat-test-token';

let db: EarshotDatabase;
let server: CrmServer;
let clock: number;
let granted: Set<string>;
let removed: string[];
let changes: DataChange[];
let wakes: number;
let route: Router;

function setup() {
  const engine = new Outbox({
    db,
    connectorFor: async (id) => {
      const row = await db.connections.get(id);
      return row ? createConnector(id, row, httpDeps()) : null;
    },
    now: () => clock,
    random: () => 0.5,
    sleep: async (ms) => {
      clock += ms;
    },
  });
  const outbox: OutboxControl = {
    drain: () => engine.drain(),
    wake: () => {
      wakes += 1;
    },
  };
  const now = () => clock;
  const core = createHandlers({
    db,
    now,
    newId: () => `id-${clock}`,
    settings: async () => DEFAULT_SETTINGS,
    captureTab: async () => null,
    injectFallback: async () => {},
    dataChanged: async (c) => void changes.push(c),
    syncQueued: () => outbox.wake(),
    adoptOwnBrands: async () => undefined,
    text: async () => localeText('en'),
    showsBadges: async () => undefined,
  });
  const sync = createSyncHandlers({
    db,
    now,
    connectorDeps: httpDeps(),
    outbox,
    permissions: {
      contains: async (pattern) => granted.has(pattern),
      remove: async (pattern) => {
        removed.push(pattern);
        granted.delete(pattern);
      },
    },
    dataChanged: async (c) => void changes.push(c),
    random: () => 0.5,
    sleep: async (ms) => {
      clock += ms;
    },
  });
  route = createRouter({ ...core, ...sync }, { id: ID, origin: ORIGIN });
}

const ok = async (message: Record<string, unknown>) => {
  const reply = await route(message, PAGE);
  if (!reply.ok) throw new Error(reply.error.message);
  return reply.data as Record<string, unknown>;
};

beforeEach(async () => {
  clock = T0;
  server = await startCrmServer();
  db = await openFreshDatabase('sync-handlers');
  await db.customers.bulkPut([janneke, anna]);
  await db.profiles.bulkPut([jannekeInstagram, annaYoutube]);
  await db.matches.bulkPut([jannekeMatch, { ...annaMatch, status: 'review' }]);
  granted = new Set();
  removed = [];
  changes = [];
  wakes = 0;
  setup();
});

afterEach(async () => {
  expect(server.violations).toEqual([]);
  await server.stop();
  await deleteDatabase(db);
});

const connect = () => ok({ type: 'crm/connect', connector: 'hubspot', settings: { baseUrl: server.url }, secret: TOKEN });

describe('crm/connect and crm/disconnect', () => {
  it('refuses until the page obtained the host permission; content scripts may not connect at all', async () => {
    const refused = await route({ type: 'crm/connect', connector: 'hubspot', settings: { baseUrl: server.url }, secret: TOKEN }, PAGE);
    expect(refused).toEqual({ ok: false, error: { code: 'failed', message: 'crm/connect: Earshot may not reach http://127.0.0.1/* yet: click Connect again and allow access when the browser asks.' } });
    const fromContent = await route({ type: 'crm/connect', connector: 'hubspot', settings: { baseUrl: server.url }, secret: TOKEN }, CONTENT);
    expect(fromContent).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await db.connections.count()).toBe(0);
  });

  it('checks the token, prepares HubSpot, keeps the token in the connections table only, and queues the linked people', async () => {
    granted.add('http://127.0.0.1/*');
    const answer = await connect();
    expect(answer).toEqual({
      connector: 'hubspot',
      summary: 'Connected to HubSpot (API 2026-03): 15 Earshot contact properties created. 1 linked or tagged person is queued for sync.',
    });
    expect(JSON.stringify(answer)).not.toContain(TOKEN);
    expect(await db.connections.get('hubspot')).toEqual({ connector: 'hubspot', settings: { baseUrl: server.url }, secret: TOKEN, connectedAt: T0 });
    // Janneke is linked (confirmed); Anna's match only waits for review.
    expect((await db.syncJobs.toArray()).map((j) => `${j.personRef} ${j.kind}`)).toEqual(['customer:C-1001 upsert-person', 'customer:C-1001 add-note']);
    expect(wakes).toBe(1);
    expect(await ok({ type: 'sync/run' })).toEqual({ done: 2, parked: 0, pending: 0 });
    expect(Object.values(server.state.hubspot.contacts).map((c) => c.properties.email)).toEqual(['janneke.vdberg@ziggo.nl']);
    expect((await db.audit.toArray()).map((a) => a.action)).toContain('crm-connected');
  });

  it('retries the token check through a 429 and a 500 instead of failing the click', async () => {
    granted.add('http://127.0.0.1/*');
    server.inject({ kind: '429', match: 'listContacts', retryAfter: '0' }, { kind: '500', match: 'listContacts' });
    const answer = await connect();
    expect(answer.summary).toContain('Connected to HubSpot (API 2026-03)');
    expect(server.requests.filter((r) => r.operationId === 'listContacts').map((r) => r.status)).toEqual([429, 500, 200]);
    expect(await db.connections.count()).toBe(1);
  });

  it('answers at once, with the moment it named, when the CRM asks for a longer pause than a click can wait', async () => {
    granted.add('http://127.0.0.1/*');
    server.inject({ kind: '429', match: 'listContacts', retryAfter: '3600' });
    const reply = await route({ type: 'crm/connect', connector: 'hubspot', settings: { baseUrl: server.url }, secret: TOKEN }, PAGE);
    expect(reply).toMatchObject({ ok: false, error: { message: expect.stringMatching(/^crm\/connect: HubSpot asked to wait until \d{4}-\d\d-\d\d \d\d:\d\d UTC, longer than Earshot waits \(30 s\)/) } });
    expect(server.requests.filter((r) => r.operationId === 'listContacts')).toHaveLength(1);
    expect(await db.connections.count()).toBe(0);
  });

  it('a wrong token is refused with the CRM\'s reason and nothing is stored', async () => {
    granted.add('http://127.0.0.1/*');
    const reply = await route({ type: 'crm/connect', connector: 'hubspot', settings: { baseUrl: server.url }, secret: 'pat-wrong' }, PAGE);
    expect(reply).toMatchObject({ ok: false, error: { message: expect.stringContaining('HubSpot refused the access token (401)') } });
    expect(await db.connections.count()).toBe(0);
  });

  it('disconnect deletes the token, drops the unsendable updates but keeps erasures, and removes the permission', async () => {
    granted.add('http://127.0.0.1/*');
    await connect();
    await db.meta.put({ key: 'sync:hubspot:C-1002', value: { crmId: '77', noted: [], sentTags: [] }, updatedAt: T0 });
    await ok({ type: 'person/erase', personRef: 'customer:C-1002', includeCustomerRecord: true });
    expect((await db.syncJobs.toArray()).map((j) => j.kind)).toEqual(['upsert-person', 'add-note', 'erase-person']);

    expect(await ok({ type: 'crm/disconnect', connector: 'hubspot' })).toEqual({});
    expect(await db.connections.get('hubspot')).toBeUndefined();
    expect((await db.syncJobs.toArray()).map((j) => j.kind)).toEqual(['erase-person']);
    expect(await db.meta.get('sync:hubspot:C-1001')).toBeUndefined();
    expect(await db.meta.get('sync:hubspot:C-1002')).toBeDefined();
    expect(removed).toEqual(['http://127.0.0.1/*']);
    expect((await db.audit.toArray()).map((a) => a.action)).toContain('crm-disconnected');
  });
});

describe('changes queue CRM updates', () => {
  beforeEach(async () => {
    granted.add('http://127.0.0.1/*');
    await connect();
    await ok({ type: 'sync/run' });
    wakes = 0;
  });

  it('confirming a match queues the customer and a note; rejecting it queues the customer it left', async () => {
    await ok({ type: 'match/confirm', profileId: annaYoutube.id, customerId: anna.id });
    expect((await db.syncJobs.toArray()).map((j) => `${j.personRef} ${j.kind}`)).toEqual(['customer:C-1002 upsert-person', 'customer:C-1002 add-note']);
    expect(wakes).toBe(1);
    await ok({ type: 'sync/run' });
    expect(Object.values(server.state.hubspot.contacts).find((c) => c.properties.email === 'anna.ivanova@mail.ru')!.properties.earshot_platforms).toBe('youtube');

    await ok({ type: 'match/reject', profileId: annaYoutube.id, customerId: anna.id });
    expect((await db.syncJobs.toArray()).map((j) => `${j.personRef} ${j.kind}`)).toEqual(['customer:C-1002 upsert-person']);
    await ok({ type: 'sync/run' });
    const contact = Object.values(server.state.hubspot.contacts).find((c) => c.properties.email === 'anna.ivanova@mail.ru')!;
    expect(contact.properties.earshot_platforms).toBeUndefined();
    expect(contact.properties.earshot_profiles).toBeUndefined();
  });

  it('tagging a linked profile updates its customer; tagging an unlinked profile sends nothing', async () => {
    await ok({ type: 'tag/add', personRef: `profile:${jannekeInstagram.id}`, label: 'Ambassador' });
    await ok({ type: 'tag/add', personRef: `profile:${annaYoutube.id}`, label: 'maybe' });
    expect((await db.syncJobs.toArray()).map((j) => j.personRef)).toEqual(['customer:C-1001']);
    await ok({ type: 'sync/run' });
    expect(Object.values(server.state.hubspot.contacts)[0]!.properties.earshot_tags).toBe('ambassador');
  });

  it('a parked job is retried on request', async () => {
    server.inject({ kind: 'truncated', match: 'contacts/batch' });
    await ok({ type: 'tag/add', personRef: 'customer:C-1001', label: 'vip' });
    expect(await ok({ type: 'sync/run' })).toEqual({ done: 0, parked: 1, pending: 0 });
    const [job] = await db.syncJobs.toArray();
    expect(await ok({ type: 'sync/retry', jobId: job!.id })).toEqual({});
    expect(await ok({ type: 'sync/run' })).toEqual({ done: 1, parked: 0, pending: 0 });
  });

  it('erasing a person queues the CRM erasure and it removes what Earshot wrote', async () => {
    await ok({ type: 'person/erase', personRef: 'customer:C-1001', includeCustomerRecord: false });
    expect((await db.syncJobs.toArray()).map((j) => j.kind)).toEqual(['erase-person']);
    await ok({ type: 'sync/run' });
    const [contact] = Object.values(server.state.hubspot.contacts);
    expect(Object.keys(contact!.properties).filter((k) => k.startsWith('earshot_'))).toEqual([]);
    expect(Object.values(server.state.hubspot.notes).every((n) => n.archived)).toBe(true);
  });

  it('erasing a person while the CRM is disconnected reaches it once it is connected again', async () => {
    await ok({ type: 'tag/add', personRef: 'customer:C-1001', label: 'vip' });
    await ok({ type: 'sync/run' });
    expect(await ok({ type: 'crm/disconnect', connector: 'hubspot' })).toEqual({});
    expect(await db.meta.get('sync:hubspot:C-1001')).toBeUndefined();
    expect(await db.meta.get('held:hubspot:C-1001')).toBeDefined();

    await ok({ type: 'person/erase', personRef: 'customer:C-1001', includeCustomerRecord: true });
    expect((await db.syncJobs.toArray()).map((j) => [j.connector, j.kind, j.payload])).toEqual([
      ['hubspot', 'erase-person', { customerId: 'C-1001', email: 'janneke.vdberg@ziggo.nl', tags: ['vip'] }],
    ]);
    expect(await db.meta.get('held:hubspot:C-1001')).toBeUndefined();

    granted.add('http://127.0.0.1/*');
    await connect();
    await ok({ type: 'sync/run' });
    expect(await db.syncJobs.filter((j) => j.status !== 'done').count()).toBe(0);
    const [contact] = Object.values(server.state.hubspot.contacts);
    expect(Object.keys(contact!.properties).filter((k) => k.startsWith('earshot_'))).toEqual([]);
  });
});

describe('crm/pull', () => {
  it('pulls every contact into customers, keeping known handles, and resumes after a failure where it stopped', async () => {
    granted.add('http://127.0.0.1/*');
    await connect();
    for (let i = 0; i < 230; i++) {
      const id = String(4000 + i);
      server.state.hubspot.contacts[id] = { id, properties: { email: `h${i}@example.nl`, firstname: 'Henk', lastname: `Visser ${i}` }, createdAt: new Date(T0).toISOString(), updatedAt: new Date(T0).toISOString() };
    }
    await db.customers.put({ ...anna, id: '4001', handles: [{ platform: 'instagram', handle: 'henk.v' }], source: 'hubspot' });
    server.inject({ kind: '500', match: /contacts\?.*after=/ });
    const failed = await route({ type: 'crm/pull', connector: 'hubspot' }, PAGE);
    expect(failed).toMatchObject({ ok: false, error: { message: expect.stringContaining('HubSpot had a problem on its side (500)') } });
    expect(await db.meta.get('sync-pull:hubspot')).toMatchObject({ value: '4099' });

    expect(await ok({ type: 'crm/pull', connector: 'hubspot' })).toEqual({ customers: 130 });
    expect(await db.meta.get('sync-pull:hubspot')).toBeUndefined();
    const pulled = await db.customers.where('id').between('4000', '4999').toArray();
    expect(pulled).toHaveLength(230);
    expect(await db.customers.get('4001')).toMatchObject({ firstName: 'Henk', lastName: 'Visser 1', email: 'h1@example.nl', source: 'hubspot', handles: [{ platform: 'instagram', handle: 'henk.v' }] });
    expect(changes).toContainEqual({ customers: true });
    // Page one was not read twice.
    expect(server.requests.filter((r) => r.operationId === 'listContacts' && !r.path.includes('after='))).toHaveLength(2);
  });
});
