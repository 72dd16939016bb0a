import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../../lib/cli/main';
import { CustomerValue } from '../../../lib/value/types';
import { generateSampleCrm } from '../../../lib/sample/crm';
import { ORDERS_HEADER, orderCsvLine } from '../../../lib/crm/formats';
import { type CapturedPage, type Order } from '../../../lib/model';
import { DEFAULT_SETTINGS } from '../../../lib/settings';
import { freshDatabases } from '../fresh-db';
import { storeCapture } from '../../../lib/db/captures';
import { createPipeline } from '../../../lib/background/pipeline';
import { MIN_BUYERS } from '../../../lib/value';
import { CALIBRATION_END, PAPER, cdnowOrders } from './cdnow';
import { MODEL_REFERENCES } from './model-references';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'earshot-value-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function cli(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, { stdout: { write: (s: string) => (stdout += s) }, stderr: { write: (s: string) => (stderr += s) }, cwd: dir });
  return { code, stdout, stderr, lines: stdout.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>) };
}

const jsonLines = (text: string) =>
  text
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Record<string, unknown>);

/**
 * `count` customers of a small shop: customer i first buys in the first half of 2024 and
 * comes back i % 4 times, every 3 + i % 9 weeks.
 */
async function writeShop(count: number, extraCustomers = '', extraOrders = '') {
  const customers = ['customer_id,first_name,referred_by'];
  const orders = ['order_id,customer_id,date,amount,currency,cost_to_serve'];
  const day = (i: number, k: number) => new Date(Date.UTC(2024, i % 6, 1 + (i % 27)) + k * (3 + (i % 9)) * 7 * 86_400_000).toISOString().slice(0, 10);
  for (let i = 0; i < count; i++) {
    customers.push(`C${i},Name${i},${i === 4 ? 'C3' : ''}`);
    orders.push(`O${i}-0,C${i},${day(i, 0)},${40 + (i % 7)}.50,EUR,${i === 8 ? '38.00' : ''}`);
    for (let k = 1; k <= i % 4; k++) orders.push(`O${i}-${k},C${i},${day(i, k)},${30 + (i % 5)},EUR,`);
  }
  await writeFile(join(dir, 'customers.csv'), `${customers.join('\n')}\n${extraCustomers}`);
  await writeFile(join(dir, 'orders.csv'), `${orders.join('\n')}\n${extraOrders}`);
}

