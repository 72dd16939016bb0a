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
  /**
   * What the CRM says of profiling this customer (customers.csv `do_not_profile`, or the CRM's
   * objection / do-not-contact property): true = must not be profiled, false = the CRM said no
   * objection, absent = the CRM said nothing.
   */
  doNotProfile: z.boolean().optional(),
  /** When the customer's objection to profiling (GDPR Art. 21) was recorded in Earshot; it outlives imports and pulls. */
  objectedAt: Timestamp.optional(),
  updatedAt: Timestamp,
});
export type Customer = z.infer<typeof Customer>;

/** How a customer is named on screen: first and last name, or the CRM id when the CRM has no name. */
export function displayName(c: Pick<Customer, 'firstName' | 'lastName' | 'id'>): string {
  return [c.firstName, c.lastName].filter(Boolean).join(' ') || c.id;
}

/**
 * The customer's own choice comes first: a customer their CRM marks as not to
 * be profiled, or whose objection was recorded here, is never matched to
 * captured people, valued or segmented beyond their purchase history, nor
 * sent profiling fields.
 */
export function mustNotProfile(c: Pick<Customer, 'doNotProfile' | 'objectedAt'>): boolean {
  return c.doNotProfile === true || c.objectedAt !== undefined;
}

/**
 * What a value run (or anything else that profiles) may read: the customers who may be profiled, their
 * orders, and links that name none of the others. Those others do not shape the models or thresholds
 * anyone is valued by either.
 */
export function profilingInput<C extends Pick<Customer, 'id' | 'doNotProfile' | 'objectedAt'>, O extends { customerId: string }, M extends { customerId: string | null }>(
  customers: readonly C[],
  orders: readonly O[],
  matches: readonly M[],
): { customers: C[]; orders: O[]; matches: M[]; excluded: C[] } {
  const excluded = customers.filter(mustNotProfile);
  if (excluded.length === 0) return { customers: [...customers], orders: [...orders], matches: [...matches], excluded };
  const ids = new Set(excluded.map((c) => c.id));
  return {
    customers: customers.filter((c) => !ids.has(c.id)),
    orders: orders.filter((o) => !ids.has(o.customerId)),
    matches: matches.filter((m) => m.customerId === null || !ids.has(m.customerId)),
    excluded,
  };
}
