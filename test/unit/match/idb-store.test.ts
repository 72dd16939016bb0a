import { beforeAll, describe, expect, it, vi } from 'vitest';
import Dexie from 'dexie';
import type { EarshotDatabase } from '../../../lib/db/database';
import { freshDatabases } from '../fresh-db';
import { hashKey } from '../../../lib/db/match-store/format';
import {
  IdbCandidateStore,
  indexCustomers,
  IndexNotReadyError,
  loadMatcherParams,
  matchProfiles as matchInDb,
  MATCH_PARAMS_META_KEY,
  readIndexState,
  runEm,
  saveMatcherParams,
} from '../../../lib/db/match-store';
import { matchProfiles } from '../../../lib/match/match';
import { defaultMatcherParams } from '../../../lib/match/params';
import { MatchThresholds } from '../../../lib/match/settings';
import { MemoryCandidateStore } from '../../../lib/match/store';
import type { Customer, Profile } from '../../../lib/model';
import { generateCustomers, type SampleCustomer } from '../../../lib/sample/crm';
import { generatePersonas, type SamplePersona } from '../../../lib/sample/personas';

let crm: SampleCustomer[];
let personas: SamplePersona[];
const thresholds = MatchThresholds.parse({});
const fresh = freshDatabases('store');

beforeAll(() => {
  crm = generateCustomers({ customers: 1500, seed: 31 });
  personas = generatePersonas(crm, { seed: 3, customerProfiles: 150, strangers: 150, namesakes: 50 });
});

async function database(customers: readonly Customer[]): Promise<EarshotDatabase> {
  const db = await fresh();
  await db.customers.bulkPut([...customers]);
  return db;
}

const slim = (results: readonly { customerId: string | null; decision: string; score: number; evidence: unknown }[]) =>
  results.map(({ customerId, decision, score, evidence }) => ({ customerId, decision, score, evidence }));

