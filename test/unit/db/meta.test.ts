import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EarshotDatabase } from '../../../lib/db/database';
import { deleteMeta, metaFamily, metaKey, MetaValueError, readFamily, readMeta, readMetaIfValid, recordOfValid, writeMeta } from '../../../lib/db/meta';
import { pendingWork, recordWork } from '../../../lib/background/work';
import { z } from '../../../lib/zod';
import { deleteDatabase, openFreshDatabase } from '../fresh-db';

const COUNTER = metaKey('test.counter', z.object({ n: z.number().int() }));
const CURSORS = metaFamily('test-cursor:', z.string());

let db: EarshotDatabase;
beforeEach(async () => void (db = await openFreshDatabase('meta')));
afterEach(async () => deleteDatabase(db));

describe('typed meta records', () => {
  it('reads back what was written, and nothing for a key never written', async () => {
    expect(await readMeta(db, COUNTER)).toBeUndefined();
    await writeMeta(db, COUNTER, { n: 3 }, 10);
    expect(await readMeta(db, COUNTER)).toEqual({ n: 3 });
    expect((await db.meta.get('test.counter'))?.updatedAt).toBe(10);
    await deleteMeta(db, COUNTER);
    expect(await db.meta.get('test.counter')).toBeUndefined();
  });

  it('a stored value that fails its schema is an error naming the key and the field', async () => {
    await db.meta.put({ key: 'test.counter', value: { n: 'three' }, updatedAt: 0 });
    await expect(readMeta(db, COUNTER)).rejects.toThrow(MetaValueError);
    await expect(readMeta(db, COUNTER)).rejects.toThrow(/"test\.counter".*n: /);
  });

  it('the recorded work is such a record: a damaged one stops the run with its key instead of being half read', async () => {
    await db.meta.put({ key: 'pending-work', value: { profiles: 'p1' }, updatedAt: 0 });
    await expect(pendingWork(db)).rejects.toThrow(/"pending-work".*profiles/);
    // Nothing stored is changed by the failed read or by a record that cannot merge with it.
    await expect(recordWork(db, { orders: true }, 1)).rejects.toThrow(/pending-work/);
    expect((await db.meta.get('pending-work'))?.value).toEqual({ profiles: 'p1' });
  });

  it('a value that fails its schema is refused before it is stored', async () => {
    await writeMeta(db, COUNTER, { n: 1 }, 1);
    // A number to the type, not an integer to the schema.
    await expect(writeMeta(db, COUNTER, { n: 1.5 }, 2)).rejects.toThrow(/"test\.counter"/);
    expect(await readMeta(db, COUNTER)).toEqual({ n: 1 });
  });

  it('a derived record that fails reads as absent (or as the given fallback), never as an error', async () => {
    await db.meta.put({ key: 'test.counter', value: 'garbage', updatedAt: 0 });
    expect(await readMetaIfValid(db, COUNTER)).toBeUndefined();
    expect(await readMetaIfValid(db, COUNTER, { n: 0 })).toEqual({ n: 0 });
  });

  it('a family names its records by prefix and parts, and lists them by a prefix of the suffix', async () => {
    expect(CURSORS.of('hubspot', 'C1').key).toBe('test-cursor:hubspot:C1');
    await writeMeta(db, CURSORS.of('hubspot', 'C1'), 'a', 1);
    await writeMeta(db, CURSORS.of('hubspot', 'C2'), 'b', 2);
    await writeMeta(db, CURSORS.of('pipedrive', 'C1'), 'c', 3);
    expect(await readFamily(db, CURSORS, 'hubspot:')).toEqual([
      { key: 'test-cursor:hubspot:C1', suffix: 'hubspot:C1', value: 'a', updatedAt: 1 },
      { key: 'test-cursor:hubspot:C2', suffix: 'hubspot:C2', value: 'b', updatedAt: 2 },
    ]);
    await db.meta.put({ key: 'test-cursor:pipedrive:C2', value: 7, updatedAt: 4 });
    await expect(readFamily(db, CURSORS)).rejects.toThrow(/"test-cursor:pipedrive:C2"/);
  });

  it('a record by name keeps the entries that parse and leaves out the others', () => {
    const Sites = recordOfValid(z.object({ pages: z.number() }));
    expect(Sites.parse({ a: { pages: 1 }, b: { pages: 'x' } })).toEqual({ a: { pages: 1 } });
    expect(Sites.parse('garbage')).toEqual({});
  });
});
