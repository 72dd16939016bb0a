/**
 * Orders -> one summary per customer: the recency-frequency-monetary history
 * every value model reads, following the conventions of the BG/NBD paper:
 * - A purchase is a day with an order: orders of one customer on the same day
 *   are merged into one transaction (their amounts added). The day is the
 *   calendar date as the order carries it (the first ten characters of its
 *   ISO date), i.e. the shop's local date.
 * - x = purchase days after the first; t_x = days from the first to the last
 *   purchase, T = days from the first purchase to the as-of day, both divided
 *   by the unit (1 for days, 7 for weeks); an order on the as-of day counts.
 * - m = the mean net amount of the repeat purchase days (the first purchase
 *   is left out, as Gamma-Gamma is fitted on repeat spend); 0 when x = 0.
 * - An order with a negative amount is a refund: it is not a purchase, it
 *   reduces revenue, and it reduces the spend of its own day when the
 *   customer bought that day, else of their latest purchase day before it
 *   (the purchase it most plausibly returns; the orders do not say which).
 *   So m is net of refunds and can be 0 or less: such a customer is left out
 *   of the Gamma-Gamma fit and valued by the spend fallback (spend.ts). A
 *   refund of the first purchase, or before any, reduces revenue only.
 *   An order of amount 0 is a purchase worth 0.
 * - Amounts in another currency than the shop's are converted with the
 *   settings' exchange rates; an order in a currency without a rate stops the
 *   computation with a CurrencyError naming it. Amounts are never added
 *   across currencies.
 * - Orders after the as-of day, and orders of customers not in the list, are
 *   left out and reported; so are orders without a real date (before
 *   1990-01-01, lib/model/order-date.ts), which the importer refuses but an
 *   older database may hold: one of them never stops everyone's values.
 */
import { dayNumber, dayString, orderDay, type Order } from '../model';

export { dayNumber, dayString };
import { CurrencyError, ValueInputError } from './errors';
import type { Steps } from './schedule';
import type { CustomerSummary, ExcludedOrder, TimeUnit } from './types';
import { orderList, type Orders } from './order-columns';

export type SummaryOrder = Pick<Order, 'id' | 'customerId' | 'date' | 'amount' | 'currency' | 'costToServe'>;

export interface SummaryOptions {
  /** Last day of the observation period, YYYY-MM-DD. */
  asOf: string;
  unit: TimeUnit;
  /** The shop's currency. */
  currency: string;
  /** Rates to the shop's currency: { USD: 0.92 } means 1 USD = 0.92 in the shop's currency. */
  exchangeRates: Readonly<Record<string, number>>;
  /**
   * The customers, in the order the summaries should come out. Without it,
   * every customer with an order is summarised, in order of first appearance.
   */
  customerIds?: readonly string[];
  /**
   * List the orders left out (after the as-of day, unknown customers) in the result (default true). A
   * summary of the calibration period only needs the kept ones: listing a quarter of the orders as left
   * out would be garbage for nothing.
   */
  listExcluded?: boolean;
}

export interface SummaryResult {
  customers: CustomerSummary[];
  excluded: { afterAsOf: ExcludedOrder[]; unknownCustomer: ExcludedOrder[]; undated: ExcludedOrder[] };
}

export const UNIT_DAYS: Record<TimeUnit, number> = { days: 1, weeks: 7 };

/** The as-of day, checked: a ValueInputError when it is not a real date. */
export function parseAsOf(asOf: string): number {
  const day = /^\d{4}-\d{2}-\d{2}$/.test(asOf) ? dayNumber(asOf) : null;
  if (day === null) throw new ValueInputError(`as-of "${asOf}" is not a date such as 2024-07-06`);
  return day;
}

const CHUNK = 4096;

/** The orders that count, checked and converted to the shop's currency, as parallel arrays. */
export interface KeptOrders {
  /** Customer ids in order of the list (then of first appearance when there is no list). */
  ids: string[];
  /** How many orders were kept; the arrays hold them at 0..kept−1. */
  kept: number;
  /** Per kept order: index into ids, day number, amount and cost to serve in the shop's currency. */
  owner: Int32Array;
  day: Float64Array;
  amount: Float64Array;
  cost: Float64Array;
  afterAsOf: ExcludedOrder[];
  unknownCustomer: ExcludedOrder[];
  /** Orders whose date breaks the one date rule (lib/model/order-date.ts): left out, counted, never stopping the others. */
  undated: ExcludedOrder[];
}

