import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { defineCommand, optionalString, UsageError } from '../command';
import { writeLinesAtomically } from '../output';
import { generateSampleCrm, SAMPLE_DEFAULTS } from '../../sample/crm';
import { generateSampleCaptures } from '../../sample/captures';
import { savedProductPage } from '../../sample/saved-page';
import { DUTCH_EXPORT_HEADER, dutchExportLine } from '../../crm/sample-export';
import { CUSTOMERS_HEADER, ORDERS_HEADER, customerCsvLine, orderCsvLine } from '../../crm/formats';
import { profileId } from '../../model';
import { jsonLine } from '../printable';

export default defineCommand({
  name: 'sample',
  summary: 'write the sample shop: its CRM, the people its marketer met, a saved page',
  usage: `
earshot sample --out DIR [--customers N] [--seed N] [--as-of DATE]

Writes a Dutch web shop's data in the FORMATS.md formats, enough to run every
command on:
  DIR/customers.csv   Dutch, English and Russian-speaking customers
  DIR/orders.csv      three years of their orders
  DIR/klanten.csv     the same customers as a Dutch CRM exports them (for --map)
  DIR/pages.jsonl     the pages the shop's marketer captured (as extract writes)
  DIR/profiles.jsonl  the people on those pages, one per line
  DIR/saved/          a saved page of the shop's site, for extract
The same seed always gives the same files. A summary goes to stderr.

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
    await mkdir(join(out, 'saved'), { recursive: true });
    const { customers, orders } = generateSampleCrm({ customers: count, seed, asOf });
    const pages = generateSampleCaptures(customers, orders, { asOf }).visits.map((v) => v.page);
    const people = pages.flatMap((page) => page.profiles.map((p) => ({ id: profileId(p.platform, p.key), ...p })));
    const shopReviews = pages.find((page) => page.site === 'amazon');

    await writeLinesAtomically(join(out, 'customers.csv'), [CUSTOMERS_HEADER, ...customers.map((c) => customerCsvLine(c.customer))]);
    await writeLinesAtomically(join(out, 'orders.csv'), [ORDERS_HEADER, ...orders.map(orderCsvLine)]);
    await writeLinesAtomically(join(out, 'klanten.csv'), [DUTCH_EXPORT_HEADER, ...customers.map((c) => dutchExportLine(c.customer))]);
    await writeLinesAtomically(join(out, 'pages.jsonl'), pages.map(jsonLine));
    await writeLinesAtomically(join(out, 'profiles.jsonl'), people.map(jsonLine));
    if (shopReviews) await writeFile(join(out, 'saved', 'bakmeester-springvorm.html'), savedProductPage(shopReviews));
    io.stderr.write(jsonLine({ out, customers: customers.length, orders: orders.length, pages: pages.length, profiles: people.length, saved: shopReviews ? 1 : 0 }));
    return 0;
  },
});

function positiveInt(text: string | undefined, name: string): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isInteger(n) || n <= 0) throw new UsageError(`--${name} ${text}: expected a positive whole number`);
  return n;
}
