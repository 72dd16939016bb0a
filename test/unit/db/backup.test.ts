import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EarshotDatabase } from '../../../lib/db/database';
import { BackupError, linesOf, readBackup, restoreBackup, writeBackup } from '../../../lib/db/backup';
import { storeCapture } from '../../../lib/db/captures';
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
  await source.audit.add({ at: 1, action: 'import', actor: 'user', summary: 'x', counts: { customers: 40 } });
  await source.meta.put({ key: 'em-params', value: { m: [0.9, 0.1] }, updatedAt: 2 });
  await source.meta.put({ key: 'pending-work', value: { profiles: [] }, updatedAt: 2 });
  await source.connections.put({ connector: 'hubspot', settings: {}, secret: 'pat-secret-token', connectedAt: 1 });
});

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
  });

  it('keeps CRM tokens and work in progress out of the file', async () => {
    const backup = await text(source);
    expect(backup).not.toContain('pat-secret-token');
    expect(backup).not.toContain('pending-work');
    expect(backup).toContain('em-params');
  });

  it('refuses a damaged or hostile file, names the line, and leaves the database as it was', async () => {
    const good = (await text(source)).split('\n');
    const target = await fresh();
    await target.customers.put({ id: 'KEEP', handles: [], custom: {}, source: 'csv', updatedAt: 0 });
    const cases: [string, string[], RegExp][] = [
      ['truncated JSON', [...good.slice(0, 5), good[5]!.slice(0, 20)], /line 6: not JSON/],
      ['an unknown table', [...good.slice(0, 3), '{"t":"connections","v":{}}'], /line 4: unknown table "connections"/],
      ['a row of the wrong shape', [...good.slice(0, 3), '{"t":"orders","v":{"id":"O","customerId":"C","date":"yesterday","amount":1,"currency":"EUR"}}'], /line 4 \(orders\): date/],
      ['another file', ['{"hello":"world"}'], /not an Earshot backup/],
      ['a newer format', ['{"format":"earshot-db","version":99}'], /newer Earshot/],
      ['nothing', [], /empty/],
    ];
    for (const [name, lines, message] of cases) {
      await expect(readBackup(lines), name).rejects.toThrow(message);
      await expect(readBackup(lines)).rejects.toBeInstanceOf(BackupError);
    }
    expect(await target.customers.toCollection().primaryKeys()).toEqual(['KEEP']);
  });
});
