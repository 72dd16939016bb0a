/**
 * Full backup and restore of the database, as JSON lines: a header, then one
 * line per row, `{"t": table, "v": row}`. The command line's database file is
 * the same format, so a backup opens in `earshot` and back.
 *
 * Restore checks every row against its table's schema before it writes
 * anything, then replaces the tables in one transaction: a damaged or hostile
 * file is refused with the line at fault and the database is left as it was.
 * Derived tables (the matcher's index, computed values) are rebuilt after a
 * restore instead of being stored; CRM tokens are never written to a backup.
 */
import { z } from '../zod';
import { describeIssues } from '../messages';
import { AuditEntry, Contribution, Customer, Match, Note, Order, PageVisit, Profile, SyncJob, Tag } from '../model';
import { customerRef, profileRef } from '../model';
import { MATCH_INDEX_META_KEY, PEOPLE_META_KEY, type EarshotDatabase } from './database';
import { profilePageMatcher } from './person';
import { hashProfileId, readSuppressed, SUPPRESSED_KEY, SuppressedList } from './privacy';

export const BACKUP_FORMAT = 'earshot-db';
export const BACKUP_VERSION = 1;

const MetaRow = z.object({ key: z.string().min(1), value: z.unknown(), updatedAt: z.number() });

/** The tables a backup holds, in the order they are written, with the schema each row must meet. */
export const BACKUP_TABLES = {
  customers: Customer,
  orders: Order,
  profiles: Profile,
  contributions: Contribution,
  matches: Match,
  tags: Tag,
  notes: Note,
  syncJobs: SyncJob,
  audit: AuditEntry,
  pages: PageVisit,
  meta: MetaRow,
} as const;
export type BackupTable = keyof typeof BACKUP_TABLES;
const TABLE_NAMES = Object.keys(BACKUP_TABLES) as BackupTable[];

/** Meta keys that describe work in progress or derived state, not data: not carried across a restore. */
const TRANSIENT_META = /^(import:|pending-work$|match\.index|people\.directory)/;

export class BackupError extends Error {
  override name = 'BackupError';
}

export function backupHeader(savedAt: Date): string {
  return `${JSON.stringify({ format: BACKUP_FORMAT, version: BACKUP_VERSION, savedAt: savedAt.toISOString(), tables: TABLE_NAMES })}\n`;
}

/** The backup as text chunks, a table page at a time (the page size bounds memory). */
export async function* writeBackup(db: EarshotDatabase, savedAt: Date, pageSize = 2000): AsyncGenerator<string> {
  yield backupHeader(savedAt);
  for (const name of TABLE_NAMES) {
    const table = db.table(name);
    const keyPath = table.schema.primKey.keyPath as string;
    let lastKey: string | number | undefined;
    for (;;) {
      const query = lastKey === undefined ? table.orderBy(':id') : table.where(':id').above(lastKey);
      const rows = (await query.limit(pageSize).toArray()) as Record<string, unknown>[];
      if (rows.length === 0) break;
      lastKey = rows[rows.length - 1]![keyPath] as string | number;
      const lines = rows
        .filter((row) => name !== 'meta' || !TRANSIENT_META.test(String(row.key)))
        .map((row) => `${JSON.stringify({ t: name, v: row })}\n`);
      if (lines.length > 0) yield lines.join('');
      if (rows.length < pageSize) break;
    }
  }
}

export type BackupRows = { [K in BackupTable]: z.output<(typeof BACKUP_TABLES)[K]>[] };

/** Read and check a whole backup; throws BackupError naming the line at fault. */
export async function readBackup(lines: AsyncIterable<string> | Iterable<string>): Promise<BackupRows> {
  const rows = Object.fromEntries(TABLE_NAMES.map((t) => [t, []])) as unknown as BackupRows;
  let n = 0;
  let sawHeader = false;
  for await (const line of lines) {
    n += 1;
    if (line.trim() === '') continue;
    let record: unknown;
    try {
      record = JSON.parse(line);
    } catch {
      throw new BackupError(`line ${n}: not JSON (the file is damaged or not an Earshot backup)`);
    }
    if (!sawHeader) {
      const head = record as { format?: unknown; version?: unknown };
      if (head?.format !== BACKUP_FORMAT) throw new BackupError('not an Earshot backup (its first line does not say "earshot-db")');
      if (typeof head.version !== 'number' || head.version > BACKUP_VERSION) throw new BackupError(`written by a newer Earshot (format version ${String(head.version)})`);
      sawHeader = true;
      continue;
    }
    const { t, v } = (record ?? {}) as { t?: unknown; v?: unknown };
    if (typeof t !== 'string' || !Object.hasOwn(BACKUP_TABLES, t)) throw new BackupError(`line ${n}: unknown table ${JSON.stringify(t)}`);
    const parsed = BACKUP_TABLES[t as BackupTable].safeParse(v);
    if (!parsed.success) throw new BackupError(`line ${n} (${t}): ${describeIssues(parsed.error)}`);
    (rows[t as BackupTable] as unknown[]).push(parsed.data);
  }
  if (!sawHeader) throw new BackupError('the file is empty');
  return rows;
}

export interface RestoreReport {
  /** Rows written, per table. */
  counts: Record<BackupTable, number>;
  /** People in the backup who were erased here since it was made: left out, with everything about them. */
  leftOut: { profiles: number; customers: number };
}

