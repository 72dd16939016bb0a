/**
 * One saved page through the extractors, as text: the captured page's JSON
 * line and the messages about it. The same function runs in `earshot extract`
 * itself and in its worker threads, so a page gives the same output either way.
 */
import { readFileSync } from 'node:fs';
import { parseHTML } from 'linkedom';
import { extractPage, siteById } from '../capture/registry';
import { declaredUrl } from '../capture/generic/meta';
import { cappedText } from '../capture/builder';
import { jsonLine, printable } from './printable';

/** What a page is extracted with: all plain data, so it can be sent to a worker. */
export interface PageJob {
  file: string;
  /** The page's name in messages: as the user gave it. */
  name: string;
  url: string | undefined;
  siteId: string | undefined;
  now: number;
}

export interface PageResult {
  /** The captured page's JSON line ('' when the page was skipped). */
  stdout: string;
  /** Message lines for stderr, escaped, each ending in a newline. */
  stderr: string;
  /** read; broken = read, but its layout no longer yields the people on it; unread = skipped. */
  outcome: 'read' | 'broken' | 'unread';
}

export function extractSavedPage(job: PageJob): PageResult {
  const { document } = parseHTML(readFileSync(job.file, 'utf8'));
  const doc = document as unknown as Document;
  const messages: string[] = [];
  const say = (text: string) => messages.push(`${printable(text)}\n`);
  const url = job.url ?? declaredUrl(doc);
  if (!url) {
    say(`${job.name}: the page declares no address (no canonical link or og:url): give it with --url; this page is skipped`);
    return { stdout: '', stderr: messages.join(''), outcome: 'unread' };
  }
  const outcome = extractPage(doc, url, { now: job.now, site: job.siteId ? siteById(job.siteId) : undefined });
  for (const capped of outcome.page.capped ?? []) say(`${job.name}: ${cappedText(capped)}`);
  for (const warning of outcome.warnings) say(`${job.name}: warning: ${warning}`);
  if (outcome.status === 'broken') say(`${job.name}: broken layout: ${outcome.problem ?? 'unknown problem'}`);
  if (outcome.status === 'empty') say(`${job.name}: no people found (${outcome.page.site}, ${outcome.page.kind} page)`);
  return { stdout: jsonLine(outcome.page), stderr: messages.join(''), outcome: outcome.status === 'broken' ? 'broken' : 'read' };
}
