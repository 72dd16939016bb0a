/**
 * Storing what content scripts captured: people deduplicated by platform and
 * key, their counts updated with the time they were observed, contributions
 * deduplicated across pages and visits, and the page's list of people.
 */
import type { CapturedContribution, CapturedPage, CapturedProfile, Contribution, PageVisit, Profile } from '../model';
import { pageKey, profileId } from '../model';
import type { EarshotDatabase } from './database';

const COUNT_FIELDS = ['followers', 'following', 'posts', 'reviewCount', 'helpfulVotes'] as const;
const MAX_SEEN_ON = 20;

/** A contribution's identity: the same review seen twice (another page, a later visit) is one record. */
export function contributionId(platform: string, c: CapturedContribution): string {
  const text = (c.text ?? '').replace(/\s+/g, ' ').trim().slice(0, 80);
  return [platform, c.profileKey, c.type, c.subject ?? '', c.date?.slice(0, 10) ?? '', text].join('\u241f');
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

/** True when a contribution mentions one of the user's own brands or products. */
export function mentionsBrand(c: CapturedContribution, ownBrands: readonly string[]): boolean {
  if (ownBrands.length === 0) return false;
  const haystack = `${c.subject ?? ''} ${c.text ?? ''}`.toLowerCase();
  return ownBrands.some((b) => b.trim() !== '' && haystack.includes(b.trim().toLowerCase()));
}

export interface StoredCapture {
  profileIds: string[];
  /** Profiles that are new or whose fields changed: these need (re)matching. */
  changedProfileIds: string[];
  contributions: number;
}

export async function storeCapture(
  db: EarshotDatabase,
  page: CapturedPage,
  options: { now: number; ownBrands: readonly string[] },
): Promise<StoredCapture> {
  const { now, ownBrands } = options;
  const url = pageKey(page.url);
  const byKey = new Map(page.profiles.map((p) => [p.key, p]));
  const platformOf = (key: string) => byKey.get(key)?.platform ?? page.profiles[0]?.platform ?? 'other';

  return db.transaction('rw', [db.profiles, db.contributions, db.pages], async () => {
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

    const contributions: Contribution[] = [];
    const contributionIds = page.contributions.map((c) => contributionId(platformOf(c.profileKey), c));
    const existing = await db.contributions.bulkGet(contributionIds);
    page.contributions.forEach((c, i) => {
      const platform = platformOf(c.profileKey);
      contributions.push({
        ...existing[i],
        ...definedOnly(c),
        type: c.type,
        profileKey: c.profileKey,
        id: contributionIds[i]!,
        profileId: profileId(platform, c.profileKey),
        pageUrl: url,
        aboutOwnBrand: mentionsBrand(c, ownBrands),
        firstSeenAt: existing[i]?.firstSeenAt ?? now,
        lastSeenAt: now,
      });
    });
    await db.contributions.bulkPut(contributions);

    const previous = await db.pages.get(url);
    const profileIds = [...new Set([...(previous?.capturedAt && now - previous.capturedAt < 3_600_000 ? previous.profileIds : []), ...ids])];
    const visit: PageVisit = {
      url,
      site: page.site,
      kind: page.kind,
      capturedAt: now,
      profileIds,
      status: profileIds.length > 0 ? 'ok' : 'empty',
    };
    await db.pages.put(visit);
    return { profileIds: ids, changedProfileIds: changed, contributions: contributions.length };
  });
}

/** Fields the matcher reads: when one changes, the profile is matched again. */
function identityChanged(a: Profile, b: Profile): boolean {
  return (['displayName', 'handle', 'location', 'bio', 'website', 'profileUrl'] as const).some((f) => a[f] !== b[f]);
}

export async function reportBroken(db: EarshotDatabase, url: string, site: string, problem: string, now: number): Promise<void> {
  const key = pageKey(url);
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
}
