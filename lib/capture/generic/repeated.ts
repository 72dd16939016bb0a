/**
 * Contributions found from the page's own structure: names of people that
 * repeat in the same markup (a list of reviews, a comment thread), each in an
 * item that also carries a date, a rating or words. Candidate lists are
 * ranked, and a list that looks like navigation, a "related" strip, a footer
 * or a sidebar is refused: finding nobody is better than finding noise.
 */
import type { AuthorMark } from './authors';
import { walkElements, type PageScan } from './scan';
import type { Budget } from './budget';
import { elementReadings, readItem, shortText, type Candidate, type ItemFields, type RatingReading } from './fields';
import { hrefOf, linkKind, profileAddress } from './names';
import { jaccard, shapeOf, wordsOf } from './words';
import { threadItems } from './threads';
import type { FoundItem } from './found';
import type { RatingScale } from '../../model/capture';

/** One item of a candidate list, read. */
export interface PageItem {
  mark: AuthorMark;
  /** The largest element around the name that holds no other name of its list. */
  container: Element;
  date?: string;
  rating?: number;
  ratingScale?: RatingScale;
  text: string;
  url?: string;
}

/** A list of items whose names share one shape. */
export interface ItemGroup {
  items: PageItem[];
  score: number;
  members: readonly AuthorMark[];
  /** One name on (nearly) every item: a label or the owner's own shelf, never a list by itself. */
  label: boolean;
}

export interface RepeatedOptions {
  now: number;
  url: URL;
  /** Sees every candidate list as it is judged (tests and tuning only). */
  inspect?: (group: ItemGroup, accepted: boolean) => void;
  /** Lists and items are read while it lasts. */
  budget?: Budget;
}

const BAD_TAGS = new Set(['nav', 'aside', 'footer', 'header', 'menu']);
const BAD_ROLES = /^(?:navigation|banner|contentinfo|complementary|menu|menubar|search)$/i;
const BAD_WORDS = /^(?:nav|navbar|navigation|menu|sidebar|side|footer|breadcrumb|breadcrumbs|related|recommended|recommendations|recommendation|similar|trending|promo|promoted|sponsored|ads|advert|advertisement|masthead|toolbar|topbar|also|suggested|suggestions|carousel|slider)$/;
const BODY_TAGS = new Set(['body', 'html']);
const MAX_GROUPS = 16;
/** Items of one list read at most: a page of 100,000 comments costs what one of 500 does. */
const MAX_MEMBERS = 500;
/** Ancestors climbed at most: a page nested 100,000 deep costs no more than one a few hundred deep. */
const MAX_CLIMB = 300;
const PROFILE_WORDS = /^(?:profile|profil|profiel|perfil|профиль|view profile|user profile)$/i;

