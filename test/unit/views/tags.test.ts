import { afterEach, beforeEach, expect, it } from 'vitest';
import type { EarshotDatabase } from '../../../lib/db/database';
import { tagId } from '../../../lib/model';
import { tagLabels } from '../../../lib/views/tags';
import { deleteDatabase, openFreshDatabase } from '../fresh-db';

let db: EarshotDatabase;
beforeEach(async () => void (db = await openFreshDatabase('tags')));
afterEach(() => deleteDatabase(db));

it('offers each tag label in use once, in alphabetical order', async () => {
  expect(await tagLabels(db)).toEqual([]);
  const tag = (personRef: `customer:${string}` | `profile:${string}`, label: string) => ({ id: tagId(personRef, label), personRef, label, createdAt: 1 });
  await db.tags.bulkAdd([tag('customer:c1', 'vip'), tag('profile:x:anna', 'ambassador'), tag('customer:c2', 'vip')]);
  expect(await tagLabels(db)).toEqual(['ambassador', 'vip']);
});
