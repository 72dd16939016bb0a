/**
 * The people directory: one small row per person the workspace lists (a
 * customer with every profile linked to them, or a captured profile nobody
 * linked), with what it searches and filters by. It is derived from the
 * customers, profiles, matches and tags, so it can always be rebuilt; the
 * service worker refreshes the rows a change touches.
 *
 * Why a table of its own: the workspace must list 100,000 people at once.
 * Filters and search run on this table's indexes as key-only cursors, and
 * only the rows on screen are read, so the panel never loads the customer
 * table or the (large) value records.
 */
import { customerIdOf, customerRef, displayName, isLinked, mustNotProfile, profileRef, type Customer, type Match, type PersonRow, type Profile, type Tag } from '../model';
import { transliterate } from '../text/translit';
import { searchWords } from '../text/search';
import { PEOPLE_STALE, type EarshotDatabase } from './database';
import { deleteMeta, hasMeta } from './meta';
import { groupBy } from '../collections/group-by';

/**
 * The words a person is found by. Each is an index entry to write, so only
 * what people type: no one-letter words (initials), and of an email address
 * only the part before the @ (everybody's domain is gmail or ziggo).
 */
function wordsOf(texts: readonly (string | undefined)[]): string[] {
  const words = new Set<string>();
  const add = (text: string) => {
    for (const w of searchWords(text)) if (w.length > 1) words.add(w);
  };
  for (const text of texts) {
    if (!text) continue;
    const own = text.includes('@') && !text.startsWith('@') ? text.slice(0, text.indexOf('@')) : text;
    add(own);
    // Russian names are found by their Latin spelling too ("ivanova" finds Иванова).
    const latin = transliterate(own, 'wikipedia');
    if (latin !== own) add(latin);
  }
  return [...words];
}

function sortKey(name: string): string {
  return searchWords(name).join(' ');
}

function tagLabels(tags: readonly Tag[]): string[] {
  return [...new Set(tags.map((t) => t.label.toLowerCase()))].sort();
}

/** A customer's row from their record, the profiles linked to them and the tags on any of them. */
export function customerRow(customer: Customer, profiles: readonly Profile[], tags: readonly Tag[]): PersonRow {
  return {
    ref: customerRef(customer.id),
    kind: 'customer',
    name: displayName(customer),
    sortName: sortKey(displayName(customer)),
    status: mustNotProfile(customer) ? 'not-profiled' : profiles.length > 0 ? 'linked' : 'crm-only',
    platforms: [...new Set(profiles.map((p) => p.platform))].sort(),
    profileIds: profiles.map((p) => p.id),
    tags: tagLabels(tags),
    words: wordsOf([
      customer.firstName,
      customer.lastName,
      customer.email,
      customer.company,
      customer.id,
      ...customer.handles.map((h) => h.handle),
      ...profiles.flatMap((p) => [p.displayName, p.handle, p.key]),
    ]),
    ...(profiles.length > 0
      ? { followers: profiles.reduce((n, p) => n + (p.followers ?? 0), 0), lastSeenAt: profiles.reduce((t, p) => Math.max(t, p.lastSeenAt), 0) }
      : {}),
  };
}

/** An unlinked profile's row. */
export function profileRow(profile: Profile, match: Match | undefined, tags: readonly Tag[]): PersonRow {
  return {
    ref: profileRef(profile.id),
    kind: 'profile',
    name: profile.displayName,
    sortName: sortKey(profile.displayName),
    status: match?.status === 'review' && match.customerId ? 'review' : 'unmatched',
    platforms: [profile.platform],
    profileIds: [profile.id],
    tags: tagLabels(tags),
    words: wordsOf([profile.displayName, profile.handle, profile.key]),
    followers: profile.followers ?? 0,
    lastSeenAt: profile.lastSeenAt,
  };
}

/** What a refresh should look at: some profiles and customers, or everything. */
export interface PeopleChange {
  profileIds?: readonly string[];
  customerIds?: readonly string[];
}

/**
 * Recompute the rows of the people a change touched: the profiles, the
 * customers they are linked to now, and the customers whose rows listed
 * them before (a rejected link leaves that customer's row).
 */
