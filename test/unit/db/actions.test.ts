import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { changeAction, refreshActions, SNOOZE_MS } from '../../../lib/db/actions';
import { rebuildPeople } from '../../../lib/db/people';
import { valueRecords } from '../../../lib/value';
import { personTimeline, reportPeople, weeklyReportOf } from '../../../lib/views/omni';
import { buildWeeklyReport } from '../../../lib/report/weekly';
import { DEFAULT_VALUE_SETTINGS } from '../../../lib/value/settings';
import type { EarshotDatabase } from '../../../lib/db/database';
import { Contribution, Profile, type Customer, type Match } from '../../../lib/model';
import { customer, profile } from '../actions/people';
import { deleteDatabase, openFreshDatabase } from '../fresh-db';

const NOW = Date.UTC(2026, 11, 7, 9);
const settings = { ...DEFAULT_VALUE_SETTINGS, competitorBrands: ['Zalando'] };
let db: EarshotDatabase;

const cust = (id: string, extra: Partial<Customer> = {}): Customer => ({ id, firstName: id, handles: [], custom: {}, source: 'csv', updatedAt: NOW, ...extra });
const prof = (id: string, platform: Profile['platform']): Profile => Profile.parse({ id, platform, key: id, handle: id, displayName: `@${id}`, followers: 1500, firstSeenAt: NOW, lastSeenAt: NOW });
const link = (profileId: string, status: Match['status']): Match => ({ profileId, customerId: 'C1', status, score: 1, evidence: [], decidedBy: 'matcher', decidedAt: NOW, rejectedCustomerIds: [] });
const contribution = (id: string, profileId: string, date: string, extra: Partial<Contribution> = {}): Contribution =>
  Contribution.parse({ id, profileId, profileKey: profileId, type: 'review', rating: 5, date, aboutOwnBrand: true, pageUrl: `https://reviews.example/${id}`, firstSeenAt: NOW, lastSeenAt: NOW, ...extra });

beforeEach(async () => {
  db = await openFreshDatabase('actions');
  await db.customers.bulkPut([cust('C1'), cust('C2'), cust('NP', { doNotProfile: true })]);
  await db.profiles.bulkPut([prof('tp:c1', 'trustpilot'), prof('ig:c1', 'instagram'), prof('tp:np', 'trustpilot')]);
  await db.matches.bulkPut([link('tp:c1', 'confirmed'), link('ig:c1', 'auto')]);
  await db.contributions.bulkPut([
    contribution('r1', 'tp:c1', '2026-12-01'),
    contribution('p1', 'ig:c1', '2026-11-20', { type: 'post', rating: undefined, aboutOwnBrand: false, text: 'my Zalando coat' }),
    contribution('r2', 'tp:np', '2026-12-02', { rating: 1 }),
  ]);
  await db.orders.bulkPut([
    { id: 'o1', customerId: 'C1', date: '2026-10-01', amount: 50, currency: 'EUR', channel: 'store' },
    { id: 'o2', customerId: 'C1', date: '2026-12-03', amount: 50, currency: 'EUR', channel: 'webshop' },
    { id: 'o3', customerId: 'NP', date: '2026-12-03', amount: 50, currency: 'EUR', channel: 'webshop' },
  ]);
  await db.values.bulkPut(valueRecords({ customers: [customer('C1', { segment: 'champions', net: 1000, engagementValue: 1000 }), customer('C2', { segment: 'negative-value', net: -80, orders: 5, refunds: 3 })], profiles: [profile('tp:np', { segment: 'misers' })] }));
  await rebuildPeople(db);
});
afterEach(async () => deleteDatabase(db));

