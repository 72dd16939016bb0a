import { z } from '../zod';

/**
 * A person in the views: a CRM customer (with all profiles linked to them), or
 * a captured profile nobody has linked yet. Tags and sync jobs refer to people
 * by this string so one index serves both.
 */
export const PersonRef = z.string().regex(/^(customer|profile):.+$/, 'expected customer:<id> or profile:<id>');
export type PersonRef = `customer:${string}` | `profile:${string}`;

export function customerRef(customerId: string): PersonRef {
  return `customer:${customerId}`;
}
export function profileRef(profileId: string): PersonRef {
  return `profile:${profileId}`;
}
export function parsePersonRef(ref: string): { kind: 'customer' | 'profile'; id: string } | null {
  const colon = ref.indexOf(':');
  const kind = ref.slice(0, colon);
  const id = ref.slice(colon + 1);
  if ((kind === 'customer' || kind === 'profile') && id) return { kind, id };
  return null;
}
/** The customer's id when the reference names a customer; null for a profile (or no reference). */
export function customerIdOf(ref: string): string | null {
  const parsed = parsePersonRef(ref);
  return parsed?.kind === 'customer' ? parsed.id : null;
}
