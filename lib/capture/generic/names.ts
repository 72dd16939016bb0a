/**
 * Telling a person's name and profile address from everything else a page
 * writes in small type: "by Rita Shar" is Rita Shar, "Reply" and "Share" are
 * nobody, /users/gudvinr/ is a profile and /cart is not. Knows no site: only
 * the conventions pages share.
 */

/** "by X", "Review by X", "Posted by X", "von X", "par X", "door X", "от X". */
const BY_PREFIX = /^(?:(?:a\s+)?(?:review|reviewed|posted|written|comment|answer|reply|rezension|bewertung|avis|recensie|отзыв)\s+)?(?:by|von|par|door|от|por)\s+(?=\S)/iu;
/** The same after any whitespace. */
const LEADING_BY_PREFIX = new RegExp(`^\\s*${BY_PREFIX.source.slice(1)}`, BY_PREFIX.flags);
/** "X wrote:", "X says:", "X schreibt:", "X a écrit :", "X пишет:", or just a trailing colon. */
const WROTE_SUFFIX = /\s*(?:(?:wrote|writes|says|said|posted|schreibt|schrieb|sagt|a écrit|écrit|dit|schreef|schrijft|zegt|пишет|написал[аи]?|пишут)\b)?\s*:\s*$/iu;

/** An avatar's alternative text: "Avatar for toni.kr8s", "Profile picture of Ann". */
const PICTURE_OF = /^(?:(?:user\s+)?avatar|profile\s+(?:picture|photo|image)|photo|picture|image|аватар|фото)\s+(?:for|of|van|von|de|du|пользователя)\s+/iu;

/** Controls and labels that sit where names sit. Compared whole, in lower case. */
const NOT_NAMES = new Set(
  [
    'reply', 'replies', 'share', 'report', 'permalink', 'link', 'edit', 'delete', 'quote', 'like', 'likes', 'unlike',
    'more', 'less', 'show more', 'show less', 'read more', 'see more', 'view', 'view profile', 'profile', 'follow', 'unfollow',
    'subscribe', 'sign in', 'sign up', 'log in', 'login', 'logout', 'log out', 'register', 'join', 'home', 'top', 'next',
    'previous', 'prev', 'back', 'comments', 'comment', 'parent', 'context', 'flag', 'embed', 'save', 'hide', 'show',
    'helpful', 'not helpful', 'yes', 'no', 'translate', 'message', 'send message', 'pm', 'email', 'website', 'homepage',
    'overall', 'recent', 'summary', 'total', 'average', 'rating', 'ratings', 'reviews', 'all reviews', 'anonymous user', 'guest', 'avatar', 'user avatar', 'userpic', 'photo', 'picture', 'profile picture', 'image', 'аватар', 'фото', 'admin panel', 'settings', 'menu', 'search', 'new', 'popular', 'all', 'sort', 'filter',
    'ответить', 'ответ', 'поделиться', 'пожаловаться', 'ещё', 'еще', 'профиль', 'войти', 'регистрация', 'комментарии',
    'antworten', 'teilen', 'melden', 'mehr', 'profil', 'anmelden', 'kommentare', 'zitieren',
    'répondre', 'partager', 'signaler', 'plus', 'connexion', 'commentaires',
    'reageren', 'delen', 'beantwoorden', 'meer', 'profiel', 'inloggen', 'reacties',
  ],
);

/**
 * A person's name as shown, cleaned of "by" and "wrote:" (and, unless the
 * element must be the name alone, of a date after a "·"), or undefined when
 * it cannot be a name.
 */
