/**
 * The command line's database: one JSON-lines file in the extension's backup
 * format (lib/db/backup.ts), so a backup of the extension opens here and the
 * file can be restored into the extension. Writes go to a temporary file that
 * replaces the old one only when complete: an interrupted or failed command
 * never leaves a half-written database.
 */
import { existsSync } from 'node:fs';
import { BACKUP_TABLES, BackupError, BackupWriter, linesOf, readBackup, type BackupRows, type BackupTable } from '../db/backup';
import type { Customer, Order } from '../model';
import { textChunks } from './read';
import { writeLinesAtomically } from './output';

export interface FileStore {
  customers: Map<string, Customer>;
  orders: Map<string, Order>;
  /** The other tables of an extension backup, kept as they are. */
  others: Omit<BackupRows, 'customers' | 'orders'>;
}

export class StoreError extends Error {
  override name = 'StoreError';
}

export function emptyStore(): FileStore {
  const others = Object.fromEntries(
    (Object.keys(BACKUP_TABLES) as BackupTable[]).filter((t) => t !== 'customers' && t !== 'orders').map((t) => [t, []]),
  ) as unknown as FileStore['others'];
  return { customers: new Map(), orders: new Map(), others };
}

/** Read the database file; `onUnchecked` hears when it is an older file whose integrity cannot be checked. */
export async function loadStore(path: string, onUnchecked?: (why: string) => void): Promise<FileStore> {
  if (!existsSync(path)) return emptyStore();
  let rows: BackupRows;
  try {
    rows = await readBackup(linesOf(textChunks(path)), { onUnchecked });
  } catch (error) {
    if (error instanceof BackupError) throw new StoreError(`${path}: ${error.message}`);
    throw error;
  }
  const { customers, orders, ...others } = rows;
  return { customers: new Map(customers.map((c) => [c.id, c])), orders: new Map(orders.map((o) => [o.id, o])), others };
}

export async function saveStore(path: string, store: FileStore): Promise<void> {
  await writeLinesAtomically(path, storeLines(store));
}

/** The store in the backup format, a line at a time (never the whole file in memory), closed by counts and checksum. */
async function* storeLines(store: FileStore): AsyncGenerator<string> {
  const writer = new BackupWriter();
  yield writer.header(new Date());
  for (const v of store.customers.values()) yield writer.row('customers', v);
  for (const v of store.orders.values()) yield writer.row('orders', v);
  for (const [t, rows] of Object.entries(store.others)) {
    for (const v of rows as unknown[]) yield writer.row(t as BackupTable, v);
  }
  yield await writer.trailer();
}
