/**
 * Import of customers.csv and orders.csv (FORMATS.md), or other exports through
 * a column mapping. Rows stream through: each good row comes out typed, each
 * bad row is reported with its line and field and skipped.
 */
import { CsvParser, type CsvRecord, type Delimiter } from './csv';
import { DetectingDecoder, REPLACEMENT, type DetectedEncoding } from './encoding';
import { ColumnError, CUSTOMER_KEYS, resolveColumns, type ImportKind, type ResolvedColumns } from './columns';
import type { ProvidedColumns } from './merge';
import { NumberColumn, type DecimalMark, type NumberColumnSummary, type NumberReading } from './numbers';
import { isIsoDate, isPlatform, MAX_ORDER_AMOUNT, OrderChannel, orderDay, type Customer, type KnownHandle, type Order } from '../model';

export interface RowError {
  /** 1-based line of the file where the row starts. */
  line: number;
  /** The field at fault, as the user's file names it (or our field name). */
  field: string;
  message: string;
}

export interface ImportOptions {
  kind: ImportKind;
  /** Our field -> header in the file. */
  mapping?: Record<string, string>;
  /** Currency for orders whose file has no currency column or an empty cell. */
  defaultCurrency?: string;
  source?: Customer['source'];
  now?: number;
  /** Keep at most this many error details (all are counted). */
  maxErrors?: number;
  /** The file's name, for errors about the file as a whole. */
  file?: string;
  /**
   * How the user maps a column, for the error about a missing one: the command
   * line's option (default: --map for customers, --orders-map for orders) or
   * words for a screen.
   */
  mapHint?: (field: string) => string;
}

export type ImportedRow<K extends ImportKind> = K extends 'customers' ? Customer : Order;

export interface ImportBatch {
  rows: (Customer | Order)[];
  lines: number[];
  errors: RowError[];
}

export interface ImportSummary {
  kind: ImportKind;
  rowsOk: number;
  rowsBad: number;
  errors: RowError[];
  delimiter: Delimiter | null;
  /** What the file's bytes were read as (null when the importer was given text). */
  encoding: DetectedEncoding | null;
  preset: string | null;
  columns: Record<string, string>;
  /** The columns the file has: on a re-import, only these change what is stored (lib/crm/merge.ts). */
  provided: ProvidedColumns;
  /** How each numeric column of the file was read (lib/crm/numbers.ts). */
  numbers: Record<string, NumberColumnSummary>;
  /** What the user should know about how the file was read, in sentences. */
  notes: string[];
}

/** The numeric columns of an orders file. */
type NumberField = 'amount' | 'cost_to_serve';
const NUMBER_FIELDS: readonly NumberField[] = ['amount', 'cost_to_serve'];

/** An order one of whose numbers reads two ways: kept back until every value of its column has been seen. */
interface HeldOrder {
  line: number;
  order: Order;
  pending: Partial<Record<NumberField, { text: string; either: Record<DecimalMark, number> }>>;
}

type Converted = { row: Customer | Order } | { error: RowError } | { held: true };

