/** The full build of the candidate index (a new generation, switched to at the end), and the entry point that chooses between building and updating. */
import type { EarshotDatabase } from '../database';
import { mustNotProfile, type Customer } from '../../model';
import { addCount, addTally, emptyCountsOfCounts, FREQUENCY_FAMILIES, type CountsOfCounts } from '../../match/frequency';
import { customerRecord, encodeRecord } from '../../match/features';
import { customerKeys, givenNameKey } from '../../match/keys';
import { INDEX_FORMAT, DEFAULT_PAGE_SIZE, RECORD_SEPARATOR, type ReadyIndex, type IndexState, CODE_FAMILY, hashKey, bucketCountFor, rowKey, readIndexState, writeIndexState, type IndexOptions, type IndexReport } from './format';
import { updateIndex, applyPendingRemovals } from './update';

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
