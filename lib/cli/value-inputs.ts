/**
 * The inputs every valuing command reads, read one way: customers.csv and
 * orders.csv (through the importer, bad rows reported by line), captured
 * people (--profiles, --captures), links (--matches), the as-of day and the
 * value settings (--settings, --unit, --currency, --rates). `earshot value`
 * and `earshot personas` take the same options and get the same values.
 */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { optionalString, requireString, UsageError, type CliIo, type OptionValues } from './command';
import { importCsvFile, inputPath } from './read';
import { printRowErrors, readJsonLines } from './files';
import { contributionId, mergeProfile } from '../db/captures';
import {
  CapturedPage,
  MatchLine,
  pageKey,
  profileId,
  ProfileLine,
  mentionsBrand,
  mustNotProfile,
  profilingInput,
  type Contribution,
  type Customer,
  type Order,
  type Profile,
} from '../model';
import { describeIssues } from '../messages';
import {
  computeValues,
  CurrencyError,
  PURCHASE_MODELS,
  todayIso,
  TIME_UNITS,
  ValueSettings,
  type TimeUnit,
  type ValueMatch,
  type ValueRun,
  type ValueSettingsInput,
} from '../value';
import { dayNumber, dayString, summariseSteps } from '../value/summary';
import { runSteps } from '../value/schedule';
import type { CustomerSummary } from '../value/types';
import { warn } from './printable';

/** Bad content in an input file: reported with its file and line, exit code 1 (not a usage mistake). */
export class InputError extends Error {
  override name = 'InputError';
}

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

export interface ValueInputs {
  customers: Customer[];
  orders: Order[];
  profiles: (Profile | ProfileLine)[];
  contributions: Contribution[];
  matches: ValueMatch[];
  asOf: string;
  /** With --holdout: the weeks after the as-of day the models' forecasts are checked against. */
  holdoutWeeks?: number;
  settings: ValueSettings;
  /** The --settings file as read (other commands' sections, e.g. "personas", included). */
  settingsFile: Record<string, unknown>;
  customersFile: string;
  ordersFile: string;
  orderLines: ReadonlyMap<string, number>;
}

export async function readValueInputs(values: OptionValues, io: CliIo): Promise<ValueInputs> {
  const customersPath = inputPath(io.cwd, requireString(values, 'customers'), 'customers');
  const ordersPath = inputPath(io.cwd, requireString(values, 'orders'), 'orders');
  const profilesOption = optionalString(values, 'profiles');
  const capturesOption = optionalString(values, 'captures');
  const matchesOption = optionalString(values, 'matches');
  if (matchesOption && !profilesOption && !capturesOption) {
    throw new UsageError('--matches needs --profiles or --captures: the matches link the profiles in those files');
  }
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

  const customers: Customer[] = [];
  await importCsvFile(customersPath, { kind: 'customers' }, (batch) => {
    for (const row of batch.rows) customers.push(row as Customer);
    printRowErrors(io, basename(customersPath), batch.errors);
  });
  const orders: Order[] = [];
  const orderLines = new Map<string, number>();
  await importCsvFile(ordersPath, { kind: 'orders', defaultCurrency: settings.currency }, (batch) => {
    batch.rows.forEach((row, i) => {
      orders.push(row as Order);
      orderLines.set(row.id, batch.lines[i]!);
    });
    printRowErrors(io, basename(ordersPath), batch.errors, '; row skipped');
  });
  const lastOrder = orders.reduce<number | null>((last, o) => {
    const day = dayNumber(o.date);
    return day !== null && (last === null || day > last) ? day : last;
  }, null);
  // With --holdout and no --as-of, the calibration ends WEEKS before the last order.
  const asOf = asOfOption ?? (holdoutWeeks !== undefined && lastOrder !== null ? dayString(lastOrder - 7 * holdoutWeeks) : todayIso());
  if (holdoutWeeks !== undefined && lastOrder !== null && dayNumber(asOf)! + 7 * holdoutWeeks > lastOrder) {
    warn(
      io,
      `--holdout ${holdoutWeeks}: the held-back period runs to ${dayString(dayNumber(asOf)! + 7 * holdoutWeeks)}, past the last order on ` +
        `${dayString(lastOrder)}; purchases are counted only up to then`,
    );
  }
  const profiles = profilesOption ? await readJsonLines(inputPath(io.cwd, profilesOption, 'profiles'), ProfileLine) : [];
  const profileIds = new Set<string>();
  for (const { value, line, file } of profiles) {
    if (profileIds.has(value.id)) throw new InputError(`${file}:${line}: id "${value.id}" appears more than once`);
    profileIds.add(value.id);
  }
  const captured = capturesOption
    ? collectCaptures(
        (await readJsonLines(inputPath(io.cwd, capturesOption, 'captures'), CapturedPage)).map(({ value }) => value),
        profiles.map(({ value }) => value),
        settings.ownBrands,
        Date.parse(`${asOf}T00:00:00Z`),
      )
    : { profiles: profiles.map(({ value }) => value), contributions: [] };
  const matches: ValueMatch[] = matchesOption
    ? (await readJsonLines(inputPath(io.cwd, matchesOption, 'matches'), MatchLine)).map(({ value }) => ({
        profileId: value.profileId,
        customerId: value.customerId,
        status: value.decision,
      }))
    : [];
  return {
    customers,
    orders,
    profiles: captured.profiles,
    contributions: captured.contributions,
    matches,
    asOf,
    ...(holdoutWeeks === undefined ? {} : { holdoutWeeks }),
    settings,
    settingsFile,
    customersFile: basename(customersPath),
    ordersFile: basename(ordersPath),
    orderLines,
  };
}

