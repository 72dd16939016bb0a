/**
 * The page's owner, as the page names them: its author (meta author,
 * article:author, rel=author, the author of the schema.org Article or
 * posting it is about) and whoever's home the site itself is (a journal on
 * its own subdomain). Their contributions on their own page are replies
 * from the owner (role 'owner-reply'), not their own say.
 */
import type { FoundItem } from './found';
import { arr, isObject, str, type JsonObject } from './json';
import { hasType } from './jsonld';

const ARTICLE_TYPES = ['Article', 'NewsArticle', 'BlogPosting', 'Blog', 'Report', 'TechArticle', 'DiscussionForumPosting', 'SocialMediaPosting'];

export interface PageOwner {
  names: Set<string>;
  /** Addresses without scheme, www. and trailing slash. */
  urls: Set<string>;
}

function addressKey(value: string, base: URL): string | undefined {
  try {
    const u = new URL(value, base);
    return `${u.host.replace(/^www\./, '').toLowerCase()}${u.pathname.replace(/\/+$/, '')}`;
  } catch {
    return undefined;
  }
}

const nameKey = (name: string) => name.replace(/\s+/g, ' ').trim().toLowerCase();

export function pageOwner(tags: { metas: readonly Element[]; links: readonly Element[] }, url: URL, jsonLd: readonly JsonObject[]): PageOwner {
  const owner: PageOwner = { names: new Set(), urls: new Set() };
  const addName = (value: string | undefined) => {
    if (value && value.length <= 80 && !/^https?:/i.test(value)) owner.names.add(nameKey(value));
  };
  const addUrl = (value: string | undefined) => {
    const key = value ? addressKey(value, url) : undefined;
    if (key) owner.urls.add(key);
  };
  // The site's home is its owner's: a journal or blog on its own host.
  addUrl(`${url.origin}/`);
  for (const meta of tags.metas) {
    if (meta.getAttribute('name') !== 'author' && meta.getAttribute('property') !== 'article:author') continue;
    const content = meta.getAttribute('content')?.trim();
    if (content && /^https?:\/\//i.test(content)) addUrl(content);
    else addName(content);
  }
  for (const link of tags.links) if (/(?:^|\s)author(?:\s|$)/i.test(link.getAttribute('rel') ?? '')) addUrl(link.getAttribute('href') ?? undefined);
  for (const node of jsonLd) {
    if (!hasType(node, ...ARTICLE_TYPES)) continue;
    for (const author of arr(node.author)) {
      if (typeof author === 'string') addName(author);
      else if (isObject(author)) {
        addName(str(author.name));
        addUrl(str(author.url));
      }
    }
  }
  return owner;
}

/** Marks the owner's contributions (those not marked already) as replies from the owner. */
export function markOwnerReplies(items: FoundItem[], owner: PageOwner, base: URL): void {
  for (const item of items) {
    if (item.role) continue;
    const url = item.author.url ? addressKey(item.author.url, base) : undefined;
    if ((url !== undefined && owner.urls.has(url)) || (url === undefined && owner.names.has(nameKey(item.author.name)))) item.role = 'owner-reply';
  }
}
