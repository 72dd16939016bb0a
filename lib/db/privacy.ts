/**
 * Privacy controls over the local database: retention of unmatched captures,
 * erasure of a person everywhere, and the list of people who must not be
 * captured again. The audit log records what was done and how much, never the
 * personal data itself.
 */
import { customerRef, isLinked, profileId as makeProfileId, profileRef, type CapturedPage, type Profile } from '../model';
import { enqueueErasure, syncTables } from './outbox-queue';
import { z } from '../zod';
import type { EarshotDatabase } from './database';
import { metaKey, readMeta, writeMeta } from './meta';
import { forgetCustomers } from './match-store';
import { refreshPeople } from './people';
import { recordStats } from './stats';
import { profilePageMatcher, resolvePerson } from './person-records';
import { erasedFromReports, unlinkInReports } from './reports';

const DAY = 86_400_000;
/** Hashes of the people erased here (profile ids and, when their record went too, customer refs). */
export const SUPPRESSED_KEY = 'suppressed-profiles';
const BATCH = 500;

export interface RetentionResult {
  profiles: number;
  contributions: number;
  matches: number;
  tags: number;
  /** Page records deleted: profile pages of the people who expired. */
  pages: number;
  /** Computed value records (segment and scores) of the people who expired. */
  values: number;
  notes: number;
}

/**
 * Erase captured people nobody linked to a customer and nobody has seen for
 * `retentionDays` (last seen, not first captured, counts), with their
 * contributions, match suggestions, tags, notes, computed values and their
 * profile pages.
 */
export async function expireUnmatched(db: EarshotDatabase, now: number, retentionDays: number): Promise<RetentionResult> {
  const cutoff = now - retentionDays * DAY;
  const result: RetentionResult = { profiles: 0, contributions: 0, matches: 0, tags: 0, pages: 0, values: 0, notes: 0 };
  // Keys only: even a large capture history is a list of short strings.
  const stale = await db.profiles.where('lastSeenAt').below(cutoff).primaryKeys();
  for (let i = 0; i < stale.length; i += BATCH) {
    const chunk = stale.slice(i, i + BATCH);
    const matches = await db.matches.bulkGet(chunk);
    const expired = chunk.filter((_, j) => !(matches[j] && isLinked(matches[j]!)));
    if (expired.length === 0) continue;
    const removed = await removeProfiles(db, expired, cutoff);
    for (const k of Object.keys(result) as (keyof RetentionResult)[]) result[k] += removed[k];
  }
  if (result.profiles > 0) {
    await db.audit.add({
      at: now,
      action: 'retention',
      actor: 'system',
      summary: `Erased captured people not linked to a customer and not seen for ${retentionDays} days`,
      counts: { ...result },
    });
    // The workspace's counts (lib/db/stats.ts) follow at once: no other work is recorded after retention.
    await recordStats(db, now);
  }
  return result;
}

async function removeProfiles(db: EarshotDatabase, candidates: string[], cutoff: number): Promise<RetentionResult> {
  return db.transaction('rw', [db.profiles, db.contributions, db.matches, db.tags, db.pages, db.values, db.notes, db.people, db.actions, db.personaMembers, db.teamDecisions, db.reports], async () => {
    // Check again inside the transaction: someone may have linked or re-seen them meanwhile.
    const [profiles, matches] = await Promise.all([db.profiles.bulkGet(candidates), db.matches.bulkGet(candidates)]);
    const gone = profiles.filter((p, i): p is Profile => !!p && p.lastSeenAt < cutoff && !(matches[i] && isLinked(matches[i]!)));
    const ids = gone.map((p) => p.id);
    const refs = ids.map(profileRef);
    const contributions = await db.contributions.where('profileId').anyOf(ids).delete();
    const kept = new Set(ids);
    const matchCount = candidates.filter((id, i) => kept.has(id) && matches[i] !== undefined).length;
    await db.matches.bulkDelete(ids);
    // Decisions about them (with who made them) are data about them too.
    await db.teamDecisions.where('profileId').anyOf(ids).delete();
    const tags = await db.tags.where('personRef').anyOf(refs).delete();
    const values = await deleteByKey(db.values, refs);
    const notes = await deleteByKey(db.notes, refs);
    await db.actions.where('personRef').anyOf(refs).delete();
    await db.personaMembers.bulkDelete(refs);
    // Unlinked people have a directory row of their own and appear in no customer's.
    await db.people.bulkDelete(refs);
    await db.profiles.bulkDelete(ids);
    const pages = await forgetOnPages(db, kept, gone);
    await erasedFromReports(db, refs);
    return { profiles: ids.length, contributions, matches: matchCount, tags, pages, values, notes };
  });
}

