/**
 * Contributions in a page's embedded application state (Next.js, Apollo and
 * Relay caches, Redux, Nuxt, any JSON in a script): objects with an author
 * (a name, or a user object, resolved through the cache's references) and
 * words, a date or a rating, with their replies below them and the owner's
 * response marked. Objects are grouped by where they sit in the data (every
 * item of props.pageProps.reviews is one list); the best-filled list wins.
 */
import type { FoundItem } from './found';
import { isObject, type JsonObject } from './json';
import { contributionsInTuples } from './tuples';
import { stateDate } from './values';
import { ratingOnScale } from '../ratings';
import type { Budget } from './budget';

const MAX_NODES = 60_000;

/** Key names, lower case without separators, that hold each field. */
const AUTHOR_KEYS = ['author', 'user', 'owner', 'creator', 'poster', 'reviewer', 'commenter', 'by', 'postedby', 'createdby', 'writer', 'member', 'sender', 'from', 'profile', 'account'];
const FLAT_NAME_KEYS = ['authorname', 'username', 'reviewername', 'nickname', 'displayname', 'screenname', 'byname'];
const NAME_KEYS = ['name', 'displayname', 'username', 'nickname', 'screenname', 'login', 'fullname', 'handle', 'nick'];
const URL_KEYS = ['url', 'profileurl', 'permalink', 'htmlurl', 'link', 'href', 'uri', 'profilelink'];
const TEXT_KEYS = ['body', 'text', 'content', 'comment', 'message', 'reviewtext', 'reviewbody', 'snippet', 'selftext', 'bodytext', 'plaintext', 'commenttext', 'description', 'html', 'bodyhtml'];
const DATE_KEYS = ['createdat', 'created', 'createdutc', 'createdtime', 'datecreated', 'datepublished', 'publishedat', 'published', 'postedat', 'posted', 'submittedat', 'date', 'time', 'timestamp', 'commenttime', 'updatedat'];
const RATING_KEYS = ['rating', 'stars', 'starrating', 'ratingvalue', 'userrating', 'rate', 'grade'];
const SCALE_KEYS = ['bestrating', 'maxrating', 'ratingmax', 'outof', 'scale', 'max'];
const REPLY_KEYS = ['replies', 'children', 'comments', 'answers', 'responses', 'subcomments', 'childcomments', 'thread', 'edges', 'nodes'];
/** A response in one slot (not a thread): the page owner's answer to a review. */
const OWNER_KEYS = ['ownerresponse', 'ownerreply', 'developerreply', 'developerresponse', 'businessresponse', 'merchantreply', 'sellerresponse', 'managementresponse', 'replyfromowner', 'response', 'reply'];
const ID_KEYS = ['id', 'uuid', 'commentid', 'reviewid', 'postid'];

const norm = (key: string) => key.toLowerCase().replace(/[_\-$]/g, '');

/** The value under the first of these keys the object has (compared without case or separators). */
function field(o: JsonObject, keys: readonly string[]): unknown {
  for (const key in o) {
    if (keys.includes(norm(key))) {
      const value = o[key];
      if (value !== null && value !== undefined && value !== '') return value;
    }
  }
  return undefined;
}

function shortString(value: unknown, max: number): string | undefined {
  if (typeof value !== 'string') return undefined;
  const clean = value.replace(/\s+/g, ' ').trim();
  return clean !== '' && clean.length <= max ? clean : undefined;
}