export function cleanName(raw: string | undefined | null, alone = false): string | undefined {
  if (!raw) return undefined;
  let name = raw.replace(/[\s\u00A0\u200B-\u200F\u2066-\u2069]+/g, ' ').trim();
  if (name.length === 0 || name.length > 120) return undefined;
  // "Ammon · March 11, 2017": a byline runs on after the name behind a separator.
  if (!alone) name = name.split(/\s[·•|]\s/)[0]!;
  name = name.replace(BY_PREFIX, '').replace(WROTE_SUFFIX, '').replace(PICTURE_OF, '').trim();
  if (/^[(«"“'].*[)»"”']$/.test(name)) name = name.slice(1, -1).trim();
  return isNameLike(name) ? name : undefined;
}

/** Whether a cleaned string can be someone's name or handle: short, with letters, not a control, number or date-ish. */
export function isNameLike(name: string): boolean {
  // One letter is an initial or a badge ("S" for submitter), not a name.
  if (Array.from(name).length < 2 || name.length > 80) return false;
  if (name.split(' ').length > 8) return false;
  if (!/[\p{L}\p{N}]/u.test(name)) return false;
  if (/^[\d\s.,:/+\-–—%#()]+$/.test(name)) return false;
  if (/^(?:https?:\/\/|www\.)/i.test(name)) return false;
  if (NOT_NAMES.has(name.toLowerCase())) return false;
  // Sentences are not names: a question, or several words ending like a sentence.
  if (name.includes('?') || (/[!.…]$/.test(name) && name.split(' ').length >= 5)) return false;
  // "3 replies", "12 comments", "5 points": counts, not people.
  if (/^\d[\d.,]*\s*\p{L}+$/u.test(name) && !/^\d+[a-z_]+\d*$/i.test(name)) return false;
  return true;
}

/** Whether the text begins with "by" (or its translations) before a name. */
export function hasByPrefix(value: string): boolean {
  // Tested on the first text of every element of a page: no copy of it is made (mostly it is
  // indentation). The prefix and the name's first character lie within its first 60 characters.
  const found = LEADING_BY_PREFIX.exec(value);
  return found !== null && found[0].length < 60;
}

/** Path words of profile pages: /user/x, /users/x, /u/x, /profile/x, /people/x, /member.php?u=1, /by/x. */
const PROFILE_SEGMENT = /^(?:u|user|users|usr|profile|profiles|people|person|member|members|author|authors|by|id|channel|account|accounts|perfil|benutzer|gebruiker|utilisateur|membres?|mitglied|mitglieder)$/i;
const PROFILE_FILE = /^(?:user|users|member|members|profile|memberlist|userinfo|author|people)(?:\.\w{2,5})?$/i;
const PROFILE_QUERY = /(?:^|&)(?:u|uid|user|userid|user_id|username|id|member|memberid|mid|name|author)=/i;
/** Pages about the reader themselves or site functions, never someone's profile. */
const NOT_PROFILE_PATH = /\/(?:login|log-in|signin|sign-in|signup|sign-up|register|logout|settings|preferences|edit|cart|basket|checkout|search|help|about|contact|privacy|terms|tags?|categor(?:y|ies)|products?|shop|store|dp|item|items)(?:[/?#.]|$)/i;
/** Subdomains that are parts of the site, not its members' pages. */
const SITE_SUBDOMAINS = /^(?:www\d?|m|mobile|amp|blog|blogs|shop|store|help|support|forum|forums|community|mail|api|static|cdn|img|images|media|news|docs|dev|app|login|accounts?|[a-z]{2}(?:-[a-z]{2})?)$/i;

export type LinkKind =
  /** /users/x, /profile/x, member.php?u=1, /@x, /~x */
  | 'profile'
  /** x.site.com/ on site.com: a member's own subdomain */
  | 'subdomain'
  /** Another site (a commenter's own website) */
  | 'external'
  /** /x/ on the same site: a profile only when the markup around says so */
  | 'slug'
  /** anything else on the same site (a review's permalink, a product) */
  | 'page';

/** The last two labels of a host ("forum.example.co.uk" -> "co.uk" is avoided by taking three when the second is short). */
const sites = new Map<string, string>();

export function siteOf(host: string): string {
  let site = sites.get(host);
  if (site === undefined) {
    site = computeSiteOf(host);
    if (sites.size < 5000) sites.set(host, site);
  }
  return site;
}

function computeSiteOf(host: string): string {
  const labels = host.toLowerCase().replace(/^www\d?\./, '').split('.');
  if (labels.length <= 2) return labels.join('.');
  const second = labels[labels.length - 2]!;
  const take = second.length <= 3 && labels[labels.length - 1]!.length === 2 ? 3 : 2;
  return labels.slice(-take).join('.');
}

/** What kind of address a link is, seen from the page it is on. */
export function linkKind(link: URL, page: URL): LinkKind {
  if (siteOf(link.host) !== siteOf(page.host)) {
    // Someone's profile on another site (a store's reviews link to its community) is still a profile.
    const [first, second] = link.pathname.split('/').filter((seg) => seg !== '');
    return first !== undefined && second !== undefined && PROFILE_SEGMENT.test(first) ? 'profile' : 'external';
  }
  const path = link.pathname;
  if (NOT_PROFILE_PATH.test(path)) return 'page';
  const segments = path.split('/').filter((s) => s !== '');
  const host = link.host.toLowerCase().replace(/^www\d?\./, '');
  const sub = host.slice(0, Math.max(0, host.length - siteOf(host).length - 1));
  // x.site.com/ is x's own page on site.com (also on x's own page: the journal's owner).
  if (sub !== '' && !sub.includes('.') && !SITE_SUBDOMAINS.test(sub) && segments.length <= 1 && (segments[0] === undefined || /^profile$/i.test(segments[0])) && link.search === '') {
    return 'subdomain';
  }
  const [first, second] = segments;
  if (first === undefined) return 'page';
  if (/^[@~][\p{L}\p{N}_.-]+$/u.test(first)) return 'profile';
  if (PROFILE_SEGMENT.test(first) && second !== undefined) return 'profile';
  if (PROFILE_FILE.test(first) && PROFILE_QUERY.test(link.search.slice(1))) return 'profile';
  if (PROFILE_FILE.test(first) && segments.length === 1 && link.search === '' && /^(?:user|member|profile)s?$/i.test(first)) return 'page';
  // A community's user pages below a section: /r/x/user/y is rare; /forum/member/y is common.
  if (segments.length >= 3 && PROFILE_SEGMENT.test(segments[segments.length - 2]!) && segments.length <= 4) return 'profile';
  if (segments.length === 1 && link.search === '' && /^[\p{L}\p{N}_.-]{2,40}$/u.test(first)) return 'slug';
  return 'page';
}

/**
 * A profile address without what follows the person's id: /id/x/recommended/1/
 * and /users/x/reviews are x's profile /id/x/ and /users/x.
 */
export function profileAddress(link: URL): URL {
  const segments = link.pathname.split('/');
  // segments[0] is the empty string before the first slash.
  if (segments.length > 4 && PROFILE_SEGMENT.test(segments[1] ?? '') && segments[2]) {
    const cut = new URL(link.href);
    cut.pathname = `/${segments[1]}/${segments[2]}/`;
    cut.search = '';
    cut.hash = '';
    return cut;
  }
  return link;
}

/** Addresses resolved against one base: a page links to the same addresses many times, and parsing one costs. */
const resolved = { base: '', urls: new Map<string, URL | undefined>() };
const MAX_RESOLVED = 5000;

/** An absolute http(s) URL for an element's href, or undefined. The URL is shared: never change it. */
export function hrefOf(el: Element, base: URL): URL | undefined {
  const href = el.getAttribute('href');
  if (!href || href.length > 2000) return undefined;
  if (resolved.base !== base.href) {
    resolved.base = base.href;
    resolved.urls.clear();
  }
  if (resolved.urls.has(href)) return resolved.urls.get(href);
  const url = resolveHref(href, base);
  if (resolved.urls.size < MAX_RESOLVED) resolved.urls.set(href, url);
  return url;
}

function resolveHref(href: string, base: URL): URL | undefined {
  const trimmed = href.trim();
  if (trimmed === '' || trimmed.startsWith('#') || /^(?:javascript|mailto|tel|data):/i.test(trimmed)) return undefined;
  try {
    const url = new URL(trimmed, base);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url : undefined;
  } catch {
    return undefined;
  }
}