/** The lists of contributions the page shows, best first, already told apart from navigation and noise. */
export function findRepeatedItems(doc: Document, scan: Pick<PageScan, 'marks'>, options: RepeatedOptions): FoundItem[] {
  // The whole document: a parser may leave content outside <body> (linkedom does with some markup).
  // (Not doc.body: linkedom throws on it when there is no root element.)
  const root = doc.documentElement;
  if (!root) return [];
  const { marks } = scan;
  const groups = groupMarks(marks);
  const badContext = contextChecker();
  const read = itemReader(options.now);

  const evaluated: ItemGroup[] = [];
  const ranked = groups
    .filter((g) => g.length >= 2)
    .map((g) => ({ g, prior: g.length * (g.reduce((s, m) => s + m.strength, 0) / g.length) }))
    .sort((a, b) => b.prior - a.prior)
    .slice(0, MAX_GROUPS);
  // Lists that cannot be chosen (a label, or whose first items are no contributions) are not read
  // yet: they are read only if their items turn out to have the shape of a chosen list's.
  const deferred: Placed[] = [];
  for (const { g } of ranked) {
    if (options.budget?.spent()) break;
    const placed = place(g.slice(0, MAX_MEMBERS), badContext);
    const group = placed && !placed.label && promising(placed, options, read) ? evaluate(placed, options, read) : undefined;
    if (group) evaluated.push(group);
    else {
      if (placed) deferred.push(placed);
      options.inspect?.({ items: [], score: 0, members: g, label: placed?.label ?? false }, false);
    }
  }
  evaluated.sort((a, b) => b.score - a.score);

  // The best list, then others that do not overlap it (avatar and name of the same cards are one list).
  const chosen: PageItem[][] = [];
  const taken: Element[] = [];
  const isFreeElement = (el: Element) => !taken.some((t) => t === el || t.contains(el) || el.contains(t));
  const isFree = (it: PageItem) => isFreeElement(it.container);
  const refused: PageItem[][] = [];
  for (const group of evaluated) {
    const free = group.items.filter(isFree);
    const accepted = !group.label && free.length >= group.items.length * 0.8 && acceptable(free);
    options.inspect?.(group, accepted);
    if (!accepted) {
      refused.push(group.items);
      continue;
    }
    chosen.push(free);
    for (const it of free) taken.push(it.container);
  }
  const shapeOfList = (items: readonly { container: Element }[]) => modeOf(items.map((it) => shapeOf(it.container)));
  const chosenShapes = new Set(chosen.map(shapeOfList));
  for (const placed of deferred) {
    if (options.budget?.spent()) break;
    // Shapes first, reading second: a list left unread joins the refused ones only when its items
    // have a chosen list's shape (the only way its items can still be kept).
    if (!placed.kept.some((k) => chosenShapes.has(shapeOf(k.container)))) continue;
    const shape = shapeOfList(placed.kept.filter((k) => isFreeElement(k.container)));
    if (shape === undefined || !chosenShapes.has(shape)) continue;
    const group = evaluate(placed, options, read);
    if (group) refused.push(group.items);
  }
  // Items in the very markup of a chosen list belong to it, even when their names are marked up
  // apart ("submitter", a guest's name) and would not pass as a list on their own.
  for (const items of refused) {
    const free = items.filter(isFree);
    const shape = shapeOfList(free);
    const home = chosen.find((list) => shapeOfList(list) === shape);
    if (!home || shape === undefined || free.filter((it) => shapeOf(it.container) === shape).length < free.length * 0.8) continue;
    home.push(...free);
    for (const it of free) taken.push(it.container);
  }
  // A name alone in its markup (a thread's opening post, a commenter without a link) whose item has
  // the very shape of a chosen list's items is one of them.
  // Names of lists already judged (their items kept or left out) are not looked at again.
  const listed = new Set(ranked.flatMap(({ g }) => g));
  for (const list of chosen) {
    const shape = shapeOfList(list);
    if (shape === undefined) continue;
    for (const mark of marks) {
      if (listed.has(mark)) continue;
      let container: Element | null = mark.el;
      for (let i = 0; container && i < 12 && shapeOf(container) !== shape; i++) container = container.parentElement;
      if (!container || shapeOf(container) !== shape || badContext(container.parentElement ?? container)) continue;
      const [item] = readItems([{ mark, container }], options, read);
      if (!item || !isFree(item) || (item.date === undefined && item.rating === undefined && !isProse(item.text))) continue;
      list.push(item);
      taken.push(container);
      listed.add(mark);
    }
  }
  return threadItems(chosen, root);
}

function modeOf(values: readonly string[]): string | undefined {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  let best: string | undefined;
  for (const [v, n] of counts) if (best === undefined || n > counts.get(best)!) best = v;
  return best;
}

/** Names in the same markup, near enough: same tags above them, mostly the same classes. */
function groupMarks(marks: readonly AuthorMark[]): AuthorMark[][] {
  const byPath = new Map<string, AuthorMark[][]>();
  for (const mark of marks) {
    const groups = byPath.get(mark.tagPath) ?? [];
    // Near the list's first name or its latest one: a class some items add ("submitter") does not split it.
    const home = groups.find((g) => jaccard(g[0]!.classes, mark.classes) >= 0.5 || jaccard(g[g.length - 1]!.classes, mark.classes) >= 0.5);
    if (home) home.push(mark);
    else groups.push([mark]);
    byPath.set(mark.tagPath, groups);
  }
  return [...byPath.values()].flat();
}

/** Whether an element sits in navigation, a header, footer, sidebar or a "related" strip. */
function contextChecker(): (el: Element) => boolean {
  const cache = new Map<Element, boolean>();
  const self = (el: Element) =>
    BAD_TAGS.has(el.localName) || BAD_ROLES.test(el.getAttribute('role') ?? '') || wordsOf(el).some((w) => BAD_WORDS.test(w));
  return (start: Element) => {
    const path: Element[] = [];
    let result = false;
    for (let el: Element | null = start, k = 0; el && !BODY_TAGS.has(el.localName) && k < MAX_CLIMB; el = el.parentElement, k++) {
      const known = cache.get(el);
      if (known !== undefined) {
        result = known;
        break;
      }
      path.push(el);
      if (self(el)) {
        result = true;
        break;
      }
    }
    for (const el of path) cache.set(el, result);
    return result;
  };
}