/** Text without markup (state often holds the rendered HTML of a comment). */
function plainText(value: unknown): string | undefined {
  if (isObject(value)) return plainText(field(value, ['text', 'plain', 'markdown', 'html', 'raw', 'value']));
  if (typeof value !== 'string' || value.trim() === '' || /^https?:\/\/\S+$/.test(value.trim())) return undefined;
  return value
    .replace(/<[^>]*>/g, ' ')
    .replace(/&(?:amp|lt|gt|quot|#39|nbsp);/g, (e) => ({ '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'", '&nbsp;': ' ' })[e] ?? ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

export interface StateOptions {
  now: number;
  url: URL;
  /** The data is walked while it lasts. */
  budget?: Budget;
}

/** Finds records by their id for references ({"__ref": "User:1"}, {"type": "id", "id": "User:1"}). */
function recordIndex(sources: readonly unknown[]): Map<string, JsonObject> {
  const index = new Map<string, JsonObject>();
  let visited = 0;
  const stack: unknown[] = [...sources];
  while (stack.length > 0 && visited++ < MAX_NODES) {
    const value = stack.pop();
    if (Array.isArray(value)) {
      for (const v of value) if (typeof v === 'object' && v !== null) stack.push(v);
    } else if (isObject(value)) {
      for (const key in value) {
        const v = value[key];
        // Cache records: "User:42", "Comment:abc", client ids; kept by their key.
        if (isObject(v) && (/^[A-Z]\w*:\S+$/.test(key) || typeof v.__typename === 'string' || typeof v.__id === 'string')) index.set(key, v);
        if (typeof v === 'object' && v !== null) stack.push(v);
      }
    }
  }
  return index;
}

function resolver(index: Map<string, JsonObject>): (value: unknown) => unknown {
  return (value) => {
    if (!isObject(value)) return value;
    if (Array.isArray(value.__refs)) return value.__refs.map((ref) => (typeof ref === 'string' ? (index.get(ref) ?? null) : null));
    const ref = typeof value.__ref === 'string' ? value.__ref : value.type === 'id' && typeof value.id === 'string' ? value.id : undefined;
    return ref === undefined ? value : (index.get(ref) ?? value);
  };
}

interface Author {
  name: string;
  url?: string | undefined;
  bot: boolean;
}

function authorOf(o: JsonObject, resolve: (v: unknown) => unknown, base: URL): Author | undefined {
  const raw = resolve(field(o, AUTHOR_KEYS));
  if (typeof raw === 'string') {
    const name = shortString(raw, 80);
    return name && !/^https?:/.test(name) ? { name, bot: false } : undefined;
  }
  if (isObject(raw)) {
    const first = shortString(field(raw, ['firstname', 'givenname']), 40);
    const last = shortString(field(raw, ['lastname', 'familyname']), 40);
    const name = shortString(field(raw, NAME_KEYS), 80) ?? (first ? [first, last].filter(Boolean).join(' ') : undefined);
    if (!name) return undefined;
    const type = shortString(field(raw, ['type', 'typename', 'kind']), 40);
    const bot = raw.bot === true || raw.isBot === true || raw.is_bot === true || (type !== undefined && /^bot$/i.test(type));
    return { name, url: absolute(field(raw, URL_KEYS), base), bot };
  }
  const flat = shortString(field(o, FLAT_NAME_KEYS), 80);
  return flat ? { name: flat, bot: false } : undefined;
}

function absolute(value: unknown, base: URL): string | undefined {
  if (typeof value !== 'string' || value.length > 2000) return undefined;
  try {
    const url = new URL(value, base);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/** An object as a contribution, when it has an author and words, a date or a rating. */
function contributionOf(o: JsonObject, resolve: (v: unknown) => unknown, options: StateOptions, depth: number): FoundItem | undefined {
  const author = authorOf(o, resolve, options.url);
  if (!author) return undefined;
  const text = plainText(field(o, TEXT_KEYS));
  const dateValue = field(o, DATE_KEYS);
  const date = stateDate(dateValue, options.now);
  const ratingValue = field(o, RATING_KEYS);
  const scaleValue = field(o, SCALE_KEYS);
  const rated = isObject(ratingValue)
    ? ratingOnScale(Number(field(ratingValue, ['value', 'ratingvalue', 'rating'])), Number(field(ratingValue, SCALE_KEYS) ?? 5), 0)
    : typeof ratingValue === 'number'
      ? ratingOnScale(ratingValue, typeof scaleValue === 'number' ? scaleValue : 5, 0)
      : undefined;
  if (!text && !date && !rated) return undefined;
  const id = field(o, ID_KEYS);
  const item: FoundItem = { author: { name: author.name, url: author.url }, type: rated ? 'review' : 'comment', depth };
  if (typeof id === 'string' || typeof id === 'number') item.id = String(id);
  if (text) item.text = text;
  if (date) item.date = date;
  if (rated) {
    item.rating = rated.rating;
    item.ratingScale = rated.ratingScale;
  }
  return author.bot ? undefined : item;
}

interface Found {
  items: FoundItem[];
  /** Items found directly in the list (not as replies). */
  top: number;
}

/**
 * The contributions in the page's embedded state, grouped by where they sit;
 * the list with the most (and best filled) items, with their replies.
 */
export function findStateItems(sources: readonly unknown[], options: StateOptions): FoundItem[] {
  if (sources.length === 0) return [];
  const resolve = resolver(recordIndex(sources));
  const groups = new Map<string, Found>();
  const seen = new Set<unknown>();
  // Depth-first, in data order: [value, path of keys without indexes, reply depth, list it belongs to].
  const stack: [unknown, string, number, string | undefined][] = sources.map((s): [unknown, string, number, undefined] => [s, '', 0, undefined]).reverse();
  let visited = 0;
  while (stack.length > 0 && visited++ < MAX_NODES && !options.budget?.spent()) {
    const [raw, path, depth, list] = stack.pop()!;
    const value = resolve(raw);
    if (typeof value !== 'object' || value === null || seen.has(value)) continue;
    seen.add(value);
    if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) stack.push([value[i], `${path}[]`, depth, list]);
      continue;
    }
    const o = value as JsonObject;
    const item = contributionOf(o, resolve, options, depth);
    const children: [unknown, string, number, string | undefined][] = [];
    if (item) {
      const key = list ?? path;
      const group = groups.get(key) ?? { items: [], top: 0 };
      group.items.push(item);
      if (list === undefined) group.top++;
      groups.set(key, group);
      for (const k in o) {
        const n = norm(k);
        if (REPLY_KEYS.includes(n)) children.push([o[k], `${path}.${k}`, depth + 1, key]);
        else if (OWNER_KEYS.includes(n) && isObject(resolve(o[k]))) {
          const reply = contributionOf(resolve(o[k]) as JsonObject, resolve, options, depth + 1);
          if (reply) group.items.push({ ...reply, role: 'owner-reply', ...(item.id && !reply.id ? { id: `${item.id}/reply` } : {}) });
        }
      }
    } else {
      for (const k in o) if (typeof o[k] === 'object' && o[k] !== null) children.push([o[k], `${path}.${k}`, depth, list]);
    }
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
  }
  for (const tuples of contributionsInTuples(sources, options.now, options.budget)) groups.set(`tuples:${groups.size}`, { items: tuples, top: tuples.filter((t) => t.depth === 0).length });
  return bestGroup(groups);
}

/** The list whose items are most numerous and best filled; a list of one is nobody's thread. */
function bestGroup(groups: Map<string, Found>): FoundItem[] {
  let best: Found | undefined;
  let bestScore = 0;
  for (const [path, group] of groups) {
    if (group.top < 2) continue;
    const n = group.items.length;
    const filled = group.items.filter((it) => it.text !== undefined).length / n + group.items.filter((it) => it.date !== undefined || it.rating !== undefined).length / n;
    const named = /review|comment|reply|answer|post|message|discussion|thread|feedback|opinion/i.test(path) ? 1.5 : 1;
    const score = n * filled * named;
    if (score > bestScore) {
      best = group;
      bestScore = score;
    }
  }
  return best?.items ?? [];
}
