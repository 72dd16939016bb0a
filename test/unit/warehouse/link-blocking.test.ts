import { describe, expect, it } from 'vitest';
import { blockedLinkPairs } from '../../../lib/match/engine/linkage';
import { generateCustomers } from '../../../lib/sample/crm';
import { generatePersonas } from '../../../lib/sample/personas';
import { openDuckDb } from '../../../lib/warehouse/duckdb';
import { FEBRL_TABLE } from '../../../lib/warehouse/febrl';
import { customerPerson, profilePerson } from '../../../lib/warehouse/people';
import { blockLink, loadRecords } from '../../../lib/warehouse/pipeline';

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
});
