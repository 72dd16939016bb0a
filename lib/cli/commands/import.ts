import { basename, resolve } from 'node:path';
import { defineCommand, optionalString, requireString } from '../command';
import { importCsvFile, inputPath } from '../read';
import { printRowErrors } from '../files';
import { loadStore, saveStore, type FileStore } from '../file-store';
import { type ImportSummary, type RowError } from '../../crm/import';
import { describeEncoding } from '../../crm/encoding';
import { parseMapping } from '../../crm/columns';
import type { Customer, Order } from '../../model';

export default defineCommand({
  name: 'import',
  summary: 'store customers (and their orders) from CSV files in a database file',
  usage: `
earshot import --customers customers.csv [--orders orders.csv] --db FILE [--map field=Header,...] [--currency EUR]

Reads CRM exports in the customers.csv / orders.csv formats (or HubSpot, Shopify
and Salesforce exports, recognised by their headers) and stores them in FILE,
adding to and updating what it holds. Bad rows are reported with their line and
field and skipped; good rows are kept. The file is replaced only when the whole
import has succeeded.

  --customers FILE   customers CSV (customer_id,first_name,last_name,email,...)
  --orders FILE      orders CSV (order_id,customer_id,date,amount,currency,cost_to_serve)
  --db FILE          the database file to create or update
  --map LIST         columns with other headers: first_name=Voornaam,last_name=Achternaam
  --orders-map LIST  the same for the orders file
  --currency CODE    currency of orders without one (default EUR)
  --quiet            print only the summary
`,
  options: {
    customers: { type: 'string' },
    orders: { type: 'string' },
    db: { type: 'string' },
    map: { type: 'string' },
    'orders-map': { type: 'string' },
    currency: { type: 'string' },
    quiet: { type: 'boolean' },
  },
  async run(values, _positionals, io) {
    const dbPath = resolve(io.cwd, requireString(values, 'db'));
    const customersPath = optionalString(values, 'customers');
    const ordersPath = optionalString(values, 'orders');
    if (!customersPath && !ordersPath) requireString(values, 'customers');
    const quiet = values.quiet === true;
    const started = performance.now();

    const store = await loadStore(dbPath);
    const report: Record<string, unknown> = {};

    if (customersPath) {
      const path = inputPath(io.cwd, customersPath, 'customers');
      const t0 = performance.now();
      const summary = await importCsvFile(
        path,
        { kind: 'customers', mapping: parseMapping(optionalString(values, 'map') ?? '') },
        (batch) => {
          for (const row of batch.rows) store.customers.set(row.id, row as Customer);
          if (!quiet) printRowErrors(io, basename(path), batch.errors);
        },
      );
      report.customers = describe(summary, performance.now() - t0);
    }
    if (ordersPath) {
      const path = inputPath(io.cwd, ordersPath, 'orders');
      const t0 = performance.now();
      const pending: { order: Order; line: number }[] = [];
      const summary = await importCsvFile(
        path,
        {
          kind: 'orders',
          mapping: parseMapping(optionalString(values, 'orders-map') ?? ''),
          defaultCurrency: optionalString(values, 'currency') ?? 'EUR',
        },
        (batch) => {
          batch.rows.forEach((row, i) => pending.push({ order: row as Order, line: batch.lines[i]! }));
          if (!quiet) printRowErrors(io, basename(path), batch.errors);
        },
      );
      const orphans = keepOrdersOfKnownCustomers(store, pending);
      summary.rowsOk -= orphans.length;
      summary.rowsBad += orphans.length;
      if (!quiet) printRowErrors(io, basename(path), orphans);
      report.orders = describe(summary, performance.now() - t0);
    }

    await saveStore(dbPath, store);
    const seconds = (performance.now() - started) / 1000;
    report.db = { path: dbPath, customers: store.customers.size, orders: store.orders.size };
    report.seconds = round(seconds, 3);
    io.stdout.write(`${JSON.stringify(report)}\n`);
    return 0;
  },
});

function keepOrdersOfKnownCustomers(store: FileStore, pending: { order: Order; line: number }[]): RowError[] {
  const errors: RowError[] = [];
  for (const { order, line } of pending) {
    if (store.customers.has(order.customerId)) store.orders.set(order.id, order);
    else errors.push({ line, field: 'customer_id', message: `no customer "${order.customerId}" in the database or the customers file` });
  }
  return errors;
}

function describe(summary: ImportSummary, ms: number) {
  return {
    ok: summary.rowsOk,
    bad: summary.rowsBad,
    delimiter: summary.delimiter,
    encoding: summary.encoding ? describeEncoding(summary.encoding) : null,
    recognisedAs: summary.preset,
    seconds: round(ms / 1000, 3),
    rowsPerSecond: Math.round((summary.rowsOk + summary.rowsBad) / Math.max(ms / 1000, 1e-6)),
  };
}

const round = (n: number, digits: number) => Math.round(n * 10 ** digits) / 10 ** digits;
