import { z } from '../zod';

/** A non-empty string after trimming; the trimmed value is kept. */
export const NonEmpty = z.string().trim().min(1);

/** Milliseconds since the epoch; all stored times use it so they sort and index. */
export const Timestamp = z.number().int().nonnegative();

/** A count as shown on a page, parsed to a plain integer ("1.2M" -> 1200000). */
export const Count = z.number().int().nonnegative();

/** ISO 8601 date or date-time, e.g. 2024-07-06 or 2024-07-06T10:00:00Z. */
export const IsoDate = z
  .string()
  .regex(
    /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/,
    'expected an ISO 8601 date such as 2024-07-06',
  )
  .refine((s) => !Number.isNaN(Date.parse(s.length === 10 ? `${s}T00:00:00Z` : s)), 'not a real date');

/** ISO 4217 currency code. */
export const Currency = z
  .string()
  .trim()
  .regex(/^[A-Za-z]{3}$/, 'expected a three-letter currency code such as EUR')
  .transform((s) => s.toUpperCase());

export const Url = z.url();
