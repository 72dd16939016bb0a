/**
 * The matcher's SQL (lib/warehouse) on DuckDB and PostgreSQL:
 * 1. parity: on the Febrl sets, blocking, learning and scoring in SQL against
 *    the in-memory engine (the same pairs; largest score difference; decisions
 *    at 0.5 that differ);
 * 2. scale: the project's generator (lib/sample) makes N customers and M
 *    captured profiles, normalised by the matcher's own code and written
 *    straight to CSV files, which each engine reads itself; then blocking,
 *    comparing, learning (u from random pairs, EM) and scoring, each timed,
 *    with the peak memory of the process doing the work (Node with DuckDB in
 *    it; the PostgreSQL server's backend), and candidate pairs per profile.
 * Not in the quick bench (minutes). EARSHOT_DUCKDB_MEMORY bounds DuckDB's
 * memory (default 4GB), EARSHOT_DUCKDB_THREADS sets its threads (default: one per core); EARSHOT_WAREHOUSE_SIZES picks sizes ("200000x40000,1000000x200000"),
 * EARSHOT_WAREHOUSE_ENGINES engines ("duckdb,postgres"), EARSHOT_WAREHOUSE_PARITY=0 skips the parity part,
 * EARSHOT_WAREHOUSE_DATA=folder keeps the generated files there and reads them on the next run (generating
 * 10,000,000 customers takes longer than linking them). The load average is printed beside each engine's run.
 */
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from '../lib/zod';
import { FEBRL_COMPARISONS, parseFebrl } from '../lib/match/febrl';
import { dedupeInMemory, dedupeInSql } from '../lib/warehouse/dedupe';
import { loadRecordFiles, type RecordFiles } from '../lib/warehouse/csv';
import { openDuckDb } from '../lib/warehouse/duckdb';
import type { SqlEngine } from '../lib/warehouse/engine';
import { FEBRL_SQL_COMPARISONS, FEBRL_TABLE } from '../lib/warehouse/febrl';
import { findPostgresBin, startLocalPostgres } from '../lib/warehouse/local-postgres';
import { blockLink, compareSql, scoreSql, trainSql } from '../lib/warehouse/pipeline';
import { openPostgres } from '../lib/warehouse/postgres';

const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;
const DATA = fileURLToPath(new URL('./data/linkage/', import.meta.url));
const GENERATE_PART = fileURLToPath(new URL('./warehouse/generate-part.ts', import.meta.url));
const U_PAIRS = 200_000;
/** Random pairs for u on the Febrl sets (as the engine's own Febrl test). */
const PARITY_U_PAIRS = 50_000;

/** Resident memory of a process in MiB (/proc; 0 where there is none). */
async function residentMiB(pid: number): Promise<number> {
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
  } catch {
    return 0;
  }
}

/**
 * Time a phase and sample the resident memory of `pid` while it runs (the queries run off Node's event loop);
 * its figures are printed as soon as it ends, so a long run stopped early still tells how far it got.
 */
async function phase<T>(pid: number, name: string, work: () => Promise<T>): Promise<{ value: T; seconds: number; peakMiB: number }> {
  let peak = await residentMiB(pid);
  const timer = setInterval(() => void residentMiB(pid).then((m) => (peak = Math.max(peak, m))), 100);
  const started = performance.now();
  try {
    const value = await work();
    peak = Math.max(peak, await residentMiB(pid));
    const figures = { value, seconds: round((performance.now() - started) / 1000), peakMiB: Math.round(peak) };
    process.stderr.write(`bench: warehouse ${name} ${figures.seconds} s, peak ${figures.peakMiB} MiB (load ${loadAverage()})\n`);
    return figures;
  } finally {
    clearInterval(timer);
  }
}

interface Engine {
  name: 'duckdb' | 'postgres';
  open(): Promise<{ engine: SqlEngine; pid: number; close(): Promise<void> }>;
}

function engines(): Engine[] {
  const memoryLimit = process.env.EARSHOT_DUCKDB_MEMORY ?? '4GB';
  const threads = Number(process.env.EARSHOT_DUCKDB_THREADS ?? availableParallelism());
  if (!Number.isInteger(threads) || threads < 1) throw new Error(`EARSHOT_DUCKDB_THREADS: "${process.env.EARSHOT_DUCKDB_THREADS}" is not a number of threads`);
  const list: Engine[] = [
    {
      name: 'duckdb',
      async open() {
        const engine = await openDuckDb({ memoryLimit, threads, tempDirectory: join(tmpdir(), 'earshot-duckdb-spill') });
        return { engine, pid: process.pid, close: () => engine.close() };
      },
    },
  ];
  const bin = findPostgresBin();
  if (bin) {
    list.push({
      name: 'postgres',
      async open() {
        const server = await startLocalPostgres(bin, { shared_buffers: '1GB', work_mem: '256MB', max_parallel_workers_per_gather: '2' });
        const engine = await openPostgres(server.url);
        const pid = Number((await engine.rows('SELECT pg_backend_pid() AS pid'))[0]!.pid);
        return {
          engine,
          pid,
          async close() {
            await engine.close();
            server.stop();
          },
        };
      },
    });
  }
  const only = process.env.EARSHOT_WAREHOUSE_ENGINES?.split(',');
  return only ? list.filter((e) => only.includes(e.name)) : list;
}

