/**
 * The weekly report delivered (issue 21): off by default; when chosen, each
 * week's report goes once to the webhook (a `report.weekly` event with its
 * data and page), HubSpot (a task for the owner) or Pipedrive (an activity),
 * through the outbox against the stand-in CRM: retried after a 5xx, never
 * twice for one week, and never naming a customer who must not be profiled.
 */
import { fakeBrowser } from 'wxt/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EarshotDatabase } from '../../../lib/db/database';
import { openFreshDatabase } from '../fresh-db';
import { rebuildPeople } from '../../../lib/db/people';
import { recordObjection } from '../../../lib/db/opt-out';
import { enqueueReportDeliveries } from '../../../lib/db/report-delivery';
import { runDueReports } from '../../../lib/background/weekly-report';
import { storedReport } from '../../../lib/db/reports';
import { openStoredReport } from '../../../lib/views/reports';
import { REPORT_MARKER, reportDeliveryKey } from '../../../lib/crm/report-delivery';
import { createHubSpotConnector } from '../../../lib/crm/connectors/hubspot';
import { Contribution, Profile, type Customer } from '../../../lib/model';
import type { WeeklyReport } from '../../../lib/report/weekly';
import { DEFAULT_SETTINGS, type Settings } from '../../../lib/settings';
import { startCrmServer, type CrmServer } from '../../crm-server/server';
import { anna, endServerAndDatabase, httpDeps, janneke, outboxOnClock } from './fixtures';

/** Wednesday 9 December 2026, 12:00 UTC: the report on 2026-W49 was due on Monday. */
const WEDNESDAY = Date.UTC(2026, 11, 9, 12);
const WEEK = 7 * 86_400_000;
const SECRET = 'whsec-test-0123456789abcdef';

let db: EarshotDatabase;
let server: CrmServer;
let clock: number;

const outbox = () => outboxOnClock(db, () => clock, (ms) => (clock += ms));
const reportEvents = () => Object.values(server.state.webhook.events).filter((e) => e.event.type === 'report.weekly');
const make = (to: Settings['reportDelivery']['to']) =>
  runDueReports({ db, now: () => clock, settings: async () => ({ ...DEFAULT_SETTINGS, reportDelivery: { to } }), offsetAt: () => 60, alarms: fakeBrowser.alarms });

/** A customer with a Trustpilot review of the shop in week 49, linked to their profile. */
async function reviewer(customer: Customer, key: string, date: string, rating: number) {
  await db.customers.put(customer);
  await db.profiles.put(Profile.parse({ id: `trustpilot:${key}`, platform: 'trustpilot', key, displayName: `${customer.firstName} ${customer.lastName}`, firstSeenAt: 0, lastSeenAt: 0 }));
  await db.matches.put({ profileId: `trustpilot:${key}`, customerId: customer.id, status: 'confirmed', score: 1, evidence: [], decidedBy: 'user', decidedAt: 0, rejectedCustomerIds: [] });
  await db.contributions.put(Contribution.parse({ id: `r-${key}`, profileId: `trustpilot:${key}`, profileKey: key, type: 'review', rating, date, aboutOwnBrand: true, text: `Review by ${customer.firstName}`, pageUrl: `https://reviews.example/${key}`, firstSeenAt: 0, lastSeenAt: 0 }));
}

beforeEach(async () => {
  fakeBrowser.reset();
  clock = WEDNESDAY;
  server = await startCrmServer({ now: () => clock });
  db = await openFreshDatabase('report-delivery');
  await reviewer(janneke, 'janneke', '2026-12-02', 5);
  await reviewer(anna, 'anna', '2026-12-03', 2);
  await rebuildPeople(db);
  await db.connections.put({ connector: 'webhook', settings: { url: `${server.url}/hooks/earshot` }, secret: SECRET, connectedAt: 0 });
});

afterEach(() => endServerAndDatabase(server, db));