describe('earshot value on the CDNOW sample', () => {
  it('reproduces the paper and prints one line per customer', async () => {
    const orders = cdnowOrders();
    const ids = [...new Set(orders.map((o) => o.customerId))];
    await writeFile(join(dir, 'customers.csv'), `customer_id\n${ids.join('\n')}\n`);
    await writeFile(join(dir, 'orders.csv'), `order_id,customer_id,date,amount,currency\n${orders.map((o) => `${o.id},${o.customerId},${o.date},${o.amount},USD`).join('\n')}\n`);

    const run = await cli('value', '--customers', 'customers.csv', '--orders', 'orders.csv', '--as-of', CALIBRATION_END, '--currency', 'USD', '--model', 'bgnbd');
    expect(run.code).toBe(0);
    const [bgnbd, gg] = jsonLines(run.stderr);
    expect(bgnbd).toMatchObject({ model: 'bgnbd', unit: 'weeks', customers: 2357, converged: true });
    for (const name of ['r', 'alpha', 'a', 'b'] as const) expect(Math.abs((bgnbd![name] as number) / PAPER[name] - 1)).toBeLessThan(0.01);
    expect(bgnbd!.ll).toBeCloseTo(-9582.43, 1);
    expect(gg).toMatchObject({ model: 'gammagamma', customers: 946 });
    expect([gg!.p, gg!.q, gg!.v].map((n) => Math.round((n as number) * 100) / 100)).toEqual([6.25, 3.74, 15.44]);
    expect(run.stderr).toMatch(/^orders\.csv: 1959 orders dated after --as-of 1997-09-30 left out \(first: E\d+ on 199[78]-\d\d-\d\d\)$/m);

    expect(run.lines).toHaveLength(2357);
    const first = run.lines[0]!;
    expect(Object.keys(first)).toEqual([
      'customerId', 'orders', 'purchases', 'revenue', 'rfm', 'model', 'pAlive', 'pAliveNote', 'expectedPurchases', 'purchasesLow',
      'purchasesHigh', 'expectedSpend', 'clv', 'clvLow', 'clvHigh', 'costToServe', 'futureCost', 'netValue', 'influence',
      'engagementValue', 'segment', 'uncertain', 'note',
    ]);
    // Customer 1: x = 2, t_x = 30.43, T = 38.86 weeks; P(alive) 0.7266 under the paper's parameters.
    expect(first).toMatchObject({ customerId: '1', purchases: 3, model: 'bgnbd', pAliveNote: null });
    expect(first.pAlive as number).toBeCloseTo(0.7266, 2);
    expect(first.clvLow as number).toBeLessThanOrEqual(first.clv as number);
    expect(first.clvHigh as number).toBeGreaterThan(first.clv as number);
    // A one-time buyer is alive for certain under BG/NBD, and the line says why.
    expect(run.lines.find((l) => l.purchases === 1)).toMatchObject({ pAlive: 1, pAliveNote: 'no-repeat-purchase' });
  });

  it('fits in days as well, with alpha scaled by 7 and the same forecasts', async () => {
    const orders = cdnowOrders();
    await writeFile(join(dir, 'customers.csv'), `customer_id\n${[...new Set(orders.map((o) => o.customerId))].join('\n')}\n`);
    await writeFile(join(dir, 'orders.csv'), `order_id,customer_id,date,amount,currency\n${orders.map((o) => `${o.id},${o.customerId},${o.date},${o.amount},USD`).join('\n')}\n`);
    const args = ['value', '--customers', 'customers.csv', '--orders', 'orders.csv', '--as-of', CALIBRATION_END, '--currency', 'USD', '--model', 'bgnbd'];
    const weeks = await cli(...args, '--unit', 'weeks');
    const days = await cli(...args, '--unit', 'days');
    const [w] = jsonLines(weeks.stderr);
    const [d] = jsonLines(days.stderr);
    expect(d).toMatchObject({ unit: 'days' });
    expect((d!.alpha as number) / (w!.alpha as number)).toBeCloseTo(7, 3);
    expect(d!.r as number).toBeCloseTo(w!.r as number, 4);
    expect(days.lines[0]!.expectedPurchases as number).toBeCloseTo(weeks.lines[0]!.expectedPurchases as number, 3);
  });
});