/**
 * Replace the backed-up tables with the backup's rows, all in one transaction.
 * The derived tables are emptied in the same transaction and the matcher's
 * index marked for rebuilding: what was derived from the old data (people
 * perhaps erased since) never outlives it, even if nobody asks for the
 * rebuild before the worker stops; its next start sees the stale index.
 *
 * An erasure outlives a restore: people erased here are left out of an older
 * backup, the list of them is kept (joined with the backup's), and CRM
 * erasures not yet sent stay queued.
 */
export async function restoreBackup(db: EarshotDatabase, backup: BackupRows): Promise<RestoreReport> {
  const derived = [db.values, db.people, db.matchBuckets, db.matchPages, db.matchSpill];
  const tables = [...TABLE_NAMES.map((t) => db.table(t)), ...derived];
  // Hashing is not IndexedDB work and would end the transaction: done first, against the list as it is now.
  const erasedHere = await readSuppressed(db);
  const { rows, leftOut } = await withoutErased(backup, erasedHere);
  return db.transaction('rw', tables, async () => {
    const suppressed = await readSuppressed(db);
    for (const hash of SuppressedList.parse(backup.meta.find((m) => m.key === SUPPRESSED_KEY)?.value)) suppressed.add(hash);
    const unsent = await db.syncJobs.filter((j) => j.kind === 'erase-person' && j.status !== 'done').toArray();

    const counts = {} as Record<BackupTable, number>;
    for (const name of TABLE_NAMES) {
      const table = db.table(name);
      await table.clear();
      await table.bulkAdd(rows[name]);
      counts[name] = rows[name].length;
    }
    const restoredJobs = new Set(rows.syncJobs.map((j) => j.id));
    await db.syncJobs.bulkPut(unsent.filter((j) => !restoredJobs.has(j.id)));
    if (suppressed.size > 0) await db.meta.put({ key: SUPPRESSED_KEY, value: [...suppressed], updatedAt: Date.now() });
    for (const table of derived) await table.clear();
    await db.meta.put({ key: MATCH_INDEX_META_KEY, value: { state: 'stale', reason: 'restore' }, updatedAt: Date.now() });
    await db.meta.put({ key: PEOPLE_META_KEY, value: { state: 'stale', reason: 'restore' }, updatedAt: Date.now() });
    return { counts, leftOut };
  });
}

/** The backup's rows without the people whose hashes are in `erased`, nor anything about them. */
async function withoutErased(backup: BackupRows, erased: ReadonlySet<string>): Promise<{ rows: BackupRows; leftOut: RestoreReport['leftOut'] }> {
  if (erased.size === 0) return { rows: backup, leftOut: { profiles: 0, customers: 0 } };
  const isErased = async (id: string) => erased.has(await hashProfileId(id));
  const goneProfiles = await filterAsync(backup.profiles, (p) => isErased(p.id));
  const profileIds = new Set(goneProfiles.map((p) => p.id));
  const customerIds = new Set((await filterAsync(backup.customers, (c) => isErased(customerRef(c.id)))).map((c) => c.id));
  if (profileIds.size === 0 && customerIds.size === 0) return { rows: backup, leftOut: { profiles: 0, customers: 0 } };
  const refs = new Set<string>([...[...profileIds].map(profileRef), ...[...customerIds].map(customerRef)]);
  const isProfilePage = profilePageMatcher(goneProfiles.flatMap((p) => (p.profileUrl ? [p.profileUrl] : [])));
  const rows: BackupRows = {
    ...backup,
    customers: backup.customers.filter((c) => !customerIds.has(c.id)),
    orders: backup.orders.filter((o) => !customerIds.has(o.customerId)),
    profiles: backup.profiles.filter((p) => !profileIds.has(p.id)),
    contributions: backup.contributions.filter((c) => !profileIds.has(c.profileId)),
    matches: backup.matches.filter((m) => !profileIds.has(m.profileId) && !(m.customerId !== null && customerIds.has(m.customerId))),
    tags: backup.tags.filter((t) => !refs.has(t.personRef)),
    notes: backup.notes.filter((n) => !refs.has(n.personRef)),
    syncJobs: backup.syncJobs.filter((j) => !refs.has(j.personRef)),
    pages: backup.pages.filter((p) => !isProfilePage(p.url)).map((p) => (p.profileIds.some((id) => profileIds.has(id)) ? { ...p, profileIds: p.profileIds.filter((id) => !profileIds.has(id)) } : p)),
  };
  return { rows, leftOut: { profiles: profileIds.size, customers: customerIds.size } };
}

/** The items `keep` says yes to, asked a few thousand at a time (a backup may hold a million customers). */
async function filterAsync<T>(items: readonly T[], keep: (item: T) => Promise<boolean>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < items.length; i += 5000) {
    const batch = items.slice(i, i + 5000);
    const verdicts = await Promise.all(batch.map(keep));
    batch.forEach((item, j) => verdicts[j] && out.push(item));
  }
  return out;
}

/** Split text chunks into lines (a File's stream, a Node stream). */
export async function* linesOf(chunks: AsyncIterable<string> | Iterable<string>): AsyncGenerator<string> {
  let rest = '';
  for await (const chunk of chunks) {
    const parts = (rest + chunk).split('\n');
    rest = parts.pop() ?? '';
    yield* parts;
  }
  if (rest !== '') yield rest;
}
