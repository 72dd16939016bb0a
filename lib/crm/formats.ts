/**
 * Writing customers.csv and orders.csv exactly as FORMATS.md lays them out: data files for a CRM
 * and for other programs, so values are written as they are (no spreadsheet formula guard, which
 * would turn +31 6 12345678 into '+31 6 12345678).
 */
import type { Customer, Order } from '../model';
import { csvDataLine } from './csv';
import { fieldsOf } from './columns';

export const CUSTOMERS_HEADER = csvDataLine(fieldsOf('customers'));
export const ORDERS_HEADER = csvDataLine(fieldsOf('orders'));

export function customerCsvLine(c: Customer): string {
  return csvDataLine([
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
  return csvDataLine([o.id, o.customerId, o.date, o.amount.toFixed(2), o.currency, o.costToServe?.toFixed(2), o.channel]);
}
