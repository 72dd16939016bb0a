/**
 * YouTube channel pages (the channel owner: subscribers, videos, verified) and
 * watch pages (the video's owner, the video as their post, and commenters as
 * they load). ytInitialData is read only while it still describes the page
 * shown: YouTube navigates without reloading and leaves the first page's data
 * in place, so after a navigation the rendered elements are read instead.
 * Channels are keyed by their @handle (lower case), which every page shows.
 */
import type { ExtractContext, SiteDefinition } from '../types';
import type { ProfileDraft } from '../builder';
import { absoluteUrl, all, attr, first, plain, text, type Selectors } from '../dom';
import { parseCount, parseLabelledCounts } from '../counts';
import { parseDate } from '../dates';
import { required } from '../extract';
import { scriptAssignment } from '../generic/embedded';
import { arr, dig, findWithKey, isObject, str, type JsonObject } from '../generic/json';
import { readMicrodata } from '../generic/microdata';
import { hasType } from '../generic/jsonld';

const ORIGIN = 'https://www.youtube.com';

const SELECTORS = {
  // Rendered elements only: youtube/metascraper-*.html are server HTML, read through ytInitialData,
  // and match none of these. The one rendered saved page is the generic extractor's 2018 watch page
  // (pages-generic/dev/youtube/blog-skipper-watch-comments-2018.html).
  // Channel header, rendered (used after in-app navigation).
  channelHeader: [
    'yt-page-header-renderer', // 2024+ page header
    '#page-header', // no saved page matches it; from 0fbe86c, no reason given
    'ytd-c4-tabbed-header-renderer', // before 2024
  ],
  channelTitle: [
    'yt-dynamic-text-view-model h1', // 2024+ page header; no saved page matches it, rendered.test.ts markup uses it
    'h1', // any header heading; the 2018 page's (empty) tabbed header has one, no saved channel page
    '#channel-name #text', // no saved page matches it; from 0fbe86c, no reason given
    '#channel-name', // no saved page matches it; from 0fbe86c, no reason given
  ],
  channelMetadata: [
    'yt-content-metadata-view-model', // 2024+ page header; no saved page matches it, rendered.test.ts markup uses it
    '#channel-header-container', // before 2024: inside the tabbed header of the 2018 watch page, no saved channel page
    '#inner-header-container', // before 2024: inside the tabbed header of the 2018 watch page, no saved channel page
  ],
  channelHandle: ['#channel-handle'],
  channelDescription: [
    'yt-description-preview-view-model', // no saved page matches it; from 0fbe86c, no reason given
    '#channel-tagline', // no saved page matches it; from 0fbe86c, no reason given
  ],
  // Watch page owner, rendered.
  owner: [
    'ytd-watch-metadata ytd-video-owner-renderer', // the owner under the title; no saved page matches it, rendered.test.ts markup uses it
    'ytd-video-owner-renderer', // 2018 watch page (fixtures: pages-generic/dev/youtube/blog-skipper-watch-comments-2018.html, 1 match)
    '#owner', // the owner's container (2018 watch page (fixtures: pages-generic/dev/youtube/blog-skipper-watch-comments-2018.html, 1 match; the line above wins)
  ],
  ownerLink: [
    '#channel-name a[href]', // no saved page matches it, rendered.test.ts markup uses it
    'a[href^="/@"]', // a handle link; no saved page matches it; from 0fbe86c, no reason given
    'a[href*="/channel/"]', // a channel-id link, before handles (2018 watch page (fixtures: pages-generic/dev/youtube/blog-skipper-watch-comments-2018.html, 1 in the owner)
  ],
  ownerSubscribers: ['#owner-sub-count'],
  videoTitle: [
    'ytd-watch-metadata h1', // no saved page matches it, rendered.test.ts markup uses it
    'h1.ytd-watch-metadata', // no saved page matches it; from 0fbe86c, no reason given
    '#title h1', // no saved page matches it; from 0fbe86c, no reason given (the 2018 page's title is in ytd-video-primary-info-renderer)
  ],
  // Comments (loaded as the viewer scrolls).
  comment: [
    'ytd-comment-thread-renderer ytd-comment-view-model', // no saved page matches it, rendered.test.ts markup uses it
    'ytd-comment-thread-renderer ytd-comment-renderer', // 2018 watch page (fixtures: pages-generic/dev/youtube/blog-skipper-watch-comments-2018.html, 35 comments)
    'ytd-comment-view-model', // a comment outside a thread renderer; no saved page matches it; from 0fbe86c, no reason given
  ],
  commentAuthor: [
    '#author-text', // every comment (2018 watch page (fixtures: pages-generic/dev/youtube/blog-skipper-watch-comments-2018.html, 35 of 35); rendered.test.ts markup uses it
    'a[href^="/@"]', // a handle link; no saved page matches it; from 0fbe86c, no reason given
  ],
  commentText: ['#content-text'],
  commentTime: ['#published-time-text'],
  commentLikes: ['#vote-count-middle'],
  /** The comment's own link ("2 weeks ago" points at ?v=…&lc=<comment id>). */
  commentLink: [
    '#published-time-text a[href*="lc="]', // the date link (2018 watch page (fixtures: pages-generic/dev/youtube/blog-skipper-watch-comments-2018.html, 35 of 35)
    'a[href*="lc="]', // any link to the comment; the 2018 page matches the line above first (ec35b50 gives no other layout)
  ],
} satisfies Record<string, Selectors>;

