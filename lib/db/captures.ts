/**
 * Storing what content scripts captured: people deduplicated by platform and
 * key, their counts updated with the time they were observed, contributions
 * deduplicated across pages and visits, the page's list of people and its
 * status, a count of broken layouts per site, and each site's capture health
 * (people per page over time, lib/capture/health.ts).
 */
import type { CapturedContribution, CapturedPage, CapturedProfile, Contribution, PageVisit, Profile } from '../model';
import { mentionsBrand, pageKey, profileId } from '../model';
import { detectDrop, withSample, type HealthDrop, type SiteHealth } from '../capture/health';
import { hash53 } from '../text/fold';
import { z } from '../zod';
import type { EarshotDatabase } from './database';
import { metaKey, readMeta, recordOfValid, writeMeta } from './meta';

const COUNT_FIELDS = ['followers', 'following', 'posts', 'reviewCount', 'helpfulVotes'] as const;
const MAX_SEEN_ON = 20;
const SEP = '\u241f';
/** As much text as the extractors' own identity uses: "Read more" expanding a text keeps its start. */
const TEXT_START = 80;

/**
 * A contribution's identity: the same review seen twice (another page, a later
 * visit) is one record. The platform's own id when the page showed one; else
 * who, what, about what and the start of the text (day and rating only for a
 * contribution without text). Never the date of a text: "a week ago" is read
 * as another day at every visit.
 */
export function contributionId(platform: string, c: CapturedContribution): string {
  if (c.key) return [platform, c.key].join(SEP);
  return [platform, c.profileKey, c.type, c.subject ?? '', textStart(c.text) || `${c.date?.slice(0, 10) ?? ''}|${c.rating ?? ''}${c.ratingScale ? `/${c.ratingScale}` : ''}`].join(SEP);
}

function textStart(text: string | undefined): string {
  return Array.from((text ?? '').replace(/\s+/g, ' ').trim()).slice(0, TEXT_START).join('');
}

/** The same contribution by content, for records stored under another id (older versions, or without the platform's id). */
function sameContent(stored: Contribution, seen: CapturedContribution): boolean {
  const start = textStart(seen.text);
  return start !== '' && stored.type === seen.type && (stored.subject ?? '') === (seen.subject ?? '') && textStart(stored.text) === start;
}

/** Merge a fresh sighting into what we knew: new values win, missing ones keep the old. */
export function mergeProfile(old: Profile | undefined, seen: CapturedProfile, url: string, now: number): Profile {
  const id = profileId(seen.platform, seen.key);
  const merged: Profile = { ...(old ?? { id, firstSeenAt: now, seenOn: [] }), ...definedOnly(seen), id, lastSeenAt: now } as Profile;
  if (COUNT_FIELDS.some((f) => seen[f] !== undefined)) merged.countsObservedAt = now;
  if (old?.badges || seen.badges) merged.badges = [...new Set([...(old?.badges ?? []), ...(seen.badges ?? [])])];
  const seenOn = (old?.seenOn ?? []).filter((u) => u !== url);
  seenOn.push(url);
  merged.seenOn = seenOn.slice(-MAX_SEEN_ON);
  return merged;
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined && v !== '')) as Partial<T>;
}

/** The id of each contribution of a page and of the person who wrote it (their platform is the page's person's with that key). */
export function contributionIdentities(page: CapturedPage): { id: string; profileId: string }[] {
  const byKey = new Map(page.profiles.map((p) => [p.key, p]));
  const platformOf = (key: string) => byKey.get(key)?.platform ?? page.profiles[0]?.platform ?? 'other';
  return page.contributions.map((c) => ({ id: contributionId(platformOf(c.profileKey), c), profileId: profileId(platformOf(c.profileKey), c.profileKey) }));
}

/** A contribution seen on a page merged into what was stored of it: new values win, missing ones keep the old. */
export function mergeContribution(
  existing: Contribution | undefined,
  seen: CapturedContribution,
  identity: { id: string; profileId: string },
  url: string,
  options: Pick<StoreOptions, 'now' | 'ownBrands'>,
): Contribution {
  return {
    ...existing,
    ...definedOnly(seen),
    type: seen.type,
    profileKey: seen.profileKey,
    id: identity.id,
    profileId: identity.profileId,
    pageUrl: url,
    aboutOwnBrand: mentionsBrand(seen, options.ownBrands),
    firstSeenAt: existing?.firstSeenAt ?? options.now,
    lastSeenAt: options.now,
  };
}

