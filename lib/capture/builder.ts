/**
 * Collects what a site module finds into the FORMATS.md 'captured page'
 * shape: people merged by key, contributions deduplicated, every field
 * cleaned to what the schema accepts (so the service worker's zod check
 * passes without the content script carrying zod), snippets kept short.
 *
 * A page may hold more people or contributions than one capture keeps
 * (LIMITS protect the content script and its message). What the caps leave
 * out is counted, and the page says so in `capped`: never a silent cut.
 */
import type { CappedContributions, CapturedContribution, CapturedPage, CapturedProfile, ContributionRole, ContributionType, PageKind, RatingScale } from '../model/capture';
import type { Platform } from '../model/platform';
import { collapse, snippet } from './dom';

/** Privacy by design: a list needs snippets, not whole texts. */
export const LIMITS = {
  text: 500,
  bio: 500,
  displayName: 200,
  handle: 100,
  key: 300,
  location: 120,
  website: 300,
  subject: 200,
  badge: 60,
  badges: 20,
  profiles: 2000,
  contributions: 5000,
  depth: 100,
} as const;

/** At most this many left-out people and contributions are remembered to count each once; beyond, each is counted as it comes. */
const LEFT_OUT_REMEMBERED = 100_000;
/** The model's RATING_SCALES, repeated: content scripts take only types from lib/model. */
const RATING_SCALES: readonly number[] = [5, 10, 100];

/** A person as a site module reads them: loose types, cleaned by the builder. */
export interface ProfileDraft {
  key: string | undefined;
  displayName: string | undefined;
  handle?: string | undefined;
  profileUrl?: string | undefined;
  followers?: number | undefined;
  following?: number | undefined;
  posts?: number | undefined;
  reviewCount?: number | undefined;
  helpfulVotes?: number | undefined;
  badges?: readonly (string | undefined | false)[] | undefined;
  verified?: boolean | undefined;
  location?: string | undefined;
  bio?: string | undefined;
  website?: string | undefined;
}

export interface ContributionDraft {
  profileKey: string;
  type: ContributionType;
  /** The site's own id for it (review id, post URL), when the page shows one. */
  id?: string | undefined;
  /** On its own scale; without ratingScale it is stars (out of 5). */
  rating?: number | undefined;
  ratingScale?: RatingScale | undefined;
  date?: string | undefined;
  text?: string | undefined;
  helpfulVotes?: number | undefined;
  verifiedPurchase?: boolean | undefined;
  subject?: string | undefined;
  /** 0 = top level, 1 = a reply, ... */
  depth?: number | undefined;
  role?: ContributionRole | undefined;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;
const COUNT_FIELDS = ['followers', 'following', 'posts', 'reviewCount', 'helpfulVotes'] as const;

export class PageBuilder {
  kind: PageKind = 'unknown';
  readonly warnings: string[] = [];
  private readonly profiles = new Map<string, CapturedProfile>();
  private readonly contributions = new Map<string, CapturedContribution>();
  readonly anchors = new Map<string, Element[]>();
  /** Keys of people the cap on people left out: what they wrote is counted, not kept. */
  private readonly overCap = new Set<string>();
  /** Contributions the caps left out, by type: identities (each counted once) and any past what is remembered. */
  private readonly leftOut = new Map<ContributionType, { identities: Set<string>; more: number }>();

  constructor(
    readonly site: string,
    readonly platform: Platform,
    readonly url: string,
  ) {}

  /**
   * Add (or complete) a person; returns their key, or undefined when the draft
   * has no usable key or name. A person past the cap on people is not kept,
   * but their key is returned: what they wrote is then counted as left out.
   */
  person(draft: ProfileDraft, anchor?: Element | null): string | undefined {
    const key = draft.key === undefined ? '' : collapse(draft.key);
    const displayName = cap(draft.displayName, LIMITS.displayName);
    if (key === '' || key.length > LIMITS.key || displayName === undefined) return undefined;

    const next: CapturedProfile = { platform: this.platform, key, displayName };
    const handle = cap(draft.handle, LIMITS.handle);
    if (handle) next.handle = handle;
    const profileUrl = httpUrl(draft.profileUrl);
    if (profileUrl) next.profileUrl = profileUrl;
    for (const field of COUNT_FIELDS) {
      const value = count(draft[field]);
      if (value !== undefined) next[field] = value;
    }
    const badges = uniqueBadges(draft.badges);
    if (badges.length > 0) next.badges = badges;
    if (typeof draft.verified === 'boolean') next.verified = draft.verified;
    const location = cap(draft.location, LIMITS.location);
    if (location) next.location = location;
    const bio = snippet(draft.bio, LIMITS.bio);
    if (bio) next.bio = bio;
    const website = cap(draft.website, LIMITS.website);
    if (website) next.website = website;

    const existing = this.profiles.get(key);
    if (existing) mergeProfile(existing, next);
    else if (this.profiles.size < LIMITS.profiles) this.profiles.set(key, next);
    else {
      if (this.overCap.size < LEFT_OUT_REMEMBERED) this.overCap.add(key);
      return key;
    }

    if (anchor) {
      const list = this.anchors.get(key) ?? [];
      if (!list.includes(anchor)) list.push(anchor);
      this.anchors.set(key, list);
    }
    return key;
  }