describe('earshot value --holdout on the CDNOW sample', () => {
  async function writeCdnow() {
    const orders = cdnowOrders();
    await writeFile(join(dir, 'customers.csv'), `customer_id\n${[...new Set(orders.map((o) => o.customerId))].join('\n')}\n`);
    await writeFile(join(dir, 'orders.csv'), `order_id,customer_id,date,amount,currency\n${orders.map((o) => `${o.id},${o.customerId},${o.date},${o.amount},USD`).join('\n')}\n`);
  }

  it('fits every model before 1997-10-01, checks each on the 39 weeks after, and reproduces the paper’s table for BG/NBD', async () => {
    await writeCdnow();
    const run = await cli('value', '--customers', 'customers.csv', '--orders', 'orders.csv', '--as-of', CALIBRATION_END, '--currency', 'USD', '--holdout', '39');
    expect(run.code).toBe(0);
    const stderr = jsonLines(run.stderr);
    expect(stderr.filter((l) => 'model' in l).map((l) => l.model)).toEqual(['bgnbd', 'mbgnbd', 'paretonbd', 'gammagamma']);
    const holdout = stderr.filter((l) => 'holdout' in l).map((l) => l.holdout as Record<string, unknown>);
    expect(holdout.map((h) => h.model)).toEqual(['bgnbd', 'mbgnbd', 'paretonbd']);
    const bg = holdout[0]!;
    expect(bg).toMatchObject({ weeks: 39, from: '1997-10-01', to: '1998-06-30', customers: 2357, actual: 1882 });
    // The brief's (and the paper's) figures: 1,653.4 and the table by repeat purchases, within 1%.
    expect(Math.abs((bg.predicted as number) / 1653.4 - 1)).toBeLessThan(0.01);
    const table = bg.byRepeatPurchases as { x: number | string; customers: number; predicted: number; actual: number }[];
    expect(table.map((r) => r.x)).toEqual([0, 1, 2, 3, 4, 5, 6, '7+']);
    const predicted = [0.225, 0.523, 1.044, 1.52, 2.164, 2.654, 3.504, 6.157];
    const actual = [0.237, 0.697, 1.393, 1.56, 2.532, 2.947, 3.862, 6.359];
    table.forEach((row, i) => {
      expect(Math.abs(row.predicted / predicted[i]! - 1)).toBeLessThan(0.01);
      expect(Math.abs(row.actual / actual[i]! - 1)).toBeLessThan(0.01);
    });
    expect(table.map((r) => r.customers)).toEqual(MODEL_REFERENCES.holdout.MLE.byRepeatPurchases.map((r) => r.customers));
    const weekly = bg.weekly as { week: number; actual: number; predicted: number }[];
    expect(weekly).toHaveLength(39);
    expect(weekly[0]!.week).toBe(40);
    expect(weekly[38]).toMatchObject({ week: 78, actual: 1882 });
    expect(Object.keys(bg)).toEqual(expect.arrayContaining(['meanAbsoluteError', 'topDecileHit', 'rootMeanSquaredError', 'spend']));
    expect(bg.topDecileHit as number).toBeGreaterThan(0.3);
    const selection = stderr.find((l) => 'selection' in l)!.selection as Record<string, unknown>;
    expect(selection).toMatchObject({ by: 'holdout', reason: 'lowest-holdout-error', calibrationEnd: CALIBRATION_END, holdoutWeeks: 39 });
    // The later orders are the held-back period, not something left out.
    expect(run.stderr).not.toMatch(/dated after --as-of/);
  });

  it('fits only the model asked for, and reproduces Pareto/NBD on CDNOW', async () => {
    await writeCdnow();
    const run = await cli('value', '--customers', 'customers.csv', '--orders', 'orders.csv', '--as-of', CALIBRATION_END, '--currency', 'USD', '--model', 'paretonbd');
    expect(run.code).toBe(0);
    const [pareto] = jsonLines(run.stderr);
    expect(pareto).toMatchObject({ model: 'paretonbd', unit: 'weeks', customers: 2357, converged: true });
    const btyd = { r: 0.5534, alpha: 10.5802, s: 0.6061, beta: 11.6562 };
    for (const name of ['r', 'alpha', 's', 'beta'] as const) expect(Math.abs((pareto![name] as number) / btyd[name] - 1)).toBeLessThan(0.01);
    expect(pareto!.ll as number).toBeCloseTo(-9594.97, 1);
    expect(run.lines[0]).toMatchObject({ model: 'paretonbd', pAliveNote: null });
  });

  it('ends the calibration WEEKS before the last order without --as-of, and explains usage mistakes', async () => {
    await writeCdnow();
    const base = ['value', '--customers', 'customers.csv', '--orders', 'orders.csv', '--currency', 'USD'];
    const run = await cli(...base, '--holdout', '26', '--model', 'bgnbd');
    expect(run.code).toBe(0);
    const holdout = jsonLines(run.stderr).find((l) => 'holdout' in l)!.holdout as Record<string, unknown>;
    // The last order is on 1998-06-30: 26 weeks back is 1997-12-30.
    expect(holdout).toMatchObject({ from: '1997-12-31', to: '1998-06-30', weeks: 26 });
    expect((await cli(...base, '--model', 'gbnbd')).stderr).toContain('--model gbnbd: expected auto, bgnbd, mbgnbd, paretonbd');
    expect((await cli(...base, '--holdout', '0')).code).toBe(2);
    expect((await cli(...base, '--holdout', '2.5')).stderr).toContain('--holdout 2.5: expected a whole number of weeks');
  });
});

