/** `earshot report --week`: from the files `earshot value` and `earshot match` read and write, as JSON or as the escaped page. */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../../lib/cli/main';
import type { WeeklyReport } from '../../../lib/report/weekly';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'earshot-report-'));
  const ids = Array.from({ length: 12 }, (_, i) => `C${i}`);
  await writeFile(join(dir, 'customers.csv'), `customer_id,first_name,do_not_profile\n${ids.map((id) => `${id},<b>${id}</b>,`).join('\n')}\nNP,Nora,yes\n`);
  const orders = ['order_id,customer_id,date,amount,currency,cost_to_serve,channel'];
  for (let i = 0; i < 12; i++) orders.push(`O${i},C${i},2026-0${1 + (i % 9)}-10,${30 + i},EUR,,store`, `O${i}b,C${i},2026-10-1${i % 9},${25 + i},EUR,,store`);
  orders.push('O99,C3,2026-12-02,40,EUR,,webshop', 'ONP,NP,2026-12-02,40,EUR,,webshop');
  await writeFile(join(dir, 'orders.csv'), `${orders.join('\n')}\n`);
  const profiles = [
    { platform: 'trustpilot', key: 'c1', displayName: 'C One' },
    { platform: 'trustpilot', key: 'np', displayName: 'Nora P' },
  ];
  const page = {
    url: 'https://reviews.example/shop',
    site: 'trustpilot',
    kind: 'reviews',
    profiles,
    contributions: [
      { profileKey: 'c1', type: 'review', rating: 5, date: '2026-12-01', text: '<script>x</script> great', subject: 'Our Shop' },
      { profileKey: 'np', type: 'review', rating: 4, date: '2026-12-01', text: 'fine', subject: 'Our Shop' },
    ],
  };
  await writeFile(join(dir, 'pages.jsonl'), `${JSON.stringify(page)}\n`);
  // A match to the customer who must not be profiled (an older file): the report does not follow it.
  const match = (profileId: string, customerId: string) => JSON.stringify({ profileId, customerId, score: 0.99, decision: 'auto', evidence: [] });
  await writeFile(join(dir, 'matches.jsonl'), `${match('trustpilot:c1', 'C1')}\n${match('trustpilot:np', 'NP')}\n`);
  await writeFile(join(dir, 'settings.json'), JSON.stringify({ ownBrands: ['Our Shop'], competitorBrands: ['Other Shop'] }));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, { stdout: { write: (s: string) => (stdout += s) }, stderr: { write: (s: string) => ((stderr += s), true) }, cwd: dir });
  return { code, stdout, stderr };
}

describe('earshot report --week', () => {
  it('reports the week from the value, match and capture files; a customer who must not be profiled is counted, not listed', async () => {
    const value = await cli(['value', '--customers', 'customers.csv', '--orders', 'orders.csv', '--captures', 'pages.jsonl', '--matches', 'matches.jsonl', '--settings', 'settings.json', '--as-of', '2026-12-06', '--explain']);
    expect(value.code).toBe(0);
    // The profiled customers only: value leaves out NP's profiling fields (a history line with profiled:false).
    const valueLines = value.stdout.trim().split('\n').filter((l) => !l.includes('"profiled":false'));
    await writeFile(join(dir, 'values.jsonl'), `${valueLines.join('\n')}\n`);

    const args = ['report', '--week', '2026-W49', '--customers', 'customers.csv', '--orders', 'orders.csv', '--values', 'values.jsonl', '--captures', 'pages.jsonl', '--matches', 'matches.jsonl', '--settings', 'settings.json'];
    const { code, stdout } = await cli(args);
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as WeeklyReport;
    expect(report).toMatchObject({ week: '2026-W49', from: '2026-11-30', to: '2026-12-06', notProfiled: 1 });
    expect(report.items.map((i) => [i.personRef, i.about])).toEqual([['customer:C1', 'own']]);
    expect(JSON.stringify(report)).not.toContain('NP');
    // C1 bought in the store and now writes on Trustpilot; C3 bought in the store and now on the webshop.
    expect(report.changedChannel.map((c) => [c.person, c.from, c.to])).toEqual([
      ['customer:C1', ['order:store'], ['platform:trustpilot']],
      ['customer:C3', ['order:store'], ['order:webshop']],
    ]);
    expect(report.actions.open).toBeGreaterThan(0);

    const html = await cli([...args, '--html', 'report.html', '--language', 'nl']);
    expect(html.code).toBe(0);
    expect(JSON.parse(html.stdout)).toMatchObject({ week: '2026-W49', html: 'report.html', items: 1 });
    const page = await readFile(join(dir, 'report.html'), 'utf8');
    expect(page).toContain('<html lang="nl">');
    expect(page).toContain('&lt;b&gt;C1&lt;/b&gt;');
    expect(page).not.toMatch(/<(script|b)>/);

    // The open actions as lines to choose from for `earshot sync --tasks`: as many as the report counts, never NP's.
    const chosen = await cli([...args, '--actions', 'actions.jsonl']);
    expect(chosen.code).toBe(0);
    const lines = (await readFile(join(dir, 'actions.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as { personRef: string; status: string });
    expect(lines).toHaveLength(report.actions.open);
    expect(lines.every((a) => a.status === 'open' && a.personRef !== 'customer:NP')).toBe(true);
  });

  it('refuses a week that is not an ISO week, and a values file that is not from earshot value --explain, naming the line', async () => {
    const bad = await cli(['report', '--week', '2026-W54', '--customers', 'customers.csv', '--orders', 'orders.csv', '--values', 'customers.csv']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--week 2026-W54');
    await writeFile(join(dir, 'values.jsonl'), '{"customerId":"C1","segment":"champions"}\n');
    const short = await cli(['report', '--week', '2026-W49', '--customers', 'customers.csv', '--orders', 'orders.csv', '--values', 'values.jsonl']);
    expect(short.code).not.toBe(0);
    expect(short.stderr).toContain('values.jsonl:1');
  });
});
