import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EarshotDatabase } from '../../../lib/db/database';
import { storeCapture } from '../../../lib/db/captures';
import { exportPerson } from '../../../lib/db/person';
import { erasePerson, expireUnmatched, withoutSuppressed } from '../../../lib/db/privacy';
import type { CapturedPage, Match } from '../../../lib/model';

const DAY = 86_400_000;
let db: EarshotDatabase;

beforeEach(async () => {
  db = new EarshotDatabase(`privacy-${Math.random()}`);
  await db.open();
});
afterEach(async () => {
  db.close();
  await db.delete();
});

const page = (keys: string[], url = 'https://www.instagram.com/p/abc/'): CapturedPage => ({
  url,
  site: 'instagram',
  kind: 'post',
  profiles: keys.map((key) => ({ platform: 'instagram', key, displayName: `Name ${key}`, followers: 100 })),
  contributions: keys.map((key) => ({ profileKey: key, type: 'comment', text: `comment by ${key}` })),
});

const match = (profileId: string, customerId: string | null, status: Match['status']): Match => ({
  profileId,
  customerId,
  score: 0.99,
  status,
  evidence: [],
  decidedBy: 'matcher',
  decidedAt: 1,
  rejectedCustomerIds: [],
});

async function seedCustomer(id: string) {
  await db.customers.put({ id, firstName: 'Janneke', lastName: 'van den Berg', email: 'j@x.nl', handles: [], custom: {}, source: 'csv', updatedAt: 0 });
  await db.orders.put({ id: `O-${id}`, customerId: id, date: '2025-01-01', amount: 20, currency: 'EUR' });
}

describe('retention', () => {
  it('erases unlinked people by last sighting, keeps linked ones and recent ones', async () => {
    await seedCustomer('C1');
    await storeCapture(db, page(['old', 'linked', 'reseen']), { now: 0, ownBrands: [] });
    await storeCapture(db, page(['reseen'], 'https://www.instagram.com/reseen/'), { now: 25 * DAY, ownBrands: [] });
    await db.matches.bulkPut([match('instagram:linked', 'C1', 'confirmed'), match('instagram:old', 'C1', 'review')]);
    await db.tags.put({ id: 't', personRef: 'profile:instagram:old', label: 'prospect', createdAt: 0 });

    const result = await expireUnmatched(db, 31 * DAY, 30);
    expect(result).toEqual({ profiles: 1, contributions: 1, matches: 1, tags: 1 });
    expect(await db.profiles.toCollection().primaryKeys()).toEqual(['instagram:linked', 'instagram:reseen']);
    expect((await db.pages.get('https://www.instagram.com/p/abc/'))!.profileIds).toEqual(['instagram:linked', 'instagram:reseen']);
    const audit = await db.audit.toArray();
    expect(audit).toMatchObject([{ action: 'retention', actor: 'system', counts: { profiles: 1 } }]);
    // The audit log says how much, never who.
    expect(JSON.stringify(audit)).not.toMatch(/old|Name/);
  });

  it('does nothing and logs nothing when nothing is due', async () => {
    await storeCapture(db, page(['a']), { now: 0, ownBrands: [] });
    expect(await expireUnmatched(db, 10 * DAY, 30)).toEqual({ profiles: 0, contributions: 0, matches: 0, tags: 0 });
    expect(await db.audit.count()).toBe(0);
  });
});

describe('erasure and export', () => {
  beforeEach(async () => {
    await seedCustomer('C1');
    await storeCapture(db, page(['janneke.vd', 'stranger']), { now: 5, ownBrands: [] });
    await storeCapture(db, { ...page(['jannekebakt'], 'https://www.youtube.com/@jannekebakt'), site: 'youtube', profiles: [{ platform: 'youtube', key: 'jannekebakt', displayName: 'Janneke bakt' }], contributions: [] }, { now: 6, ownBrands: [] });
    await db.matches.bulkPut([match('instagram:janneke.vd', 'C1', 'auto'), match('youtube:jannekebakt', 'C1', 'confirmed'), match('instagram:stranger', 'C1', 'review')]);
    await db.tags.bulkPut([
      { id: 'a', personRef: 'customer:C1', label: 'ambassador', createdAt: 1 },
      { id: 'b', personRef: 'profile:instagram:stranger', label: 'other', createdAt: 1 },
    ]);
  });

  it('exports everything held about the person behind a handle', async () => {
    const exported = await exportPerson(db, 'profile:instagram:janneke.vd', 10);
    expect(exported.person).toBe('customer:C1');
    expect(exported.customer?.id).toBe('C1');
    expect(exported.orders).toHaveLength(1);
    expect(exported.profiles.map((p) => p.id).sort()).toEqual(['instagram:janneke.vd', 'youtube:jannekebakt']);
    expect(exported.contributions).toHaveLength(1);
    // The suggestion naming the customer for another profile is part of what is held about them.
    expect(exported.matches.map((m) => m.profileId).sort()).toEqual(['instagram:janneke.vd', 'instagram:stranger', 'youtube:jannekebakt']);
    expect(exported.tags.map((t) => t.label)).toEqual(['ambassador']);
  });

  it('erases the person everywhere, asks the CRM side to follow, and never captures them again', async () => {
    const crm: string[] = [];
    const result = await erasePerson(db, 'customer:C1', { now: 20, eraseInCrm: async (id) => void crm.push(id) });
    expect(result).toEqual({ profiles: 2, contributions: 1, matches: 3, tags: 1, syncJobs: 0, customer: 0 });
    expect(await db.profiles.toCollection().primaryKeys()).toEqual(['instagram:stranger']);
    expect(await db.matches.count()).toBe(0);
    expect(await db.tags.toCollection().primaryKeys()).toEqual(['b']);
    expect(crm).toEqual(['C1']);
    // The CRM record's local copy stays unless asked: it is the shop's own record.
    expect(await db.customers.count()).toBe(1);
    const audit = await db.audit.toArray();
    expect(audit.at(-1)).toMatchObject({ action: 'erase', counts: { profiles: 2 } });
    expect(JSON.stringify(audit)).not.toMatch(/janneke|C1/i);

    const again = await withoutSuppressed(db, page(['janneke.vd', 'newcomer']));
    expect(again.profiles.map((p) => p.key)).toEqual(['newcomer']);
    expect(again.contributions.map((c) => c.profileKey)).toEqual(['newcomer']);
  });

  it('can erase the local customer record and orders too', async () => {
    const result = await erasePerson(db, 'customer:C1', { now: 20, includeCustomerRecord: true });
    expect(result.customer).toBe(1);
    expect(await db.customers.count()).toBe(0);
    expect(await db.orders.count()).toBe(0);
  });

  it('drops sync jobs not yet sent, which would write the person back', async () => {
    await db.syncJobs.put({ id: 'j1', seq: 1, connector: 'hubspot', kind: 'upsert-person', personRef: 'customer:C1', idempotencyKey: 'k', payload: {}, status: 'pending', attempts: 0, nextAttemptAt: 0, createdAt: 0, updatedAt: 0 });
    expect((await erasePerson(db, 'customer:C1', { now: 20 })).syncJobs).toBe(1);
    expect(await db.syncJobs.count()).toBe(0);
  });

  it('refuses someone unknown', async () => {
    await expect(erasePerson(db, 'profile:x:nobody', { now: 1 })).rejects.toThrow('nobody is known as profile:x:nobody');
    await expect(exportPerson(db, 'someone', 1)).rejects.toThrow('is not a person');
  });
});
