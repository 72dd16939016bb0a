/**
 * The stated frequencies of the set, in one place (README.md explains each).
 * Shares are per cent of their group; the profile kinds are dealt out exactly
 * (largest remainder), the rest are drawn.
 */
import type { Presentation } from './display';

/** What a profile of a customer is, as a case for the matcher. */
export const CUSTOMER_KINDS = {
  'customer-plain': 19,
  'customer-name-variant': 7,
  'customer-married-name': 2,
  'customer-nickname': 6,
  'customer-translit': 5,
  'customer-typo': 5,
  'customer-decorated': 5,
  'customer-short-name': 6,
  'customer-first-name': 7,
  'customer-handle-only': 8,
  'customer-pseudonym': 6,
  'customer-no-name': 5,
  'customer-recorded-handle': 4,
  'customer-renamed-handle': 2,
  'customer-email-in-bio': 3,
  'customer-shared-email': 1,
  'customer-colleague-email': 0.5,
  'customer-website': 2,
  'customer-family': 2.5,
  'customer-colleague': 1.5,
  'customer-namesake': 2.5,
} as const;

/** What a profile of someone who is not a customer is. */
export const STRANGER_KINDS = {
  stranger: 85.5,
  'namesake-stranger': 6,
  'stale-handle-stranger': 2,
  'family-stranger': 3,
  'colleague-stranger': 2,
  'shared-email-stranger': 1.5,
} as const;

export type CustomerKind = keyof typeof CUSTOMER_KINDS;
export type StrangerKind = keyof typeof STRANGER_KINDS;
export type Kind = CustomerKind | StrangerKind;

export const PROFILE_PLATFORMS = ['amazon', 'trustpilot', 'google', 'instagram', 'tiktok', 'youtube', 'x', 'bluesky'] as const;
export type ProfilePlatform = (typeof PROFILE_PLATFORMS)[number];

/** Where a marketer of a web shop meets people: reviews first, then social media. */
export const PLATFORM_MIX: Readonly<Record<ProfilePlatform, number>> = {
  amazon: 22,
  trustpilot: 14,
  google: 14,
  instagram: 18,
  tiktok: 10,
  youtube: 8,
  x: 8,
  bluesky: 6,
};

/** How people present their name on each platform (a stranger's profile is drawn from these). */
export const SHOWS: Readonly<Record<ProfilePlatform, Partial<Record<Presentation, number>>>> = {
  amazon: { full: 45, short: 10, first: 12, pseudonym: 13, noName: 18, decorated: 2 },
  trustpilot: { full: 58, short: 18, first: 15, pseudonym: 5, decorated: 2, variant: 2 },
  google: { full: 65, short: 6, first: 12, pseudonym: 8, decorated: 3, noName: 6 },
  instagram: { handleOnly: 30, full: 30, first: 10, decorated: 14, pseudonym: 12, short: 4 },
  tiktok: { handleOnly: 25, pseudonym: 25, first: 15, decorated: 15, full: 20 },
  youtube: { full: 40, pseudonym: 30, first: 10, decorated: 10, short: 5, handleOnly: 5 },
  x: { full: 40, pseudonym: 20, first: 10, decorated: 15, short: 5, handleOnly: 10 },
  bluesky: { handleOnly: 25, full: 45, first: 8, decorated: 10, pseudonym: 12 },
};

/** Share of profiles with a bio, a website, a filled-in location field, a place in the bio. */
export const BIO_RATE: Readonly<Record<ProfilePlatform, number>> = { amazon: 3, trustpilot: 0, google: 0, instagram: 65, tiktok: 55, youtube: 50, x: 70, bluesky: 60 };
export const WEBSITE_RATE: Readonly<Record<ProfilePlatform, number>> = { amazon: 0, trustpilot: 0, google: 0, instagram: 15, tiktok: 5, youtube: 30, x: 25, bluesky: 0 };
export const LOCATION_RATE: Readonly<Record<ProfilePlatform, number>> = { amazon: 3, trustpilot: 95, google: 0, instagram: 0, tiktok: 0, youtube: 35, x: 45, bluesky: 0 };
export const BIO_PLACE_RATE: Readonly<Record<ProfilePlatform, number>> = { amazon: 0, trustpilot: 0, google: 0, instagram: 15, tiktok: 8, youtube: 5, x: 5, bluesky: 8 };

/** Of a customer's captured profiles: a customer met on one platform, on two, ... (drawn, see plan.ts). */
export const REUSE_CUSTOMER = 0.3;
