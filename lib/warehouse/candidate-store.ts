/**
 * The persona matcher's candidate store as SQL tables (`earshot match --engine duckdb|postgres`).
 * The matcher reads customers only through CandidateStore (lib/match/store.ts); this store keeps
 * them, the memory that grows with the CRM, in the engine: each customer's encoded record, and
 * its blocking keys as rows (key, ordinal). A batch's queries are loaded as a table and one
 * statement selects what `selectCandidates` selects in memory, in the same order, so the
 * matcher's comparisons, term frequencies, scoring, calibration and decisions (which run
 * unchanged in TypeScript) give the in-memory results exactly.
 */
import { mustNotProfile, type Customer } from '../model';
import { customerRecord, decodeRecord, encodeRecord, type CustomerRecord } from '../match/features';
import { addCount, emptyCountsOfCounts, MAX_COUNT, MAX_TALLY, type TermFrequencies } from '../match/frequency';
import { customerKeys, givenNameKey, KEY_STRENGTH, keyKind, type BlockingQuery } from '../match/keys';
import { DEFAULT_LIMITS, sampleOrdinals, type CandidateLimits, type CandidateSet, type CandidateStore } from '../match/store';
import type { Cell, ColumnSpec, SqlEngine } from './engine';

const CUSTOMERS: readonly ColumnSpec[] = [
  { name: 'ordinal', type: 'INTEGER' },
  { name: 'record', type: 'VARCHAR' },
  // What the tallies of term frequencies count ('' when the customer has none).
  { name: 'city', type: 'VARCHAR' },
  { name: 'given_name', type: 'VARCHAR' },
];
const KEYS: readonly ColumnSpec[] = [
  { name: 'key', type: 'VARCHAR' },
  { name: 'kind', type: 'VARCHAR' },
  { name: 'ordinal', type: 'INTEGER' },
];
/** A batch's candidate keys: `pos` is the key's place in its query, which decides the order of a small candidate list. */
const QUERY_KEYS: readonly ColumnSpec[] = [
  { name: 'q', type: 'INTEGER' },
  { name: 'pos', type: 'INTEGER' },
  { name: 'key', type: 'VARCHAR' },
  { name: 'strength', type: 'DOUBLE PRECISION' },
  { name: 'block_limit', type: 'INTEGER' },
];
const COUNT_KEYS: readonly ColumnSpec[] = [
  { name: 'q', type: 'INTEGER' },
  { name: 'key', type: 'VARCHAR' },
];
const SAMPLE: readonly ColumnSpec[] = [
  { name: 'i', type: 'INTEGER' },
  { name: 'ordinal', type: 'INTEGER' },
];

/** Customers are appended this many at a time. */
const APPEND_CHUNK = 50_000;

export class SqlCandidateStore implements CandidateStore {
  private customers = 0;
  private pendingCustomers: Cell[][] = [];
  private pendingKeys: Cell[][] = [];
  /** Whether match_key_sizes reflects every customer added. */
  private indexed = false;
  private termFrequencies: TermFrequencies | null = null;

  private constructor(
    private readonly engine: SqlEngine,
    private readonly limits: CandidateLimits,
  ) {}

  /** An empty store: creates its tables (match_customers, match_keys, ...) in the engine's database. */
  static async create(engine: SqlEngine, limits: CandidateLimits = DEFAULT_LIMITS): Promise<SqlCandidateStore> {
    for (const table of ['match_customers', 'match_keys', 'match_key_sizes']) await engine.exec(`DROP TABLE IF EXISTS ${table}`);
    await engine.load('match_customers', CUSTOMERS, []);
    await engine.load('match_keys', KEYS, []);
    return new SqlCandidateStore(engine, limits);
  }

