/**
 * The omnichannel views over IndexedDB: the people as the weekly report reads
 * them (directory row, segment, contributions, orders), the segment heatmap,
 * one person's weekly timeline, and the weekly report itself. Customers who
 * must not be profiled are counted and left out.
 */
import type { EarshotDatabase } from '../db/database';
import { addWeeks, dayOfTime, weekDateRange, weekKey, weeksBetween, type WeekKey } from '../calendar/iso-week';
import { contributionEvent, orderEvent, type ActivityEvent } from '../omni/activity';
import { segmentHeatmap, weeklyTimeline, type Heatmap, type Timeline } from '../omni/timeline';
import { buildWeeklyReport, ratingsOf, type ReportPerson, type WeeklyReport } from '../report/weekly';
import { DROP_RULE, periodsEndingWith, satisfactionDrops, satisfactionSeries, type Drop, type SeriesRow } from '../omni/satisfaction';
import { periodKey, type Period } from '../calendar/iso-week';
import { reportContribution } from '../report/people';
import { groupBy } from '../collections/group-by';
import { ENGAGEMENT_SEGMENTS } from '../value/types';
import type { ValueSettings } from '../value/settings';
import { customerRef, parsePersonRef, type Order } from '../model';
import { valueColumns } from './insights';

export type OmniSettings = Pick<ValueSettings, 'competitorBrands' | 'detractorMaxRating' | 'currency'>;

/**
 * Everyone the report may name, with what they wrote and bought; and how many
 * must not be profiled. Given a week, only those that week's report can name:
 * anyone who wrote something, and customers who ordered in it (found through
 * the orders' date index, so the other customers' orders are never read).
 */
export async function reportPeople(db: EarshotDatabase, settings: Pick<OmniSettings, 'competitorBrands'>, week?: WeekKey): Promise<{ people: ReportPerson[]; notProfiled: number }> {
  const [rows, columns, profiles, contributions, orderedInWeek] = await Promise.all([
    db.people.toArray(),
    valueColumns(db),
    db.profiles.toArray(),
    db.contributions.toArray(),
    week === undefined ? null : customersOrderingIn(db, week),
  ]);
  const wanted = orderedInWeek ? rows.filter((r) => r.status !== 'not-profiled' && (r.profileIds.length > 0 || orderedInWeek.has(r.ref))) : rows;
  const orders = orderedInWeek
    ? await db.orders
        .where('customerId')
        .anyOf(wanted.flatMap((r) => (r.kind === 'customer' ? [parsePersonRef(r.ref)?.id ?? ''] : [])))
        .toArray()
    : await db.orders.toArray();
  const platformOf = new Map(profiles.map((p) => [p.id, p.platform]));
  const byProfile = groupBy(contributions, (c) => c.profileId);
  const byCustomer = groupBy(orders, (o) => o.customerId);
  const notProfiled = rows.filter((r) => r.status === 'not-profiled').length;
  const people: ReportPerson[] = [];
  for (const row of wanted) {
    if (row.status === 'not-profiled') continue;
    const id = parsePersonRef(row.ref)?.id ?? '';
    const value = columns.get(row.ref);
    people.push({
      personRef: row.ref,
      name: row.name,
      customer: row.kind === 'customer',
      segment: value?.segment ?? null,
      followers: row.followers ?? 0,
      influence: value?.influence ?? 0,
      contributions: row.profileIds.flatMap((pid) => {
        const platform = platformOf.get(pid);
        return platform ? (byProfile.get(pid) ?? []).map((c) => reportContribution(c, platform, settings.competitorBrands)) : [];
      }),
      orders: row.kind === 'customer' ? (byCustomer.get(id) ?? []) : [],
    });
  }
  return { people, notProfiled };
}

/** The people-directory refs of customers with an order dated in the week. */
async function customersOrderingIn(db: EarshotDatabase, week: WeekKey): Promise<Set<string>> {
  const { from, until } = weekDateRange(week);
  const ids = await db.orders.where('date').between(from, until, true, false).toArray((orders) => orders.map((o) => o.customerId));
  return new Set(ids.map(customerRef));
}

