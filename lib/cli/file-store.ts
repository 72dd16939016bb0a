/**
 * The command line's database: one JSON-lines file. The first line says what
 * it is; each further line is one record of one table. Writes go to a
 * temporary file that replaces the old one only when complete, so an
 * interrupted or failed command never leaves a half-written database.
 */
import { createReadStream, createWriteStream, existsSync } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { once } from 'node:events';
import { Customer, Order } from '../model';
import { describeIssues } from '../messages';

const FORMAT = 'earshot-db';
const VERSION = 1;

export interface FileStore {
  customers: Map<string, Customer>;
  orders: Map<string, Order>;
}

export class StoreError extends Error {
  override name = 'StoreError';
}

export function emptyStore(): FileStore {
  return { customers: new Map(), orders: new Map() };
}

export async function loadStore(path: string): Promise<FileStore> {
  const store = emptyStore();
  if (!existsSync(path)) return store;
  const lines = createInterface({ input: createReadStream(path, { encoding: 'utf8' }), crlfDelay: Infinity });
  let n = 0;
  for await (const line of lines) {
    n += 1;
    if (!line.trim()) continue;
    let record: unknown;
    try {
      record = JSON.parse(line);
    } catch {
      throw new StoreError(`${path}:${n}: not JSON; the database file is damaged`);
    }
    if (n === 1) {
      const head = record as { format?: unknown; version?: unknown };
      if (head.format !== FORMAT) throw new StoreError(`${path} is not an Earshot database (no "${FORMAT}" header)`);
      if (typeof head.version !== 'number' || head.version > VERSION) {
        throw new StoreError(`${path} was written by a newer Earshot (format ${String(head.version)})`);
      }
      continue;
    }
    const { t, v } = record as { t?: unknown; v?: unknown };
    if (t === 'customer') {
      const parsed = Customer.safeParse(v);
      if (!parsed.success) throw new StoreError(`${path}:${n}: ${describeIssues(parsed.error)}`);
      store.customers.set(parsed.data.id, parsed.data);
    } else if (t === 'order') {
      const parsed = Order.safeParse(v);
      if (!parsed.success) throw new StoreError(`${path}:${n}: ${describeIssues(parsed.error)}`);
      store.orders.set(parsed.data.id, parsed.data);
    } else {
      throw new StoreError(`${path}:${n}: unknown record type ${JSON.stringify(t)}`);
    }
  }
  return store;
}

export async function saveStore(path: string, store: FileStore): Promise<void> {
  const temp = `${path}.tmp-${process.pid}`;
  const out = createWriteStream(temp, { encoding: 'utf8' });
  const write = async (text: string) => {
    if (!out.write(text)) await once(out, 'drain');
  };
  try {
    await write(`${JSON.stringify({ format: FORMAT, version: VERSION, savedAt: new Date().toISOString() })}\n`);
    for (const v of store.customers.values()) await write(`${JSON.stringify({ t: 'customer', v })}\n`);
    for (const v of store.orders.values()) await write(`${JSON.stringify({ t: 'order', v })}\n`);
    out.end();
    await once(out, 'finish');
    await rename(temp, path);
  } catch (error) {
    out.destroy();
    await rm(temp, { force: true });
    throw error;
  }
}
