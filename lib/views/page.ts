/** The people captured on one page, for the popup: customers first, each with their figures and the top reason. */
import type { EarshotDatabase } from '../db/database';
import { valueRunInfo } from '../db/values';
import { customerRef, displayName, isLinked, pageKey, profileRef, type Evidence, type Match, type PageVisit, type Profile } from '../model';
import type { CustomerValue, EngagementSegment, ProfileValue } from '../value';
import { topEvidence } from './review';

export interface PagePerson {
  profile: Profile;
  match: Match | undefined;
  /** The person the figures and tags belong to: the linked customer, or the profile. */
  personRef: string;
  /** The linked customer's name, or the suggested customer's while a match waits for review. */
  customerName: string | undefined;
  segment: EngagementSegment | undefined;
  /** Net value of a linked customer (may be negative). */
  netValue: number | undefined;
  clv: number | undefined;
  influence: number | undefined;
  reason: Evidence | undefined;
  tags: string[];
}

export interface PageView {
  visit: PageVisit | undefined;
  people: PagePerson[];
  hasCustomers: boolean;
  currency: string;
}

export async function pageView(db: EarshotDatabase, url: string | undefined): Promise<PageView> {
  const [hasCustomers, run] = await Promise.all([db.customers.limit(1).count().then((n) => n > 0), valueRunInfo(db)]);
  const currency = run?.settings.currency ?? 'EUR';
  if (!url) return { visit: undefined, people: [], hasCustomers, currency };
  const visit = await db.pages.get(pageKey(url));
  if (!visit) return { visit, people: [], hasCustomers, currency };
  const [profiles, matches] = await Promise.all([db.profiles.bulkGet(visit.profileIds), db.matches.bulkGet(visit.profileIds)]);
  const customerIds = matches.flatMap((m) => (m?.customerId ? [m.customerId] : []));
  const customers = new Map((await db.customers.bulkGet(customerIds)).flatMap((c) => (c ? [[c.id, c] as const] : [])));
  const refs = visit.profileIds.map((id, i) => {
    const m = matches[i];
    return m && isLinked(m) ? customerRef(m.customerId!) : profileRef(id);
  });
  const [values, tags] = await Promise.all([db.values.bulkGet(refs), db.tags.where('personRef').anyOf(refs).toArray()]);
  const people = profiles.flatMap((profile, i): PagePerson[] => {
    if (!profile) return [];
    const match = matches[i];
    const customer = match?.customerId ? customers.get(match.customerId) : undefined;
    const record = values[i];
    const customerValue = record?.kind === 'customer' ? (record.value as CustomerValue) : undefined;
    return [
      {
        profile,
        match,
        personRef: refs[i]!,
        customerName: customer && match && (isLinked(match) || match.status === 'review') ? displayName(customer) : undefined,
        segment: record?.segment as EngagementSegment | undefined,
        netValue: customerValue ? record!.financial : undefined,
        clv: customerValue?.prediction.clv.value,
        influence: record ? (record.value as CustomerValue | ProfileValue).influence.score.value : undefined,
        reason: match ? topEvidence(match.evidence) : undefined,
        tags: tags.filter((t) => t.personRef === refs[i]).map((t) => t.label),
      },
    ];
  });
  const rank = (p: PagePerson) => (p.match && isLinked(p.match) ? 0 : p.match?.status === 'review' ? 1 : 2);
  people.sort((a, b) => rank(a) - rank(b) || (b.profile.followers ?? 0) - (a.profile.followers ?? 0));
  return { visit, people, hasCustomers, currency };
}