/**
 * Value the inputs; an order in a currency without a rate stops with its file and line. Warns about orders
 * left out. A customer who must not be profiled is not in the run: no model, threshold, link or persona
 * reads them (their purchase history alone: notProfiledHistories).
 */
export function valueInputs(inputs: ValueInputs, io: CliIo): ValueRun {
  const allowed = profilingInput(inputs.customers, inputs.orders, inputs.matches);
  let run: ValueRun;
  try {
    run = computeValues(
      { customers: allowed.customers, orders: allowed.orders, profiles: inputs.profiles, contributions: inputs.contributions, matches: allowed.matches },
      inputs.settings,
      inputs.asOf,
      inputs.holdoutWeeks === undefined ? {} : { holdoutWeeks: inputs.holdoutWeeks },
    );
  } catch (error) {
    if (error instanceof CurrencyError) {
      const line = inputs.orderLines.get(error.orders[0]!.orderId);
      throw new InputError(`${inputs.ordersFile}${line ? `:${line}` : ''}: ${error.message}`);
    }
    throw error;
  }
  const { afterAsOf, unknownCustomer } = run.excluded;
  // With --holdout the orders after the as-of day are the held-back period, not left out by mistake.
  if (afterAsOf.length > 0 && inputs.holdoutWeeks === undefined) {
    warn(
      io,
      `${inputs.ordersFile}: ${afterAsOf.length} order${afterAsOf.length === 1 ? '' : 's'} dated after --as-of ${inputs.asOf} left out ` +
        `(first: ${afterAsOf[0]!.orderId} on ${afterAsOf[0]!.date})`,
    );
  }
  for (const order of unknownCustomer) {
    warn(io, `${inputs.ordersFile}:${inputs.orderLines.get(order.orderId) ?? '?'}: customer_id: no customer "${order.customerId}" in ${inputs.customersFile}; order left out`);
  }
  return run;
}

/** The purchase history of customers who must not be profiled: their orders summed, nothing predicted or scored. */
export function notProfiledHistories(inputs: ValueInputs): CustomerSummary[] {
  const customerIds = inputs.customers.filter(mustNotProfile).map((c) => c.id);
  if (customerIds.length === 0) return [];
  const ids = new Set(customerIds);
  const theirs = inputs.orders.filter((o) => ids.has(o.customerId));
  const { settings } = inputs;
  return runSteps(summariseSteps(theirs, { asOf: inputs.asOf, unit: settings.unit, currency: settings.currency, exchangeRates: settings.exchangeRates, customerIds })).customers;
}

/**
 * Captured pages as the extension stores them (lib/db/captures.ts, storeCapture): people merged by
 * platform + key over the --profiles lines with the same id, contributions deduplicated across pages and
 * flagged when they mention an own brand, so influence counts the same on the command line as in the
 * extension. Contributions come out in the order of their ids, the order the extension reads them in.
 */
export function collectCaptures(
  pages: readonly CapturedPage[],
  lines: readonly ProfileLine[],
  ownBrands: readonly string[],
  now: number,
): { profiles: (Profile | ProfileLine)[]; contributions: Contribution[] } {
  const profiles = new Map<string, Profile | ProfileLine>(lines.map((p) => [p.id, p]));
  const contributions = new Map<string, Contribution>();
  const asProfile = (p: Profile | ProfileLine | undefined): Profile | undefined =>
    p && !('seenOn' in p) ? { ...p, key: p.key ?? p.id, displayName: p.displayName ?? p.handle ?? p.id, firstSeenAt: now, lastSeenAt: now, seenOn: [] } : p;
  for (const page of pages) {
    const url = pageKey(page.url);
    const byKey = new Map(page.profiles.map((p) => [p.key, p]));
    const platformOf = (key: string) => byKey.get(key)?.platform ?? page.profiles[0]?.platform ?? 'other';
    for (const seen of page.profiles) {
      const id = profileId(seen.platform, seen.key);
      profiles.set(id, mergeProfile(asProfile(profiles.get(id)), seen, url, now));
    }
    for (const c of page.contributions) {
      const platform = platformOf(c.profileKey);
      const id = contributionId(platform, c);
      const existing = contributions.get(id);
      contributions.set(id, {
        ...existing,
        ...definedOnly(c),
        type: c.type,
        profileKey: c.profileKey,
        id,
        profileId: profileId(platform, c.profileKey),
        pageUrl: url,
        aboutOwnBrand: mentionsBrand(c, ownBrands),
        firstSeenAt: existing?.firstSeenAt ?? now,
        lastSeenAt: now,
      });
    }
  }
  const sorted = [...contributions.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { profiles: [...profiles.values()], contributions: sorted };
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined && v !== '')) as Partial<T>;
}

export async function readSettings(io: CliIo, values: Record<string, unknown>): Promise<{ settings: ValueSettings; file: Record<string, unknown> }> {
  let input: ValueSettingsInput & Record<string, unknown> = {};
  const file = typeof values.settings === 'string' && values.settings ? values.settings : undefined;
  if (file) {
    const path = inputPath(io.cwd, file, 'settings');
    try {
      input = JSON.parse(await readFile(path, 'utf8')) as ValueSettingsInput & Record<string, unknown>;
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

