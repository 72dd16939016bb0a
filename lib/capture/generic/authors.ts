/**
 * Where a page names people: elements whose text is a short name and whose
 * markup or link says it is someone's (a link to a profile, a class that says
 * author or user, "by X"). Each is kept at its outermost element with that
 * text, with how sure we are and the shape that repeats from item to item.
 */
import { cleanName, hasByPrefix, hrefOf, linkKind, type LinkKind } from './names';
import { shortText } from './fields';
import { classOf, classSet, classWords, hasWord, otherWordsOf, perRead, perString, wordsOf } from './words';

export interface AuthorMark {
  /** The outermost element whose text is the name. */
  el: Element;
  name: string;
  /** The link the name is (or is in), when there is one. */
  link?: URL;
  linkKind?: LinkKind;
  /** Whether the link's own text is the name (not an icon beside it). */
  linkNamed?: boolean;
  /** How strongly the markup says "a person": 0-10. */
  strength: number;
  /** Tags of the element and three ancestors: items of one list share it. */
  tagPath: string;
  /** Class names of the element and two ancestors, with their level. */
  classes: ReadonlySet<string>;
  /** Position in the document, for ordering. */
  order: number;
  /** The element holds more than the name (a date after it): its other words belong to the item. */
  shared?: boolean;
}

/** Words that say "the person who wrote this" (hnuser, userName, author-link; not usertext). */
const STRONG = /^(?:author\w*|\w*author|users?|username\w*|\w+user|userinfo|user_?name|nick\w*|persona\w*|poster|commenter|reviewer|byline|submitter|screenname|displayname|membername|member|fn|handle)$/;
const WEAK = /^(?:name|owner|who|from|sender|creator|by|cite)$/;
/** Words of elements that hold names of things, not people. */
const NOT_PERSON = /^(?:title|headline|product|brand|price|category|categories|tag|tags|logo|button|btn|login|signin|register|share|reply|vote|votes|count|menu|nav|navbar|breadcrumb|caption|heading|subject|topic|thread|item|mention|mentions|quote|quotes|employee|employees|staff|company|business|store|shop|seller|vendor|artist|album|track|director|cast|actor|genre|publisher|developer|related)$/;

export interface AuthorFinder {
  /** Look at one element of the page (in document order, after its ancestors). */
  visit(el: Element, index: number): void;
  /** The marks found, strong enough and not bylines of two names, in document order. */
  finish(): AuthorMark[];
}

/**
 * Finds where the page names people, one element at a time, as the page scan
 * walks it (lib/capture/generic/scan.ts); `order` is the scan's document order.
 */
