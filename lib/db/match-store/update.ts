/** Updating the candidate index in place for the customers that changed, and taking erased customers out of it. */
import { z } from '../../zod';
import type { EarshotDatabase } from '../database';
import { deleteMeta, metaKey, readMeta, writeMeta } from '../meta';
import { mustNotProfile, type Customer } from '../../model';
import { addCount, addTally } from '../../match/frequency';
import { customerRecord, decodeRecord, encodeRecord } from '../../match/features';
import { customerKeys, givenNameKey } from '../../match/keys';
import { INDEX_FORMAT, RECORD_SEPARATOR, type ReadyIndex, CODE_FAMILY, hashKey, rowKey, postingsIn, EMPTY, readIndexState, writeIndexState, type IndexOptions, type IndexReport } from './format';

// ---------------------------------------------------------------- incremental update

export async function updateIndex(db: EarshotDatabase, state: ReadyIndex, customerIds: readonly string[], options: IndexOptions): Promise<IndexReport> {
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
const PENDING_REMOVALS = metaKey(PENDING_REMOVALS_KEY, z.array(z.string()).catch([]));

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
    const pending = (await readMeta(db, PENDING_REMOVALS)) ?? [];
    await writeMeta(db, PENDING_REMOVALS, [...new Set([...pending, ...customerIds])], Date.now());
  } else {
    await db.matchBuckets.clear();
    await db.matchPages.clear();
    await writeIndexState(db, { state: 'stale', reason: 'erasure' });
  }
}

export async function applyPendingRemovals(db: EarshotDatabase): Promise<void> {
  await db.transaction('rw', [db.customers, db.matchBuckets, db.matchPages, db.meta], async () => {
    const pending = (await readMeta(db, PENDING_REMOVALS)) ?? [];
    if (pending.length === 0) return;
    const state = await readIndexState(db);
    if (state?.state === 'ready') await updateIndex(db, state, pending, {});
    await deleteMeta(db, PENDING_REMOVALS);
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
