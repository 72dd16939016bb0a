/**
 * From captured profiles to the people they are, as every screen that starts
 * from a page sees them (the popup's list and the in-page badges): whether
 * each is a customer (linked), perhaps one (a suggestion waiting for a
 * person), or not one, and the value record of the person the figures belong to.
 */
import type { EarshotDatabase } from '../db/database';
import type { ValueRecord } from '../value';
import { customerRef, isLinked, profileRef, type Match, type PersonRef, type Profile } from '../model';

export type Standing = 'customer' | 'suggested' | 'stranger';

export interface ResolvedProfile {
  profileId: string;
  profile: Profile | undefined;
  match: Match | undefined;
  standing: Standing;
  /** The person the figures and tags belong to: the linked customer, or the profile itself. */
  personRef: PersonRef;
  /** Their value record, once values have been computed. */
  value: ValueRecord | undefined;
}

export function standingOf(match: Pick<Match, 'status' | 'customerId'> | undefined): Standing {
  if (match && isLinked(match)) return 'customer';
  return match?.status === 'review' && match.customerId !== null ? 'suggested' : 'stranger';
}

/** The people behind these profiles, in the order given, with three bulk reads. */
export async function resolveProfiles(db: EarshotDatabase, profileIds: readonly string[]): Promise<ResolvedProfile[]> {
  const [profiles, matches] = await Promise.all([db.profiles.bulkGet([...profileIds]), db.matches.bulkGet([...profileIds])]);
  const refs = profileIds.map((id, i) => {
    const m = matches[i];
    return m && isLinked(m) ? customerRef(m.customerId!) : profileRef(id);
  });
  const values = await db.values.bulkGet(refs);
  return profileIds.map((profileId, i) => ({
    profileId,
    profile: profiles[i],
    match: matches[i],
    standing: standingOf(matches[i]),
    personRef: refs[i]!,
    value: values[i],
  }));
}
