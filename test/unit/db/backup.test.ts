import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EarshotDatabase } from '../../../lib/db/database';
import { BackupError, linesOf, readBackup, restoreBackup, writeBackup } from '../../../lib/db/backup';
import { storeCapture } from '../../../lib/db/captures';
import { indexCustomers, readIndexState } from '../../../lib/db/match-index';
import { erasePerson, withoutSuppressed } from '../../../lib/db/privacy';
import { generateSampleCrm } from '../../../lib/sample/crm';

const dbs: EarshotDatabase[] = [];
async function fresh() {
  const db = new EarshotDatabase(`backup-${Math.random()}`);
  await db.open();
  dbs.push(db);
  return db;
}
afterEach(async () => {
  for (const db of dbs.splice(0)) {
    db.close();
    await db.delete();
  }
});

async function text(db: EarshotDatabase) {
  let out = '';
  for await (const chunk of writeBackup(db, new Date(0), 7)) out += chunk;
  return out;
}

let source: EarshotDatabase;
beforeEach(async () => {
  source = await fresh();
  const { customers, orders } = generateSampleCrm({ customers: 40 });
  await source.customers.bulkPut(customers.map((c) => c.customer));
  await source.orders.bulkPut(orders);
  await storeCapture(source, {
    url: 'https://www.trustpilot.com/review/example.com',
    site: 'trustpilot',
    kind: 'reviews',
    profiles: [{ platform: 'trustpilot', key: 'u1', displayName: 'Ánna "<b>K</b>" 🌷', reviewCount: 3 }],
    contributions: [{ profileKey: 'u1', type: 'review', rating: 2, text: 'Line one\nline two "quoted"', date: '2025-01-02' }],
  }, { now: 5, ownBrands: [] });
  await source.tags.put({ id: 't', personRef: 'customer:C01', label: 'vip', createdAt: 3 });
  await source.notes.put({ personRef: 'customer:C01', text: 'Sent a gift box in May.\nLoves "sourdough".', updatedAt: 4 });
  await source.audit.add({ at: 1, action: 'import', actor: 'user', summary: 'x', counts: { customers: 40 } });
  await source.meta.put({ key: 'em-params', value: { m: [0.9, 0.1] }, updatedAt: 2 });
  await source.meta.put({ key: 'pending-work', value: { profiles: [] }, updatedAt: 2 });
  await source.connections.put({ connector: 'hubspot', settings: {}, secret: 'pat-secret-token', connectedAt: 1 });
});

/** A database with data of its own (none of the source's), which a failed restore must leave alone. */
async function targetWithData() {
  const target = await fresh();
  await target.customers.bulkPut([
    { id: 'KEEP', firstName: 'Blijf', handles: [], custom: {}, source: 'csv', updatedAt: 0 },
    { id: 'C01', firstName: 'Other', handles: [], custom: {}, source: 'csv', updatedAt: 1 },
  ]);
  await target.orders.put({ id: 'O-KEEP', customerId: 'KEEP', date: '2024-02-02', amount: 12, currency: 'EUR' });
  await target.tags.put({ id: 'tk', personRef: 'customer:KEEP', label: 'stays', createdAt: 1 });
  await target.audit.add({ at: 2, action: 'import', actor: 'user', summary: 'mine', counts: { customers: 2 } });
  await target.meta.put({ key: 'suppressed-profiles', value: ['abc'], updatedAt: 3 });
  await target.connections.put({ connector: 'webhook', settings: {}, secret: 'keep-token', connectedAt: 1 });
  return target;
}

