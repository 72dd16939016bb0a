/**
 * A CSV import from the workspace: the page holds the File, reads it in
 * chunks, turns rows into customers or orders (lib/crm/import) and sends them
 * to the service worker in batches, which stages them and commits all at
 * once. Cancelling (or a fatal error) cancels the staged import, so nothing
 * is half-written. The sender is a parameter, so tests drive this against
 * the real handlers.
 */
import { fieldsOf, resolveColumns, type ImportKind } from '../crm/columns';
import { CsvParser } from '../crm/csv';
import { DetectingDecoder, type DetectedEncoding } from '../crm/encoding';
import { ImportError, importCsv, type RowError } from '../crm/import';
import type { BlankingSummary, ProvidedColumns } from '../crm/merge';
import type { MessageType, RequestOf, ResponseOf } from '../messages';

export type Send = <K extends MessageType>(type: K, body: Omit<RequestOf<K>, 'type'>) => Promise<ResponseOf<K>>;

/** What the page shows before the import starts: the columns found and which field each provides. */
export interface ColumnPreview {
  headers: string[];
  /** Our field -> the file's header (absent when no column provides it). */
  mapping: Record<string, string>;
  /** The known export the headers were recognised as (hubspot, shopify, salesforce, ...). */
  preset: string | null;
  fields: readonly string[];
  missing: string[];
}

/** Read the header row of a file and resolve its columns, as the import will. */
export async function previewColumns(file: Blob, kind: ImportKind): Promise<ColumnPreview> {
  // Decoded as the import will decode the whole file, so the headers read the same.
  const decoder = new DetectingDecoder();
  const head = decoder.push(new Uint8Array(await file.slice(0, 64 * 1024).arrayBuffer())) + decoder.end();
  const parser = new CsvParser();
  const records = [...parser.push(head.includes('\n') ? head.slice(0, head.indexOf('\n') + 1) : head), ...parser.end()];
  const headers = (records[0]?.fields ?? []).map((h) => h.replace(/^\uFEFF/, '').trim());
  if (headers.length === 0 || headers.every((h) => h === '')) throw new ImportError('the file is empty: expected a header row');
  const resolved = resolveColumns(kind, headers);
  const mapping = Object.fromEntries([...resolved.index].map(([field, i]) => [field, headers[i]!]));
  return { headers, mapping, preset: resolved.preset, fields: fieldsOf(kind), missing: resolved.missing };
}

export interface ImportProgress {
  bytes: number;
  total: number;
  rows: number;
  errors: number;
}

export interface ImportOutcome {
  kind: ImportKind;
  /** Rows stored (customers or orders). */
  stored: number;
  /** Every rejected row, in line order: the file's own problems, then those found on commit. */
  errors: RowError[];
  rejected: number;
  cancelled: boolean;
  /** What the file's bytes were read as. */
  encoding: DetectedEncoding | null;
  /** Empty cells that would clear stored values, and whether they did. */
  blanked: BlankingSummary;
  /** How the file was read, where the user should know (numbers read by the documented rule, ...). */
  notes: string[];
}

export interface ImportFileOptions {
  /** Let an empty cell clear a value already stored (the import screen's box); by default it is kept and reported. */
  allowBlanking?: boolean;
}

const BATCH = 2000;

/** A file's bytes, a chunk at a time, saying how many bytes each chunk was. */
export async function* blobBytes(file: Blob, onBytes: (n: number) => void = () => undefined): AsyncGenerator<Uint8Array> {
  const reader = file.stream().getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    onBytes(value.byteLength);
    yield value;
  }
}

/** A file Earshot wrote itself (a backup), as UTF-8 text a chunk at a time. */
export async function* blobText(file: Blob): AsyncGenerator<string> {
  const decoder = new TextDecoder();
  for await (const bytes of blobBytes(file)) yield decoder.decode(bytes, { stream: true });
  const tail = decoder.decode();
  if (tail) yield tail;
}

/**
 * Import one file. `signal` cancels it: the staged rows are dropped and
 * nothing reaches the customer tables.
 */
export async function importFile(
  file: Blob & { name?: string },
  kind: ImportKind,
  mapping: Record<string, string>,
  send: Send,
  onProgress: (p: ImportProgress) => void,
  signal?: AbortSignal,
  options: ImportFileOptions = {},
): Promise<ImportOutcome> {
  const allowBlanking = options.allowBlanking ?? false;
  const { importId } = await send('import/begin', { kind, fileName: (file.name ?? 'import.csv').slice(0, 300) });
  const progress: ImportProgress = { bytes: 0, total: file.size, rows: 0, errors: 0 };
  const errors: RowError[] = [];
  let pending: { line: number; row: unknown }[] = [];
  const flush = async () => {
    const rows = pending;
    pending = [];
    for (let i = 0; i < rows.length; i += BATCH) await send('import/rows', { importId, rows: rows.slice(i, i + BATCH) as RequestOf<'import/rows'>['rows'] });
  };
  let encoding: DetectedEncoding | null = null;
  let provided: ProvidedColumns = { fields: {}, custom: [] };
  let notes: string[] = [];
  try {
    const summary = await importCsv(
      blobBytes(file, (n) => {
        progress.bytes += n;
      }),
      { kind, mapping, file: file.name, mapHint: (field) => `choose the column for ${field} in the table of columns` },
      async (batch) => {
        if (signal?.aborted) throw new DOMException('the import was cancelled', 'AbortError');
        batch.rows.forEach((row, i) => pending.push({ line: batch.lines[i]!, row }));
        errors.push(...batch.errors);
        progress.rows += batch.rows.length;
        progress.errors += batch.errors.length;
        if (pending.length >= BATCH) await flush();
        onProgress({ ...progress });
      },
    );
    encoding = summary.encoding;
    provided = summary.provided;
    notes = summary.notes;
    if (signal?.aborted) throw new DOMException('the import was cancelled', 'AbortError');
    await flush();
  } catch (error) {
    await send('import/cancel', { importId }).catch(() => undefined);
    if (error instanceof DOMException && error.name === 'AbortError') return { kind, stored: 0, errors, rejected: errors.length, cancelled: true, encoding, blanked: { count: 0, applied: false, first: [] }, notes };
    throw error;
  }
  const committed = await send('import/commit', { importId, provided, allowBlanking });
  const all = [...errors, ...committed.errors].sort((a, b) => a.line - b.line);
  onProgress({ ...progress, bytes: progress.total });
  return { kind, stored: kind === 'customers' ? committed.customers : committed.orders, errors: all, rejected: all.length, cancelled: false, encoding, blanked: committed.blanked ?? { count: 0, applied: allowBlanking, first: [] }, notes };
}
