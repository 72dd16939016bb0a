/**
 * Satisfaction per group per channel over time: the mean rating and how many
 * ratings it rests on, per engagement segment, platform and week or month,
 * reviews about the shop's own brands apart from reviews of other things, with
 * the trend, and a drop flagged by a stated rule (DROP_RULE).
 */
import { addPeriods, addWeeks, periodKey, weekStart, type Period, type WeekKey } from '../calendar/iso-week';
import type { Platform } from '../model';
import { groupBy } from '../collections/group-by';

/** What a rating is about: the shop's own brands, or anything else (another shop, a competitor, a product of others). */
export type Subject = 'own' | 'other';

export interface Rating {
  day: number;
  segment: string;
  platform: Platform;
  rating: number;
  subject: Subject;
}

export interface Mean {
  mean: number;
  count: number;
}

export interface SeriesRow {
  segment: string;
  platform: Platform;
  subject: Subject;
  /** One per period asked for; null where nobody of the group rated there. */
  cells: (Mean | null)[];
  /** Over all the periods. */
  total: Mean;
  /** Stars per period: the count-weighted least-squares slope of the period means; null with fewer than 3 periods rated. */
  trend: number | null;
}

/**
 * The rule for flagging a drop, as the workspace and the report state it:
 * the last 4 ISO weeks (the week reported on included) against the 8 before
 * them; at least 5 ratings in each; the mean at least half a star lower; and
 * the difference at least twice its standard error (Welch's z, each group's
 * variance taken as at least 0.25, a half-star spread, so that a handful of
 * identical ratings cannot make any difference look certain).
 */
export const DROP_RULE = { recentWeeks: 4, baselineWeeks: 8, minRecent: 5, minBaseline: 5, minDrop: 0.5, minZ: 2, varianceFloor: 0.25 } as const;
export type DropRule = { [K in keyof typeof DROP_RULE]: number };

export interface Drop {
  segment: string;
  platform: Platform;
  subject: Subject;
  before: Mean;
  recent: Mean;
  /** The difference in standard errors. */
  z: number;
  /** The weeks compared: baseline from..to, recent from..to (ISO weeks, both ends included). */
  baseline: [WeekKey, WeekKey];
  recentWeeks: [WeekKey, WeekKey];
}

const groupKey = (r: Pick<Rating, 'segment' | 'platform' | 'subject'>) => `${r.segment}|${r.platform}|${r.subject}`;

const groupByGroup = (ratings: readonly Rating[]) => groupBy(ratings, groupKey);

function meanOf(values: readonly number[]): Mean {
  return { mean: values.reduce((a, b) => a + b, 0) / values.length, count: values.length };
}

/** Sample variance (n − 1); 0 for a single value. */
function variance(values: readonly number[], mean: number): number {
  if (values.length < 2) return 0;
  return values.reduce((s, v) => s + (v - mean) ** 2, 0) / (values.length - 1);
}

/** The count-weighted least-squares slope of means over equally spaced periods; null with fewer than 3 rated periods. */
export function weightedSlope(cells: readonly (Mean | null)[]): number | null {
  const points = cells.flatMap((c, i) => (c ? [{ x: i, y: c.mean, w: c.count }] : []));
  if (points.length < 3) return null;
  const w = points.reduce((s, p) => s + p.w, 0);
  const mx = points.reduce((s, p) => s + p.w * p.x, 0) / w;
  const my = points.reduce((s, p) => s + p.w * p.y, 0) / w;
  const sxx = points.reduce((s, p) => s + p.w * (p.x - mx) ** 2, 0);
  const sxy = points.reduce((s, p) => s + p.w * (p.x - mx) * (p.y - my), 0);
  return sxx === 0 ? null : sxy / sxx;
}

/** The periods ending with `last`, `count` of them, oldest first. */
export function periodsEndingWith(period: Period, last: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => addPeriods(period, last, i - count + 1));
}

/** Mean rating per segment, platform and subject in each period, with the trend. Groups are ordered by segment order, then most rated. */
export function satisfactionSeries(ratings: readonly Rating[], period: Period, periods: readonly string[], segmentOrder: readonly string[] = []): SeriesRow[] {
  const index = new Map(periods.map((p, i) => [p, i]));
  const rows: SeriesRow[] = [];
  for (const group of groupByGroup(ratings).values()) {
    const buckets: number[][] = periods.map(() => []);
    for (const r of group) {
      const i = index.get(periodKey(period, r.day));
      if (i !== undefined) buckets[i]!.push(r.rating);
    }
    const all = buckets.flat();
    if (all.length === 0) continue;
    const cells = buckets.map((b) => (b.length > 0 ? meanOf(b) : null));
    const { segment, platform, subject } = group[0]!;
    rows.push({ segment, platform, subject, cells, total: meanOf(all), trend: weightedSlope(cells) });
  }
  const order = (s: string) => (segmentOrder.includes(s) ? segmentOrder.indexOf(s) : segmentOrder.length);
  return rows.sort((a, b) => order(a.segment) - order(b.segment) || b.total.count - a.total.count || (a.platform < b.platform ? -1 : 1) || (a.subject < b.subject ? -1 : 1));
}

/** Groups whose ratings dropped by the rule, for the week ending the recent window; the largest drops first. */
export function satisfactionDrops(ratings: readonly Rating[], lastWeek: WeekKey, rule: DropRule = DROP_RULE): Drop[] {
  const recentFrom = addWeeks(lastWeek, -(rule.recentWeeks - 1));
  const baselineFrom = addWeeks(recentFrom, -rule.baselineWeeks);
  const baselineTo = addWeeks(recentFrom, -1);
  const [b0, r0, end] = [weekStart(baselineFrom), weekStart(recentFrom), weekStart(lastWeek) + 7];
  const drops: Drop[] = [];
  for (const group of groupByGroup(ratings).values()) {
    const before = group.filter((r) => r.day >= b0 && r.day < r0).map((r) => r.rating);
    const recent = group.filter((r) => r.day >= r0 && r.day < end).map((r) => r.rating);
    if (before.length < rule.minBaseline || recent.length < rule.minRecent) continue;
    const [b, r] = [meanOf(before), meanOf(recent)];
    const difference = b.mean - r.mean;
    if (difference < rule.minDrop) continue;
    const se = Math.sqrt(Math.max(variance(before, b.mean), rule.varianceFloor) / b.count + Math.max(variance(recent, r.mean), rule.varianceFloor) / r.count);
    const z = difference / se;
    if (z < rule.minZ) continue;
    const { segment, platform, subject } = group[0]!;
    drops.push({ segment, platform, subject, before: b, recent: r, z, baseline: [baselineFrom, baselineTo], recentWeeks: [recentFrom, lastWeek] });
  }
  return drops.sort((a, b) => b.before.mean - b.recent.mean - (a.before.mean - a.recent.mean));
}
