import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { once } from 'node:events';
import { join, resolve } from 'node:path';
import { defineCommand, optionalString, UsageError } from '../command';
import { generateSampleCrm, SAMPLE_DEFAULTS } from '../../sample/crm';
import { CUSTOMERS_HEADER, ORDERS_HEADER, customerCsvLine, orderCsvLine } from '../../crm/formats';
import { jsonLine } from '../printable';

export default defineCommand({
  name: 'sample',
  summary: 'write the sample CRM (customers.csv, orders.csv) the extension ships with',
  usage: `
earshot sample --out DIR [--customers N] [--seed N] [--as-of DATE]

Writes DIR/customers.csv and DIR/orders.csv in the FORMATS.md formats: a
Dutch web shop's Dutch, English and Russian-speaking customers with three
years of orders. The same seed always gives the same files.

  --out DIR        where to write (created if missing)
  --customers N    how many customers (default ${SAMPLE_DEFAULTS.customers})
  --seed N         random seed (default ${SAMPLE_DEFAULTS.seed})
  --as-of DATE     the day the orders end (default ${SAMPLE_DEFAULTS.asOf})
`,
  options: {
    out: { type: 'string' },
    customers: { type: 'string' },
    seed: { type: 'string' },
    'as-of': { type: 'string' },
  },
  async run(values, _positionals, io) {
    const out = resolve(io.cwd, optionalString(values, 'out') ?? '.');
    const count = positiveInt(optionalString(values, 'customers'), 'customers') ?? SAMPLE_DEFAULTS.customers;
    const seed = positiveInt(optionalString(values, 'seed'), 'seed') ?? SAMPLE_DEFAULTS.seed;
    const asOf = optionalString(values, 'as-of') ?? SAMPLE_DEFAULTS.asOf;
    if (!/^\d{4}-\d{2}-\d{2}$/.test(asOf)) throw new UsageError(`--as-of ${asOf}: expected a date such as 2026-11-01`);
    await mkdir(out, { recursive: true });
    const { customers, orders } = generateSampleCrm({ customers: count, seed, asOf });
    await writeLines(join(out, 'customers.csv'), CUSTOMERS_HEADER, customers.map((c) => customerCsvLine(c.customer)));
    await writeLines(join(out, 'orders.csv'), ORDERS_HEADER, orders.map(orderCsvLine));
    io.stdout.write(jsonLine({ out, customers: customers.length, orders: orders.length }));
    return 0;
  },
});

function positiveInt(text: string | undefined, name: string): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isInteger(n) || n <= 0) throw new UsageError(`--${name} ${text}: expected a positive whole number`);
  return n;
}

async function writeLines(path: string, header: string, lines: Iterable<string>): Promise<void> {
  const stream = createWriteStream(path, { encoding: 'utf8' });
  stream.write(header);
  for (const line of lines) if (!stream.write(line)) await once(stream, 'drain');
  stream.end();
  await once(stream, 'finish');
}
