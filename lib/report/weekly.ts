/**
 * The weekly report: what happened in one ISO week among the people Earshot
 * knows. New reviews and posts by customers (about the shop's brands, about
 * competitors, about other things); new detractors with reach; the loudest
 * voices; customers who changed channel; satisfaction drops (DROP_RULE); and
 * the next best actions. Pure data in, data out: the workspace and
 * `earshot report --week` build it from the same people, and
 * lib/report/weekly-html.ts prints it.
 */
import { dayString, weekDateRange, weekStart, type WeekKey } from '../calendar/iso-week';
import { contributionEvent, orderEvent, type ActivityEvent } from '../omni/activity';
import { channelChanges, type ChannelChange } from '../omni/channel-change';
import { satisfactionDrops, DROP_RULE, type Drop, type Rating } from '../omni/satisfaction';
import { actionsBySegment, type SegmentActions } from '../actions/rules';
import { isDue } from '../actions/todo';
import type { Action, ContributionType, Platform } from '../model';

export interface ReportContribution {
  platform: Platform;
  type: ContributionType;
  date?: string;
  rating?: number;
  aboutOwnBrand: boolean;
  /** The competitor's brand it names (settings.competitorBrands), if any. */
  competitor?: string;
  pageUrl: string;
  subject?: string;
  text?: string;
}

export interface ReportPerson {
  personRef: string;
  name: string;
  /** A CRM customer (linked or imported), not only a captured profile. */
  customer: boolean;
  /** Their engagement segment; null when not valued (or not to be profiled). */
  segment: string | null;
  followers: number;
  influence: number;
  contributions: readonly ReportContribution[];
  orders: readonly { date: string; amount: number; channel?: string }[];
}

export interface WeeklyInput {
  week: WeekKey;
  people: readonly ReportPerson[];
  /** The to-do list (open, snoozed and done); the report lists the open ones. */
  actions: readonly Action[];
  /** A mean own-brand rating at or below this marks a detractor (settings.detractorMaxRating). */
  detractorMaxRating: number;
  /** Customers who must not be profiled: counted, never listed. */
  notProfiled: number;
  currency: string;
  /** The moment the report is made: snoozed actions whose day has come are open again. */
  now: number;
}

export type Aboutness = 'own' | 'competitor' | 'other';

export interface ReportItem {
  personRef: string;
  name: string;
  segment: string | null;
  platform: Platform;
  type: ContributionType;
  date: string;
  rating: number | null;
  about: Aboutness;
  competitor: string | null;
  link: string;
  text: string | null;
}

export interface Voice {
  personRef: string;
  name: string;
  segment: string | null;
  followers: number;
  influence: number;
  /** Their contributions this week. */
  contributions: number;
}

export interface WeeklyReport {
  week: WeekKey;
  /** Monday and Sunday of the week, YYYY-MM-DD. */
  from: string;
  to: string;
  currency: string;
  notProfiled: number;
  /** Customers' contributions this week, per aboutness and type. */
  counts: Record<Aboutness, Record<ContributionType, number>>;
  /** Customers' contributions this week, own brands and competitors first, the latest first. */
  items: ReportItem[];
  newDetractors: ReportItem[];
  loudest: Voice[];
  changedChannel: (ChannelChange & { name: string; segment: string | null })[];
  drops: Drop[];
  rule: typeof DROP_RULE;
  actions: { open: number; expectedValue: number; top: Action[]; bySegment: SegmentActions[] };
}

/** How many items each list of the report shows (the counts cover all of them). */
export const REPORT_LIMITS = { items: 50, loudest: 10, actions: 20 } as const;

const ABOUT_ORDER: Record<Aboutness, number> = { own: 0, competitor: 1, other: 2 };
const snippet = (text: string | undefined) => (text ? (text.length > 200 ? `${text.slice(0, 199)}…` : text) : null);
const emptyCounts = (): Record<ContributionType, number> => ({ review: 0, post: 0, comment: 0 });

/** A contribution's rating as satisfaction counts it: by the person's segment (none unvalued), own brands apart. */
export function ratingOf(person: Pick<ReportPerson, 'segment'>, c: ReportContribution, day: number): Rating | null {
  if (person.segment === null || c.rating === undefined) return null;
  return { day, segment: person.segment, platform: c.platform, rating: c.rating, subject: c.aboutOwnBrand ? 'own' : 'other' };
}

/** Every rating of the people, for the satisfaction series and drops. */
export function ratingsOf(people: readonly ReportPerson[]): Rating[] {
  return people.flatMap((p) =>
    p.contributions.flatMap((c) => {
      const event = contributionEvent(c, c.platform);
      return (event && ratingOf(p, c, event.day)) ?? [];
    }),
  );
}