describe('earshot value on a small shop', () => {
  it('falls back to historical value and says why', async () => {
    await writeShop(20);
    const run = await cli('value', '--customers', 'customers.csv', '--orders', 'orders.csv', '--as-of', '2024-12-31');
    expect(run.code).toBe(0);
    expect(jsonLines(run.stderr)).toEqual([
      {
        model: 'historical',
        code: 'too-few-buyers',
        figures: { buyers: 20, needed: MIN_BUYERS },
        reason: `only 20 customers with purchases up to 2024-12-31; a purchase model needs at least ${MIN_BUYERS}`,
      },
    ]);
    expect(run.lines[1]).toMatchObject({ customerId: 'C1', model: 'historical', pAlive: null, revenue: 41.5 + 31, clv: 0.3 * 72.5 });
  });

  it('links profiles through matches, reads settings, converts currencies and explains on request', async () => {
    const { customers, orders } = generateSampleCrm({ customers: 600 });
    const ids = customers.map((c) => c.customer.id);
    await writeFile(join(dir, 'customers.csv'), `customer_id,referred_by\n${ids.map((id) => `${id},${id === ids[4] ? ids[3] : ''}`).join('\n')}\n`);
    const usd: Order = { id: 'X1', customerId: ids[2]!, date: '2026-10-11', amount: 100, currency: 'USD' };
    await writeFile(join(dir, 'orders.csv'), `${ORDERS_HEADER}${[...orders, usd].map(orderCsvLine).join('')}`);
    await writeFile(
      join(dir, 'profiles.jsonl'),
      [
        { id: 'ig1', platform: 'instagram', displayName: 'Anna', followers: 48_000 },
        { id: 'yt1', platform: 'youtube', displayName: 'Anna bakt', followers: 9_000 },
        { id: 'amz', platform: 'amazon', displayName: 'B.', reviewCount: 120, helpfulVotes: 800, badges: ['top-reviewer'] },
      ]
        .map((p) => JSON.stringify(p))
        .join('\n'),
    );
    await writeFile(
      join(dir, 'matches.jsonl'),
      [
        { profileId: 'ig1', customerId: ids[3], score: 0.99, decision: 'auto', evidence: [] },
        { profileId: 'yt1', customerId: ids[3], score: 0.98, decision: 'auto', evidence: [] },
        { profileId: 'amz', customerId: ids[6], score: 0.7, decision: 'review', evidence: [] },
      ]
        .map((m) => JSON.stringify(m))
        .join('\n'),
    );
    await writeFile(join(dir, 'settings.json'), JSON.stringify({ margin: 0.4, horizonMonths: 12, costPerOrder: 1 }));
    const base = ['value', '--customers', 'customers.csv', '--orders', 'orders.csv', '--profiles', 'profiles.jsonl', '--matches', 'matches.jsonl', '--as-of', '2026-11-01'];

    const refused = await cli(...base);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe(
      `earshot value: orders.csv:${orders.length + 2}: order "X1" (customer "${ids[2]}") is in USD, but the shop's currency is EUR and there is no USD rate ` +
        'in the exchange rates; add one (e.g. USD: 0.92 means 1 USD = 0.92 EUR). Amounts in different currencies are never added up as they are.\n',
    );

    const run = await cli(...base, '--rates', 'USD=0.9', '--settings', 'settings.json');
    expect(run.code).toBe(0);
    const stderr = jsonLines(run.stderr);
    const selection = stderr.find((l) => 'selection' in l)!.selection as { model: string; by: string };
    expect(selection.by).toBe('holdout');
    expect(stderr.filter((l) => 'model' in l).map((l) => l.model)).toEqual([selection.model, 'gammagamma']);
    expect(stderr.filter((l) => 'holdout' in l)).toHaveLength(3);
    const byId = new Map(run.lines.map((l) => [l.customerId, l]));
    const anna = byId.get(ids[3])!;
    expect(anna.influence).toMatchObject({ profiles: 2 });
    expect((anna.influence as { reach: number }).reach).toBeCloseTo((100 * Math.log10(1 + 48_000 + 4_500)) / Math.log10(1_000_001), 1);
    expect(byId.get(ids[6])!.influence).toMatchObject({ profiles: 0 }); // a match waiting for review does not link
    const own = (id: string) => [...orders, usd].filter((o) => o.customerId === id && o.currency === 'EUR');
    const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
    expect(byId.get(ids[2])!.revenue).toBeCloseTo(sum(own(ids[2]!).map((o) => Math.round(o.amount * 100) / 100)) + 90, 2);
    for (const id of ids.slice(0, 50)) {
      // the orders' cost to serve plus 1 per order from the settings
      const count = own(id).length + (id === usd.customerId ? 1 : 0);
      expect(byId.get(id)!.costToServe).toBeCloseTo(sum(own(id).map((o) => o.costToServe ?? 0)) + count, 2);
    }

    const explained = await cli(...base, '--rates', 'USD=0.9', '--explain');
    const annaExplained = CustomerValue.parse(explained.lines.find((l) => l.customerId === ids[3]));
    expect(annaExplained.engagement.referral.inputs).toMatchObject({ referredCustomers: 1 }); // the 5th customer names her in referred_by
    expect(annaExplained.prediction.clv.formula).toBe('clv.predicted');
    expect(annaExplained.influence.reach.inputs.reachFollowers).toBe(52_500);
  });

  it('reports bad rows and bad lines with file and line', async () => {
    await writeShop(60, 'C99,Late,\n', 'BAD,C1,2024-13-01,5,EUR,\nO-ghost,NOBODY,2024-05-05,5,EUR,\n');
    await writeFile(join(dir, 'profiles.jsonl'), '{"id":"p1","platform":"instagram","displayName":"A"}\n{"id":"p2","platform":"myspace","displayName":"B"}\n');
    // A bad profile line is reported and skipped, as every command does; the good one is used.
    const bad = await cli('value', '--customers', 'customers.csv', '--orders', 'orders.csv', '--profiles', 'profiles.jsonl', '--as-of', '2024-12-31');
    expect(bad.code).toBe(0);
    expect(bad.stderr).toMatch(/^profiles\.jsonl:2: platform: .*; this line is skipped$/m);

    const run = await cli('value', '--customers', 'customers.csv', '--orders', 'orders.csv', '--as-of', '2024-12-31');
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/^orders\.csv:\d+: date: "2024-13-01" is not an ISO 8601 date such as 2024-07-06; row skipped$/m);
    // The line the order is on, exactly: line numbers are kept apart from the orders (value-inputs.ts).
    const ghostLine = (await readFile(join(dir, 'orders.csv'), 'utf8')).split('\n').findIndex((l) => l.startsWith('O-ghost,')) + 1;
    expect(run.stderr).toMatch(new RegExp(`^orders\\.csv:${ghostLine}: customer_id: no customer "NOBODY" in customers\\.csv; order left out$`, 'm'));
    expect(run.lines.find((l) => l.customerId === 'C99')).toMatchObject({ orders: 0, model: 'none', rfm: null });
  });

  it('an order dated 0001-01-01 is refused with its line; every customer is still valued (issue 12.8)', async () => {
    await writeShop(60, '', 'ZERO,C1,0001-01-01,5,EUR,\n');
    const run = await cli('value', '--customers', 'customers.csv', '--orders', 'orders.csv', '--as-of', '2024-12-31');
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/^orders\.csv:\d+: date: "0001-01-01" is before 1990-01-01: a placeholder, not the date of an order; row skipped$/m);
    expect(run.lines).toHaveLength(60);
  });

  it('explains usage mistakes', async () => {
    await writeShop(5);
    expect((await cli('value', '--customers', 'customers.csv')).stderr).toContain('--orders is required');
    const noMatches = await cli('value', '--customers', 'customers.csv', '--orders', 'orders.csv', '--matches', 'm.jsonl');
    expect(noMatches.code).toBe(2);
    expect(noMatches.stderr).toContain('--matches m.jsonl: no such file');
    expect((await cli('value', '--customers', 'customers.csv', '--orders', 'orders.csv', '--unit', 'months')).stderr).toContain('--unit months: expected days or weeks');
    expect((await cli('value', '--customers', 'customers.csv', '--orders', 'orders.csv', '--as-of', '2024-02-30')).code).toBe(2);
  });
});

