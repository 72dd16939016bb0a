/**
 * Values as the service worker computes them (lib/background/pipeline.ts): after captures alone only the
 * captured people, without reading the orders; and data no run can use (orders in a currency without a
 * rate) recorded for the pages to show instead of failing on every retry.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { EarshotDatabase } from '../../../lib/db/database';
import { deleteDatabase, openFreshDatabase } from '../fresh-db';
import { storeCapture } from '../../../lib/db/captures';
import { valueProblem, valueRunInfo } from '../../../lib/db/values';
import { type ValueRecord } from '../../../lib/value';
import { createPipeline } from '../../../lib/background/pipeline';
import { pendingWork, recordWork, runWork } from '../../../lib/background/work';
import { type CapturedPage } from '../../../lib/model';
import { DEFAULT_SETTINGS, type Settings } from '../../../lib/settings';
import { generateSampleCrm } from '../../../lib/sample/crm';
import type { CustomerValue, ProfileValue } from '../../../lib/value';

const NOW = Date.parse('2026-11-01T12:00:00Z');
const OWN_BRANDS = ['Zoet'];

let db: EarshotDatabase;
let settings: Settings;
let now: number;
let customerIds: string[];

beforeEach(async () => {
  db = await openFreshDatabase('value-pipeline');
  now = NOW;
  settings = { ...DEFAULT_SETTINGS, value: { ...DEFAULT_SETTINGS.value, ownBrands: OWN_BRANDS } };
  // Enough customers and repeat buyers for the models to be fitted, also on the history before the held-back weeks.
  const sample = generateSampleCrm({ customers: 500 });
  customerIds = sample.customers.map((c) => c.customer.id);
  await db.customers.bulkPut(sample.customers.map((c) => c.customer));
  await db.orders.bulkPut(sample.orders);
});
afterEach(async () => {
  vi.restoreAllMocks();
  await deleteDatabase(db);
});

const pipeline = () => createPipeline({ db, now: () => now, settings: async () => settings, syncQueued: () => undefined });

async function work(change: Parameters<typeof recordWork>[1]) {
  await recordWork(db, change, now);
  await runWork(db, pipeline(), () => now);
}

/** Spies on every way of reading the orders table. */
function watchOrders() {
  const table = db.orders;
  return [
    vi.spyOn(table, 'toArray'),
    vi.spyOn(table, 'toCollection'),
    vi.spyOn(table, 'each'),
    vi.spyOn(table, 'where'),
    vi.spyOn(table, 'filter'),
    vi.spyOn(table, 'orderBy'),
    vi.spyOn(table, 'bulkGet'),
    vi.spyOn(table, 'get'),
    vi.spyOn(table, 'count'),
  ];
}
const calls = (spies: ReturnType<typeof watchOrders>) => spies.reduce((sum, s) => sum + s.mock.calls.length, 0);

/** A baker on Instagram (likes on her posts) and a reviewer of the shop's own brand on Amazon. */
const instagram: CapturedPage = {
  url: 'https://www.instagram.com/zoetbakt/',
  site: 'instagram',
  kind: 'profile',
  profiles: [{ platform: 'instagram', key: 'zoetbakt', displayName: 'Qxv Wrpl', followers: 24_000 }],
  contributions: [
    { profileKey: 'zoetbakt', type: 'post', date: '2026-10-20', helpfulVotes: 900, text: 'Zondag bakdag' },
    { profileKey: 'zoetbakt', type: 'post', date: '2026-10-27', helpfulVotes: 1300, text: 'Zoet taart, recept in bio', subject: 'Zoet taart' },
  ],
};
const amazon: CapturedPage = {
  url: 'https://www.amazon.nl/product-reviews/B0ZOET',
  site: 'amazon',
  kind: 'reviews',
  profiles: [{ platform: 'amazon', key: 'amzn1.account.ZYX', displayName: 'Zyx Qwv', reviewCount: 140, helpfulVotes: 600, badges: ['top-reviewer'] }],
  contributions: [
    { profileKey: 'amzn1.account.ZYX', type: 'review', rating: 5, date: '2026-09-01', subject: 'Zoet taartvorm 24 cm', helpfulVotes: 12 },
    { profileKey: 'amzn1.account.ZYX', type: 'review', rating: 4, date: '2026-10-02', subject: 'Zoet bakpapier', helpfulVotes: 3 },
  ],
};
const INSTAGRAM = 'instagram:zoetbakt';
const AMAZON = 'amazon:amzn1.account.ZYX';