/**
 * Each name's item: among the ancestors that hold no other name of the list,
 * the one whose shape most items share (so a comment with replies and one
 * without get the same element), the highest of that shape.
 */
function containersOf(members: readonly AuthorMark[]): Element[] {
  const counts = new Map<Element, number>();
  for (const m of members) {
    for (let el: Element | null = m.el, k = 0; el && !BODY_TAGS.has(el.localName) && k < MAX_CLIMB; el = el.parentElement, k++) counts.set(el, (counts.get(el) ?? 0) + 1);
  }
  const chains = members.map((m) => {
    const chain: Element[] = [m.el];
    for (let parent = m.el.parentElement; parent && !BODY_TAGS.has(parent.localName) && counts.get(parent) === 1; parent = parent.parentElement) chain.push(parent);
    return chain;
  });
  const shapes = new Map<string, number>();
  for (const chain of chains) for (const shape of new Set(chain.slice(1).map(shapeOf))) shapes.set(shape, (shapes.get(shape) ?? 0) + 1);
  return chains.map((chain) => {
    let best = chain[chain.length - 1]!;
    let bestCount = 0;
    for (let i = chain.length - 1; i >= 1; i--) {
      const count = shapes.get(shapeOf(chain[i]!)) ?? 0;
      if (count > bestCount) {
        best = chain[i]!;
        bestCount = count;
      }
    }
    return best;
  });
}

/** A candidate list's names with their items' elements, placed but not read. */
interface Placed {
  members: readonly AuthorMark[];
  /** Items outside navigation, headers, footers and sidebars. */
  kept: { mark: AuthorMark; container: Element }[];
  /** One name on (nearly) every item: a label or the owner's own shelf, never a list by itself. */
  label: boolean;
}

/** Items read of a long list before the rest: a list whose first items are no contributions is read no further. */
const PROBE = 10;

function place(members: readonly AuthorMark[], badContext: (el: Element) => boolean): Placed | undefined {
  // One name on (nearly) every item is a label ("Avatar", "Guest") or the page owner's own shelf, not people talking.
  const names = new Map<string, number>();
  for (const m of members) names.set(m.name, (names.get(m.name) ?? 0) + 1);
  const commonest = Math.max(...names.values());
  const label = (members.length >= 3 && commonest === members.length) || (members.length >= 5 && commonest > members.length * 0.8);
  const containers = containersOf(members);
  const kept = members.map((m, i) => ({ mark: m, container: containers[i]! })).filter(({ container }) => !badContext(container.parentElement ?? container));
  if (kept.length < 2 || kept.length < members.length * 0.5) return undefined;
  return { members, kept, label };
}

/** Whether a list's first items look like contributions (a short list is read whole instead). */
function promising(placed: Placed, options: RepeatedOptions, read: ItemReader): boolean {
  if (placed.kept.length <= PROBE) return true;
  // The items read here are kept by the reader: reading the whole list later does not read them again.
  const first = evaluate({ ...placed, kept: placed.kept.slice(0, PROBE) }, options, read);
  return first !== undefined && acceptable(first.items);
}

function evaluate({ members, kept, label }: Placed, options: RepeatedOptions, read: ItemReader): ItemGroup | undefined {
  const items = readItems(kept, options, read);
  // A field most items have (a rating, a date) that an item lacks, with every other such field:
  // the item is another kind of thing in the same markup ("popular lists" among reviews).
  const majority = (has: (it: PageItem) => boolean) => items.filter(has).length >= items.length * (2 / 3);
  const rated = majority((it) => it.rating !== undefined);
  const dated = majority((it) => it.date !== undefined);
  const usable = items.filter((it) => {
    if ((rated || dated) && !(rated && it.rating !== undefined) && !(dated && it.date !== undefined)) return false;
    return it.date !== undefined || it.rating !== undefined || it.text.length > 0;
  });
  if (usable.length < 2) return undefined;
  return { items: usable, score: scoreOf(usable, items.length), members, label };
}

