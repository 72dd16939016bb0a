/**
 * The weekly report and a person's channel timeline at shop scale: 100,000
 * sample customers (lib/sample/crm.ts, orders given a sales channel) and
 * 20,000 captured people with 1-5 reviews or posts each, a tenth of them linked
 * to a customer. The report is timed as `earshot report` makes it from its
 * records (people assembled, next best actions proposed, the report built, the
 * page printed), after the values are computed (not timed: that is
 * `npm run bench -- --only value`). The timeline is timed from IndexedDB
 * (fake-indexeddb, as in the unit tests) for 50 people, median and worst.
 */
import 'fake-indexeddb/auto';
import { actionsFor } from '../lib/actions/rules';
import { refreshTodo } from '../lib/actions/todo';
import { weekStart } from '../lib/calendar/iso-week';
import { EarshotDatabase } from '../lib/db/database';
import { rebuildPeople } from '../lib/db/people';
import { profileId, type Contribution, type Match, type Platform, type Profile } from '../lib/model';
import { reportPeopleFromRecords } from '../lib/report/people';
import { buildWeeklyReport } from '../lib/report/weekly';
import { renderWeeklyHtml } from '../lib/report/weekly-html';
import { Random } from '../lib/sample/random';
import { generateSampleCrm, SAMPLE_DEFAULTS } from '../lib/sample/crm';
import { parseLocaleFile } from '../lib/ui/locale-file';
import { createText } from '../lib/ui/text';
import { computeValues } from '../lib/value';
import { personTimeline } from '../lib/views/omni';
import { readFileSync } from 'node:fs';

const round = (n: number, digits: number) => Math.round(n * 10 ** digits) / 10 ** digits;
const ms = (from: number) => round(performance.now() - from, 1);
const WEEK = '2026-W43';
const PLATFORMS: Platform[] = ['trustpilot', 'instagram', 'tiktok', 'google', 'youtube'];
const CHANNELS = ['webshop', 'store', 'marketplace'];

function captured(count: number, customerIds: readonly string[], rng: Random) {
  const asOf = Date.parse(`${SAMPLE_DEFAULTS.asOf}T00:00:00Z`);
  const profiles: Profile[] = [];
  const contributions: Contribution[] = [];
  const matches: Match[] = [];
  for (let i = 0; i < count; i++) {
    const platform = PLATFORMS[i % PLATFORMS.length]!;
    const key = `p${i}`;
    const id = profileId(platform, key);
    profiles.push({ id, platform, key, displayName: `Person ${i}`, followers: Math.round(10 ** rng.next() * 4), firstSeenAt: asOf, lastSeenAt: asOf, seenOn: [] } as Profile);
    for (let k = rng.int(1, 5); k > 0; k--) {
      const review = platform === 'trustpilot' || platform === 'google';
      contributions.push({
        id: `${id}#${k}`,
        profileId: id,
        profileKey: key,
        type: review ? 'review' : 'post',
        ...(review ? { rating: rng.int(1, 5) } : {}),
        date: new Date(asOf - rng.int(1, 400) * 86_400_000).toISOString().slice(0, 10),
        text: 'Sample text about Groen & Gezond',
        aboutOwnBrand: rng.chance(0.6),
        pageUrl: `https://reviews.example/${platform}/${i}`,
        firstSeenAt: asOf,
        lastSeenAt: asOf,
      } as Contribution);
    }
    if (i % 10 === 0) matches.push({ profileId: id, customerId: customerIds[(i * 7) % customerIds.length]!, score: 0.99, status: 'auto', evidence: [], decidedBy: 'matcher', decidedAt: asOf, rejectedCustomerIds: [] });
  }
  return { profiles, contributions, matches };
}

async function measure(customerCount: number, capturedCount: number) {
  const rng = new Random(49);
  const crm = generateSampleCrm({ customers: customerCount });
  const customers = crm.customers.map((c) => c.customer);
  const orders = crm.orders.map((o, i) => ({ ...o, channel: CHANNELS[i % 7 === 0 ? 1 : i % 11 === 0 ? 2 : 0]! }));
  const { profiles, contributions, matches } = captured(capturedCount, customers.map((c) => c.id), rng);
  const run = computeValues({ customers, orders, profiles, contributions, matches }, {}, SAMPLE_DEFAULTS.asOf);
  const text = createText('en', parseLocaleFile(readFileSync(new URL('../locales/en.yml', import.meta.url), 'utf8')));

  const reportTimes: number[] = [];
  // CPU time beside wall time: on a shared machine the wall time says as much about the others' load as about this code.
  const reportCpu: number[] = [];
  let figures: Record<string, number> = {};
  for (let i = 0; i < 3; i++) {
    const t = performance.now();
    const cpu = process.cpuUsage();
    const { people, forActions, notProfiled } = reportPeopleFromRecords({ customers, orders, profiles, contributions, matches, values: new Map(run.customers.map((v) => [v.customerId, v])), competitorBrands: ['Natuurwinkel'], week: WEEK });
    const context = { asOfDay: weekStart(WEEK) + 6, currency: 'EUR', competitorBrands: ['Natuurwinkel'], knowledgeValuePerReview: 5 };
    const actions = refreshTodo([], forActions.flatMap((p) => actionsFor(p, context)), Date.now()).put;
    const report = buildWeeklyReport({ week: WEEK, people, actions, detractorMaxRating: 2.5, notProfiled, currency: 'EUR', now: Date.now() });
    const html = renderWeeklyHtml(report, text, Date.now());
    reportTimes.push(ms(t));
    const used = process.cpuUsage(cpu);
    reportCpu.push(round((used.user + used.system) / 1000, 1));
    figures = { people: people.length, actions: actions.length, items: report.items.length, changedChannel: report.changedChannel.length, drops: report.drops.length, htmlBytes: html.length };
  }

  // The timeline from IndexedDB: the captured people, their contributions and the linked customers' orders.
  const db = new EarshotDatabase(`bench-omni-${Math.random()}`);
  await db.open();
  const linkedIds = new Set(matches.map((m) => m.customerId!));
  await db.customers.bulkPut(customers.filter((c) => linkedIds.has(c.id)));
  await db.orders.bulkPut(orders.filter((o) => linkedIds.has(o.customerId)));
  await db.profiles.bulkPut(profiles);
  await db.contributions.bulkPut(contributions);
  await db.matches.bulkPut(matches);
  await rebuildPeople(db);
  const refs = [...linkedIds].slice(0, 25).map((id) => `customer:${id}`).concat(profiles.slice(1, 26).map((p) => `profile:${p.id}`));
  const timelineTimes: number[] = [];
  for (const ref of refs) {
    const t = performance.now();
    await personTimeline(db, ref, 12, Date.parse('2026-11-01T00:00:00Z'));
    timelineTimes.push(ms(t));
  }
  db.close();
  await db.delete();
  timelineTimes.sort((a, b) => a - b);
  return {
    customers: customerCount,
    captured: capturedCount,
    contributions: contributions.length,
    orders: orders.length,
    reportMs: { first: reportTimes[0], best: Math.min(...reportTimes) },
    reportCpuMs: { first: reportCpu[0], best: Math.min(...reportCpu) },
    ...figures,
    timelineMs: { median: timelineTimes[Math.floor(timelineTimes.length / 2)], worst: timelineTimes.at(-1), people: timelineTimes.length },
  };
}

export async function run({ quick }: { quick: boolean }): Promise<Record<string, unknown>> {
  return quick ? { small: await measure(5_000, 2_000) } : { large: await measure(100_000, 20_000) };
}