/**
 * Check, convert and keep the orders up to the as-of day (and after `afterDay`, when given) of the listed
 * customers. Orders share few distinct dates, so each date string is parsed once. Throws a ValueInputError
 * naming the order for a date or amount that is not one, and a CurrencyError for currencies without a rate.
 */
export function* keepOrdersSteps(
  ordersInput: Orders,
  options: Pick<SummaryOptions, 'asOf' | 'currency' | 'exchangeRates' | 'customerIds' | 'listExcluded'> & { afterDay?: number },
): Steps<KeptOrders> {
  const asOfDay = parseAsOf(options.asOf);
  const afterDay = options.afterDay ?? -Infinity;
  const list = options.listExcluded ?? true;
  const ids: string[] = [];
  const index = new Map<string, number>();
  const known = options.customerIds !== undefined;
  const listed = options.customerIds ?? [];
  for (let i = 0; i < listed.length; i++) {
    if (i % CHUNK === 0 && i > 0) yield { phase: 'summary', done: 0, total: null };
    const id = listed[i]!;
    if (!index.has(id)) {
      index.set(id, ids.length);
      ids.push(id);
    }
  }
  const days = new Map<string, number | null>();
  const undated: ExcludedOrder[] = [];
  const orders = orderList(ordersInput);
  const n = orders.length;
  const owner = new Int32Array(n);
  const day = new Float64Array(n);
  const amount = new Float64Array(n);
  const cost = new Float64Array(n);
  let kept = 0;
  const afterAsOf: ExcludedOrder[] = [];
  const unknownCustomer: ExcludedOrder[] = [];
  const refused: { orderId: string; customerId: string; currency: string }[] = [];
  for (let i = 0; i < n; i++) {
    if (i % CHUNK === 0 && i > 0) yield { phase: 'summary', done: i, total: n };
    const date = orders.date(i);
    const customerId = orders.customerId(i);
    let d = days.get(date);
    if (d === undefined) {
      const checked = orderDay(date);
      d = 'day' in checked ? checked.day : null;
      days.set(date, d);
    }
    if (d === null) {
      undated.push({ orderId: orders.id(i), customerId, date });
      continue;
    }
    const orderAmount = orders.amount(i);
    if (!Number.isFinite(orderAmount)) throw new ValueInputError(`order "${orders.id(i)}" (customer "${customerId}"): amount ${orderAmount} is not a number`);
    if (d > asOfDay) {
      if (list) afterAsOf.push({ orderId: orders.id(i), customerId, date });
      continue;
    }
    if (d <= afterDay) continue;
    let c = index.get(customerId);
    if (c === undefined) {
      if (known) {
        if (list) unknownCustomer.push({ orderId: orders.id(i), customerId, date });
        continue;
      }
      c = ids.length;
      index.set(customerId, c);
      ids.push(customerId);
    }
    const currency = orders.currency(i).toUpperCase();
    const rate = currency === options.currency ? 1 : options.exchangeRates[currency];
    if (rate === undefined) {
      refused.push({ orderId: orders.id(i), customerId, currency });
      continue;
    }
    owner[kept] = c;
    day[kept] = d;
    amount[kept] = orderAmount * rate;
    cost[kept] = (orders.costToServe(i) ?? 0) * rate;
    kept += 1;
  }
  if (refused.length > 0) throw currencyError(refused, options.currency);
  return { ids, kept, owner, day, amount, cost, afterAsOf, unknownCustomer, undated };
}

/** Each customer's kept orders: byCustomer[start[c]..start[c+1]) are customer c's (sort them with sortByDay). */
export function ordersByCustomer(orders: Pick<KeptOrders, 'ids' | 'kept' | 'owner'>): { start: Int32Array; byCustomer: Int32Array } {
  const { ids, kept, owner } = orders;
  // Counting sort by customer, then by day within each.
  const start = new Int32Array(ids.length + 1);
  for (let k = 0; k < kept; k++) start[owner[k]! + 1]! += 1;
  for (let c = 0; c < ids.length; c++) start[c + 1]! += start[c]!;
  const fill = start.slice(0, ids.length);
  const byCustomer = new Int32Array(kept);
  for (let k = 0; k < kept; k++) byCustomer[fill[owner[k]!]!++] = k;
  return { start, byCustomer };
}

