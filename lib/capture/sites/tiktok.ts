/**
 * TikTok profiles and videos. __UNIVERSAL_DATA_FOR_REHYDRATION__ holds the
 * exact counts (statsV2: "783427" where the page shows "783.4K"); it is used
 * only while it is about the account in the address bar, and the rendered
 * data-e2e elements are read otherwise. People are keyed by their uniqueId
 * (the @name), lower case.
 */
import type { ExtractContext, SiteDefinition } from '../types';
import type { ProfileDraft } from '../builder';
import { absoluteUrl, attr, first, plain, text, type Selectors } from '../dom';
import { parseCount } from '../counts';
import { fromUnixSeconds } from '../dates';
import { required } from '../extract';
import { scriptJsonById } from '../generic/embedded';
import { bool, dig, isObject, num, str, type JsonObject } from '../generic/json';

const ORIGIN = 'https://www.tiktok.com';

const SELECTORS = {
  uniqueId: [
    '[data-e2e="user-title"]', // the rendered profile header (fixtures: metascraper-profile.html, 1 match)
    'h1[data-e2e="user-title"]', // narrower than the line above, so it never wins; kept from 0fbe86c, which gives no reason
  ],
  nickname: ['[data-e2e="user-subtitle"]'],
  followers: ['[data-e2e="followers-count"]'],
  following: ['[data-e2e="following-count"]'],
  bio: ['[data-e2e="user-bio"]'],
  link: ['[data-e2e="user-link"]'],
  // Video pages: read only when the embedded data is not about this video (see above).
  videoAuthor: [
    '[data-e2e="browse-username"]', // no saved page matches it (metascraper-video*.html carry the data embedded); from 0fbe86c, no reason given
    '[data-e2e="video-author-uniqueid"]', // no saved page matches it either; from 0fbe86c, no reason given
  ],
  videoAuthorName: [
    '[data-e2e="browser-nickname"] span', // no saved page matches it; from 0fbe86c, no reason given
    '[data-e2e="video-author-nickname"]', // no saved page matches it either; from 0fbe86c, no reason given
  ],
  videoDesc: [
    '[data-e2e="browse-video-desc"]', // no saved page matches it; from 0fbe86c, no reason given
    '[data-e2e="video-desc"]', // the video page description (fixtures: metascraper-video.html, 2 matches; not the 2026 PWA page)
  ],
} satisfies Record<string, Selectors>;

export const tiktok: SiteDefinition = {
  id: 'tiktok',
  platform: 'tiktok',
  matches: ['*://www.tiktok.com/*', '*://m.tiktok.com/*'],
  examples: ['https://www.tiktok.com/@illojuan', 'https://www.tiktok.com/@illojuan/video/7571863205253778710', 'https://m.tiktok.com/@some.creator?lang=nl'],
  handles: (url) => /^\/@[^/]+\/?(?:video\/\d+)?\/?$/.test(url.pathname),
  extract(ctx) {
    if (/\/video\/\d+/.test(ctx.url.pathname)) videoPage(ctx);
    else profilePage(ctx);
  },
};

function scope(doc: Document): JsonObject | undefined {
  const data = scriptJsonById(doc, '__UNIVERSAL_DATA_FOR_REHYDRATION__');
  const inner = dig(data, '__DEFAULT_SCOPE__');
  return isObject(inner) ? inner : undefined;
}

/**
 * The older start-up data (SIGI_STATE, 2021-2023; still served to some
 * clients): users and their stats keyed by uniqueId, videos keyed by id.
 */
function sigi(doc: Document): JsonObject | undefined {
  const data = scriptJsonById(doc, 'SIGI_STATE');
  return isObject(data) ? data : undefined;
}

/** A SIGI_STATE user with their stats, by uniqueId in any case. */
function sigiUser(state: JsonObject | undefined, handle: string): ProfileDraft | undefined {
  const users = dig(state, 'UserModule', 'users');
  if (!isObject(users)) return undefined;
  const id = Object.keys(users).find((k) => k.toLowerCase() === handle.toLowerCase());
  return id === undefined ? undefined : fromData(users[id], undefined, dig(state, 'UserModule', 'stats', id));
}

function urlHandle(url: URL): string {
  return decodeURIComponent(url.pathname.split('/')[1] ?? '').replace(/^@/, '');
}

function profilePage({ document, url, page }: ExtractContext): void {
  page.kind = 'profile';
  const handle = urlHandle(url);
  const info = dig(scope(document), 'webapp.user-detail', 'userInfo');
  const fresh = str(dig(info, 'user', 'uniqueId'))?.toLowerCase() === handle.toLowerCase();
  const draft = (fresh ? fromData(dig(info, 'user'), dig(info, 'statsV2'), dig(info, 'stats')) : undefined) ?? sigiUser(sigi(document), handle) ?? fromProfileDom(document, handle);
  const key = required(draft?.key, 'tiktok profile (__UNIVERSAL_DATA_FOR_REHYDRATION__ user-detail, [data-e2e=user-title])', 'uniqueId');
  page.person({ ...draft, key, displayName: draft?.displayName }, first(document, SELECTORS.uniqueId));
}

