import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { parseHTML } from 'linkedom';
import { defineCommand, InputError, optionalString, UsageError, type CliIo } from '../command';
import { extractPage, siteById } from '../../capture/registry';
import { declaredUrl } from '../../capture/generic/meta';
import { cappedText } from '../../capture/builder';
import { jsonLine, warn } from '../printable';

export default defineCommand({
  name: 'extract',
  summary: 'print the people and reviews on saved pages, as the extension captures them',
  usage: `
earshot extract <file.html | folder>... [--url URL] [--site ID] [--now DATE]

Runs the same extractors as the content scripts over saved pages (files, and the
.html files of folders, in name order) and prints one captured page per line
(JSON, the 'captured page' shape of FORMATS.md). The site is chosen from --url,
or from the address the page declares (its canonical link or og:url); pages of
no known site go to the generic schema.org extractor. A page that declares no
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
`,
  options: {
    url: { type: 'string' },
    site: { type: 'string' },
    now: { type: 'string' },
  },
  async run(values, positionals, io) {
    if (positionals.length === 0) throw new UsageError('give HTML files or folders of HTML files');
    const files = positionals.flatMap((given) => {
      const target = resolve(io.cwd, given);
      return htmlFiles(target, given).map((file) => ({ file, name: file === target ? given : join(given, relative(target, file)) }));
    });
    const url = optionalString(values, 'url');
    if (url && files.length > 1) throw new UsageError('--url names the address of one page; these are several');
    if (url && !/^https?:\/\//i.test(url)) throw new UsageError(`--url ${url}: expected an http(s) address`);
    const siteId = optionalString(values, 'site');
    const site = siteId ? siteById(siteId) : undefined;
    if (siteId && !site) throw new UsageError(`--site ${siteId}: no such site`);
    const nowText = optionalString(values, 'now');
    const now = nowText ? Date.parse(nowText) : Date.now();
    if (Number.isNaN(now)) throw new UsageError(`--now ${nowText}: expected a date such as 2024-07-06`);

    let broken = 0;
    let read = 0;
    for (const { file, name } of files) {
      const outcome = extractFile(file, name, { url, site, now }, io);
      if (outcome !== 'unread') read++;
      if (outcome === 'broken') broken++;
    }
    if (read === 0) throw new InputError(`${files.length === 1 ? files[0]!.name : `${files.length} pages`}: no page could be read`);
    return broken > 0 ? 1 : 0;
  },
});

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

/** Extract one saved page and print it; whether it was read, and its layout whole. */
function extractFile(
  file: string,
  name: string,
  options: { url: string | undefined; site: ReturnType<typeof siteById>; now: number },
  io: CliIo,
): 'read' | 'broken' | 'unread' {
  const { document } = parseHTML(readFileSync(file, 'utf8'));
  const doc = document as unknown as Document;
  const url = options.url ?? declaredUrl(doc);
  if (!url) {
    warn(io, `${name}: the page declares no address (no canonical link or og:url): give it with --url; this page is skipped`);
    return 'unread';
  }
  const outcome = extractPage(doc, url, { now: options.now, site: options.site });
  io.stdout.write(jsonLine(outcome.page));
  for (const capped of outcome.page.capped ?? []) warn(io, `${name}: ${cappedText(capped)}`);
  for (const warning of outcome.warnings) warn(io, `${name}: warning: ${warning}`);
  if (outcome.status === 'broken') {
    warn(io, `${name}: broken layout: ${outcome.problem ?? 'unknown problem'}`);
    return 'broken';
  }
  if (outcome.status === 'empty') warn(io, `${name}: no people found (${outcome.page.site}, ${outcome.page.kind} page)`);
  return 'read';
}
