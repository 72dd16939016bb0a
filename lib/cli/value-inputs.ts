/**
 * The inputs every valuing command reads, read one way: customers.csv and
 * orders.csv (through the importer, bad rows reported by line), captured
 * people (--profiles, --captures, merged as the extension merges them), links
 * (--matches, with the one rule for a repeated profile), the as-of day and the
 * value settings (--settings, --unit, --currency, --rates). Any of the files
 * may be `-`, stdin. `earshot value` and `earshot personas` take the same
 * options and get the same values.
 */
import { readFile } from 'node:fs/promises';
import { InputError, optionalString, requireString, UsageError, type CliIo, type OptionValues } from './command';
import { readCsv } from './read';
import { readJsonLines } from './jsonl';
import { openSource, optionalSource, type Source } from './source';
import { CapturedPeople, gatherPeople, personFor, type Person } from './people';
import type { Progress } from './progress';
import { isLinked, MatchLine, mustNotProfile, profilingInput, type Contribution, type Customer, type Order } from '../model';
import { describeIssues } from '../zod';
import {
  CurrencyError,
  PURCHASE_MODELS,
  todayIso,
  TIME_UNITS,
  ValueSettings,
  type TimeUnit,
  type ValueBasis,
  type ValueMatch,
  type ValueRun,
  type ValueSettingsInput,
  valueBasisSteps,
  valueRunSteps,
} from '../value';
import { dayNumber, dayString, summariseSteps } from '../value/summary';
import { OrderColumns } from '../value/order-columns';
import { runSteps, type Steps, type ValuePhase } from '../value/schedule';
import type { CustomerSummary } from '../value/types';
import { warn } from './printable';

export { InputError } from './command';

/** The options that say what to value (each valuing command adds its own). */
export const VALUE_INPUT_OPTIONS = {
  customers: { type: 'string' },
  orders: { type: 'string' },
  profiles: { type: 'string' },
  captures: { type: 'string' },
  matches: { type: 'string' },
  'as-of': { type: 'string' },
  model: { type: 'string' },
  holdout: { type: 'string' },
  unit: { type: 'string' },
  currency: { type: 'string' },
  rates: { type: 'string' },
  settings: { type: 'string' },
} as const;

/** What every valuing command keeps of a customer; a command may keep more (personas: all of it). */
export type ValueInputCustomer = Pick<Customer, 'id' | 'custom' | 'doNotProfile' | 'objectedAt'>;

/** What a command keeps of each customer read: the less, the less memory a million customers take. */
export type KeepCustomer<C extends ValueInputCustomer> = (customer: Customer, settings: ValueSettings) => C;

export interface ValueInputs<C extends ValueInputCustomer = Customer> {
  customers: C[];
  /** The orders of the customers who may be profiled (and of unknown customers), as columns: millions of objects were most of the memory. */
  orders: OrderColumns;
  /** The orders of customers who must not be profiled: their purchase history alone. */
  notProfiledOrders: Order[];
  profiles: Person[];
  contributions: Contribution[];
  matches: ValueMatch[];
  asOf: string;
  /** With --holdout: the weeks after the as-of day the models' forecasts are checked against. */
  holdoutWeeks?: number;
  settings: ValueSettings;
  /** The --settings file as read (other commands' sections, e.g. "personas", included). */
  settingsFile: Record<string, unknown>;
  /** How messages name the inputs: the file's name, or "stdin". */
  customersFile: string;
  ordersFile: string;
  /** The line of orders.csv each order of `orders` came from, for messages about them. */
  orderLines: Int32Array;
}

const NO_CUSTOM: Readonly<Record<string, string>> = Object.freeze({});

/**
 * What the value figures read of a customer: the id, the referral column, the profiling objection. The
 * rest (names, addresses, handles, other columns) stays in the file.
 */
export function valueFieldsOf(customer: Customer, settings: ValueSettings): ValueInputCustomer {
  const referrer = customer.custom[settings.referralField];
  return {
    id: customer.id,
    custom: referrer === undefined ? NO_CUSTOM : { [settings.referralField]: referrer },
    ...(customer.doNotProfile === undefined ? {} : { doNotProfile: customer.doNotProfile }),
    ...(customer.objectedAt === undefined ? {} : { objectedAt: customer.objectedAt }),
  };
}