/** A fatal problem with the file as a whole (no header, a required column missing). */
export class ImportError extends Error {
  override name = 'ImportError';
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * A push-based importer: feed it text as it is read (a file stream in Node, a
 * File's chunks in the browser), get typed rows and row errors back.
 */
export class CsvImporter {
  private readonly parser = new CsvParser();
  /** Made at the first chunk of bytes: text chunks are taken as already decoded. */
  private decoder: DetectingDecoder | null = null;
  private columns: ResolvedColumns | null = null;
  private headers: string[] = [];
  private readonly seen = new Map<string, number>();
  private rowsOk = 0;
  private rowsBad = 0;
  private readonly errors: RowError[] = [];
  private readonly numbers = new Map<NumberField, NumberColumn>();
  private held: HeldOrder[] = [];
  /** What the date rule said of each date seen: orders share few dates. */
  private readonly dateVerdicts = new Map<string, ReturnType<typeof orderDay>>();
  /** Notes on the file as a whole (a last line without a line end). */
  private readonly notes: string[] = [];
  private readonly options: Required<Omit<ImportOptions, 'mapping' | 'file'>> & { mapping: Record<string, string>; file: string | undefined };

  constructor(options: ImportOptions) {
    this.options = {
      mapping: options.mapping ?? {},
      file: options.file,
      mapHint: options.mapHint ?? ((field) => `${options.kind === 'orders' ? '--orders-map' : '--map'} ${field}=<your header>`),
      kind: options.kind,
      defaultCurrency: options.defaultCurrency ?? 'EUR',
      source: options.source ?? 'csv',
      now: options.now ?? Date.now(),
      maxErrors: options.maxErrors ?? 1000,
    };
  }

  /** The next piece of the file: bytes (decoded here, encoding detected) or text. */
  push(chunk: string | Uint8Array): ImportBatch {
    if (typeof chunk === 'string') return this.handle(this.parser.push(chunk));
    this.decoder ??= new DetectingDecoder();
    return this.handle(this.parser.push(this.decoder.push(chunk)));
  }

  end(): ImportBatch {
    const tail = this.decoder ? this.parser.push(this.decoder.end()) : [];
    const batch = this.handle([...tail, ...this.parser.end()]);
    if (!this.columns) throw this.fileError(null, 'the file is empty: expected a header row');
    this.releaseHeld(batch);
    return batch;
  }

  summary(): ImportSummary {
    const columns: Record<string, string> = {};
    for (const [field, i] of this.columns?.index ?? []) columns[field] = this.headers[i] ?? '';
    return {
      kind: this.options.kind,
      rowsOk: this.rowsOk,
      rowsBad: this.rowsBad,
      errors: this.errors,
      delimiter: this.parser.separator,
      encoding: this.decoder?.encoding ?? null,
      preset: this.columns?.preset ?? null,
      columns,
      provided: { fields: columns, custom: (this.columns?.extra ?? []).map((e) => e.header) },
      numbers: Object.fromEntries([...this.numbers].map(([field, column]) => [field, column.summary()])),
      notes: [...this.notes, ...[...this.numbers].flatMap(([field, column]) => column.note(this.header(field)) ?? [])],
    };
  }

  private handle(records: CsvRecord[]): ImportBatch {
    const batch: ImportBatch = { rows: [], lines: [], errors: [] };
    for (const record of records) {
      if (!this.columns) {
        this.readHeader(record);
        continue;
      }
      this.count(batch, record.line, this.convert(record));
    }
    return batch;
  }

  private count(batch: ImportBatch, line: number, result: Converted): void {
    if ('held' in result) return;
    if ('error' in result) {
      this.rowsBad += 1;
      batch.errors.push(result.error);
      if (this.errors.length < this.options.maxErrors) this.errors.push(result.error);
    } else {
      this.rowsOk += 1;
      batch.rows.push(result.row);
      batch.lines.push(line);
    }
  }

  /** At the end of the file every column's decimal mark is known: the orders kept back are read with it. */
  private releaseHeld(batch: ImportBatch): void {
    for (const { line, order, pending } of this.held) {
      let result: Converted = { row: order };
      for (const field of NUMBER_FIELDS) {
        const value = pending[field];
        if (!value) continue;
        const column = this.numbers.get(field)!;
        const mark = column.mark();
        if (mark === null) {
          const message = `"${clip(value.text)}" could be ${value.either[',']} or ${value.either['.']}, and ${column.mixedReason()}; use one decimal mark in the column`;
          result = { error: { line, field: this.header(field), message } };
          break;
        }
        if (field === 'amount') order.amount = value.either[mark];
        else order.costToServe = value.either[mark];
      }
      this.count(batch, line, result);
    }
    this.held = [];
  }

  private readHeader(record: CsvRecord): void {
    this.headers = record.fields.map((h) => h.trim());
    const lost = this.headers.findIndex((h) => h.includes(REPLACEMENT));
    if (lost !== -1) throw this.fileError(record.line, `the header of column ${lost + 1} ("${clip(this.headers[lost]!)}") ${this.lostCharacter()}`);
    try {
      this.columns = resolveColumns(this.options.kind, this.headers, this.options.mapping);
    } catch (error) {
      throw this.fileError(null, error instanceof ColumnError ? error.message : String(error));
    }
    for (const field of NUMBER_FIELDS) if (this.columns.index.has(field)) this.numbers.set(field, new NumberColumn(this.parser.separator));
    if (this.columns.missing.length > 0) {
      const field = this.columns.missing[0]!;
      throw this.fileError(
        record.line,
        `no ${this.columns.missing.join(', ')} column in the header (${this.headers.join(', ') || 'empty'}); map one, e.g. ${this.options.mapHint(field)}`,
      );
    }
  }

  private header(field: string): string {
    const i = this.columns?.index.get(field);
    return i === undefined ? field : (this.headers[i] ?? field);
  }

  private value(record: CsvRecord, field: string): string {
    const i = this.columns?.index.get(field);
    return i === undefined ? '' : (record.fields[i] ?? '').trim();
  }

  private convert(record: CsvRecord): Converted {
    const fail = (field: string, message: string) => ({ error: { line: record.line, field: this.header(field), message } });
    if (record.problem) return { error: { line: record.line, field: '(row)', message: record.problem } };
    if (record.unterminated) {
      const [have, want] = [record.fields.length, this.headers.length];
      if (have < want) return { error: { line: record.line, field: '(row)', message: `file ends mid-row: ${have} of ${want} values and no line end (the file may have been cut short)` } };
      this.notes.push(`line ${record.line}, the last, has no line end; it has all ${want} values and was read as a whole row: check that the file is whole`);
    }
    const lost = record.fields.findIndex((f) => f.includes(REPLACEMENT));
    if (lost !== -1) return { error: { line: record.line, field: this.headers[lost] ?? `column ${lost + 1}`, message: this.lostCharacter() } };
    if (record.fields.length > this.headers.length && record.fields.slice(this.headers.length).some((f) => f.trim() !== '')) {
      return { error: { line: record.line, field: '(row)', message: `${record.fields.length} values for ${this.headers.length} columns` } };
    }
    return this.options.kind === 'customers' ? this.toCustomer(record, fail) : this.toOrder(record, fail);
  }

  /** An error about the file as a whole, named by file (and line) when known: "orders.csv:1: ...". */
  private fileError(line: number | null, message: string): ImportError {
    const where = [this.options.file, line === null ? undefined : this.options.file ? String(line) : `line ${line}`].filter(Boolean).join(':');
    return new ImportError(where ? `${where}: ${message}` : message);
  }

  /** Why a U+FFFD is refused: storing it would lose the character it replaced without anyone noticing. */
  private lostCharacter(): string {
    const encoding = this.decoder?.encoding?.name;
    const read = encoding ? `bytes that are not valid ${encoding} text (as this file was read)` : 'a character an earlier program could not read';
    return `holds U+FFFD (\uFFFD), the mark of ${read}; refused so that no character is lost silently: save the file as UTF-8 and import it again`;
  }

  private claimId(id: string, line: number): number | null {
    const first = this.seen.get(id);
    if (first !== undefined) return first;
    this.seen.set(id, line);
    return null;
  }

  private toCustomer(record: CsvRecord, fail: (field: string, message: string) => { error: RowError }) {
    const v = (field: string) => this.value(record, field);
    const id = v('customer_id');
    if (!id) return fail('customer_id', 'empty: every customer needs an id');
    if (id.length > 200) return fail('customer_id', 'longer than 200 characters');
    const email = v('email');
    if (email && !EMAIL.test(email)) return fail('email', `"${clip(email)}" is not an email address`);
    const handles: KnownHandle[] = [];
    for (const part of v('handles').split(/[;\s]+/)) {
      if (!part) continue;
      const colon = part.indexOf(':');
      const platform = colon > 0 ? part.slice(0, colon).toLowerCase() : '';
      const handle = part.slice(colon + 1).trim();
      if (!isPlatform(platform) || !handle) {
        return fail('handles', `"${clip(part)}" is not platform:handle with a known platform (e.g. instagram:janneke.vd)`);
      }
      handles.push({ platform, handle });
    }
    const choice = readDoNotProfile(v('do_not_profile'));
    if (choice === 'unreadable') return fail('do_not_profile', `"${clip(v('do_not_profile'))}" is neither yes, true or 1 (must not be profiled) nor no, false, 0 or empty`);
    const first = this.claimId(id, record.line);
    if (first !== null) return fail('customer_id', `"${clip(id)}" appears again (first on line ${first}); this row is skipped`);

    const customer: Customer = {
      id,
      handles,
      custom: {},
      source: this.options.source,
      updatedAt: this.options.now,
    };
    for (const [field, key] of Object.entries(CUSTOMER_KEYS)) {
      const value = v(field);
      if (value) customer[key] = value;
    }
    if (choice !== undefined) customer.doNotProfile = choice;
    if (customer.country && /^[a-z]{2}$/i.test(customer.country)) customer.country = customer.country.toUpperCase();
    for (const { index, header } of this.columns?.extra ?? []) {
      const value = (record.fields[index] ?? '').trim();
      if (value) customer.custom[header] = value;
    }
    return { row: customer };
  }

  private toOrder(record: CsvRecord, fail: (field: string, message: string) => { error: RowError }): Converted {
    const v = (field: string) => this.value(record, field);
    const id = v('order_id');
    if (!id) return fail('order_id', 'empty: every order needs an id');
    const customerId = v('customer_id');
    if (!customerId) return fail('customer_id', 'empty: an order needs the customer it belongs to');
    const date = normaliseDate(v('date'));
    if (!date) return fail('date', `"${clip(v('date'))}" is not an ISO 8601 date such as 2024-07-06`);
    let day = this.dateVerdicts.get(date);
    if (!day) {
      day = orderDay(date, this.options.now);
      // A file of all-different dates would grow this without bound: start over now and then.
      if (this.dateVerdicts.size >= 10_000) this.dateVerdicts.clear();
      this.dateVerdicts.set(date, day);
    }
    if ('problem' in day) return fail('date', day.problem);
    const amountText = v('amount');
    const amount = this.readNumber('amount', amountText, record.line);
    if ('error' in amount) return fail('amount', `"${clip(amountText)}" is not a number such as ${this.parser.separator === ';' ? '12,50 or 1.234,50' : '12.50'}`);
    if (tooLarge(amount)) return fail('amount', beyondBound(amountText));
    const currencyText = v('currency') || this.options.defaultCurrency;
    if (!/^[a-z]{3}$/i.test(currencyText)) return fail('currency', `"${clip(currencyText)}" is not a currency code such as EUR`);
    const costText = v('cost_to_serve');
    const cost = costText ? this.readNumber('cost_to_serve', costText, record.line) : null;
    // Both readings of a two-way value have the same sign.
    if (cost && ('error' in cost || ('value' in cost ? cost.value : cost.either['.']) < 0)) return fail('cost_to_serve', `"${clip(costText)}" is not a number of 0 or more`);
    if (cost && tooLarge(cost)) return fail('cost_to_serve', beyondBound(costText));
    const channel = v('channel') ? OrderChannel.safeParse(v('channel')) : undefined;
    if (channel && !channel.success) return fail('channel', `"${clip(v('channel'))}": ${channel.error.issues[0]?.message ?? 'not a channel'}`);
    const first = this.claimId(id, record.line);
    if (first !== null) return fail('order_id', `"${clip(id)}" appears again (first on line ${first}); this row is skipped`);
    const order: Order = { id, customerId, date, amount: 'value' in amount ? amount.value : NaN, currency: currencyText.toUpperCase() };
    if (cost) order.costToServe = 'value' in cost ? cost.value : NaN;
    if (channel?.success) order.channel = channel.data;
    const pending: HeldOrder['pending'] = {};
    if ('either' in amount) pending.amount = { text: amountText, either: amount.either };
    if (cost && 'either' in cost) pending.cost_to_serve = { text: costText, either: cost.either };
    if (pending.amount || pending.cost_to_serve) {
      this.held.push({ line: record.line, order, pending });
      return { held: true };
    }
    return { row: order };
  }

  private readNumber(field: NumberField, text: string, line: number): NumberReading {
    return this.numbers.get(field)?.read(text, line) ?? { error: true };
  }
}

/** customers.csv `do_not_profile`: yes, true or 1 is an objection; no, false, 0 or an empty cell is none said (FORMATS.md). */
export function readDoNotProfile(text: string): boolean | undefined | 'unreadable' {
  const t = text.trim().toLowerCase();
  if (t === '') return undefined;
  if (t === 'yes' || t === 'true' || t === '1') return true;
  if (t === 'no' || t === 'false' || t === '0') return false;
  return 'unreadable';
}

/** Accept ISO 8601 dates and date-times; return them trimmed with a T between date and time, or null. */
export function normaliseDate(text: string): string | null {
  const t = text.trim();
  return isIsoDate(t) ? t.replace(' ', 'T') : null;
}

/** Beyond the bound either way it is read (a two-way value is never that large, but say so once). */
function tooLarge(reading: NumberReading): boolean {
  const values = 'value' in reading ? [reading.value] : 'either' in reading ? Object.values(reading.either) : [];
  return values.some((v) => !(Math.abs(v) <= MAX_ORDER_AMOUNT));
}

function beyondBound(text: string): string {
  return `"${clip(text)}" is beyond ±${MAX_ORDER_AMOUNT.toLocaleString('en')}: not an amount an order can have`;
}

function clip(text: string, max = 40): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

/** Run an importer over a stream of byte chunks (decoded here) or text chunks: Node streams, browser File streams. */
export async function importCsv(
  chunks: AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array>,
  options: ImportOptions,
  onBatch: (batch: ImportBatch) => void | Promise<void>,
): Promise<ImportSummary> {
  const importer = new CsvImporter(options);
  for await (const chunk of chunks) {
    const batch = importer.push(chunk);
    if (batch.rows.length || batch.errors.length) await onBatch(batch);
  }
  const last = importer.end();
  if (last.rows.length || last.errors.length) await onBatch(last);
  return importer.summary();
}
