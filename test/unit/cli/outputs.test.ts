/**
 * Output people open: `--format csv` for match and value (a table with the columns a spreadsheet
 * user expects, formulas neutralised) and `earshot report` (one HTML page that opens offline, with
 * every name shown as text).
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CsvParser } from '../../../lib/crm/csv';
import { ValueLine } from '../../../lib/cli/value-line';
import { earshot, jsonOf } from './harness';

let dir: string;
const run = (argv: string[], stdin?: string) => earshot(argv, { cwd: dir, ...(stdin !== undefined ? { stdin } : {}) });
const jsonl = (rows: readonly unknown[]) => rows.map((r) => JSON.stringify(r)).join('\n') + '\n';
const SHOP = ['--customers', 'data/customers.csv', '--orders', 'data/orders.csv', '--as-of', '2026-11-01'];

/** The rows of a CSV text, header first. */
function csvRows(text: string): string[][] {
  const parser = new CsvParser({ delimiter: ',' });
  return [...parser.push(text), ...parser.end()].map((r) => r.fields);
}

// Names someone else chose: markup, a script, a formula.
const HOSTILE_PERSON = '</title><script>alert("x")</script>';
const HOSTILE_CUSTOMER = '<img src=https://evil.example/p.png onerror=alert(1)>';
const FORMULA = '=HYPERLINK("https://evil.example","click")';

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'earshot-outputs-'));
  expect((await run(['sample', '--out', 'data', '--customers', '400'])).code).toBe(0);
  expect((await run(['match', '--customers', 'data/customers.csv', '--captures', 'data/pages.jsonl', '--no-train', '--out', 'matches.jsonl'])).code).toBe(0);
  expect((await run(['value', ...SHOP, '--captures', 'data/pages.jsonl', '--matches', 'matches.jsonl', '--out', 'values.jsonl'])).code).toBe(0);
  // Three commands, each loaded (and so compiled) when it first runs: more than a hook's default 10 s on a busy machine.
}, 60_000);
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('--format csv', () => {
  it('match: one row per person with who they may be and why, a formula in a name neutralised', async () => {
    await writeFile(join(dir, 'people.jsonl'), jsonl([{ id: 'p1', platform: 'instagram', displayName: FORMULA }, { id: 'p2', platform: 'x', displayName: 'Anna' }]));
    const result = await run(['match', '--customers', 'data/customers.csv', '--profiles', 'people.jsonl', '--no-train', '--format', 'csv']);
    expect(result.code).toBe(0);
    const [header, ...rows] = csvRows(result.stdout);
    expect(header).toEqual(['profile_id', 'platform', 'name', 'profile_url', 'customer_id', 'customer_name', 'decision', 'score', 'reason']);
    expect(rows.map((r) => r[0])).toEqual(['p1', 'p2']);
    expect(rows[0]![2]).toBe(`'${FORMULA}`);
    expect(rows.every((r) => ['auto', 'review', 'none'].includes(r[6]!))).toBe(true);
  });

  it('match: the same people and decisions as the JSON lines', async () => {
    const asCsv = await run(['match', '--customers', 'data/customers.csv', '--captures', 'data/pages.jsonl', '--no-train', '--format', 'csv']);
    const [, ...rows] = csvRows(asCsv.stdout);
    const lines = (await readFile(join(dir, 'matches.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as { profileId: string; customerId: string | null; decision: string });
    expect(rows.map((r) => [r[0], r[4] || null, r[6]])).toEqual(lines.map((l) => [l.profileId, l.customerId, l.decision]));
    expect(rows.filter((r) => r[6] === 'auto').every((r) => r[5] !== '')).toBe(true);
  });

  it('value: one row per customer with name, address and figures; the note in words', async () => {
    const result = await run(['value', ...SHOP, '--captures', 'data/pages.jsonl', '--matches', 'matches.jsonl', '--format', 'csv']);
    expect(result.code).toBe(0);
    const [header, ...rows] = csvRows(result.stdout);
    expect(header!.slice(0, 4)).toEqual(['customer_id', 'name', 'email', 'currency']);
    expect(header).toContain('net_value');
    expect(header).toContain('p_alive');
    expect(header!.at(-1)).toBe('note');
    expect(rows).toHaveLength(400);
    const values = (await readFile(join(dir, 'values.jsonl'), 'utf8')).trim().split('\n').map((l) => ValueLine.parse(JSON.parse(l)));
    const col = (name: string) => header!.indexOf(name);
    expect(rows.map((r) => [r[0], Number(r[col('net_value')])])).toEqual(values.map((v) => [v.customerId, v.netValue]));
    const customers = csvRows(await readFile(join(dir, 'data/customers.csv'), 'utf8')).slice(1);
    expect(rows.map((r) => [r[0], r[1], r[2]])).toEqual(customers.map((c) => [c[0], [c[1], c[2]].filter(Boolean).join(' '), c[3]]));
  });

  it('--format other than jsonl or csv is a usage mistake', async () => {
    const result = await run(['value', ...SHOP, '--format', 'xlsx']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--format xlsx: expected jsonl or csv');
  });
});

describe('the note beside figures that look contradictory', () => {
  it('a one-time buyer with P(alive) near 1 is told why, in the line itself', async () => {
    // BG/NBD is the model that keeps a one-time buyer alive for certain; --model auto may choose another on the sample.
    expect((await run(['value', ...SHOP, '--captures', 'data/pages.jsonl', '--matches', 'matches.jsonl', '--model', 'bgnbd', '--out', 'values-bgnbd.jsonl'])).code).toBe(0);
    const values = (await readFile(join(dir, 'values-bgnbd.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as { model: string; purchases: number; pAlive: number | null; note: string | null });
    const once = values.filter((v) => v.model === 'bgnbd' && v.purchases === 1);
    expect(once.length).toBeGreaterThan(10);
    for (const v of once) {
      expect(v.pAlive).toBe(1);
      expect(v.note).toMatch(/^P\(alive\) is 1 because they bought only once: BG\/NBD lets a customer drop out only right after a repeat purchase/);
    }
  });
});

describe('earshot report', () => {
  it('writes one page from the pipeline: counts, the linked people with their values, the chart', async () => {
    const result = await run(['report', '--matches', 'matches.jsonl', '--values', 'values.jsonl', '--customers', 'data/customers.csv', '--captures', 'data/pages.jsonl', '--out', 'report.html']);
    expect(result.code).toBe(0);
    const html = await readFile(join(dir, 'report.html'), 'utf8');
    const matches = (await readFile(join(dir, 'matches.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as { decision: string; customerId: string | null });
    const auto = matches.filter((m) => m.decision === 'auto');
    expect(jsonOf(result.stderr).at(-1)).toMatchObject({ profiles: matches.length, auto: auto.length, customers: 400, linked: auto.length, shown: auto.length });
    expect(html).toContain(`<dt>Linked to a customer</dt><dd>${auto.length}</dd>`);
    expect(html.match(/<tbody>[\s\S]*<\/tbody>/)![0].match(/<tr>/g)).toHaveLength(auto.length);
    expect(html.match(/<svg[\s\S]*<\/svg>/)![0].match(/<title>/g)).toHaveLength(new Set(auto.map((m) => m.customerId)).size);
    expectOffline(html);
  });

  it('shows hostile names and notes as text, and loads nothing', async () => {
    await writeFile(join(dir, 'h-customers.csv'), `customer_id,first_name,last_name,email\r\nC1,"${HOSTILE_CUSTOMER.replaceAll('"', '""')}",Jansen,c1@example.nl\r\nC2,Anna,de Vries,c2@example.nl\r\n`);
    await writeFile(join(dir, 'h-people.jsonl'), jsonl([{ id: 'p1', platform: 'instagram', displayName: HOSTILE_PERSON }, { id: 'p2', platform: 'x', displayName: 'Bram' }]));
    await writeFile(join(dir, 'h-matches.jsonl'), jsonl([
      { profileId: 'p1', customerId: 'C1', score: 0.97, decision: 'auto', evidence: [] },
      { profileId: 'p2', customerId: 'C2', score: 0.6, decision: 'review', evidence: [] },
    ]));
    const value = (customerId: string, note: string) => ({
      customerId, orders: 1, revenue: 20, rfm: null, model: 'bgnbd', pAlive: 1, clv: 12, netValue: 30,
      influence: { score: 40, profiles: 1 }, engagementValue: 31, segment: 'advocates', note,
    });
    await writeFile(join(dir, 'h-values.jsonl'), jsonl([value('C1', '<b>bought once</b> & "alive"'), value('C2', '')]));
    const result = await run(['report', '--matches', 'h-matches.jsonl', '--values', 'h-values.jsonl', '--customers', 'h-customers.csv', '--profiles', 'h-people.jsonl', '--title', '<u>Shop</u>']);
    expect(result.code).toBe(0);
    const html = result.stdout;
    expect(html).toContain('&lt;/title&gt;&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(html).toContain('&lt;img src=https://evil.example/p.png onerror=alert(1)&gt; Jansen');
    expect(html).toContain('&lt;b&gt;bought once&lt;/b&gt; &amp; &quot;alive&quot;');
    expect(html).toContain('<title>&lt;u&gt;Shop&lt;/u&gt;</title>');
    expect(html).not.toMatch(/<script|<img|<b>|<u>/i);
    expectOffline(html);
  });

  it('refuses values that are not value lines, naming the line', async () => {
    await writeFile(join(dir, 'not-values.jsonl'), jsonl([{ customerId: 'C1', netValue: 'lots' }]));
    const result = await run(['report', '--matches', 'h-matches.jsonl', '--values', 'not-values.jsonl']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^not-values\.jsonl:1: .*; this line is skipped$/m);
  });

  it('is the weekly report with --week, and refuses an option only the other report reads', async () => {
    const page = await run(['report', '--matches', 'h-matches.jsonl', '--values', 'h-values.jsonl', '--html', 'week.html']);
    expect(page.code).toBe(2);
    expect(page.stderr).toContain('--html: not an option of the pipeline page (without --week)');
    const weekly = await run(['report', '--week', '2026-W49', '--customers', 'h-customers.csv', '--orders', 'h-customers.csv', '--values', 'h-values.jsonl', '--out', 'r.html']);
    expect(weekly.code).toBe(2);
    expect(weekly.stderr).toContain('--out: not an option of the weekly report (--week)');
  });
});

/**
 * Nothing the page would fetch: a policy that forbids it, and among its tags (every `<` of text is
 * escaped, so what starts with `<` is a tag) no script, link or image, no src or href, no address but
 * the SVG namespace; no url() in its style.
 */
function expectOffline(html: string): void {
  expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'"`);
  const tags = html.match(/<[^>]*>/g)!;
  expect(tags.length).toBeGreaterThan(10);
  for (const tag of tags) {
    expect(tag).not.toMatch(/^<(script|link|img|iframe|object|embed|base|form)\b/i);
    expect(tag).not.toMatch(/\s(src|href|srcset|action|on\w+)=/i);
    expect(tag.replace('xmlns="http://www.w3.org/2000/svg"', '')).not.toMatch(/https?:/i);
  }
  expect(html.match(/<style>[\s\S]*<\/style>/)![0]).not.toMatch(/url\(|@import/i);
}