export function readValueInputs(values: OptionValues, io: CliIo, progress?: Progress): Promise<ValueInputs>;
export function readValueInputs<C extends ValueInputCustomer>(values: OptionValues, io: CliIo, progress: Progress | undefined, keep: KeepCustomer<C>): Promise<ValueInputs<C>>;
export async function readValueInputs(
  values: OptionValues,
  io: CliIo,
  progress?: Progress,
  keep: KeepCustomer<ValueInputCustomer> = (customer) => customer,
): Promise<ValueInputs<ValueInputCustomer>> {
  const customersSource = openSource(io, 'customers', requireString(values, 'customers'));
  const ordersSource = openSource(io, 'orders', requireString(values, 'orders'));
  const profilesSource = optionalSource(io, 'profiles', optionalString(values, 'profiles'));
  const capturesSource = optionalSource(io, 'captures', optionalString(values, 'captures'));
  const matchesSource = optionalSource(io, 'matches', optionalString(values, 'matches'));
  const asOfOption = optionalString(values, 'as-of');
  if (asOfOption !== undefined && (!/^\d{4}-\d{2}-\d{2}$/.test(asOfOption) || dayNumber(asOfOption) === null)) {
    throw new UsageError(`--as-of ${asOfOption}: expected a date such as 2026-11-01`);
  }
  const holdoutOption = optionalString(values, 'holdout');
  const holdoutWeeks = holdoutOption === undefined ? undefined : Number(holdoutOption);
  if (holdoutWeeks !== undefined && !(Number.isInteger(holdoutWeeks) && holdoutWeeks >= 1 && holdoutWeeks <= 520)) {
    throw new UsageError(`--holdout ${holdoutOption}: expected a whole number of weeks from 1 to 520`);
  }
  const { settings, file: settingsFile } = await readSettings(io, values);

  const matches = matchesSource ? await readLinks(io, matchesSource) : [];
  const customers: ValueInputCustomer[] = [];
  const notProfiled = new Set<string>();
  progress?.phase('reading customers', 'customers');
  await readCsv(customersSource, { io, kind: 'customers', need: 'customers to value', rowsRequired: true }, (batch) => {
    for (const row of batch.rows) {
      const customer = row as Customer;
      customers.push(keep(customer, settings));
      if (mustNotProfile(customer)) notProfiled.add(customer.id);
    }
    progress?.update(customers.length);
  });
  const orders = new OrderColumns(customers.map((c) => c.id));
  const notProfiledOrders: Order[] = [];
  // Line numbers in a growing typed array: a Map from order id to line was a few hundred MB at a million customers.
  let orderLines: Int32Array = new Int32Array(1024);
  let lastOrder: number | null = null;
  const dayOf = new Map<string, number | null>();
  let read = 0;
  progress?.phase('reading orders', 'orders');
  await readCsv(ordersSource, { io, kind: 'orders', defaultCurrency: settings.currency, need: 'orders to value', rowsRequired: false, badRowSuffix: '; row skipped' }, (batch) => {
    batch.rows.forEach((row, i) => {
      const order = row as Order;
      // Orders share few dates: each is read once.
      let day = dayOf.get(order.date);
      if (day === undefined) dayOf.set(order.date, (day = dayNumber(order.date)));
      if (day !== null && (lastOrder === null || day > lastOrder)) lastOrder = day;
      if (notProfiled.has(order.customerId)) {
        notProfiledOrders.push(order);
        return;
      }
      if (orders.length === orderLines.length) orderLines = grown(orderLines);
      orderLines[orders.length] = batch.lines[i]!;
      orders.push(order);
    });
    read += batch.rows.length;
    progress?.update(read);
  });
  // With --holdout and no --as-of, the calibration ends WEEKS before the last order.
  const asOf = asOfOption ?? (holdoutWeeks !== undefined && lastOrder !== null ? dayString(lastOrder - 7 * holdoutWeeks) : todayIso());
  if (holdoutWeeks !== undefined && lastOrder !== null && dayNumber(asOf)! + 7 * holdoutWeeks > lastOrder) {
    warn(
      io,
      `--holdout ${holdoutWeeks}: the held-back period runs to ${dayString(dayNumber(asOf)! + 7 * holdoutWeeks)}, past the last order on ` +
        `${dayString(lastOrder)}; purchases are counted only up to then`,
    );
  }
  const people = await readPeople(io, { profiles: profilesSource, captures: capturesSource }, matches, settings, asOf);
  return {
    customers,
    orders,
    notProfiledOrders,
    profiles: people.profiles(),
    contributions: people.contributions(),
    matches,
    asOf,
    ...(holdoutWeeks === undefined ? {} : { holdoutWeeks }),
    settings,
    settingsFile,
    customersFile: customersSource.name,
    ordersFile: ordersSource.name,
    orderLines: orderLines.subarray(0, orders.length),
  };
}

