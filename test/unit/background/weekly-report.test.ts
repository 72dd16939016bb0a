import { fakeBrowser } from 'wxt/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runDueReports, WEEKLY_REPORT_ALARM, type WeeklyReportDeps } from '../../../lib/background/weekly-report';
import { lastReportedWeek, markReportSeen, reportListing, storedReport, storeReports } from '../../../lib/db/reports';
import { openStoredReport } from '../../../lib/views/reports';
import { rebuildPeople } from '../../../lib/db/people';
import type { EarshotDatabase } from '../../../lib/db/database';
import { Contribution, Profile, type Customer } from '../../../lib/model';
import type { WeeklyReport } from '../../../lib/report/weekly';
import { DEFAULT_SETTINGS, type Settings } from '../../../lib/settings';
import { deleteDatabase, openFreshDatabase } from '../fresh-db';

/** Wednesday 9 December 2026, 12:00 UTC (2026-W50): the report on 2026-W49 was due on Monday. */
const WEDNESDAY = Date.UTC(2026, 11, 9, 12);
const DAY = 86_400_000;
let db: EarshotDatabase;
let clock: number;
let settings: Settings;
let deps: WeeklyReportDeps;
let woken: number;
/** The weeks queued for delivery to the webhook, in the order queued. */
const queuedWeeks = async () => (await db.syncJobs.orderBy('seq').toArray()).filter((j) => j.kind === 'deliver-report').map((j) => String(j.payload.week));

beforeEach(async () => {
  fakeBrowser.reset();
  db = await openFreshDatabase('weekly-report');
  clock = WEDNESDAY;
  // The user chose to have each report delivered to their webhook.
  settings = { ...DEFAULT_SETTINGS, reportDelivery: { to: ['webhook'] } };
  woken = 0;
  await db.connections.put({ connector: 'webhook', settings: { url: 'https://hooks.example/earshot' }, secret: 'a-signing-secret-of-some-length', connectedAt: 0 });
  deps = { db, now: () => clock, settings: async () => settings, offsetAt: () => 60, alarms: fakeBrowser.alarms, syncQueued: () => void (woken += 1) };
  const customer: Customer = { id: 'C1', firstName: 'Janneke', handles: [], custom: {}, source: 'csv', updatedAt: 0 };
  await db.customers.put(customer);
  await db.profiles.put(Profile.parse({ id: 'trustpilot:janneke', platform: 'trustpilot', key: 'janneke', displayName: 'Janneke', firstSeenAt: 0, lastSeenAt: 0 }));
  await db.matches.put({ profileId: 'trustpilot:janneke', customerId: 'C1', status: 'confirmed', score: 1, evidence: [], decidedBy: 'user', decidedAt: 0, rejectedCustomerIds: [] });
  await db.contributions.put(
    Contribution.parse({ id: 'r1', profileId: 'trustpilot:janneke', profileKey: 'janneke', type: 'review', rating: 4, date: '2026-12-02', aboutOwnBrand: true, pageUrl: 'https://reviews.example/r1', firstSeenAt: 0, lastSeenAt: 0 }),
  );
  await rebuildPeople(db);
});
afterEach(async () => deleteDatabase(db));

describe('the weekly report by schedule', () => {
  it('makes the due report at the first start, keeps it unseen, and sets the alarm for the next Monday 09:00', async () => {
    const plan = await runDueReports(deps);
    expect(plan.make).toEqual(['2026-W49']);
    expect(await reportListing(db)).toEqual([{ week: '2026-W49', createdAt: WEDNESDAY, seen: false }]);
    expect((await openStoredReport(db, '2026-W49'))?.items.map((i) => i.personRef)).toEqual(['customer:C1']);
    expect(await queuedWeeks()).toEqual(['2026-W49']);
    expect(woken).toBe(1);
    // Monday 14 December, 09:00 in Amsterdam.
    expect(await fakeBrowser.alarms.get(WEEKLY_REPORT_ALARM)).toMatchObject({ scheduledTime: Date.UTC(2026, 11, 14, 8) });
  });

  it('makes nothing twice, and catches up the weeks missed while the browser was closed', async () => {
    await runDueReports(deps);
    clock = WEDNESDAY + DAY;
    expect((await runDueReports(deps)).make).toEqual([]);
    clock = WEDNESDAY + 21 * DAY;
    expect((await runDueReports(deps)).make).toEqual(['2026-W50', '2026-W51', '2026-W52']);
    expect(await lastReportedWeek(db)).toBe('2026-W52');
    expect(await queuedWeeks()).toEqual(['2026-W49', '2026-W50', '2026-W51', '2026-W52']);
  });

  it('announces no empty report before there is anything to report on, but sets the alarm', async () => {
    const empty = await openFreshDatabase('weekly-report-empty');
    try {
      expect(await runDueReports({ ...deps, db: empty })).toEqual({ make: [], nextAt: Date.UTC(2026, 11, 14, 8) });
      expect(await empty.reports.count()).toBe(0);
    } finally {
      await deleteDatabase(empty);
    }
  });

  it('on a settings change only moves the alarm: the report is made by its alarm or at a start', async () => {
    expect((await runDueReports(deps, { make: false })).make).toEqual([]);
    expect(await reportListing(db)).toEqual([]);
    expect(await fakeBrowser.alarms.get(WEEKLY_REPORT_ALARM)).toBeDefined();
    expect((await runDueReports(deps)).make).toEqual(['2026-W49']);
  });

  it('makes nothing and removes the alarm when switched off', async () => {
    await fakeBrowser.alarms.create(WEEKLY_REPORT_ALARM, { when: WEDNESDAY + DAY });
    settings = { ...DEFAULT_SETTINGS, weeklyReport: { ...DEFAULT_SETTINGS.weeklyReport, enabled: false } };
    expect(await runDueReports(deps)).toEqual({ make: [], nextAt: null });
    expect(await db.reports.count()).toBe(0);
    expect(await fakeBrowser.alarms.get(WEEKLY_REPORT_ALARM)).toBeUndefined();
  });
});

describe('the stored reports', () => {
  const report = (week: string) => ({ week, from: '', to: '', currency: 'EUR', notProfiled: 0, counts: {}, items: [], newDetractors: [], loudest: [], changedChannel: [], drops: [], rule: {}, actions: { open: 0, expectedValue: 0, top: [], bySegment: [] } }) as unknown as WeeklyReport;

  it('keeps the newest weeks only, and a report opened is no longer news', async () => {
    await storeReports(db, ['2026-W50', '2026-W51'].map(report), 1, 3);
    await storeReports(db, ['2026-W52', '2026-W53'].map(report), 2, 3);
    expect((await reportListing(db)).map((r) => r.week)).toEqual(['2026-W53', '2026-W52', '2026-W51']);
    expect(await markReportSeen(db, '2026-W52', 5)).toBe(true);
    expect(await markReportSeen(db, '2026-W40', 5)).toBe(false);
    expect((await reportListing(db)).filter((r) => !r.seen).map((r) => r.week)).toEqual(['2026-W53', '2026-W51']);
  });

  it('leaves out a stored record that is not a report, instead of showing it half', async () => {
    await db.reports.put({ week: '2026-W49', createdAt: 1, seenAt: null, report: { week: '2026-W49' } });
    expect(await reportListing(db)).toEqual([]);
    expect(await storedReport(db, '2026-W49')).toBeNull();
  });
});
