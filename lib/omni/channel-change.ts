/**
 * Customers who changed channel: in the week reported on they were active on
 * a channel (a platform they wrote on, or a named sales channel) they had not
 * used in the weeks before, while they had been active elsewhere in those
 * weeks. A first appearance is not a change, and neither is an order without
 * a named channel.
 */
import { addWeeks, weekStart, type WeekKey } from '../calendar/iso-week';
import { isNamedChannel, type ActivityEvent, type ChannelKey } from './activity';

/** How many weeks before the reported one count as "before". */
export const CHANGE_LOOKBACK_WEEKS = 12;

export interface ChannelChange {
  person: string;
  /** Channels used before, the most used first. */
  from: ChannelKey[];
  /** Channels new this week. */
  to: ChannelKey[];
}

export function channelChanges(people: ReadonlyMap<string, readonly ActivityEvent[]>, week: WeekKey, lookbackWeeks = CHANGE_LOOKBACK_WEEKS): ChannelChange[] {
  const start = weekStart(week);
  const end = start + 7;
  const before = weekStart(addWeeks(week, -lookbackWeeks));
  const out: ChannelChange[] = [];
  for (const [person, events] of people) {
    const earlier = new Map<ChannelKey, number>();
    const now = new Set<ChannelKey>();
    for (const e of events) {
      if (!isNamedChannel(e.channel)) continue;
      if (e.day >= start && e.day < end) now.add(e.channel);
      else if (e.day >= before && e.day < start) earlier.set(e.channel, (earlier.get(e.channel) ?? 0) + 1);
    }
    if (earlier.size === 0) continue;
    const to = [...now].filter((c) => !earlier.has(c)).sort();
    if (to.length === 0) continue;
    const from = [...earlier].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([c]) => c);
    out.push({ person, from, to });
  }
  return out.sort((a, b) => (a.person < b.person ? -1 : 1));
}
