import { z } from '../zod';

/** Platform ids of FORMATS.md (customers.csv `handles`, profiles, captured pages). */
export const PLATFORMS = [
  'amazon',
  'trustpilot',
  'youtube',
  'instagram',
  'tiktok',
  'x',
  'bluesky',
  'google',
  'yelp',
  'goodreads',
  'g2',
  'reddit',
  'linkedin',
  'other',
] as const;

export const Platform = z.enum(PLATFORMS);
export type Platform = z.infer<typeof Platform>;

export function isPlatform(value: string): value is Platform {
  return (PLATFORMS as readonly string[]).includes(value);
}
