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
import { MATCH_INDEX_META_KEY, type EarshotDatabase } from '../database';
import { isLinked, mustNotProfile, type Customer, type Match } from '../../model';
import { addCount, addTally, emptyCountsOfCounts, FREQUENCY_FAMILIES, MAX_COUNT, type CountsOfCounts, type TermFrequencies } from '../../match/frequency';
import { customerRecord, decodeRecord, encodeRecord, type CustomerRecord, type ProfileInput } from '../../match/features';
import { customerKeys, givenNameKey, keyKind, type BlockingQuery } from '../../match/keys';
import { decideBatch, PersonaScorer, type BatchLookup, type MatchResult, type PreviousDecision } from '../../match/match';
import { MIN_CLAIM, slotKey } from '../../match/joint';
import { defaultMatcherParams, readMatcherParams, type MatcherParams } from '../../match/params';
import { MatchThresholds } from '../../match/settings';
import { DEFAULT_LIMITS, selectCandidates, type CandidateLimits, type CandidateSet, type CandidateStore } from '../../match/store';
import { trainMatcher, type DecidedPair, type TrainReport } from '../../match/train';
import { hash53 } from '../../text/fold';

/** Bumped whenever blocking keys or record encoding change: an index of another version is rebuilt. */
export const INDEX_FORMAT = 4;
export const MATCH_PARAMS_META_KEY = 'match.params';

/** Rows of one generation live under keys generation * GENERATION_SPAN + n. */
const GENERATION_SPAN = 2 ** 22;
const MAX_BUCKETS = 2 ** 21;
/** Records per page row: small enough that reading a candidate's page costs little. */
const DEFAULT_PAGE_SIZE = 16;
/** Aimed-for entries per bucket row. */
const ENTRIES_PER_BUCKET = 40;
const RECORD_SEPARATOR = '\u001d';

const Counts = z.array(z.number().int().nonnegative()).length(MAX_COUNT);

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

const StaleIndex = z.object({ state: z.literal('stale'), reason: z.string(), customers: z.number().int().nonnegative().optional() }).passthrough();
const BuildingIndex = z.object({ state: z.literal('building'), generation: z.number().int().positive(), startedAt: z.number() }).passthrough();

export const IndexState = z.discriminatedUnion('state', [ReadyIndex, StaleIndex, BuildingIndex]);
export type IndexState = z.infer<typeof IndexState>;

// ---------------------------------------------------------------- hashing

const FAMILY_CODES: Record<string, number> = { id: 1, s: 2, n: 3, i: 4, p: 5, a: 6, z: 7, g: 8, h: 9, w: 10, b: 11, e: 12 };
const CODE_FAMILY = Object.fromEntries(Object.entries(FAMILY_CODES).map(([f, c]) => [c, f]));

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
function bucketCountFor(customers: number, keysPerCustomer = 10): number {
  const wanted = Math.max(1024, Math.ceil((customers * keysPerCustomer) / ENTRIES_PER_BUCKET));
  return Math.min(MAX_BUCKETS, 2 ** Math.floor(Math.log2(wanted)));
}

const rowKey = (generation: number, n: number) => generation * GENERATION_SPAN + n;