/** The matches of an input, as the value code reads them; the one rule for a repeated profile. */
export async function readLinks(io: CliIo, source: Source): Promise<ValueMatch[]> {
  const links: ValueMatch[] = [];
  for await (const { value } of readJsonLines(source, MatchLine, { io, need: 'matches to link profiles with', unique: { field: 'profileId', of: (m) => m.profileId } })) {
    links.push({ profileId: value.profileId, customerId: value.customerId, status: value.decision });
  }
  return links;
}

/**
 * The captured people, from profiles.jsonl and captured pages, merged as the extension merges them
 * (lib/cli/people.ts), with their contributions. Without either input the linked people are known by
 * their id alone: said once on stderr, as their counts (and influence) are then 0.
 */
async function readPeople(io: CliIo, inputs: { profiles: Source | undefined; captures: Source | undefined }, matches: readonly ValueMatch[], settings: ValueSettings, asOf: string) {
  const people = new CapturedPeople({ now: Date.parse(`${asOf}T00:00:00Z`), ownBrands: settings.ownBrands });
  await gatherPeople(io, inputs, people, 'people to value');
  if (!inputs.profiles && !inputs.captures) {
    const linked = new Set(matches.filter(isLinked).map((m) => m.profileId));
    if (linked.size > 0) {
      warn(io, `earshot value: ${linked.size.toLocaleString('en')} linked profiles are known by their id alone (no --captures or --profiles): their counts, and so their influence, are 0`);
      for (const id of linked) people.addLine(personFor(id, undefined, 0));
    }
  }
  return people;
}

/**
 * Value the inputs; an order in a currency without a rate stops with its file and line. Warns about orders
 * left out. A customer who must not be profiled is not in the run: no model, threshold, link or persona
 * reads them (their purchase history alone: notProfiledHistories).
 */
export function valueInputs(inputs: ValueInputs<ValueInputCustomer>, io: CliIo, progress?: Progress): ValueRun {
  return runShowing(valueRunSteps(valueBasis(inputs, io, progress)), progress);
}

/**
 * What every customer's value depends on, with valueInputs' checks and warnings, and each customer's value
 * on demand: for writing customers out one at a time instead of holding all their values.
 */
export function valueBasis(inputs: ValueInputs<ValueInputCustomer>, io: CliIo, progress?: Progress): ValueBasis {
  // The orders of customers who must not be profiled were set apart as they were read.
  const allowed = profilingInput(inputs.customers, [], inputs.matches);
  let basis: ValueBasis;
  try {
    basis = runShowing(
      valueBasisSteps(
        { customers: allowed.customers, orders: inputs.orders, profiles: inputs.profiles, contributions: inputs.contributions, matches: allowed.matches },
        inputs.settings,
        inputs.asOf,
        inputs.holdoutWeeks === undefined ? {} : { holdoutWeeks: inputs.holdoutWeeks },
      ),
      progress,
    );
  } catch (error) {
    if (error instanceof CurrencyError) {
      const line = linesOf(inputs, [error.orders[0]!.orderId]).get(error.orders[0]!.orderId);
      throw new InputError(`${inputs.ordersFile}${line ? `:${line}` : ''}: ${error.message}`);
    }
    throw error;
  }
  const { afterAsOf, unknownCustomer } = basis.run.excluded;
  // With --holdout the orders after the as-of day are the held-back period, not left out by mistake.
  if (afterAsOf.length > 0 && inputs.holdoutWeeks === undefined) {
    warn(
      io,
      `${inputs.ordersFile}: ${afterAsOf.length} order${afterAsOf.length === 1 ? '' : 's'} dated after --as-of ${inputs.asOf} left out ` +
        `(first: ${afterAsOf[0]!.orderId} on ${afterAsOf[0]!.date})`,
    );
  }
  const lines = linesOf(
    inputs,
    unknownCustomer.map((o) => o.orderId),
  );
  for (const order of unknownCustomer) {
    warn(io, `${inputs.ordersFile}:${lines.get(order.orderId) ?? '?'}: customer_id: no customer "${order.customerId}" in ${inputs.customersFile}; order left out`);
  }
  return basis;
}

