/**
 * The person view's query (lib/views/person-detail.ts) for what test/unit/views/review.test.ts
 * does not ask of it: a captured profile nobody linked, the value by its kind,
 * the outbox newest first, the tags in order, and the cap on contributions.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EarshotDatabase } from '../../../lib/db/database';
import type { ValueRecord } from '../../../lib/value';
import type { Contribution, Profile, SyncJob } from '../../../lib/model';
import { personDetail } from '../../../lib/views/person-detail';
import { deleteDatabase, openFreshDatabase } from '../fresh-db';

let db: EarshotDatabase;
beforeEach(async () => void (db = await openFreshDatabase('person-view')));
afterEach(() => deleteDatabase(db));

const profile: Profile = { id: 'x:loud', platform: 'x', key: 'loud', handle: 'loud', displayName: 'Loud', followers: 12_000, firstSeenAt: 1, lastSeenAt: 2, seenOn: [] };
const REF = 'profile:x:loud';

const contribution = (n: number): Contribution => ({
  id: `c${n}`,
  profileId: profile.id,
  profileKey: profile.key,
  type: 'post',
  date: `2024-01-${String((n % 28) + 1).padStart(2, '0')}`,
  text: `post ${n}`,
  pageUrl: `https://x.com/loud/status/${n}`,
  aboutOwnBrand: false,
  firstSeenAt: 1,
  lastSeenAt: n,
});

const job = (id: string, updatedAt: number, lastError?: string): SyncJob => ({
  id,
  seq: updatedAt,
  connector: 'webhook',
  kind: 'upsert-person',
  personRef: REF,
  idempotencyKey: id,
  payload: {},
  status: lastError ? 'parked' : 'done',
  attempts: 1,
  nextAttemptAt: 0,
  ...(lastError ? { lastError } : {}),
  createdAt: 0,
  updatedAt,
});

const profileValue = { influence: { score: { value: 80 } } } as unknown as ValueRecord['value'];

describe("one captured profile nobody linked, as the person view shows it", () => {
  it('has no customer and no orders, its own value, the outbox newest first and its tags by label', async () => {
    await db.profiles.put(profile);
    await db.values.put({ personRef: REF, kind: 'profile', segment: 'advocates', financial: 0, influence: 80, engagement: 300, value: profileValue });
    await db.syncJobs.bulkPut([job('old', 10, 'the CRM refused the address'), job('new', 20)]);
    await db.tags.bulkPut([
      { id: `${REF}|press`, personRef: REF, label: 'press', createdAt: 1 },
      { id: `${REF}|ambassador`, personRef: REF, label: 'ambassador', createdAt: 2 },
    ]);

    const d = await personDetail(db, REF);
    expect(d).toMatchObject({ ref: REF, customer: null, orders: null, note: undefined, value: { kind: 'profile', value: profileValue } });
    expect(d!.profiles).toEqual([{ profile, match: undefined }]);
    expect(d!.tags.map((t) => t.label)).toEqual(['ambassador', 'press']);
    expect(d!.sync).toEqual([
      { id: 'new', connector: 'webhook', kind: 'upsert-person', status: 'done', attempts: 1, updatedAt: 20 },
      { id: 'old', connector: 'webhook', kind: 'upsert-person', status: 'parked', attempts: 1, lastError: 'the CRM refused the address', updatedAt: 10 },
    ]);
  });

  it('shows the newest 100 contributions and counts them all', async () => {
    await db.profiles.put(profile);
    await db.contributions.bulkPut(Array.from({ length: 130 }, (_, n) => contribution(n)));
    const d = await personDetail(db, REF);
    expect(d!.contributionCount).toBe(130);
    expect(d!.contributions).toHaveLength(100);
    // Newest date first; on the same date, the one seen last first.
    const order = d!.contributions.map((c) => [c.date, c.lastSeenAt] as const);
    expect(order.every(([date, seen], i) => i === 0 || date! < order[i - 1]![0]! || (date === order[i - 1]![0] && seen < order[i - 1]![1]))).toBe(true);
    expect(d!.contributions[0]).toMatchObject({ date: '2024-01-28', lastSeenAt: 111 });
  });

  it('has no value while none is computed, and is nobody once erased', async () => {
    await db.profiles.put(profile);
    expect((await personDetail(db, REF))!.value).toBeNull();
    await db.profiles.delete(profile.id);
    expect(await personDetail(db, REF)).toBeNull();
  });
});