/** Capture the pages and link the Instagram profile to a customer with purchases, as a person would. */
async function captureAndLink(customerId: string): Promise<void> {
  await storeCapture(db, instagram, { now, ownBrands: OWN_BRANDS });
  await storeCapture(db, amazon, { now, ownBrands: OWN_BRANDS });
  await db.matches.put({ profileId: INSTAGRAM, customerId, score: 1, status: 'confirmed', evidence: [], decidedBy: 'user', decidedAt: now, rejectedCustomerIds: [] });
}

const byRef = (records: ValueRecord[]) => new Map(records.map((r) => [r.personRef, r]));

describe('values after captures alone', () => {
  it('computes only the captured people, reads no orders, and gives what a full run gives', async () => {
    await work({ customers: true, orders: true });
    const info = await valueRunInfo(db);
    expect(info?.models.purchases).not.toBe('historical');
    expect(info?.models.selection?.by).toBe('holdout');
    const before = byRef(await db.values.toArray());
    const buyer = customerIds.find((id) => (before.get(`customer:${id}`)!.value as CustomerValue).summary.purchases > 2)!;

    await captureAndLink(buyer);
    const orders = watchOrders();
    const customersRead = vi.spyOn(db.customers, 'toArray');
    await work({ profiles: [INSTAGRAM, AMAZON] });
    expect(calls(orders)).toBe(0);
    expect(customersRead).not.toHaveBeenCalled();

    const incremental = byRef(await db.values.toArray());
    // The linked profile counts for its customer; the reviewer stands on their own.
    const customer = incremental.get(`customer:${buyer}`)!.value as CustomerValue;
    expect(customer.influence.profileIds).toEqual([INSTAGRAM]);
    expect(customer.influence.engagement).not.toBeNull();
    expect(customer.influence.brandRelevance!.inputs.contributions).toBe(1);
    expect(incremental.has(`profile:${INSTAGRAM}`)).toBe(false);
    const reviewer = incremental.get(`profile:${AMAZON}`)!.value as ProfileValue;
    expect(reviewer.engagement.knowledge.value).toBe(2 * settings.value.knowledgeValuePerReview);
    // Its purchases stand as they were; everyone else is untouched.
    expect(customer.prediction).toEqual((before.get(`customer:${buyer}`)!.value as CustomerValue).prediction);
    expect(incremental.size).toBe(before.size + 1);
    expect((await valueRunInfo(db))?.people).toBe(incremental.size);

    // A full run over everything (as after an import) gives the same values, for these people and all others.
    await work({ orders: true });
    expect(calls(orders)).toBeGreaterThan(0);
    const full = byRef(await db.values.toArray());
    expect(full.get(`customer:${buyer}`)).toEqual(incremental.get(`customer:${buyer}`));
    expect(full.get(`profile:${AMAZON}`)).toEqual(incremental.get(`profile:${AMAZON}`));
    expect([...full.entries()].sort()).toEqual([...incremental.entries()].sort());
  });

  it('takes a rejected profile off its customer and values it on its own, as a full run would', async () => {
    await work({ customers: true, orders: true });
    const first = customerIds[0];
    await captureAndLink(first!);
    await work({ profiles: [INSTAGRAM] });
    await db.matches.put({ profileId: INSTAGRAM, customerId: null, score: 0, status: 'rejected', evidence: [], decidedBy: 'user', decidedAt: now, rejectedCustomerIds: [first!] });
    const orders = watchOrders();
    // The handlers record the profile; the matcher may propose another customer, never the rejected one.
    await work({ profiles: [INSTAGRAM] });
    expect(calls(orders)).toBe(0);
    const after = byRef(await db.values.toArray());
    expect((after.get(`customer:${first}`)!.value as CustomerValue).influence.profileIds).toEqual([]);
    expect(after.has(`profile:${INSTAGRAM}`)).toBe(true);

    await work({ orders: true });
    const full = byRef(await db.values.toArray());
    expect(full.get(`customer:${first}`)).toEqual(after.get(`customer:${first}`));
    expect(full.get(`profile:${INSTAGRAM}`)).toEqual(after.get(`profile:${INSTAGRAM}`));
  });

  it('recomputes everything when the settings or the day changed since the stored run', async () => {
    await work({ customers: true, orders: true });
    await captureAndLink(customerIds[0]!);
    const orders = watchOrders();

    settings = { ...settings, value: { ...settings.value, margin: 0.4 } };
    await work({ profiles: [AMAZON] });
    expect(vi.mocked(db.orders.toArray)).toHaveBeenCalledTimes(1);
    expect((await valueRunInfo(db))?.settings.margin).toBe(0.4);

    now += 86_400_000;
    await work({ profiles: [AMAZON] });
    expect(vi.mocked(db.orders.toArray)).toHaveBeenCalledTimes(2);
    expect((await valueRunInfo(db))?.asOf).toBe('2026-11-02');

    const full = calls(orders);
    await work({ profiles: [AMAZON] });
    expect(calls(orders)).toBe(full);
  });
});