/** Figures with their unit ("12.3M followers", "1,234 views", "5 points") are not words. */
const FIGURE = /[+-]?\d[\d.,]*\s*[kmb]?\s*(?:[\p{L}]+)?/giu;

/** Characters of a text isProse looks at. */
const PROSE_LOOK = 400;

/** Whether a text is someone's words: a few words once figures are taken out, not "12.3M followers". */
export function isProse(text: string): boolean {
  // The start says it: three words are in the first few hundred characters of any prose.
  const start = text.length > PROSE_LOOK ? text.slice(0, PROSE_LOOK) : text;
  const words = start.replace(FIGURE, ' ').split(/\s+/).filter((w) => /\p{L}{2}/u.test(w));
  return words.length >= 3 || (words.length >= 1 && text.length >= 25);
}

const prose = new WeakMap<PageItem, boolean>();

/** Each name's item read: its date and rating from the columns the items share, its words, its author's address. */
function readItems(kept: readonly { mark: AuthorMark; container: Element }[], options: RepeatedOptions, readFields: ItemReader): PageItem[] {
  // Items are read while the budget lasts; a list cut short keeps those it read.
  const read: { mark: AuthorMark; container: Element; fields: ItemFields }[] = [];
  for (const { mark, container } of kept) {
    if (read.length > 0 && options.budget?.spent()) break;
    read.push({ mark, container, fields: readFields(container, mark) });
  }
  const dates = pickColumn(read.map((r) => r.fields.dates));
  const ratings = ratingColumn(pickColumn(read.map((r) => r.fields.ratings)));
  return read.map(({ mark, container, fields }, i) => {
    const item: PageItem = { mark, container, text: fields.text };
    const date = dates[i];
    if (date) item.date = date.value;
    const rating = ratings[i];
    if (rating) {
      item.rating = rating.value;
      item.ratingScale = rating.scale;
    }
    const url = profileUrl(mark, container, options.url);
    if (url) item.url = url;
    return item;
  });
}

type ItemReader = (container: Element, mark: AuthorMark) => ItemFields;

/**
 * Reads each item once per extraction, and each element in it once: candidate lists overlap (the
 * avatars' list and the names' list are the same cards; one list's items hold another's), and
 * reading an item's dates and ratings is most of what the generic extractor costs.
 */
function itemReader(now: number): ItemReader {
  const readings = elementReadings();
  const done = new Map<Element, Map<Element | null, ItemFields>>();
  return (container, mark) => {
    // A name that shares its element with the item's other words is not left out of them.
    const excluded = mark.shared ? null : mark.el;
    let byName = done.get(container);
    if (!byName) done.set(container, (byName = new Map()));
    let fields = byName.get(excluded);
    if (!fields) byName.set(excluded, (fields = readItem(container, { now, exclude: excluded ? [excluded] : [], readings })));
    return fields;
  };
}

/** Share of items with a date, a rating, and words of their own. */
function coverage(items: readonly PageItem[]): { dated: number; rated: number; worded: number } {
  const n = items.length;
  const worded = (it: PageItem) => {
    let known = prose.get(it);
    if (known === undefined) prose.set(it, (known = isProse(it.text)));
    return known;
  };
  return {
    dated: items.filter((it) => it.date !== undefined).length / n,
    rated: items.filter((it) => it.rating !== undefined).length / n,
    worded: items.filter(worded).length / n,
  };
}

/** Whether items look like contributions rather than a list of links. */
function acceptable(items: readonly PageItem[]): boolean {
  if (items.length < 2) return false;
  const { dated, rated, worded } = coverage(items);
  const strength = items.reduce((s, it) => s + it.mark.strength, 0) / items.length;
  const sameShape = shareOfMode(items.map((it) => it.container.localName));
  if (sameShape < 0.6) return false;
  // Ratings with words, a date or linked names: "Overall: Very positive" rows are none of these.
  if (rated >= 0.5) return worded >= 0.2 || dated >= 0.3 || strength >= 5;
  // Names and dates without a word are a list of things (videos, articles), unless some do have words.
  if (dated >= 0.5) return worded >= 0.2;
  // Without dates or ratings, only words under names the markup clearly calls authors.
  return worded >= 0.8 && strength >= 5;
}