describe('the IndexedDB candidate store', () => {
  it('refuses to match before the index is built', async () => {
    const db = await database([]);
    await expect(new IdbCandidateStore(db).size()).rejects.toBeInstanceOf(IndexNotReadyError);
  });

  it('matches exactly like the in-memory store, also when built in several passes', async () => {
    const customers = crm.map((c) => c.customer);
    const db = await database(customers);
    // A memory budget this small forces several passes over the spill.
    const report = await indexCustomers(db, { memoryBudgetBytes: 40_000, chunkSize: 300 });
    expect(report).toMatchObject({ mode: 'full', customers: 1500 });
    expect(report.bucketPasses).toBeGreaterThan(1);
    const memory = MemoryCandidateStore.fromCustomers(customers);
    const store = new IdbCandidateStore(db);
    expect(await store.frequencies()).toEqual(await memory.frequencies());
    const profiles = personas.map((p) => p.profile);
    const expected = await matchProfiles(memory, profiles, { params: defaultMatcherParams(), thresholds });
    const actual = await matchInDb(db, profiles, { thresholds, store });
    expect(slim(actual)).toEqual(slim(expected));
  });

  it('fails the build, never marking it ready, when a write fails while the next chunk is read', async () => {
    const db = await database(crm.map((c) => c.customer));
    const put = db.matchSpill.put.bind(db.matchSpill);
    let calls = 0;
    vi.spyOn(db.matchSpill, 'put').mockImplementation((...args: Parameters<typeof put>) => (++calls === 2 ? Dexie.Promise.reject(new Error('disk full')) : put(...args)));
    await expect(indexCustomers(db, { chunkSize: 300 })).rejects.toThrow('disk full');
    expect(calls).toBe(2);
    expect((await readIndexState(db))?.state).toBe('building');
    await expect(new IdbCandidateStore(db).size()).rejects.toBeInstanceOf(IndexNotReadyError);
  });

  it('rebuilds into a new generation and drops the old one', async () => {
    const db = await database(crm.slice(0, 300).map((c) => c.customer));
    await indexCustomers(db);
    const first = await readIndexState(db);
    const buckets = await db.matchBuckets.count();
    await indexCustomers(db);
    const second = await readIndexState(db);
    expect(second?.state === 'ready' && first?.state === 'ready' && second.generation).toBe(first?.state === 'ready' ? first.generation + 1 : -1);
    expect(await db.matchBuckets.count()).toBe(buckets);
  });

  it('updates in place when a few customers are added, changed or erased', async () => {
    const customers = crm.slice(0, 400).map((c) => c.customer);
    const db = await database(customers);
    await indexCustomers(db);
    const [a, b] = customers;
    await db.customers.put({ ...a!, lastName: 'Zwaluwstaart', email: 'zwaluw@example.org' });
    await db.customers.delete(b!.id);
    await db.customers.put({ id: 'NEW1', firstName: 'Xaviera', lastName: 'Quokka', city: 'Zwolle', country: 'NL', handles: [{ platform: 'tiktok', handle: 'xq_bakes' }], custom: {}, source: 'csv', updatedAt: 2 });
    const report = await indexCustomers(db, { customerIds: [a!.id, b!.id, 'NEW1', 'NEVER-EXISTED'] });
    expect(report).toMatchObject({ mode: 'incremental', customers: 400 });

    const store = new IdbCandidateStore(db);
    const [added, changed, erased, handle] = await matchInDb(
      db,
      [
        { id: 'p1', platform: 'instagram', displayName: 'Xaviera Quokka', location: 'Zwolle' },
        { id: 'p2', platform: 'instagram', displayName: `${a!.firstName} Zwaluwstaart` },
        { id: 'p3', platform: 'instagram', displayName: `${b!.firstName} ${b!.lastName}`, handle: 'zzz_other' },
        { id: 'p4', platform: 'tiktok', displayName: 'XQ', handle: 'xq_bakes' },
      ],
      { thresholds, store },
    );
    expect(added!.best?.customerId).toBe('NEW1');
    expect(changed!.best?.customerId).toBe(a!.id);
    expect(erased!.best?.customerId ?? null).not.toBe(b!.id);
    expect(handle).toMatchObject({ customerId: 'NEW1', decision: 'auto', reason: 'known-handle' });

    // The same answers as a fresh build of the same customers.
    const fresh = await database(await db.customers.toArray());
    await indexCustomers(fresh);
    const again = await matchInDb(fresh, personas.slice(0, 100).map((p) => p.profile), { thresholds });
    const updated = await matchInDb(db, personas.slice(0, 100).map((p) => p.profile), { thresholds, store });
    expect(slim(updated)).toEqual(slim(again));
  });

  it('reads a profile’s stored decisions in the lookup transaction', async () => {
    const db = await database(crm.slice(0, 200).map((c) => c.customer));
    await indexCustomers(db);
    const target = crm[5]!.customer;
    await db.matches.put({ profileId: 'x:1', customerId: target.id, score: 1, status: 'confirmed', evidence: [], decidedBy: 'user', decidedAt: 1, rejectedCustomerIds: [] });
    const [r] = await matchInDb(db, [{ id: 'x:1', platform: 'x', displayName: 'Completely Different' }], { thresholds });
    expect(r).toMatchObject({ customerId: target.id, reason: 'confirmed' });
  });

  it('hashes a key to the same bucket and fingerprint every time, the family in the top bits', () => {
    expect(hashKey('n:iohanes|vries', 1024)).toEqual(hashKey('n:iohanes|vries', 1024));
    expect(hashKey('h:jannekevd', 1024).fingerprint >>> 28).not.toBe(hashKey('s:vries', 1024).fingerprint >>> 28);
    expect(hashKey('s:vries', 1024).bucket).toBeLessThan(1024);
  });
});

describe('parameters in meta and EM on the stored profiles', () => {
  it('falls back to the defaults for missing or damaged parameters', async () => {
    const db = await database([]);
    expect(await loadMatcherParams(db)).toEqual(defaultMatcherParams());
    await db.meta.put({ key: MATCH_PARAMS_META_KEY, value: { version: 1, customerShare: 7 }, updatedAt: 0 });
    expect(await loadMatcherParams(db)).toEqual(defaultMatcherParams());
    const changed = { ...defaultMatcherParams(), customerShare: 0.5 };
    await saveMatcherParams(db, changed);
    expect((await loadMatcherParams(db)).customerShare).toBe(0.5);
  });

  it('learns from the captured profiles and stores what it learned', async () => {
    const db = await database(crm.map((c) => c.customer));
    await indexCustomers(db);
    const profiles: Profile[] = personas.map((p, i) => ({ ...p.profile, key: p.profile.key ?? p.profile.id, firstSeenAt: i, lastSeenAt: i, seenOn: [] }));
    await db.profiles.bulkPut(profiles);
    const report = await runEm(db);
    expect(report.candidatePairs).toBeGreaterThan(0);
    expect(report.randomPairs).toBeGreaterThan(0);
    const stored = await loadMatcherParams(db);
    expect(stored.model.training.trainedAt).toBeDefined();
    expect(stored.customerShare).toBeCloseTo(report.customerShare, 6);
    // The learned share of customers is near the truth of this sample (150 of 350 are customers).
    expect(report.customerShare).toBeGreaterThan(0.15);
    expect(report.customerShare).toBeLessThan(0.7);
  });
});