  /** The customers who may be matched (as MemoryCandidateStore.fromCustomers): one who must not be profiled is never a candidate. */
  static async fromCustomers(engine: SqlEngine, customers: Iterable<Customer>, limits?: CandidateLimits): Promise<SqlCandidateStore> {
    const store = await SqlCandidateStore.create(engine, limits);
    for (const c of customers) if (!mustNotProfile(c)) await store.add(customerRecord(c));
    await store.flush();
    return store;
  }

  /** Add a customer; the ordinal is the order of adding, as in memory (it breaks ties between candidates). */
  async add(record: CustomerRecord): Promise<void> {
    const ordinal = this.customers++;
    this.indexed = false;
    this.termFrequencies = null;
    this.pendingCustomers.push([ordinal, encodeRecord(record), record.place.city ?? '', givenNameKey(record.name) ?? '']);
    for (const key of customerKeys(record)) this.pendingKeys.push([key, keyKind(key), ordinal]);
    if (this.pendingCustomers.length >= APPEND_CHUNK) await this.flush();
  }

  size(): Promise<number> {
    return Promise.resolve(this.customers);
  }

  async candidates(queries: readonly BlockingQuery[]): Promise<CandidateSet[]> {
    await this.ready();
    const sets: CandidateSet[] = queries.map(() => ({ records: [], counts: new Map(), total: this.customers }));
    await this.replace(
      'match_query_keys',
      QUERY_KEYS,
      queries.flatMap((query, q) =>
        query.candidateKeys.map((key, pos) => {
          const kind = keyKind(key);
          return [q, pos, key, KEY_STRENGTH[kind] ?? 1, kind === 's' ? this.limits.maxSurnameBlock : this.limits.maxBlock];
        }),
      ),
    );
    for (const row of await this.engine.rows(candidatesSql(this.limits.maxCandidates))) sets[Number(row.q)]!.records.push(decodeRecord(String(row.record)));

    await this.replace(
      'match_count_keys',
      COUNT_KEYS,
      queries.flatMap((query, q) => query.countKeys.map((key) => [q, key])),
    );
    const found = new Map<string, number>();
    for (const row of await this.engine.rows(COUNTS_SQL)) found.set(`${String(row.q)} ${String(row.key)}`, Number(row.n));
    // In the query's order, as the in-memory store fills the map.
    queries.forEach((query, q) => {
      for (const key of query.countKeys) {
        const n = found.get(`${q} ${key}`);
        if (n) sets[q]!.counts.set(key, n);
      }
    });
    return sets;
  }

  async sample(count: number, seed: number): Promise<CustomerRecord[]> {
    await this.ready();
    await this.replace(
      'match_sample',
      SAMPLE,
      sampleOrdinals(this.customers, count, seed).map((ordinal, i) => [i, ordinal]),
    );
    const rows = await this.engine.rows('SELECT c.record FROM match_sample s JOIN match_customers c ON c.ordinal = s.ordinal ORDER BY s.i');
    return rows.map((row) => decodeRecord(String(row.record)));
  }

  async frequencies(): Promise<TermFrequencies> {
    await this.ready();
    if (this.termFrequencies) return this.termFrequencies;
    const table = emptyCountsOfCounts();
    const counted = await this.engine.rows(`SELECT kind, n, CAST(count(*) AS INTEGER) AS key_count FROM match_key_sizes WHERE n <= ${MAX_COUNT} GROUP BY kind, n`);
    for (const row of counted) addCount(table, String(row.kind), Number(row.n), Number(row.key_count));
    this.termFrequencies = { countsOfCounts: table, cities: await this.tally('city'), givenNames: await this.tally('given_name') };
    return this.termFrequencies;
  }

  /** Write what is still buffered. */
  async flush(): Promise<void> {
    if (this.pendingCustomers.length === 0) return;
    await this.append('match_customers', CUSTOMERS, this.pendingCustomers);
    await this.append('match_keys', KEYS, this.pendingKeys);
    this.pendingCustomers = [];
    this.pendingKeys = [];
  }

