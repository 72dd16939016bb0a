/**
 * A full disk in background work, the outbox or retention is recorded where
 * the interface reads it (lib/db/storage.ts), and a prune clears it; the
 * privacy handlers wake the outbox and recompute values after an erasure.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { EarshotDatabase } from '../../../lib/db/database';
import { storageProblem } from '../../../lib/db/storage';
import { storeCapture } from '../../../lib/db/captures';
import { pendingWork, recordWork, runWork, type DataChange } from '../../../lib/background/work';
import { runRetention } from '../../../lib/background/retention';
import { createHandlers } from '../../../lib/background/handlers';
import { createRouter } from '../../../lib/background/router';
import { Outbox } from '../../../lib/outbox/engine';
import { DEFAULT_SETTINGS } from '../../../lib/settings';
import { deleteDatabase, openFreshDatabase } from '../fresh-db';
import { localeText } from '../locale-text';

const DAY = 86_400_000;
const ID = 'abcdefghijklmnopabcdefghijklmnop';
const ORIGIN = `chrome-extension://${ID}/`;
const PAGE = { id: ID, url: `${ORIGIN}sidepanel.html` };
const full = () => {
  throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
};

let db: EarshotDatabase;
beforeEach(async () => void (db = await openFreshDatabase('problems')));
afterEach(async () => {
  vi.restoreAllMocks();
  await deleteDatabase(db);
});

describe('quota failures are recorded for the interface', () => {
  it('in background work, which stays recorded for the next run', async () => {
    await recordWork(db, { orders: true }, 1);
    db.values.hook('creating', full);
    const steps = {
      async computeValues() {
        await db.values.put({ personRef: 'customer:C1', kind: 'customer', segment: 's', financial: 0, influence: 0, engagement: 0, value: {} } as unknown as Parameters<typeof db.values.put>[0]);
      },
    };
    await expect(runWork(db, steps, () => 7)).rejects.toThrow(/quota/);
    expect(await storageProblem(db)).toMatchObject({ at: 7, code: 'quota', where: 'work' });
    expect(await pendingWork(db)).toMatchObject({ orders: true });
  });

  it('in the outbox', async () => {
    // A job a stopped worker left running: the engine's first write puts it back to pending.
    await db.syncJobs.put({ id: 'j1', seq: 1, connector: 'hubspot', kind: 'upsert-person', personRef: 'customer:C1', idempotencyKey: 'k', payload: { customerId: 'C1', changedAt: 0 }, status: 'running', attempts: 1, nextAttemptAt: 0, createdAt: 0, updatedAt: 0 });
    db.syncJobs.hook('updating', full);
    const outbox = new Outbox({ db, connectorFor: async () => null, now: () => 9, random: () => 0.5, sleep: async () => undefined });
    await expect(outbox.drain()).rejects.toThrow();
    expect(await storageProblem(db)).toMatchObject({ at: 9, code: 'quota', where: 'outbox' });
  });

  it('in retention', async () => {
    await storeCapture(db, { url: 'https://www.instagram.com/p/1/', site: 'instagram', kind: 'post', profiles: [{ platform: 'instagram', key: 'old', displayName: 'Old' }], contributions: [] }, { now: 0, ownBrands: [] });
    db.audit.hook('creating', full);
    await expect(runRetention({ db, now: () => 40 * DAY, retentionDays: async () => 30 })).rejects.toThrow();
    expect(await storageProblem(db)).toMatchObject({ code: 'quota', where: 'retention' });
  });

  it('not for other failures', async () => {
    await recordWork(db, { orders: true }, 1);
    await expect(runWork(db, { computeValues: () => Promise.reject(new Error('bug')) }, () => 7)).rejects.toThrow('bug');
    expect(await storageProblem(db)).toBeNull();
  });
});

describe('the privacy handlers', () => {
  let changes: DataChange[];
  let wakes: number;
  const route = () => {
    const handlers = createHandlers({
      db,
      now: () => 50 * DAY,
      newId: () => 'id',
      settings: async () => DEFAULT_SETTINGS,
      captureTab: async () => null,
      injectFallback: async () => {},
      dataChanged: async (c) => void changes.push(c),
      syncQueued: () => void (wakes += 1),
      adoptOwnBrands: async () => undefined,
    text: async () => localeText('en'),
    showsBadges: async () => undefined,
    });
    const unexpected = async () => Promise.reject(new Error('not under test'));
    return createRouter({ ...handlers, 'crm/connect': unexpected, 'crm/disconnect': unexpected, 'crm/pull': unexpected, 'sync/run': unexpected, 'sync/retry': unexpected }, { id: ID, origin: ORIGIN });
  };
  beforeEach(async () => {
    changes = [];
    wakes = 0;
    await db.customers.put({ id: 'C1', firstName: 'Anna', handles: [], custom: {}, source: 'csv', updatedAt: 0 });
  });

  it('a prune clears the storage problem', async () => {
    await db.meta.put({ key: 'storage.problem', value: { at: 1, code: 'quota', where: 'capture', message: 'full' }, updatedAt: 1 });
    expect(await route()({ type: 'data/prune', olderThanDays: 30 }, PAGE)).toEqual({ ok: true, data: { profiles: 0, contributions: 0 } });
    expect(await storageProblem(db)).toBeNull();
  });

  it('an erasure wakes the outbox for the CRM erasure it queued, and has the values recomputed', async () => {
    await db.connections.put({ connector: 'hubspot', settings: {}, secret: 'pat', connectedAt: 1 });
    const reply = await route()({ type: 'person/erase', personRef: 'customer:C1', includeCustomerRecord: true }, PAGE);
    expect(reply).toMatchObject({ ok: true, data: { customer: 1, crmErasures: 1 } });
    expect(wakes).toBe(1);
    expect(changes).toEqual([{ orders: true }]);
    expect((await db.syncJobs.toArray()).map((j) => j.kind)).toEqual(['erase-person']);
  });
});
