/**
 * Erasing a customer's record must also take them out of the matcher's index
 * (its compact records and posting lists): otherwise the next capture of the
 * same person is linked to a customer who was erased.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type EarshotDatabase, MATCH_INDEX_META_KEY } from '../../../lib/db/database';
import { deleteDatabase, openFreshDatabase } from '../fresh-db';
import { storeCapture } from '../../../lib/db/captures';
import { erasePerson } from '../../../lib/db/privacy';
import { IdbCandidateStore, indexCustomers, readIndexState } from '../../../lib/db/match-store';
import { createPipeline } from '../../../lib/background/pipeline';
import { runWork, recordWork } from '../../../lib/background/work';
import { profileFeatures } from '../../../lib/match/features';
import { profileQuery } from '../../../lib/match/keys';
import { isLinked, type CapturedPage, type Customer } from '../../../lib/model';
import { DEFAULT_SETTINGS } from '../../../lib/settings';
import { generateCustomers } from '../../../lib/sample/crm';

let db: EarshotDatabase;
const NOW = Date.parse('2025-06-01T00:00:00Z');

const ERASED: Customer = {
  id: 'C-ERASE',
  firstName: 'Janneke',
  lastName: 'van den Berg',
  email: 'janneke.vdberg@ziggo.nl',
  city: 'Utrecht',
  handles: [{ platform: 'instagram', handle: 'janneke.vd' }],
  custom: {},
  source: 'csv',
  updatedAt: 0,
};

const capture = (platform: 'instagram' | 'youtube', key: string): CapturedPage => ({
  url: platform === 'instagram' ? `https://www.instagram.com/${key}/` : `https://www.youtube.com/@${key}`,
  site: platform,
  kind: 'profile',
  profiles: [{ platform, key, handle: key, displayName: 'Janneke van den Berg', location: 'Utrecht' }],
  contributions: [],
});

/** Capture, then run the service worker's follow-up work (match, values) as it would. */
async function captureAndMatch(page: CapturedPage): Promise<string | null> {
  const stored = await storeCapture(db, page, { now: NOW, ownBrands: [] });
  await recordWork(db, { profiles: stored.changedProfileIds }, NOW);
  await runWork(db, createPipeline({ db, now: () => NOW, settings: async () => DEFAULT_SETTINGS, syncQueued: () => undefined }), () => NOW);
  const match = await db.matches.get(stored.profileIds[0]!);
  return match && (isLinked(match) || match.status === 'review') ? match.customerId : null;
}

async function candidatesFor(page: CapturedPage): Promise<string[]> {
  const p = page.profiles[0]!;
  const { sets } = await new IdbCandidateStore(db).lookup([profileQuery(profileFeatures(p))]);
  return sets[0]!.records.map((r) => r.id);
}

beforeEach(async () => {
  db = await openFreshDatabase('erasure-index');
  await db.customers.bulkPut([...generateCustomers({ customers: 300, seed: 5 }).map((c) => c.customer), ERASED]);
  await indexCustomers(db);
});
afterEach(() => deleteDatabase(db));

describe('erasing a customer record takes them out of the matcher', () => {
  it('a capture of the same person after erasure is not linked to the erased customer', async () => {
    // Before: the matcher finds her on Instagram and on YouTube (control: the test can fail).
    expect(await captureAndMatch(capture('instagram', 'janneke.vd'))).toBe('C-ERASE');
    expect(await candidatesFor(capture('youtube', 'jannekebakt'))).toContain('C-ERASE');

    await erasePerson(db, 'customer:C-ERASE', { now: NOW, includeCustomerRecord: true });

    expect(await candidatesFor(capture('youtube', 'jannekebakt'))).not.toContain('C-ERASE');
    expect(await captureAndMatch(capture('youtube', 'jannekebakt'))).not.toBe('C-ERASE');
    expect(await db.matches.where('customerId').equals('C-ERASE').count()).toBe(0);
    // Updated in place, not left stale; and no record of hers remains in the index rows.
    expect(await readIndexState(db)).toMatchObject({ state: 'ready', customers: 300 });
    const pages = await db.matchPages.toArray();
    expect(pages.some((text) => /C-ERASE|janneke\.vdberg@ziggo\.nl|janneke\.vd/i.test(text))).toBe(false);
  });

  it('keeps her in the index when only her captured data is erased (the record is the shop\'s)', async () => {
    await captureAndMatch(capture('instagram', 'janneke.vd'));
    await erasePerson(db, 'customer:C-ERASE', { now: NOW });
    expect(await candidatesFor(capture('youtube', 'jannekebakt'))).toContain('C-ERASE');
  });

  it('during a build, notes her for the build\'s end; a stale index loses its rows at once', async () => {
    const ready = (await db.meta.get(MATCH_INDEX_META_KEY))!.value as { generation: number };
    await db.meta.put({ key: MATCH_INDEX_META_KEY, value: { state: 'building', generation: ready.generation, startedAt: NOW }, updatedAt: NOW });
    await erasePerson(db, 'customer:C-ERASE', { now: NOW, includeCustomerRecord: true });
    expect((await db.meta.get('match.index.erased'))?.value).toEqual(['C-ERASE']);
    await indexCustomers(db);
    expect(await db.meta.get('match.index.erased')).toBeUndefined();
    expect(await candidatesFor(capture('youtube', 'jannekebakt'))).not.toContain('C-ERASE');

    await db.customers.put({ ...ERASED, id: 'C-TWO' });
    await indexCustomers(db);
    await db.meta.put({ key: MATCH_INDEX_META_KEY, value: { state: 'stale', reason: 'test' }, updatedAt: NOW });
    await erasePerson(db, 'customer:C-TWO', { now: NOW, includeCustomerRecord: true });
    expect(await db.matchPages.count()).toBe(0);
    expect(await db.matchBuckets.count()).toBe(0);
  });
});
