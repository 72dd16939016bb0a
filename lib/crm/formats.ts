/** Writing customers.csv and orders.csv exactly as FORMATS.md lays them out. */
import type { Customer, Order } from '../model';
import { csvLine } from './csv';
import { fieldsOf } from './columns';

export const CUSTOMERS_HEADER = csvLine(fieldsOf('customers'));
export const ORDERS_HEADER = csvLine(fieldsOf('orders'));

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
    c.doNotProfile === undefined ? undefined : c.doNotProfile ? 'yes' : 'no',
  ]);
}

export function orderCsvLine(o: Order): string {
  return csvLine([o.id, o.customerId, o.date, o.amount.toFixed(2), o.currency, o.costToServe?.toFixed(2), o.channel]);
}
