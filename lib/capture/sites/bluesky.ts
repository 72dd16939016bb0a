/**
 * Bluesky profiles and posts (bsky.app). The profile header gives the exact
 * follower count in its aria-label ("1101177 followers" behind "1.1M
 * followers"); each feed item is a post of its author, reposts included.
 * People are keyed by their handle, lower case.
 */
import type { ExtractContext, SiteDefinition } from '../types';
import { absoluteUrl, all, attr, first, plain, text, type Selectors } from '../dom';
import { parseCount, parseLabelledCounts } from '../counts';
import { parseDate } from '../dates';
import { required } from '../extract';
import { describesUrl, readMeta } from '../generic/meta';

const ORIGIN = 'https://bsky.app';

const SELECTORS = {
  displayName: ['[data-testid="profileHeaderDisplayName"]'],
  description: ['[data-testid="profileHeaderDescription"]'],
  followers: ['[data-testid="profileHeaderFollowersButton"]', 'a[href$="/followers"]'],
  follows: ['[data-testid="profileHeaderFollowsButton"]', 'a[href$="/follows"]'],
  feedItem: ['[data-testid^="feedItem-by-"]', '[data-testid^="postThreadItem-by-"]'],
  postText: ['[data-testid="postText"]'],
  postTime: ['a[data-tooltip]', 'a[href*="/post/"][aria-label]'],
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

function feed({ document, page, now }: ExtractContext): void {
  for (const item of all(document, SELECTORS.feedItem)) {
    const handle = /-by-(.+)$/.exec(attr(item, 'data-testid') ?? '')?.[1];
    if (!handle) continue;
    const authorLink = item.querySelector(`a[href="/profile/${cssEscape(handle)}"]`);
    // The author's name is the first link to their profile that has text; without a display name Bluesky shows the handle.
    const name = Array.from(item.querySelectorAll(`a[href="/profile/${cssEscape(handle)}"]`))
      .map((a) => plain(a))
      .find((t) => t !== '' && !t.startsWith('@'));
    const key = page.person({ key: handle.toLowerCase(), displayName: name?.replace(/\s*@\S+$/, '') || handle, handle, profileUrl: absoluteUrl(`/profile/${handle}`, ORIGIN) }, authorLink);
    if (!key) continue;
    const postLink = item.querySelector(`a[href^="/profile/${cssEscape(handle)}/post/"]`);
    const time = first(item, SELECTORS.postTime);
    page.contribution({
      profileKey: key,
      type: 'post',
      id: attr(postLink, 'href'),
      date: parseDate(attr(time, 'data-tooltip') ?? attr(time, 'aria-label'), { now }),
      text: text(first(item, SELECTORS.postText)),
    });
  }
}

/** Handles are letters, digits, dots and hyphens; escape anything else so a hostile one cannot break the selector. */
function cssEscape(value: string): string {
  return value.replace(/[^\w.-]/g, (c) => `\\${c.codePointAt(0)!.toString(16)} `);
}
