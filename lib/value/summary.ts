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
 * - m = the mean amount of the repeat purchase days (the first purchase is
 *   left out, as Gamma-Gamma is fitted on repeat spend); 0 when x = 0.
 * - An order with a negative amount is a refund: it reduces revenue but is
 *   not a purchase. An order of amount 0 is a purchase worth 0.
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

/** What became of an order given to the summariser. */
export type OrderVerdict = 'kept' | 'undated' | 'after-as-of' | 'unknown-customer' | 'no-rate';

/**
 * Orders -> summaries, an order at a time, so a caller can stream orders from
 * a file without holding them: each kept order is three numbers and an owner.
 */
export class OrderSummariser {
  private readonly asOfDay: number;
  private readonly unitDays: number;
  private readonly ids: string[] = [];
  private readonly index = new Map<string, number>();
  /** Whether the customers are listed (orders of others are left out) or come from the orders. */
  private known: boolean;
  /** Orders share few distinct dates: each date string is checked once. */
  private readonly days = new Map<string, number | null>();
  private owner: Int32Array;
  private day: Float64Array;
  private amount: Float64Array;
  private cost: Float64Array;
  private kept = 0;
  private readonly undated: ExcludedOrder[] = [];
  private readonly afterAsOf: ExcludedOrder[] = [];
  private readonly unknownCustomer: ExcludedOrder[] = [];
  private readonly refused: { orderId: string; customerId: string; currency: string }[] = [];

  constructor(
    private readonly options: SummaryOptions,
    expectedOrders = 1024,
  ) {
    this.asOfDay = parseAsOf(options.asOf);
    this.unitDays = UNIT_DAYS[options.unit];
    this.known = options.customerIds !== undefined;
    const capacity = Math.max(16, expectedOrders);
    this.owner = new Int32Array(capacity);
    this.day = new Float64Array(capacity);
    this.amount = new Float64Array(capacity);
    this.cost = new Float64Array(capacity);
  }

  /** A customer, in the order the summaries come out. Once one is added, orders of others are left out. */
  addCustomer(id: string): void {
    this.known = true;
    if (this.index.has(id)) return;
    this.index.set(id, this.ids.length);
    this.ids.push(id);
  }

  /** Check, convert and keep an order that counts; say what became of it. */
  addOrder(order: SummaryOrder): OrderVerdict {
    let d = this.days.get(order.date);
    if (d === undefined) {
      const checked = orderDay(order.date);
      d = 'day' in checked ? checked.day : null;
      this.days.set(order.date, d);
    }
    if (d === null) {
      this.undated.push({ orderId: order.id, customerId: order.customerId, date: order.date });
      return 'undated';
    }
    if (!Number.isFinite(order.amount)) throw new ValueInputError(`order "${order.id}" (customer "${order.customerId}"): amount ${order.amount} is not a number`);
    if (d > this.asOfDay) {
      this.afterAsOf.push({ orderId: order.id, customerId: order.customerId, date: order.date });
      return 'after-as-of';
    }
    let c = this.index.get(order.customerId);
    if (c === undefined) {
      if (this.known) {
        this.unknownCustomer.push({ orderId: order.id, customerId: order.customerId, date: order.date });
        return 'unknown-customer';
      }
      c = this.ids.length;
      this.index.set(order.customerId, c);
      this.ids.push(order.customerId);
    }
    const currency = order.currency.toUpperCase();
    const rate = currency === this.options.currency ? 1 : this.options.exchangeRates[currency];
    if (rate === undefined) {
      this.refused.push({ orderId: order.id, customerId: order.customerId, currency });
      return 'no-rate';
    }
    if (this.kept === this.owner.length) this.grow();
    this.owner[this.kept] = c;
    this.day[this.kept] = d;
    this.amount[this.kept] = order.amount * rate;
    this.cost[this.kept] = (order.costToServe ?? 0) * rate;
    this.kept += 1;
    return 'kept';
  }

  private grow(): void {
    const size = this.owner.length * 2;
    const widen = <T extends Int32Array | Float64Array>(old: T, next: T): T => {
      next.set(old);
      return next;
    };
    this.owner = widen(this.owner, new Int32Array(size));
    this.day = widen(this.day, new Float64Array(size));
    this.amount = widen(this.amount, new Float64Array(size));
    this.cost = widen(this.cost, new Float64Array(size));
  }

  /** The summaries: orders bucketed by customer (counting sort), then by day. */
  *finishSteps(): Steps<SummaryResult> {
    if (this.refused.length > 0) throw currencyError(this.refused, this.options.currency);
    const { ids, kept, owner, day, amount, cost } = this;
    const start = new Int32Array(ids.length + 1);
    for (let k = 0; k < kept; k++) start[owner[k]! + 1]! += 1;
    for (let c = 0; c < ids.length; c++) start[c + 1]! += start[c]!;
    const fill = start.slice(0, ids.length);
    const byCustomer = new Int32Array(kept);
    for (let k = 0; k < kept; k++) byCustomer[fill[owner[k]!]!++] = k;

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
      customers.push(summariseOne(ids[c]!, byCustomer, from, to, day, amount, cost, this.asOfDay, this.unitDays, label));
    }
    return { customers, excluded: { afterAsOf: this.afterAsOf, unknownCustomer: this.unknownCustomer, undated: this.undated } };
  }
}

export function* summariseSteps(orders: readonly SummaryOrder[], options: SummaryOptions): Steps<SummaryResult> {
  const summariser = new OrderSummariser(options, orders.length);
  const listed = options.customerIds;
  if (listed) {
    for (let i = 0; i < listed.length; i++) {
      if (i % CHUNK === 0 && i > 0) yield { phase: 'summary', done: 0, total: null };
      summariser.addCustomer(listed[i]!);
    }
  }
  for (let i = 0; i < orders.length; i++) {
    if (i % CHUNK === 0 && i > 0) yield { phase: 'summary', done: i, total: orders.length };
    summariser.addOrder(orders[i]!);
  }
  return yield* summariser.finishSteps();
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
  // The purchase day being merged, and its amount.
  let openDay = NaN;
  let openAmount = 0;
  const close = () => {
    if (Number.isNaN(openDay)) return;
    purchases += 1;
    if (purchases === 1) firstDay = openDay;
    else repeatSpend += openAmount;
    lastDay = openDay;
  };
  for (let j = from; j < to; j++) {
    const k = byCustomer[j]!;
    revenue += amount[k]!;
    costToServe += cost[k]!;
    if (amount[k]! < 0) {
      refunds += 1;
      continue;
    }
    if (day[k] !== openDay) {
      close();
      openDay = day[k]!;
      openAmount = 0;
    }
    openAmount += amount[k]!;
  }
  close();
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
function sortByDay(items: Int32Array, from: number, to: number, day: Float64Array): void {
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
