/**
 * The review queue: suggested matches waiting for a person, most likely
 * first, each with the captured profile and the CRM record side by side and
 * the matcher's evidence grouped by the field it compared.
 */
import type { EarshotDatabase } from '../db/database';
import type { Customer, Evidence, Match, Profile } from '../model';

export interface ReviewItem {
  match: Match;
  profile: Profile;
  customer: Customer;
}

/** Every suggestion whose profile and customer still exist, highest score first. */
export async function reviewQueue(db: EarshotDatabase): Promise<ReviewItem[]> {
  const matches = (await db.matches.where('status').equals('review').toArray()).filter((m) => m.customerId !== null);
  matches.sort((a, b) => b.score - a.score || a.profileId.localeCompare(b.profileId));
  const [profiles, customers] = await Promise.all([db.profiles.bulkGet(matches.map((m) => m.profileId)), db.customers.bulkGet(matches.map((m) => m.customerId!))]);
  return matches.flatMap((match, i) => {
    const profile = profiles[i];
    const customer = customers[i];
    return profile && customer ? [{ match, profile, customer }] : [];
  });
}

/** The rows of the side-by-side comparison: what the profile shows and what the CRM holds, per field. */
export interface ComparisonRow {
  field: 'name' | 'handle' | 'email' | 'website' | 'place';
  profile: string;
  customer: string;
  /** The matcher's evidence for this field (a name has two: first name and surname). */
  evidence: Evidence[];
}

const FIELDS_OF: Record<ComparisonRow['field'], readonly string[]> = {
  name: ['given', 'surname'],
  handle: ['handle'],
  email: ['email'],
  website: ['website'],
  place: ['place'],
};

const EMAIL = /[^\s@<>()]+@[^\s@<>()]+\.[a-z]{2,}/i;

export function comparisonRows(profile: Profile, customer: Customer, evidence: readonly Evidence[]): ComparisonRow[] {
  const of = (field: ComparisonRow['field']) => evidence.filter((e) => FIELDS_OF[field].includes(e.field));
  const rows: ComparisonRow[] = [
    { field: 'name', profile: profile.displayName, customer: [customer.firstName, customer.lastName].filter(Boolean).join(' '), evidence: of('name') },
    {
      field: 'handle',
      profile: profile.handle ?? profile.key,
      customer: customer.handles.map((h) => `${h.platform}:${h.handle}`).join(', '),
      evidence: of('handle'),
    },
    { field: 'email', profile: profile.bio?.match(EMAIL)?.[0] ?? '', customer: customer.email ?? '', evidence: of('email') },
    { field: 'website', profile: profile.website ?? '', customer: customer.website ?? '', evidence: of('website') },
    { field: 'place', profile: profile.location ?? '', customer: [customer.city, customer.country].filter(Boolean).join(', '), evidence: of('place') },
  ];
  // A field neither side shows and the matcher did not use is noise.
  return rows.filter((r) => r.profile || r.customer || r.evidence.length > 0);
}

/** The evidence that moved the score most: the "top reason" a list shows. */
export function topEvidence(evidence: readonly Evidence[]): Evidence | undefined {
  return evidence.filter((e) => e.field !== 'prior').reduce<Evidence | undefined>((best, e) => (!best || Math.abs(e.weight) > Math.abs(best.weight) ? e : best), undefined);
}