function grown(lines: Int32Array): Int32Array {
  const bigger = new Int32Array(lines.length * 2);
  bigger.set(lines);
  return bigger;
}

/** The lines of orders.csv some orders came from, by order id: one pass over the orders, only when a message needs them. */
function linesOf(inputs: Pick<ValueInputs<ValueInputCustomer>, 'orders' | 'orderLines'>, orderIds: readonly string[]): Map<string, number> {
  const wanted = new Set(orderIds);
  const lines = new Map<string, number>();
  if (wanted.size === 0) return lines;
  const { orders } = inputs;
  for (let i = 0; i < orders.length; i++) {
    const id = orders.id(i);
    if (wanted.has(id) && !lines.has(id)) lines.set(id, inputs.orderLines[i]!);
  }
  return lines;
}

/** What a value run's phases are called on stderr, and what they count. */
const PHASES: Record<ValuePhase, [label: string, unit: string]> = {
  summary: ['summing the orders', 'customers'],
  'fit-bgnbd': ['fitting BG/NBD', 'iterations'],
  'fit-mbgnbd': ['fitting MBG/NBD', 'iterations'],
  'fit-paretonbd': ['fitting Pareto/NBD', 'iterations'],
  'fit-gammagamma': ['fitting Gamma-Gamma', 'iterations'],
  holdout: ['checking the models on the weeks held back', 'steps'],
  ranges: ['80% ranges', 'customers'],
  rfm: ['RFM scores', 'customers'],
  customers: ['valuing the customers', 'customers'],
  influence: ['influence and engagement', 'customers'],
  personas: ['personas', 'customers'],
};

/** Run a value computation straight through, showing where it is on stderr (lib/cli/progress.ts decides when). */
function runShowing<T>(steps: Steps<T>, progress: Progress | undefined): T {
  if (!progress) return runSteps(steps);
  let phase: ValuePhase | undefined;
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    const { phase: now, done, total } = step.value;
    if (now !== phase) {
      phase = now;
      progress.phase(...PHASES[now], total ?? undefined);
    }
    progress.update(done);
  }
}

/** The purchase history of customers who must not be profiled: their orders summed, nothing predicted or scored. */
export function notProfiledHistories(inputs: ValueInputs<ValueInputCustomer>): CustomerSummary[] {
  const customerIds = inputs.customers.filter(mustNotProfile).map((c) => c.id);
  if (customerIds.length === 0) return [];
  const { settings } = inputs;
  return runSteps(summariseSteps(inputs.notProfiledOrders, { asOf: inputs.asOf, unit: settings.unit, currency: settings.currency, exchangeRates: settings.exchangeRates, customerIds })).customers;
}

export async function readSettings(io: CliIo, values: Record<string, unknown>): Promise<{ settings: ValueSettings; file: Record<string, unknown> }> {
  let input: ValueSettingsInput & Record<string, unknown> = {};
  const file = typeof values.settings === 'string' && values.settings ? values.settings : undefined;
  if (file) {
    const source = openSource(io, 'settings', file);
    try {
      input = JSON.parse(await readFile(source.path ?? '', 'utf8')) as ValueSettingsInput & Record<string, unknown>;
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
  if (typeof values.model === 'string') {
    const models: readonly string[] = ['auto', ...PURCHASE_MODELS];
    if (!models.includes(values.model)) throw new UsageError(`--model ${values.model}: expected ${models.join(', ')}`);
    overrides.purchaseModel = values.model as ValueSettings['purchaseModel'];
  }
  const parsed = ValueSettings.safeParse({ ...input, ...overrides });
  if (!parsed.success) throw new InputError(`${file ? `--settings ${file}` : 'settings'}: ${describeIssues(parsed.error)}`);
  return { settings: parsed.data, file: input };
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