export function authorFinder(pageUrl: URL, order: ReadonlyMap<Element, number>): AuthorFinder {
  const byElement = new Map<Element, AuthorMark>();
  // One page links to the same addresses many times: each is read once.
  const links = new Map<string, { url: URL; kind: LinkKind } | null>();
  const classify = (a: Element) => {
    const href = a.getAttribute('href') ?? '';
    let known = links.get(href);
    if (known === undefined) {
      const url = hrefOf(a, pageUrl);
      known = url ? { url, kind: linkKind(url, pageUrl) } : null;
      links.set(href, known);
    }
    return known;
  };
  const visit = (visited: Element, i: number): void => {
    const tag = visited.localName;
    const first = visited.firstChild;
    const byPrefixed = first !== null && first.nodeType === 3 && hasByPrefix(first.nodeValue ?? '');
    // Most elements carry no attribute at all: only "by X" can make them a name.
    const attributed = visited.hasAttributes();
    if (!attributed && tag !== 'cite' && !byPrefixed) return;
    const isLink = tag === 'a' && visited.hasAttribute('href');
    // Each element is visited once: its own look is not kept (its parents' are, for the links inside them).
    const worded = tag === 'cite' || (attributed && attributesSayAuthor(visited));
    const prop = visited.getAttribute('itemprop');
    if (!isLink && !worded && !(prop && /author|creator/i.test(prop)) && !byPrefixed) return;
    // Most links of a page are to its pages, under markup that says nothing of people: they cannot
    // become names, so they are not read.
    if (isLink && !worded && !byPrefixed && !prop && !authorWorded(visited.parentElement) && !authorWorded(visited.parentElement?.parentElement)) {
      // A name is short, or a picture with its alternative text.
      const length = (visited.textContent ?? '').trim().length;
      if (length > 120 || (length === 0 && !visited.getElementsByTagName('img')[0])) return;
      const kind = classify(visited)?.kind ?? 'page';
      if (kind === 'page' || (kind === 'external' && !/\b(?:nofollow|ugc|external)\b/i.test(visited.getAttribute('rel') ?? ''))) return;
    }

    // Markup that can only ever say "name" (no author word, no link, no "by") cannot reach a mark: not read.
    if (!isLink && !byPrefixed && !prop && tag !== 'cite' && !wordsOf(visited).some((w) => STRONG.test(w)) && !linkAround(visited) && !firstLinkIn(visited)) return;
    const named = nameOf(visited);
    if (!named) return;
    const { name, el } = named;
    const outer = outermost(named.el, name);
    const link = linkOf(outer, el, classify);
    const mark = byElement.get(outer);
    const strength = strengthOf(outer, el, name, link?.kind, prop);
    if (mark) {
      mark.strength = Math.max(mark.strength, strength);
      // The link whose text is the name beats the first link found inside (an icon before it).
      if (link && (!mark.link || (link.named && !mark.linkNamed))) {
        mark.link = link.url;
        mark.linkKind = link.kind;
        mark.linkNamed = link.named;
        mark.tagPath = tagPath(coreOf(outer, el));
        mark.classes = classesAround(coreOf(outer, el));
      }
      return;
    }
    byElement.set(outer, {
      el: outer,
      name,
      ...(link ? { link: link.url, linkKind: link.kind, linkNamed: link.named } : {}),
      strength,
      // Items of one list share the markup right around the name (its link), even when one item's
      // name sits alone in its byline and another's shares it with "in reply to".
      tagPath: tagPath(named.shared ? el : coreOf(outer, el)),
      classes: classesAround(named.shared ? el : coreOf(outer, el)),
      order: order.get(outer) ?? i,
      ...(named.shared ? { shared: true } : {}),
    });
  };
  return { visit, finish: () => strongMarks([...byElement.values()]) };
}

function strongMarks(all: readonly AuthorMark[]): AuthorMark[] {
  const sure = all.filter((m) => m.strength >= 2.5);
  // A byline naming two people ("Ann ➦ Bob") is not a name: its parts are.
  const sureByElement = new Map(sure.map((m) => [m.el, m]));
  const composite = new Set<AuthorMark>();
  for (const m of sure) {
    for (let up = m.el.parentElement, i = 0; up && i < 8; up = up.parentElement, i++) {
      const outer = sureByElement.get(up);
      if (outer && outer.name !== m.name) composite.add(outer);
    }
  }
  return sure.filter((m) => !composite.has(m)).sort((a, b) => a.order - b.order);
}

/**
 * A cheap look at the class and id before splitting them into words: most elements say nothing of
 * people. (author, user, nick, name, persona, poster, comment, creator, cite, review, by(line),
 * submit, screen, sender, display, member, fn, from, handle, owner, who, grouped by first letter:
 * tested on every element's class, the flat list of words took half again as long.)
 */
const AUTHORISH = /a(?:uthor)|u(?:ser)|n(?:ick|ame)|p(?:ersona|oster)|c(?:omment|reator|ite)|r(?:eview)|by|s(?:ubmit|creen|ender)|d(?:isplay)|m(?:ember)|f(?:n|rom)|h(?:andle)|o(?:wner)|w(?:ho)/i;

function authorWorded(el: Element | null | undefined): boolean {
  return el !== null && el !== undefined && authorWordedElement(el);
}

const authorWordedElement = perRead((el: Element): boolean => el.hasAttributes() && attributesSayAuthor(el));