describe('delivering the weekly report', () => {
  it('sends nothing while the user has not chosen where to (the default)', async () => {
    expect(DEFAULT_SETTINGS.reportDelivery.to).toEqual([]);
    expect((await make([])).make).toEqual(['2026-W49']);
    expect(await db.syncJobs.count()).toBe(0);
    await outbox().settle();
    expect(server.requests).toHaveLength(0);
  });

  it('delivers the week to the webhook once, as a signed report.weekly event with its data and page, however often it is queued', async () => {
    await make(['webhook']);
    expect((await outbox().settle()).parkedTotal).toBe(0);
    const [event] = reportEvents();
    expect(reportEvents()).toHaveLength(1);
    expect(event!.event).toMatchObject({ id: reportDeliveryKey('2026-W49'), week: '2026-W49' });
    const report = event!.event.report as WeeklyReport;
    expect(report.items.map((i) => i.personRef).sort()).toEqual([`customer:${janneke.id}`, `customer:${anna.id}`]);
    expect(event!.event.html).toContain('Weekly report, 2026-W49');
    expect(event!.event.html).toContain('Review by Janneke');

    // Queued again (the report made again for the same week, or a second start): not sent again.
    const stored = (await storedReport(db, '2026-W49'))!.report as unknown as WeeklyReport;
    expect(await enqueueReportDeliveries(db, [stored], { to: ['webhook'] }, clock)).toBe(0);
    await outbox().settle();
    expect(server.writes('webhook.report.weekly')).toBe(1);
    expect(Object.values(server.state.webhook.events).filter((e) => e.event.type === 'report.weekly').map((e) => e.deliveries)).toEqual([1]);
  });

  it('tries again after a 5xx, with the back-off, and the week arrives once', async () => {
    server.inject({ kind: '503', match: 'deliverEvents' });
    await make(['webhook']);
    const first = await outbox().drain();
    expect(first.retrying).toBe(1);
    expect(reportEvents()).toHaveLength(0);
    const [waiting] = await db.syncJobs.toArray();
    expect(waiting).toMatchObject({ kind: 'deliver-report', status: 'pending', attempts: 1 });
    expect(waiting!.nextAttemptAt).toBeGreaterThan(clock);
    expect((await outbox().settle()).parkedTotal).toBe(0);
    expect(reportEvents()).toHaveLength(1);
    expect(await db.syncJobs.count()).toBe(0);

    // The next week is its own delivery.
    clock = WEDNESDAY + WEEK;
    expect((await make(['webhook'])).make).toEqual(['2026-W50']);
    await outbox().settle();
    expect(reportEvents().map((e) => e.event.week).sort()).toEqual(['2026-W49', '2026-W50']);
  });

  it('leaves out a customer who objected after the report was made and before it was sent', async () => {
    await make(['webhook']);
    await recordObjection(db, janneke.id, clock);
    await outbox().settle();
    const [event] = reportEvents();
    const report = event!.event.report as WeeklyReport;
    expect(JSON.stringify(report)).not.toContain(janneke.id);
    expect(report.items.map((i) => i.personRef)).toEqual([`customer:${anna.id}`]);
    expect(report.notProfiled).toBe(1);
    expect(report.counts.own.review).toBe(1);
    expect(event!.event.html).not.toContain('Janneke');
    expect(event!.event.html).toContain('Review by Анна');
  });

  it('takes a customer who objects out of the reports already kept, so the workspace no longer shows them either', async () => {
    await make([]);
    expect(JSON.stringify(await openStoredReport(db, '2026-W49'))).toContain(janneke.id);
    await recordObjection(db, janneke.id, clock);
    const kept = (await openStoredReport(db, '2026-W49'))!;
    expect(JSON.stringify(kept)).not.toContain(janneke.id);
    expect(kept.items.map((i) => i.personRef)).toEqual([`customer:${anna.id}`]);
    expect(kept.notProfiled).toBe(1);
  });

  it("gives HubSpot's owner a task and Pipedrive's an activity, about no contact, with the week's figures", async () => {
    await createHubSpotConnector({ settings: { baseUrl: server.url }, secret: 'pat-test-token' }, httpDeps()).connect();
    await db.connections.put({ connector: 'hubspot', settings: { baseUrl: server.url, reportOwner: '4242' }, secret: 'pat-test-token', connectedAt: 0 });
    await db.connections.put({ connector: 'pipedrive', settings: { baseUrl: server.url }, secret: 'pd-test-token', connectedAt: 0 });
    await make(['hubspot', 'pipedrive']);
    expect((await outbox().settle()).parkedTotal).toBe(0);
    expect(reportEvents()).toHaveLength(0);

    const [task] = Object.values(server.state.hubspot.tasks ?? {});
    expect(Object.values(server.state.hubspot.tasks ?? {})).toHaveLength(1);
    expect(task!.contactIds).toEqual([]);
    expect(task!.properties).toMatchObject({ hs_task_subject: 'Weekly report, 2026-W49', hs_task_status: 'NOT_STARTED', hubspot_owner_id: '4242' });
    expect(task!.properties.hs_task_body).toContain('About your brands: Reviews 2 · posts 0 · comments 0');
    expect(task!.properties.hs_task_body).toContain(`${REPORT_MARKER}${reportDeliveryKey('2026-W49')}`);

    const [activity] = Object.values(server.state.pipedrive.activities ?? {});
    expect(Object.values(server.state.pipedrive.activities ?? {})).toHaveLength(1);
    expect(activity).toMatchObject({ subject: 'Weekly report, 2026-W49', type: 'task', done: false, person_id: null, due_date: '2026-12-09' });
    expect(activity!.note).toContain('Reviews 2');

    // Delivered: the week is not queued for either again.
    const stored = (await storedReport(db, '2026-W49'))!.report as unknown as WeeklyReport;
    expect(await enqueueReportDeliveries(db, [stored], { to: ['hubspot', 'pipedrive'] }, clock)).toBe(0);
  });
});
