/**
 * The matcher's candidate index in IndexedDB, built for a million customers.
 *
 * Layout (Dexie version 2, out-of-line number keys, no secondary indexes):
 * - matchPages: the customers' compact comparison records, `pageSize` per row,
 *   so a customer is `ordinal`: row ordinal / pageSize, slot ordinal % pageSize.
 * - matchBuckets: packed posting lists. Every blocking key hashes to one of
 *   `buckets` rows and to a 32-bit fingerprint (4 bits of key family, 28 of
 *   hash); a row is a Uint32Array of [fingerprint, ordinal] pairs sorted by
 *   fingerprint. Looking up any number of keys is one bulkGet of their rows.
 * - meta "match.index": generation, sizes, counts of counts (term frequencies).
 *
 * Matching a batch of profiles is one read-only transaction with two bulkGets
 * (their buckets, then the pages of the chosen candidates). A full build
 * streams the customers table in chunks (never the whole table in memory),
 * writes the pages as it goes and spills [bucket, fingerprint, ordinal]
 * triples; then it fills the buckets range by range within a memory budget
 * (a counting sort by bucket) and writes each bucket once. It writes a new
 * generation and switches to it at the end, so matching goes on meanwhile.
 */
import { z } from '../../zod';
import type { EarshotDatabase } from '../database';
import { metaKey, readMetaIfValid, writeMeta, type HasMeta } from '../meta';
import { MAX_COUNT } from '../../match/frequency';
import { keyKind } from '../../match/keys';
import { hash53 } from '../../text/fold';

/** Bumped whenever blocking keys or record encoding change: an index of another version is rebuilt. */
export const INDEX_FORMAT = 4;
export const MATCH_PARAMS_META_KEY = 'match.params';
/** The meta key under which the matcher keeps the state of its index. */
export const MATCH_INDEX_META_KEY = 'match.index';

/** Rows of one generation live under keys generation * GENERATION_SPAN + n. */
export const GENERATION_SPAN = 2 ** 22;
export const MAX_BUCKETS = 2 ** 21;
/** Records per page row: small enough that reading a candidate's page costs little. */
export const DEFAULT_PAGE_SIZE = 16;
/** Aimed-for entries per bucket row. */
export const ENTRIES_PER_BUCKET = 40;
export const RECORD_SEPARATOR = '\u001d';

export const Counts = z.array(z.number().int().nonnegative()).length(MAX_COUNT);

export const ReadyIndex = z.object({
  state: z.literal('ready'),
  format: z.number().int(),
  generation: z.number().int().positive(),
  buckets: z.number().int().positive(),
  pageSize: z.number().int().positive(),
  customers: z.number().int().nonnegative(),
  nextOrdinal: z.number().int().nonnegative(),
  builtAt: z.number().int().nonnegative(),
  countsOfCounts: z.object({ s: Counts, n: Counts, h: Counts }),
  /** Customers per city, for weighing a shared city (see lib/match/frequency.ts). */
  cities: z.record(z.string(), z.number().int().positive()),
  givenNames: z.record(z.string(), z.number().int().positive()).default({}),
});
export type ReadyIndex = z.infer<typeof ReadyIndex>;

export const StaleIndex = z.object({ state: z.literal('stale'), reason: z.string(), customers: z.number().int().nonnegative().optional() }).passthrough();
export const BuildingIndex = z.object({ state: z.literal('building'), generation: z.number().int().positive(), startedAt: z.number() }).passthrough();

export const IndexState = z.discriminatedUnion('state', [ReadyIndex, StaleIndex, BuildingIndex]);
export type IndexState = z.infer<typeof IndexState>;
const MATCH_INDEX = metaKey(MATCH_INDEX_META_KEY, IndexState);

// ---------------------------------------------------------------- hashing

export const FAMILY_CODES: Record<string, number> = { id: 1, s: 2, n: 3, i: 4, p: 5, a: 6, z: 7, g: 8, h: 9, w: 10, b: 11, e: 12 };
export const CODE_FAMILY = Object.fromEntries(Object.entries(FAMILY_CODES).map(([f, c]) => [c, f]));

