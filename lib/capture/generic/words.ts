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

const DESCRIBING_ATTRIBUTES = ['id', 'itemprop', 'rel', 'role', 'data-testid'] as const;

/** The class attribute (className where it is a string: some DOMs build getAttribute('class') slowly). */
export function classOf(el: Element): string {
  const name: unknown = (el as { className?: unknown }).className;
  return typeof name === 'string' ? name : (el.getAttribute('class') ?? '');
}

/** Lower-case words of the element's describing attributes. */
export function wordsOf(el: Element): readonly string[] {
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
export function classTokensOf(el: Element): readonly string[] {
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
export function shapeOf(el: Element): string {
  const classes = classTokensOf(el).filter((t) => !/\d/.test(t));
  return classes.length === 0 ? el.localName : `${el.localName}.${[...classes].sort().join('.')}`;
}

/** Class names without digits, as a set, for comparing two elements' shapes loosely. */
export function classSet(el: Element): Set<string> {
  return new Set(classTokensOf(el).filter((t) => !/\d/.test(t)));
}

/** |a ∩ b| / |a ∪ b|, 1 for two empty sets. */
export function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 && b.size === 0) return 1;
  let common = 0;
  for (const x of a) if (b.has(x)) common++;
  return common / (a.size + b.size - common);
}
