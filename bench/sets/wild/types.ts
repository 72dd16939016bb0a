/** The set's records, exactly as customers.csv, profiles.jsonl and truth.jsonl hold them (docs/FORMATS.md). */
import type { Kind, ProfilePlatform } from './shares';

/** One row of customers.csv; empty strings are empty cells. */
export interface CustomerRow {
  customer_id: string;
  first_name: string;
  last_name: string;
  email: string;
  phone: string;
  city: string;
  country: string;
  company: string;
  website: string;
  /** platform:handle pairs joined by ';'. */
  handles: string;
}

/** One line of profiles.jsonl; absent fields are left out of the line. */
export interface ProfileRow {
  id: string;
  platform: ProfilePlatform;
  handle?: string;
  displayName?: string;
  profileUrl?: string;
  location?: string;
  bio?: string;
  website?: string;
  followers?: number;
}

/** One line of truth.jsonl. */
export interface Truth {
  profileId: string;
  customerId: string | null;
  kind: Kind;
  /** Whether the profile shows anything that points to a customer (see README.md). */
  evidence: 'none' | 'some';
}

export interface WildSet {
  customers: CustomerRow[];
  profiles: ProfileRow[];
  truth: Truth[];
}

export interface WildSetOptions {
  /** Customers in the CRM (default 100,000). */
  customers?: number;
  /** Captured profiles (default 20,000). */
  profiles?: number;
  /** Share of profiles that belong to no customer (default 0.6). */
  strangerShare?: number;
  seed?: number;
}
