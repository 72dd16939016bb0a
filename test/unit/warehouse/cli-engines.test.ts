import { copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsonOf } from '../cli/harness';
import { runIn } from '../cli/run-in';
import { findPostgresBin, startLocalPostgres, type LocalPostgres } from '../../../lib/warehouse/local-postgres';
import { CUSTOMERS_HEADER, customerCsvLine } from '../../../lib/crm/formats';
import { generateSampleCrm } from '../../../lib/sample/crm';
import { generatePersonas } from '../../../lib/sample/personas';

const FEBRL1 = fileURLToPath(new URL('../../../bench/data/linkage/febrl1.csv', import.meta.url));
const bin = findPostgresBin();

let dir: string;
let cluster: LocalPostgres | undefined;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'earshot-dedupe-'));
  await copyFile(FEBRL1, join(dir, 'febrl1.csv'));
  // The sample shop and captured people, as `earshot match` reads them.
  const { customers } = generateSampleCrm({ customers: 800, seed: 12 });
  await writeFile(join(dir, 'customers.csv'), CUSTOMERS_HEADER + customers.map((c) => customerCsvLine(c.customer)).join(''));
  const personas = generatePersonas(customers, { seed: 4, customerProfiles: 200, strangers: 200, namesakes: 60 });
  await writeFile(join(dir, 'profiles.jsonl'), personas.map((p) => JSON.stringify(p.profile)).join('\n') + '\n');
  if (bin) cluster = await startLocalPostgres(bin);
}, 60_000);
afterAll(async () => {
  cluster?.stop();
  await rm(dir, { recursive: true, force: true });
});

interface Line {
  left: string;
  right: string;
  score: number;
  decision: string;
}

async function dedupe(...engine: string[]): Promise<Line[]> {
  // Fewer random pairs than the default keep PostgreSQL's PL/pgSQL string functions quick; every engine draws the same ones.
  const run = await runIn(dir, 'dedupe', '--records', 'febrl1.csv', '--all', '--u-pairs', '10000', ...engine);
  expect(run.code, run.stderr).toBe(0);
  expect(jsonOf(run.stderr).at(-1)).toMatchObject({ engine: engine[1] ?? 'memory', records: 1000 });
  return run.lines as unknown as Line[];
}

function expectSame(sql: readonly Line[], memory: readonly Line[]): void {
  expect(sql.map((l) => `${l.left}|${l.right}|${l.decision}`)).toEqual(memory.map((l) => `${l.left}|${l.right}|${l.decision}`));
  const largest = Math.max(...sql.map((l, i) => Math.abs(l.score - memory[i]!.score)));
  expect(largest).toBeLessThan(1e-9);
}

describe('earshot dedupe', () => {
  let memory: Line[];
  beforeAll(async () => {
    memory = await dedupe();
    // febrl1 holds 500 true pairs: the model finds nearly all of them.
    expect(memory.filter((l) => l.decision === 'match').length).toBeGreaterThan(480);
  }, 120_000);

  it('gives on DuckDB the in-memory pairs and decisions, the scores within 1e-9', async () => {
    expectSame(await dedupe('--engine', 'duckdb', '--duckdb-memory', '1GB'), memory);
  }, 120_000);

  it.skipIf(!bin)('gives on PostgreSQL the in-memory pairs and decisions, the scores within 1e-9', async () => {
    expectSame(await dedupe('--engine', 'postgres', '--db', cluster!.url), memory);
  }, 240_000);

  it('says what is wrong with the options', async () => {
    const noDb = await runIn(dir, 'dedupe', '--records', 'febrl1.csv', '--engine', 'postgres');
    expect(noDb.code).toBe(2);
    expect(noDb.stderr).toMatch(/--engine postgres needs --db/);
    const badEngine = await runIn(dir, 'dedupe', '--records', 'febrl1.csv', '--engine', 'spark');
    expect(badEngine.stderr).toMatch(/--engine spark: expected memory, duckdb, postgres/);
    const badPairs = await runIn(dir, 'dedupe', '--records', 'febrl1.csv', '--u-pairs', 'many');
    expect(badPairs.stderr).toMatch(/--u-pairs many: expected a whole number/);
  });
});

describe('earshot match', () => {
  /** The matches, with parameters learned from these customers and profiles, and the summary. */
  async function match(...engine: string[]) {
    const run = await runIn(dir, 'match', '--customers', 'customers.csv', '--profiles', 'profiles.jsonl', '--explain', ...engine);
    expect(run.code, run.stderr).toBe(0);
    return { stdout: run.stdout, summary: jsonOf(run.stderr).at(-1)! };
  }
  let memory: { stdout: string; summary: Record<string, unknown> };
  beforeAll(async () => {
    memory = await match();
    expect(memory.summary).toMatchObject({ customers: 800, profiles: 460 });
    expect(memory.summary.auto).toBeGreaterThan(20);
  }, 120_000);

  const sameAsMemory = (sql: { stdout: string; summary: Record<string, unknown> }, engine: string) => {
    // Byte for byte: the same customers, scores, decisions, evidence and explanations.
    expect(sql.stdout).toBe(memory.stdout);
    const { seconds: _memorySeconds, ...memorySummary } = memory.summary;
    const { seconds: _sqlSeconds, ...sqlSummary } = sql.summary;
    expect(sqlSummary).toEqual({ engine, ...memorySummary });
  };

  it('writes on DuckDB the in-memory matches, learning included', async () => {
    sameAsMemory(await match('--engine', 'duckdb', '--duckdb-memory', '1GB', '--duckdb-threads', '2'), 'duckdb');
  }, 120_000);

  it.skipIf(!bin)('writes on PostgreSQL the in-memory matches, learning included', async () => {
    sameAsMemory(await match('--engine', 'postgres', '--db', cluster!.url), 'postgres');
  }, 240_000);

  it('says what is wrong with the engine options', async () => {
    const run = (...argv: string[]) => runIn(dir, 'match', '--customers', 'customers.csv', '--profiles', 'profiles.jsonl', ...argv);
    expect((await run('--engine', 'postgres')).stderr).toMatch(/--engine postgres needs --db/);
    expect((await run('--duckdb-memory', '1GB')).stderr).toMatch(/--duckdb-memory and --duckdb-threads are for --engine duckdb/);
    expect((await run('--engine', 'duckdb', '--duckdb-memory', 'lots')).stderr).toMatch(/--duckdb-memory lots: expected a size such as 512MB or 4GB/);
    expect((await run('--engine', 'duckdb', '--duckdb-threads', '0')).stderr).toMatch(/--duckdb-threads 0: expected a whole number above 0/);
  });
});
