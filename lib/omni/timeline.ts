/**
 * Week-by-week channel activity: for one person (their timeline), and for
 * segments (the heatmap of segment × platform × week, counting the people
 * active there each week).
 */
import { weekKey, weeksBetween, type WeekKey } from '../calendar/iso-week';
import type { ActivityEvent, ActivityKind, ChannelKey } from './activity';

export interface WeekCell {
  reviews: number;
  posts: number;
  comments: number;
  orders: number;
  /** Sum and number of ratings, for the mean. */
  ratingSum: number;
  rated: number;
}

export interface Timeline {
  /** Every week from the first to the last asked for (or with activity), in order. */
  weeks: WeekKey[];
  /** Channels with activity in those weeks, the busiest first. */
  channels: ChannelKey[];
  /** `${channel}|${week}` -> what happened there that week. */
  cells: Map<string, WeekCell>;
  /** Events outside the weeks shown. */
  outside: number;
}

const COUNT_OF: Record<ActivityKind, keyof Omit<WeekCell, 'ratingSum' | 'rated'>> = { review: 'reviews', post: 'posts', comment: 'comments', order: 'orders' };

export const cellKey = (channel: ChannelKey, week: WeekKey) => `${channel}|${week}`;

export function cellTotal(cell: WeekCell | undefined): number {
  return cell ? cell.reviews + cell.posts + cell.comments + cell.orders : 0;
}

/** A person's activity per channel and ISO week, over the weeks from `first` to `last` (default: those of the events). */
export function weeklyTimeline(events: readonly ActivityEvent[], range: { first?: WeekKey; last?: WeekKey } = {}): Timeline {
  const days = events.map((e) => e.day);
  if (days.length === 0 && (!range.first || !range.last)) return { weeks: [], channels: [], cells: new Map(), outside: 0 };
  const first = range.first ?? weekKey(Math.min(...days));
  const last = range.last ?? weekKey(Math.max(...days));
  const weeks = weeksBetween(first, last);
  const inRange = new Set(weeks);
  const cells = new Map<string, WeekCell>();
  const totals = new Map<ChannelKey, number>();
  let outside = 0;
  for (const e of events) {
    const week = weekKey(e.day);
    if (!inRange.has(week)) {
      outside += 1;
      continue;
    }
    const key = cellKey(e.channel, week);
    let cell = cells.get(key);
    if (!cell) cells.set(key, (cell = { reviews: 0, posts: 0, comments: 0, orders: 0, ratingSum: 0, rated: 0 }));
    cell[COUNT_OF[e.kind]] += 1;
    if (e.rating !== undefined) {
      cell.ratingSum += e.rating;
      cell.rated += 1;
    }
    totals.set(e.channel, (totals.get(e.channel) ?? 0) + 1);
  }
  const channels = [...totals].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([c]) => c);
  return { weeks, channels, cells, outside };
}

/** Activity of one person, placed in their segment (people who cannot be placed, e.g. not profiled, are left out). */
export interface SegmentActivity {
  person: string;
  segment: string;
  events: readonly ActivityEvent[];
}

export interface Heatmap {
  weeks: WeekKey[];
  /** One row per segment and channel with activity, in segment order, the busiest channel first. */
  rows: { segment: string; channel: ChannelKey; people: number[]; total: number }[];
  /** The most people in one cell (for shading). */
  max: number;
}

/** How many people of each segment were active on each channel in each week. */
export function segmentHeatmap(people: readonly SegmentActivity[], weeks: readonly WeekKey[], segmentOrder: readonly string[]): Heatmap {
  const index = new Map(weeks.map((w, i) => [w, i]));
  const sets = new Map<string, { segment: string; channel: ChannelKey; weeks: Set<string>[] }>();
  for (const { person, segment, events } of people) {
    for (const e of events) {
      const i = index.get(weekKey(e.day));
      if (i === undefined) continue;
      const key = `${segment}|${e.channel}`;
      let row = sets.get(key);
      if (!row) sets.set(key, (row = { segment, channel: e.channel, weeks: weeks.map(() => new Set<string>()) }));
      row.weeks[i]!.add(person);
    }
  }
  const order = (s: string) => {
    const i = segmentOrder.indexOf(s);
    return i === -1 ? segmentOrder.length : i;
  };
  const rows = [...sets.values()]
    .map((r) => {
      const people = r.weeks.map((s) => s.size);
      return { segment: r.segment, channel: r.channel, people, total: people.reduce((a, b) => a + b, 0) };
    })
    .sort((a, b) => order(a.segment) - order(b.segment) || b.total - a.total || (a.channel < b.channel ? -1 : 1));
  return { weeks: [...weeks], rows, max: Math.max(0, ...rows.flatMap((r) => r.people)) };
}
