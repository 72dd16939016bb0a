/**
 * The words an element's markup says about it: its class names, id, itemprop,
 * rel and role split into lower-case words ("user-info__nickname_small" ->
 * user, info, nickname, small; "authorName" -> author, name). The generic
 * extractor reads what an element is for from these, never from one site's
 * class names.
 */

/** Whether a read of the page is under way (see readingPage), and what perRead functions keep during it. */
let reading = false;
const readCaches: Map<unknown, unknown>[] = [];

/**
 * Runs one read of the page (a synchronous extraction: the page cannot change
 * while it runs), during which what perRead functions compute per element is
 * kept. Re-reading an element's attributes for every question asked of it was
 * much of what the generic extractor cost in Chromium, where each attribute
 * read crosses into the browser. Nothing is kept after the read.
 */
export function readingPage<T>(read: () => T): T {
  if (reading) return read();
  reading = true;
  try {
    return read();
  } finally {
    reading = false;
    for (const cache of readCaches) cache.clear();
  }
}

/** `compute`, kept per element for the length of one readingPage (computed afresh outside one). */
export function perRead<T>(compute: (el: Element) => T): (el: Element) => T {
  return keptForRead(compute);
}

/**
 * `compute`, kept per string for the length of one readingPage: a page gives thousands of elements
 * a few hundred class attributes ("style-scope ytd-comment-renderer" on every part of every
 * comment), and the browser hands the same attribute back as the same string, quick to look up.
 */
export function perString<T>(compute: (value: string) => T): (value: string) => T {
  return keptForRead(compute);
}

function keptForRead<K, T>(compute: (key: K) => T): (key: K) => T {
  // A Map, not a WeakMap: it is emptied when the read ends, and a Map is quicker to fill.
  const cache = new Map<K, T>();
  readCaches.push(cache);
  return (key) => {
    if (!reading) return compute(key);
    const known = cache.get(key);
    if (known !== undefined || cache.has(key)) return known as T;
    const value = compute(key);
    cache.set(key, value);
    return value;
  };
}

const DESCRIBING_ATTRIBUTES = ['id', 'itemprop', 'rel', 'role', 'data-testid'] as const;

/** The class attribute (className where it is a string: some DOMs build getAttribute('class') slowly). */
export function classOf(el: Element): string {
  const name: unknown = (el as { className?: unknown }).className;
  return typeof name === 'string' ? name : (el.getAttribute('class') ?? '');
}

/** Lower-case words of the element's describing attributes. */
export const wordsOf = perRead(liveWordsOf);

function liveWordsOf(el: Element): readonly string[] {
  if (!el.hasAttributes()) return [];
  const cls = classOf(el);
  const own = cls === '' ? NO_WORDS : classWords(cls);
  const other = otherWordsOf(el);
  return other.length === 0 ? own : own.length === 0 ? other : [...own, ...other];
}

const NO_WORDS: readonly string[] = [];

/** Words of a class attribute (its first 400 characters). */
export const classWords = perString((cls: string): readonly string[] => splitWords(cls.length > 400 ? cls.slice(0, 400) : cls));

/** Words of the describing attributes other than class (most elements have none of them). */
export function otherWordsOf(el: Element): readonly string[] {
  let words: string[] | undefined;
  for (const name of DESCRIBING_ATTRIBUTES) {
    const value = el.getAttribute(name);
    if (value) (words ??= []).push(...splitWords(value.length > 400 ? value.slice(0, 400) : value));
  }
  return words ?? NO_WORDS;
}

/** The class names themselves, lower case, for markers that are whole names ("bypostauthor"). */
export const classTokensOf = perRead((el: Element): readonly string[] => {
  const raw = classOf(el);
  return raw === '' ? NO_WORDS : tokensOfClass(raw);
});

const tokensOfClass = perString((raw: string): readonly string[] => raw.slice(0, 400).toLowerCase().split(/\s+/).filter((t) => t !== ''));

export function splitWords(value: string): string[] {
  return value
    .replace(/(\p{Ll})(\p{Lu})/gu, '$1 $2')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w !== '');
}

/** Whether any word of the element matches. */
export function hasWord(el: Element, pattern: RegExp): boolean {
  return wordsOf(el).some((w) => pattern.test(w));
}

/**
 * The element's tag and class names without those carrying digits (ids,
 * per-user classes such as "userid-215054"): what repeated items share.
 */
export const shapeOf = perRead((el: Element): string => {
  const classes = classTokensOf(el).filter((t) => !/\d/.test(t));
  return classes.length === 0 ? el.localName : `${el.localName}.${[...classes].sort().join('.')}`;
});

/** Class names without digits, as a set, for comparing two elements' shapes loosely. */
export const classSet = perRead((el: Element): ReadonlySet<string> => new Set(classTokensOf(el).filter((t) => !/\d/.test(t))));

/** |a ∩ b| / |a ∪ b|, 1 for two empty sets. */
export function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 && b.size === 0) return 1;
  let common = 0;
  for (const x of a) if (b.has(x)) common++;
  return common / (a.size + b.size - common);
}
