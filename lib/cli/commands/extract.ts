import { existsSync, readdirSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { defineCommand, InputError, optionalString, UsageError, type OptionValues } from '../command';
import { siteById } from '../../capture/registry';
import { extractSavedPage, type PageJob, type PageResult } from '../extract-page';
import { extractInParallel, extractWorkerPath } from '../extract-pool';
import { expandWildcards, hasWildcard } from '../glob';

export default defineCommand({
  name: 'extract',
  summary: 'print the people and reviews on saved pages, as the extension captures them',
  usage: `
earshot extract <file.html | folder | 'glob'>... [--url URL] [--site ID] [--now DATE] [--jobs N]

Runs the same extractors as the content scripts over saved pages (files, and the
.html files of folders, in name order), several pages at a time on threads
(one per core), and prints one captured page per line, in the pages' order
(JSON, the 'captured page' shape of FORMATS.md). The site is chosen from --url,
or from the address the page declares (its canonical link or og:url); pages of
no known site go to the generic schema.org extractor. A quoted pattern such as
'saved/*.html' or 'saved/**/*.htm*' is expanded by earshot (* and ? within a
name, [a-z] for one character, ** for any depth of folders), in name order. A page that declares no
address is reported on stderr and skipped (give it alone, with --url); when no
page could be read at all, the exit code is 1.
A page whose layout no longer yields the people on it is reported on stderr
(and printed with what could be read); the exit code is then 1. A page holding
more than a capture keeps (2,000 people, 5,000 contributions) is printed with
what was kept, says so in its "capped" field, and on stderr:
"page.html: 2,000 of 2,500 reviews read (cap)".

  --url URL     the address the page was saved from (one file only)
  --site ID     use this site's extractor: amazon, trustpilot, google-maps, youtube,
                instagram, tiktok, x, bluesky, generic
  --now DATE    the moment relative dates ("2 weeks ago") count back from,
                e.g. the day the page was saved (default: now)
  --jobs N      extract N pages at a time, on as many threads (default: one per core; 1: in turn)
`,
  options: {
    url: { type: 'string' },
    site: { type: 'string' },
    now: { type: 'string' },
    jobs: { type: 'string' },
  },
  async run(values, positionals, io) {
    if (positionals.length === 0) throw new UsageError('give HTML files or folders of HTML files');
    const files = positionals.flatMap((pattern) => pathsOf(pattern, io.cwd)).flatMap((given) => {
      const target = resolve(io.cwd, given);
      return htmlFiles(target, given).map((file) => ({ file, name: file === target ? given : join(given, relative(target, file)) }));
    });
    const url = optionalString(values, 'url');
    if (url && files.length > 1) throw new UsageError('--url names the address of one page; these are several');
    if (url && !/^https?:\/\//i.test(url)) throw new UsageError(`--url ${url}: expected an http(s) address`);
    const siteId = optionalString(values, 'site');
    if (siteId && !siteById(siteId)) throw new UsageError(`--site ${siteId}: no such site`);
    const nowText = optionalString(values, 'now');
    const now = nowText ? Date.parse(nowText) : Date.now();
    if (Number.isNaN(now)) throw new UsageError(`--now ${nowText}: expected a date such as 2024-07-06`);

    const jobs: PageJob[] = files.map(({ file, name }) => ({ file, name, url, siteId, now }));
    const threads = jobsOption(values, jobs.length);
    const workerPath = threads > 1 ? extractWorkerPath() : undefined;
    const results = workerPath ? extractInParallel(jobs, threads, workerPath) : inTurn(jobs);

    let broken = 0;
    let read = 0;
    for await (const result of results) {
      io.stdout.write(result.stdout);
      io.stderr.write(result.stderr);
      if (result.outcome !== 'unread') read++;
      if (result.outcome === 'broken') broken++;
    }
    if (read === 0) throw new InputError(`${files.length === 1 ? files[0]!.name : `${files.length} pages`}: no page could be read`);
    return broken > 0 ? 1 : 0;
  },
});

/** A path as given, or what its wildcards match when it has any and names no file itself (it was quoted). */
function pathsOf(given: string, cwd: string): string[] {
  if (!hasWildcard(given) || existsSync(resolve(cwd, given))) return [given];
  const paths = expandWildcards(given, cwd);
  if (paths.length === 0) throw new UsageError(`${given}: no file or folder matches`);
  return paths;
}

/** The pages one after another in this thread, each printed before the next is read. */
function* inTurn(jobs: readonly PageJob[]): Generator<PageResult> {
  for (const job of jobs) yield extractSavedPage(job);
}

/** How many threads extract: --jobs, or one per core; never more than there are pages. */
function jobsOption(values: OptionValues, pages: number): number {
  const given = optionalString(values, 'jobs');
  const n = given === undefined ? availableParallelism() : Number(given);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`--jobs ${given}: expected a whole number of threads, 1 or more`);
  return Math.min(n, pages);
}

function htmlFiles(target: string, shown: string): string[] {
  let stat;
  try {
    stat = statSync(target);
  } catch {
    throw new UsageError(`${shown}: no such file or folder`);
  }
  if (stat.isFile()) return [target];
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/\.html?$/i.test(entry.name)) found.push(path);
    }
  };
  walk(target);
  if (found.length === 0) throw new UsageError(`${shown}: no .html files in this folder`);
  return found;
}
