import { z } from '../zod';
import { Timestamp } from './common';
import { PersonRef } from './person';

/** A label a community manager put on a person ("ambassador", "gift box 2025"). */
export const TagLabel = z
  .string()
  .trim()
  .min(1, 'a tag needs a label')
  .max(60, 'a tag label has at most 60 characters')
  // The label becomes a CRM multi-checkbox option: keep it printable.
  .regex(/^[^\p{C}]+$/u, 'a tag label cannot contain control characters');

/** One tag on one person. The tag vocabulary is the set of distinct labels. */
export const Tag = z.object({
  id: z.string().min(1),
  personRef: PersonRef,
  label: TagLabel,
  createdAt: Timestamp,
});
export type Tag = z.infer<typeof Tag>;

export function tagId(personRef: string, label: string): string {
  return `${personRef}|${label.trim().toLowerCase()}`;
}
