/**
 * The command line as a pipeline: one shape for captured people (what `extract` writes is what `match`
 * and `value` read), stdin and stdout through `-`, one rule for a repeated id, and exit codes that say
 * whether the input could be used.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CUSTOMERS_HEADER, ORDERS_HEADER, customerCsvLine, orderCsvLine } from '../../../lib/crm/formats';
import { CapturedPage, MatchLine, ProfileLine, profileId } from '../../../lib/model';
import { generateSampleCrm } from '../../../lib/sample/crm';
import { generateSampleCaptures } from '../../../lib/sample/captures';
import { PAGES } from '../capture/helpers';
import { earshot, jsonOf } from './harness';

let dir: string;
let pages: CapturedPage[];
let ids: string[];
const run = (argv: string[], stdin?: string) => earshot(argv, { cwd: dir, ...(stdin !== undefined ? { stdin } : {}) });
const jsonl = (rows: readonly unknown[]) => rows.map((r) => JSON.stringify(r)).join('\n') + '\n';
const CRM = ['--customers', 'customers.csv'];
const SHOP = [...CRM, '--orders', 'orders.csv', '--as-of', '2026-11-01'];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'earshot-pipeline-'));
  const { customers, orders } = generateSampleCrm({ customers: 400, seed: 3 });
  pages = generateSampleCaptures(customers, orders).visits.map((v) => v.page);
  ids = customers.map((c) => c.customer.id);
  await writeFile(join(dir, 'customers.csv'), CUSTOMERS_HEADER + customers.map((c) => customerCsvLine(c.customer)).join(''));
  await writeFile(join(dir, 'orders.csv'), ORDERS_HEADER + orders.map(orderCsvLine).join(''));
  await writeFile(join(dir, 'pages.jsonl'), jsonl(pages));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The people of the captured pages, once each, in the order they first appear. */
function peopleOf(list: readonly CapturedPage[]): string[] {
  return [...new Set(list.flatMap((p) => p.profiles.map((person) => profileId(person.platform, person.key))))];
}

describe('one shape: captured pages and profiles', () => {
  it('a person as an extractor writes it is a profiles.jsonl line whose id is platform:key', () => {
    const person = pages[0]!.profiles[0]!;
    expect(ProfileLine.parse(person).id).toBe(`${person.platform}:${person.key}`);
    expect(ProfileLine.parse({ ...person, id: 'mine' }).id).toBe('mine');
    expect(ProfileLine.safeParse({ platform: 'instagram', displayName: 'Anna' }).success).toBe(false);
  });

  it('match reads captured pages (--captures), one line per person, with the id platform:key', async () => {
    const result = await run(['match', ...CRM, '--captures', 'pages.jsonl', '--no-train']);
    expect(result.code).toBe(0);
    const lines = result.lines.map((l) => MatchLine.parse(l));
    expect(lines.map((l) => l.profileId)).toEqual(peopleOf(pages));
    // The sample's marketer meets tens of customers among some 200 people: untrained, a dozen are linked outright.
    expect(lines.filter((l) => l.decision === 'auto').length).toBeGreaterThanOrEqual(10);
  });

  it('match reads the people of captured pages written as profiles.jsonl lines, unchanged (key, no id)', async () => {
    await writeFile(join(dir, 'people.jsonl'), jsonl(pages.flatMap((p) => p.profiles)));
    const fromLines = await run(['match', ...CRM, '--profiles', 'people.jsonl', '--no-train']);
    const fromPages = await run(['match', ...CRM, '--captures', 'pages.jsonl', '--no-train']);
    expect(fromLines.code).toBe(0);
    expect(fromLines.lines).toHaveLength(peopleOf(pages).length);
    expect(fromLines.stdout).toBe(fromPages.stdout);
  });

  it('value reads the same captured pages and counts the linked people', async () => {
    const matched = await run(['match', ...CRM, '--captures', 'pages.jsonl', '--no-train', '--out', 'matches.jsonl']);
    expect(matched.code).toBe(0);
    const valued = await run(['value', ...SHOP, '--captures', 'pages.jsonl', '--matches', 'matches.jsonl']);
    expect(valued.code).toBe(0);
    const linked = valued.lines.filter((l) => (l.influence as { profiles: number }).profiles > 0);
    expect(linked.length).toBeGreaterThanOrEqual(10);
  });

  it('a captured page given as a profile is refused with a word on --captures; with every line refused, exit 1', async () => {
    const result = await run(['match', ...CRM, '--profiles', 'pages.jsonl']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^pages\.jsonl:1: a captured page \(as `earshot extract` writes\), not a profile: give this file with --captures; this line is skipped$/m);
    expect(result.stderr).toMatch(/^earshot match: pages\.jsonl: every line was refused \(\d+ lines\): no profiles to match$/m);
    expect(result.stdout).toBe('');
  });
});