/** The ordinals under one fingerprint in a bucket row (sorted by fingerprint). */
function postingsIn(row: Uint32Array | undefined, fingerprint: number): Uint32Array {
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
const EMPTY = new Uint32Array(0);

// ---------------------------------------------------------------- state

export async function readIndexState(db: EarshotDatabase): Promise<IndexState | null> {
  const row = await db.meta.get(MATCH_INDEX_META_KEY);
  if (!row) return null;
  const parsed = IndexState.safeParse(row.value);
  return parsed.success ? parsed.data : { state: 'stale', reason: 'unreadable index state' };
}

async function writeIndexState(db: EarshotDatabase, state: IndexState): Promise<void> {
  await db.meta.put({ key: MATCH_INDEX_META_KEY, value: state, updatedAt: Date.now() });
}

/** Whether the index must be (re)built before matching: none yet, stale, or of another format. */
export async function indexNeedsBuild(db: EarshotDatabase): Promise<boolean> {
  const state = await readIndexState(db);
  return !state || state.state !== 'ready' || state.format !== INDEX_FORMAT;
}

// ---------------------------------------------------------------- building

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

/** Build the candidate index from the customers table, or update it for the customers that changed. */
export async function indexCustomers(db: EarshotDatabase, options: IndexOptions = {}): Promise<IndexReport> {
  const state = await readIndexState(db);
  const { customerIds, rebuildShare = 0.05 } = options;
  if (customerIds && state?.state === 'ready' && state.format === INDEX_FORMAT && customerIds.length <= Math.max(100, state.customers * rebuildShare)) {
    return updateIndex(db, state, customerIds, options);
  }
  return buildIndex(db, state, options);
}

async function buildIndex(db: EarshotDatabase, previous: IndexState | null, options: IndexOptions): Promise<IndexReport> {
  const started = performance.now();
  const { memoryBudgetBytes = 48 * 2 ** 20, chunkSize = 2000, pageSize = DEFAULT_PAGE_SIZE, onProgress } = options;
  const total = await db.customers.count();
  const buckets = bucketCountFor(total);
  const oldGeneration = previous?.state === 'ready' || previous?.state === 'building' ? previous.generation : 0;
  const generation = oldGeneration + 1;
  await db.matchSpill.clear();
  await clearGeneration(db, generation);
  await writeIndexState(db, { state: 'building', generation, startedAt: Date.now() });

  // Pass 1: records into pages; [bucket, fingerprint, ordinal] triples into the spill.
  const bucketSizes = new Uint32Array(buckets);
  const cities: Record<string, number> = {};
  const givenNames: Record<string, number> = {};
  let ordinal = 0;
  let spillRows = 0;
  let page: string[] = [];
  let readMs = 0;
  let computeMs = 0;
  const readAfter = (id: string | undefined): Promise<Customer[]> => {
    const read = (id === undefined ? db.customers.orderBy(':id') : db.customers.where(':id').above(id)).limit(chunkSize).toArray();
    read.catch(() => undefined); // awaited below; this only keeps a failure during compute from being reported as unhandled
    return read;
  };
  let reading = readAfter(undefined);
  let writing: Write = Promise.resolve();
  for (;;) {
    const t0 = performance.now();
    const chunk = await reading;
    const t1 = performance.now();
    readMs += t1 - t0;
    if (chunk.length === 0) break;
    // The next chunk is read while this one is computed.
    reading = readAfter(chunk[chunk.length - 1]!.id);
    const triples: number[] = [];
    const pageKeys: number[] = [];
    const pageValues: string[] = [];
    for (const customer of chunk) {
      // A customer who must not be profiled is never a candidate.
      if (mustNotProfile(customer)) continue;
      const record = customerRecord(customer);
      addTally(cities, record.place.city);
      addTally(givenNames, givenNameKey(record.name));
      page.push(encodeRecord(record));
      for (const key of customerKeys(record)) {
        const { bucket, fingerprint } = hashKey(key, buckets);
        triples.push(bucket, fingerprint, ordinal);
        bucketSizes[bucket]! += 1;
      }
      ordinal++;
      if (page.length === pageSize) {
        pageKeys.push(rowKey(generation, ordinal / pageSize - 1));
        pageValues.push(page.join(RECORD_SEPARATOR));
        page = [];
      }
    }
    computeMs += performance.now() - t1;
    // One write in flight while the next chunk is read and computed: the
    // database writes on its own thread, so the two overlap.
    await settle(writing);
    const spillRow = spillRows++;
    const done = ordinal;
    writing = inFlight(
      db
        .transaction('rw', db.matchPages, db.matchSpill, async () => {
          await db.matchPages.bulkPut(pageValues, pageKeys);
          await db.matchSpill.put(Uint32Array.from(triples), spillRow);
        })
        .then(() => onProgress?.({ phase: 'records', done, total })),
    );
  }
  await settle(writing);
  if (page.length > 0) await db.matchPages.put(page.join(RECORD_SEPARATOR), rowKey(generation, Math.floor(ordinal / pageSize)));
  const recordsMs = performance.now() - started;

  // Pass 2..k: buckets, a range of them per pass, each filled by a counting sort over the spill.
  let entries = 0;
  for (const n of bucketSizes) entries += n;
  const perPass = Math.max(1, Math.floor(memoryBudgetBytes / 8));
  const countsOfCounts = emptyCountsOfCounts();
  let passes = 0;
  let lo = 0;
  while (lo < buckets) {
    let hi = lo;
    let inRange = 0;
    while (hi < buckets && (inRange === 0 || inRange + bucketSizes[hi]! <= perPass)) inRange += bucketSizes[hi++]!;
    passes++;
    await fillBuckets(db, generation, lo, hi, inRange, bucketSizes, spillRows, countsOfCounts);
    onProgress?.({ phase: 'buckets', done: hi, total: buckets });
    lo = hi;
  }

  const ready: ReadyIndex = {
    state: 'ready',
    format: INDEX_FORMAT,
    generation,
    buckets,
    pageSize,
    customers: ordinal,
    nextOrdinal: ordinal,
    builtAt: Date.now(),
    countsOfCounts,
    cities,
    givenNames,
  };
  await writeIndexState(db, ready);
  await db.matchSpill.clear();
  // Every other generation goes, also one a stale state no longer names (it may hold erased customers).
  await clearOtherGenerations(db, generation);
  // Customers erased while this build ran may be in it: take them out now.
  await applyPendingRemovals(db);
  return {
    mode: 'full',
    customers: ordinal,
    buckets,
    pages: Math.ceil(ordinal / pageSize),
    entries,
    bucketPasses: passes,
    milliseconds: Math.round(performance.now() - started),
    phases: { readMs: Math.round(readMs), computeMs: Math.round(computeMs), recordsMs: Math.round(recordsMs), bucketsMs: Math.round(performance.now() - started - recordsMs) },
  };
}

/** A write left running while the next batch is prepared: its failure is caught at once and rethrown by `settle`. */
type Write = Promise<void | { error: unknown }>;

function inFlight(write: PromiseLike<unknown>): Write {
  return Promise.resolve(write).then(
    () => undefined,
    (error: unknown) => ({ error }),
  );
}

/** Wait for a write started earlier and rethrow its failure here. */
async function settle(write: Write): Promise<void> {
  const outcome = await write;
  if (outcome) throw outcome.error;
}

async function clearGeneration(db: EarshotDatabase, generation: number): Promise<void> {
  const from = rowKey(generation, 0);
  const to = rowKey(generation + 1, 0);
  await db.matchBuckets.where(':id').between(from, to, true, false).delete();
  await db.matchPages.where(':id').between(from, to, true, false).delete();
}

async function clearOtherGenerations(db: EarshotDatabase, generation: number): Promise<void> {
  const from = rowKey(generation, 0);
  const to = rowKey(generation + 1, 0);
  for (const table of [db.matchBuckets, db.matchPages]) {
    await table.where(':id').below(from).delete();
    await table.where(':id').aboveOrEqual(to).delete();
  }
}

/** Fill buckets [lo, hi) from the spill: place each entry at its bucket's offset, sort each bucket by fingerprint, write. */
async function fillBuckets(
  db: EarshotDatabase,
  generation: number,
  lo: number,
  hi: number,
  inRange: number,
  bucketSizes: Uint32Array,
  spillRows: number,
  countsOfCounts: CountsOfCounts,
): Promise<void> {
  const offsets = new Uint32Array(hi - lo + 1);
  for (let b = lo; b < hi; b++) offsets[b - lo + 1] = offsets[b - lo]! + bucketSizes[b]!;
  const cursor = offsets.slice(0, hi - lo);
  const data = new Uint32Array(inRange * 2);
  for (let row = 0; row < spillRows; row += 8) {
    const keys = Array.from({ length: Math.min(8, spillRows - row) }, (_, i) => row + i);
    const chunks = await db.matchSpill.bulkGet(keys);
    for (const triples of chunks) {
      if (!triples) continue;
      for (let i = 0; i < triples.length; i += 3) {
        const b = triples[i]!;
        if (b < lo || b >= hi) continue;
        const at = cursor[b - lo]!++;
        data[at * 2] = triples[i + 1]!;
        data[at * 2 + 1] = triples[i + 2]!;
      }
    }
  }
  const keys: number[] = [];
  const values: Uint32Array[] = [];
  // One batch written while the next is sorted.
  let writing: Write = Promise.resolve();
  const flush = async () => {
    if (keys.length === 0) return;
    await settle(writing);
    writing = inFlight(db.matchBuckets.bulkPut(values.splice(0), keys.splice(0)));
  };
  for (let b = lo; b < hi; b++) {
    const from = offsets[b - lo]!;
    const to = offsets[b - lo + 1]!;
    if (to === from) continue;
    const row = sortPairs(data.subarray(from * 2, to * 2));
    tallyRuns(row, countsOfCounts);
    keys.push(rowKey(generation, b));
    values.push(row);
    if (keys.length >= 4096) await flush();
  }
  await flush();
  await settle(writing);
}

/** A copy of [fingerprint, ordinal] pairs sorted by fingerprint, then ordinal. */
function sortPairs(pairs: Uint32Array): Uint32Array {
  const n = pairs.length / 2;
  const order = Array.from({ length: n }, (_, i) => i);
  order.sort((a, b) => pairs[a * 2]! - pairs[b * 2]! || pairs[a * 2 + 1]! - pairs[b * 2 + 1]!);
  const out = new Uint32Array(pairs.length);
  order.forEach((from, to) => {
    out[to * 2] = pairs[from * 2]!;
    out[to * 2 + 1] = pairs[from * 2 + 1]!;
  });
  return out;
}

/** Count how many customers each key of a tracked family has (runs of one fingerprint). */
function tallyRuns(row: Uint32Array, countsOfCounts: CountsOfCounts): void {
  let i = 0;
  while (i < row.length) {
    const fp = row[i]!;
    let j = i + 2;
    while (j < row.length && row[j] === fp) j += 2;
    const family = CODE_FAMILY[fp >>> 28];
    if (family && (FREQUENCY_FAMILIES as readonly string[]).includes(family)) addCount(countsOfCounts, family, (j - i) / 2);
    i = j;
  }
}

// ---------------------------------------------------------------- incremental update

async function updateIndex(db: EarshotDatabase, state: ReadyIndex, customerIds: readonly string[], options: IndexOptions): Promise<IndexReport> {
  const started = performance.now();
  const ids = [...new Set(customerIds)];
  const { generation, buckets, pageSize } = state;
  let { customers, nextOrdinal } = state;
  let entries = 0;
  await db.transaction('rw', [db.customers, db.matchBuckets, db.matchPages, db.meta], async () => {
    const pages = new Map<number, string[]>();
    const loadPages = async (numbers: Iterable<number>) => {
      const missing = [...new Set(numbers)].filter((p) => !pages.has(p));
      const stored = await db.matchPages.bulkGet(missing.map((p) => rowKey(generation, p)));
      missing.forEach((p, i) => pages.set(p, stored[i] ? stored[i]!.split(RECORD_SEPARATOR) : []));
    };
    const pageOf = (o: number) => Math.floor(o / pageSize);
    const slot = (o: number) => pages.get(pageOf(o))?.[o % pageSize] ?? '';
    const setSlot = (o: number, value: string) => {
      const rows = pages.get(pageOf(o))!;
      while (rows.length <= o % pageSize) rows.push('');
      rows[o % pageSize] = value;
      touched.add(pageOf(o));
    };
    const touched = new Set<number>();

    // Where each customer is now: an ordinal under its id: key, confirmed by the record on its page.
    const current = await db.customers.bulkGet(ids);
    const idHashes = ids.map((id) => hashKey(`id:${id}`, buckets));
    const idRows = await db.matchBuckets.bulkGet(idHashes.map((h) => rowKey(generation, h.bucket)));
    const found = ids.map((_, i) => postingsIn(idRows[i], idHashes[i]!.fingerprint));
    await loadPages(found.flatMap((list) => [...list].map(pageOf)));
    const ordinals = ids.map((id, i) => [...found[i]!].find((o) => slot(o) !== '' && decodeRecord(slot(o)).id === id));
    // New customers take the next ordinals; their pages may already hold earlier records.
    const indexable = (c: Customer | undefined): c is Customer => c !== undefined && !mustNotProfile(c);
    const assigned = ids.map((_, i) => (ordinals[i] === undefined && indexable(current[i]) ? nextOrdinal++ : ordinals[i]));
    await loadPages(assigned.filter((o): o is number => o !== undefined).map(pageOf));

    const removals: KeyedOrdinal[] = [];
    const additions: KeyedOrdinal[] = [];
    const cities = { ...state.cities };
    const givenNames = { ...state.givenNames };
    ids.forEach((_, i) => {
      const ordinal = assigned[i];
      if (ordinal === undefined) return; // erased (or not to be profiled) and never indexed: nothing to do
      if (ordinals[i] !== undefined) {
        const old = decodeRecord(slot(ordinal));
        addTally(cities, old.place.city, -1);
        addTally(givenNames, givenNameKey(old.name), -1);
        for (const key of customerKeys(old)) removals.push({ key, ordinal });
      }
      const customer = current[i];
      // Erased, or must not be profiled any more: out of the index.
      if (!indexable(customer)) {
        setSlot(ordinal, '');
        customers--;
        return;
      }
      if (ordinals[i] === undefined) customers++;
      const record = customerRecord(customer);
      addTally(cities, record.place.city);
      addTally(givenNames, givenNameKey(record.name));
      setSlot(ordinal, encodeRecord(record));
      for (const key of customerKeys(record)) additions.push({ key, ordinal });
    });

    // Bucket edits: drop the old entries, add the new, keep rows sorted.
    const edits = new Map<number, { remove: KeyedPair[]; add: KeyedPair[] }>();
    const edit = (list: readonly KeyedOrdinal[], kind: 'remove' | 'add') => {
      for (const { key, ordinal } of list) {
        const { bucket, fingerprint } = hashKey(key, buckets);
        const e = edits.get(bucket) ?? { remove: [], add: [] };
        e[kind].push([fingerprint, ordinal]);
        edits.set(bucket, e);
      }
    };
    edit(removals, 'remove');
    edit(additions, 'add');
    entries = additions.length;
    const bucketNumbers = [...edits.keys()];
    const rows = await db.matchBuckets.bulkGet(bucketNumbers.map((b) => rowKey(generation, b)));
    const putKeys: number[] = [];
    const putValues: Uint32Array[] = [];
    const deleteKeys: number[] = [];
    const countsOfCounts = structuredClone(state.countsOfCounts);
    bucketNumbers.forEach((b, i) => {
      const { remove, add } = edits.get(b)!;
      const old = rows[i] ?? EMPTY;
      const next = applyEdits(old, remove, add);
      // Keep the counts of counts exact: each edited key moves from its old count to its new one.
      for (const fingerprint of new Set([...remove, ...add].map(([f]) => f))) {
        const family = CODE_FAMILY[fingerprint >>> 28];
        if (!family) continue;
        addCount(countsOfCounts, family, postingsIn(old, fingerprint).length, -1);
        addCount(countsOfCounts, family, postingsIn(next, fingerprint).length);
      }
      if (next.length === 0) deleteKeys.push(rowKey(generation, b));
      else {
        putKeys.push(rowKey(generation, b));
        putValues.push(next);
      }
    });
    await db.matchBuckets.bulkPut(putValues, putKeys);
    await db.matchBuckets.bulkDelete(deleteKeys);
    await db.matchPages.bulkPut(
      [...touched].map((p) => pages.get(p)!.join(RECORD_SEPARATOR)),
      [...touched].map((p) => rowKey(generation, p)),
    );
    await writeIndexState(db, { ...state, customers, nextOrdinal, countsOfCounts, cities, givenNames });
  });
  options.onProgress?.({ phase: 'update', done: ids.length, total: ids.length });
  return {
    mode: 'incremental',
    customers,
    buckets,
    pages: Math.ceil(nextOrdinal / pageSize),
    entries,
    bucketPasses: 0,
    milliseconds: Math.round(performance.now() - started),
  };
}

// ---------------------------------------------------------------- erasure

/** Meta key: customers erased while a build was running, taken out when it ends. */
const PENDING_REMOVALS_KEY = 'match.index.erased';
const PendingRemovals = z.array(z.string()).catch([]);

/**
 * Take erased customers out of the index, so nobody can be matched to them
 * again. Runs inside the erasure's transaction (it must include customers,
 * matchBuckets, matchPages and meta), after their records were deleted:
 * - a ready index is edited in place (the incremental update);
 * - a build in progress may already have read them: they are noted and
 *   taken out when it ends (or the next build, should this one die, reads
 *   the customers table where they are gone);
 * - any other index is rebuilt before it is used: its rows go now, so the
 *   erased records do not wait for that.
 */
export async function forgetCustomers(db: EarshotDatabase, customerIds: readonly string[]): Promise<void> {
  if (customerIds.length === 0) return;
  const state = await readIndexState(db);
  if (!state) return;
  if (state.state === 'ready' && state.format === INDEX_FORMAT) {
    await updateIndex(db, state, customerIds, {});
  } else if (state.state === 'building') {
    const pending = PendingRemovals.parse((await db.meta.get(PENDING_REMOVALS_KEY))?.value);
    await db.meta.put({ key: PENDING_REMOVALS_KEY, value: [...new Set([...pending, ...customerIds])], updatedAt: Date.now() });
  } else {
    await db.matchBuckets.clear();
    await db.matchPages.clear();
    await writeIndexState(db, { state: 'stale', reason: 'erasure' });
  }
}

async function applyPendingRemovals(db: EarshotDatabase): Promise<void> {
  await db.transaction('rw', [db.customers, db.matchBuckets, db.matchPages, db.meta], async () => {
    const pending = PendingRemovals.parse((await db.meta.get(PENDING_REMOVALS_KEY))?.value);
    if (pending.length === 0) return;
    const state = await readIndexState(db);
    if (state?.state === 'ready') await updateIndex(db, state, pending, {});
    await db.meta.delete(PENDING_REMOVALS_KEY);
  });
}

interface KeyedOrdinal {
  key: string;
  ordinal: number;
}

type KeyedPair = [fingerprint: number, ordinal: number];

function applyEdits(row: Uint32Array, remove: readonly KeyedPair[], add: readonly KeyedPair[]): Uint32Array {
  const gone = new Set(remove.map(([f, o]) => `${f}:${o}`));
  const pairs: KeyedPair[] = [];
  for (let i = 0; i < row.length; i += 2) if (!gone.has(`${row[i]}:${row[i + 1]}`)) pairs.push([row[i]!, row[i + 1]!]);
  const seen = new Set(pairs.map(([f, o]) => `${f}:${o}`));
  for (const pair of add) if (!seen.has(`${pair[0]}:${pair[1]}`)) pairs.push(pair);
  pairs.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const out = new Uint32Array(pairs.length * 2);
  pairs.forEach(([f, o], i) => {
    out[i * 2] = f;
    out[i * 2 + 1] = o;
  });
  return out;
}

// ---------------------------------------------------------------- reading

export class IndexNotReadyError extends Error {
  override name = 'IndexNotReadyError';
}

/** The candidate store over the IndexedDB index: what the service worker matches with. */
export class IdbCandidateStore implements CandidateStore {
  private state: ReadyIndex | null = null;

  constructor(
    private readonly db: EarshotDatabase,
    private readonly limits: CandidateLimits = DEFAULT_LIMITS,
  ) {}

  /** Re-read the index state (after a build in this or another context). */
  async refresh(): Promise<ReadyIndex> {
    const state = await readIndexState(this.db);
    if (!state || state.state !== 'ready') throw new IndexNotReadyError('the customer index is not built yet: run indexCustomers first');
    this.state = state;
    return state;
  }

  private async ready(): Promise<ReadyIndex> {
    return this.state ?? this.refresh();
  }

  async size(): Promise<number> {
    return (await this.ready()).customers;
  }

  async frequencies(): Promise<TermFrequencies> {
    const { countsOfCounts, cities, givenNames } = await this.ready();
    return { countsOfCounts, cities, givenNames };
  }

  candidates(queries: readonly BlockingQuery[]): Promise<CandidateSet[]> {
    return this.lookup(queries).then((r) => r.sets);
  }

  /**
   * Candidates for each query and, in the same read-only transaction, the
   * stored decisions of the given profiles.
   */
  async lookup(queries: readonly BlockingQuery[], profileIds: readonly string[] = []): Promise<{ sets: CandidateSet[]; decisions: (Match | undefined)[] }> {
    const state = await this.ready();
    const { generation, buckets, pageSize, customers } = state;
    const db = this.db;
    return db.transaction('r', [db.matchBuckets, db.matchPages, db.matches], async () => {
      const hashes = new Map<string, KeyHash>();
      const bucketSet = new Set<number>();
      for (const q of queries) {
        for (const key of [...q.candidateKeys, ...q.countKeys]) {
          if (hashes.has(key)) continue;
          const h = hashKey(key, buckets);
          hashes.set(key, h);
          bucketSet.add(h.bucket);
        }
      }
      const bucketList = [...bucketSet];
      const [rows, decisions] = await Promise.all([
        db.matchBuckets.bulkGet(bucketList.map((b) => rowKey(generation, b))),
        profileIds.length > 0 ? db.matches.bulkGet([...profileIds]) : Promise.resolve([] as (Match | undefined)[]),
      ]);
      const rowOf = new Map<number, Uint32Array | undefined>(bucketList.map((b, i) => [b, rows[i]]));
      const postings = (key: string) => {
        const h = hashes.get(key);
        return h ? postingsIn(rowOf.get(h.bucket), h.fingerprint) : undefined;
      };
      const chosen = queries.map((q) => selectCandidates(q, postings, this.limits));
      const pageNumbers = [...new Set(chosen.flat().map((o) => Math.floor(o / pageSize)))];
      const pages = await db.matchPages.bulkGet(pageNumbers.map((p) => rowKey(generation, p)));
      const pageOf = new Map<number, string[]>(pageNumbers.map((p, i) => [p, pages[i]?.split(RECORD_SEPARATOR) ?? []]));
      const sets = queries.map((q, i) => {
        const records: CustomerRecord[] = [];
        for (const o of chosen[i]!) {
          const text = pageOf.get(Math.floor(o / pageSize))?.[o % pageSize];
          if (text) records.push(decodeRecord(text));
        }
        const counts = new Map<string, number>();
        for (const key of q.countKeys) {
          const n = postings(key)?.length;
          if (n) counts.set(key, n);
        }
        return { records, counts, total: customers };
      });
      return { sets, decisions: profileIds.map((_, i) => decisions[i]) };
    });
  }

  async sample(count: number, seed: number): Promise<CustomerRecord[]> {
    const { generation, pageSize, nextOrdinal } = await this.ready();
    if (nextOrdinal === 0) return [];
    let state = seed >>> 0 || 1;
    const ordinals: number[] = [];
    for (let i = 0; i < Math.min(count, nextOrdinal) * 2 && ordinals.length < count; i++) {
      state ^= state << 13;
      state ^= state >>> 17;
      state ^= state << 5;
      ordinals.push((state >>> 0) % nextOrdinal);
    }
    const pageNumbers = [...new Set(ordinals.map((o) => Math.floor(o / pageSize)))];
    const out: CustomerRecord[] = [];
    for (let i = 0; i < pageNumbers.length; i += 500) {
      const slice = pageNumbers.slice(i, i + 500);
      const pages = await this.db.matchPages.bulkGet(slice.map((p) => rowKey(generation, p)));
      const byPage = new Map(slice.map((p, k) => [p, pages[k]?.split(RECORD_SEPARATOR) ?? []]));
      for (const o of ordinals) {
        const text = byPage.get(Math.floor(o / pageSize))?.[o % pageSize];
        if (text) out.push(decodeRecord(text));
      }
    }
    return out.slice(0, count);
  }
}

// ---------------------------------------------------------------- parameters, matching, training

export async function loadMatcherParams(db: EarshotDatabase): Promise<MatcherParams> {
  const row = await db.meta.get(MATCH_PARAMS_META_KEY);
  return row ? readMatcherParams(row.value).params : defaultMatcherParams();
}

export async function saveMatcherParams(db: EarshotDatabase, params: MatcherParams): Promise<void> {
  await db.meta.put({ key: MATCH_PARAMS_META_KEY, value: params, updatedAt: Date.now() });
}

export interface DbMatchOptions {
  thresholds?: MatchThresholds;
  /** What profiles outside the batch already hold of each (platform, customer) slot (joint.ts). */
  held?: ReadonlyMap<string, number>;
  /** Parameters to use instead of the stored ones. */
  params?: MatcherParams;
  store?: IdbCandidateStore;
}

/**
 * Match captured profiles against the indexed customers: one read-only
 * transaction for the candidates and the profiles' earlier decisions, then the
 * same scoring and decision rules as the command line.
 */
export async function matchProfiles(db: EarshotDatabase, profiles: readonly (ProfileInput & { id: string })[], options: DbMatchOptions = {}): Promise<MatchResult[]> {
  const store = options.store ?? new IdbCandidateStore(db);
  const params = options.params ?? (await loadMatcherParams(db));
  const thresholds = options.thresholds ?? MatchThresholds.parse({});
  const scorer = new PersonaScorer(params, await store.size(), await store.frequencies());
  const lookup: BatchLookup = async (queries, indexes) => {
    const { sets, decisions } = await store.lookup(
      queries,
      indexes.map((i) => profiles[i]!.id),
    );
    return { sets, previous: decisions as (PreviousDecision | undefined)[] };
  };
  const results = await decideBatch(profiles, lookup, scorer, thresholds, options.held ? { held: options.held } : {});
  if (options.held) return results;
  // One profile per platform: customers these profiles could be may already be linked to another
  // profile of the same platform, outside this batch. If so, decide again with what those hold.
  const held = await heldSlots(db, profiles, results);
  return held.size === 0 ? results : decideBatch(profiles, lookup, scorer, thresholds, { held });
}

/** What profiles outside the batch hold of the (platform, customer) slots the batch's profiles could take. */
async function heldSlots(db: EarshotDatabase, profiles: readonly (ProfileInput & { id: string })[], results: readonly MatchResult[]): Promise<Map<string, number>> {
  const inBatch = new Set(profiles.map((p) => p.id));
  const wanted = new Set<string>();
  results.forEach((r, i) => {
    for (const a of r.alternatives ?? []) if (a.probability >= MIN_CLAIM) wanted.add(slotKey(profiles[i]!.platform, a.customerId));
  });
  const customerIds = [...new Set([...wanted].map((slot) => slot.slice(slot.indexOf('\u0000') + 1)))];
  const held = new Map<string, number>();
  if (customerIds.length === 0) return held;
  const links = await db.matches.where('customerId').anyOf(customerIds).toArray();
  for (const m of links) {
    if (inBatch.has(m.profileId) || !isLinked(m)) continue;
    const platform = m.profileId.slice(0, m.profileId.indexOf(':'));
    const slot = slotKey(platform, m.customerId!);
    if (!wanted.has(slot)) continue;
    held.set(slot, Math.max(held.get(slot) ?? 0, m.status === 'confirmed' ? 1 : m.score));
  }
  return held;
}

/** Match one profile (the common case in the service worker: a person seen on a page). */
export async function matchProfile(db: EarshotDatabase, profile: ProfileInput & { id: string }, options: DbMatchOptions = {}): Promise<MatchResult> {
  return (await matchProfiles(db, [profile], options))[0]!;
}

export interface RunEmOptions {
  /** At most this many of the most recently seen profiles are used. */
  maxProfiles?: number;
  store?: IdbCandidateStore;
}

/**
 * Learn the matcher's parameters from the user's customers and captured
 * profiles (u from random pairs and namesakes, m by EM, the share of
 * customers) and store them in meta, where matchProfiles finds them.
 */
export async function runEm(db: EarshotDatabase, options: RunEmOptions = {}): Promise<TrainReport> {
  const { maxProfiles = 5000 } = options;
  const store = options.store ?? new IdbCandidateStore(db);
  const profiles = await db.profiles.orderBy('lastSeenAt').reverse().limit(maxProfiles).toArray();
  const report = await trainMatcher(store, profiles, await loadMatcherParams(db), { decided: await decidedPairs(db) });
  await saveMatcherParams(db, report.params);
  return report;
}

/**
 * Every link a person decided: a confirmation is a right pair, each customer they rejected for a
 * profile a wrong one. They teach the matcher (train.ts) how links like them turn out.
 */
export async function decidedPairs(db: EarshotDatabase): Promise<DecidedPair[]> {
  const decided = await db.matches.filter((m) => m.status === 'confirmed' || m.rejectedCustomerIds.length > 0).toArray();
  const profiles = await db.profiles.bulkGet(decided.map((m) => m.profileId));
  return decided.flatMap((m, i) => {
    const profile = profiles[i];
    if (!profile) return [];
    return [
      ...(m.status === 'confirmed' && m.customerId ? [{ profile, customerId: m.customerId, right: true }] : []),
      ...m.rejectedCustomerIds.map((customerId) => ({ profile, customerId, right: false })),
    ];
  });
}
