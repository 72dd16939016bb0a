import { z } from '../zod';
import { Currency, IsoDate, NonEmpty } from './common';

/** An order's sales channel as stored: trimmed, spaces collapsed, lower case, so "Webshop" and "webshop " are one. */
export const OrderChannel = z
  .string()
  .max(60, 'a channel has at most 60 characters')
  .regex(/^[^\p{C}]+$/u, 'a channel cannot contain control characters')
  .transform((s) => normaliseChannel(s))
  .refine((s) => s !== '', 'a channel cannot be empty');

export function normaliseChannel(text: string): string {
  return text.trim().replace(/\s+/g, ' ').toLowerCase();
}

/** One order of a customer (orders.csv). Amounts are in the order's currency. */
export const Order = z.object({
  id: NonEmpty,
  customerId: NonEmpty,
  date: IsoDate,
  amount: z.number().finite(),
  currency: Currency,
  /** Returns, support, shipping and discounts this order cost the shop. */
  costToServe: z.number().finite().nonnegative().optional(),
  /** Where the order was placed (webshop, store, marketplace, ...) when the CRM export says; lower case. */
  channel: OrderChannel.optional(),
});
export type Order = z.infer<typeof Order>;

/**
 * The largest amount (or cost) an order may have, either sign. Beyond it a
 * value is a typing or export error, and a few of them summed overflow to
 * Infinity, which JSON stores as null: the importer refuses them by line.
 */
export const MAX_ORDER_AMOUNT = 1e9;