describe('earshot value with captured pages', () => {
  // A baker on Instagram (likes on her posts) and a reviewer of the shop's own brand on Amazon, whose
  // review shows on two product pages: the pages as `earshot extract` prints them.
  const instagram: CapturedPage = {
    url: 'https://www.instagram.com/zoetbakt/',
    site: 'instagram',
    kind: 'profile',
    profiles: [{ platform: 'instagram', key: 'zoetbakt', displayName: 'Qxv Wrpl', followers: 24_000 }],
    contributions: [
      { profileKey: 'zoetbakt', type: 'post', date: '2026-10-20', helpfulVotes: 900, text: 'Zondag bakdag' },
      // The brand only in the text: flagged at capture, as the extension does.
      { profileKey: 'zoetbakt', type: 'post', date: '2026-10-27', helpfulVotes: 1300, text: 'Zoet taart, recept in bio' },
    ],
  };
  const review = { profileKey: 'amzn1.account.ZYX', type: 'review', rating: 2, date: '2026-09-01', subject: 'Zoet taartvorm 24 cm', helpfulVotes: 12 } as const;
  const amazon = (url: string, helpfulVotes: number): CapturedPage => ({
    url,
    site: 'amazon',
    kind: 'reviews',
    profiles: [{ platform: 'amazon', key: 'amzn1.account.ZYX', displayName: 'Zyx Qwv', reviewCount: 140, helpfulVotes, badges: ['top-reviewer'] }],
    contributions: [review, { ...review, rating: 1, date: '2026-10-02', subject: 'Zoet bakpapier', helpfulVotes: 3 }],
  });
  const pages = [instagram, amazon('https://www.amazon.nl/product-reviews/B0ZOET', 600), amazon('https://www.amazon.nl/product-reviews/B0ZOET2#top', 640)];
  const settings = { ownBrands: ['Zoet'] };

  async function writeInputs() {
    const sample = generateSampleCrm({ customers: 300 });
    // Amounts in cents, as a CSV carries them, so both sides read the same numbers.
    const cents = (n: number) => Math.round(n * 100) / 100;
    const orders = sample.orders.map((o) => ({ ...o, amount: cents(o.amount), ...(o.costToServe === undefined ? {} : { costToServe: cents(o.costToServe) }) }));
    const customers = sample.customers.map((c) => ({ ...c.customer, custom: {} }));
    const ids = customers.map((c) => c.id);
    await writeFile(join(dir, 'customers.csv'), `customer_id\n${ids.join('\n')}\n`);
    await writeFile(join(dir, 'orders.csv'), `${ORDERS_HEADER}${orders.map(orderCsvLine).join('')}`);
    await writeFile(join(dir, 'pages.jsonl'), pages.map((p) => JSON.stringify(p)).join('\n'));
    const links = [
      { profileId: 'instagram:zoetbakt', customerId: ids[3]! },
      { profileId: 'amazon:amzn1.account.ZYX', customerId: ids[7]! },
    ];
    await writeFile(join(dir, 'matches.jsonl'), links.map((l) => JSON.stringify({ ...l, score: 0.99, decision: 'auto', evidence: [] })).join('\n'));
    await writeFile(join(dir, 'settings.json'), JSON.stringify(settings));
    return { customers, orders, ids, links };
  }
  const args = ['value', '--customers', 'customers.csv', '--orders', 'orders.csv', '--matches', 'matches.jsonl', '--settings', 'settings.json', '--as-of', '2026-11-01'];
  const fresh = freshDatabases('value-cli');

  it('counts contributions as the extension does: the same values from the same pages', async () => {
    const { customers, orders, ids, links } = await writeInputs();
    const run = await cli(...args, '--captures', 'pages.jsonl', '--explain');
    expect(run.code).toBe(0);
    const fromCli = new Map(run.lines.map((l) => [l.customerId as string, CustomerValue.parse(l)]));

    // The extension: the same pages captured, the same links, the service worker's computation.
    const db = await fresh();
    await db.customers.bulkPut(customers);
    await db.orders.bulkPut(orders);
    const now = Date.parse('2026-11-01T12:00:00Z');
    for (const page of pages) await storeCapture(db, page, { now, ownBrands: settings.ownBrands });
    await db.matches.bulkPut(links.map((l) => ({ ...l, score: 1, status: 'confirmed' as const, evidence: [], decidedBy: 'user' as const, decidedAt: now, rejectedCustomerIds: [] })));
    const value = { ...DEFAULT_SETTINGS.value, ...settings };
    const steps = createPipeline({ db, now: () => now, settings: async () => ({ ...DEFAULT_SETTINGS, value }), syncQueued: () => undefined });
    await steps.computeValues!({ profiles: [], customers: false, orders: true });

    for (const i of [3, 7]) {
      const stored = (await db.values.get(`customer:${ids[i]}`))!.value;
      expect(fromCli.get(ids[i]!)).toEqual(stored);
    }

    const baker = fromCli.get(ids[3]!)!.influence;
    expect(baker.engagement!.inputs).toMatchObject({ likesPerPost: 1100, followers: 24_000 });
    expect(baker.brandRelevance!.inputs).toMatchObject({ contributions: 1 });
    const reviewer = fromCli.get(ids[7]!)!;
    // The review seen on two pages counts once; the later page's helpful votes win, as in storage.
    expect(reviewer.influence.brandRelevance!.inputs).toMatchObject({ contributions: 2, meanRating: 1.5 });
    expect(reviewer.influence.authority.inputs).toMatchObject({ reviews: 140, helpfulVotes: 640 });
    expect(reviewer.engagement.knowledge.inputs).toMatchObject({ ownBrandReviews: 2 });
  });

  it('without the pages, the same people have no engagement, brand relevance or knowledge value', async () => {
    const { ids } = await writeInputs();
    // The people alone, as profiles.jsonl lines: their counts but none of their posts and reviews.
    await writeFile(
      join(dir, 'profiles.jsonl'),
      [
        { id: 'instagram:zoetbakt', platform: 'instagram', displayName: 'Qxv Wrpl', followers: 20_000 },
        { id: 'amazon:amzn1.account.ZYX', platform: 'amazon', displayName: 'Zyx Qwv', reviewCount: 140, helpfulVotes: 600 },
      ]
        .map((p) => JSON.stringify(p))
        .join('\n'),
    );
    const without = await cli(...args, '--profiles', 'profiles.jsonl');
    expect(without.code).toBe(0);
    const short = (run: typeof without, i: number) => run.lines.find((l) => l.customerId === ids[i]) as { influence: Record<string, unknown> };
    expect(short(without, 3).influence).toMatchObject({ engagement: null, brandRelevance: 0, profiles: 1 });
    expect(short(without, 7).influence).toMatchObject({ brandRelevance: 0, profiles: 1 });

    // With both, a captured person merges over the line with the same id: the page's newer counts win.
    const both = await cli(...args, '--profiles', 'profiles.jsonl', '--captures', 'pages.jsonl', '--explain');
    expect(both.code).toBe(0);
    const baker = CustomerValue.parse(both.lines.find((l) => l.customerId === ids[3]));
    expect(baker.influence.reachFollowers).toBe(24_000);
    expect(baker.influence.engagement).not.toBeNull();
    expect(baker.influence.brandRelevance!.value).toBeGreaterThan(0);
  });

  it('reports a bad captured page with its file and line', async () => {
    await writeInputs();
    await writeFile(join(dir, 'pages.jsonl'), `${JSON.stringify(instagram)}\n{"url":"https://x.com/a","site":"x","kind":"profile","profiles":[{"platform":"x"}],"contributions":[]}\n`);
    const bad = await cli(...args, '--captures', 'pages.jsonl');
    expect(bad.code).toBe(0);
    expect(bad.stderr).toMatch(/^pages\.jsonl:2: profiles\.0\.key: .*; this line is skipped$/m);
    // With none of its lines usable, the input stops the command.
    await writeFile(join(dir, 'pages.jsonl'), '{"url":"https://x.com/a","site":"x","kind":"profile","profiles":[{"platform":"x"}],"contributions":[]}\n');
    const unusable = await cli(...args, '--captures', 'pages.jsonl');
    expect(unusable.code).toBe(1);
    expect(unusable.stderr).toMatch(/^earshot value: pages\.jsonl: every line was refused \(1 line\): no people to value$/m);
  });

  it('values the people of matches alone, known by their id, and says their counts are unknown', async () => {
    const { ids } = await writeInputs();
    const run = await cli(...args);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('earshot value: 2 linked profiles are known by their id alone (no --captures or --profiles): their counts, and so their influence, are 0');
    expect(run.lines.find((l) => l.customerId === ids[3])!.influence).toMatchObject({ profiles: 1, score: 0 });
  });
});