  /** Everything added is written, and the customers per key counted (what blocking limits and term frequencies read). */
  private async ready(): Promise<void> {
    if (this.indexed) return;
    await this.flush();
    await this.engine.exec('DROP TABLE IF EXISTS match_key_sizes');
    await this.engine.exec('CREATE TABLE match_key_sizes AS SELECT key, kind, CAST(count(*) AS INTEGER) AS n FROM match_keys GROUP BY key, kind');
    if (this.engine.dialect.name === 'postgres') {
      // PostgreSQL plans a batch's few keys against the whole table as index lookups; DuckDB's hash joins need none.
      await this.engine.exec('CREATE INDEX IF NOT EXISTS match_keys_key ON match_keys (key)');
      await this.engine.exec('CREATE INDEX IF NOT EXISTS match_customers_ordinal ON match_customers (ordinal)');
      await this.engine.exec('CREATE INDEX match_key_sizes_key ON match_key_sizes (key)');
      await this.engine.exec('ANALYZE match_customers; ANALYZE match_keys; ANALYZE match_key_sizes');
    }
    this.indexed = true;
  }

  /**
   * Customers per value, as addTally counts them in memory: a value is kept when it is among the
   * first MAX_TALLY distinct values in the order customers were added.
   */
  private async tally(column: 'city' | 'given_name'): Promise<Record<string, number>> {
    const rows = await this.engine.rows(
      `SELECT ${column} AS value, CAST(count(*) AS INTEGER) AS n, min(ordinal) AS first_ordinal FROM match_customers WHERE ${column} <> '' GROUP BY ${column} ORDER BY first_ordinal LIMIT ${MAX_TALLY}`,
    );
    return Object.fromEntries(rows.map((row) => [String(row.value), Number(row.n)]));
  }

  private async append(table: string, columns: readonly ColumnSpec[], rows: readonly (readonly Cell[])[]): Promise<void> {
    await this.replace(`${table}_chunk`, columns, rows);
    await this.engine.exec(`INSERT INTO ${table} SELECT * FROM ${table}_chunk`);
    await this.engine.exec(`DROP TABLE ${table}_chunk`);
  }

  private async replace(table: string, columns: readonly ColumnSpec[], rows: Iterable<readonly Cell[]>): Promise<void> {
    await this.engine.exec(`DROP TABLE IF EXISTS ${table}`);
    await this.engine.load(table, columns, rows);
  }
}

/**
 * selectCandidates as SQL: the customers under a query's keys, keys over their block limit
 * skipped, support summed by key strength. At most `max` candidates: when more are found, the
 * best supported, ties to the lower ordinal, in that order; otherwise all of them in the order
 * the in-memory loop meets them (by the first key that finds them, then by ordinal).
 */
function candidatesSql(max: number): string {
  return `WITH usable AS (
    SELECT q.q, q.pos, q.key, q.strength FROM match_query_keys q JOIN match_key_sizes s ON s.key = q.key WHERE s.n <= q.block_limit
  ), support AS (
    SELECT u.q, k.ordinal, sum(u.strength) AS support, min(u.pos) AS first_pos
    FROM usable u JOIN match_keys k ON k.key = u.key GROUP BY u.q, k.ordinal
  ), ranked AS (
    SELECT q, ordinal, first_pos, count(*) OVER (PARTITION BY q) AS found,
      row_number() OVER (PARTITION BY q ORDER BY support DESC, ordinal) AS best
    FROM support
  )
  SELECT r.q, c.record FROM ranked r JOIN match_customers c ON c.ordinal = r.ordinal
  WHERE r.found <= ${max} OR r.best <= ${max}
  ORDER BY r.q, CASE WHEN r.found <= ${max} THEN r.first_pos ELSE r.best END, r.ordinal`;
}

/** Customers under each count key of each query (keys nobody holds are absent). */
const COUNTS_SQL = 'SELECT c.q, c.key, s.n FROM match_count_keys c JOIN match_key_sizes s ON s.key = c.key';
