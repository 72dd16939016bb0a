/**
 * A quoted pattern (`earshot extract 'saved/*.html'`) reaches the command unexpanded: the command
 * expands it itself, as a shell would, in name order.
 */
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expandWildcards, namePattern } from '../../../lib/cli/glob';
import { PAGES } from '../capture/helpers';
import { earshot } from './harness';

let dir: string;
const TRUSTPILOT = ['fakepilot-beautytheshop-2024.html', 'fakepilot-beautytheshop-2025.html', 'fakepilot-twenix-2025.html'];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'earshot-glob-'));
  await mkdir(join(dir, 'saved', 'deeper', 'deepest'), { recursive: true });
  await mkdir(join(dir, 'saved', '.hidden'), { recursive: true });
  for (const name of TRUSTPILOT) await copyFile(join(PAGES, 'trustpilot', name), join(dir, 'saved', name));
  for (const path of ['saved/notes.txt', 'saved/b.htm', 'saved/.draft.html', 'saved/deeper/c.html', 'saved/deeper/deepest/d.html', 'saved/.hidden/e.html']) {
    await writeFile(join(dir, path), '<html></html>');
  }
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('name patterns', () => {
  it('* and ? stay within a name; [..] is one character, [!..] any other', () => {
    expect(namePattern('*.html').test('a.html')).toBe(true);
    expect(namePattern('*.html').test('a.htm')).toBe(false);
    expect(namePattern('?.htm?').test('b.html')).toBe(true);
    expect(namePattern('?.htm?').test('bb.html')).toBe(false);
    expect(namePattern('page[0-9].html').test('page7.html')).toBe(true);
    expect(namePattern('page[!0-9].html').test('page7.html')).toBe(false);
    expect(namePattern('page[!0-9].html').test('pagex.html')).toBe(true);
  });

  it('characters that mean something in a regular expression stand for themselves', () => {
    expect(namePattern('a+b (1).html').test('a+b (1).html')).toBe(true);
    expect(namePattern('a+b (1).html').test('aab (1)xhtml')).toBe(false);
    expect(namePattern('[x.html').test('[x.html')).toBe(true);
  });
});

describe('expanding a path', () => {
  it('gives the matching paths as written, in name order, without names starting with a dot', () => {
    expect(expandWildcards('saved/*.html', dir)).toEqual(TRUSTPILOT.map((n) => join('saved', n)));
    expect(expandWildcards('saved/*.htm*', dir)).toEqual(['saved/b.htm', ...TRUSTPILOT.map((n) => join('saved', n))].sort());
  });

  it('** reaches every depth of folders, the folder itself included', () => {
    const found = expandWildcards('saved/**/*.html', dir);
    expect(found).toEqual([...TRUSTPILOT.map((n) => join('saved', n)), 'saved/deeper/c.html', 'saved/deeper/deepest/d.html'].sort());
  });

  it('a wildcard in a folder name, and an absolute pattern', () => {
    expect(expandWildcards('sav*/deeper/*.html', dir)).toEqual(['saved/deeper/c.html']);
    expect(expandWildcards(join(dir, 'saved', 'deep*'), '/')).toEqual([join(dir, 'saved', 'deeper')]);
  });

  it('nothing when nothing matches', () => {
    expect(expandWildcards('saved/*.pdf', dir)).toEqual([]);
    expect(expandWildcards('missing/*.html', dir)).toEqual([]);
  });
});

describe('earshot extract with a quoted pattern', () => {
  it('reads the pages the pattern matches, as it reads them named one by one', async () => {
    const quoted = await earshot(['extract', 'saved/fakepilot-*.html', '--jobs', '1'], { cwd: dir });
    const named = await earshot(['extract', ...TRUSTPILOT.map((n) => join('saved', n)), '--jobs', '1'], { cwd: dir });
    expect(quoted.code).toBe(0);
    expect(quoted.lines.length).toBe(3);
    expect(quoted.stdout).toBe(named.stdout);
  });

  it('a pattern that matches nothing is a usage error naming it', async () => {
    const result = await earshot(['extract', 'saved/*.pdf'], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('saved/*.pdf: no file or folder matches');
  });
});
