/**
 * Privacy controls over the local database: retention of unmatched captures,
 * erasure of a person everywhere, and the list of people who must not be
 * captured again. The audit log records what was done and how much, never the
 * personal data itself.
 */
import { isLinked, profileId as makeProfileId, type CapturedPage } from '../model';
import type { EarshotDatabase } from './database';
import { resolvePerson } from './person';

const DAY = 86_400_000;
const SUPPRESSED_KEY = 'suppressed-profiles';
const BATCH = 500;

export interface RetentionResult {
  profiles: number;
  contributions: number;
  matches: number;
  tags: number;
}

/**
 * Erase captured people nobody linked to a customer and nobody has seen for
 * `retentionDays` (last seen, not first captured, counts), with their
 * contributions, match suggestions and tags.
 */
export async function expireUnmatched(db: EarshotDatabase, now: number, retentionDays: number): Promise<RetentionResult> {
  const cutoff = now - retentionDays * DAY;
  const result: RetentionResult = { profiles: 0, contributions: 0, matches: 0, tags: 0 };
  // Keys only: even a large capture history is a list of short strings.
  const stale = await db.profiles.where('lastSeenAt').below(cutoff).primaryKeys();
  for (let i = 0; i < stale.length; i += BATCH) {
    const chunk = stale.slice(i, i + BATCH);
    const matches = await db.matches.bulkGet(chunk);
    const expired = chunk.filter((_, j) => !(matches[j] && isLinked(matches[j]!)));
    if (expired.length === 0) continue;
    const removed = await removeProfiles(db, expired, cutoff);
    result.profiles += removed.profiles;
    result.contributions += removed.contributions;
    result.matches += removed.matches;
    result.tags += removed.tags;
  }
  if (result.profiles > 0) {
    await db.audit.add({
      at: now,
      action: 'retention',
      actor: 'system',
      summary: `Erased captured people not linked to a customer and not seen for ${retentionDays} days`,
      counts: { ...result },
    });
  }
  return result;
}

async function removeProfiles(db: EarshotDatabase, candidates: string[], cutoff: number) {
  return db.transaction('rw', [db.profiles, db.contributions, db.matches, db.tags, db.pages], async () => {
    // Check again inside the transaction: someone may have linked or re-seen them meanwhile.
    const [profiles, matches] = await Promise.all([db.profiles.bulkGet(candidates), db.matches.bulkGet(candidates)]);
    const ids = candidates.filter((_, i) => profiles[i] && profiles[i]!.lastSeenAt < cutoff && !(matches[i] && isLinked(matches[i]!)));
    const contributions = await db.contributions.where('profileId').anyOf(ids).delete();
    const kept = new Set(ids);
    const matchCount = candidates.filter((id, i) => kept.has(id) && matches[i] !== undefined).length;
    await db.matches.bulkDelete(ids);
    const tags = await db.tags.where('personRef').anyOf(ids.map((id) => `profile:${id}`)).delete();
    await db.profiles.bulkDelete(ids);
    await forgetOnPages(db, new Set(ids));
    return { profiles: ids.length, contributions, matches: matchCount, tags };
  });
}

/** Remove people from the pages' lists of who was on them. */
async function forgetOnPages(db: EarshotDatabase, ids: ReadonlySet<string>): Promise<void> {
  await db.pages.toCollection().modify((page) => {
    if (page.profileIds.some((id) => ids.has(id))) page.profileIds = page.profileIds.filter((id) => !ids.has(id));
  });
}

export interface ErasureResult {
  profiles: number;
  contributions: number;
  matches: number;
  tags: number;
  /** Pending outbox jobs for the person that were dropped (replaced by the CRM erasure). */
  syncJobs: number;
  customer: number;
}

/**
 * Erase a person everywhere Earshot keeps them: their captured profiles,
 * contributions, matches, tags and pending sync jobs, optionally the local
 * copy of the CRM record, and (through `eraseInCrm`) what Earshot wrote to the
 * CRM. Their profiles are remembered only as one-way hashes so they are not
 * captured again.
 */
export async function erasePerson(
  db: EarshotDatabase,
  ref: string,
  options: { now: number; includeCustomerRecord?: boolean; eraseInCrm?: (customerId: string) => Promise<void> },
): Promise<ErasureResult> {
  const person = await resolvePerson(db, ref);
  const hashes = await Promise.all(person.profileIds.map(hashProfileId));
  const result = await db.transaction(
    'rw',
    [db.profiles, db.contributions, db.matches, db.tags, db.pages, db.syncJobs, db.customers, db.orders, db.meta, db.audit],
    async () => {
      await db.contributions.bulkDelete(person.contributionIds);
      await db.matches.bulkDelete(person.matchProfileIds);
      await db.tags.bulkDelete(person.tagIds);
      // Jobs not yet sent would write the person back: drop them.
      const pending = (await db.syncJobs.bulkGet(person.syncJobIds)).filter((j) => j && j.status !== 'done').map((j) => j!.id);
      await db.syncJobs.bulkDelete(pending);
      await db.profiles.bulkDelete(person.profileIds);
      await forgetOnPages(db, new Set(person.profileIds));
      let customer = 0;
      if (options.includeCustomerRecord && person.customerId !== null) {
        await db.orders.where('customerId').equals(person.customerId).delete();
        await db.customers.delete(person.customerId);
        customer = 1;
      }
      const suppressed = new Set(((await db.meta.get(SUPPRESSED_KEY))?.value as string[] | undefined) ?? []);
      for (const h of hashes) suppressed.add(h);
      await db.meta.put({ key: SUPPRESSED_KEY, value: [...suppressed], updatedAt: options.now });
      const counts: ErasureResult = {
        profiles: person.profileIds.length,
        contributions: person.contributionIds.length,
        matches: person.matchProfileIds.length,
        tags: person.tagIds.length,
        syncJobs: pending.length,
        customer,
      };
      await db.audit.add({
        at: options.now,
        action: 'erase',
        actor: 'user',
        summary: person.customerId !== null ? 'Erased a customer\'s captured data and links' : 'Erased a captured person',
        counts: { ...counts },
      });
      return counts;
    },
  );
  // The CRM erasure is queued after the local one committed: nothing local can come back.
  if (person.customerId !== null && options.eraseInCrm) await options.eraseInCrm(person.customerId);
  return result;
}

/** SHA-256 of a profile id: enough to recognise the person again, not to read who they are. */
export async function hashProfileId(id: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(`earshot-suppress:${id}`));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** Drop the people of a capture that were erased and must not be captured again. */
export async function withoutSuppressed(db: EarshotDatabase, page: CapturedPage): Promise<CapturedPage> {
  const suppressed = ((await db.meta.get(SUPPRESSED_KEY))?.value as string[] | undefined) ?? [];
  if (suppressed.length === 0) return page;
  const set = new Set(suppressed);
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