/** SQL against memory on one Febrl set (deduplication). */
async function parity(engine: SqlEngine, file: string): Promise<Record<string, unknown>> {
  const records = parseFebrl(readFileSync(join(DATA, file), 'utf8'));
  const memory = dedupeInMemory(records, { uPairs: PARITY_U_PAIRS });
  const sql = await dedupeInSql(engine, records, { uPairs: PARITY_U_PAIRS });
  const byPair = new Map(sql.pairs.map((p) => [`${p.left}:${p.right}`, p.probability]));
  let largest = 0;
  let differentDecisions = 0;
  let missingPairs = 0;
  for (const p of memory.pairs) {
    const s = byPair.get(`${p.left}:${p.right}`);
    if (s === undefined) {
      missingPairs++;
      continue;
    }
    largest = Math.max(largest, Math.abs(s - p.probability));
    if (s >= 0.5 !== p.probability >= 0.5) differentDecisions++;
  }
  return { records: records.length, memoryPairs: memory.pairs.length, sqlPairs: sql.pairs.length, missingPairs, largestScoreDifference: largest, differentDecisions };
}

interface Generated {
  customers: RecordFiles;
  profiles: RecordFiles;
  generateSeconds: number;
}

const PartFiles = z.object({ records: z.array(z.string()), keys: z.array(z.string()), count: z.number().int().nonnegative() });
const Part = z.object({ customers: PartFiles, profiles: PartFiles });

/** Run bench/warehouse/generate-part.ts for one part, in a process of its own (with tsx, as this one runs). */
async function generatePart(dir: string, customers: number, profiles: number, part: number, of: number): Promise<z.infer<typeof Part>> {
  const child = spawn(process.execPath, [...process.execArgv, GENERATE_PART, dir, String(customers), String(profiles), String(part), String(of)], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (data: Buffer) => (out += data.toString()));
  const [code] = (await once(child, 'close')) as [number | null];
  if (code !== 0) throw new Error(`generating part ${part} of ${of} in ${dir} failed (exit ${String(code)})`);
  return Part.parse(JSON.parse(out));
}

/**
 * The sample a chunk at a time, each chunk normalised and appended to the files before the next is made,
 * in EARSHOT_WAREHOUSE_WORKERS processes side by side (default: one per core), each writing its own part files.
 */
async function generate(dir: string, customers: number, profiles: number): Promise<Generated> {
  const started = performance.now();
  const of = Number(process.env.EARSHOT_WAREHOUSE_WORKERS ?? availableParallelism());
  if (!Number.isInteger(of) || of < 1) throw new Error(`EARSHOT_WAREHOUSE_WORKERS: "${process.env.EARSHOT_WAREHOUSE_WORKERS}" is not a number of processes`);
  const parts = await Promise.all(Array.from({ length: of }, (_, part) => generatePart(dir, customers, profiles, part, of)));
  const merge = (files: RecordFiles[]): RecordFiles => ({ records: files.flatMap((f) => f.records), keys: files.flatMap((f) => f.keys), count: files.reduce((s, f) => s + f.count, 0) });
  return { customers: merge(parts.map((p) => p.customers)), profiles: merge(parts.map((p) => p.profiles)), generateSeconds: round((performance.now() - started) / 1000) };
}

/** The manifest of generated files kept in EARSHOT_WAREHOUSE_DATA, so a rerun reads them instead of generating again. */
const MANIFEST = 'generated.json';
const GeneratedManifest = z.object({ customers: PartFiles, profiles: PartFiles, generateSeconds: z.number() });

function readGenerated(dir: string): Generated | undefined {
  const path = join(dir, MANIFEST);
  if (!existsSync(path)) return undefined;
  const parsed = GeneratedManifest.safeParse(JSON.parse(readFileSync(path, 'utf8')));
  if (!parsed.success) throw new Error(`${path}: not a manifest of generated files (${parsed.error.message}); delete the folder to generate again`);
  return parsed.data;
}

/** The 1-minute load average of the machine (shared: the figures beside it are read in its light). */
function loadAverage(): number {
  return Number(readFileSync('/proc/loadavg', 'utf8').split(' ')[0]);
}

