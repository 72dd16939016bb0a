/**
 * The words an element's markup says about it: its class names, id, itemprop,
 * rel and role split into lower-case words ("user-info__nickname_small" ->
 * user, info, nickname, small; "authorName" -> author, name). The generic
 * extractor reads what an element is for from these, never from one site's
 * class names.
 */

/** Words are kept per element with the attribute text they came from: a class that changes is read again. */
const wordsCache = new WeakMap<Element, { raw: string; words: readonly string[] }>();
const tokensCache = new WeakMap<Element, { raw: string; tokens: readonly string[] }>();

/** Whether a read of the page is under way (see readingPage), and what perRead functions keep during it. */
let reading = false;
const readCaches: Map<Element, unknown>[] = [];

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
  // A Map, not a WeakMap: it is emptied when the read ends, and a Map is quicker to fill.
  const cache = new Map<Element, T>();
  readCaches.push(cache as Map<Element, unknown>);
  return (el) => {
    if (!reading) return compute(el);
    const known = cache.get(el);
    if (known !== undefined || cache.has(el)) return known as T;
    const value = compute(el);
    cache.set(el, value);
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
  const parts: string[] = cls ? [cls.length > 400 ? cls.slice(0, 400) : cls] : [];
  for (const name of DESCRIBING_ATTRIBUTES) {
    const value = el.getAttribute(name);
    if (value) parts.push(value.length > 400 ? value.slice(0, 400) : value);
  }
  const raw = parts.join(' ');
  const known = wordsCache.get(el);
  if (known && known.raw === raw) return known.words;
  const words = raw === '' ? [] : splitWords(raw);
  wordsCache.set(el, { raw, words });
  return words;
}

/** The class names themselves, lower case, for markers that are whole names ("bypostauthor"). */
export const classTokensOf = perRead(liveClassTokensOf);

function liveClassTokensOf(el: Element): readonly string[] {
  const raw = classOf(el);
  const known = tokensCache.get(el);
  if (known && known.raw === raw) return known.tokens;
  const tokens = raw === '' ? [] : raw.slice(0, 400).toLowerCase().split(/\s+/).filter((t) => t !== '');
  tokensCache.set(el, { raw, tokens });
  return tokens;
}

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
