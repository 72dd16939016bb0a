/**
 * The two optional columns of issue 21: customers.csv `do_not_profile` (the
 * customer's own choice) and orders.csv `channel` (where the order was placed).
 */
import { describe, expect, it } from 'vitest';
import { importCsv, type ImportBatch } from '../../../lib/crm/import';
import { mergeCustomer, mergeOrder } from '../../../lib/crm/merge';
import { customerCsvLine, CUSTOMERS_HEADER, orderCsvLine, ORDERS_HEADER } from '../../../lib/crm/formats';
import { mustNotProfile, type Customer, type Order } from '../../../lib/model';

async function run(text: string, kind: 'customers' | 'orders') {
  const batches: ImportBatch[] = [];
  const summary = await importCsv([text], { kind, now: Date.parse('2026-12-07T00:00:00Z') }, (b) => void batches.push(b));
  return { summary, rows: batches.flatMap((b) => b.rows), errors: batches.flatMap((b) => b.errors) };
}

describe('customers.csv do_not_profile', () => {
  it('reads yes, true and 1 as an objection, no, false and 0 as none, and names the line of anything else', async () => {
    const text = ['customer_id,first_name,do_not_profile', 'C1,Jan,yes', 'C2,Anna,TRUE', 'C3,Piet,1', 'C4,Els,no', 'C5,Kees,0', 'C6,Mies,', 'C7,Joop,maybe', 'C8,Truus,false'].join('\n') + '\n';
    const { rows, errors } = await run(text, 'customers');
    const byId = new Map((rows as Customer[]).map((c) => [c.id, c]));
    expect([...byId.keys()]).toEqual(['C1', 'C2', 'C3', 'C4', 'C5', 'C6', 'C8']);
    expect(['C1', 'C2', 'C3'].map((id) => byId.get(id)!.doNotProfile)).toEqual([true, true, true]);
    expect(['C4', 'C5', 'C8'].map((id) => byId.get(id)!.doNotProfile)).toEqual([false, false, false]);
    // An empty cell says nothing: the field stays absent, so a re-import cannot lift an objection by accident.
    expect('doNotProfile' in byId.get('C6')!).toBe(false);
    expect(errors).toEqual([{ line: 8, field: 'do_not_profile', message: '"maybe" is neither yes, true or 1 (must not be profiled) nor no, false, 0 or empty' }]);
    expect((rows as Customer[]).filter(mustNotProfile).map((c) => c.id)).toEqual(['C1', 'C2', 'C3']);
  });

  it('is a column of its own, not a custom field, and round-trips through the written format', async () => {
    const { rows } = await run('customer_id,do_not_profile,tier\nC1,yes,gold\n', 'customers');
    expect(rows[0]).toMatchObject({ id: 'C1', doNotProfile: true, custom: { tier: 'gold' } });
    const written = CUSTOMERS_HEADER + customerCsvLine(rows[0] as Customer);
    expect(CUSTOMERS_HEADER.trimEnd().endsWith(',do_not_profile')).toBe(true);
    expect((await run(written, 'customers')).rows[0]).toMatchObject({ id: 'C1', doNotProfile: true });
  });

  it('a re-import changes the choice only where the file states one; an Earshot objection outlives any import', () => {
    const stored: Customer = { id: 'C1', firstName: 'Jan', handles: [], custom: {}, source: 'csv', doNotProfile: true, updatedAt: 1 };
    const columns = { fields: { customer_id: 'customer_id', do_not_profile: 'do_not_profile' }, custom: [] };
    const incoming = (doNotProfile?: boolean): Customer => ({ id: 'C1', handles: [], custom: {}, source: 'csv', updatedAt: 2, ...(doNotProfile === undefined ? {} : { doNotProfile }) });
    // A file without the column leaves it alone.
    expect(mergeCustomer(stored, incoming(), { fields: { customer_id: 'customer_id' }, custom: [] }, false).row.doNotProfile).toBe(true);
    // An empty cell is a blanking: counted, and kept unless the user asked to apply blankings.
    expect(mergeCustomer(stored, incoming(), columns, false)).toMatchObject({ row: { doNotProfile: true }, blanked: ['do_not_profile'] });
    expect('doNotProfile' in mergeCustomer(stored, incoming(), columns, true).row).toBe(false);
    // A stated no is the CRM lifting its mark.
    expect(mergeCustomer(stored, incoming(false), columns, false).row.doNotProfile).toBe(false);
    // The objection recorded in Earshot is not the CRM's column: no file lifts it.
    const objected = { ...stored, doNotProfile: false, objectedAt: 5 };
    const merged = mergeCustomer(objected, incoming(false), columns, true).row;
    expect(merged.objectedAt).toBe(5);
    expect(mustNotProfile(merged)).toBe(true);
  });
});

describe('orders.csv channel', () => {
  it('keeps the channel as one spelling and names a bad one by line', async () => {
    const text = ['order_id,customer_id,date,amount,channel', 'O1,C1,2026-01-05,10,Webshop', 'O2,C1,2026-01-06,10,  web   SHOP ', 'O3,C1,2026-01-07,10,', `O4,C1,2026-01-08,10,${'x'.repeat(61)}`, 'O5,C1,2026-01-09,10,Store'].join('\n') + '\n';
    const { rows, errors } = await run(text, 'orders');
    expect((rows as Order[]).map((o) => [o.id, o.channel])).toEqual([
      ['O1', 'webshop'],
      ['O2', 'web shop'],
      ['O3', undefined],
      ['O5', 'store'],
    ]);
    expect(errors).toEqual([{ line: 5, field: 'channel', message: `"${'x'.repeat(40)}…": a channel has at most 60 characters` }]);
  });

  it('round-trips, and a re-import without the column keeps the stored channel', async () => {
    const order: Order = { id: 'O1', customerId: 'C1', date: '2026-01-05', amount: 10, currency: 'EUR', channel: 'store' };
    expect(ORDERS_HEADER.trimEnd().endsWith(',cost_to_serve,channel')).toBe(true);
    expect((await run(ORDERS_HEADER + orderCsvLine(order), 'orders')).rows[0]).toEqual(order);
    const again: Order = { id: 'O1', customerId: 'C1', date: '2026-01-05', amount: 12, currency: 'EUR' };
    expect(mergeOrder(order, again, { fields: { order_id: 'order_id' }, custom: [] }, true).row).toEqual({ ...again, channel: 'store' });
    expect(mergeOrder(order, { ...again, channel: 'webshop' }, { fields: { channel: 'channel' }, custom: [] }, false).row.channel).toBe('webshop');
    expect(mergeOrder(order, again, { fields: { channel: 'channel' }, custom: [] }, false)).toMatchObject({ row: { channel: 'store' }, blanked: ['channel'] });
  });
});
