import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compareAll } from '../../../lib/match/engine/model';
import { FEBRL_COMPARISONS } from '../../../lib/match/febrl';
import { loadRecordFiles, writeRecordFiles } from '../../../lib/warehouse/csv';
import { blockedLinkPairs } from '../../../lib/match/engine/linkage';
import { generateCustomers } from '../../../lib/sample/crm';
import { generatePersonas } from '../../../lib/sample/personas';
import { openDuckDb } from '../../../lib/warehouse/duckdb';
import { FEBRL_SQL_COMPARISONS, FEBRL_TABLE } from '../../../lib/warehouse/febrl';
import { customerPerson, profilePerson } from '../../../lib/warehouse/people';
import { blockLink, compareSql, loadRecords } from '../../../lib/warehouse/pipeline';

describe('linking two tables in SQL', () => {
  it('finds the candidate pairs blockedLinkPairs finds, oversized blocks skipped alike', async () => {
    const crm = generateCustomers({ customers: 1500, seed: 99, idPrefix: 'C' });
    const customers = crm.map((c) => customerPerson(c.customer));
    const profiles = generatePersonas(crm, { seed: 1, customerProfiles: 150, strangers: 150, namesakes: 40 }).map((p) => profilePerson(p.profile));
    // A small block limit, so that the skipping is exercised.
    const maxBlock = 2;
    const memory = blockedLinkPairs(profiles, customers, FEBRL_TABLE.keys, maxBlock).map(([i, j]) => `${i}:${j}`);
    const engine = await openDuckDb();
    try {
      await loadRecords(engine, 'profiles', profiles, FEBRL_TABLE);
      await loadRecords(engine, 'customers', customers, FEBRL_TABLE);
      const count = await blockLink(engine, 'profiles', 'customers', 'pairs', maxBlock);
      const sql = (await engine.rows('SELECT l, r FROM pairs')).map((row) => `${String(row.l)}:${String(row.r)}`);
      expect(memory.length).toBeGreaterThan(100);
      expect(count).toBe(memory.length);
      expect(sql.sort()).toEqual(memory.sort());
      // Without the limit there are more: the limit did skip blocks.
      expect(blockedLinkPairs(profiles, customers, FEBRL_TABLE.keys).length).toBeGreaterThan(memory.length);
    } finally {
      await engine.close();
    }
  }, 60_000);

  it('reads records written to CSV files as they are: empty values stay empty, so the levels are the in-memory ones', async () => {
    const crm = generateCustomers({ customers: 1500, seed: 99, idPrefix: 'C' });
    const customers = crm.map((c) => customerPerson(c.customer));
    const profiles = generatePersonas(crm, { seed: 1, customerProfiles: 150, strangers: 150, namesakes: 40 }).map((p) => profilePerson(p.profile));
    const dir = await mkdtemp(join(tmpdir(), 'earshot-warehouse-csv-'));
    const engine = await openDuckDb();
    try {
      await loadRecordFiles(engine, 'profiles', await writeRecordFiles(join(dir, 'profiles'), profiles, FEBRL_TABLE), FEBRL_TABLE);
      await loadRecordFiles(engine, 'customers', await writeRecordFiles(join(dir, 'customers'), customers, FEBRL_TABLE), FEBRL_TABLE);
      await blockLink(engine, 'profiles', 'customers', 'pairs');
      await compareSql(engine, 'pairs', 'profiles', 'customers', FEBRL_SQL_COMPARISONS, 'pair_levels');
      const rows = await engine.rows('SELECT * FROM pair_levels');
      expect(rows.length).toBeGreaterThan(100);
      const mismatches = rows.filter((row) => {
        const memory = compareAll(FEBRL_COMPARISONS, profiles[Number(row.l)]!, customers[Number(row.r)]!);
        return [...memory].some((level, k) => level !== row[`level_${k}`]);
      });
      expect(mismatches.length).toBe(0);
    } finally {
      await engine.close();
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
