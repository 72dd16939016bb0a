/**
 * Full backup and restore of the database, as JSON lines: a header, then one
 * line per row, `{"t": table, "v": row}`. The command line's database file is
 * the same format, so a backup opens in `earshot` and back.
 *
 * The last line closes the file: how many rows of each table were written and
 * a checksum of every line before it (lib/db/checksum.ts). A file cut short
 * (at a line end too), with a line lost or changed, is refused, naming what is
 * missing. A file from before version 2 has no closing line: it is read, and
 * the reader is told that whether it is whole could not be checked.
 *
 * Restore checks every row against its table's schema before it writes
 * anything, then replaces the tables in one transaction: a damaged or hostile
 * file is refused with the line at fault and the database is left as it was.
 * Derived tables (the matcher's index, computed values) are rebuilt after a
 * restore instead of being stored; CRM tokens are never written to a backup.
 */
import { describeIssues, z } from '../zod';
import { Action, AuditEntry, Contribution, Customer, Match, Note, Order, PageVisit, Profile, SyncJob, Tag } from '../model';
import { customerRef, profileRef } from '../model';
import { markPeopleStale, type EarshotDatabase } from './database';
import { writeIndexState } from './match-store';
import { profilePageMatcher } from './person-records';
import { hashProfileId, readSuppressed, SUPPRESSED_KEY, SuppressedList, writeSuppressed } from './privacy';
import { CHECKSUM_BLOCK_LINES, LineChecksum } from './checksum';

export const BACKUP_FORMAT = 'earshot-db';
/** 2: the closing line with counts and checksum. */
export const BACKUP_VERSION = 2;

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
  // The to-do list: derived, but whether a person did or snoozed an item is theirs (files before it have none).
  actions: Action,
  meta: MetaRow,
} as const;
export type BackupTable = keyof typeof BACKUP_TABLES;
const TABLE_NAMES = Object.keys(BACKUP_TABLES) as BackupTable[];

/** Meta keys that describe work in progress or derived state, not data: not carried across a restore. */
const TRANSIENT_META = /^(import:|pending-work$|match\.index|people\.directory)/;

export class BackupError extends Error {
  override name = 'BackupError';
}

