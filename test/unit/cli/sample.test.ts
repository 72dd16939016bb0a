/** `earshot sample` writes what every README example reads, and its saved page reads back as written. */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CapturedPage, ProfileLine } from '../../../lib/model';
import { savedProductPage, SAVED_PAGE_URL } from '../../../lib/sample/saved-page';
import { earshot, jsonOf } from './harness';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'earshot-sample-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const lines = async (file: string) => (await readFile(join(dir, file), 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as unknown);

describe('earshot sample', () => {
  it('writes the captured pages and their people in the shapes match and value read, and says so on stderr', async () => {
    const run = await earshot(['sample', '--out', 'data', '--customers', '300'], { cwd: dir });
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('');
    const pages = (await lines('data/pages.jsonl')).map((p) => CapturedPage.parse(p));
    const people = (await lines('data/profiles.jsonl')).map((p) => ProfileLine.parse(p));
    expect(people.length).toBe(pages.reduce((n, p) => n + p.profiles.length, 0));
    expect(people[0]!.id).toBe(`${people[0]!.platform}:${people[0]!.key}`);
    expect(jsonOf(run.stderr).at(-1)).toMatchObject({ customers: 300, pages: pages.length, profiles: people.length, saved: 1 });
    expect((await readFile(join(dir, 'data/klanten.csv'), 'utf8')).split('\r\n')[0]).toBe('Klantnummer;Voornaam;Achternaam;E-mail;Telefoon;Woonplaats');
  });

  it('its saved page gives back the reviewers and reviews it was written from, hostile names included', async () => {
    const hostile = '</script><script>alert(1)</script> & "Bram"';
    const page = CapturedPage.parse({
      url: 'https://www.amazon.nl/product-reviews/B0BAKMEEST',
      site: 'amazon',
      kind: 'reviews',
      profiles: [{ platform: 'amazon', key: 'a1', displayName: hostile }, { platform: 'amazon', key: 'a2', displayName: 'Anna de Vries' }],
      contributions: [
        { profileKey: 'a1', type: 'review', rating: 2, date: '2026-03-01', text: 'Krom <b>na</b> twee keer' },
        { profileKey: 'a2', type: 'review', rating: 5, date: '2026-04-01', text: 'Top' },
      ],
    });
    await writeFile(join(dir, 'saved.html'), savedProductPage(page));
    const run = await earshot(['extract', 'saved.html'], { cwd: dir });
    expect(run.code).toBe(0);
    const back = CapturedPage.parse(run.lines[0]);
    expect(back.url).toBe(SAVED_PAGE_URL);
    expect(back.profiles.map((p) => p.displayName)).toEqual([hostile, 'Anna de Vries']);
    expect(back.contributions.map((c) => [c.rating, c.text])).toEqual([
      [2, 'Krom <b>na</b> twee keer'],
      [5, 'Top'],
    ]);
  });
});
