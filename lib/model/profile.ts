import { z } from '../zod';
import { NonEmpty, Timestamp } from './common';
import { CapturedContribution, CapturedProfile } from './capture';

/** The stable id of a person on one platform across every page they appear on. */
export function profileId(platform: string, key: string): string {
  return `${platform}:${key}`;
}

/**
 * A person on one platform as Earshot knows them: the latest captured fields,
 * when they were first and last seen, and when their counts were observed.
 */
export const Profile = CapturedProfile.extend({
  id: NonEmpty,
  firstSeenAt: Timestamp,
  lastSeenAt: Timestamp,
  /** When the follower / review counts were last read from a page. */
  countsObservedAt: Timestamp.optional(),
  /** Pages this person was seen on, most recent last (bounded). */
  seenOn: z.array(z.string()).max(20).default([]),
});
export type Profile = z.infer<typeof Profile>;

/**
 * One line of profiles.jsonl: a captured person with an id unique within the file. A person as
 * the extractors write them (platform + key, FORMATS.md 'captured page') is a line as it is: its
 * id is then platform:key, the id the extension stores them under. Profiles without a display
 * name are real (an account showing only its handle, or an email address in its bio): a display
 * name or a handle is enough.
 */
export const ProfileLine = CapturedProfile.partial({ key: true, displayName: true })
  .extend({ id: NonEmpty.optional() })
  .refine((p) => p.displayName !== undefined || (p.handle !== undefined && p.handle.trim() !== ''), {
    message: 'a profile needs a displayName or a handle',
    path: ['displayName'],
  })
  .refine((p) => p.id !== undefined || p.key !== undefined, {
    message: 'a profile needs an id, or a key (its id is then platform:key)',
    path: ['id'],
  })
  .transform((p) => ({ ...p, id: p.id ?? profileId(p.platform, p.key!) }));
export type ProfileLine = z.infer<typeof ProfileLine>;

/** A stored review, post or comment, deduplicated across pages and visits. */
export const Contribution = CapturedContribution.extend({
  id: NonEmpty,
  profileId: NonEmpty,
  /** The page it was seen on. */
  pageUrl: z.string(),
  /** Whether it is about one of the user's own brands (settings.value.ownBrands). */
  aboutOwnBrand: z.boolean().default(false),
  firstSeenAt: Timestamp,
  lastSeenAt: Timestamp,
});
export type Contribution = z.infer<typeof Contribution>;
