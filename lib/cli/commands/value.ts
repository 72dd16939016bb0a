import { readFile } from 'node:fs/promises';
import { defineCommand, InputError, optionalString, requireString, UsageError, type CliIo } from '../command';
import { readCsv } from '../read';
import { readJsonLines } from '../jsonl';
import { openSource, optionalSource, type Source } from '../source';
import { openOutput, writeAll } from '../output';
import { CapturedPeople, gatherPeople, personFor } from '../people';
import { Progress } from '../progress';
import { csvFormat, formatOption } from '../format';
import type { CsvValue } from '../../crm/csv';
import { isLinked, MatchLine, type Customer, type Order } from '../../model';
import { describeIssues } from '../../messages';
import {
  CurrencyError,
  OrderSummariser,
  prepareRunSteps,
  summaryOptions,
  todayIso,
  TIME_UNITS,
  ValueSettings,
  type CustomerValue,
  type ModelReport,
  type PreparedRun,
  type TimeUnit,
  type ValueCustomer,
  type ValueMatch,
  type ValueSettingsInput,
} from '../../value';
import { valueNote } from '../../value/notes';
import type { Steps } from '../../value/schedule';
import { dayNumber } from '../../value/summary';
import { jsonLine, warn } from '../printable';

export default defineCommand({
  name: 'value',
  summary: 'value customers: RFM, P(alive), predicted CLV, net value, influence and engagement value',
  usage: `
earshot value --customers customers.csv --orders orders.csv [--captures pages.jsonl] [--profiles profiles.jsonl]
              [--matches matches.jsonl] [--as-of DATE] [--unit days|weeks] [--currency CODE] [--rates USD=0.92,...]
              [--settings FILE] [--explain] [--format jsonl|csv] [--out FILE]

Fits BG/NBD (purchases, P(alive)) and Gamma-Gamma (spend) on the orders up to
the as-of day and values every customer. Prints one JSON line per customer on
stdout, and one JSON line per fitted model on stderr, e.g.
  {"model":"bgnbd","unit":"weeks","r":0.243,"alpha":4.414,"a":0.793,"b":2.426,"ll":-9582.4,"customers":2357}
With too few customers or repeat buyers the models are not fitted: stderr says
why ({"model":"historical","reason":...}) and customers get historical value.
A customer's "note" says why figures that look contradictory are not (P(alive)
1 for someone who bought once, long ago, beside RFM "about to sleep").
Customers and orders are read as they stream by: memory holds a few numbers
per customer, not the files.

  --customers FILE   customers CSV (customer_id,...; an extra referred_by column gives referral value); - reads stdin
  --orders FILE      orders CSV (order_id,customer_id,date,amount,currency,cost_to_serve); - reads stdin
  --captures FILE    captured pages, one per line as \`earshot extract\` prints them: their people (id
                     platform:key) and their reviews and posts, counted as the extension counts them
                     (engagement, review authority, brand relevance with ownBrands); - reads stdin
  --profiles FILE    captured people, one JSON object per line (influence from their counts); merged
                     with --captures as the extension merges them; - reads stdin
  --matches FILE     output of \`earshot match\`: auto-linked profiles count for their customer (by profile
                     id); - reads stdin. Without --captures or --profiles the linked people are known by
                     their id alone, so their counts (and influence) are 0
  --as-of DATE       end of the observation period (default today); later orders are left out
  --unit U           days or weeks (default weeks): the unit of t_x, T and alpha
  --currency CODE    the shop's currency, also for orders without one (default EUR)
  --rates LIST       exchange rates to the shop's currency: USD=0.92,GBP=1.17
  --settings FILE    value settings as JSON (margin, horizonMonths, discountRate, ownBrands, ...)
  --explain          print every number with its formula and inputs instead of the short line
  --format F         jsonl (default) or csv: one row per customer with the short line's figures,
                     for a spreadsheet (cells starting = + - @ are neutralised)
  --out FILE         write here (it appears when complete) instead of stdout
`,
  options: {
    customers: { type: 'string' },
    orders: { type: 'string' },
    profiles: { type: 'string' },
    captures: { type: 'string' },
    matches: { type: 'string' },
    'as-of': { type: 'string' },
    unit: { type: 'string' },
    currency: { type: 'string' },
    rates: { type: 'string' },
    settings: { type: 'string' },
    explain: { type: 'boolean' },
    format: { type: 'string' },
    out: { type: 'string' },
  },
  async run(values, _positionals, io) {
    const format = formatOption(values);
    const explain = values.explain === true;
    if (explain && format === 'csv') throw new UsageError('--explain prints the whole value record as JSON; a CSV holds the short line: choose one');
    const customersSource = openSource(io, 'customers', requireString(values, 'customers'));
    const ordersSource = openSource(io, 'orders', requireString(values, 'orders'));
    const profilesSource = optionalSource(io, 'profiles', optionalString(values, 'profiles'));
    const capturesSource = optionalSource(io, 'captures', optionalString(values, 'captures'));
    const matchesSource = optionalSource(io, 'matches', optionalString(values, 'matches'));
    const asOf = optionalString(values, 'as-of') ?? todayIso();
    if (!/^\d{4}-\d{2}-\d{2}$/.test(asOf) || dayNumber(asOf) === null) throw new UsageError(`--as-of ${asOf}: expected a date such as 2026-11-01`);
    const settings = await readSettings(io, values);
    const progress = new Progress(io, 'value');

    const matches = matchesSource ? await readLinks(io, matchesSource) : [];
    const profiles = await readLinkedPeople(io, { profiles: profilesSource, captures: capturesSource }, matches, settings, asOf);
    const customers = await readCustomers(io, customersSource, settings, format === 'csv', progress);
    const summariser = new OrderSummariser(summaryOptions(settings, asOf));
    for (const c of customers.list) summariser.addCustomer(c.id);
    const orderLines = await readOrders(io, ordersSource, settings, summariser, progress);

    let run: PreparedRun;
    try {
      progress.phase('fitting the models and ranking the customers', 'customers');
      const summary = drive(summariser.finishSteps(), progress);
      run = drive(prepareRunSteps({ customers: customers.list, summary, profiles: profiles.profiles(), contributions: profiles.contributions(), matches }, settings, asOf, { keepFinancials: false }), progress);
    } catch (error) {
      if (error instanceof CurrencyError) {
        const line = orderLines.get(error.orders[0]!.orderId);
        throw new InputError(`${ordersSource.name}${line ? `:${line}` : ''}: ${error.message}`);
      }
      throw error;
    }
    for (const line of modelLines(run.models)) io.stderr.write(`${JSON.stringify(line)}\n`);
    reportExcluded(io, run, asOf, ordersSource, customersSource, orderLines);

    const lines = async function* (): AsyncGenerator<string> {
      if (format === 'csv') yield csvFormat.header(CSV_COLUMNS);
      progress.phase('valuing', 'customers', run.size);
      for (let i = 0; i < run.size; i++) {
        const value = run.customer(i);
        const note = valueNote(value);
        if (format === 'csv') yield csvRow(shortLine(value, note), customers.contact, settings.currency);
        else yield jsonLine(explain ? { ...value, note } : shortLine(value, note));
        if (i % 4096 === 0) progress.update(i);
      }
    };
    try {
      await writeAll(openOutput(io, optionalString(values, 'out')), lines());
    } finally {
      progress.end();
    }
    return 0;
  },
});