export interface KeyHash {
  bucket: number;
  fingerprint: number;
}

/** Where a blocking key lives: its bucket row and its fingerprint within it (the family in the top 4 bits). */
export function hashKey(key: string, buckets: number): KeyHash {
  const h = hash53(key);
  const low = h % 4294967296;
  const high = Math.floor(h / 4294967296);
  const family = FAMILY_CODES[keyKind(key)] ?? 15;
  return { bucket: high & (buckets - 1), fingerprint: ((family << 28) | (low & 0x0fffffff)) >>> 0 };
}

/** A power of two near customers x keys / ENTRIES_PER_BUCKET (rounded down: fewer, fuller rows write faster). */
export function bucketCountFor(customers: number, keysPerCustomer = 10): number {
  const wanted = Math.max(1024, Math.ceil((customers * keysPerCustomer) / ENTRIES_PER_BUCKET));
  return Math.min(MAX_BUCKETS, 2 ** Math.floor(Math.log2(wanted)));
}

export const rowKey = (generation: number, n: number) => generation * GENERATION_SPAN + n;

/** The ordinals under one fingerprint in a bucket row (sorted by fingerprint). */
export function postingsIn(row: Uint32Array | undefined, fingerprint: number): Uint32Array {
  if (!row || row.length === 0) return EMPTY;
  let lo = 0;
  let hi = row.length / 2;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (row[mid * 2]! < fingerprint) lo = mid + 1;
    else hi = mid;
  }
  let end = lo;
  while (end < row.length / 2 && row[end * 2] === fingerprint) end++;
  const out = new Uint32Array(end - lo);
  for (let i = lo; i < end; i++) out[i - lo] = row[i * 2 + 1]!;
  return out;
}
export const EMPTY = new Uint32Array(0);

// ---------------------------------------------------------------- state

export async function readIndexState(db: EarshotDatabase): Promise<IndexState | null> {
  // Derived: an unreadable state means build the index again, never an error.
  return (await readMetaIfValid(db, MATCH_INDEX, { state: 'stale', reason: 'unreadable index state' })) ?? null;
}

/** `db` may be an upgrade's transaction tables: a schema upgrade marks the index stale this way. */
export async function writeIndexState(db: HasMeta, state: IndexState): Promise<void> {
  await writeMeta(db, MATCH_INDEX, state, Date.now());
}

/** Whether the index must be (re)built before matching: none yet, stale, or of another format. */
export async function indexNeedsBuild(db: EarshotDatabase): Promise<boolean> {
  const state = await readIndexState(db);
  return !state || state.state !== 'ready' || state.format !== INDEX_FORMAT;
}

export interface IndexProgress {
  phase: 'records' | 'buckets' | 'update';
  done: number;
  total: number;
}

export interface IndexOptions {
  /** Customers that changed (added, edited or erased) since the last build: updates the index in place when few. */
  customerIds?: readonly string[];
  /** Memory the bucket pass may use for posting entries; more passes over the spill when the index is larger. */
  memoryBudgetBytes?: number;
  /** Customers read per chunk. */
  chunkSize?: number;
  pageSize?: number;
  /** Share of the customers above which a change rebuilds instead of updating in place. */
  rebuildShare?: number;
  onProgress?: (progress: IndexProgress) => void;
}

export interface IndexReport {
  mode: 'full' | 'incremental';
  customers: number;
  buckets: number;
  pages: number;
  entries: number;
  bucketPasses: number;
  milliseconds: number;
  /**
   * Where the time went. Reads and writes overlap the computing, so readMs is
   * the time spent waiting for a chunk of customers, computeMs the records and
   * keys, recordsMs the whole first pass (pages and spill written) and
   * bucketsMs the rest.
   */
  phases?: { readMs: number; computeMs: number; recordsMs: number; bucketsMs: number };
}
