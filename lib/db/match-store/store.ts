/** Reading the candidate index: the matcher's candidate store over IndexedDB. */
import type { EarshotDatabase } from '../database';
import type { Match } from '../../model';
import type { TermFrequencies } from '../../match/frequency';
import { decodeRecord, type CustomerRecord } from '../../match/features';
import type { BlockingQuery } from '../../match/keys';
import { DEFAULT_LIMITS, selectCandidates, type CandidateLimits, type CandidateSet, type CandidateStore } from '../../match/store';
import { RECORD_SEPARATOR, type ReadyIndex, type KeyHash, hashKey, rowKey, postingsIn, readIndexState } from './format';

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