export const youtube: SiteDefinition = {
  id: 'youtube',
  platform: 'youtube',
  matches: ['*://www.youtube.com/*', '*://m.youtube.com/*'],
  examples: [
    'https://www.youtube.com/@OneMedia.',
    'https://www.youtube.com/channel/UCzcRQ3vRNr6fJ1A9rqFn7QA',
    'https://www.youtube.com/watch?v=DIsktwOQZuU',
    'https://m.youtube.com/shorts/abcdefghijk',
    'https://www.youtube.com/@jannekebakt/videos',
  ],
  handles: (url) => url.pathname === '/watch' || /^\/(?:@[^/]+|channel\/UC[\w-]+|c\/[^/]+|user\/[^/]+|shorts\/[\w-]+)/.test(url.pathname),
  extract(ctx) {
    if (ctx.url.pathname === '/watch' || ctx.url.pathname.startsWith('/shorts/')) watchPage(ctx);
    else channelPage(ctx);
  },
};

// --- channel pages ------------------------------------------------------------

function channelPage(ctx: ExtractContext): void {
  const { document, url, page } = ctx;
  page.kind = 'profile';
  const data = scriptAssignment(document, 'ytInitialData');
  const fromData = isObject(data) && describesChannel(data, url) ? channelFromData(data) : undefined;
  const draft = fromData ?? channelFromDom(document, url);
  const key = required(draft?.key, 'youtube channel header (ytInitialData header, yt-page-header-renderer)', 'channel handle');
  page.person({ ...draft, key, displayName: required(draft?.displayName, 'youtube channel header', 'channel name') }, first(document, SELECTORS.channelHeader));
}

