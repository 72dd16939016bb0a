import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EarshotDatabase } from '../../../lib/db/database';
import { storeCapture } from '../../../lib/db/captures';
import { exportPerson } from '../../../lib/db/person-records';
import { erasePerson, expireUnmatched, withoutSuppressed } from '../../../lib/db/privacy';
import type { ValueRecord } from '../../../lib/value';
import { enqueueErasure } from '../../../lib/db/outbox-queue';
import { syncStateKey } from '../../../lib/db/sync-state';
import { storeReports } from '../../../lib/db/reports';
import type { WeeklyReport } from '../../../lib/report/weekly';
import type { CapturedPage, Match } from '../../../lib/model';
import { deleteDatabase, openFreshDatabase } from '../fresh-db';

const DAY = 86_400_000;
let db: EarshotDatabase;

beforeEach(async () => void (db = await openFreshDatabase('privacy')));
afterEach(() => deleteDatabase(db));

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
    expect(result).toEqual({ profiles: 1, contributions: 1, matches: 1, tags: 1, pages: 0, values: 0, notes: 0 });
    expect(await db.profiles.toCollection().primaryKeys()).toEqual(['instagram:linked', 'instagram:reseen']);
    expect((await db.pages.get('https://www.instagram.com/p/abc/'))!.profileIds).toEqual(['instagram:linked', 'instagram:reseen']);
    const audit = await db.audit.toArray();
    expect(audit).toMatchObject([{ action: 'retention', actor: 'system', counts: { profiles: 1 } }]);
    // The audit log says how much, never who.
    expect(JSON.stringify(audit)).not.toMatch(/old|Name/);
  });

  it('does nothing and logs nothing when nothing is due', async () => {
    await storeCapture(db, page(['a']), { now: 0, ownBrands: [] });
    expect(await expireUnmatched(db, 10 * DAY, 30)).toEqual({ profiles: 0, contributions: 0, matches: 0, tags: 0, pages: 0, values: 0, notes: 0 });
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

  it('exports their profiling, the pages they were seen on, tags, notes and what was sent to the CRM', async () => {
    await db.values.bulkPut([valueRow('customer:C1', 'Champions'), valueRow('profile:instagram:stranger', 'Unknown')]);
    await db.notes.bulkPut([{ personRef: 'customer:C1', text: 'Sent a gift box', updatedAt: 1 }, { personRef: 'profile:instagram:stranger', text: 'other', updatedAt: 1 }]);
    await db.connections.put({ connector: 'hubspot', settings: {}, secret: 'pat-secret', connectedAt: 1 });
    await db.meta.put({ key: syncStateKey('hubspot', 'C1'), value: { crmId: '77', noted: ['youtube:jannekebakt'], sentTags: ['ambassador'] }, updatedAt: 9 });
    await db.syncJobs.put({ id: 'j1', seq: 1, connector: 'hubspot', kind: 'upsert-person', personRef: 'customer:C1', idempotencyKey: 'k', payload: { customerId: 'C1', changedAt: 8 }, status: 'pending', attempts: 1, nextAttemptAt: 0, createdAt: 8, updatedAt: 8, lastError: 'HubSpot had a problem (500)' });

    const exported = await exportPerson(db, 'customer:C1', 10);
    expect(exported.version).toBe(2);
    expect(exported.values.map((v) => [v.personRef, v.segment])).toEqual([['customer:C1', 'Champions']]);
    expect(exported.tags.map((t) => t.label)).toEqual(['ambassador']);
    expect(exported.notes.map((n) => n.text)).toEqual(['Sent a gift box']);
    // The page visits they appear on, without the other people on them.
    expect(exported.pages.map((p) => [p.url, p.profileIds])).toEqual([
      ['https://www.instagram.com/p/abc/', ['instagram:janneke.vd']],
      ['https://www.youtube.com/@jannekebakt', ['youtube:jannekebakt']],
    ]);
    expect(exported.crm.connected).toEqual(['hubspot']);
    expect(exported.crm.states).toEqual([{ connector: 'hubspot', crmId: '77', sentTags: ['ambassador'], notedProfileIds: ['youtube:jannekebakt'], updatedAt: 9 }]);
    expect(exported.crm.jobs).toEqual([{ connector: 'hubspot', kind: 'upsert-person', status: 'pending', attempts: 1, createdAt: 8, updatedAt: 8, lastError: 'HubSpot had a problem (500)', payload: { customerId: 'C1', changedAt: 8 } }]);
    // What an update writes to the CRM about them, as the outbox builds it.
    expect(exported.crm.record).toMatchObject({ customerId: 'C1', email: 'j@x.nl', tags: ['ambassador'], values: { engagementSegment: 'Champions' } });
    expect(exported.crm.record?.links.map((l) => l.profileId).sort()).toEqual(['instagram:janneke.vd', 'youtube:jannekebakt']);
    const text = JSON.stringify(exported);
    expect(text).not.toContain('pat-secret');
    expect(text).not.toMatch(/Unknown|"other"/);
  });

  it('erases the person everywhere, asks the CRM side to follow, and never captures them again', async () => {
    await db.connections.put({ connector: 'hubspot', settings: {}, secret: 'pat', connectedAt: 1 });
    const result = await erasePerson(db, 'customer:C1', { now: 20 });
    expect(result).toEqual({ profiles: 2, contributions: 1, matches: 3, tags: 1, syncJobs: 0, customer: 0, pages: 0, values: 0, notes: 0, actions: 0, crmErasures: 1 });
    expect(await db.profiles.toCollection().primaryKeys()).toEqual(['instagram:stranger']);
    expect(await db.matches.count()).toBe(0);
    expect(await db.tags.toCollection().primaryKeys()).toEqual(['b']);
    expect((await db.syncJobs.toArray()).map((j) => [j.kind, j.personRef, j.payload])).toEqual([['erase-person', 'customer:C1', { customerId: 'C1', email: 'j@x.nl', tags: [] }]]);
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

  it('keeps a damaged list of erased people as it is and says so, rather than reading it as empty and overwriting it', async () => {
    await db.meta.put({ key: 'suppressed-profiles', value: 'not a list', updatedAt: 1 });
    await expect(erasePerson(db, 'customer:C1', { now: 20 })).rejects.toThrow('suppressed-profiles');
    expect((await db.meta.get('suppressed-profiles'))?.value).toBe('not a list');
    await expect(withoutSuppressed(db, page(['janneke.vd']))).rejects.toThrow('suppressed-profiles');
  });

  it('refuses someone unknown', async () => {
    await expect(erasePerson(db, 'profile:x:nobody', { now: 1 })).rejects.toThrow('nobody is known as profile:x:nobody');
    await expect(exportPerson(db, 'someone', 1)).rejects.toThrow('is not a person');
  });
});

/** A stored value record: the indexed figures, and the few explained ones a CRM receives. */
const valueRow = (personRef: string, segment: string): ValueRecord =>
  ({
    personRef,
    kind: personRef.startsWith('customer:') ? 'customer' : 'profile',
    segment,
    financial: 1,
    influence: 2,
    engagement: 3,
    value: {
      engagement: { segment, financial: 1, value: { value: 3 } },
      prediction: { model: 'bgnbd', clv: { value: 4 } },
      influence: { score: { value: 2 } },
    },
  }) as unknown as ValueRecord;

/** Every row of every table, as text: what a search of the whole database would find. */
async function everything(): Promise<string> {
  const tables = await Promise.all(db.tables.filter((t) => !t.name.startsWith('match')).map(async (t) => [t.name, await t.toArray()] as const));
  return JSON.stringify(tables);
}

describe('erasure leaves nothing that names the person', () => {
  const JANNEKE_PROFILE = 'https://www.instagram.com/janneke.vd/';
  beforeEach(async () => {
    await seedCustomer('C1');
    // Her own profile page (a commenter on it too), a page below it, a post, and someone else's
    // profile whose handle merely starts with hers.
    await storeCapture(db, {
      url: JANNEKE_PROFILE,
      site: 'instagram',
      kind: 'profile',
      profiles: [
        { platform: 'instagram', key: 'janneke.vd', displayName: 'Janneke bakt brood', handle: 'janneke.vd', profileUrl: JANNEKE_PROFILE },
        { platform: 'instagram', key: 'stranger', displayName: 'Name stranger' },
      ],
      contributions: [{ profileKey: 'stranger', type: 'comment', text: 'love your bread' }],
    }, { now: 5, ownBrands: [] });
    await storeCapture(db, { ...page(['janneke.vd'], 'https://www.instagram.com/Janneke.vd/reels/#top'), kind: 'profile' }, { now: 6, ownBrands: [] });
    await storeCapture(db, page(['janneke.vd', 'stranger']), { now: 7, ownBrands: [] });
    await storeCapture(db, { ...page(['stranger'], 'https://www.instagram.com/janneke.vdx/'), kind: 'profile' }, { now: 8, ownBrands: [] });
    await db.matches.put(match('instagram:janneke.vd', 'C1', 'confirmed'));
    await db.values.bulkPut([valueRow('customer:C1', 'Champions'), valueRow('profile:instagram:janneke.vd', 'Advocate'), valueRow('profile:instagram:stranger', 'Unknown')]);
    await db.notes.bulkPut([
      { personRef: 'customer:C1', text: 'Sent Janneke a gift box', updatedAt: 1 },
      { personRef: 'profile:instagram:stranger', text: 'not a customer yet', updatedAt: 1 },
    ]);
    await db.tags.put({ id: 'x', personRef: 'profile:instagram:janneke.vd', label: 'baker', createdAt: 1 });
    // A next best action about her (linking to her post) and one about the stranger.
    const action = { kind: 'thank-champion' as const, segment: 'champions', status: 'open' as const, figures: {}, expectedValue: 10, currency: 'EUR', createdAt: 1, updatedAt: 1 };
    await db.actions.bulkPut([
      { ...action, id: 'thank-champion|customer:C1', personRef: 'customer:C1', link: 'https://www.instagram.com/janneke.vd/p/1/' },
      { ...action, id: 'answer-detractor|profile:instagram:stranger', personRef: 'profile:instagram:stranger', kind: 'answer-detractor' },
    ]);
    // A weekly report kept in the browser that names her (as the customer and as her profile) and the stranger.
    await storeReports(db, [keptReport], 1, 12);
  });

  const none = { review: 0, post: 0, comment: 0 };
  const keptReport = {
    week: '2026-W49', from: '2026-11-30', to: '2026-12-06', currency: 'EUR', notProfiled: 0,
    counts: { own: { review: 1, post: 0, comment: 1 }, competitor: none, other: none },
    items: [
      { personRef: 'customer:C1', name: 'Janneke bakt brood', link: 'https://www.instagram.com/janneke.vd/p/1/', about: 'own', type: 'comment', date: '2026-12-01' },
      { personRef: 'profile:instagram:stranger', name: 'Name stranger', link: 'https://www.instagram.com/p/abc/', about: 'own', type: 'review', date: '2026-12-02' },
    ],
    newDetractors: [],
    loudest: [{ personRef: 'profile:instagram:janneke.vd', name: 'Janneke bakt brood', followers: 100 }],
    changedChannel: [],
    drops: [],
    rule: {},
    actions: { open: 1, expectedValue: 10, top: [{ id: 'thank-champion|customer:C1', personRef: 'customer:C1', expectedValue: 10 }], bySegment: [] },
  } as unknown as WeeklyReport;

  it('takes her out of the weekly reports kept in the browser, and leaves the others in them', async () => {
    await erasePerson(db, 'customer:C1', { now: 20 });
    const [kept] = await db.reports.toArray();
    const text = JSON.stringify(kept);
    expect(text).not.toMatch(/janneke|bakt brood|customer:C1/i);
    expect(text).toContain('Name stranger');
    const report = kept!.report as unknown as WeeklyReport;
    expect(report.counts.own).toEqual({ review: 1, post: 0, comment: 0 });
    expect(report.actions).toMatchObject({ open: 0, expectedValue: 0, top: [] });
    // An erasure is no objection: the report does not count her among the people who must not be profiled.
    expect(report.notProfiled).toBe(0);
  });

  it('deletes her profile pages, their links in other records, her values and notes', async () => {
    const result = await erasePerson(db, 'customer:C1', { now: 20 });
    expect(result).toMatchObject({ profiles: 1, pages: 2, values: 2, notes: 1, tags: 1 });
    expect((await db.pages.toCollection().primaryKeys()).sort()).toEqual(['https://www.instagram.com/janneke.vdx/', 'https://www.instagram.com/p/abc/']);
    expect((await db.pages.get('https://www.instagram.com/p/abc/'))!.profileIds).toEqual(['instagram:stranger']);
    // The commenter on her page keeps the comment, but not the address that says whose page it was.
    const stranger = await db.profiles.get('instagram:stranger');
    expect(stranger!.seenOn).toEqual(['https://www.instagram.com/p/abc/', 'https://www.instagram.com/janneke.vdx/']);
    expect((await db.contributions.where('profileId').equals('instagram:stranger').toArray()).map((c) => c.pageUrl).sort()).toEqual([
      'https://www.instagram.com/',
      'https://www.instagram.com/janneke.vdx/',
    ]);
    expect((await db.values.toCollection().primaryKeys())).toEqual(['profile:instagram:stranger']);
    expect((await db.notes.toCollection().primaryKeys())).toEqual(['profile:instagram:stranger']);
    expect(await db.actions.toCollection().primaryKeys()).toEqual(['answer-detractor|profile:instagram:stranger']);
    const left = await everything();
    expect(left).not.toContain('instagram.com/janneke.vd/');
    // (The customer record itself stays: it is the shop's, and erasing it is a separate choice.)
    expect(left).not.toMatch(/instagram:janneke\.vd"|bakt brood|gift box/i);
  });

  it('does the same for people who expire', async () => {
    await db.matches.delete('instagram:janneke.vd');
    const result = await expireUnmatched(db, 40 * DAY, 30);
    // Both were last seen long ago; her profile pages go with her.
    expect(result).toMatchObject({ profiles: 2, pages: 2, values: 2, notes: 1 });
    expect(await db.actions.where('personRef').equals('profile:instagram:stranger').count()).toBe(0);
    expect(await db.pages.toCollection().primaryKeys()).toEqual(['https://www.instagram.com/janneke.vdx/', 'https://www.instagram.com/p/abc/']);
    expect(await db.values.toCollection().primaryKeys()).toEqual(['customer:C1']);
    expect(await everything()).not.toContain('instagram.com/janneke.vd/');
    // Expired people leave the kept reports too; the customer stays in them.
    const kept = JSON.stringify(await db.reports.toArray());
    expect(kept).not.toMatch(/profile:instagram:(stranger|janneke\.vd)|Name stranger/);
    expect(kept).toContain('customer:C1');
  });

  it('the audit entry says what was erased and when, never who', async () => {
    await db.connections.put({ connector: 'hubspot', settings: {}, secret: 'pat', connectedAt: 1 });
    await erasePerson(db, 'customer:C1', { now: 20, includeCustomerRecord: true });
    const [entry] = await db.audit.toArray();
    expect(entry).toMatchObject({ at: 20, action: 'erase', actor: 'user' });
    expect(entry!.counts).toEqual({ profiles: 1, contributions: 1, matches: 1, tags: 1, syncJobs: 0, customer: 1, pages: 2, values: 2, notes: 1, actions: 1, crmErasures: 1 });
    expect(JSON.stringify(entry)).not.toMatch(/janneke|berg|j@x\.nl|C1|instagram|gift/i);
  });

  it('queues the CRM erasure in the same transaction: if it cannot be queued, nothing is erased', async () => {
    await db.connections.put({ connector: 'hubspot', settings: {}, secret: 'pat', connectedAt: 1 });
    const fail = () => {
      throw new Error('the worker stopped');
    };
    db.syncJobs.hook('creating', fail);
    await expect(erasePerson(db, 'customer:C1', { now: 20 })).rejects.toThrow('the worker stopped');
    db.syncJobs.hook('creating').unsubscribe(fail);
    // All or nothing: still there, and erasing again queues the CRM side with the rest.
    expect(await db.profiles.get('instagram:janneke.vd')).toBeDefined();
    expect(await db.audit.count()).toBe(0);
    expect((await erasePerson(db, 'customer:C1', { now: 21 })).crmErasures).toBe(1);
    expect((await db.syncJobs.toArray()).map((j) => j.kind)).toEqual(['erase-person']);
  });

  it('keeps an earlier erasure job that is still waiting (it holds what finds the record)', async () => {
    await db.connections.put({ connector: 'hubspot', settings: {}, secret: 'pat', connectedAt: 1 });
    await db.syncJobs.put({ id: 'e1', seq: 1, connector: 'hubspot', kind: 'erase-person', personRef: 'customer:C1', idempotencyKey: 'k', payload: { customerId: 'C1', email: 'old@x.nl', tags: ['vip'] }, status: 'parked', attempts: 3, nextAttemptAt: 0, createdAt: 0, updatedAt: 0 });
    await erasePerson(db, 'customer:C1', { now: 20, includeCustomerRecord: true });
    const jobs = await db.syncJobs.toArray();
    expect(jobs.map((j) => [j.id, j.kind])).toEqual([['e1', 'erase-person'], ['job-2', 'erase-person']]);
  });
});

describe('the CRM erasure is always queued for what may have been sent', () => {
  beforeEach(async () => {
    await db.connections.put({ connector: 'hubspot', settings: {}, secret: 'pat', connectedAt: 1 });
  });

  it('with neither a sync state nor the local record left (a reconnect forgets the states)', async () => {
    expect(await enqueueErasure(db, 'customer:C9', 30)).toBe(1);
    expect((await db.syncJobs.toArray()).map((j) => [j.kind, j.payload])).toEqual([['erase-person', { customerId: 'C9', tags: [] }]]);
  });

  it('with the tags Earshot wrote and the email an earlier erasure job kept', async () => {
    await db.meta.put({ key: syncStateKey('hubspot', 'C9'), value: { crmId: '77', noted: [], sentTags: ['vip'] }, updatedAt: 1 });
    await db.syncJobs.put({ id: 'e1', seq: 1, connector: 'hubspot', kind: 'erase-person', personRef: 'customer:C9', idempotencyKey: 'k', payload: { customerId: 'C9', email: 'c9@x.nl', tags: ['old'] }, status: 'parked', attempts: 3, nextAttemptAt: 0, createdAt: 0, updatedAt: 0 });
    expect(await enqueueErasure(db, 'customer:C9', 30)).toBe(1);
    expect((await db.syncJobs.get('job-2'))!.payload).toEqual({ customerId: 'C9', email: 'c9@x.nl', tags: ['vip', 'old'] });
  });
});
