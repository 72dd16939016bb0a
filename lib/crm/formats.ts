/** Writing customers.csv and orders.csv exactly as FORMATS.md lays them out. */
import type { Customer, Order } from '../model';
import { csvLine } from './csv';
import { CUSTOMER_FIELDS, ORDER_FIELDS } from './columns';

export const CUSTOMERS_HEADER = csvLine(CUSTOMER_FIELDS);
export const ORDERS_HEADER = csvLine(ORDER_FIELDS);

export function customerCsvLine(c: Customer): string {
  return csvLine([
    c.id,
    c.firstName,
    c.lastName,
    c.email,
    c.phone,
    c.city,
    c.country,
    c.company,
    c.website,
    c.handles.map((h) => `${h.platform}:${h.handle}`).join(';'),
  ]);
}

export function orderCsvLine(o: Order): string {
  return csvLine([o.id, o.customerId, o.date, o.amount.toFixed(2), o.currency, o.costToServe?.toFixed(2)]);
}