export interface StoredCapture {
  profileIds: string[];
  /** Profiles that are new or whose fields changed: these need (re)matching. */
  changedProfileIds: string[];
  contributions: number;
}

export interface StoreOptions {
  now: number;
  ownBrands: readonly string[];
  /**
   * The extraction hit a broken layout and this is what it could still read:
   * stored, but it does not clear the page's broken status.
   */
  partial?: boolean;
}

export async function storeCapture(db: EarshotDatabase, page: CapturedPage, options: StoreOptions): Promise<StoredCapture> {
  const { now, ownBrands } = options;
  const url = pageKey(page.url);

  return db.transaction('rw', [db.profiles, db.contributions, db.pages, db.meta], async () => {
    const ids = page.profiles.map((p) => profileId(p.platform, p.key));
    const old = await db.profiles.bulkGet(ids);
    const changed: string[] = [];
    const merged = page.profiles.map((seen, i) => {
      const before = old[i];
      const after = mergeProfile(before, seen, url, now);
      if (!before || identityChanged(before, after)) changed.push(after.id);
      return after;
    });
    await db.profiles.bulkPut(merged);

    const identities = contributionIdentities(page);
    const owners = identities.map((c) => c.profileId);
    const contributionIds = identities.map((c) => c.id);
    const existing: (Contribution | undefined)[] = await db.contributions.bulkGet(contributionIds);
    const replaced = await foldTwins(db, page.contributions, owners, contributionIds, existing);

    // foldTwins may have moved a contribution to its twin's id: contributionIds, not identities, holds the id to store under.
    const contributions: Contribution[] = page.contributions.map((c, i) => mergeContribution(existing[i], c, { id: contributionIds[i]!, profileId: owners[i]! }, url, { now, ownBrands }));
    if (replaced.length > 0) await db.contributions.bulkDelete(replaced);
    await db.contributions.bulkPut(contributions);

    const previous = await db.pages.get(url);
    const profileIds = [...new Set([...(previous?.capturedAt && now - previous.capturedAt < 3_600_000 ? previous.profileIds : []), ...ids])];
    // A broken layout stays visible until a clean capture of the page yields people again.
    const stillBroken = previous?.status === 'broken' && (options.partial === true || page.profiles.length === 0);
    const visit: PageVisit = {
      url,
      site: page.site,
      kind: page.kind,
      capturedAt: now,
      profileIds,
      status: stillBroken ? 'broken' : profileIds.length > 0 ? 'ok' : 'empty',
      ...(stillBroken && previous.problem !== undefined ? { problem: previous.problem } : {}),
    };
    await db.pages.put(visit);
    await recordPageRead(db, page.site, url, profileIds.length, now);
    return { profileIds: ids, changedProfileIds: changed, contributions: contributions.length };
  });
}

/**
 * Contributions not found under their id may be stored under another: by an
 * earlier version (whose identity held the date), or seen once with and once
 * without the platform's id. A capture with the id takes over id-less twins
 * (their first sighting kept, the twins deleted); one without an id joins a
 * twin that has one. Updates `ids` and `existing` in place; returns the ids to delete.
 */
async function foldTwins(
  db: EarshotDatabase,
  seen: readonly CapturedContribution[],
  owners: readonly string[],
  ids: string[],
  existing: (Contribution | undefined)[],
): Promise<string[]> {
  const fresh = seen.flatMap((_, i) => (existing[i] ? [] : [i]));
  if (fresh.length === 0) return [];
  const stored = await db.contributions.where('profileId').anyOf([...new Set(fresh.map((i) => owners[i]!))]).toArray();
  if (stored.length === 0) return [];
  const taken = new Set(ids);
  const replaced: string[] = [];
  for (const i of fresh) {
    const c = seen[i]!;
    const twins = stored.filter((s) => s.profileId === owners[i] && !taken.has(s.id) && sameContent(s, c));
    if (!c.key) {
      const keyed = twins.find((s) => s.key !== undefined);
      if (keyed) {
        ids[i] = keyed.id;
        existing[i] = keyed;
        taken.add(keyed.id);
        continue;
      }
    }
    const legacy = twins.filter((s) => s.key === undefined);
    if (legacy.length === 0) continue;
    const firstSeenAt = Math.min(...legacy.map((s) => s.firstSeenAt));
    existing[i] = { ...legacy.reduce((a, b) => ({ ...a, ...b })), firstSeenAt };
    for (const s of legacy) {
      taken.add(s.id);
      replaced.push(s.id);
    }
  }
  return replaced;
}

