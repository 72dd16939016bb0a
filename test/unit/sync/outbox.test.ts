import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EarshotDatabase } from '../../../lib/db/database';
import { openFreshDatabase } from '../fresh-db';
import { createConnector } from '../../../lib/crm/connectors';
import type { ConnectorDeps } from '../../../lib/crm/connectors/types';
import { parseRetryAfter } from '../../../lib/crm/http';
import { Outbox, type OutboxDeps } from '../../../lib/outbox/engine';
import { backoffDelay } from '../../../lib/crm/retry';
import { enqueueErasure, enqueuePersonUpdate, enqueueUpdates } from '../../../lib/db/outbox-queue';
import { outboxView, retryJob, unparkConnector } from '../../../lib/outbox/view';
import { syncStateKey } from '../../../lib/db/sync-state';
import { Random } from '../../../lib/sample/random';
import { startCrmServer, type CrmServer } from '../../crm-server/server';
import { T0, anna, endServerAndDatabase, annaMatch, annaYoutube, janneke, jannekeInstagram, jannekeMatch, pieter, pieterMatch, pieterTrustpilot } from './fixtures';

const TOKEN = 'pat-test-token';
let db: EarshotDatabase;
let server: CrmServer;
let clock: number;

function connectorDeps(timeoutMs = 300): ConnectorDeps {
  return { fetch: (url, init) => fetch(url, init), now: () => clock, timeoutMs };
}

function engine(overrides: Partial<OutboxDeps> = {}, timeoutMs = 300): Outbox {
  return new Outbox({
    db,
    connectorFor: async (id) => {
      const row = await db.connections.get(id);
      return row ? createConnector(id, row, connectorDeps(timeoutMs)) : null;
    },
    now: () => clock,
    random: () => 0.5,
    sleep: async (ms) => {
      clock += ms;
    },
    policy: { baseMs: 1_000, capMs: 60_000 },
    ...overrides,
  });
}

async function jobs() {
  return db.syncJobs.orderBy('seq').toArray();
}

const contacts = () => Object.values(server.state.hubspot.contacts);
const contactOf = (customerId: string) => contacts().find((c) => c.properties.earshot_customer_id === customerId);
const historyOf = (customerId: string) => server.state.history[`hubspot:${customerId}`] ?? [];

beforeEach(async () => {
  clock = T0;
  server = await startCrmServer({ now: () => clock });
  db = await openFreshDatabase('outbox');
  await db.customers.bulkPut([janneke, anna, pieter]);
  await db.profiles.bulkPut([jannekeInstagram, annaYoutube, pieterTrustpilot]);
  await db.matches.bulkPut([jannekeMatch, annaMatch, pieterMatch]);
  await db.connections.put({ connector: 'hubspot', settings: { baseUrl: server.url }, secret: TOKEN, connectedAt: T0 });
  await createConnector('hubspot', { settings: { baseUrl: server.url }, secret: TOKEN }, connectorDeps()).connect();
});

afterEach(() => endServerAndDatabase(server, db));

