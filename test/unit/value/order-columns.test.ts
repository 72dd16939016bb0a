import { describe, expect, it } from 'vitest';
import { OrderColumns } from '../../../lib/value/order-columns';
import { runSteps } from '../../../lib/value/schedule';
import { summariseSteps, type SummaryOrder } from '../../../lib/value/summary';
import { cdnowOrders } from './cdnow';

const fields = (o: SummaryOrder) => ({ id: o.id, customerId: o.customerId, date: o.date, amount: o.amount, currency: o.currency, costToServe: o.costToServe });

describe('orders as columns', () => {
  // Past the first arrays' size, ids in other scripts, costs and none, a customer not in the list.
  const orders: SummaryOrder[] = Array.from({ length: 3000 }, (_, i) => ({
    id: i % 7 === 0 ? `заказ-${i}-ü` : `O${i}`,
    customerId: i % 500 === 499 ? 'nobody' : `C${i % 300}`,
    date: `2024-0${1 + (i % 9)}-1${i % 10}`,
    amount: i % 11 === 0 ? -5.5 : i * 1.25,
    currency: i % 13 === 0 ? 'USD' : 'EUR',
    ...(i % 3 === 0 ? {} : { costToServe: i % 5 }),
  }));
  const columns = new OrderColumns(Array.from({ length: 300 }, (_, i) => `C${i}`));
  for (const o of orders) columns.push(o);

  it('give back every field of every order as it was pushed', () => {
    expect(columns.length).toBe(orders.length);
    const read = orders.map((_, i) => ({
      id: columns.id(i), customerId: columns.customerId(i), date: columns.date(i), amount: columns.amount(i), currency: columns.currency(i), costToServe: columns.costToServe(i),
    }));
    expect(read).toEqual(orders.map(fields));
  });

  it('are summarised exactly as the array of the same orders, exclusions included', () => {
    const options = { asOf: '2024-06-30', unit: 'weeks' as const, currency: 'EUR', exchangeRates: { USD: 0.9 }, customerIds: Array.from({ length: 300 }, (_, i) => `C${i}`) };
    expect(runSteps(summariseSteps(columns, options))).toEqual(runSteps(summariseSteps(orders, options)));
  });

  it('hold a real shop log the same way (CDNOW)', () => {
    const log = cdnowOrders();
    const cdnow = new OrderColumns();
    for (const o of log) cdnow.push(o);
    const options = { asOf: '1997-09-30', unit: 'weeks' as const, currency: 'USD', exchangeRates: {} };
    expect(runSteps(summariseSteps(cdnow, options))).toEqual(runSteps(summariseSteps(log, options)));
  });
});
