import { resolve } from 'node:path';
import { defineCommand, optionalString, requireString, UsageError } from '../command';
import { importCsvSource } from '../read';
import { unusable } from '../jsonl';
import { openSource, type Source } from '../source';
import { printRowErrors, removeStaleTemporaries } from '../files';
import { lockFile } from '../lock';
import { jsonLine, warn } from '../printable';
import { loadStore, saveStore } from '../file-store';
import type { ImportOptions, ImportSummary, RowError } from '../../crm/import';
import type { ImportKind } from '../../crm/columns';
import { RowMerger, type BlankingSummary } from '../../crm/merge';
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
adding to and updating what it holds: a record already stored changes only in
the columns the file has. Bad rows are reported with their line and
field and skipped; good rows are kept. The file is replaced only when the whole
import has succeeded. While it runs, FILE.lock keeps other imports of FILE
waiting; one left by a process that is gone is removed, as are partial files
(FILE.tmp-PID) such a process left. A file of which every row is refused
stops the import (exit code 1) and changes nothing. The report (rows read,
refused, the encoding and separator found) goes to stderr as one JSON line.

  --customers FILE   customers CSV (customer_id,first_name,last_name,email,...); - reads stdin
  --orders FILE      orders CSV (order_id,customer_id,date,amount,currency,cost_to_serve); - reads stdin
  --db FILE          the database file to create or update
  --map LIST         columns with other headers: first_name=Voornaam,last_name=Achternaam
  --orders-map LIST  the same for the orders file
  --currency CODE    currency of orders without one (default EUR)
  --allow-blanking   let an empty cell clear a value already stored (by default it is kept and reported)
  --wait SECONDS     how long to wait while another import holds FILE (default 60; 0: fail at once)
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
    'allow-blanking': { type: 'boolean' },
    wait: { type: 'string' },
  },
  async run(values, _positionals, io) {
    const dbPath = resolve(io.cwd, requireString(values, 'db'));
    const customersPath = optionalString(values, 'customers');
    const ordersPath = optionalString(values, 'orders');
    if (!customersPath && !ordersPath) requireString(values, 'customers');
    const quiet = values.quiet === true;
    const started = performance.now();

    const say = (text: string) => warn(io, text);
    const unlock = await lockFile(dbPath, { command: 'earshot import', waitMs: waitSeconds(values.wait) * 1000, say });
    try {
      await removeStaleTemporaries(dbPath, say);
      const store = await loadStore(dbPath, (why) => warn(io, `${dbPath}: ${why}`));
      const report: Record<string, unknown> = {};

      const allowBlanking = values['allow-blanking'] === true;
      /** Read one file and merge its good rows into the store: only the columns it has change what is stored. */
      const importInto = async <T extends Customer | Order>(kind: ImportKind, source: Source, options: Omit<ImportOptions, 'kind'>, keep: (row: T) => boolean = () => true) => {
        const t0 = performance.now();
        const file = source.name;
        const pending: { row: T; line: number }[] = [];
        const summary = await importCsvSource(source, { ...options, kind }, (batch) => {
          batch.rows.forEach((row, i) => pending.push({ row: row as T, line: batch.lines[i]! }));
          if (!quiet) printRowErrors(io, file, batch.errors);
        });
        const orphans: RowError[] = [];
        const kept = pending.filter(({ row, line }) => {
          if (keep(row)) return true;
          orphans.push({ line, field: 'customer_id', message: `no customer "${(row as Order).customerId}" in the database or the customers file` });
          return false;
        });
        summary.rowsOk -= orphans.length;
        summary.rowsBad += orphans.length;
        if (!quiet) printRowErrors(io, file, orphans);
        // A file of which every row was refused changes nothing: the command fails before the database is written.
        if (summary.rowsOk === 0 && summary.rowsBad > 0) throw unusable(file, summary.rowsBad, 'row', `${kind} to import`);
        const table = (kind === 'customers' ? store.customers : store.orders) as Map<string, T>;
        const merger = new RowMerger<T>(kind, summary.provided, allowBlanking);
        for (const row of merger.mergePage(kept, kept.map(({ row }) => table.get(row.id)))) table.set(row.id, row);
        const blanked = merger.summary();
        if (!quiet) for (const note of summary.notes) warn(io, `${file}: ${note}`);
        if (blanked.count > 0 && !quiet) warn(io, `${file}: ${blankingNotice(blanked)}`);
        return { ...describe(summary, performance.now() - t0), blanked: { cells: blanked.count, applied: blanked.applied, first: blanked.first.map((b) => `line ${b.line}: ${b.field}`) } };
      };

      if (customersPath) {
        report.customers = await importInto<Customer>('customers', openSource(io, 'customers', customersPath), {
          mapping: parseMapping(optionalString(values, 'map') ?? ''),
        });
      }
      if (ordersPath) {
        report.orders = await importInto<Order>(
          'orders',
          openSource(io, 'orders', ordersPath),
          { mapping: parseMapping(optionalString(values, 'orders-map') ?? ''), defaultCurrency: optionalString(values, 'currency') ?? 'EUR' },
          (order) => store.customers.has(order.customerId),
        );
      }

      await saveStore(dbPath, store);
      const seconds = (performance.now() - started) / 1000;
      report.db = { path: dbPath, customers: store.customers.size, orders: store.orders.size };
      report.seconds = round(seconds, 3);
      io.stderr.write(jsonLine(report));
      return 0;
    } finally {
      await unlock();
    }
  },
});

function waitSeconds(value: unknown): number {
  if (value === undefined) return 60;
  const seconds = Number(value);
  if (typeof value !== 'string' || value.trim() === '' || !Number.isFinite(seconds) || seconds < 0) throw new UsageError(`--wait ${String(value)}: expected a number of seconds, 0 or more`);
  return seconds;
}

/** The blankings of one file in a sentence: how many, the first few, and whether they were applied. */
function blankingNotice(b: BlankingSummary): string {
  const cells = `${b.count} empty cell${b.count === 1 ? '' : 's'}`;
  const where = `(${b.first.map((f) => `line ${f.line}: ${f.field}`).join(', ')}${b.count > b.first.length ? ', ...' : ''})`;
  return b.applied
    ? `${cells} cleared stored values ${where}, as --allow-blanking asked`
    : `${cells} would clear stored values ${where}; kept: run again with --allow-blanking to clear them`;
}

function describe(summary: ImportSummary, ms: number) {
  return {
    ok: summary.rowsOk,
    bad: summary.rowsBad,
    delimiter: summary.delimiter,
    encoding: summary.encoding ? describeEncoding(summary.encoding) : null,
    notes: summary.notes,
    recognisedAs: summary.preset,
    seconds: round(ms / 1000, 3),
    rowsPerSecond: Math.round((summary.rowsOk + summary.rowsBad) / Math.max(ms / 1000, 1e-6)),
  };
}

const round = (n: number, digits: number) => Math.round(n * 10 ** digits) / 10 ** digits;
