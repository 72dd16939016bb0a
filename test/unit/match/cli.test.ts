import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../../lib/cli/main';
import { CUSTOMERS_HEADER, ORDERS_HEADER, customerCsvLine, orderCsvLine } from '../../../lib/crm/formats';
import { MatchLine, type Customer } from '../../../lib/model';
import { generateSampleCrm } from '../../../lib/sample/crm';
import { generatePersonas } from '../../../lib/sample/personas';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'earshot-match-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function cli(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, { stdout: { write: (s: string) => (stdout += s) }, stderr: { write: (s: string) => (stderr += s) }, cwd: dir });
  return { code, stdout, stderr };
}

const janneke: Customer = {
  id: 'JB1',
  firstName: 'Janneke',
  lastName: 'van den Berg',
  email: 'janneke.vdberg@ziggo.nl',
  city: 'Utrecht',
  country: 'NL',
  handles: [{ platform: 'instagram', handle: 'janneke.vd' }],
  custom: {},
  source: 'csv',
  updatedAt: 0,
};

/** The sample shop (600 customers and their orders) plus Janneke, and captured people, as files. */
async function files(profileCount = { customerProfiles: 150, strangers: 200, namesakes: 50 }) {
  const { customers, orders } = generateSampleCrm({ customers: 600, seed: 12 });
  const all = [...customers.map((c) => c.customer), janneke];
  await writeFile(join(dir, 'customers.csv'), CUSTOMERS_HEADER + all.map(customerCsvLine).join(''));
  await writeFile(join(dir, 'orders.csv'), ORDERS_HEADER + [...orders, { id: 'OJ1', customerId: 'JB1', date: '2025-01-02', amount: 30, currency: 'EUR' }].map(orderCsvLine).join(''));
  const personas = generatePersonas(customers, { seed: 4, ...profileCount });
  const lines = [
    { id: 'ig:janneke', platform: 'instagram', handle: 'janneke.vd', displayName: '✨Janneke vd Berg✨ | bakes 🍰', location: 'Utrecht, NL' },
    ...personas.map((p) => p.profile),
  ];
  await writeFile(join(dir, 'profiles.jsonl'), lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
  return lines;
}

describe('earshot match', () => {
  it('writes one matches.jsonl line per profile, in order, in the FORMATS.md shape', async () => {
    const profiles = await files();
    const { code, stdout, stderr } = await cli('match', '--customers', 'customers.csv', '--profiles', 'profiles.jsonl', '--no-train');
    expect(code).toBe(0);
    const lines = stdout.trim().split('\n').map((l) => MatchLine.parse(JSON.parse(l)));
    expect(lines.map((l) => l.profileId)).toEqual(profiles.map((p) => p.id));
    expect(lines[0]).toMatchObject({ profileId: 'ig:janneke', customerId: 'JB1', decision: 'auto' });
    expect(Object.keys(JSON.parse(stdout.split('\n')[0]!)).sort()).toEqual(['customerId', 'decision', 'evidence', 'profileId', 'score']);
    const summary = JSON.parse(stderr.trim().split('\n').pop()!);
    expect(summary).toMatchObject({ customers: 601, profiles: profiles.length, parameters: 'defaults (--no-train)' });
    expect(summary.auto + summary.review + summary.none).toBe(profiles.length);
  });

  it('says why a profile matched nobody: the reason, then the closest customer’s evidence, customerId null', async () => {
    await files();
    const { code, stdout } = await cli('match', '--customers', 'customers.csv', '--profiles', 'profiles.jsonl', '--no-train');
    expect(code).toBe(0);
    const none = stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .filter((l) => l.decision === 'none');
    expect(none.length).toBeGreaterThan(50);
    const reasons = new Set<string>();
    for (const line of none) {
      const parsed = MatchLine.parse(line);
      expect(parsed.customerId).toBeNull();
      expect(parsed.evidence.length).toBeGreaterThan(0);
      // FORMATS.md: each evidence entry is exactly field, comparison, weight.
      for (const e of line.evidence as object[]) expect(Object.keys(e).sort()).toEqual(['comparison', 'field', 'weight']);
      expect(parsed.evidence[0]).toMatchObject({ field: 'decision', weight: 0 });
      reasons.add(parsed.evidence[0]!.comparison);
      // With a closest customer, their evidence follows, ending with the prior (and the other candidates it
      // competed with); with none, the one line says so.
      if (parsed.evidence[0]!.comparison === 'no-candidates') expect(parsed.evidence).toHaveLength(1);
      else expect(parsed.evidence.filter((e) => e.field === 'prior').map((e) => e.comparison)[0]).toBe('base-rate');
    }
    expect(reasons).toContain('no-candidates');
    expect(reasons).toContain('below-threshold');
  });

  it('learns its parameters, saves them, and reads them back', async () => {
    await files();
    const trained = await cli('match', '--customers', 'customers.csv', '--profiles', 'profiles.jsonl', '--out', 'matches.jsonl', '--save-params', 'params.json');
    expect(trained.code).toBe(0);
    // The matches went to the file; the summary, as always, to stderr.
    expect(trained.stdout).toBe('');
    const summary = JSON.parse(trained.stderr.trim().split('\n').pop()!);
    expect(summary.parameters.emIterations).toBeGreaterThan(0);
    const saved = JSON.parse(await readFile(join(dir, 'params.json'), 'utf8'));
    expect(saved.customerShare).toBeCloseTo(summary.parameters.customerShare, 3);
    const first = await readFile(join(dir, 'matches.jsonl'), 'utf8');
    const again = await cli('match', '--customers', 'customers.csv', '--profiles', 'profiles.jsonl', '--params', 'params.json', '--out', 'again.jsonl');
    expect(JSON.parse(again.stderr.trim().split('\n').pop()!).parameters).toBe('from --params');
    expect(await readFile(join(dir, 'again.jsonl'), 'utf8')).toBe(first);
  });

  it('explains decisions in words and sums up the linked customers’ revenue', async () => {
    await files();
    const { stdout, stderr } = await cli('match', '--customers', 'customers.csv', '--profiles', 'profiles.jsonl', '--orders', 'orders.csv', '--explain', '--no-train');
    const first = JSON.parse(stdout.split('\n')[0]!);
    expect(first.explanation[0]).toMatch(/handle is one your CRM has/);
    expect(first.explanation.join('\n')).toMatch(/Lives in the same city \(Utrecht\) \+/);
    const summary = JSON.parse(stderr.trim().split('\n').pop()!);
    expect(summary.linkedRevenue.EUR.customers).toBe(summary.auto);
    expect(summary.linkedRevenue.EUR.amount).toBeGreaterThanOrEqual(30);
  });

  it('reports bad profile lines by line and skips them', async () => {
    await files({ customerProfiles: 5, strangers: 5, namesakes: 0 });
    const text = await readFile(join(dir, 'profiles.jsonl'), 'utf8');
    await writeFile(join(dir, 'profiles.jsonl'), `${text}{not json\n{"id":"x1","platform":"myspace","displayName":"A"}\n{"id":"ig:janneke","platform":"x","displayName":"Dup"}\n`);
    const { code, stdout, stderr } = await cli('match', '--customers', 'customers.csv', '--profiles', 'profiles.jsonl');
    expect(code).toBe(0);
    expect(stderr).toMatch(/profiles\.jsonl:12: not a JSON object; this line is skipped/);
    expect(stderr).toMatch(/profiles\.jsonl:13: platform: /);
    expect(stderr).toMatch(/profiles\.jsonl:14: id: "ig:janneke" appears again \(first on line 1\); this line is skipped/);
    expect(stdout.trim().split('\n')).toHaveLength(11);
  });

  it('refuses bad thresholds and missing files with a usage message', async () => {
    await files({ customerProfiles: 1, strangers: 1, namesakes: 0 });
    const inverted = await cli('match', '--customers', 'customers.csv', '--profiles', 'profiles.jsonl', '--auto', '0.4', '--review', '0.6');
    expect(inverted.code).toBe(2);
    expect(inverted.stderr).toMatch(/review threshold must not exceed/);
    expect((await cli('match', '--customers', 'customers.csv', '--profiles', 'nope.jsonl')).stderr).toMatch(/--profiles nope\.jsonl: no such file/);
    expect((await cli('match', '--customers', 'customers.csv')).stderr).toMatch(/give the people to match: --captures pages\.jsonl \(as `earshot extract` writes\) or --profiles profiles\.jsonl/);
    expect((await cli('match', '--customers', 'customers.csv', '--profiles', 'profiles.jsonl', '--review', 'high')).stderr).toMatch(/expected a probability/);
  });
});
