/**
 * All-or-nothing imports. Rows are staged in IndexedDB as they arrive; commit
 * moves them into customers / orders in one transaction and removes the
 * staging. If the service worker is stopped mid-import the journal and the
 * staged rows survive, and the import can go on; an abandoned import is
 * discarded, never half-applied.
 */
import { Customer, Order } from '../model';
import type { ImportKind } from '../crm/columns';
import type { RowError } from '../crm/import';
import { RowMerger, type BlankingSummary, type ProvidedColumns } from '../crm/merge';
import { describeIssues, z } from '../zod';
import { deleteMeta, metaFamily, readFamily, readMeta, writeMeta } from './meta';
import type { EarshotDatabase, StagedRow } from './database';

const ImportJournal = z.object({
  importId: z.string(),
  kind: z.enum(['customers', 'orders']) satisfies z.ZodType<ImportKind>,
  fileName: z.string(),
  startedAt: z.number(),
  staged: z.number().int().nonnegative(),
});
export type ImportJournal = z.infer<typeof ImportJournal>;

/** One journal per import in progress, by import id. */
const JOURNALS = metaFamily('import:', ImportJournal);
/** An import nobody has touched for this long is abandoned and discarded. */
export const ABANDONED_AFTER_MS = 60 * 60 * 1000;
const PAGE = 5000;

export class ImportStateError extends Error {
  override name = 'ImportStateError';
}

export async function beginImport(db: EarshotDatabase, kind: ImportKind, fileName: string, now: number, importId: string): Promise<ImportJournal> {
  const journal: ImportJournal = { importId, kind, fileName, startedAt: now, staged: 0 };
  await writeMeta(db, JOURNALS.of(importId), journal, now);
  return journal;
}

async function journalOf(db: EarshotDatabase, importId: string): Promise<ImportJournal> {
  const journal = await readMeta(db, JOURNALS.of(importId));
  if (!journal) throw new ImportStateError('this import is no longer in progress (cancelled, finished or abandoned); start it again');
  return journal;
}

/** Stage a batch of rows, checking each against the schema of the import's kind. */
export async function stageRows(
  db: EarshotDatabase,
  importId: string,
  rows: readonly { line: number; row: unknown }[],
  now: number,
): Promise<number> {
  return db.transaction('rw', [db.meta, db.staging], async () => {
    const journal = await journalOf(db, importId);
    const schema = journal.kind === 'customers' ? Customer : Order;
    const staged: StagedRow[] = rows.map(({ line, row }) => {
      const parsed = schema.safeParse(row);
      if (!parsed.success) throw new ImportStateError(`line ${line}: ${describeIssues(parsed.error)}`);
      return { importId, line, table: journal.kind, row: parsed.data };
    });
    await db.staging.bulkPut(staged);
    journal.staged += staged.length;
    await writeMeta(db, JOURNALS.of(importId), journal, now);
    return journal.staged;
  });
}

export interface CommitResult {
  customers: number;
  orders: number;
  /** Orders whose customer is in neither the database nor the import. */
  errors: RowError[];
  /** Empty cells that would clear (or, when allowed, cleared) stored values; absent when there were none. */
  blanked?: BlankingSummary;
}

/**
 * Move the staged rows into place in one transaction. A record already stored
 * changes only in the columns the file has (`provided`; when unknown, only
 * where a row has a value); an empty cell clears a stored value only with
 * `allowBlanking`.
 */
export async function commitImport(db: EarshotDatabase, importId: string, provided: ProvidedColumns | null = null, allowBlanking = false): Promise<CommitResult> {
  return db.transaction('rw', [db.meta, db.staging, db.customers, db.orders], async () => {
    const journal = await journalOf(db, importId);
    const merger = new RowMerger<Customer | Order>(journal.kind, provided, allowBlanking);
    const result: CommitResult = { customers: 0, orders: 0, errors: [] };
    let offset = 0;
    for (;;) {
      const page = await db.staging.where('importId').equals(importId).offset(offset).limit(PAGE).toArray();
      if (page.length === 0) break;
      offset += page.length;
      if (journal.kind === 'customers') {
        const rows = page.map((s) => ({ row: s.row as Customer, line: s.line }));
        const stored = await db.customers.bulkGet(rows.map(({ row }) => row.id));
        await db.customers.bulkPut(merger.mergePage(rows, stored) as Customer[]);
        result.customers += page.length;
      } else {
        const orders = page.map((s) => s.row as Order);
        const ids = [...new Set(orders.map((o) => o.customerId))];
        const known = new Set((await db.customers.bulkGet(ids)).flatMap((c) => (c ? [c.id] : [])));
        const keep: { row: Order; line: number }[] = [];
        page.forEach((s, i) => {
          const order = orders[i]!;
          if (known.has(order.customerId)) keep.push({ row: order, line: s.line });
          else result.errors.push({ line: s.line, field: 'customer_id', message: `no customer "${order.customerId}": import the customers first` });
        });
        const stored = await db.orders.bulkGet(keep.map(({ row }) => row.id));
        await db.orders.bulkPut(merger.mergePage(keep, stored) as Order[]);
        result.orders += keep.length;
      }
    }
    const blanked = merger.summary();
    if (blanked.count > 0) result.blanked = blanked;
    await db.staging.where('importId').equals(importId).delete();
    await deleteMeta(db, JOURNALS.of(importId));
    return result;
  });
}

export async function cancelImport(db: EarshotDatabase, importId: string): Promise<void> {
  await db.transaction('rw', [db.meta, db.staging], async () => {
    await db.staging.where('importId').equals(importId).delete();
    await deleteMeta(db, JOURNALS.of(importId));
  });
}

/** Discard imports nobody finished (run at service-worker start). */
export async function discardAbandonedImports(db: EarshotDatabase, now: number): Promise<number> {
  const journals = await readFamily(db, JOURNALS);
  let discarded = 0;
  for (const record of journals) {
    if (now - record.updatedAt > ABANDONED_AFTER_MS) {
      await cancelImport(db, record.value.importId);
      discarded += 1;
    }
  }
  return discarded;
}
