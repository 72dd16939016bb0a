/** The people captured on one page, for the popup: customers first. */
import type { EarshotDatabase } from '../db/database';
import { isLinked, pageKey, type Match, type PageVisit, type Profile } from '../model';
import { displayName } from './customers';

export interface PagePerson {
  profile: Profile;
  match: Match | undefined;
  customerName: string | undefined;
}

export interface PageView {
  visit: PageVisit | undefined;
  people: PagePerson[];
  hasCustomers: boolean;
}

export async function pageView(db: EarshotDatabase, url: string | undefined): Promise<PageView> {
  const hasCustomers = (await db.customers.limit(1).count()) > 0;
  if (!url) return { visit: undefined, people: [], hasCustomers };
  const visit = await db.pages.get(pageKey(url));
  if (!visit) return { visit, people: [], hasCustomers };
  const [profiles, matches] = await Promise.all([db.profiles.bulkGet(visit.profileIds), db.matches.bulkGet(visit.profileIds)]);
  const customerIds = matches.flatMap((m) => (m?.customerId ? [m.customerId] : []));
  const customers = new Map((await db.customers.bulkGet(customerIds)).flatMap((c) => (c ? [[c.id, c] as const] : [])));
  const people = profiles.flatMap((profile, i) => {
    if (!profile) return [];
    const match = matches[i];
    const customer = match?.customerId ? customers.get(match.customerId) : undefined;
    return [{ profile, match, customerName: customer ? displayName(customer) : undefined }];
  });
  const rank = (p: PagePerson) => (p.match && isLinked(p.match) ? 0 : p.match?.status === 'review' ? 1 : 2);
  people.sort((a, b) => rank(a) - rank(b) || (b.profile.followers ?? 0) - (a.profile.followers ?? 0));
  return { visit, people, hasCustomers };
}