describe('backoff', () => {
  it('is full jitter over base·2^(attempt-1), capped, and never under Retry-After', () => {
    const scripted = [0.5, 0.25, 0.999, 0.1, 0.5];
    const next = () => scripted.shift()!;
    const policy = { baseMs: 1_000, capMs: 60_000 };
    // Written out by hand: floor(r · min(cap, base · 2^(attempt-1))).
    expect(backoffDelay(1, policy, next)).toBe(500);
    expect(backoffDelay(2, policy, next)).toBe(500);
    expect(backoffDelay(3, policy, next)).toBe(3_996);
    expect(backoffDelay(7, policy, next)).toBe(6_000);
    expect(backoffDelay(1, policy, next, 5_000)).toBe(5_000);
    expect(backoffDelay(40, policy, () => 0.999999)).toBe(59_999);
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    const now = Date.UTC(2026, 10, 20, 9, 30, 0);
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter('Fri, 20 Nov 2026 09:30:45 GMT', now)).toBe(45_000);
    expect(parseRetryAfter('Fri, 20 Nov 2026 09:29:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
    // Read as asked; how long Earshot really waits is lib/crm/retry.ts's decision (MAX_RETRY_WAIT_MS).
    expect(parseRetryAfter('99999999', now)).toBe(99_999_999_000);
    expect(parseRetryAfter('9'.repeat(400), now)).toBe(8.64e15 - now);
  });

  it('a job failing with 500 waits the seeded full-jitter schedule, then goes through', async () => {
    await enqueuePersonUpdate(db, `customer:${janneke.id}`, clock);
    await db.syncJobs.where('kind').equals('add-note').delete().catch(() => db.syncJobs.filter((j) => j.kind === 'add-note').delete());
    server.inject({ kind: '500', match: 'upsertContacts', times: 4 });
    const seeded = new Random(2026);
    const outbox = engine({ random: () => seeded.next() });
    const expected = new Random(2026);
    for (let attempt = 1; attempt <= 4; attempt++) {
      const started = clock;
      const report = await outbox.drain();
      expect(report.retrying).toBe(1);
      const [job] = await jobs();
      expect(job!.attempts).toBe(attempt);
      expect(job!.lastError).toContain('HubSpot had a problem on its side (500)');
      expect(job!.nextAttemptAt - started).toBe(Math.floor(expected.next() * Math.min(60_000, 1_000 * 2 ** (attempt - 1))));
      clock = job!.nextAttemptAt;
    }
    const done = await outbox.drain();
    expect(done).toMatchObject({ done: 1, pending: 0, nextWakeAt: null });
    expect(contactOf(janneke.id)).toBeDefined();
  });

  it('honours Retry-After in seconds and as a date', async () => {
    clock = Date.UTC(2026, 10, 20, 9, 30, 0);
    await enqueueUpdates(db, [janneke.id], clock);
    await db.syncJobs.filter((j) => j.kind === 'add-note').delete();
    const outbox = engine({ random: () => 0 });
    server.inject({ kind: '429', match: 'upsertContacts', retryAfter: '7' });
    await outbox.drain();
    expect((await jobs())[0]!.nextAttemptAt).toBe(clock + 7_000);
    clock += 7_000;
    server.inject({ kind: '503', match: 'upsertContacts', retryAfter: new Date(clock + 12_000).toUTCString() });
    await outbox.drain();
    expect((await jobs())[0]!.nextAttemptAt).toBe(clock + 12_000);
    // The 429 did not count as an attempt of the data; the 503 did.
    expect((await jobs())[0]!.attempts).toBe(2);
  });
});

describe('the outbox', () => {
  it('sends a linked person and a note per linked profile; an unlinked profile stays local', async () => {
    await db.profiles.put({ ...annaYoutube, id: 'tiktok:someone', platform: 'tiktok', key: 'someone', handle: 'someone' });
    expect(await enqueuePersonUpdate(db, 'profile:tiktok:someone', clock)).toBe(0);
    expect(await enqueuePersonUpdate(db, `profile:${jannekeInstagram.id}`, clock)).toBe(2);
    expect((await jobs()).map((j) => [j.kind, j.personRef])).toEqual([
      ['upsert-person', 'customer:C-1001'],
      ['add-note', 'customer:C-1001'],
    ]);
    const report = await engine().settle();
    expect(report).toMatchObject({ done: 2, pending: 0, parkedTotal: 0, nextWakeAt: null });
    expect(await jobs()).toEqual([]);
    const contact = contactOf(janneke.id)!;
    expect(Object.values(server.state.hubspot.notes).map((n) => n.contactIds)).toEqual([[contact.id]]);
    // What Earshot learnt: the HubSpot id, the profiles noted.
    expect((await db.meta.get(syncStateKey('hubspot', janneke.id)))!.value).toEqual({ crmId: contact.id, noted: [jannekeInstagram.id], sentTags: [] });
    expect((await db.connections.get('hubspot'))!.lastSyncAt).toBe(clock);
  });

  it('keeps each person\'s jobs in order: a later job never overtakes one that is retrying; other people go on', async () => {
    await enqueueUpdates(db, [pieter.id, anna.id], clock);
    // HubSpot fails Pieter's contact twice (he has no email: his own upsert call); Anna's goes through.
    server.inject({ kind: '500', match: 'upsertContacts', bodyIncludes: 'C-1003', times: 2 });
    const outbox = engine({ random: () => 0.99 });
    const t1 = clock;
    expect(await outbox.drain()).toMatchObject({ done: 2, retrying: 1 });
    // Pieter is tagged while his first update waits for its retry: a second update joins the line.
    clock += 100;
    await db.tags.put({ id: 'customer:C-1003|ambassador', personRef: 'customer:C-1003', label: 'ambassador', createdAt: clock });
    await enqueuePersonUpdate(db, `customer:${pieter.id}`, clock);
    const t2 = clock;
    expect((await jobs()).map((j) => `${j.personRef} ${j.kind} ${j.status} ${j.attempts}`)).toEqual([
      'customer:C-1003 upsert-person pending 1',
      'customer:C-1003 add-note pending 0',
      'customer:C-1003 upsert-person pending 0',
    ]);
    expect(contactOf(anna.id)).toBeDefined();
    expect(Object.values(server.state.hubspot.notes)).toHaveLength(1);
    expect(contactOf(pieter.id)).toBeUndefined();

    await outbox.settle();
    expect(await jobs()).toEqual([]);
    expect(historyOf(pieter.id)).toEqual([new Date(t1).toISOString(), new Date(t2).toISOString()]);
    expect(contactOf(pieter.id)!.properties.earshot_tags).toBe('ambassador');
    expect(Object.values(server.state.hubspot.notes)).toHaveLength(2);
    expect(server.state.outOfOrder).toBe(0);
  });

  it('coalesces updates not yet attempted, but never into one an earlier attempt may have delivered', async () => {
    await enqueuePersonUpdate(db, `customer:${anna.id}`, T0 + 1);
    await enqueuePersonUpdate(db, `customer:${anna.id}`, T0 + 2);
    await enqueuePersonUpdate(db, `customer:${anna.id}`, T0 + 3);
    let upserts = (await jobs()).filter((j) => j.kind === 'upsert-person');
    expect(upserts).toHaveLength(1);
    expect(upserts[0]!.payload).toEqual({ customerId: anna.id, changedAt: T0 + 3 });
    await db.syncJobs.update(upserts[0]!.id, { attempts: 1, lastError: 'timed out' });
    await enqueuePersonUpdate(db, `customer:${anna.id}`, T0 + 4);
    upserts = (await jobs()).filter((j) => j.kind === 'upsert-person');
    expect(upserts.map((j) => j.payload.changedAt)).toEqual([T0 + 3, T0 + 4]);
    expect(new Set(upserts.map((j) => j.idempotencyKey)).size).toBe(2);
  });

  it('never writes twice after a timeout that came after HubSpot applied the write', async () => {
    await enqueuePersonUpdate(db, `customer:${janneke.id}`, clock);
    server.inject({ kind: 'hang', match: 'upsertContacts', afterApply: true }, { kind: 'hang', match: 'createNotes', afterApply: true });
    const outbox = engine();
    await outbox.drain();
    server.release();
    expect((await jobs()).map((j) => [j.kind, j.attempts, j.status])).toEqual([
      ['upsert-person', 1, 'pending'],
      ['add-note', 0, 'pending'],
    ]);
    await outbox.settle();
    expect(await jobs()).toEqual([]);
    expect(server.writes('hubspot.contact.created')).toBe(1);
    expect(server.writes('hubspot.note.created')).toBe(1);
    expect(contacts()).toHaveLength(1);
    expect(Object.values(server.state.hubspot.notes)).toHaveLength(1);
  });

  it('survives the worker stopping mid-request and the browser closing: a new engine on the reopened database resumes without duplicates', async () => {
    await enqueuePersonUpdate(db, `customer:${pieter.id}`, clock);
    // The first engine's note request reaches HubSpot, which writes the note; the worker dies before the answer.
    let delivered = 0;
    const dying = engine({
      connectorFor: async (id) => {
        const row = await db.connections.get(id);
        return createConnector(id, row!, {
          now: () => clock,
          fetch: async (url, init) => {
            const response = await fetch(url, init);
            if (String(url).includes('/notes/batch/create')) {
              delivered += 1;
              return new Promise<Response>(() => undefined);
            }
            return response;
          },
        });
      },
    });
    void dying.drain();
    await server.waitFor('createNotes');
    await new Promise((r) => setTimeout(r, 50));
    expect(delivered).toBe(1);
    expect((await jobs()).map((j) => j.status)).toEqual(['running']);

    db.close();
    // The same database opened again, as a restarted worker does.
    db = new EarshotDatabase(db.name);
    const report = await engine().settle();
    expect(report).toMatchObject({ done: 1, pending: 0 });
    expect(server.writes('hubspot.note.created')).toBe(1);
    expect(Object.values(server.state.hubspot.notes)).toHaveLength(1);
  });

  it('batches up to the API limit and a 429 holds back the rest of the pass without spending an attempt', async () => {
    const many = Array.from({ length: 250 }, (_, i) => ({ ...janneke, id: `K-${i}`, email: `klant${i}@example.nl` }));
    await db.customers.bulkPut(many);
    for (const c of many) await db.tags.put({ id: `customer:${c.id}|nieuwsbrief`, personRef: `customer:${c.id}`, label: 'nieuwsbrief', createdAt: T0 });
    await enqueueUpdates(db, many.map((c) => c.id), clock);
    server.inject({ kind: '429', match: 'upsertContacts', retryAfter: '2' });
    const outbox = engine({ random: () => 0 });
    const first = await outbox.drain();
    expect(first).toMatchObject({ claimed: 250, retrying: 100, deferred: 150 });
    const waiting = await jobs();
    expect(waiting.filter((j) => j.attempts === 0)).toHaveLength(150);
    expect(new Set(waiting.map((j) => j.nextAttemptAt))).toEqual(new Set([clock + 2_000]));
    await outbox.settle();
    const upserts = server.requests.filter((r) => r.operationId === 'upsertContacts' && r.status === 200);
    expect(upserts).toHaveLength(3);
    expect(contacts()).toHaveLength(250);
  });

  it('parks a malformed answer with a readable reason, loses nothing local, and sends after a person retries', async () => {
    await enqueueUpdates(db, [anna.id], clock);
    server.inject({ kind: 'html', match: 'upsertContacts', status: 200 });
    const outbox = engine();
    const report = await outbox.drain();
    expect(report).toMatchObject({ parked: 1, parkedTotal: 1 });
    const view = await outboxView(db);
    expect(view.parked).toHaveLength(1);
    expect(view.parked[0]).toMatchObject({ connector: 'hubspot', kind: 'upsert-person', customerId: anna.id, name: 'Анна Иванова' });
    expect(view.parked[0]!.reason).toContain('HubSpot gave an answer Earshot cannot read — Writing 1 contact: it answered with an HTML page instead of JSON');
    // The note waits behind the parked update; local data is untouched.
    expect((await jobs()).map((j) => j.status)).toEqual(['parked', 'pending']);
    expect(await db.customers.get(anna.id)).toEqual(anna);
    expect(await db.matches.get(annaMatch.profileId)).toEqual(annaMatch);
    expect((await db.audit.toArray()).map((a) => a.action)).toContain('sync-parked');

    await retryJob(db, view.parked[0]!.id, clock);
    await outbox.settle();
    expect(await jobs()).toEqual([]);
    expect(contacts()).toHaveLength(1);
    expect(Object.values(server.state.hubspot.notes)).toHaveLength(1);
  });

  it('parks after the maximum attempts, saying so', async () => {
    await enqueueUpdates(db, [anna.id], clock);
    server.inject({ kind: '500', match: 'upsertContacts', times: 50 });
    await engine({ policy: { baseMs: 10, capMs: 100, maxAttempts: 3 } }).settle();
    const [job] = await jobs();
    expect(job).toMatchObject({ status: 'parked', attempts: 3 });
    expect(job!.lastError).toMatch(/^Gave up after 3 attempts; the last one: HubSpot had a problem on its side \(500\)/);
  });

  it('parks a job whose CRM asks for a pause of years, with the moment it named, instead of waiting', async () => {
    await enqueueUpdates(db, [anna.id], clock);
    server.inject({ kind: '429', match: 'upsertContacts', retryAfter: '999999999' });
    const report = await engine().drain();
    expect(report).toMatchObject({ parked: 1, retrying: 0, parkedTotal: 1, nextWakeAt: null });
    // What the options page's "Waiting for you" list shows (T0 + 999,999,999 s, worked out by hand).
    const view = await outboxView(db);
    expect(view.parked.map((j) => [j.name, j.reason])).toEqual([
      [
        'Анна Иванова',
        'HubSpot asked to wait until 2058-07-29 11:16 UTC, longer than Earshot waits (5 min); its answer: HubSpot asked Earshot to slow down (429 Too Many Requests): You have reached your secondly limit.',
      ],
    ]);
    expect(view.retrying).toEqual([]);
    // A person's Retry sends it now.
    await retryJob(db, view.parked[0]!.id, clock);
    expect(await engine().settle()).toMatchObject({ pending: 0, parkedTotal: 0 });
    expect(contactOf(anna.id)).toBeDefined();
  });

  it('parks the jobs such a 429 held back as well, without counting an attempt they did not have', async () => {
    const many = Array.from({ length: 150 }, (_, i) => ({ ...janneke, id: `K-${i}`, email: `klant${i}@example.nl` }));
    await db.customers.bulkPut(many);
    for (const c of many) await db.tags.put({ id: `customer:${c.id}|nieuwsbrief`, personRef: `customer:${c.id}`, label: 'nieuwsbrief', createdAt: T0 });
    await enqueueUpdates(db, many.map((c) => c.id), clock);
    server.inject({ kind: '429', match: 'upsertContacts', retryAfter: '999999999' });
    expect(await engine().drain()).toMatchObject({ claimed: 150, parked: 150, deferred: 0, retrying: 0 });
    const parked = await jobs();
    expect(parked.map((j) => j.attempts).sort()).toEqual([...Array(100).fill(1), ...Array(50).fill(0)].sort());
    expect([...new Set(parked.map((j) => j.lastError))]).toEqual([expect.stringMatching(/^HubSpot asked to wait until 2058-07-29 11:16 UTC, longer than Earshot waits/)]);
    expect(server.requests.filter((r) => r.operationId === 'upsertContacts')).toHaveLength(1);
  });

  it('jobs a 429 without Retry-After held back come back together, as one batch', async () => {
    const many = Array.from({ length: 150 }, (_, i) => ({ ...janneke, id: `K-${i}`, email: `klant${i}@example.nl` }));
    await db.customers.bulkPut(many);
    for (const c of many) await db.tags.put({ id: `customer:${c.id}|nieuwsbrief`, personRef: `customer:${c.id}`, label: 'nieuwsbrief', createdAt: T0 });
    await enqueueUpdates(db, many.map((c) => c.id), clock);
    server.inject({ kind: '429', match: 'upsertContacts', retryAfter: '' });
    const seeded = new Random(7);
    expect(await engine({ random: () => seeded.next() }).drain()).toMatchObject({ claimed: 150, retrying: 100, deferred: 50 });
    const heldBack = (await jobs()).filter((j) => j.attempts === 0);
    expect(heldBack).toHaveLength(50);
    expect(new Set(heldBack.map((j) => j.nextAttemptAt)).size).toBe(1);
  });

  it('parks jobs of a CRM that was disconnected, and sends them once it is connected again', async () => {
    await enqueueUpdates(db, [anna.id], clock);
    const row = (await db.connections.get('hubspot'))!;
    await db.connections.delete('hubspot');
    await engine().drain();
    expect((await jobs())[0]).toMatchObject({ status: 'parked', lastError: 'hubspot is not connected; connect it again and retry to send this.' });
    await db.connections.put(row);
    expect(await unparkConnector(db, 'hubspot', clock)).toBe(1);
    await engine().settle();
    expect(await jobs()).toEqual([]);
  });

  it('sends values from the value model, as text HubSpot can hold', async () => {
    await enqueueUpdates(db, [janneke.id], clock);
    await engine({ valuesOf: async (id) => (id === janneke.id ? { predictedClv: 1234.567, segment: 'Champions', pAlive: 0.93, ignored: { nested: true } } : undefined) }).settle();
    expect(contactOf(janneke.id)!.properties.earshot_values).toBe('pAlive: 0.93\npredictedClv: 1234.57\nsegment: Champions');
  });

  it('erasure drops what is queued for the person and clears them in the CRM, also when the local record is already gone', async () => {
    await enqueueUpdates(db, [janneke.id], clock);
    await engine().settle();
    const contact = contactOf(janneke.id)!;
    // A later change is still queued when the person asks to be erased.
    await db.tags.put({ id: 'customer:C-1001|vip', personRef: 'customer:C-1001', label: 'vip', createdAt: clock });
    await enqueuePersonUpdate(db, `customer:${janneke.id}`, clock);
    await db.customers.delete(janneke.id);
    await db.matches.delete(jannekeMatch.profileId);
    expect(await enqueueErasure(db, `customer:${janneke.id}`, clock)).toBe(1);
    expect((await jobs()).map((j) => j.kind)).toEqual(['erase-person']);
    expect((await jobs())[0]!.payload).toEqual({ customerId: janneke.id, tags: [] });
    await engine().settle();
    expect(await jobs()).toEqual([]);
    expect(Object.keys(contact.properties).filter((k) => k.startsWith('earshot_'))).toEqual([]);
    expect(Object.values(server.state.hubspot.notes).every((n) => n.archived)).toBe(true);
    expect(await db.meta.get(syncStateKey('hubspot', janneke.id))).toBeUndefined();
  });
});
