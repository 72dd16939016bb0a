/**
 * Bluesky profiles and posts (bsky.app). The profile header gives the exact
 * follower count in its aria-label ("1101177 followers" behind "1.1M
 * followers"); each feed item is a post of its author, reposts included.
 * People are keyed by their handle, lower case.
 */
import type { ExtractContext, SiteDefinition } from '../types';
import { absoluteUrl, attr, first, plain, text, type Selectors } from '../dom';
import { parseCount, parseLabelledCounts } from '../counts';
import { parseDate } from '../dates';
import { required } from '../extract';
import { describesUrl, readMeta } from '../generic/meta';

const ORIGIN = 'https://bsky.app';

const SELECTORS = {
  displayName: ['[data-testid="profileHeaderDisplayName"]'],
  description: ['[data-testid="profileHeaderDescription"]'],
  followers: [
    '[data-testid="profileHeaderFollowersButton"]', // the profile header (fixtures: metascraper-profile.html, 1 match)
    'a[href$="/followers"]', // the header link without its test id; no saved page needs it (metascraper-profile.html has the test id), 0fbe86c gives no reason
  ],
  follows: [
    '[data-testid="profileHeaderFollowsButton"]', // the profile header (fixtures: metascraper-profile.html, 1 match)
    'a[href$="/follows"]', // the header link without its test id; no saved page needs it (metascraper-profile.html has the test id), 0fbe86c gives no reason
  ],
  feedItem: [
    '[data-testid^="feedItem-by-"]', // posts in a profile feed (fixtures: metascraper-profile.html, 28 matches)
    '[data-testid^="postThreadItem-by-"]', // posts on a thread page, by their test id; no saved page matches it (only a profile is saved), 0fbe86c gives no reason
  ],
  postText: [
    '[data-testid="postText"]', // post text in a profile feed (fixtures: metascraper-profile.html, 28 matches)
    '[data-word-wrap]', // 2026 thread replies: the text has no test id
  ],
  postTime: [
    'a[data-tooltip]', // the post's date link in a profile feed (fixtures: metascraper-profile.html, 34 matches)
    'a[href*="/post/"][aria-label]', // the date link without its tooltip; no saved page needs it (metascraper-profile.html has the tooltip), 0fbe86c gives no reason
  ],
} satisfies Record<string, Selectors>;

export const bluesky: SiteDefinition = {
  id: 'bluesky',
  platform: 'bluesky',
  matches: ['*://bsky.app/*'],
  examples: ['https://bsky.app/profile/stephenking.bsky.social', 'https://bsky.app/profile/stephenking.bsky.social/post/3mddvy5bv6k27', 'https://bsky.app/profile/did:plc:h7obn4tkp47wn7gqh4oe5eij'],
  handles: (url) => /^\/profile\/[^/]+\/?(?:post\/[\w]+\/?)?$/.test(url.pathname),
  extract(ctx) {
    const isPost = ctx.url.pathname.includes('/post/');
    ctx.page.kind = isPost ? 'post' : 'profile';
    if (!isPost) profile(ctx);
    feed(ctx);
    if (isPost) required(ctx.page.profileCount > 0 ? true : undefined, 'bluesky post ([data-testid^=postThreadItem-by-])', 'post author');
  },
};

function profile({ document, url, page }: ExtractContext): void {
  const meta = readMeta(document);
  const fresh = describesUrl(meta.get('og:url'), url.href);
  const fromPath = decodeURIComponent(url.pathname.split('/')[2] ?? '');
  const handle = (fresh ? meta.get('profile:username') : undefined) ?? (fromPath.startsWith('did:') ? undefined : fromPath);
  const nameEl = first(document, SELECTORS.displayName);
  const titleName = fresh ? /^(.*?)\s*\(@[^)]+\)/.exec(meta.get('og:title') ?? '')?.[1] : undefined;
  const header = first(document, SELECTORS.followers)?.parentElement?.parentElement;
  const counts = parseLabelledCounts(text(header));
  page.person(
    {
      key: required(handle, 'bluesky profile (profile:username, URL)', 'handle').toLowerCase(),
      displayName: required(plain(nameEl) || titleName || handle, 'bluesky profile ([data-testid=profileHeaderDisplayName])', 'display name'),
      handle,
      profileUrl: absoluteUrl(`/profile/${handle}`, ORIGIN),
      // The aria-label holds the exact number; the visible text is rounded.
      followers: parseCount(attr(first(document, SELECTORS.followers), 'aria-label')) ?? counts.followers,
      following: parseCount(attr(first(document, SELECTORS.follows), 'aria-label')) ?? counts.following,
      posts: counts.posts,
      bio: text(first(document, SELECTORS.description)) || (fresh ? meta.get('og:description') : undefined),
    },
    nameEl,
  );
}

