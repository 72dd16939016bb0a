import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runIn } from './run-in';
import { OFFER_CSV_HEADER } from '../../../lib/persona';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'earshot-personas-'));
  const sample = await cli('sample', '--out', '.', '--customers', '600');
  expect(sample.code).toBe(0);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const cli = (...argv: string[]) => runIn(dir, ...argv);

const INPUTS = ['--customers', 'customers.csv', '--orders', 'orders.csv', '--as-of', '2026-11-01'] as const;

describe('earshot personas', () => {
  it('prints one line per persona in the contract shape, the customers adding up', async () => {
    const run = await cli('personas', ...INPUTS);
    expect(run.code, run.stderr).toBe(0);
    expect(run.lines.length).toBeGreaterThanOrEqual(2);
    let customers = 0;
    for (const line of run.lines) {
      expect(line.persona).toMatch(/^P\d+$/);
      expect(typeof line.name).toBe('string');
      expect((line.name as string).length).toBeGreaterThan(0);
      expect(Array.isArray(line.traits)).toBe(true);
      expect(typeof line.people).toBe('number');
      const value = line.value as Record<string, number>;
      expect(Number.isFinite(value.sum) && Number.isFinite(value.mean)).toBe(true);
      customers += line.customers as number;
    }
    expect(customers).toBe(600);
  });

  it('with --members prints one line per customer, each in a persona the summary names', async () => {
    const summary = await cli('personas', ...INPUTS);
    const members = await cli('personas', ...INPUTS, '--members');
    expect(members.code, members.stderr).toBe(0);
    expect(members.lines).toHaveLength(600);
    const ids = new Set(summary.lines.map((l) => l.persona));
    for (const m of members.lines) expect(ids.has(m.persona)).toBe(true);
    expect(new Set(members.lines.map((m) => m.customerId)).size).toBe(600);
  });

  it('keeps ids and a name written into the --state file on the next run', async () => {
    const first = await cli('personas', ...INPUTS, '--state', 'state.json');
    expect(first.code, first.stderr).toBe(0);
    const state = JSON.parse(await readFile(join(dir, 'state.json'), 'utf8')) as { personas: { id: string; name: string; tags: string[] }[] };
    state.personas[0]!.name = 'Our regulars';
    state.personas[0]!.tags = ['vip'];
    await writeFile(join(dir, 'state.json'), JSON.stringify(state));

    const second = await cli('personas', ...INPUTS, '--state', 'state.json');
    expect(second.code, second.stderr).toBe(0);
    expect(second.lines.map((l) => l.persona).sort()).toEqual(first.lines.map((l) => l.persona).sort());
    const renamed = second.lines.find((l) => l.persona === state.personas[0]!.id)!;
    expect(renamed.name).toBe('Our regulars');
    expect(renamed.tags).toEqual(['vip']);
    const kept = JSON.parse(await readFile(join(dir, 'state.json'), 'utf8')) as { personas: { id: string; name: string }[] };
    expect(kept.personas.find((p) => p.id === state.personas[0]!.id)!.name).toBe('Our regulars');
    // The value of the personas is printed under the same names.
    const byPersona = await cli('value', ...INPUTS, '--by', 'persona', '--state', 'state.json');
    expect(byPersona.lines.find((l) => l.group === state.personas[0]!.id)!.name).toBe('Our regulars');
  });

  it('names the --state file and the field when it is not a personas file', async () => {
    await writeFile(join(dir, 'bad-state.json'), JSON.stringify({ format: 'earshot-personas', version: 1, asOf: 'yesterday', lastId: 0, personas: [] }));
    const run = await cli('personas', ...INPUTS, '--state', 'bad-state.json');
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('bad-state.json');
    expect(run.stderr).toContain('asOf');
  });

  it('writes the offers as CSV with a reason on every row', async () => {
    const run = await cli('personas', ...INPUTS, '--offers', 'offers.csv');
    expect(run.code, run.stderr).toBe(0);
    const rows = (await readFile(join(dir, 'offers.csv'), 'utf8')).replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(rows[0]).toBe(OFFER_CSV_HEADER.join(','));
    expect(rows.length).toBeGreaterThan(1);
    for (const row of rows.slice(1)) expect(row).not.toMatch(/,no offer,|,none,/);
  });
});

describe('earshot value --by', () => {
  it('prints one line per persona in the contract shape, with the retention optimum', async () => {
    const run = await cli('value', ...INPUTS, '--by', 'persona');
    expect(run.code, run.stderr).toBe(0);
    const personas = await cli('personas', ...INPUTS);
    expect(run.lines.map((l) => l.group).sort()).toEqual(personas.lines.map((l) => l.persona).sort());
    for (const line of run.lines) {
      expect(line.by).toBe('persona');
      const clv = line.clv as { p10: number; p90: number };
      expect(clv.p10).toBeLessThanOrEqual(clv.p90);
      for (const key of ['customers', 'costToServe', 'influence', 'engagement']) expect(typeof line[key]).toBe('number');
      expect(line.atRisk === null || (typeof line.atRisk === 'number' && line.atRisk >= 0 && line.atRisk <= 1)).toBe(true);
    }
  });

  it('groups by engagement segment and by RFM segment, every customer counted once', async () => {
    for (const by of ['segment', 'rfm']) {
      const run = await cli('value', ...INPUTS, '--by', by);
      expect(run.code, run.stderr).toBe(0);
      expect(run.lines.every((l) => l.by === by)).toBe(true);
      if (by === 'segment') expect(run.lines.reduce((s, l) => s + (l.customers as number), 0)).toBe(600);
    }
  });

  it('refuses a grouping it does not know', async () => {
    const run = await cli('value', ...INPUTS, '--by', 'country');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--by country');
  });
});