/** Fields the matcher reads: when one changes, the profile is matched again. */
function identityChanged(a: Profile, b: Profile): boolean {
  return (['displayName', 'handle', 'location', 'bio', 'website', 'profileUrl'] as const).some((f) => a[f] !== b[f]);
}

/** The meta record counting broken layouts per site (see brokenSiteCounts). */
export const BROKEN_META_KEY = 'capture.broken';

const BrokenSite = z.object({
  /** How many times a page of this site turned broken. */
  count: z.number(),
  lastAt: z.number(),
  lastProblem: z.string(),
});
export type BrokenSite = z.infer<typeof BrokenSite>;
const BROKEN = metaKey(BROKEN_META_KEY, recordOfValid(BrokenSite));

export async function reportBroken(db: EarshotDatabase, url: string, site: string, problem: string, now: number): Promise<void> {
  const key = pageKey(url);
  await db.transaction('rw', [db.pages, db.meta], async () => {
    const previous = await db.pages.get(key);
    await db.pages.put({
      url: key,
      site,
      kind: previous?.kind ?? 'unknown',
      capturedAt: now,
      profileIds: previous?.profileIds ?? [],
      status: 'broken',
      problem,
    });
    // A page read that yielded nobody counts for health too (what it yielded before, within the same visit, stays).
    const sameVisit = previous !== undefined && now - previous.capturedAt < 3_600_000;
    await recordPageRead(db, site, key, sameVisit ? previous.profileIds.length : 0, now);
    const counts = await brokenSiteCounts(db);
    const before = counts[site];
    // A page counts once per breakage: reports repeated while it stays broken only update the last problem.
    const count = (before?.count ?? 0) + (previous?.status === 'broken' ? 0 : 1);
    counts[site] = { count, lastAt: now, lastProblem: problem };
    await writeMeta(db, BROKEN, counts, now);
  });
}

/** Broken layouts per site id, for the screens: how often, when last, and what failed last. */
export async function brokenSiteCounts(db: EarshotDatabase): Promise<Record<string, BrokenSite>> {
  return (await readMeta(db, BROKEN)) ?? {};
}

/** The meta record of each site's capture health (see lib/capture/health.ts). */
export const HEALTH_META_KEY = 'capture.health';

const StoredSiteHealth = z.object({
  pages: z.number().int().nonnegative(),
  samples: z.array(z.object({ page: z.string().max(16), at: z.number(), people: z.number().int().nonnegative() })),
});
const HEALTH = metaKey(HEALTH_META_KEY, recordOfValid(StoredSiteHealth));

/** One page of a site read, with the people it yielded so far (the same page within the hour updates its figure). */
async function recordPageRead(db: EarshotDatabase, site: string, url: string, people: number, now: number): Promise<void> {
  const health = await captureHealth(db);
  health[site] = withSample(health[site], { page: pageFingerprint(url), at: now, people });
  await writeMeta(db, HEALTH, health, now);
}

/** 24 bits of the address's hash: enough to tell one visit's pages apart, too few to name a page (thousands share each value). */
function pageFingerprint(url: string): string {
  return (hash53(url) % 0x1000000).toString(16).padStart(6, '0');
}

/** Each site's pages read and people per page; an entry that does not parse is left out, never trusted. */
export async function captureHealth(db: EarshotDatabase): Promise<Record<string, SiteHealth>> {
  return (await readMeta(db, HEALTH)) ?? {};
}

/** Sites whose recent pages yield far fewer people than usual: a probable layout change. */
export async function layoutDrops(db: EarshotDatabase): Promise<[string, HealthDrop][]> {
  return Object.entries(await captureHealth(db)).flatMap(([site, health]) => {
    const drop = detectDrop(health);
    return drop ? [[site, drop] as [string, HealthDrop]] : [];
  });
}