/** Delete rows by key and say how many there were. */
async function deleteByKey(table: { bulkGet(keys: string[]): Promise<unknown[]>; bulkDelete(keys: string[]): Promise<void> }, keys: string[]): Promise<number> {
  const present = (await table.bulkGet(keys)).filter((row) => row !== undefined).length;
  await table.bulkDelete(keys);
  return present;
}

/**
 * Take people off the pages: their ids leave every page's list, and their
 * own profile pages (whose URL says who they are) go, with every link to
 * them in other people's records (seenOn, a contribution's page, kept as the
 * site's address; an action's link). Returns the number of page records deleted.
 */
async function forgetOnPages(db: EarshotDatabase, ids: ReadonlySet<string>, profiles: readonly Pick<Profile, 'profileUrl'>[]): Promise<number> {
  const isProfilePage = profilePageMatcher(profiles.flatMap((p) => (p.profileUrl ? [p.profileUrl] : [])));
  const gone = new Set((await db.pages.filter((p) => isProfilePage(p.url)).primaryKeys()) as string[]);
  await db.pages.bulkDelete([...gone]);
  await db.pages
    .filter((page) => page.profileIds.some((id) => ids.has(id)))
    .modify((page) => {
      page.profileIds = page.profileIds.filter((id) => !ids.has(id));
    });
  if (gone.size > 0) {
    await db.profiles
      .filter((p) => p.seenOn.some((url) => gone.has(url)))
      .modify((p) => {
        p.seenOn = p.seenOn.filter((url) => !gone.has(url));
      });
    await db.contributions
      .filter((c) => gone.has(c.pageUrl))
      .modify((c) => {
        c.pageUrl = siteOf(c.pageUrl);
      });
  }
  // An action pointing at something of theirs (a post, a review on their profile) loses the link.
  await db.actions
    .filter((a) => a.link !== undefined && isProfilePage(a.link))
    .modify((a) => {
      delete a.link;
    });
  await unlinkInReports(db, isProfilePage, siteOf);
  return gone.size;
}

function siteOf(url: string): string {
  try {
    return `${new URL(url).origin}/`;
  } catch {
    return '';
  }
}

export interface ErasureResult {
  profiles: number;
  contributions: number;
  matches: number;
  tags: number;
  /** Pending outbox jobs for the person that were dropped (replaced by the CRM erasure). */
  syncJobs: number;
  customer: number;
  /** Page records deleted: the person's own profile pages. */
  pages: number;
  /** Computed value records: segment and scores (profiling). */
  values: number;
  notes: number;
  /** Next best actions about them. */
  actions: number;
  /** CRM erasure jobs queued, one per connected CRM. */
  crmErasures: number;
}

/**
 * Erase a person everywhere Earshot keeps them: their captured profiles,
 * contributions, matches, tags, notes, computed values, pages and pending
 * sync jobs, optionally the local copy of the CRM record (and with it the
 * matcher's record of them), and, through the outbox, what Earshot wrote to
 * the CRM. All of it commits in one transaction, the CRM erasure job
 * included: a worker stopped half-way loses nothing. Their profiles are
 * remembered only as one-way hashes so they are not captured again.
 */
export async function erasePerson(
  db: EarshotDatabase,
  ref: string,
  options: { now: number; includeCustomerRecord?: boolean },
): Promise<ErasureResult> {
  const tables = [
    ...syncTables(db),
    db.contributions,
    db.pages,
    db.orders,
    db.audit,
    db.values,
    db.notes,
    db.people,
    db.personaMembers,
    db.matchBuckets,
    db.matchPages,
    db.actions,
    db.teamDecisions,
    db.reports,
  ];
  // Hashing is not IndexedDB work and would end the transaction: hash who the person is now,
  // and start over should a profile have been linked to them in between.
  for (let attempt = 0; attempt < 3; attempt++) {
    const before = await resolvePerson(db, ref);
    const ids = before.customerId !== null ? [...before.profileIds, customerRef(before.customerId)] : before.profileIds;
    const hashes = new Map(await Promise.all(ids.map(async (id) => [id, await hashProfileId(id)] as const)));
    const result = await db.transaction('rw', tables, () => eraseResolved(db, ref, hashes, options));
    if (result) return result;
  }
  throw new Error(`${ref} kept changing while being erased; nothing was erased, try again`);
}