/** The weekly report from what this browser holds. */
export async function weeklyReportOf(db: EarshotDatabase, week: WeekKey, settings: OmniSettings, now: number): Promise<WeeklyReport> {
  const [{ people, notProfiled }, actions] = await Promise.all([reportPeople(db, settings, week), db.actions.toArray()]);
  return buildWeeklyReport({ week, people, actions, detractorMaxRating: settings.detractorMaxRating, notProfiled, currency: settings.currency, now });
}

/** Every event of a person: their contributions on their platforms, and their orders. */
export function activityOf(person: Pick<ReportPerson, 'contributions' | 'orders'>): ActivityEvent[] {
  return [...person.contributions.flatMap((c) => contributionEvent(c, c.platform) ?? []), ...person.orders.flatMap((o) => orderEvent(o) ?? [])];
}

/** The weeks ending with the current one. */
export function recentWeeks(now: number, count: number): WeekKey[] {
  const last = weekKey(dayOfTime(now));
  return weeksBetween(addWeeks(last, -(count - 1)), last);
}

/** Segment × channel × week: how many people of each segment were active where. */
export async function heatmapOf(db: EarshotDatabase, weeks: readonly WeekKey[]): Promise<Heatmap> {
  const { people } = await reportPeople(db, { competitorBrands: [] });
  const placed = people.flatMap((p) => (p.segment ? [{ person: p.personRef, segment: p.segment, events: activityOf(p) }] : []));
  return segmentHeatmap(placed, weeks, ENGAGEMENT_SEGMENTS);
}

/**
 * One person's channels week by week: `count` ISO weeks ending with the week
 * of their latest activity (the current week at the latest), so someone quiet
 * lately still shows where they were. Read by their directory row's profiles
 * and their orders only.
 */
export async function personTimeline(db: EarshotDatabase, ref: string, count: number, now: number): Promise<Timeline> {
  const current = weekKey(dayOfTime(now));
  const row = await db.people.get(ref);
  const parsed = parsePersonRef(ref);
  if (!row || !parsed || row.status === 'not-profiled') return weeklyTimeline([], { first: addWeeks(current, -(count - 1)), last: current });
  const [profiles, contributions, orders] = await Promise.all([
    db.profiles.bulkGet(row.profileIds),
    db.contributions.where('profileId').anyOf(row.profileIds).toArray(),
    parsed.kind === 'customer' ? db.orders.where('customerId').equals(parsed.id).toArray() : Promise.resolve([] as Order[]),
  ]);
  const platformOf = new Map(profiles.flatMap((p) => (p ? [[p.id, p.platform] as const] : [])));
  const events = activityOf({
    contributions: contributions.flatMap((c) => {
      const platform = platformOf.get(c.profileId);
      return platform ? [reportContribution(c, platform, [])] : [];
    }),
    orders,
  });
  const today = dayOfTime(now);
  const latest = events.reduce((d, e) => (e.day <= today ? Math.max(d, e.day) : d), -Infinity);
  const last = Number.isFinite(latest) ? weekKey(latest) : current;
  return weeklyTimeline(events, { first: addWeeks(last, -(count - 1)), last });
}

export interface SatisfactionView {
  period: Period;
  /** The periods shown, oldest first (the current one last). */
  periods: string[];
  rows: SeriesRow[];
  /** Drops by DROP_RULE for the weeks ending with the current one. */
  drops: Drop[];
  rule: typeof DROP_RULE;
}

/** Satisfaction per segment per platform over the last `count` weeks or months, with the drops the rule flags now. */
export async function satisfactionOf(db: EarshotDatabase, period: Period, count: number, now: number): Promise<SatisfactionView> {
  const { people } = await reportPeople(db, { competitorBrands: [] });
  const ratings = ratingsOf(people);
  const today = dayOfTime(now);
  const periods = periodsEndingWith(period, periodKey(period, today), count);
  return { period, periods, rows: satisfactionSeries(ratings, period, periods, ENGAGEMENT_SEGMENTS), drops: satisfactionDrops(ratings, weekKey(today)), rule: DROP_RULE };
}