function scoreOf(items: readonly PageItem[], read: number): number {
  const { dated, rated, worded } = coverage(items);
  const quality = Math.min(1, 0.45 * dated + 0.35 * rated + 0.35 * worded);
  const strength = Math.min(1, items.reduce((s, it) => s + it.mark.strength, 0) / items.length / 7);
  const sameShape = shareOfMode(items.map((it) => shapeOf(it.container)));
  return items.length * quality * (0.5 + 0.5 * strength) * (0.5 + 0.5 * sameShape) * (items.length / read);
}

function shareOfMode(values: readonly string[]): number {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return Math.max(0, ...counts.values()) / Math.max(1, values.length);
}

/**
 * One candidate per item, from the columns many items have (a date in the
 * same place, not one written in a text): among those the surest reading
 * (a machine date, then a written one, then "3 days ago"), then the column
 * most items have.
 */
function pickColumn<T>(perItem: readonly Candidate<T>[][]): (Candidate<T> | undefined)[] {
  const frequency = new Map<string, number>();
  for (const candidates of perItem) {
    for (const shape of new Set(candidates.map((c) => c.shape))) frequency.set(shape, (frequency.get(shape) ?? 0) + 1);
  }
  const column = Math.max(2, perItem.length * 0.25);
  return perItem.map((candidates) => {
    let best: Candidate<T> | undefined;
    for (const c of candidates) {
      const f = frequency.get(c.shape)!;
      if (f < column && perItem.length > 2) continue;
      if (!best || c.rank < best.rank || (c.rank === best.rank && f > frequency.get(best.shape)!)) best = c;
    }
    return best;
  });
}

/**
 * Ratings need the same column in most items, and a scale: said by the page
 * ("4 out of 5", stars), or read from the numbers of the whole list (rating-45
 * classes are tenths of stars; scores up to 10, or with a 0 among them, are
 * out of 10).
 */
function ratingColumn(chosen: readonly (Candidate<RatingReading> | undefined)[]): ({ value: number; scale: RatingScale } | undefined)[] {
  const present = chosen.filter((c): c is Candidate<RatingReading> => c !== undefined);
  if (present.length < chosen.length * 0.5) return chosen.map(() => undefined);
  const bare = present.filter((c) => c.value.scale === undefined).map((c) => c.value);
  const max = Math.max(0, ...bare.map((r) => r.value));
  const tenths = bare.length > 0 && bare.every((r) => r.kind === 'class') && max > 10 && max <= 50 && bare.every((r) => Number.isInteger(r.value) && r.value % 5 === 0);
  // Stars start at one (or half): a 0 among the marks means a scale of 10 or 100.
  const zero = bare.some((r) => r.value === 0);
  const inferred: RatingScale | undefined = tenths ? 5 : max <= 5 && !zero ? 5 : max <= 10 ? 10 : max <= 100 ? 100 : undefined;
  return chosen.map((c) => {
    if (!c) return undefined;
    if (c.value.scale !== undefined) return { value: c.value.value, scale: c.value.scale };
    if (inferred === undefined) return undefined;
    return { value: tenths ? c.value.value / 10 : c.value.value, scale: inferred };
  });
}

/**
 * The author's address: the name's own link when it is a profile or their
 * website; else the avatar link or a "Profile" link in the item; else a short
 * link on the site that the name is.
 */
function profileUrl(mark: AuthorMark, container: Element, page: URL): string | undefined {
  if (mark.link && (mark.linkKind === 'profile' || mark.linkKind === 'subdomain' || mark.linkKind === 'external')) return profileAddress(mark.link).href;
  for (const a of linksIn(container, 60)) {
    const url = hrefOf(a, page);
    if (!url) continue;
    const kind = linkKind(url, page);
    if (kind === 'page') continue;
    const img = a.getElementsByTagName('img')[0];
    const avatar = img?.getAttribute('alt')?.trim() === mark.name || wordsOf(a).some((w) => /^(?:avatar|userpic|photo)$/.test(w));
    const label = shortText(a, 30);
    if (avatar || (label !== undefined && PROFILE_WORDS.test(label))) return profileAddress(url).href;
  }
  return mark.link && mark.linkKind === 'slug' ? mark.link.href : undefined;
}

/** The first links inside an element, in document order. */
function linksIn(el: Element, max: number): Element[] {
  const out: Element[] = [];
  walkElements(el, 2000, (node) => {
    if (out.length < max && node.localName === 'a' && node.hasAttribute('href')) out.push(node);
    return out.length < max;
  });
  return out;
}
