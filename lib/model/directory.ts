/**
 * A row of the people directory: one per person the workspace lists, with what
 * it searches and filters by. lib/db/people.ts derives and writes the rows,
 * lib/views/people.ts reads them.
 */
import type { Platform } from './platform';

/**
 * linked: a customer with at least one linked profile; crm-only: a customer
 * nobody has been seen as; review: a profile with a suggested customer;
 * unmatched: a profile with no customer (none found, or rejected); not-profiled: a customer who must
 * not be profiled (their CRM says so, or they objected): counted and found by this status.
 */
export const PERSON_STATUSES = ['linked', 'crm-only', 'review', 'unmatched', 'not-profiled'] as const;
export type PersonStatus = (typeof PERSON_STATUSES)[number];

export interface PersonRow {
  ref: string;
  kind: 'customer' | 'profile';
  /** The name shown. */
  name: string;
  /** The name as it sorts: case and accents folded, so "anna" and "Ánna" sit with "Anna". */
  sortName: string;
  status: PersonStatus;
  platforms: Platform[];
  /** Profiles this row stands for (a customer's linked ones, or the profile itself). */
  profileIds: string[];
  tags: string[];
  /** Search words: name, email, handles, linked profiles' names, and their Latin spellings. */
  words: string[];
  /**
   * Followers across the person's profiles (not de-duplicated: see value/influence), and the last time
   * one of them was seen on a page. Absent for a customer nobody has seen online: IndexedDB then keeps
   * no index entry for them, which is most customers (index entries are what writing the directory costs).
   */
  followers?: number;
  lastSeenAt?: number;
}
