/**
 * Everything Earshot holds about one person, found the same way for an access
 * request (export) and for erasure, so the two can never disagree about what
 * "everything" is.
 *
 * A person is a customer with every profile linked to them, or a captured
 * profile nobody linked. Asking about a linked profile means its customer's
 * whole cluster: the person behind the handle is the customer.
 */
import { isLinked, parsePersonRef, customerRef, profileRef, type PersonRef } from '../model';
import type { EarshotDatabase } from './database';

export interface PersonRecords {
  /** The person as resolved: the customer when one is linked, else the profile. */
  personRef: PersonRef;
  customerId: string | null;
  profileIds: string[];
  contributionIds: string[];
  /** Match records that name the person: their profiles' matches and suggestions of their customer. */
  matchProfileIds: string[];
  tagIds: string[];
  syncJobIds: string[];
}

export async function resolvePerson(db: EarshotDatabase, ref: string): Promise<PersonRecords> {
  const parsed = parsePersonRef(ref);
  if (!parsed) throw new Error(`"${ref}" is not a person (expected customer:<id> or profile:<id>)`);

  let customerId: string | null = null;
  let profileIds: string[] = [];
  if (parsed.kind === 'customer') {
    customerId = parsed.id;
  } else {
    const match = await db.matches.get(parsed.id);
    if (match && isLinked(match)) customerId = match.customerId;
    else profileIds = [parsed.id];
  }

  let matchProfileIds: string[] = [...profileIds];
  if (customerId !== null) {
    const matches = await db.matches.where('customerId').equals(customerId).toArray();
    profileIds = matches.filter(isLinked).map((m) => m.profileId);
    // Suggestions of this customer for other profiles name the customer too.
    matchProfileIds = matches.map((m) => m.profileId);
  }
  const existingProfiles = (await db.profiles.bulkGet(profileIds)).flatMap((p) => (p ? [p.id] : []));
  const known =
    customerId !== null
      ? existingProfiles.length > 0 || (await db.customers.get(customerId)) !== undefined
      : existingProfiles.length > 0 || (await db.matches.get(parsed.id)) !== undefined;
  if (!known) throw new Error(`nobody is known as ${ref}`);

  const refs: string[] = [...(customerId !== null ? [customerRef(customerId)] : []), ...profileIds.map(profileRef)];
  const [contributionIds, tagIds, syncJobIds] = await Promise.all([
    db.contributions.where('profileId').anyOf(profileIds).primaryKeys(),
    db.tags.where('personRef').anyOf(refs).primaryKeys(),
    Promise.all(refs.map((r) => db.syncJobs.where('[personRef+seq]').between([r, -Infinity], [r, Infinity]).primaryKeys())).then((lists) => lists.flat()),
  ]);
  return {
    personRef: (customerId !== null ? customerRef(customerId) : profileRef(profileIds[0]!)) as PersonRef,
    customerId,
    profileIds: existingProfiles,
    contributionIds,
    matchProfileIds,
    tagIds,
    syncJobIds,
  };
}

/** A data subject's access request: everything held about the person, as one JSON-able object. */
export async function exportPerson(db: EarshotDatabase, ref: string, now: number) {
  const person = await resolvePerson(db, ref);
  const [customer, orders, profiles, contributions, matches, tags, syncJobs] = await Promise.all([
    person.customerId !== null ? db.customers.get(person.customerId) : undefined,
    person.customerId !== null ? db.orders.where('customerId').equals(person.customerId).toArray() : [],
    db.profiles.bulkGet(person.profileIds),
    db.contributions.bulkGet(person.contributionIds),
    db.matches.bulkGet(person.matchProfileIds),
    db.tags.bulkGet(person.tagIds),
    db.syncJobs.bulkGet(person.syncJobIds),
  ]);
  const present = <T>(rows: (T | undefined)[]) => rows.filter((r): r is T => r !== undefined);
  return {
    format: 'earshot-person-export',
    version: 1,
    exportedAt: new Date(now).toISOString(),
    person: person.personRef,
    customer: customer ?? null,
    orders,
    profiles: present(profiles),
    contributions: present(contributions),
    matches: present(matches),
    tags: present(tags),
    // Outbox entries say what was sent (or is waiting to be sent) to the CRM.
    crmSync: present(syncJobs).map(({ connector, kind, status, createdAt, updatedAt, lastError }) => ({ connector, kind, status, createdAt, updatedAt, lastError })),
  };
}
