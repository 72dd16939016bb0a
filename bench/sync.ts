/**
 * The outbox under a rough CRM: 10,000 person updates (1,000 people, ten
 * updates each, in order; quick: 1,000 updates) sent through the real
 * HubSpot connector to the stand-in server over HTTP, which answers 10% of
 * calls with 429 or 500 (seeded) and is restarted once mid-run, dropping the
 * request in flight. Its state lives in this process, so it survives.
 *
 * Checked on the server, not trusted from the client: every update arrives
 * exactly once (each person's "last update" values are exactly their ten, in
 * order), nothing out of order, no update lost. A repeat of the update just
 * applied (the request cut off by the restart after it was applied) is
 * counted as a replay: it changes nothing, as an upsert must.
 *
 * The clock of the backoff is simulated (waits take no real time); HTTP, the
 * server, the connector and IndexedDB (fake-indexeddb, as in the unit tests)
 * are real. Every update is its own outbox job (coalescing is turned off),
 * so each one is sent.
 */
import 'fake-indexeddb/auto';
import { EarshotDatabase } from '../lib/db/database';
import { createConnector } from '../lib/crm/connectors';
import { Outbox } from '../lib/outbox/engine';
import { enqueueUpdates } from '../lib/db/outbox-queue';
import { generateCustomers } from '../lib/sample/crm';
import { startCrmServer } from '../test/crm-server/server';
import { round } from './browser';

const TOKEN = 'pat-bench-token';
const UPDATES_PER_PERSON = 10;

export async function run({ quick }: { quick: boolean }): Promise<Record<string, unknown>> {
  const people = quick ? 100 : 1_000;
  const updates = people * UPDATES_PER_PERSON;
  let clock = Date.UTC(2026, 10, 20, 9, 0, 0);
  const server = await startCrmServer({ hubspotToken: TOKEN, now: () => clock });
  const db = new EarshotDatabase(`bench-sync-${Date.now()}`);
  try {
    const customers = generateCustomers({ customers: people, seed: 7 }).map((c) => c.customer);
    await db.customers.bulkPut(customers);
    await db.tags.bulkPut(customers.map((c) => ({ id: `customer:${c.id}|nieuwsbrief`, personRef: `customer:${c.id}` as const, label: 'nieuwsbrief', createdAt: clock })));
    await db.connections.put({ connector: 'hubspot', settings: { baseUrl: server.url }, secret: TOKEN, connectedAt: clock });

    let calls = 0;
    let restarted = false;
    let restarts = 0;
    let writesSent = 0;
    const restartAt = Math.floor(updates / 100 / 2);
    const deps = {
      now: () => clock,
      timeoutMs: 10_000,
      fetch: async (url: string, init: RequestInit) => {
        calls += 1;
        if (url.includes('/contacts/batch/')) writesSent += 1;
        // Halfway: the server goes down while this write is on its way.
        if (!restarted && writesSent === restartAt) {
          restarted = true;
          const response = fetch(url, init);
          void server.restart().then(() => (restarts += 1));
          return response;
        }
        return fetch(url, init);
      },
    };
    await createConnector('hubspot', { settings: { baseUrl: server.url }, secret: TOKEN }, { ...deps, fetch: (u, i) => fetch(u, i) }).connect();

    // Ten rounds of changes; each person's updates carry increasing change times.
    const expected = new Map<string, string[]>();
    const enqueueStart = performance.now();
    for (let r = 0; r < UPDATES_PER_PERSON; r++) {
      clock += 1_000;
      await enqueueUpdates(db, customers.map((c) => c.id), clock, { coalesce: false });
      for (const c of customers) expected.set(c.id, [...(expected.get(c.id) ?? []), new Date(clock).toISOString()]);
    }
    const enqueueSeconds = (performance.now() - enqueueStart) / 1000;

    // Contacts are created by upsert, then updated by their HubSpot id: chaos on both.
    server.chaos = { rate: 0.1, kinds: ['429', '500'], seed: 11, match: /^(upsertContacts|updateContacts)$/, retryAfter: '1' };
    const outbox = new Outbox({
      db,
      connectorFor: async (id) => createConnector(id, (await db.connections.get(id))!, deps),
      now: () => clock,
      random: seededRandom(5),
      sleep: async (ms) => {
        clock += ms;
      },
      policy: { baseMs: 500, capMs: 30_000 },
    });
    const started = performance.now();
    const report = await outbox.settle();
    const seconds = (performance.now() - started) / 1000;

    let exactlyOnce = 0;
    let missing = 0;
    let wrong = 0;
    for (const [customerId, values] of expected) {
      const got = server.state.history[`hubspot:${customerId}`] ?? [];
      if (got.length === values.length && got.every((v, i) => v === values[i])) exactlyOnce += 1;
      else if (got.length < values.length) missing += values.length - got.length;
      else wrong += 1;
    }
    const writes = server.requests.filter((q) => q.operationId === 'upsertContacts' || q.operationId === 'updateContacts');
    const byStatus = (status: number | string) => writes.filter((q) => q.status === status).length;
    const applied = Object.values(server.state.history).reduce((n, h) => n + h.length, 0);
    const result = {
      updates,
      people,
      updatesApplied: applied,
      peopleExactlyOnceInOrder: exactlyOnce,
      updatesMissing: missing,
      peopleWithWrongHistory: wrong,
      outOfOrder: server.state.outOfOrder,
      replaysWithoutEffect: server.state.replays,
      jobsLeft: await db.syncJobs.count(),
      parked: report.parkedTotal,
      writeCalls: writes.length,
      answered429: byStatus(429),
      answered500: byStatus(500),
      clientCalls: calls,
      serverRestarts: restarts,
      meanUpdatesPerSuccessfulCall: round(applied / Math.max(1, byStatus(200) + byStatus(207)), 1),
      enqueueSeconds: round(enqueueSeconds, 2),
      seconds: round(seconds, 2),
      updatesPerSecond: Math.round(updates / seconds),
      simulatedBackoffSeconds: round((clock - Date.UTC(2026, 10, 20, 9, 0, 0) - UPDATES_PER_PERSON * 1_000) / 1000, 1),
      descriptionViolations: server.violations.length + server.responseViolations.length,
    };
    if (applied !== updates || exactlyOnce !== people || server.state.outOfOrder !== 0) {
      throw new Error(`sync lost or reordered updates: ${JSON.stringify(result)}`);
    }
    return result;
  } finally {
    await server.stop();
    db.close();
    await db.delete();
  }
}

function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