describe('backup and restore', () => {
  it('round-trips exactly, a page of rows at a time', async () => {
    const first = await text(source);
    const target = await fresh();
    await restoreBackup(target, await readBackup(linesOf([first])));
    const second = await text(target);
    // Same rows, same values (key order inside a row may differ: rows are rebuilt by their schema).
    expect(await readBackup(linesOf([second]))).toEqual(await readBackup(linesOf([first])));
    expect(second.split('\n').length).toBe(first.split('\n').length);
    // And from there on the text itself is a fixpoint.
    const third = await fresh();
    await restoreBackup(third, await readBackup(linesOf([second])));
    expect(await text(third)).toBe(second);
    expect(await target.customers.count()).toBe(40);
    expect((await target.profiles.get('trustpilot:u1'))?.displayName).toBe('Ánna "<b>K</b>" 🌷');
    expect((await target.notes.get('customer:C01'))?.text).toBe('Sent a gift box in May.\nLoves "sourdough".');
  });

  it('keeps CRM tokens and work in progress out of the file', async () => {
    const backup = await text(source);
    expect(backup).not.toContain('pat-secret-token');
    expect(backup).not.toContain('pending-work');
    expect(backup).toContain('em-params');
  });

  it('refuses a damaged or hostile file, names the line, and leaves the database as it was', async () => {
    const good = (await text(source)).split('\n');
    const target = await targetWithData();
    const before = await text(target);
    const cases: [string, string[], RegExp][] = [
      ['truncated JSON', [...good.slice(0, 5), good[5]!.slice(0, 20)], /line 6: not JSON/],
      ['an unknown table', [...good.slice(0, 3), '{"t":"connections","v":{}}'], /line 4: unknown table "connections"/],
      ['a row of the wrong shape', [...good.slice(0, 3), '{"t":"orders","v":{"id":"O","customerId":"C","date":"yesterday","amount":1,"currency":"EUR"}}'], /line 4 \(orders\): date/],
      ['another file', ['{"hello":"world"}'], /not an Earshot backup/],
      ['a newer format', ['{"format":"earshot-db","version":99}'], /newer Earshot/],
      ['nothing', [], /empty/],
    ];
    for (const [name, lines, message] of cases) {
      // The whole path a restore takes: read the file, then write it into the target.
      const restore = readBackup(lines).then((rows) => restoreBackup(target, rows));
      await expect(restore, name).rejects.toThrow(message);
      await expect(readBackup(lines)).rejects.toBeInstanceOf(BackupError);
    }
    expect(await text(target)).toBe(before);
  });

  it('a restore that fails part-way leaves the database exactly as it was', async () => {
    const target = await targetWithData();
    const before = await text(target);
    const good = (await text(source)).trimEnd().split('\n');

    // Rows every schema accepts but the database refuses: two outbox jobs with one seq (a unique
    // index), in the 8th of the 11 tables, after customers, orders and profiles were replaced.
    const job = (id: string) => JSON.stringify({ t: 'syncJobs', v: { id, seq: 1, connector: 'hubspot', kind: 'upsert-person', personRef: 'customer:C01', idempotencyKey: id, payload: {}, status: 'pending', attempts: 0, nextAttemptAt: 0, createdAt: 0, updatedAt: 0 } });
    const clashing = await readBackup([...good, job('j1'), job('j2')]);
    await expect(restoreBackup(target, clashing)).rejects.toThrow();
    expect(await text(target)).toBe(before);

    // The last table fails to write (a full disk, a browser that gives up).
    const fail = () => {
      throw new Error('the disk gave up');
    };
    target.meta.hook('creating', fail);
    const rows = await readBackup(good);
    await expect(restoreBackup(target, rows)).rejects.toThrow('the disk gave up');
    target.meta.hook('creating').unsubscribe(fail);
    expect(await text(target)).toBe(before);
    expect((await target.connections.toArray()).map((c) => c.connector)).toEqual(['webhook']);

    // Control: the same rows restore once nothing fails; the target's list of erased people stays.
    await restoreBackup(target, rows);
    const restored = await readBackup(linesOf([await text(target)]));
    expect({ ...restored, meta: restored.meta.filter((m) => m.key !== 'suppressed-profiles') }).toEqual(rows);
    expect(restored.meta.find((m) => m.key === 'suppressed-profiles')?.value).toEqual(['abc']);
  });

  it('an erasure outlives a restore: an older backup comes back without the people erased since', async () => {
    const older = await readBackup(linesOf([await text(source)]));
    expect(older.orders.some((o) => o.customerId === 'C01')).toBe(true);
    await erasePerson(source, 'profile:trustpilot:u1', { now: 10 });
    await erasePerson(source, 'customer:C01', { now: 11, includeCustomerRecord: true });
    const queued = await source.syncJobs.toArray();
    expect(queued.map((j) => [j.kind, j.personRef, j.status])).toEqual([['erase-person', 'customer:C01', 'pending']]);

    const { counts, leftOut } = await restoreBackup(source, older);
    expect(leftOut).toEqual({ profiles: 1, customers: 1 });
    expect(counts.customers).toBe(39);
    expect(await source.customers.get('C01')).toBeUndefined();
    expect(await source.customers.get('C02')).toBeDefined();
    expect(await source.orders.where('customerId').equals('C01').count()).toBe(0);
    expect(await source.profiles.get('trustpilot:u1')).toBeUndefined();
    expect(await source.contributions.count()).toBe(0);
    expect(await source.tags.count()).toBe(0);
    expect(await source.notes.count()).toBe(0);
    expect((await source.pages.toArray()).flatMap((p) => p.profileIds)).toEqual([]);
    // The CRM still hears of the erasure, and the next capture of them is still dropped.
    expect(await source.syncJobs.toArray()).toEqual(queued);
    const again = await withoutSuppressed(source, { url: 'https://www.trustpilot.com/review/example.com', site: 'trustpilot', kind: 'reviews', profiles: [{ platform: 'trustpilot', key: 'u1', displayName: 'Ánna' }], contributions: [] });
    expect(again.profiles).toEqual([]);

    // The list travels in the next backup: restoring that elsewhere leaves them out too.
    const elsewhere = await fresh();
    await restoreBackup(elsewhere, await readBackup(linesOf([await text(source)])));
    const second = await restoreBackup(elsewhere, older);
    expect(second.leftOut).toEqual({ profiles: 1, customers: 1 });
  });

  it('a restore empties what was derived from the old data, in the same transaction', async () => {
    const target = await targetWithData();
    await indexCustomers(target);
    await target.values.put({ personRef: 'customer:KEEP', kind: 'customer', segment: 'Champions', financial: 1, influence: 0, engagement: 1, value: {} } as unknown as Parameters<typeof target.values.put>[0]);
    await restoreBackup(target, await readBackup(linesOf([await text(source)])));
    expect(await target.values.count()).toBe(0);
    expect(await target.matchPages.count()).toBe(0);
    // The next worker start rebuilds the index from the restored customers.
    expect(await readIndexState(target)).toMatchObject({ state: 'stale', reason: 'restore' });
    expect(await text(target)).not.toContain('match.index');
    // So is the people directory (lib/db/people.ts).
    expect(await target.people.count()).toBe(0);
    expect(await target.meta.get('people.directory')).toMatchObject({ value: { state: 'stale', reason: 'restore' } });
  });
});