/** Whether the class or id of an element that has attributes says author, user, name... */
function attributesSayAuthor(el: Element): boolean {
  const cls = classOf(el);
  const id = el.getAttribute('id');
  const classHints = cls !== '' && authorishClass(cls);
  if (!classHints && !(id !== null && AUTHORISH.test(id))) return false;
  // The class alone says it, or the element's other describing attributes do.
  return (classHints && classSaysAuthor(cls)) || otherWordsOf(el).some(isAuthorWord);
}

const isAuthorWord = (w: string) => STRONG.test(w) || WEAK.test(w);
/** Per class attribute, not per element: the elements of a page share a few hundred of them. */
const authorishClass = perString((cls: string) => AUTHORISH.test(cls));
const classSaysAuthor = perString((cls: string) => classWords(cls).some(isAuthorWord));

/** The name an element shows: its text, or for an image link the picture's alternative text. */
function nameOf(el: Element): { name: string; el: Element; shared?: boolean } | undefined {
  const words = shortText(el, 100);
  if (words === undefined) return undefined;
  if (words !== '') {
    const part = firstPart(el);
    if (part) return part;
    const name = cleanName(words);
    return name ? { name, el } : undefined;
  }
  if (el.localName !== 'a') return undefined;
  const img = el.getElementsByTagName('img')[0];
  const name = cleanName(img?.getAttribute('alt') ?? el.getAttribute('title') ?? el.getAttribute('aria-label'));
  return name ? { name, el } : undefined;
}

const BLOCK_TAGS = /^(?:div|p|ul|ol|li|dl|dd|dt|section|header|footer|h[1-6]|br|table)$/;

/**
 * A card's link often holds the name and then its details ("Nadine Dixon" then
 * "JM • 1 review" on a line of its own, "Jodene" then "Updated Jan 22, 2024"):
 * the first part is the name when what follows is on another line or has figures.
 */
function firstPart(el: Element): { name: string; el: Element; shared?: boolean } | undefined {
  const parts: { text: string; block: boolean; node: Node }[] = [];
  for (let child = el.firstChild; child && parts.length < 6; child = child.nextSibling) {
    const value = child.nodeType === 3 ? (child.nodeValue ?? '') : child.nodeType === 1 ? (shortText(child as Element, 100) ?? '') : '';
    const text = value.replace(/\s+/g, ' ').trim();
    if (text !== '') parts.push({ text, block: child.nodeType === 1 && BLOCK_TAGS.test((child as Element).localName), node: child });
  }
  if (parts.length < 2) return undefined;
  const rest = parts.slice(1);
  if (!rest.some((p) => p.block || /\d/.test(p.text))) return undefined;
  const name = cleanName(parts[0]!.text);
  if (!name) return undefined;
  // The name's own element when it has one, so the name and its details are told apart.
  const first = parts[0]!.node;
  return first.nodeType === 1 ? { name, el: first as Element } : { name, el, shared: true };
}

/** Climb while the parent shows the same name (and nothing else but "by"): the name's own element. */
function outermost(el: Element, name: string): Element {
  let outer = el;
  for (let i = 0; i < 4; i++) {
    const parent = outer.parentElement;
    if (!parent || parent.localName === 'body' || parent.localName === 'html') break;
    const words = shortText(parent, 120);
    if (words === undefined) break;
    if (words !== '' && cleanName(words, true) !== name) break;
    outer = parent;
  }
  return outer;
}

/** The link of a name: the link the name's text is, the link around the name, or the first link inside it. */
function linkOf(outer: Element, el: Element, classify: (a: Element) => { url: URL; kind: LinkKind } | null): { url: URL; kind: LinkKind; named: boolean } | undefined {
  const candidates = [el.localName === 'a' ? el : null, linkAround(el), outer.localName === 'a' ? outer : null, firstLinkIn(outer)];
  for (let i = 0; i < candidates.length; i++) {
    const a = candidates[i];
    const known = a ? classify(a) : null;
    if (known) return { ...known, named: i < 3 };
  }
  return undefined;
}