/** The closing line: what was written, so a reader can tell a whole file from a cut or changed one. */
const Trailer = z.object({
  end: z.literal(BACKUP_FORMAT),
  rows: z.record(z.string(), z.number().int().nonnegative()),
  blockLines: z.number().int().positive(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});

/**
 * Writes the lines of a backup or database file, one at a time, counting the
 * rows and computing the checksum for the closing line. The extension's
 * backup and the command line's database file both write through it.
 */
export class BackupWriter {
  private readonly checksum = new LineChecksum();
  private readonly rows = Object.fromEntries(TABLE_NAMES.map((t) => [t, 0])) as Record<BackupTable, number>;

  header(savedAt: Date): string {
    return this.add(`${JSON.stringify({ format: BACKUP_FORMAT, version: BACKUP_VERSION, savedAt: savedAt.toISOString(), tables: TABLE_NAMES })}\n`);
  }

  row(table: BackupTable, value: unknown): string {
    this.rows[table] += 1;
    return this.add(`${JSON.stringify({ t: table, v: value })}\n`);
  }

  async trailer(): Promise<string> {
    const trailer: z.input<typeof Trailer> = { end: BACKUP_FORMAT, rows: this.rows, blockLines: CHECKSUM_BLOCK_LINES, sha256: await this.checksum.hex() };
    return `${JSON.stringify(trailer)}\n`;
  }

  private add(line: string): string {
    this.checksum.add(line);
    return line;
  }
}

/** The backup as text chunks, a table page at a time (the page size bounds memory). */
export async function* writeBackup(db: EarshotDatabase, savedAt: Date, pageSize = 2000): AsyncGenerator<string> {
  const writer = new BackupWriter();
  yield writer.header(savedAt);
  for (const name of TABLE_NAMES) {
    const table = db.table(name);
    const keyPath = table.schema.primKey.keyPath as string;
    let lastKey: string | number | undefined;
    for (;;) {
      const query = lastKey === undefined ? table.orderBy(':id') : table.where(':id').above(lastKey);
      const rows = (await query.limit(pageSize).toArray()) as Record<string, unknown>[];
      if (rows.length === 0) break;
      lastKey = rows[rows.length - 1]![keyPath] as string | number;
      const lines = rows.filter((row) => name !== 'meta' || !TRANSIENT_META.test(String(row.key))).map((row) => writer.row(name, row));
      if (lines.length > 0) yield lines.join('');
      if (rows.length < pageSize) break;
    }
  }
  yield await writer.trailer();
}

export type BackupRows = { [K in BackupTable]: z.output<(typeof BACKUP_TABLES)[K]>[] };

export interface ReadBackupOptions {
  /** Told why a file's integrity could not be checked (a file from before the closing line). */
  onUnchecked?: (why: string) => void;
}

/** Read and check a whole backup; throws BackupError naming the line at fault, or what is missing. */
export async function readBackup(lines: AsyncIterable<string> | Iterable<string>, options: ReadBackupOptions = {}): Promise<BackupRows> {
  const rows = Object.fromEntries(TABLE_NAMES.map((t) => [t, []])) as unknown as BackupRows;
  const checksum = new LineChecksum();
  let n = 0;
  let version = 0;
  let trailer: { line: number; value: z.output<typeof Trailer> } | null = null;
  let lastTable: BackupTable | null = null;
  for await (const line of lines) {
    n += 1;
    if (trailer) {
      if (line.trim() === '') continue;
      throw new BackupError(`line ${n}: after the closing line (line ${trailer.line}): the file was changed after it was written`);
    }
    if (line.trim() === '') {
      checksum.add(`${line}\n`);
      continue;
    }
    let record: unknown;
    try {
      record = JSON.parse(line);
    } catch {
      throw new BackupError(`line ${n}: not JSON (the file is damaged or not an Earshot backup)`);
    }
    if (version === 0) {
      const head = record as { format?: unknown; version?: unknown };
      if (head?.format !== BACKUP_FORMAT) throw new BackupError('not an Earshot backup (its first line does not say "earshot-db")');
      if (typeof head.version !== 'number' || head.version > BACKUP_VERSION) throw new BackupError(`written by a newer Earshot (format version ${String(head.version)})`);
      version = head.version;
      checksum.add(`${line}\n`);
      continue;
    }
    if (version >= 2 && typeof record === 'object' && record !== null && 'end' in record) {
      const parsed = Trailer.safeParse(record);
      if (!parsed.success) throw new BackupError(`line ${n}: a damaged closing line (${describeIssues(parsed.error)})`);
      trailer = { line: n, value: parsed.data };
      continue;
    }
    const { t, v } = (record ?? {}) as { t?: unknown; v?: unknown };
    if (typeof t !== 'string' || !Object.hasOwn(BACKUP_TABLES, t)) throw new BackupError(`line ${n}: unknown table ${JSON.stringify(t)}`);
    const parsed = BACKUP_TABLES[t as BackupTable].safeParse(v);
    if (!parsed.success) throw new BackupError(`line ${n} (${t}): ${describeIssues(parsed.error)}`);
    (rows[t as BackupTable] as unknown[]).push(parsed.data);
    lastTable = t as BackupTable;
    checksum.add(`${line}\n`);
  }
  if (version === 0) throw new BackupError('the file is empty');
  if (version < 2) {
    options.onUnchecked?.('written by an Earshot from before backups carried a checksum: whether the file is whole could not be checked');
    return rows;
  }
  if (!trailer) throw new BackupError(`the file ends after line ${n} without its closing line: it was cut short${cutShortAt(rows, lastTable)}`);
  const missing = TABLE_NAMES.flatMap((table) => {
    const [written, held] = [trailer.value.rows[table] ?? 0, rows[table].length];
    return written === held ? [] : [`the closing line says ${written} ${table} were written, the file holds ${held} (${written - held} ${written > held ? 'missing' : 'too many'})`];
  });
  if (missing.length > 0) throw new BackupError(missing.join('; '));
  if (trailer.value.blockLines !== CHECKSUM_BLOCK_LINES) throw new BackupError(`the closing line checksums blocks of ${trailer.value.blockLines} lines, which this Earshot does not read`);
  if ((await checksum.hex()) !== trailer.value.sha256) throw new BackupError('the lines do not match the checksum in the closing line: the file was changed after it was written');
  return rows;
}

/** Where a file without its closing line stops, in words: which table, and what comes after it. */
function cutShortAt(rows: BackupRows, lastTable: BackupTable | null): string {
  if (lastTable === null) return ' after its first line; every table is missing or empty';
  const after = TABLE_NAMES.slice(TABLE_NAMES.indexOf(lastTable) + 1);
  const rest = after.length > 0 ? ` and the tables after them (${after.join(', ')})` : '';
  return ` after ${rows[lastTable].length} ${lastTable}; the rest of the ${lastTable}${rest} are missing`;
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
  const derived = [db.values, db.people, db.personaMembers, db.matchBuckets, db.matchPages, db.matchSpill];
  const tables = [...TABLE_NAMES.map((t) => db.table(t)), ...derived];
  // Hashing is not IndexedDB work and would end the transaction: done first, against the list as it is now.
  const erasedHere = await readSuppressed(db);
  const { rows, leftOut } = await withoutErased(backup, erasedHere);
  return db.transaction('rw', tables, async () => {
    const suppressed = await readSuppressed(db);
    const inBackup = backup.meta.find((m) => m.key === SUPPRESSED_KEY);
    if (inBackup) {
      const hashes = SuppressedList.safeParse(inBackup.value);
      // Before anything is cleared: a restore stops here and changes nothing.
      if (!hashes.success) throw new Error(`the backup's record "${SUPPRESSED_KEY}" (the people erased) is not a list of hashes`);
      for (const hash of hashes.data) suppressed.add(hash);
    }
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
    if (suppressed.size > 0) await writeSuppressed(db, suppressed, Date.now());
    for (const table of derived) await table.clear();
    await writeIndexState(db, { state: 'stale', reason: 'restore' });
    await markPeopleStale(db, 'restore');
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
    actions: backup.actions.filter((a) => !refs.has(a.personRef)),
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