describe('the to-do list in IndexedDB', () => {
  it('is made from the stored values and what people wrote, and keeps done and snoozed across refreshes', async () => {
    expect(await refreshActions(db, settings, NOW)).toEqual({ stored: 4, removed: 0 });
    const ids = (await db.actions.orderBy('id').primaryKeys()).sort();
    expect(ids).toEqual(['ask-testimonial|customer:C1', 'keep-from-competitor|customer:C1', 'reconsider-terms|customer:C2', 'thank-champion|customer:C1']);
    await changeAction(db, 'thank-champion|customer:C1', 'done', NOW + 1);
    const snoozed = await changeAction(db, 'reconsider-terms|customer:C2', 'snooze', NOW + 1);
    expect(snoozed).toMatchObject({ status: 'snoozed', snoozedUntil: NOW + 1 + SNOOZE_MS });
    // C2 is valued again, no longer of negative value: their snoozed action goes; C1's done one stays done.
    await db.values.bulkPut(valueRecords({ customers: [customer('C2', { segment: 'misers' })], profiles: [] }));
    expect(await refreshActions(db, settings, NOW + 2)).toEqual({ stored: 3, removed: 1 });
    expect((await db.actions.get('thank-champion|customer:C1'))!.status).toBe('done');
    expect(await changeAction(db, 'thank-champion|customer:C1', 'reopen', NOW + 3)).toMatchObject({ status: 'open' });
    await expect(changeAction(db, 'nothing|customer:C9', 'done', NOW)).rejects.toThrow('No action "nothing|customer:C9"');
  });
});

describe('the omnichannel views', () => {
  it('leave out a customer who must not be profiled (counted), and place the others', async () => {
    const { people, notProfiled } = await reportPeople(db, settings);
    expect(notProfiled).toBe(1);
    expect(people.map((p) => p.personRef).sort()).toEqual(['customer:C1', 'customer:C2', 'profile:tp:np']);
    const c1 = people.find((p) => p.personRef === 'customer:C1')!;
    expect(c1).toMatchObject({ segment: 'champions', customer: true });
    expect(c1.contributions.find((c) => c.type === 'post')).toMatchObject({ competitor: 'Zalando', platform: 'instagram' });
    const report = await weeklyReportOf(db, '2026-W49', settings, NOW);
    expect(report.notProfiled).toBe(1);
    expect(report.changedChannel.map((c) => c.person)).toEqual(['customer:C1']);
    expect(report.items.map((i) => i.personRef)).toEqual(['customer:C1']);
  });

  it('read only the people one week can name for that week\'s report, which is the same as from everyone', async () => {
    await db.customers.put(cust('C3'));
    await db.orders.bulkPut([
      { id: 'o4', customerId: 'C3', date: '2026-11-10', amount: 20, currency: 'EUR', channel: 'store' },
      { id: 'o5', customerId: 'C3', date: '2026-12-04T18:30:00', amount: 20, currency: 'EUR', channel: 'marketplace' },
    ]);
    await rebuildPeople(db);
    const { people } = await reportPeople(db, settings, '2026-W49');
    // C2 wrote nothing and bought nothing that week; C3 bought only, through a new channel.
    expect(people.map((p) => p.personRef).sort()).toEqual(['customer:C1', 'customer:C3', 'profile:tp:np']);
    const everyone = await reportPeople(db, settings);
    const fromEveryone = buildWeeklyReport({ week: '2026-W49', people: everyone.people, actions: [], detractorMaxRating: 2.5, notProfiled: everyone.notProfiled, currency: 'EUR', now: NOW });
    const report = await weeklyReportOf(db, '2026-W49', { ...settings, detractorMaxRating: 2.5, currency: 'EUR' }, NOW);
    expect(report.changedChannel.map((c) => c.person)).toEqual(['customer:C1', 'customer:C3']);
    expect(report).toEqual(fromEveryone);
  });

  it('give one person their channels week by week; nothing for a customer who must not be profiled', async () => {
    // Three weeks ending with their latest activity (2026-W49), though it is 2027 now.
    const t = await personTimeline(db, 'customer:C1', 3, Date.UTC(2027, 1, 1));
    expect(t.weeks).toEqual(['2026-W47', '2026-W48', '2026-W49']);
    expect(t.channels).toEqual(['order:webshop', 'platform:instagram', 'platform:trustpilot']);
    expect(t.cells.get('platform:trustpilot|2026-W49')).toMatchObject({ reviews: 1, rated: 1, ratingSum: 5 });
    expect(t.outside).toBe(1);
    expect((await personTimeline(db, 'customer:NP', 3, NOW)).channels).toEqual([]);
  });
});