/** The name's link when it is one, else the innermost element that holds the whole name. */
function coreOf(outer: Element, el: Element): Element {
  if (el.localName === 'a') return el;
  const link = linkAround(el) ?? (outer.localName === 'a' ? outer : firstLinkIn(outer));
  if (link) return link;
  let core = el;
  for (let depth = 0; depth < 6; depth++) {
    const children: Element[] = [];
    for (let child = core.firstElementChild; child; child = child.nextElementSibling) if ((child.textContent ?? '').trim() !== '') children.push(child);
    if (children.length !== 1 || (children[0]!.textContent ?? '').trim() !== (core.textContent ?? '').trim()) break;
    core = children[0]!;
  }
  return core;
}

function linkAround(el: Element): Element | null {
  for (let node = el.parentElement, i = 0; node && i < 6; node = node.parentElement, i++) if (node.localName === 'a' && node.hasAttribute('href')) return node;
  return null;
}

function firstLinkIn(el: Element): Element | null {
  const stack: Element[] = [];
  for (let child = el.lastElementChild; child; child = child.previousElementSibling) stack.push(child);
  for (let budget = 50; stack.length > 0 && budget > 0; budget--) {
    const node = stack.pop()!;
    if (node.localName === 'a' && node.hasAttribute('href')) return node;
    for (let child = node.lastElementChild; child; child = child.previousElementSibling) stack.push(child);
  }
  return null;
}

function strengthOf(outer: Element, el: Element, name: string, kind: LinkKind | undefined, prop: string | null): number {
  let strength = 0;
  // The name's own elements say the most; the two above it (a byline, a header) say it of every name inside them.
  const own: Element[] = [];
  for (let node: Element | null = el; node && own.length < 8; node = node.parentElement) {
    own.push(node);
    if (node === outer) break;
  }
  const around: Element[] = [];
  for (let node = outer.parentElement, i = 0; node && i < 2; node = node.parentElement, i++) around.push(node);
  const ownWords = own.flatMap((n) => wordsOf(n));
  const aroundWords = around.flatMap((n) => wordsOf(n));
  if (ownWords.some((w) => STRONG.test(w))) strength += 3;
  else if (ownWords.some((w) => WEAK.test(w)) || own.some((n) => n.localName === 'cite')) strength += 1.5;
  else if (aroundWords.some((w) => STRONG.test(w))) strength += 1.5;
  else if (aroundWords.some((w) => WEAK.test(w)) || around.some((n) => n.localName === 'cite')) strength += 0.75;
  if (own.some((n) => hasWord(n, NOT_PERSON))) strength -= 3;
  // A name in a heading is a section's title ("Uploads", a channel's shelf), unless the markup says author.
  if (!ownWords.some((w) => STRONG.test(w)) && [...own, ...around].some((n) => /^h[1-6]$/.test(n.localName))) strength -= 2;
  if (prop && /author|creator/i.test(prop)) strength += 3;
  if (kind === 'profile' || kind === 'subdomain') strength += 3;
  else if (kind === 'slug') strength += 1;
  else if (kind === 'external' && [...own, ...around].some((n) => /\b(?:nofollow|ugc|external)\b/i.test(n.getAttribute('rel') ?? ''))) strength += 1;
  const first = el.firstChild?.nodeType === 3 ? (el.firstChild.nodeValue ?? '') : '';
  if (hasByPrefix(first) || hasByPrefix((outer.textContent ?? '').slice(0, 40))) strength += 2.5;
  // A short name reads as a person more than a phrase does.
  if (name.length <= 40) strength += 0.5;
  return strength;
}

function tagPath(el: Element): string {
  const tags: string[] = [];
  for (let node: Element | null = el, i = 0; node && i < 4; node = node.parentElement, i++) tags.push(node.localName);
  return tags.join('<');
}

function classesAround(el: Element): Set<string> {
  const out = new Set<string>();
  for (let node: Element | null = el, i = 0; node && i < 3; node = node.parentElement, i++) {
    for (const c of classSet(node)) out.add(`${i}:${c}`);
  }
  return out;
}
