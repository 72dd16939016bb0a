/**
 * The candidate store: the one interface the matcher reads customers
 * through. `candidates(queries)` answers, for each profile's blocking query,
 * the compact records of its candidates and the counts of its count keys.
 * MemoryCandidateStore serves Node (CLI, benchmarks, tests); the IndexedDB
 * store (lib/db/match-store/) serves the extension. Both choose candidates
 * with the same `selectCandidates`.
 */
import { mustNotProfile, type Customer } from '../model';
import { customerRecord, decodeRecord, encodeRecord, type CustomerRecord } from './features';
import { addCount, addTally, emptyCountsOfCounts, type TermFrequencies } from './frequency';
import { customerKeys, givenNameKey, KEY_STRENGTH, keyKind, type BlockingQuery } from './keys';
import { memo } from './memo';
import { PostingLists } from './postings';

export interface CandidateSet {
  records: CustomerRecord[];
  /** Number of customers under each count key (absent = none). */
  counts: Map<string, number>;
  /** Customers in the store. */
  total: number;
}

export interface CandidateStore {
  /** Customers in the store. */
  size(): Promise<number>;
  /** Candidates for each query, in order. Implementations answer a batch in as few reads as they can. */
  candidates(queries: readonly BlockingQuery[]): Promise<CandidateSet[]>;
  /** A random sample of customer records (for estimating u). */
  sample(count: number, seed: number): Promise<CustomerRecord[]>;
  /** How common values are among the customers: counts of counts (Good-Turing) and customers per city. */
  frequencies(): Promise<TermFrequencies>;
}

export interface CandidateLimits {
  /** A key shared by more customers than this finds no candidates (it is still counted). */
  maxBlock: number;
  /** Surname-only keys find candidates only when this rare. */
  maxSurnameBlock: number;
  /** At most this many candidates are compared, the best-supported first. */
  maxCandidates: number;
}

export const DEFAULT_LIMITS: CandidateLimits = { maxBlock: 500, maxSurnameBlock: 25, maxCandidates: 24 };

/**
 * The candidates of one query: customers under its keys, ranked by the
 * strength of the keys they share with the profile, at most `maxCandidates`.
 */
export function selectCandidates(query: BlockingQuery, postings: (key: string) => ArrayLike<number> | undefined, limits: CandidateLimits = DEFAULT_LIMITS): number[] {
  const support = new Map<number, number>();
  for (const key of query.candidateKeys) {
    const list = postings(key);
    if (!list || list.length === 0) continue;
    const kind = keyKind(key);
    if (list.length > (kind === 's' ? limits.maxSurnameBlock : limits.maxBlock)) continue;
    const strength = KEY_STRENGTH[kind] ?? 1;
    for (let i = 0; i < list.length; i++) {
      const ordinal = list[i]!;
      support.set(ordinal, (support.get(ordinal) ?? 0) + strength);
    }
  }
  if (support.size <= limits.maxCandidates) return [...support.keys()];
  return [...support.entries()]
    .sort((a, b) => b[1] - a[1] || a[0] - b[0])
    .slice(0, limits.maxCandidates)
    .map(([ordinal]) => ordinal);
}

/** The ordinals `sample(count, seed)` reads among n customers (with repeats), the same in every store. */
export function sampleOrdinals(n: number, count: number, seed: number): number[] {
  const out: number[] = [];
  let state = seed >>> 0 || 1;
  for (let i = 0; i < Math.min(count, n); i++) {
    // xorshift: a sample, not cryptography.
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    out.push((state >>> 0) % n);
  }
  return out;
}

/** Decoded records kept per generation of the store's memo (see `decoded`). */
export const DECODED_RECORDS = 50_000;

/** An in-memory store: customers' records as strings and compact posting lists per key (packed when first read). */
export class MemoryCandidateStore implements CandidateStore {
  private readonly records: string[] = [];
  private readonly postings = new PostingLists();
  private termFrequencies: TermFrequencies | null = null;
  private readonly cities: Record<string, number> = {};
  private readonly givenNames: Record<string, number> = {};

  /**
   * Records decoded lately, by ordinal: learning and matching read the same candidates again and again,
   * and a record decoded once keeps its strings (whose hashes the matcher's memos then reuse). Bounded,
   * so a million customers are not all held decoded: two generations of DECODED_RECORDS (about 430 bytes
   * each) hold the 50,000 to 100,000 records read last: at 100,000 customers most of the store, at a
   * million at most a tenth of it, not a fifth.
   */
  private readonly decoded = memo((ordinal: number) => decodeRecord(this.records[ordinal]!), DECODED_RECORDS);

  constructor(private readonly limits: CandidateLimits = DEFAULT_LIMITS) {}

  /** The customers who may be matched: one who must not be profiled is never a candidate. */
  static fromCustomers(customers: Iterable<Customer>, limits?: CandidateLimits): MemoryCandidateStore {
    const store = new MemoryCandidateStore(limits);
    for (const c of customers) if (!mustNotProfile(c)) store.add(customerRecord(c));
    return store;
  }

  add(record: CustomerRecord): void {
    const ordinal = this.records.length;
    this.termFrequencies = null;
    addTally(this.cities, record.place.city);
    addTally(this.givenNames, givenNameKey(record.name));
    this.records.push(encodeRecord(record));
    for (const key of customerKeys(record)) this.postings.add(key, ordinal);
  }

  size(): Promise<number> {
    return Promise.resolve(this.records.length);
  }

  /** Synchronous lookup, for callers that do not need to await (benchmarks, the CLI loop). */
  candidatesNow(query: BlockingQuery): CandidateSet {
    this.postings.pack();
    const ordinals = selectCandidates(query, (key) => this.postings.get(key), this.limits);
    const counts = new Map<string, number>();
    for (const key of query.countKeys) {
      const n = this.postings.count(key);
      if (n) counts.set(key, n);
    }
    return { records: ordinals.map(this.decoded), counts, total: this.records.length };
  }

  candidates(queries: readonly BlockingQuery[]): Promise<CandidateSet[]> {
    return Promise.resolve(queries.map((q) => this.candidatesNow(q)));
  }

  sample(count: number, seed: number): Promise<CustomerRecord[]> {
    return Promise.resolve(sampleOrdinals(this.records.length, count, seed).map(this.decoded));
  }

  frequencies(): Promise<TermFrequencies> {
    if (!this.termFrequencies) {
      const table = emptyCountsOfCounts();
      for (const [key, n] of this.postings.counts()) addCount(table, keyKind(key), n);
      this.termFrequencies = { countsOfCounts: table, cities: { ...this.cities }, givenNames: { ...this.givenNames } };
    }
    return Promise.resolve(this.termFrequencies);
  }

  /** Posting list sizes, for blocking diagnostics. */
  keyCount(key: string): number {
    return this.postings.count(key);
  }
}