async function scale(engine: Engine, data: Generated): Promise<Record<string, unknown>> {
  const { engine: sql, pid, close } = await engine.open();
  try {
    const load = await phase(pid, 'load', async () => {
      await loadRecordFiles(sql, 'customers', data.customers, FEBRL_TABLE);
      await loadRecordFiles(sql, 'profiles', data.profiles, FEBRL_TABLE);
    });
    // Profiles on the left, customers indexed: as the in-memory blockedLinkPairs(profiles, customers).
    const blocking = await phase(pid, 'blocking', () => blockLink(sql, 'profiles', 'customers', 'pairs'));
    const comparing = await phase(pid, 'comparing', () => compareSql(sql, 'pairs', 'profiles', 'customers', FEBRL_SQL_COMPARISONS, 'pair_levels'));
    const learning = await phase(pid, 'learning', () =>
      trainSql(
        sql,
        { left: 'profiles', right: 'customers', leftSize: data.profiles.count, rightSize: data.customers.count, candidateLevels: 'pair_levels', candidatePairs: blocking.value },
        FEBRL_COMPARISONS,
        FEBRL_SQL_COMPARISONS,
        { uPairs: U_PAIRS },
      ),
    );
    const scoring = await phase(pid, 'scoring', async () => {
      await scoreSql(sql, 'pair_levels', learning.value.params, 'scores');
      return (await sql.rows('SELECT CAST(count(*) AS INTEGER) AS n FROM scores WHERE probability >= 0.5'))[0]!.n;
    });
    const phases = { load, blocking, comparing, learning, scoring };
    return {
      candidatePairs: blocking.value,
      candidatePairsPerProfile: round(blocking.value / data.profiles.count, 1),
      linkedAtHalf: scoring.value,
      emIterations: learning.value.em.iterations,
      seconds: Object.fromEntries(Object.entries(phases).map(([k, v]) => [k, v.seconds])),
      peakMiB: Object.fromEntries(Object.entries(phases).map(([k, v]) => [k, v.peakMiB])),
      totalSeconds: round(Object.values(phases).reduce((s, v) => s + v.seconds, 0)),
    };
  } finally {
    await close();
  }
}

function sizes(): [number, number][] {
  const text = process.env.EARSHOT_WAREHOUSE_SIZES ?? '200000x40000,1000000x200000';
  return text.split(',').map((s) => {
    const [c, p] = s.split('x').map(Number);
    if (!c || !p) throw new Error(`EARSHOT_WAREHOUSE_SIZES: "${s}" is not CUSTOMERSxPROFILES`);
    return [c, p];
  });
}

export async function run({ quick }: { quick: boolean }): Promise<Record<string, unknown>> {
  if (quick) return { skipped: 'not in the quick bench: run npm run bench -- --only warehouse' };
  const out: Record<string, unknown> = { engines: engines().map((e) => e.name) };
  if (!findPostgresBin()) out.postgres = 'skipped: no PostgreSQL server installed';
  const parityOut: Record<string, unknown> = {};
  for (const engine of process.env.EARSHOT_WAREHOUSE_PARITY === '0' ? [] : engines()) {
    for (const file of ['febrl1.csv', 'febrl2.csv', 'febrl3.csv']) {
      const { engine: sql, close } = await engine.open();
      try {
        parityOut[`${engine.name}:${file.replace('.csv', '')}`] = await parity(sql, file);
      } finally {
        await close();
      }
      process.stderr.write(`bench: warehouse parity ${engine.name} ${file}\n`);
    }
  }
  out.parity = parityOut;
  const keep = process.env.EARSHOT_WAREHOUSE_DATA;
  for (const [customers, profiles] of sizes()) {
    const dir = keep ? join(keep, `${customers}x${profiles}`) : mkdtempSync(join(tmpdir(), 'earshot-warehouse-'));
    mkdirSync(dir, { recursive: true });
    // PostgreSQL's server reads the files itself, as its own user.
    chmodSync(dir, 0o755);
    try {
      const data = (keep && readGenerated(dir)) || (await generate(dir, customers, profiles));
      if (keep) writeFileSync(join(dir, MANIFEST), JSON.stringify(data));
      const figures: Record<string, unknown> = { customers: data.customers.count, profiles: data.profiles.count, generateSeconds: data.generateSeconds };
      for (const engine of engines()) {
        process.stderr.write(`bench: warehouse ${customers}x${profiles} on ${engine.name} (load ${loadAverage()})\n`);
        figures[engine.name] = { loadAverageBefore: loadAverage(), ...(await scale(engine, data)), loadAverageAfter: loadAverage() };
      }
      out[`${customers}x${profiles}`] = figures;
    } finally {
      if (!keep) rmSync(dir, { recursive: true, force: true });
    }
  }
  return out;
}

