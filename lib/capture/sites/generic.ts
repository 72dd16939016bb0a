/**
 * Any page Earshot has no module for, and the fallback of a module that finds
 * nobody: the contributions (reviews, comments, posts, answers) and their
 * authors, found with no knowledge of the site from three sources:
 * - schema.org markup (JSON-LD, microdata, RDFa): Review, Comment,
 *   DiscussionForumPosting, UserComments, QAPage answers, with nested comments;
 * - application state the page embeds in scripts (__NEXT_DATA__, Apollo and
 *   Relay caches, Redux and Nuxt state, other JSON) whose objects look like
 *   contributions;
 * - repeated structures in the page: names of people in the same markup,
 *   each with a date, a rating or words (lib/capture/generic/repeated.ts).
 * The source that finds the most trustworthy list wins; nobody is better
 * than noise. It runs only when the user asks from the popup, or inside a
 * module's own content script, so Earshot needs no permission to read every
 * site. People are platform 'other', keyed by their profile URL (host and
 * path) or, without one, by the site and their name as shown.
 */
import type { ExtractContext, SiteDefinition } from '../types';
import { readJsonLdScripts } from '../generic/jsonld';
import { readMicrodata, readRdfa } from '../generic/microdata';
import { describesUrl } from '../generic/meta';
import { contributionsFromSchema, profilesFromJsonLd, type SchemaNodes } from '../generic/schema';
import { findRepeatedItems } from '../generic/repeated';
import { scanPage } from '../generic/scan';
import { budget } from '../generic/budget';
import { readingPage } from '../generic/words';
import { embeddedJson } from '../generic/scripts';
import { findStateItems } from '../generic/state';
import { markOwnerReplies, pageOwner } from '../generic/owner';
import type { Found, FoundItem } from '../generic/found';

export const generic: SiteDefinition = {
  id: 'generic',
  platform: 'other',
  // Injected on demand (scripting.executeScript from the popup), never by match patterns.
  matches: [],
  examples: ['https://www.skinnytaste.com/sesame-chicken/', 'https://shop.example.nl/products/koffiemolen#reviews'],
  handles: () => true,
  extract(ctx) {
    readingPage(() => extractGeneric(ctx));
  },
};

function extractGeneric(ctx: ExtractContext): void {
  const { document, url, page } = ctx;
  // One bounded walk of the page feeds every strategy: 40% of the time for the walk, up to 70% with
  // reading the items, the rest for putting the page together.
  const ms = ctx.budgetMs ?? Infinity;
  const total = budget(ms * 0.7);
  const scanning = budget(ms * 0.4);
  const scan = scanPage(document, url, scanning);
  const jsonLd = readJsonLdScripts(scan.scripts);
  if (jsonLd.malformed > 0) page.warn(`generic: ${jsonLd.malformed} JSON-LD block(s) could not be read`);
  const sources: SchemaNodes[] = [jsonLd, { roots: readMicrodata(scan.microdata), byId: new Map() }, { roots: readRdfa(scan.rdfa), byId: new Map() }];

  for (const nodes of sources) {
    // A profile page is about the address shown: after in-app navigation its markup may describe the last one.
    for (const person of profilesFromJsonLd(nodes, url.href).filter((p) => describesUrl(p.url, url.href))) {
      const key = page.person({
        key: personKey(ctx, person.url, person.name),
        displayName: person.name ?? person.handle,
        handle: person.handle,
        profileUrl: person.url,
        followers: person.followers,
        following: person.following,
        posts: person.posts,
        bio: person.bio,
        location: person.location,
        website: person.website,
      });
      if (key) page.kind = 'profile';
    }
  }
  const schemaItems: FoundItem[] = sources.flatMap((nodes) => contributionsFromSchema(nodes, url.href));
  const found: Found[] = [{ strategy: 'schema', items: schemaItems, confidence: 1 }];
  found.push({ strategy: 'page', items: findRepeatedItems(document, scan, { now: ctx.now, url, budget: total }), confidence: 0.9 });
  // Embedded state costs a parse of the page's scripts: read it only when the page itself shows too few.
  if ((choose(found)?.items.length ?? 0) < MIN_SHOWN) found.push({ strategy: 'state', items: findStateItems(embeddedJson(scan.scripts, total), { now: ctx.now, url, budget: total }), confidence: 0.8 });
  if (scanning.spent() || total.spent()) page.warn(`generic: the page was read in part (its ${ms} ms were spent)`);
  const best = choose(found);
  if (!best) return;
  markOwnerReplies(best.items, pageOwner(scan, url, jsonLd.roots), url);
  for (const item of best.items) {
    const key = page.person({ key: personKey(ctx, item.author.url, item.author.name), displayName: item.author.name, profileUrl: item.author.url }, item.anchor);
    if (!key) continue;
    if (page.kind === 'unknown') page.kind = best.items.some((it) => it.type === 'review') ? 'reviews' : 'post';
    page.contribution({
      profileKey: key,
      type: item.type,
      id: item.id === undefined ? undefined : `${url.host}#${item.id}`,
      rating: item.rating,
      ratingScale: item.ratingScale,
      date: item.date,
      text: item.text,
      subject: item.subject,
      depth: item.depth,
      role: item.role,
    });
  }
}

/** Fewer contributions than this in the markup and the embedded state is read too. */
const MIN_SHOWN = 3;

/** The strategy with the most items, weighed by how much it is trusted; none when all found nobody. */
function choose(found: readonly Found[]): Found | undefined {
  let best: Found | undefined;
  for (const f of found) {
    if (f.items.length === 0) continue;
    if (!best || f.items.length * f.confidence > best.items.length * best.confidence) best = f;
  }
  return best;
}

/** The profile URL without its scheme, or "<site>:<name>" for an author known only by name on this site. */
function personKey({ url }: ExtractContext, profileUrl: string | undefined, name: string | undefined): string | undefined {
  if (profileUrl) {
    try {
      const u = new URL(profileUrl);
      return `${u.host.replace(/^www\./, '')}${u.pathname.replace(/\/+$/, '')}${u.search}`;
    } catch {
      // fall through to the name
    }
  }
  return name ? `${url.host.replace(/^www\./, '')}:${name.trim()}` : undefined;
}
