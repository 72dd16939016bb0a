import { z } from '../zod';

/** A non-empty string after trimming; the trimmed value is kept. */
export const NonEmpty = z.string().trim().min(1);

/** Milliseconds since the epoch; all stored times use it so they sort and index. */
export const Timestamp = z.number().int().nonnegative();

/** A count as shown on a page, parsed to a plain integer ("1.2M" -> 1200000). */
export const Count = z.number().int().nonnegative();

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/**
 * True for an ISO 8601 date or date-time that exists on the calendar
 * (2024-02-29 yes, 2023-02-29 no: Date.parse would roll it over to March).
 */
export function isIsoDate(text: string): boolean {
  const m = ISO_DATE.exec(text);
  if (!m) return false;
  const [, y, mo, d, h, mi, s] = m;
  const month = Number(mo);
  const day = Number(d);
  if (month < 1 || month > 12 || day < 1) return false;
  if (new Date(Date.UTC(Number(y), month - 1, day)).getUTCMonth() !== month - 1) return false;
  return h === undefined || (Number(h) <= 23 && Number(mi) <= 59 && Number(s ?? 0) <= 59);
}

/** ISO 8601 date or date-time, e.g. 2024-07-06 or 2024-07-06T10:00:00Z. */
export const IsoDate = z.string().refine(isIsoDate, 'expected an ISO 8601 date such as 2024-07-06');

/** ISO 4217 currency code. */
export const Currency = z
  .string()
  .trim()
  .regex(/^[A-Za-z]{3}$/, 'expected a three-letter currency code such as EUR')
  .transform((s) => s.toUpperCase());

/** A web address; other schemes (javascript:, data:, file:) are refused. */
export const Url = z.url({ protocol: /^https?$/ });