/** Run a computation straight through, showing its progress. */
function drive<T>(steps: Steps<T>, progress: Progress): T {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    progress.update(step.value.done);
  }
}

/** The matches that link a profile to a customer (auto or confirmed); the one rule for a repeated profile. */
async function readLinks(io: CliIo, source: Source): Promise<ValueMatch[]> {
  const links: ValueMatch[] = [];
  for await (const { value } of readJsonLines(source, MatchLine, { io, need: 'matches to link profiles with', unique: { field: 'profileId', of: (m) => m.profileId } })) {
    const match = { profileId: value.profileId, customerId: value.customerId, status: value.decision };
    if (isLinked(match)) links.push(match);
  }
  return links;
}

/**
 * The linked people, from profiles.jsonl and captured pages (merged as the extension merges them),
 * with their contributions. Only linked people are kept: the others count for no customer.
 */
async function readLinkedPeople(io: CliIo, inputs: { profiles: Source | undefined; captures: Source | undefined }, matches: readonly ValueMatch[], settings: ValueSettings, asOf: string) {
  const linked = new Set(matches.map((m) => m.profileId));
  const people = new CapturedPeople({ now: Date.parse(`${asOf}T00:00:00Z`), ownBrands: settings.ownBrands, keep: (id) => linked.has(id) });
  await gatherPeople(io, inputs, people, 'people to value');
  if (!inputs.profiles && !inputs.captures && linked.size > 0) {
    warn(io, `earshot value: ${linked.size.toLocaleString('en')} linked profiles are known by their id alone (no --captures or --profiles): their counts, and so their influence, are 0`);
    for (const id of linked) people.addLine(personFor(id, undefined, 0));
  }
  return people;
}