function feed({ document, url, page, now }: ExtractContext): void {
  // Both kinds, in page order: a thread can hold feed-style items (and a feed thread items), and a
  // selector list that stops at the first kind found would drop the others.
  const items = Array.from(document.querySelectorAll(SELECTORS.feedItem.join(', ')));
  let anchorTaken = false;
  for (const item of items) {
    const author = itemAuthor(item);
    if (!author) continue;
    const byAuthor = links(item).filter((l) => l.profile === author.handle || l.profile === author.did);
    // The author's name is the first of their profile links with text; without a display name Bluesky shows the handle.
    const name = byAuthor.filter((l) => l.post === undefined).map((l) => plain(l.element)).find((t) => t !== '' && !t.startsWith('@'));
    const nameLink = byAuthor.find((l) => l.post === undefined)?.element;
    const key = page.person({ key: author.handle.toLowerCase(), displayName: name?.replace(/\s*@\S+$/, '') || author.handle, handle: author.handle, profileUrl: absoluteUrl(`/profile/${author.handle}`, ORIGIN) }, nameLink);
    if (!key) continue;
    // Its own timestamp link, not a quoted post's; the thread's focused post has none, and is the address shown.
    const own = byAuthor.find((l) => l.post !== undefined && l.element.hasAttribute('data-tooltip')) ?? byAuthor.find((l) => l.post !== undefined);
    const isAnchor = !own && !anchorTaken && url.pathname.includes('/post/') && sameProfile(url.pathname, author);
    if (isAnchor) anchorTaken = true;
    const time = own?.element ?? first(item, SELECTORS.postTime);
    page.contribution({
      profileKey: key,
      type: 'post',
      id: own ? `/profile/${own.profile}/post/${own.post}` : isAnchor ? url.pathname.replace(/\/+$/, '') : undefined,
      date: parseDate(attr(time, 'data-tooltip') ?? attr(time, 'aria-label'), { now }),
      text: text(first(item, SELECTORS.postText)),
    });
  }
}

interface ItemAuthor {
  handle: string;
  did: string | undefined;
}

/**
 * The item's author: the handle in its test id ("postThreadItem-by-<handle>");
 * when that is a DID or "handle.invalid", the handle of the first profile link
 * in the item (the avatar), so two such authors are not one person.
 */
function itemAuthor(item: Element): ItemAuthor | undefined {
  const tagged = /-by-(.+)$/.exec(attr(item, 'data-testid') ?? '')?.[1];
  if (!tagged) return undefined;
  if (!tagged.startsWith('did:') && tagged !== 'handle.invalid') return { handle: tagged, did: undefined };
  const profile = links(item).find((l) => l.post === undefined && !l.profile.startsWith('did:'))?.profile;
  return profile ? { handle: profile, did: tagged.startsWith('did:') ? tagged : undefined } : tagged.startsWith('did:') ? { handle: tagged, did: tagged } : undefined;
}

interface ProfileLink {
  element: Element;
  profile: string;
  post: string | undefined;
}

/** Links to profiles and posts in an item, relative or absolute (a page saved by a browser makes them absolute). */
function links(item: Element): ProfileLink[] {
  const found: ProfileLink[] = [];
  for (const a of Array.from(item.querySelectorAll('a[href*="/profile/"]'))) {
    const m = /^(?:https?:\/\/bsky\.app)?\/profile\/([^/?#]+)\/?(?:post\/([\w]+))?\/?$/.exec(attr(a, 'href') ?? '');
    // A DID's colons may come percent-encoded; handles are letters, digits, dots and hyphens.
    if (m) found.push({ element: a, profile: m[1]!.replace(/%3a/gi, ':'), post: m[2] });
  }
  return found;
}

function sameProfile(path: string, author: ItemAuthor): boolean {
  const shown = (path.split('/')[2] ?? '').replace(/%3a/gi, ':').toLowerCase();
  return shown === author.handle.toLowerCase() || shown === author.did?.toLowerCase();
}