async function eraseResolved(
  db: EarshotDatabase,
  ref: string,
  hashes: ReadonlyMap<string, string>,
  options: { now: number; includeCustomerRecord?: boolean },
): Promise<ErasureResult | null> {
  const person = await resolvePerson(db, ref);
  if (person.profileIds.some((id) => !hashes.has(id)) || (person.customerId !== null && !hashes.has(customerRef(person.customerId)))) return null;
  const { customerId } = person;
  const profiles = (await db.profiles.bulkGet(person.profileIds)).filter((p): p is Profile => p !== undefined);

  // Jobs not yet sent would write the person back. Earlier erasures stay: they hold what finds the record.
  const jobs = await db.syncJobs.bulkGet(person.syncJobIds);
  const dropped = jobs.flatMap((j) => (j && j.status !== 'done' && j.kind !== 'erase-person' ? [j.id] : []));
  await db.syncJobs.bulkDelete(dropped);
  // Queued before the customer record goes (it gives the CRM the email to find them by).
  const crmErasures = customerId !== null ? await enqueueErasure(db, customerRef(customerId), options.now) : 0;

  await db.contributions.bulkDelete(person.contributionIds);
  await db.matches.bulkDelete(person.matchProfileIds);
  // Decisions about their profiles go with them (the CRM's copy goes with the CRM erasure queued above).
  await db.teamDecisions.where('profileId').anyOf(person.profileIds).delete();
  await db.tags.bulkDelete(person.tagIds);
  const values = await deleteByKey(db.values, person.refs);
  const notes = await deleteByKey(db.notes, person.refs);
  // Their persona and offer are derived from the values: they go with them.
  await db.personaMembers.bulkDelete(person.refs);
  const actions = await db.actions.where('personRef').anyOf(person.refs).delete();
  await db.profiles.bulkDelete(person.profileIds);
  const pages = await forgetOnPages(db, new Set(person.profileIds), profiles);
  // The weekly reports kept in the browser name people too.
  await erasedFromReports(db, person.refs);

  let customer = 0;
  if (options.includeCustomerRecord && customerId !== null) {
    await db.orders.where('customerId').equals(customerId).delete();
    customer = (await db.customers.get(customerId)) ? 1 : 0;
    await db.customers.delete(customerId);
    // Its compact record in the matcher's index would still link new captures to it.
    await forgetCustomers(db, [customerId]);
  }
  // The directory rows: the profiles' go, a kept customer's is rebuilt without them.
  await refreshPeople(db, { profileIds: person.profileIds, customerIds: customerId !== null ? [customerId] : [] });

  const suppressed = await readSuppressed(db);
  for (const id of person.profileIds) suppressed.add(hashes.get(id)!);
  // The customer record too, so an older backup restored later does not bring it back.
  if (customer > 0 && customerId !== null) suppressed.add(hashes.get(customerRef(customerId))!);
  await writeSuppressed(db, suppressed, options.now);

  const counts: ErasureResult = {
    profiles: person.profileIds.length,
    contributions: person.contributionIds.length,
    matches: person.matchProfileIds.length,
    tags: person.tagIds.length,
    syncJobs: dropped.length,
    customer,
    pages,
    values,
    notes,
    actions,
    crmErasures,
  };
  // What was erased and when, as counts by kind: never a name, handle, email or id.
  await db.audit.add({
    at: options.now,
    action: 'erase',
    actor: 'user',
    summary: customer > 0 ? "Erased a customer's record, captured data and links" : customerId !== null ? "Erased a customer's captured data and links" : 'Erased a captured person',
    counts: { ...counts },
  });
  return counts;
}

/** The hashes of everyone erased here. */
export async function readSuppressed(db: EarshotDatabase): Promise<Set<string>> {
  return new Set((await readMeta(db, SUPPRESSED)) ?? []);
}

export async function writeSuppressed(db: EarshotDatabase, suppressed: ReadonlySet<string>, now: number): Promise<void> {
  await writeMeta(db, SUPPRESSED, [...suppressed], now);
}

/** Strict: a damaged list is an error naming it, never read as empty (the next erasure would overwrite it and the erased could be captured again). */
export const SuppressedList = z.array(z.string());
const SUPPRESSED = metaKey(SUPPRESSED_KEY, SuppressedList);

/** SHA-256 of a profile id (or a customer ref): enough to recognise the person again, not to read who they are. */
export async function hashProfileId(id: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(`earshot-suppress:${id}`));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** Drop the people of a capture that were erased and must not be captured again. */
export async function withoutSuppressed(db: EarshotDatabase, page: CapturedPage): Promise<CapturedPage> {
  const set = await readSuppressed(db);
  if (set.size === 0) return page;
  const blocked = new Set<string>();
  for (const p of page.profiles) {
    if (set.has(await hashProfileId(makeProfileId(p.platform, p.key)))) blocked.add(p.key);
  }
  if (blocked.size === 0) return page;
  return {
    ...page,
    profiles: page.profiles.filter((p) => !blocked.has(p.key)),
    contributions: page.contributions.filter((c) => !blocked.has(c.profileKey)),
  };
}