interface Contact {
  name: string;
  email: string;
}

/** The customers as the value code reads them: the id and the referral column, nothing else held. */
async function readCustomers(io: CliIo, source: Source, settings: ValueSettings, withContact: boolean, progress: Progress) {
  const referral = settings.referralField.trim().toLowerCase();
  const list: ValueCustomer[] = [];
  const contact = new Map<string, Contact>();
  progress.phase('reading customers', 'customers');
  await readCsv(source, { io, kind: 'customers', need: 'customers to value', rowsRequired: true }, (batch) => {
    for (const row of batch.rows) {
      const customer = row as Customer;
      const referredBy = Object.entries(customer.custom ?? {}).find(([key]) => key.trim().toLowerCase() === referral);
      list.push(referredBy ? { id: customer.id, custom: { [referredBy[0]]: referredBy[1] } } : { id: customer.id });
      if (withContact) contact.set(customer.id, { name: [customer.firstName, customer.lastName].filter(Boolean).join(' '), email: customer.email ?? '' });
    }
    progress.update(list.length);
  });
  return { list, contact };
}

/** Orders into the summariser as they are read; the lines of those it left out, for the messages that name them. */
async function readOrders(io: CliIo, source: Source, settings: ValueSettings, summariser: OrderSummariser, progress: Progress): Promise<Map<string, number>> {
  const lines = new Map<string, number>();
  let read = 0;
  progress.phase('reading orders', 'orders');
  await readCsv(source, { io, kind: 'orders', defaultCurrency: settings.currency, need: 'orders to value', rowsRequired: false, badRowSuffix: '; row skipped' }, (batch) => {
    batch.rows.forEach((row, i) => {
      if (summariser.addOrder(row as Order) !== 'kept') lines.set(row.id, batch.lines[i]!);
    });
    read += batch.rows.length;
    progress.update(read);
  });
  return lines;
}

function reportExcluded(io: CliIo, run: PreparedRun, asOf: string, orders: Source, customers: Source, orderLines: ReadonlyMap<string, number>): void {
  const { afterAsOf, unknownCustomer } = run.excluded;
  if (afterAsOf.length > 0) {
    warn(
      io,
      `${orders.name}: ${afterAsOf.length} order${afterAsOf.length === 1 ? '' : 's'} dated after --as-of ${asOf} left out ` +
        `(first: ${afterAsOf[0]!.orderId} on ${afterAsOf[0]!.date})`,
    );
  }
  for (const order of unknownCustomer) {
    warn(io, `${orders.name}:${orderLines.get(order.orderId) ?? '?'}: customer_id: no customer "${order.customerId}" in ${customers.name}; order left out`);
  }
}

async function readSettings(io: CliIo, values: Record<string, unknown>): Promise<ValueSettings> {
  let input: ValueSettingsInput = {};
  const file = typeof values.settings === 'string' && values.settings ? values.settings : undefined;
  if (file) {
    const source = openSource(io, 'settings', file);
    try {
      input = JSON.parse(await readFile(source.path ?? '', 'utf8')) as ValueSettingsInput;
    } catch (error) {
      throw new InputError(`--settings ${file}: not JSON (${error instanceof Error ? error.message : String(error)})`);
    }
  }
  const overrides: ValueSettingsInput = {};
  if (typeof values.unit === 'string') {
    if (!(TIME_UNITS as readonly string[]).includes(values.unit)) throw new UsageError(`--unit ${values.unit}: expected days or weeks`);
    overrides.unit = values.unit as TimeUnit;
  }
  if (typeof values.currency === 'string') {
    if (!/^[a-z]{3}$/i.test(values.currency)) throw new UsageError(`--currency ${values.currency}: expected a code such as EUR`);
    overrides.currency = values.currency.toUpperCase();
  }
  if (typeof values.rates === 'string') overrides.exchangeRates = { ...input.exchangeRates, ...parseRates(values.rates) };
  const parsed = ValueSettings.safeParse({ ...input, ...overrides });
  if (!parsed.success) throw new InputError(`${file ? `--settings ${file}` : 'settings'}: ${describeIssues(parsed.error)}`);
  return parsed.data;
}