  /** Add a review, post or comment by a person already added; repeats (same identity) complete the first. */
  contribution(draft: ContributionDraft): void {
    const kept = this.profiles.has(draft.profileKey);
    if (!kept && !this.overCap.has(draft.profileKey)) return;
    const next: CapturedContribution = { profileKey: draft.profileKey, type: draft.type };
    // The site's id travels with the contribution: the service worker dedupes on it across visits.
    const id = draft.id === undefined ? '' : collapse(draft.id);
    if (id !== '' && id.length <= LIMITS.key) next.key = id;
    const rating = typeof draft.rating === 'number' && Number.isFinite(draft.rating) ? Math.round(draft.rating * 10) / 10 : undefined;
    const scale = draft.ratingScale ?? 5;
    if (rating !== undefined && RATING_SCALES.includes(scale)) {
      // Stars start at 1 on most pages; a 0 of 10 or of 100 is a real mark, and so are half stars.
      if (rating >= (scale === 5 ? 0.5 : 0) && rating <= scale) {
        next.rating = rating;
        if (scale !== 5) next.ratingScale = scale;
      }
    }
    if (draft.date !== undefined && ISO_DATE.test(draft.date)) next.date = draft.date;
    const textValue = snippet(draft.text, LIMITS.text);
    if (textValue) next.text = textValue;
    const helpful = count(draft.helpfulVotes);
    if (helpful !== undefined) next.helpfulVotes = helpful;
    if (typeof draft.verifiedPurchase === 'boolean') next.verifiedPurchase = draft.verifiedPurchase;
    const subject = cap(draft.subject, LIMITS.subject);
    if (subject) next.subject = subject;
    if (typeof draft.depth === 'number' && Number.isInteger(draft.depth) && draft.depth > 0 && draft.depth <= LIMITS.depth) next.depth = draft.depth;
    if (draft.role === 'owner-reply') next.role = draft.role;

    const identity = next.key ? `${this.site}:${next.key}` : contributionIdentity(this.site, next);
    if (!kept) return this.leaveOut(next.type, identity);
    const existing = this.contributions.get(identity);
    if (existing) fillMissing(existing, next);
    else if (this.contributions.size < LIMITS.contributions) this.contributions.set(identity, next);
    else this.leaveOut(next.type, identity);
  }

  private leaveOut(type: ContributionType, identity: string): void {
    const left = this.leftOut.get(type) ?? { identities: new Set<string>(), more: 0 };
    this.leftOut.set(type, left);
    if (left.identities.has(identity)) return;
    if (left.identities.size < LEFT_OUT_REMEMBERED) left.identities.add(identity);
    else left.more += 1;
  }

  /** Per type that lost some to a cap: how many were kept of how many the page held. */
  private capped(): CappedContributions[] {
    return [...this.leftOut].map(([type, left]) => {
      const read = [...this.contributions.values()].filter((c) => c.type === type).length;
      return { type, read, found: read + left.identities.size + left.more };
    });
  }

  has(key: string): boolean {
    return this.profiles.has(key);
  }

  get profileCount(): number {
    return this.profiles.size;
  }

  warn(message: string): void {
    if (this.warnings.length < 50 && !this.warnings.includes(message)) this.warnings.push(message);
  }

  build(): { page: CapturedPage; contributionIds: string[] } {
    const capped = this.capped();
    return {
      page: {
        url: this.url,
        site: this.site,
        kind: this.kind,
        profiles: [...this.profiles.values()],
        contributions: [...this.contributions.values()],
        ...(capped.length > 0 ? { capped } : {}),
      },
      contributionIds: [...this.contributions.keys()],
    };
  }
}

const TYPE_PLURALS: Record<ContributionType, string> = { review: 'reviews', post: 'posts', comment: 'comments' };

/** "2,000 of 2,500 reviews read (cap)": what a capped page says, on the command line and wherever it is shown. */
export function cappedText(c: CappedContributions): string {
  return `${c.read.toLocaleString('en-US')} of ${c.found.toLocaleString('en-US')} ${TYPE_PLURALS[c.type]} read (cap)`;
}

/**
 * A contribution's identity when the page shows no id of its own: who, what,
 * about what, and the start of its text (text that expands after "Read more"
 * keeps its start), or its day and rating when it has no text.
 */
export function contributionIdentity(site: string, c: CapturedContribution): string {
  // A rating on another scale says so ("8/10"), so it is not the same contribution as 8 stars would be.
  const start = c.text ? Array.from(c.text).slice(0, 80).join('') : `${c.date?.slice(0, 10) ?? ''}|${c.rating ?? ''}${c.ratingScale ? `/${c.ratingScale}` : ''}`;
  return `${site}:${c.profileKey}|${c.type}|${c.subject ?? ''}|${start}`;
}

function mergeProfile(target: CapturedProfile, next: CapturedProfile): void {
  const badges = uniqueBadges([...(target.badges ?? []), ...(next.badges ?? [])]);
  const verified = target.verified === true || next.verified === true ? true : (target.verified ?? next.verified);
  fillMissing(target, next);
  if (badges.length > 0) target.badges = badges;
  if (verified !== undefined) target.verified = verified;
}

function fillMissing<T extends object>(target: T, next: T): void {
  for (const key of Object.keys(next) as (keyof T)[]) {
    if (target[key] === undefined) target[key] = next[key];
  }
}

function cap(value: string | undefined, max: number): string | undefined {
  if (value === undefined) return undefined;
  const clean = collapse(value);
  if (clean === '') return undefined;
  const points = Array.from(clean);
  return points.length <= max ? clean : points.slice(0, max).join('');
}

function count(value: number | undefined): number | undefined {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : undefined;
}

function httpUrl(value: string | undefined): string | undefined {
  if (!value) return undefined;
  try {
    const url = new URL(value);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.href.length <= 2000 ? url.href : undefined;
  } catch {
    return undefined;
  }
}

function uniqueBadges(badges: readonly (string | undefined | false)[] | undefined): string[] {
  const out: string[] = [];
  for (const badge of badges ?? []) {
    if (!badge) continue;
    const clean = cap(badge, LIMITS.badge);
    if (clean && !out.includes(clean) && out.length < LIMITS.badges) out.push(clean);
  }
  return out;
}
