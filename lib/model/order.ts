import { z } from '../zod';
import { Currency, IsoDate, NonEmpty } from './common';

/** One order of a customer (orders.csv). Amounts are in the order's currency. */
export const Order = z.object({
  id: NonEmpty,
  customerId: NonEmpty,
  date: IsoDate,
  amount: z.number().finite(),
  currency: Currency,
  /** Returns, support, shipping and discounts this order cost the shop. */
  costToServe: z.number().finite().nonnegative().optional(),
});
export type Order = z.infer<typeof Order>;

/**
 * The largest amount (or cost) an order may have, either sign. Beyond it a
 * value is a typing or export error, and a few of them summed overflow to
 * Infinity, which JSON stores as null: the importer refuses them by line.
 */
export const MAX_ORDER_AMOUNT = 1e9;
