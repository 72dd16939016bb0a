/**
 * EXPLAIN ANALYZE of the warehouse bench's comparing step on PostgreSQL, on
 * files the bench kept (EARSHOT_WAREHOUSE_DATA), in a throwaway cluster with
 * the bench's settings:
 *   tsx bench/warehouse/explain-postgres.ts DIR
 * Every statement compareSql runs is timed; the final join (the pairs with
 * their records and bands) is printed with its plan, which is what the bench's
 * comparing time is mostly made of on PostgreSQL.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from '../../lib/zod';
import { loadRecordFiles } from '../../lib/warehouse/csv';
import type { SqlEngine } from '../../lib/warehouse/engine';
import { FEBRL_SQL_COMPARISONS, FEBRL_TABLE } from '../../lib/warehouse/febrl';
import { findPostgresBin, startLocalPostgres } from '../../lib/warehouse/local-postgres';
import { blockLink, compareSql } from '../../lib/warehouse/pipeline';
import { openPostgres } from '../../lib/warehouse/postgres';

const Files = z.object({ records: z.array(z.string()), keys: z.array(z.string()), count: z.number() });
const Manifest = z.object({ customers: Files, profiles: Files });

const dir = process.argv[2];
if (!dir) throw new Error('usage: explain-postgres.ts DIR (a folder with generated.json, as the warehouse bench keeps it)');
const data = Manifest.parse(JSON.parse(readFileSync(join(dir, 'generated.json'), 'utf8')));
const bin = findPostgresBin();
if (!bin) throw new Error('no PostgreSQL server installed');
const server = await startLocalPostgres(bin, { shared_buffers: '1GB', work_mem: '256MB', max_parallel_workers_per_gather: '2' });
try {
  const engine = await openPostgres(server.url);
  const timed = async (label: string, work: () => Promise<unknown>) => {
    const started = performance.now();
    await work();
    process.stdout.write(`${((performance.now() - started) / 1000).toFixed(1)} s  ${label}\n`);
  };
  await timed('load', async () => {
    await loadRecordFiles(engine, 'customers', data.customers, FEBRL_TABLE);
    await loadRecordFiles(engine, 'profiles', data.profiles, FEBRL_TABLE);
  });
  await timed('blocking', () => blockLink(engine, 'profiles', 'customers', 'pairs'));
  // Each statement compareSql runs, timed; the final join with its plan.
  const explaining: SqlEngine = {
    ...engine,
    dialect: engine.dialect,
    rows: (sql) => engine.rows(sql),
    async exec(sql) {
      const final = sql.startsWith('CREATE TABLE pair_levels AS');
      await timed(sql.slice(0, 100).replace(/\s+/g, ' '), async () => {
        if (!final) return engine.exec(sql);
        const plan = await engine.rows(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`);
        for (const row of plan) process.stdout.write(`    ${String(Object.values(row)[0])}\n`);
      });
    },
  };
  await compareSql(explaining, 'pairs', 'profiles', 'customers', FEBRL_SQL_COMPARISONS, 'pair_levels');
  await engine.close();
} finally {
  server.stop();
}