export async function refreshPeople(db: EarshotDatabase, change: PeopleChange): Promise<void> {
  const profileIds = [...new Set(change.profileIds ?? [])];
  const [matches, formerRows] = await Promise.all([
    db.matches.bulkGet(profileIds),
    profileIds.length > 0 ? db.people.where('profileIds').anyOf(profileIds).toArray() : Promise.resolve([]),
  ]);
  const customerIds = new Set(change.customerIds ?? []);
  for (const m of matches) if (m && isLinked(m)) customerIds.add(m.customerId!);
  for (const row of formerRows) {
    const customerId = customerIdOf(row.ref);
    if (customerId !== null) customerIds.add(customerId);
  }

  const ids = [...customerIds];
  const [customers, linkedMatches, profiles] = await Promise.all([
    db.customers.bulkGet(ids),
    ids.length > 0 ? db.matches.where('customerId').anyOf(ids).toArray() : Promise.resolve([]),
    db.profiles.bulkGet(profileIds),
  ]);
  const linkedByCustomer = new Map<string, string[]>();
  for (const m of linkedMatches) if (isLinked(m)) linkedByCustomer.set(m.customerId!, [...(linkedByCustomer.get(m.customerId!) ?? []), m.profileId]);
  const linkedProfiles = new Map((await db.profiles.bulkGet([...linkedByCustomer.values()].flat())).flatMap((p) => (p ? [[p.id, p] as const] : [])));
  const refs = [...ids.map(customerRef), ...profileIds.map(profileRef), ...[...linkedByCustomer.values()].flat().map(profileRef)];
  const tags = groupBy(await db.tags.where('personRef').anyOf(refs).toArray(), (t) => t.personRef);

  const put: PersonRow[] = [];
  const remove: string[] = [];
  ids.forEach((id, i) => {
    const customer = customers[i];
    if (!customer) return void remove.push(customerRef(id));
    const own = (linkedByCustomer.get(id) ?? []).flatMap((pid) => linkedProfiles.get(pid) ?? []);
    const ownTags = [customerRef(id), ...own.map((p) => profileRef(p.id))].flatMap((r) => tags.get(r) ?? []);
    put.push(customerRow(customer, own, ownTags));
  });
  profileIds.forEach((id, i) => {
    const profile = profiles[i];
    const match = matches[i];
    // A linked profile is part of its customer's row.
    if (!profile || (match && isLinked(match))) return void remove.push(profileRef(id));
    put.push(profileRow(profile, match, tags.get(profileRef(id)) ?? []));
  });
  await db.transaction('rw', db.people, async () => {
    if (remove.length > 0) await db.people.bulkDelete(remove);
    if (put.length > 0) await db.people.bulkPut(put);
  });
}

/** True when the directory was marked stale (an upgrade) or is missing while there are people. */
export async function peopleNeedRebuild(db: EarshotDatabase): Promise<boolean> {
  if (await hasMeta(db, PEOPLE_STALE)) return true;
  return (await db.people.limit(1).count()) === 0 && ((await db.customers.limit(1).count()) > 0 || (await db.profiles.limit(1).count()) > 0);
}

/**
 * Rebuild the whole directory (after an import, a restore or an upgrade), a
 * slice of customers at a time. Rows that came out the same are not written
 * again: every index entry costs a write, and after a small import or a CRM
 * pull nearly every row is unchanged. Returns how many rows were written.
 */
export async function rebuildPeople(db: EarshotDatabase, sliceSize = 5000): Promise<number> {
  const [matches, tags] = await Promise.all([db.matches.toArray(), db.tags.toArray()]);
  const linked = matches.filter(isLinked);
  const linkedByCustomer = groupBy(linked, (m) => m.customerId!);
  const tagsByRef = groupBy(tags, (t) => t.personRef);
  const profiles = new Map((await db.profiles.toArray()).map((p) => [p.id, p]));
  const matchOf = new Map(matches.map((m) => [m.profileId, m]));

  const listed = new Set<string>();
  let written = 0;
  const writeChanged = async (rows: PersonRow[]) => {
    const old = await db.people.bulkGet(rows.map((r) => r.ref));
    const changed = rows.filter((r, i) => !sameRow(old[i], r));
    if (changed.length > 0) await db.people.bulkPut(changed);
    for (const r of rows) listed.add(r.ref);
    written += changed.length;
  };

  let after: string | undefined;
  for (;;) {
    const slice = after === undefined ? await db.customers.orderBy('id').limit(sliceSize).toArray() : await db.customers.where('id').above(after).limit(sliceSize).toArray();
    if (slice.length === 0) break;
    await writeChanged(
      slice.map((c) => {
        const own = (linkedByCustomer.get(c.id) ?? []).flatMap((m) => profiles.get(m.profileId) ?? []);
        const ownTags = [customerRef(c.id), ...own.map((p) => profileRef(p.id))].flatMap((r) => tagsByRef.get(r) ?? []);
        return customerRow(c, own, ownTags);
      }),
    );
    after = slice[slice.length - 1]!.id;
  }
  const unlinked: PersonRow[] = [];
  for (const p of profiles.values()) {
    const m = matchOf.get(p.id);
    if (m && isLinked(m)) continue;
    unlinked.push(profileRow(p, m, tagsByRef.get(profileRef(p.id)) ?? []));
  }
  for (let i = 0; i < unlinked.length; i += sliceSize) await writeChanged(unlinked.slice(i, i + sliceSize));
  // Rows of people who are no longer there (or are now part of a customer's row).
  const gone = ((await db.people.toCollection().primaryKeys()) as string[]).filter((ref) => !listed.has(ref));
  if (gone.length > 0) await db.people.bulkDelete(gone);
  await deleteMeta(db, PEOPLE_STALE);
  return written + gone.length;
}

/** Rows are plain data built in a fixed key order, so their JSON compares them. */
function sameRow(a: PersonRow | undefined, b: PersonRow): boolean {
  return a !== undefined && JSON.stringify(a) === JSON.stringify(b);
}