export function buildWeeklyReport(input: WeeklyInput): WeeklyReport {
  const start = weekStart(input.week);
  const end = start + 7;
  const counts: WeeklyReport['counts'] = { own: emptyCounts(), competitor: emptyCounts(), other: emptyCounts() };
  const items: ReportItem[] = [];
  const newDetractors: ReportItem[] = [];
  const loudest: Voice[] = [];
  const ratings: Rating[] = [];
  const activeEvents = new Map<string, ActivityEvent[]>();
  const byRef = new Map<string, ReportPerson>();

  for (const person of input.people) {
    const events: ActivityEvent[] = [];
    let thisWeek = 0;
    let worstOwn: ReportItem | null = null;
    for (const c of person.contributions) {
      const event = contributionEvent(c, c.platform);
      if (!event) continue;
      events.push(event);
      const rating = ratingOf(person, c, event.day);
      if (rating) ratings.push(rating);
      if (event.day < start || event.day >= end) continue;
      thisWeek += 1;
      const about: Aboutness = c.aboutOwnBrand ? 'own' : c.competitor ? 'competitor' : 'other';
      const item: ReportItem = {
        personRef: person.personRef,
        name: person.name,
        segment: person.segment,
        platform: c.platform,
        type: c.type,
        date: c.date!,
        rating: c.rating ?? null,
        about,
        competitor: c.competitor ?? null,
        link: c.pageUrl,
        text: snippet(c.subject && c.text ? `${c.subject}: ${c.text}` : (c.text ?? c.subject)),
      };
      if (person.customer) {
        counts[about][c.type] += 1;
        items.push(item);
      }
      if (c.aboutOwnBrand && c.rating !== undefined && c.rating <= input.detractorMaxRating && (!worstOwn || c.rating < worstOwn.rating!)) worstOwn = item;
    }
    if (thisWeek === 0) continue;
    byRef.set(person.personRef, person);
    for (const o of person.orders) {
      const event = orderEvent(o);
      if (event) events.push(event);
    }
    activeEvents.set(person.personRef, events);
    if (person.segment === 'detractor-with-reach' && worstOwn) newDetractors.push(worstOwn);
    loudest.push({ personRef: person.personRef, name: person.name, segment: person.segment, followers: person.followers, influence: person.influence, contributions: thisWeek });
  }

  // Orders alone also change channels: customers who bought this week but wrote nothing are read in a second
  // pass. ISO dates (and date-times) sort as text, so most customers are passed over without parsing a date.
  const { from, until } = weekDateRange(input.week);
  for (const person of input.people) {
    if (activeEvents.has(person.personRef) || !person.customer) continue;
    if (!person.orders.some((o) => o.date >= from && o.date < until)) continue;
    const events = person.orders.flatMap((o) => orderEvent(o) ?? []);
    if (!events.some((e) => e.day >= start && e.day < end)) continue;
    byRef.set(person.personRef, person);
    activeEvents.set(person.personRef, events);
  }

  const open = input.actions.filter((a) => isDue(a, input.now));
  return {
    week: input.week,
    from,
    to: dayString(end - 1),
    currency: input.currency,
    notProfiled: input.notProfiled,
    counts,
    items: items.sort((a, b) => ABOUT_ORDER[a.about] - ABOUT_ORDER[b.about] || b.date.localeCompare(a.date) || a.personRef.localeCompare(b.personRef)).slice(0, REPORT_LIMITS.items),
    newDetractors: newDetractors.sort((a, b) => a.rating! - b.rating! || a.personRef.localeCompare(b.personRef)),
    loudest: loudest.sort((a, b) => b.followers - a.followers || b.influence - a.influence || a.personRef.localeCompare(b.personRef)).slice(0, REPORT_LIMITS.loudest),
    changedChannel: channelChanges(activeEvents, input.week).map((c) => ({ ...c, name: byRef.get(c.person)!.name, segment: byRef.get(c.person)!.segment })),
    drops: satisfactionDrops(ratings, input.week),
    rule: DROP_RULE,
    actions: {
      open: open.length,
      expectedValue: Math.round(open.reduce((s, a) => s + a.expectedValue, 0) * 100) / 100,
      top: [...open].sort((a, b) => b.expectedValue - a.expectedValue || a.id.localeCompare(b.id)).slice(0, REPORT_LIMITS.actions),
      bySegment: actionsBySegment(open),
    },
  };
}