function videoPage({ document, url, page }: ExtractContext): void {
  page.kind = 'post';
  const videoId = /\/video\/(\d+)/.exec(url.pathname)![1]!;
  const state = sigi(document);
  const sigiItem = dig(state, 'ItemModule', videoId);
  const universal = dig(scope(document), 'webapp.video-detail', 'itemInfo', 'itemStruct');
  // An item without an id (a reduced page) is this video when its author is the one in the address.
  const id = str(dig(universal, 'id'));
  const item = id === videoId || (id === undefined && str(dig(universal, 'author', 'uniqueId'))?.toLowerCase() === urlHandle(url).toLowerCase()) ? universal : isObject(sigiItem) ? sigiItem : undefined;
  const fresh = item !== undefined;
  const fromItem = !fresh ? undefined : item === universal ? fromData(dig(item, 'author'), dig(item, 'authorStatsV2'), dig(item, 'authorStats')) : sigiAuthor(state, item);
  const author = fromItem ?? fromVideoDom(document, url);
  const key = required(author?.key, 'tiktok video author (itemStruct.author, [data-e2e=browse-username])', 'uniqueId');
  page.person({ ...author, key, displayName: author?.displayName });
  page.contribution({
    profileKey: key,
    type: 'post',
    id: `video:${videoId}`,
    date: fresh ? fromUnixSeconds(dig(item, 'createTime')) : undefined,
    text: fresh ? str(dig(item, 'desc')) : text(first(document, SELECTORS.videoDesc)),
  });
}

/** A user object with its stats; statsV2 holds exact counts as strings, stats rounded numbers. */
function fromData(user: unknown, exact: unknown, rounded: unknown): ProfileDraft | undefined {
  const uniqueId = str(dig(user, 'uniqueId'));
  if (!uniqueId) return undefined;
  const safe = (v: number | undefined) => (v !== undefined && Number.isSafeInteger(v) && v >= 0 ? v : undefined);
  const stat = (name: string) => safe(num(dig(exact, name))) ?? safe(num(dig(rounded, name)));
  const link = str(dig(user, 'bioLink', 'link'));
  return {
    key: uniqueId.toLowerCase(),
    displayName: str(dig(user, 'nickname')) ?? uniqueId,
    handle: uniqueId,
    profileUrl: absoluteUrl(`/@${uniqueId}`, ORIGIN),
    followers: stat('followerCount'),
    following: stat('followingCount'),
    posts: stat('videoCount'),
    verified: bool(dig(user, 'verified')),
    bio: str(dig(user, 'signature')),
    website: link,
  };
}

/** A SIGI_STATE video's author: the user table, with the counts the video carries where the table has none. */
function sigiAuthor(state: JsonObject | undefined, item: unknown): ProfileDraft | undefined {
  const user = sigiUser(state, str(dig(item, 'author')) ?? '');
  if (!user) return undefined;
  const carried = fromData({ uniqueId: user.handle }, undefined, dig(item, 'authorStats'));
  return { ...user, followers: user.followers ?? carried?.followers, following: user.following ?? carried?.following, posts: user.posts ?? carried?.posts };
}

function fromProfileDom(doc: Document, handle: string): ProfileDraft | undefined {
  const uniqueId = plain(first(doc, SELECTORS.uniqueId));
  if (!uniqueId || uniqueId.toLowerCase() !== handle.toLowerCase()) return undefined;
  const link = first(doc, SELECTORS.link);
  const target = attr(link, 'href');
  return {
    key: uniqueId.toLowerCase(),
    displayName: plain(first(doc, SELECTORS.nickname)) || uniqueId,
    handle: uniqueId,
    profileUrl: absoluteUrl(`/@${uniqueId}`, ORIGIN),
    followers: parseCount(plain(first(doc, SELECTORS.followers))),
    following: parseCount(plain(first(doc, SELECTORS.following))),
    bio: text(first(doc, SELECTORS.bio)) || undefined,
    // The bio link goes through TikTok's redirector; its target parameter is the site.
    website: (target ? new URL(target, ORIGIN).searchParams.get('target') : null) ?? (plain(link) || undefined),
  };
}

function fromVideoDom(doc: Document, url: URL): ProfileDraft | undefined {
  const uniqueId = plain(first(doc, SELECTORS.videoAuthor)) || urlHandle(url);
  if (!uniqueId) return undefined;
  return {
    key: uniqueId.toLowerCase(),
    displayName: plain(first(doc, SELECTORS.videoAuthorName)) || uniqueId,
    handle: uniqueId,
    profileUrl: absoluteUrl(`/@${uniqueId}`, ORIGIN),
  };
}
