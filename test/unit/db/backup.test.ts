import { createHash } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import type { EarshotDatabase } from '../../../lib/db/database';
import { freshDatabases } from '../fresh-db';
import { BackupError, linesOf, readBackup, restoreBackup, writeBackup } from '../../../lib/db/backup';
import { storeCapture } from '../../../lib/db/captures';
import { indexCustomers, readIndexState } from '../../../lib/db/match-store';
import { erasePerson, withoutSuppressed } from '../../../lib/db/privacy';
import { generateSampleCrm } from '../../../lib/sample/crm';
import { SyncJob } from '../../../lib/model';

const fresh = freshDatabases('backup');

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
  // A to-do item a person snoozed: their decision is data, not derived.
  await source.actions.put({ id: 'thank-champion|customer:C01', personRef: 'customer:C01', kind: 'thank-champion', segment: 'champions', status: 'snoozed', snoozedUntil: 9, figures: { netValue: 812.5 }, expectedValue: 40.6, currency: 'EUR', createdAt: 1, updatedAt: 2 });
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
    expect(await target.actions.get('thank-champion|customer:C01')).toMatchObject({ status: 'snoozed', snoozedUntil: 9 });
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
    // (Added to the rows read, not to the file: a file with lines added after it was written is refused on reading.)
    const job = (id: string) => SyncJob.parse({ id, seq: 1, connector: 'hubspot', kind: 'upsert-person', personRef: 'customer:C01', idempotencyKey: id, payload: {}, status: 'pending', attempts: 0, nextAttemptAt: 0, createdAt: 0, updatedAt: 0 });
    const read = await readBackup(good);
    const clashing = { ...read, syncJobs: [...read.syncJobs, job('j1'), job('j2')] };
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

  it("refuses a backup whose list of erased people is damaged, before anything is replaced", async () => {
    const target = await targetWithData();
    const before = await text(target);
    const rows = await readBackup(linesOf([await text(source)]));
    const damaged = { ...rows, meta: [...rows.meta.filter((m) => m.key !== 'suppressed-profiles'), { key: 'suppressed-profiles', value: 'not a list', updatedAt: 1 }] };
    await expect(restoreBackup(target, damaged)).rejects.toThrow('"suppressed-profiles" (the people erased) is not a list of hashes');
    expect(await text(target)).toBe(before);
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
    expect(await source.actions.count()).toBe(0);
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

describe('integrity: a count and a checksum in the closing line (issue 12.7)', () => {
  const linesOfText = (t: string) => t.split('\n').slice(0, -1);

  it('a file cut at a line end is refused, naming what is missing', async () => {
    const lines = linesOfText(await text(source));
    const firstOrder = lines.findIndex((l) => l.startsWith('{"t":"orders"'));
    await expect(readBackup(lines.slice(0, firstOrder + 20))).rejects.toThrow(
      /ends after line \d+ without its closing line: it was cut short after 20 orders; the rest of the orders and the tables after them \(profiles, contributions, .*meta\) are missing/,
    );
    // Cut just before the closing line: every row is there, but nothing proves it.
    await expect(readBackup(lines.slice(0, -1))).rejects.toThrow(/cut short/);
  });

  it('a missing or changed line in the middle is refused: the counts name what is missing, the checksum what changed', async () => {
    const lines = linesOfText(await text(source));
    const at = lines.findIndex((l) => l.startsWith('{"t":"customers"'));
    await expect(readBackup([...lines.slice(0, at), ...lines.slice(at + 1)])).rejects.toThrow('the closing line says 40 customers were written, the file holds 39 (1 missing)');
    const changed = [...lines];
    changed[at] = changed[at]!.replace(/"firstName":"[^"]*"/, '"firstName":"Mallory"');
    await expect(readBackup(changed)).rejects.toThrow(/do not match the checksum in the closing line: the file was changed after it was written/);
    await expect(readBackup([...lines, lines[at]!])).rejects.toThrow(new RegExp(`line ${lines.length + 1}: after the closing line`));
  });

  it('the checksum is the SHA-256 of the SHA-256 of each block of 1,000 lines before the closing line (docs/FORMATS.md)', async () => {
    const { generateSampleCrm: generate } = await import('../../../lib/sample/crm');
    const big = await fresh();
    const { customers, orders } = generate({ customers: 600 });
    await big.customers.bulkPut(customers.map((c) => c.customer));
    await big.orders.bulkPut(orders);
    const lines = linesOfText(await text(big));
    expect(lines.length).toBeGreaterThan(2000);
    const trailer = JSON.parse(lines.at(-1)!) as { sha256: string; rows: Record<string, number> };
    const blocks: Buffer[] = [];
    const content = lines.slice(0, -1);
    for (let i = 0; i < content.length; i += 1000) blocks.push(createHash('sha256').update(content.slice(i, i + 1000).map((l) => `${l}\n`).join('')).digest());
    expect(trailer.sha256).toBe(createHash('sha256').update(Buffer.concat(blocks)).digest('hex'));
    expect(trailer.rows).toMatchObject({ customers: 600, orders: orders.length });
    expect((await readBackup(lines)).orders).toHaveLength(orders.length);
  });

  it('an older file without a closing line is read, saying that whether it is whole could not be checked', async () => {
    const lines = linesOfText(await text(source)).slice(0, -1);
    lines[0] = lines[0]!.replace('"version":2', '"version":1');
    const said: string[] = [];
    const rows = await readBackup(lines, { onUnchecked: (why) => said.push(why) });
    expect(rows.customers).toHaveLength(40);
    expect(said).toEqual(['written by an Earshot from before backups carried a checksum: whether the file is whole could not be checked']);
  });
});
