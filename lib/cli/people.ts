/**
 * Captured people, one shape for every command: lines of profiles.jsonl and
 * the people on captured pages (exactly what `earshot extract` writes) are the
 * same people. A person's id is platform:key unless a profiles.jsonl line
 * gives one. People seen on several pages are merged as the extension stores
 * them (lib/db/captures.ts): the latest values win, missing ones keep the old,
 * and their reviews and posts are deduplicated across pages.
 */
import { contributionIdentities, mergeContribution, mergeProfile } from '../db/captures';
import { CapturedPage, isPlatform, pageKey, ProfileLine, type Contribution, type Profile } from '../model';
import type { CliIo } from './command';
import { readJsonLines, type JsonLine } from './jsonl';
import type { Source } from './source';

/** A person as the commands hold them: a profiles.jsonl line, or merged from captured pages. */
export type Person = Profile | ProfileLine;

const isObject = (json: unknown): json is Record<string, unknown> => typeof json === 'object' && json !== null && !Array.isArray(json);

/** A captured page given where profiles are read, and the other way round, is named for what it is. */
const pageGivenAsProfile = (json: unknown) =>
  isObject(json) && Array.isArray(json.profiles) && 'url' in json ? 'a captured page (as `earshot extract` writes), not a profile: give this file with --captures' : undefined;
const profileGivenAsPage = (json: unknown) =>
  isObject(json) && 'platform' in json && !('profiles' in json) ? 'a profile, not a captured page: give this file with --profiles' : undefined;

/** The lines of a profiles.jsonl input, each id once (the one rule for repeated ids). */
export function profileLines(io: CliIo, source: Source, need: string): AsyncGenerator<JsonLine<ProfileLine>> {
  return readJsonLines(source, ProfileLine, { io, need, unique: { field: 'id', of: (p) => p.id }, hint: pageGivenAsProfile });
}

/** The pages of a captured-pages input. A page seen twice is two visits: its people are merged, not refused. */
export function capturedPages(io: CliIo, source: Source, need: string): AsyncGenerator<JsonLine<CapturedPage>> {
  return readJsonLines(source, CapturedPage, { io, need, hint: profileGivenAsPage });
}

export interface PeopleOptions {
  /** The moment the people count as seen (the as-of day for values). */
  now: number;
  /** The user's own brands: contributions mentioning one count as brand relevance. */
  ownBrands: readonly string[];
  /** Only these people are kept (with their contributions); all when absent. */
  keep?: (id: string) => boolean;
}

/** People and their contributions gathered from profiles.jsonl lines and captured pages. */
export class CapturedPeople {
  private readonly people = new Map<string, Person>();
  private readonly byId = new Map<string, Contribution>();

  constructor(private readonly options: PeopleOptions) {}

  get size(): number {
    return this.people.size;
  }

  addLine(line: ProfileLine): void {
    if (this.options.keep?.(line.id) === false) return;
    this.people.set(line.id, line);
  }

  addPage(page: CapturedPage): void {
    const { now, keep } = this.options;
    const url = pageKey(page.url);
    for (const seen of page.profiles) {
      const id = `${seen.platform}:${seen.key}`;
      if (keep?.(id) === false) continue;
      const known = this.people.get(id);
      this.people.set(id, mergeProfile(known && ('seenOn' in known ? known : personFor(id, known, now)), seen, url, now));
    }
    const identities = contributionIdentities(page);
    page.contributions.forEach((c, i) => {
      const identity = identities[i]!;
      if (keep?.(identity.profileId) === false) return;
      this.byId.set(identity.id, mergeContribution(this.byId.get(identity.id), c, identity, url, this.options));
    });
  }

  /** Everyone, in the order they were first read. */
  profiles(): Person[] {
    return [...this.people.values()];
  }

  /** The contributions in the order of their ids, the order the extension reads them in. */
  contributions(): Contribution[] {
    return [...this.byId.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }
}

/** Read every given input into `people`: the profiles.jsonl lines first, then the captured pages. */
export async function gatherPeople(io: CliIo, inputs: { profiles?: Source; captures?: Source }, people: CapturedPeople, need: string): Promise<void> {
  if (inputs.profiles) for await (const { value } of profileLines(io, inputs.profiles, need)) people.addLine(value);
  if (inputs.captures) for await (const { value } of capturedPages(io, inputs.captures, need)) people.addPage(value);
}

/**
 * A person as a Profile record: what their profiles.jsonl line says, or, without one, what their
 * id says ("instagram:janneke.vd": platform instagram, handle janneke.vd).
 */
export function personFor(id: string, line: ProfileLine | undefined, now: number): Profile {
  const [prefix, ...rest] = id.split(':');
  const platform = line?.platform ?? (prefix && isPlatform(prefix) && rest.length > 0 ? prefix : 'other');
  const key = line?.key ?? (rest.join(':') || id);
  return {
    ...line,
    id,
    platform,
    key,
    displayName: line?.displayName ?? line?.handle ?? key,
    ...(line?.handle ? {} : platform !== 'other' ? { handle: key } : {}),
    firstSeenAt: now,
    lastSeenAt: now,
    seenOn: [],
  };
}