/** Whether ytInitialData is about the channel in the address bar (not a channel visited before). */
function describesChannel(data: JsonObject, url: URL): boolean {
  const meta = dig(data, 'metadata', 'channelMetadataRenderer');
  const segment = decodeURIComponent(url.pathname.split('/')[1] ?? '').toLowerCase();
  const second = decodeURIComponent(url.pathname.split('/')[2] ?? '').toLowerCase();
  const known = [str(dig(meta, 'externalId')), str(dig(meta, 'vanityChannelUrl')), ...arr(dig(meta, 'ownerUrls')).map(str)]
    .filter((v): v is string => v !== undefined)
    .map((v) => v.replace(/^https?:\/\/[^/]+\//, '').toLowerCase());
  if (segment.startsWith('@')) return known.includes(segment);
  if (segment === 'channel') return known.includes(second);
  return true; // /c/name and /user/name cannot be checked against the data; trust it on first load
}

function channelFromData(data: JsonObject): ProfileDraft | undefined {
  const meta = dig(data, 'metadata', 'channelMetadataRenderer');
  const c4 = dig(data, 'header', 'c4TabbedHeaderRenderer');
  const modern = dig(data, 'header', 'pageHeaderRenderer', 'content', 'pageHeaderViewModel');
  let handle: string | undefined;
  let displayName = str(dig(meta, 'title'));
  let followers: number | undefined;
  let posts: number | undefined;
  let verified: boolean | undefined;

  if (isObject(c4)) {
    // Before 2024: c4TabbedHeaderRenderer.
    handle = runsText(c4.channelHandleText) ?? str(dig(c4, 'navigationEndpoint', 'browseEndpoint', 'canonicalBaseUrl'))?.replace(/^\//, '');
    displayName ??= str(c4.title);
    followers = subscriberCount(c4.subscriberCountText);
    posts = parseCount(runsText(c4.videosCountText));
    verified = arr(c4.badges).some((b) => str(dig(b, 'metadataBadgeRenderer', 'style'))?.includes('VERIFIED'));
  } else if (isObject(modern)) {
    // 2024+: pageHeaderViewModel with metadata rows ("@handle", "4.69M subscribers • 6.8K videos").
    displayName ??= str(dig(modern, 'title', 'dynamicTextViewModel', 'text', 'content'));
    const parts = arr(dig(modern, 'metadata', 'contentMetadataViewModel', 'metadataRows'))
      .flatMap((row) => arr(dig(row, 'metadataParts')))
      .map((part) => str(dig(part, 'text', 'content')))
      .filter((v): v is string => v !== undefined);
    handle = parts.find((p) => p.startsWith('@'));
    const counts = parseLabelledCounts(parts.join(' · '));
    followers = counts.followers;
    posts = counts.posts;
    verified = JSON.stringify(dig(modern, 'title') ?? {}).includes('CHECK_CIRCLE');
  }
  handle ??= str(dig(meta, 'vanityChannelUrl'))?.replace(/^https?:\/\/[^/]+\//, '');
  if (!handle || !displayName) return undefined;
  return {
    key: handle.toLowerCase(),
    displayName,
    handle,
    profileUrl: absoluteUrl(`/${handle}`, ORIGIN),
    followers,
    posts,
    verified,
    bio: str(dig(meta, 'description')),
  };
}

function channelFromDom(doc: Document, url: URL): ProfileDraft | undefined {
  const header = first(doc, SELECTORS.channelHeader);
  if (!header) return undefined;
  const metadata = text(first(header, SELECTORS.channelMetadata) ?? header);
  const fromUrl = url.pathname.split('/')[1]?.startsWith('@') ? decodeURIComponent(url.pathname.split('/')[1]!) : undefined;
  const handle = /@[\p{L}\p{N}._-]+/u.exec(plain(first(header, SELECTORS.channelHandle)) || metadata)?.[0] ?? fromUrl;
  // The header must be the channel in the address bar, not the one shown before navigating.
  if (!handle || (fromUrl && handle.toLowerCase() !== fromUrl.toLowerCase())) return undefined;
  const counts = parseLabelledCounts(metadata);
  return {
    key: handle.toLowerCase(),
    displayName: plain(first(header, SELECTORS.channelTitle)) || undefined,
    handle,
    profileUrl: absoluteUrl(`/${handle}`, ORIGIN),
    followers: counts.followers,
    posts: counts.posts,
    bio: plain(first(doc, SELECTORS.channelDescription)) || undefined,
  };
}

// --- watch pages --------------------------------------------------------------

function watchPage(ctx: ExtractContext): void {
  const { document, url, page, now } = ctx;
  page.kind = 'post';
  const videoId = url.searchParams.get('v') ?? url.pathname.split('/')[2] ?? '';
  const data = scriptAssignment(document, 'ytInitialData');
  const fresh = isObject(data) && str(dig(data, 'currentVideoEndpoint', 'watchEndpoint', 'videoId')) === videoId;
  const video = readMicrodata(document).find((item) => hasType(item, 'VideoObject') && str(item['@id'])?.includes(videoId));

  const owner = (fresh ? ownerFromData(data) : undefined) ?? ownerFromDom(document);
  const key = required(owner?.key, 'youtube video owner (videoOwnerRenderer, ytd-video-owner-renderer)', 'channel handle');
  page.person({ ...owner, key, displayName: required(owner?.displayName, 'youtube video owner', 'channel name') }, first(document, SELECTORS.owner));

  const primary = fresh ? findWithKey(data, 'videoPrimaryInfoRenderer')?.videoPrimaryInfoRenderer : undefined;
  const title = str(video?.name) ?? runsText(dig(primary, 'title')) ?? (plain(first(document, SELECTORS.videoTitle)) || undefined);
  page.contribution({
    profileKey: key,
    type: 'post',
    id: videoId ? `video:${videoId}` : undefined,
    date: parseDate(str(video?.datePublished) ?? str(video?.uploadDate)) ?? parseDate(runsText(dig(primary, 'dateText')), { now }),
    text: title,
  });

  // Commenters: people too, with the likes their comment drew.
  for (const comment of all(document, SELECTORS.comment)) {
    const author = first(comment, SELECTORS.commentAuthor);
    const handle = /@[\p{L}\p{N}._-]+/u.exec(decodeURIComponent(attr(author, 'href') ?? '') + ' ' + plain(author))?.[0];
    if (!handle) continue;
    const commenter = page.person(
      { key: handle.toLowerCase(), displayName: plain(author) || handle, handle, profileUrl: absoluteUrl(`/${handle}`, ORIGIN) },
      author,
    );
    if (!commenter) continue;
    const commentId = /[?&]lc=([\w-]+)/.exec(attr(first(comment, SELECTORS.commentLink), 'href') ?? '')?.[1];
    page.contribution({
      profileKey: commenter,
      type: 'comment',
      id: commentId ? `comment:${commentId}` : undefined,
      date: parseDate(plain(first(comment, SELECTORS.commentTime)), { now }),
      text: text(first(comment, SELECTORS.commentText)),
      helpfulVotes: parseCount(plain(first(comment, SELECTORS.commentLikes))) ?? 0,
      subject: title,
    });
  }
}

function ownerFromData(data: unknown): ProfileDraft | undefined {
  const owner = findWithKey(data, 'videoOwnerRenderer')?.videoOwnerRenderer;
  if (!isObject(owner)) return undefined;
  const base = str(dig(owner, 'navigationEndpoint', 'browseEndpoint', 'canonicalBaseUrl')) ?? str(dig(owner, 'title', 'runs', 0, 'navigationEndpoint', 'browseEndpoint', 'canonicalBaseUrl'));
  const handle = base?.startsWith('/@') ? decodeURIComponent(base.slice(1)) : undefined;
  const channelId = str(dig(owner, 'navigationEndpoint', 'browseEndpoint', 'browseId'));
  const key = handle?.toLowerCase() ?? channelId;
  return {
    key,
    displayName: runsText(owner.title),
    handle,
    profileUrl: absoluteUrl(handle ? `/${handle}` : `/channel/${channelId ?? ''}`, ORIGIN),
    followers: subscriberCount(owner.subscriberCountText),
    verified: arr(owner.badges).some((b) => str(dig(b, 'metadataBadgeRenderer', 'style'))?.includes('VERIFIED')) || undefined,
  };
}

function ownerFromDom(doc: Document): ProfileDraft | undefined {
  const owner = first(doc, SELECTORS.owner);
  if (!owner) return undefined;
  const link = first(owner, SELECTORS.ownerLink);
  const handle = /\/(@[^/?#]+)/.exec(decodeURIComponent(attr(link, 'href') ?? ''))?.[1];
  if (!handle) return undefined;
  return {
    key: handle.toLowerCase(),
    displayName: plain(link) || undefined,
    handle,
    profileUrl: absoluteUrl(`/${handle}`, ORIGIN),
    followers: parseCount(plain(first(owner, SELECTORS.ownerSubscribers))),
  };
}

// --- YouTube text objects -------------------------------------------------------

/** {simpleText} or {runs: [{text}]} as one string. */
function runsText(value: unknown): string | undefined {
  if (!isObject(value)) return undefined;
  const simple = str(value.simpleText) ?? str(value.content);
  if (simple) return simple;
  // Runs keep their own spaces: "6,8 K" + " vídeos".
  const joined = arr(value.runs)
    .map((run) => {
      const t = dig(run, 'text');
      return typeof t === 'string' ? t : '';
    })
    .join('');
  return joined.trim() || undefined;
}

/** Subscribers, preferring the spoken label ("4,69 millones de suscriptores") over the short one ("4,69 M"). */
function subscriberCount(value: unknown): number | undefined {
  return parseCount(str(dig(value, 'accessibility', 'accessibilityData', 'label'))) ?? parseCount(runsText(value));
}
