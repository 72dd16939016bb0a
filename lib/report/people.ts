/**
 * People as the weekly report and the action rules read them, from records:
 * the extension's stores (lib/views/omni.ts) and the command line's files
 * (`earshot report`) both come through here.
 */
import { brandNamed } from '../model';
import { groupBy } from '../collections/group-by';
import { customerRef, displayName, isLinked, mustNotProfile, profileRef, type Contribution, type Customer, type MatchStatus, type Order, type Platform } from '../model';
import type { PersonForActions } from '../actions/rules';
import type { CustomerValue } from '../value/types';
import { weekDateRange, type WeekKey } from '../calendar/iso-week';
import type { ReportContribution, ReportPerson } from './weekly';

/** A stored contribution as the report reads it: with its platform, and the competitor it names (if not about the shop's own brands). */
export function reportContribution(c: Contribution, platform: Platform, competitorBrands: readonly string[]): ReportContribution {
  const competitor = c.aboutOwnBrand ? undefined : brandNamed(c, competitorBrands);
  return {
    platform,
    type: c.type,
    aboutOwnBrand: c.aboutOwnBrand,
    pageUrl: c.pageUrl,
    ...(c.date !== undefined ? { date: c.date } : {}),
    ...(c.rating !== undefined ? { rating: c.rating } : {}),
    ...(competitor ? { competitor } : {}),
    ...(c.subject !== undefined ? { subject: c.subject } : {}),
    ...(c.text !== undefined ? { text: c.text } : {}),
  };
}

const NONE: readonly Contribution[] = [];
const NONE_REPORTED: readonly ReportContribution[] = [];
const NO_ORDERS: readonly Order[] = [];

export interface ReportRecords {
  customers: readonly Customer[];
  orders: readonly Order[];
  profiles: readonly { id: string; platform: Platform; displayName?: string; handle?: string; followers?: number }[];
  contributions: readonly Contribution[];
  matches: readonly { profileId: string; customerId: string | null; status: MatchStatus }[];
  /** Customers' values by customer id (none for those who must not be profiled). */
  values: ReadonlyMap<string, CustomerValue>;
  competitorBrands: readonly string[];
  /**
   * Only the people one week's report can name: anyone who wrote something
   * (their ratings make the satisfaction drops) and customers who ordered in
   * that week. The rest of 100,000 customers are passed over instead of each
   * being assembled with their orders.
   */
  week?: WeekKey;
}

/**
 * Customers (with their linked profiles' contributions) and captured people
 * nobody is linked to. A customer who must not be profiled is counted only:
 * no link to them is read, and nothing of theirs is listed.
 */
export function reportPeopleFromRecords(r: ReportRecords): { people: ReportPerson[]; forActions: PersonForActions[]; notProfiled: number } {
  const excluded = new Set(r.customers.filter(mustNotProfile).map((c) => c.id));
  const linked = groupBy(
    r.matches.filter((m) => isLinked(m) && !excluded.has(m.customerId!)),
    (m) => m.customerId!,
  );
  const linkedProfiles = new Set([...linked.values()].flat().map((m) => m.profileId));
  const platformOf = new Map(r.profiles.map((p) => [p.id, p.platform]));
  const byProfile = groupBy(r.contributions, (c) => c.profileId);
  const orderedInWeek = r.week === undefined ? null : customersOrderingIn(r.orders, r.week);
  const ordersOf = groupBy(orderedInWeek ? r.orders.filter((o) => orderedInWeek.has(o.customerId) || linked.has(o.customerId)) : r.orders, (o) => o.customerId);
  const contributionsOf = (profileIds: readonly string[]) => profileIds.flatMap((id) => byProfile.get(id) ?? []);
  const people: ReportPerson[] = [];
  const forActions: PersonForActions[] = [];
  for (const customer of r.customers) {
    if (excluded.has(customer.id)) continue;
    const links = linked.get(customer.id);
    const value = r.values.get(customer.id);
    const ref = customerRef(customer.id);
    // Most customers were never seen online: they share one empty list instead of making their own.
    const contributions = links ? contributionsOf(links.map((m) => m.profileId)) : NONE;
    if (value) forActions.push({ personRef: ref, value, contributions });
    if (orderedInWeek && !links && !orderedInWeek.has(customer.id)) continue;
    people.push({
      personRef: ref,
      name: displayName(customer),
      customer: true,
      segment: value?.engagement.segment ?? null,
      followers: value?.influence.reachFollowers ?? 0,
      influence: value?.influence.score.value ?? 0,
      contributions:
        contributions.length === 0
          ? NONE_REPORTED
          : contributions.flatMap((c) => {
              const platform = platformOf.get(c.profileId);
              return platform ? [reportContribution(c, platform, r.competitorBrands)] : [];
            }),
      orders: ordersOf.get(customer.id) ?? NO_ORDERS,
    });
  }
  for (const p of r.profiles) {
    if (linkedProfiles.has(p.id)) continue;
    people.push({
      personRef: profileRef(p.id),
      name: p.displayName ?? p.handle ?? p.id,
      customer: false,
      segment: null,
      followers: p.followers ?? 0,
      influence: 0,
      contributions: (byProfile.get(p.id) ?? []).map((c) => reportContribution(c, p.platform, r.competitorBrands)),
      orders: [],
    });
  }
  return { people, forActions, notProfiled: excluded.size };
}

/** Customers with an order dated in the week (refunds too: the report reads the day before it counts one). */
function customersOrderingIn(orders: readonly Order[], week: WeekKey): Set<string> {
  const { from, until } = weekDateRange(week);
  const out = new Set<string>();
  for (const o of orders) if (o.date >= from && o.date < until) out.add(o.customerId);
  return out;
}
