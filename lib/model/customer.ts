import { z } from '../zod';
import { NonEmpty, Timestamp } from './common';
import { Platform } from './platform';

/** A handle the CRM already knows for a customer, e.g. instagram:janneke.vd. */
export const KnownHandle = z.object({
  platform: Platform,
  handle: NonEmpty,
});
export type KnownHandle = z.infer<typeof KnownHandle>;

export const CUSTOMER_SOURCES = ['csv', 'sample', 'hubspot', 'pipedrive'] as const;

/** A customer of the user's shop, as the CRM holds them (customers.csv). */
export const Customer = z.object({
  id: NonEmpty,
  firstName: z.string().optional(),
  lastName: z.string().optional(),
  email: z.string().optional(),
  phone: z.string().optional(),
  city: z.string().optional(),
  country: z.string().optional(),
  company: z.string().optional(),
  website: z.string().optional(),
  handles: z.array(KnownHandle).default([]),
  /** Columns of the export that are not ours, kept as they came. */
  custom: z.record(z.string(), z.string()).default({}),
  source: z.enum(CUSTOMER_SOURCES).default('csv'),
  updatedAt: Timestamp,
});
export type Customer = z.infer<typeof Customer>;

/** How a customer is named on screen: first and last name, or the CRM id when the CRM has no name. */
export function displayName(c: Pick<Customer, 'firstName' | 'lastName' | 'id'>): string {
  return [c.firstName, c.lastName].filter(Boolean).join(' ') || c.id;
}