export function* summariseSteps(orders: Orders, options: SummaryOptions): Steps<SummaryResult> {
  const asOfDay = parseAsOf(options.asOf);
  const unitDays = UNIT_DAYS[options.unit];
  const { ids, day, amount, cost, afterAsOf, unknownCustomer, undated, ...rest } = yield* keepOrdersSteps(orders, options);
  const { start, byCustomer } = ordersByCustomer({ ids, ...rest });

  const labels = new Map<number, string>();
  const label = (d: number) => {
    let text = labels.get(d);
    if (text === undefined) {
      text = dayString(d);
      labels.set(d, text);
    }
    return text;
  };
  const customers: CustomerSummary[] = [];
  for (let c = 0; c < ids.length; c++) {
    if (c % CHUNK === 0 && c > 0) yield { phase: 'summary', done: c, total: ids.length };
    const from = start[c]!;
    const to = start[c + 1]!;
    sortByDay(byCustomer, from, to, day);
    customers.push(summariseOne(ids[c]!, byCustomer, from, to, day, amount, cost, asOfDay, unitDays, label));
  }
  return { customers, excluded: { afterAsOf, unknownCustomer, undated } };
}

function summariseOne(
  customerId: string,
  byCustomer: Int32Array,
  from: number,
  to: number,
  day: Float64Array,
  amount: Float64Array,
  cost: Float64Array,
  asOfDay: number,
  unitDays: number,
  label: (day: number) => string,
): CustomerSummary {
  let revenue = 0;
  let costToServe = 0;
  let refunds = 0;
  let purchases = 0;
  let firstDay = NaN;
  let lastDay = NaN;
  let repeatSpend = 0;
  // One day at a time: its purchases make it a purchase day; its refunds come off that day, or off the
  // latest purchase day before it (the purchase they most plausibly return).
  for (let j = from; j < to; ) {
    const d = day[byCustomer[j]!]!;
    let bought = false;
    let spent = 0;
    let returned = 0;
    for (; j < to && day[byCustomer[j]!] === d; j++) {
      const k = byCustomer[j]!;
      revenue += amount[k]!;
      costToServe += cost[k]!;
      if (amount[k]! < 0) {
        refunds += 1;
        returned += amount[k]!;
      } else {
        bought = true;
        spent += amount[k]!;
      }
    }
    if (bought) {
      purchases += 1;
      if (purchases === 1) firstDay = d;
      else repeatSpend += spent + returned;
      lastDay = d;
    } else if (purchases > 1) {
      // Refunds without a purchase that day reduce the latest purchase day's spend: a repeat day here.
      // (Refunding the first purchase, or before any, reduces revenue only: m counts repeat days.)
      repeatSpend += returned;
    }
  }
  const x = Math.max(purchases - 1, 0);
  return {
    customerId,
    orders: to - from,
    purchases,
    refunds,
    firstPurchase: purchases > 0 ? label(firstDay) : null,
    lastPurchase: purchases > 0 ? label(lastDay) : null,
    daysSinceLastPurchase: purchases > 0 ? asOfDay - lastDay : null,
    x,
    tx: purchases > 0 ? (lastDay - firstDay) / unitDays : 0,
    T: purchases > 0 ? (asOfDay - firstDay) / unitDays : 0,
    m: x > 0 ? repeatSpend / x : 0,
    revenue,
    meanPurchaseValue: purchases > 0 ? revenue / purchases : 0,
    costToServe,
  };
}

/** Sort one customer's orders by day, ties in input order. Most customers have a handful: insertion sort. */
export function sortByDay(items: Int32Array, from: number, to: number, day: Float64Array): void {
  if (to - from > 32) {
    items.subarray(from, to).sort((p, q) => day[p]! - day[q]! || p - q);
    return;
  }
  for (let i = from + 1; i < to; i++) {
    const item = items[i]!;
    const d = day[item]!;
    let j = i - 1;
    while (j >= from && day[items[j]!]! > d) {
      items[j + 1] = items[j]!;
      j -= 1;
    }
    items[j + 1] = item;
  }
}

function currencyError(refused: { orderId: string; customerId: string; currency: string }[], shopCurrency: string): CurrencyError {
  const first = refused[0]!;
  const currencies = [...new Set(refused.map((r) => r.currency))];
  const more = refused.length > 1 ? `; ${refused.length} orders in all (${currencies.join(', ')}) have no rate` : '';
  return new CurrencyError(
    `order "${first.orderId}" (customer "${first.customerId}") is in ${first.currency}, but the shop's currency is ${shopCurrency} ` +
      `and there is no ${first.currency} rate in the exchange rates; add one (e.g. ${first.currency}: 0.92 means 1 ${first.currency} = 0.92 ${shopCurrency})${more}. ` +
      `Amounts in different currencies are never added up as they are.`,
    refused,
  );
}