function parseRates(text: string): Record<string, number> {
  const rates: Record<string, number> = {};
  for (const part of text.split(',')) {
    if (!part.trim()) continue;
    const m = /^\s*([a-z]{3})\s*=\s*(\d+(?:\.\d+)?)\s*$/i.exec(part);
    if (!m || !(Number(m[2]) > 0)) throw new UsageError(`--rates: "${part.trim()}" is not CODE=RATE such as USD=0.92`);
    rates[m[1]!.toUpperCase()] = Number(m[2]);
  }
  return rates;
}

/** The stderr lines describing the models, as the issue fixes them. */
function modelLines(models: ModelReport): Record<string, unknown>[] {
  const lines: Record<string, unknown>[] = [];
  if (models.bgnbd) {
    const m = models.bgnbd;
    lines.push({ model: 'bgnbd', unit: m.unit, r: sig(m.r), alpha: sig(m.alpha), a: sig(m.a), b: sig(m.b), ll: round(m.ll, 2), customers: m.customers, converged: m.converged });
  }
  if (models.gammaGamma) {
    const m = models.gammaGamma;
    lines.push({ model: 'gammagamma', p: sig(m.p), q: sig(m.q), v: sig(m.v), ll: round(m.ll, 2), customers: m.customers, converged: m.converged });
  }
  if (models.purchases === 'historical') lines.push({ model: 'historical', reason: models.reason });
  else if (models.spend === 'historical') lines.push({ model: 'historical-spend', reason: models.spendReason });
  return lines;
}

type ShortLine = ReturnType<typeof shortLine>;

/** One customer in a line: the figures a spreadsheet wants, rounded for reading, and the note on them. */
function shortLine(c: CustomerValue, note: string | null) {
  const { summary, rfm, prediction, cost, influence, engagement } = c;
  return {
    customerId: c.customerId,
    orders: summary.orders,
    purchases: summary.purchases,
    revenue: round(summary.revenue, 2),
    rfm: rfm ? { r: rfm.recency.value, f: rfm.frequency.value, m: rfm.monetary.value, segment: rfm.segment } : null,
    model: prediction.model,
    pAlive: roundOrNull(prediction.pAlive?.value, 4),
    expectedPurchases: roundOrNull(prediction.expectedPurchases?.value, 4),
    expectedSpend: roundOrNull(prediction.expectedSpend?.value, 2),
    clv: round(prediction.clv.value, 2),
    costToServe: round(cost.toDate.value, 2),
    futureCost: roundOrNull(cost.future?.value, 2),
    netValue: round(cost.netValue.value, 2),
    influence: {
      score: round(influence.score.value, 1),
      reach: round(influence.reach.value, 1),
      engagement: roundOrNull(influence.engagement?.value, 1),
      authority: round(influence.authority.value, 1),
      brandRelevance: roundOrNull(influence.brandRelevance?.value, 1),
      profiles: influence.profileIds.length,
    },
    engagementValue: round(engagement.value.value, 2),
    segment: engagement.segment,
    note,
  };
}

/** The columns of `--format csv`: the short line, flat, with the customer's name and address to recognise them by. */
const CSV_COLUMNS = [
  'customer_id', 'name', 'email', 'currency', 'orders', 'purchases', 'revenue', 'rfm_r', 'rfm_f', 'rfm_m', 'rfm_segment', 'model', 'p_alive',
  'expected_purchases', 'expected_spend', 'clv', 'cost_to_serve', 'future_cost', 'net_value', 'influence', 'reach', 'engagement',
  'authority', 'brand_relevance', 'profiles', 'engagement_value', 'segment', 'note',
] as const;

function csvRow(line: ShortLine, contact: ReadonlyMap<string, Contact>, currency: string): string {
  const who = contact.get(line.customerId);
  const { influence: i, rfm } = line;
  const cells: CsvValue[] = [
    line.customerId, who?.name, who?.email, currency, line.orders, line.purchases, line.revenue, rfm?.r, rfm?.f, rfm?.m, rfm?.segment, line.model, line.pAlive,
    line.expectedPurchases, line.expectedSpend, line.clv, line.costToServe, line.futureCost, line.netValue, i.score, i.reach, i.engagement,
    i.authority, i.brandRelevance, i.profiles, line.engagementValue, line.segment, line.note,
  ];
  return csvFormat.row(cells);
}

function round(n: number, digits: number): number {
  const f = 10 ** digits;
  const r = Math.round(n * f) / f;
  return Object.is(r, -0) ? 0 : r;
}

function roundOrNull(n: number | undefined, digits: number): number | null {
  return n === undefined ? null : round(n, digits);
}

/** Six significant digits: model parameters to compare with published ones. */
function sig(n: number): number {
  return Number(n.toPrecision(6));
}
