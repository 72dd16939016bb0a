import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { EventEmitter, once } from 'node:events';
import { defineCommand, optionalString, requireString, UsageError, type CliIo } from '../command';
import { importCsvFile, inputPath } from '../read';
import { printRowErrors, readJsonLines } from '../files';
import { contributionId, mentionsBrand, mergeProfile } from '../../db/captures';
import {
  CapturedPage,
  MatchLine,
  pageKey,
  profileId,
  ProfileLine,
  profilingInput,
  type Contribution,
  type Customer,
  type Order,
  type Profile,
} from '../../model';
import { describeIssues } from '../../messages';
import {
  computeValues,
  CurrencyError,
  todayIso,
  TIME_UNITS,
  ValueSettings,
  type CustomerValue,
  type TimeUnit,
  type ValueMatch,
  type ValueRun,
  type ValueSettingsInput,
} from '../../value';
import { dayNumber, summariseSteps } from '../../value/summary';
import { runSteps } from '../../value/schedule';
import type { CustomerSummary } from '../../value/types';
import { jsonLine, warn } from '../printable';

/** Bad content in an input file: reported with its file and line, exit code 1 (not a usage mistake). */
class InputError extends Error {
  override name = 'InputError';
}

export default defineCommand({
  name: 'value',
  summary: 'value customers: RFM, P(alive), predicted CLV, net value, influence and engagement value',
  usage: `
earshot value --customers customers.csv --orders orders.csv [--profiles profiles.jsonl] [--captures pages.jsonl]
              [--matches matches.jsonl] [--as-of DATE] [--unit days|weeks] [--currency CODE] [--rates USD=0.92,...] [--settings FILE] [--explain]

Fits BG/NBD (purchases, P(alive)) and Gamma-Gamma (spend) on the orders up to
the as-of day and values every customer. A customer who must not be profiled
(customers.csv do_not_profile) is left out of the models and gets only their
purchase history, marked "profiled":false. Prints one JSON line per customer on
stdout, and one JSON line per fitted model on stderr, e.g.
  {"model":"bgnbd","unit":"weeks","r":0.243,"alpha":4.414,"a":0.793,"b":2.426,"ll":-9582.4,"customers":2357}
With too few customers or repeat buyers the models are not fitted: stderr says
why ({"model":"historical","reason":...}) and customers get historical value.

  --customers FILE   customers CSV (customer_id,...; an extra referred_by column gives referral value)
  --orders FILE      orders CSV (order_id,customer_id,date,amount,currency,cost_to_serve)
  --profiles FILE    captured people, one JSON object per line (influence from their counts)
  --captures FILE    captured pages, one per line as \`earshot extract\` prints them: their people (id
                     platform:key, merged with --profiles) and their reviews and posts, counted as the
                     extension counts them (engagement, review authority, brand relevance with ownBrands)
  --matches FILE     output of \`earshot match\`: auto-linked profiles count for their customer (by profile id)
  --as-of DATE       end of the observation period (default today); later orders are left out
  --unit U           days or weeks (default weeks): the unit of t_x, T and alpha
  --currency CODE    the shop's currency, also for orders without one (default EUR)
  --rates LIST       exchange rates to the shop's currency: USD=0.92,GBP=1.17
  --settings FILE    value settings as JSON (margin, horizonMonths, discountRate, ownBrands, ...)
  --explain          print every number with its formula and inputs instead of the short line
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
  },
  async run(values, _positionals, io) {
    const customersPath = inputPath(io.cwd, requireString(values, 'customers'), 'customers');
    const ordersPath = inputPath(io.cwd, requireString(values, 'orders'), 'orders');
    const profilesOption = optionalString(values, 'profiles');
    const capturesOption = optionalString(values, 'captures');
    const matchesOption = optionalString(values, 'matches');
    if (matchesOption && !profilesOption && !capturesOption) {
      throw new UsageError('--matches needs --profiles or --captures: the matches link the profiles in those files');
    }
    const asOf = optionalString(values, 'as-of') ?? todayIso();
    if (!/^\d{4}-\d{2}-\d{2}$/.test(asOf) || dayNumber(asOf) === null) throw new UsageError(`--as-of ${asOf}: expected a date such as 2026-11-01`);
    const settings = await readSettings(io, values);

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

    // Their own choice first: no model, threshold or link reads a customer who must not be profiled.
    const allowed = profilingInput(customers, orders, matches);
    let run: ValueRun;
    let histories: CustomerSummary[];
    try {
      run = computeValues(
        { customers: allowed.customers, orders: allowed.orders, profiles: captured.profiles, contributions: captured.contributions, matches: allowed.matches },
        settings,
        asOf,
      );
      histories = purchaseHistories(allowed.excluded.map((c) => c.id), orders, settings, asOf);
    } catch (error) {
      if (error instanceof CurrencyError) {
        const line = orderLines.get(error.orders[0]!.orderId);
        throw new InputError(`${basename(ordersPath)}${line ? `:${line}` : ''}: ${error.message}`);
      }
      throw error;
    }

    for (const line of modelLines(run)) io.stderr.write(`${JSON.stringify(line)}\n`);
    const { afterAsOf, unknownCustomer } = run.excluded;
    if (afterAsOf.length > 0) {
      warn(
        io,
        `${basename(ordersPath)}: ${afterAsOf.length} order${afterAsOf.length === 1 ? '' : 's'} dated after --as-of ${asOf} left out ` +
          `(first: ${afterAsOf[0]!.orderId} on ${afterAsOf[0]!.date})`,
      );
    }
    for (const order of unknownCustomer) {
      warn(io, `${basename(ordersPath)}:${orderLines.get(order.orderId) ?? '?'}: customer_id: no customer "${order.customerId}" in ${basename(customersPath)}; order left out`);
    }

    const explain = values.explain === true;
    let buffer = '';
    for (const customer of run.customers) {
      buffer += jsonLine(explain ? customer : shortLine(customer));
      if (buffer.length > 1 << 16) {
        await write(io.stdout, buffer);
        buffer = '';
      }
    }
    for (const history of histories) buffer += jsonLine(historyLine(history));
    await write(io.stdout, buffer);
    return 0;
  },
});

/** The purchase history of customers who must not be profiled: their orders summed, nothing predicted or scored. */
function purchaseHistories(customerIds: readonly string[], orders: readonly Order[], settings: ValueSettings, asOf: string): CustomerSummary[] {
  if (customerIds.length === 0) return [];
  const ids = new Set(customerIds);
  const theirs = orders.filter((o) => ids.has(o.customerId));
  return runSteps(summariseSteps(theirs, { asOf, unit: settings.unit, currency: settings.currency, exchangeRates: settings.exchangeRates, customerIds })).customers;
}

function historyLine(s: CustomerSummary): Record<string, unknown> {
  return {
    customerId: s.customerId,
    profiled: false,
    orders: s.orders,
    purchases: s.purchases,
    refunds: s.refunds,
    revenue: round(s.revenue, 2),
    costToServe: round(s.costToServe, 2),
    firstPurchase: s.firstPurchase,
    lastPurchase: s.lastPurchase,
  };
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

export async function readSettings(io: CliIo, values: Record<string, unknown>): Promise<ValueSettings> {
  let input: ValueSettingsInput = {};
  const file = typeof values.settings === 'string' && values.settings ? values.settings : undefined;
  if (file) {
    const path = inputPath(io.cwd, file, 'settings');
    try {
      input = JSON.parse(await readFile(path, 'utf8')) as ValueSettingsInput;
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

/** Write, waiting for a stream to drain when it asks to (100,000 explained customers are hundreds of MB). */
async function write(out: CliIo['stdout'], text: string): Promise<void> {
  if (out.write(text) === false && out instanceof EventEmitter) await once(out, 'drain');
}

/** The stderr lines describing the models, as the issue fixes them. */
function modelLines(run: ValueRun): Record<string, unknown>[] {
  const { models } = run;
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

/** One customer in a line: the figures a spreadsheet wants, rounded for reading. */
function shortLine(c: CustomerValue): Record<string, unknown> {
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
  };
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
