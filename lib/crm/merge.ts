/**
 * What an import does to a record that is already stored: it changes only
 * the columns its file has. A file of `customer_id,vip` adds a vip flag and
 * leaves names, emails and cities as they were; custom columns are merged.
 *
 * An empty cell in a column the file has, where a value is stored, would
 * clear that value: a blanking. Blankings are counted and named (line and
 * column) and applied only when the user asks (`--allow-blanking`, or the
 * import screen's box); by default the stored value stays.
 */
import { z } from '../zod';
import { CUSTOMER_KEYS, type ImportKind } from './columns';
import type { Customer, Order } from '../model';

/** The columns a file has, from its header. */
export const ProvidedColumns = z.object({
  /** Our fields the file has a column for -> that column's header. */
  fields: z.record(z.string().max(40), z.string().max(10_000)),
  /** The file's other columns (a customer's custom fields), by header. */
  custom: z.array(z.string().max(10_000)).max(5000),
});
export type ProvidedColumns = z.infer<typeof ProvidedColumns>;

export const Blanking = z.object({ line: z.number().int(), field: z.string() });
export type Blanking = z.infer<typeof Blanking>;

export const BlankingSummary = z.object({
  /** Empty cells that would clear a stored value. */
  count: z.number().int().nonnegative(),
  /** Whether they cleared it (asked for) or the stored values were kept. */
  applied: z.boolean(),
  /** The first few, so the user can look at them in the file. */
  first: z.array(Blanking),
});
export type BlankingSummary = z.infer<typeof BlankingSummary>;

/** How many blankings a summary names one by one. */
export const BLANKINGS_NAMED = 5;

export interface Merged<T> {
  row: T;
  /** Headers of the columns whose empty cell would clear (or cleared) a stored value. */
  blanked: string[];
}

const isSet = (value: unknown) => value !== undefined && value !== '';

/**
 * The columns of a row that has values in them: what an import whose file
 * columns are unknown (a sender that does not say) may change. It can set
 * values, never clear one.
 */
function columnsWithValues(row: Customer | Order): ProvidedColumns {
  const fields: Record<string, string> = {};
  if ('handles' in row) {
    for (const [field, key] of Object.entries(CUSTOMER_KEYS)) if (isSet(row[key])) fields[field] = field;
    if (row.handles.length > 0) fields.handles = 'handles';
    if (row.doNotProfile !== undefined) fields.do_not_profile = 'do_not_profile';
    return { fields, custom: Object.keys(row.custom) };
  }
  fields.currency = 'currency';
  if (row.costToServe !== undefined) fields.cost_to_serve = 'cost_to_serve';
  if (row.channel !== undefined) fields.channel = 'channel';
  return { fields, custom: [] };
}

export function mergeCustomer(existing: Customer | undefined, incoming: Customer, columns: ProvidedColumns | null, allowBlanking: boolean): Merged<Customer> {
  if (!existing) return { row: incoming, blanked: [] };
  const provided = columns ?? columnsWithValues(incoming);
  const row: Customer = { ...existing, custom: { ...existing.custom }, source: incoming.source, updatedAt: incoming.updatedAt };
  const blanked: string[] = [];
  for (const [field, key] of Object.entries(CUSTOMER_KEYS)) {
    const header = provided.fields[field];
    if (header === undefined) continue;
    if (isSet(incoming[key])) row[key] = incoming[key];
    else if (isSet(existing[key])) {
      blanked.push(header);
      if (allowBlanking) delete row[key];
    }
  }
  const handles = provided.fields.handles;
  if (handles !== undefined) {
    if (incoming.handles.length > 0) row.handles = incoming.handles;
    else if (existing.handles.length > 0) {
      blanked.push(handles);
      if (allowBlanking) row.handles = [];
    }
  }
  // Only a stated no lifts the CRM's objection; an empty cell keeps it (a blanking, as for any column).
  mergeOptional(row, existing, incoming, 'doNotProfile', provided.fields.do_not_profile, allowBlanking, blanked);
  for (const header of provided.custom) {
    const value = incoming.custom[header];
    if (isSet(value)) row.custom[header] = value!;
    else if (isSet(existing.custom[header])) {
      blanked.push(header);
      if (allowBlanking) delete row.custom[header];
    }
  }
  return { row, blanked };
}

export function mergeOrder(existing: Order | undefined, incoming: Order, columns: ProvidedColumns | null, allowBlanking: boolean): Merged<Order> {
  if (!existing) return { row: incoming, blanked: [] };
  const provided = columns ?? columnsWithValues(incoming);
  // id, customer, date and amount are required columns: always in the file.
  const row: Order = { ...existing, customerId: incoming.customerId, date: incoming.date, amount: incoming.amount };
  // An empty currency cell means the default currency (FORMATS.md), a value rather than a blank.
  if (provided.fields.currency !== undefined) row.currency = incoming.currency;
  const blanked: string[] = [];
  mergeOptional(row, existing, incoming, 'costToServe', provided.fields.cost_to_serve, allowBlanking, blanked);
  mergeOptional(row, existing, incoming, 'channel', provided.fields.channel, allowBlanking, blanked);
  return { row, blanked };
}

/**
 * One optional field of a column the file may have: its value replaces the stored one; its empty
 * cell over a stored value is a blanking, applied only when allowed.
 */
function mergeOptional<T extends object, K extends keyof T>(row: T, existing: T, incoming: T, key: K, header: string | undefined, allowBlanking: boolean, blanked: string[]): void {
  if (header === undefined) return;
  if (incoming[key] !== undefined) row[key] = incoming[key];
  else if (existing[key] !== undefined) {
    blanked.push(header);
    if (allowBlanking) delete row[key];
  }
}

/**
 * Merges the rows of one import into what is stored, a page at a time, and
 * counts its blankings. The command line's file store and the extension's
 * commit both go through it.
 */
export class RowMerger<T extends Customer | Order> {
  private count = 0;
  private readonly first: Blanking[] = [];

  constructor(
    private readonly kind: ImportKind,
    /** The file's columns; null when unknown: then each row changes only where it has a value. */
    private readonly provided: ProvidedColumns | null,
    private readonly allowBlanking: boolean,
  ) {}

  /** The rows to store: `stored[i]` is what is stored under `incoming[i]`'s id (undefined for a new one). */
  mergePage(incoming: readonly { row: T; line: number }[], stored: readonly (T | undefined)[]): T[] {
    return incoming.map(({ row, line }, i) => {
      const merged = (this.kind === 'customers'
        ? mergeCustomer(stored[i] as Customer | undefined, row as Customer, this.provided, this.allowBlanking)
        : mergeOrder(stored[i] as Order | undefined, row as Order, this.provided, this.allowBlanking)) as Merged<T>;
      this.count += merged.blanked.length;
      for (const field of merged.blanked) if (this.first.length < BLANKINGS_NAMED) this.first.push({ line, field });
      return merged.row;
    });
  }

  summary(): BlankingSummary {
    return { count: this.count, applied: this.allowBlanking, first: [...this.first].sort((a, b) => a.line - b.line) };
  }
}