describe('stdin and stdout', () => {
  it('`-` reads stdin: the same matches as from the file', async () => {
    const fromFile = await run(['match', ...CRM, '--captures', 'pages.jsonl', '--no-train']);
    const fromStdin = await run(['match', ...CRM, '--captures', '-', '--no-train'], await readFile(join(dir, 'pages.jsonl'), 'utf8'));
    expect(fromStdin.code).toBe(0);
    expect(fromStdin.stdout).toBe(fromFile.stdout);
  });

  it('extract | match | value: each reads the one before it from stdin', async () => {
    const extracted = await earshot(['extract', join(PAGES, 'trustpilot')], { cwd: dir });
    expect(extracted.code).toBe(0);
    expect(extracted.lines.length).toBe(3);
    const matched = await run(['match', ...CRM, '--captures', '-', '--no-train'], extracted.stdout);
    expect(matched.code).toBe(0);
    expect(matched.lines.length).toBe(peopleOf(extracted.lines.map((l) => CapturedPage.parse(l))).length);
    const valued = await run(['value', ...SHOP, '--matches', '-'], matched.stdout);
    expect(valued.code).toBe(0);
    expect(valued.lines).toHaveLength(400);
  });

  it('only one input can come from stdin', async () => {
    const result = await run(['value', ...SHOP, '--captures', '-', '--matches', '-'], '');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--matches -: stdin is already read by --captures');
  });

  it('summaries go to stderr; stdout holds only the data, with or without --out', async () => {
    const toFile = await run(['match', ...CRM, '--captures', 'pages.jsonl', '--no-train', '--out', 'm.jsonl']);
    expect(toFile.stdout).toBe('');
    expect(jsonOf(toFile.stderr).at(-1)).toMatchObject({ customers: 400, profiles: peopleOf(pages).length });
    const toStdout = await run(['match', ...CRM, '--captures', 'pages.jsonl', '--no-train']);
    expect(toStdout.stdout).toBe(await readFile(join(dir, 'm.jsonl'), 'utf8'));
    expect(jsonOf(toStdout.stderr).at(-1)).toMatchObject({ customers: 400 });
  });
});

describe('one rule for a repeated id, in every command', () => {
  const profiles = [
    { id: 'p1', platform: 'instagram', displayName: 'Anna de Vries', followers: 12_000 },
    { id: 'p2', platform: 'youtube', displayName: 'Bakt met Bram' },
    { id: 'p1', platform: 'tiktok', displayName: 'Someone else' },
  ];
  // The words the CSV importer uses for a repeated customer_id or order_id.
  const repeated = 'profiles.jsonl:3: id: "p1" appears again (first on line 1); this line is skipped';

  beforeAll(() => writeFile(join(dir, 'profiles.jsonl'), jsonl(profiles)));

  it('match and value both skip the repeated line and say so in the same words', async () => {
    const matched = await run(['match', ...CRM, '--profiles', 'profiles.jsonl', '--no-train', '--out', 'dup-matches.jsonl']);
    expect(matched.code).toBe(0);
    expect(matched.stderr.split('\n')).toContain(repeated);
    expect((await readFile(join(dir, 'dup-matches.jsonl'), 'utf8')).trim().split('\n')).toHaveLength(2);

    const valued = await run(['value', ...SHOP, '--profiles', 'profiles.jsonl', '--matches', 'dup-matches.jsonl']);
    expect(valued.code).toBe(0);
    expect(valued.stderr.split('\n')).toContain(repeated);
  });

  it('a repeated profile in matches.jsonl is skipped by value and sync alike', async () => {
    const line = { profileId: 'p1', customerId: ids[0], score: 0.99, decision: 'auto', evidence: [] };
    await writeFile(join(dir, 'twice.jsonl'), jsonl([line, { ...line, customerId: ids[1] }]));
    const said = 'twice.jsonl:2: profileId: "p1" appears again (first on line 1); this line is skipped';
    const valued = await run(['value', ...SHOP, '--profiles', 'profiles.jsonl', '--matches', 'twice.jsonl']);
    expect(valued.code).toBe(0);
    expect(valued.stderr.split('\n')).toContain(said);
    expect(valued.lines.find((l) => l.customerId === ids[0])!.influence).toMatchObject({ profiles: 1 });
    expect(valued.lines.find((l) => l.customerId === ids[1])!.influence).toMatchObject({ profiles: 0 });
    const synced = await run(['sync', '--target', 'csv', ...CRM, '--matches', 'twice.jsonl', '--out', 'hubspot.csv']);
    expect(synced.code).toBe(0);
    expect(synced.stderr.split('\n')).toContain(said);
  });
});

describe('exit codes', () => {
  it('0 when some lines were used, 1 when none could be, 2 for a usage mistake', async () => {
    await writeFile(join(dir, 'half.jsonl'), jsonl([{ id: 'a', platform: 'myspace', displayName: 'A' }, { id: 'b', platform: 'x', displayName: 'B' }]));
    const half = await run(['match', ...CRM, '--profiles', 'half.jsonl']);
    expect(half.code).toBe(0);
    expect(half.stderr).toMatch(/^half\.jsonl:1: platform: .*; this line is skipped$/m);

    await writeFile(join(dir, 'none.jsonl'), jsonl([{ id: 'a', platform: 'myspace', displayName: 'A' }]));
    expect((await run(['match', ...CRM, '--profiles', 'none.jsonl'])).code).toBe(1);
    expect((await run(['value', ...SHOP, '--profiles', 'none.jsonl'])).code).toBe(1);
    const empty = await run(['match', ...CRM, '--captures', '-'], '');
    expect(empty.code).toBe(1);
    expect(empty.stderr).toContain('earshot match: stdin: empty: no profiles to match');

    expect((await run(['match', ...CRM])).code).toBe(2);
    expect((await run(['match', ...CRM, '--profiles', 'nope.jsonl'])).stderr).toContain('--profiles nope.jsonl: no such file');
  });

  it('customers of which every row is refused stop the command with exit 1', async () => {
    await writeFile(join(dir, 'bad-customers.csv'), 'customer_id,email\n,not-an-address\n');
    const result = await run(['match', '--customers', 'bad-customers.csv', '--captures', 'pages.jsonl']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('earshot match: bad-customers.csv: every row was refused (1 row): no customers to match against');
  });
});