describe('orders in a currency without a rate', () => {
  const usd = (id: string, customerId: string) => ({ id, customerId, date: '2026-10-11', amount: 100, currency: 'USD' });

  it('are recorded as the value problem, once, and the work is let go', async () => {
    await work({ customers: true, orders: true });
    const good = await db.values.toArray();
    expect(await valueProblem(db)).toBeUndefined();

    await db.orders.bulkPut([usd('X1', customerIds[2]!), usd('X2', customerIds[5]!), { ...usd('X3', customerIds[5]!), currency: 'GBP' }]);
    now += 1000;
    await work({ orders: true });

    const problem = await valueProblem(db);
    expect(problem).toMatchObject({
      at: now,
      kind: 'currency',
      refusedOrders: 3,
      currencies: ['GBP', 'USD'],
      orders: [
        { orderId: 'X1', customerId: customerIds[2], currency: 'USD' },
        { orderId: 'X2', customerId: customerIds[5], currency: 'USD' },
        { orderId: 'X3', customerId: customerIds[5], currency: 'GBP' },
      ],
    });
    expect(problem!.message).toMatch(/order "X1" .* is in USD, but the shop's currency is EUR and there is no USD rate/);
    // Not retried forever: the work is done with, and the last good values stay (the run info says from when).
    expect(await pendingWork(db)).toBeNull();
    expect(await db.values.toArray()).toEqual(good);
  });

  it('keep the last good run for new captures until the settings change, then a full run clears the problem', async () => {
    await work({ customers: true, orders: true });
    await db.orders.put(usd('X1', customerIds[2]!));
    await work({ orders: true });
    expect((await valueProblem(db))?.kind).toBe('currency');

    // The same settings would fail the same way: a capture does not read the orders again.
    await captureAndLink(customerIds[0]!);
    const orders = watchOrders();
    await work({ profiles: [INSTAGRAM, AMAZON] });
    expect(calls(orders)).toBe(0);
    expect(await db.values.get(`profile:${AMAZON}`)).toBeDefined();
    expect((await valueProblem(db))?.kind).toBe('currency');

    // A rate in the value settings: the next run converts and the problem is gone.
    settings = { ...settings, value: { ...settings.value, exchangeRates: { USD: 0.9 } } };
    await work({ profiles: [AMAZON] });
    expect(calls(orders)).toBeGreaterThan(0);
    expect(await valueProblem(db)).toBeUndefined();
    const converted = (await db.values.get(`customer:${customerIds[2]}`))!.value as CustomerValue;
    expect(converted.summary.lastPurchase! >= '2026-10-11').toBe(true);
  });

  it('with no run before, say so and compute nothing until something changes', async () => {
    await db.orders.put(usd('X1', customerIds[2]!));
    await work({ customers: true, orders: true });
    expect((await valueProblem(db))?.orders).toEqual([{ orderId: 'X1', customerId: customerIds[2], currency: 'USD' }]);
    expect(await db.values.count()).toBe(0);

    await storeCapture(db, amazon, { now, ownBrands: OWN_BRANDS });
    const orders = watchOrders();
    await work({ profiles: [AMAZON] });
    expect(calls(orders)).toBe(0);
    expect(await db.values.count()).toBe(0);
    expect(await pendingWork(db)).toBeNull();
  });
});
