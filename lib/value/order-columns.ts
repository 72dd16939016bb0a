/**
 * Orders as the value code reads them, without one object per order: a
 * million customers have millions of orders, and as objects (strings and all)
 * they were most of `earshot value`'s memory. Columns hold each field in a
 * typed array; strings that repeat (customer ids, dates, currencies) are kept
 * once in a table, order ids as UTF-8 bytes, decoded only when a message
 * names an order. An array of orders reads the same way (orderList), so the
 * extension's arrays and the command line's columns share one summary code.
 */
import type { SummaryOrder } from './summary';

/** Read access to a list of orders, field by field. */
export interface OrderList {
  readonly length: number;
  id(i: number): string;
  customerId(i: number): string;
  date(i: number): string;
  amount(i: number): number;
  currency(i: number): string;
  costToServe(i: number): number | undefined;
}

/** What the value code accepts as orders: an array of them, or columns. */
export type Orders = readonly SummaryOrder[] | OrderList;

/** Field access to an array of orders. */
export function orderList(orders: Orders): OrderList {
  if (!Array.isArray(orders)) return orders as OrderList;
  const list = orders as readonly SummaryOrder[];
  return {
    length: list.length,
    id: (i) => list[i]!.id,
    customerId: (i) => list[i]!.customerId,
    date: (i) => list[i]!.date,
    amount: (i) => list[i]!.amount,
    currency: (i) => list[i]!.currency,
    costToServe: (i) => list[i]!.costToServe,
  };
}

/** Strings that repeat, each kept once, by number. */
class StringTable {
  readonly values: string[] = [];
  private readonly numbers = new Map<string, number>();

  constructor(known: readonly string[] = []) {
    for (const value of known) this.number(value);
  }

  number(value: string): number {
    let n = this.numbers.get(value);
    if (n === undefined) {
      n = this.values.length;
      this.numbers.set(value, n);
      this.values.push(value);
    }
    return n;
  }
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Orders appended one at a time into growing typed arrays. */
export class OrderColumns implements OrderList {
  length = 0;
  private readonly customers: StringTable;
  private readonly dates = new StringTable();
  private readonly currencies = new StringTable();
  private customer = new Int32Array(1024);
  private dateOf = new Int32Array(1024);
  private currencyOf = new Int32Array(1024);
  private amountOf = new Float64Array(1024);
  /** NaN where the order has no cost to serve. */
  private costOf = new Float64Array(1024);
  private idEnd = new Int32Array(1024);
  private idBytes = new Uint8Array(16_384);

  /** customerIds: the customers' ids, so that an order's customer id is the customer's own string, not a copy. */
  constructor(customerIds: readonly string[] = []) {
    this.customers = new StringTable(customerIds);
  }

  push(order: SummaryOrder): void {
    if (this.length === this.customer.length) this.grow();
    const i = this.length;
    this.customer[i] = this.customers.number(order.customerId);
    this.dateOf[i] = this.dates.number(order.date);
    this.currencyOf[i] = this.currencies.number(order.currency);
    this.amountOf[i] = order.amount;
    this.costOf[i] = order.costToServe ?? NaN;
    const start = i === 0 ? 0 : this.idEnd[i - 1]!;
    // An id of n characters takes at most 3n bytes in UTF-8.
    while (start + order.id.length * 3 > this.idBytes.length) this.idBytes = grown(this.idBytes, this.idBytes.length * 2);
    this.idEnd[i] = start + encoder.encodeInto(order.id, this.idBytes.subarray(start)).written;
    this.length += 1;
  }

  id(i: number): string {
    return decoder.decode(this.idBytes.subarray(i === 0 ? 0 : this.idEnd[i - 1]!, this.idEnd[i]!));
  }

  customerId(i: number): string {
    return this.customers.values[this.customer[i]!]!;
  }

  date(i: number): string {
    return this.dates.values[this.dateOf[i]!]!;
  }

  amount(i: number): number {
    return this.amountOf[i]!;
  }

  currency(i: number): string {
    return this.currencies.values[this.currencyOf[i]!]!;
  }

  costToServe(i: number): number | undefined {
    const cost = this.costOf[i]!;
    return Number.isNaN(cost) ? undefined : cost;
  }

  private grow(): void {
    const size = this.customer.length * 2;
    this.customer = grown(this.customer, size);
    this.dateOf = grown(this.dateOf, size);
    this.currencyOf = grown(this.currencyOf, size);
    this.amountOf = grown(this.amountOf, size);
    this.costOf = grown(this.costOf, size);
    this.idEnd = grown(this.idEnd, size);
  }
}

function grown<T extends Int32Array | Float64Array | Uint8Array>(array: T, size: number): T {
  const bigger = new (array.constructor as new (size: number) => T)(size);
  bigger.set(array);
  return bigger;
}
