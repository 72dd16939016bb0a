/** The people captured on one page, for the popup: customers first, each with their figures and the top reason. */
import type { EarshotDatabase } from '../db/database';
import { valueRunInfo } from '../db/values';
import { displayName, pageKey, type Evidence, type Match, type PageVisit, type Profile } from '../model';
import type { CustomerValue, EngagementSegment, ProfileValue } from '../value';
import { topEvidence } from './review';
import { resolveProfiles, type Standing } from './standing';

export interface PagePerson {
  profile: Profile;
  match: Match | undefined;
  standing: Standing;
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
  const resolved = await resolveProfiles(db, visit.profileIds);
  const customerIds = resolved.flatMap((r) => (r.match?.customerId ? [r.match.customerId] : []));
  const refs = resolved.map((r) => r.personRef);
  const [customers, tags] = await Promise.all([
    db.customers.bulkGet(customerIds).then((found) => new Map(found.flatMap((c) => (c ? [[c.id, c] as const] : [])))),
    db.tags.where('personRef').anyOf(refs).toArray(),
  ]);
  const people = resolved.flatMap(({ profile, match, personRef, standing, value: record }): PagePerson[] => {
    if (!profile) return [];
    const customer = match?.customerId ? customers.get(match.customerId) : undefined;
    const customerValue = record?.kind === 'customer' ? (record.value as CustomerValue) : undefined;
    return [
      {
        profile,
        match,
        standing,
        personRef,
        customerName: customer && standing !== 'stranger' ? displayName(customer) : undefined,
        // Segments belong to customers; of the others only a detractor with reach is worth a word (as on the badges).
        segment: standing === 'customer' || record?.segment === 'detractor-with-reach' ? (record?.segment as EngagementSegment | undefined) : undefined,
        netValue: customerValue ? record!.financial : undefined,
        clv: customerValue?.prediction.clv.value,
        influence: record ? (record.value as CustomerValue | ProfileValue).influence.score.value : undefined,
        reason: match ? topEvidence(match.evidence) : undefined,
        tags: tags.filter((t) => t.personRef === personRef).map((t) => t.label),
      },
    ];
  });
  const RANK: Record<Standing, number> = { customer: 0, suggested: 1, stranger: 2 };
  const rank = (p: PagePerson) => RANK[p.standing];
  people.sort((a, b) => rank(a) - rank(b) || (b.profile.followers ?? 0) - (a.profile.followers ?? 0));
  return { visit, people, hasCustomers, currency };
}
