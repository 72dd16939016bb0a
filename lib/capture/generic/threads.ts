/**
 * How the items of a list hang together: replies nested in their parent's
 * markup, or indented by a level class, an attribute, a margin or a spacer
 * image; which items the page marks as its owner's (WordPress'
 * bypostauthor, a "submitter" or "topic-author" class on some items only);
 * and which authors it marks as bots, who are left out.
 */
import type { FoundItem } from './found';
import type { PageItem } from './repeated';
import { shortText } from './fields';
import { classSet, classTokensOf, jaccard, wordsOf } from './words';

/** Class names pages put on their owner's items only. */
const OWNER_MARK = /(?:^|[-_])(?:bypostauthor|post-?author|topic-?author|thread-?author|story-?author|is-?author|is-?op|op|original-?poster|submitter|owner|is-?owner|owner-?reply|author-?reply|developer-?reply|business-?response|owner-?response|merchant-?reply|seller-?reply)(?:$|[-_])/;
const BOT_BADGE = /^\[?bot\]?$/i;
const LEVEL_CLASS = /(?:^|[-_])(?:depth|level|indent|lvl)[-_]*(\d{1,2})$/;
const LEVEL_ATTRIBUTES = ['data-depth', 'data-level', 'data-indent', 'aria-level', 'indent', 'level'] as const;
/** Ancestors climbed at most: a page nested 100,000 deep costs no more than one a few hundred deep. */
const MAX_CLIMB = 300;

/** The chosen lists as found items, in page order, with depth and role; bots left out. */
export function threadItems(lists: readonly PageItem[][], root: Element): FoundItem[] {
  const out: { order: number; item: FoundItem }[] = [];
  for (const items of lists) {
    const { depths: nested, threads } = nesting(items);
    const depths = nested.some((d) => d > 0) ? nested : (indentDepths(items, root) ?? nested);
    const owners = ownerMarked(items, threads);
    // An id is the item's only if no other item of the list has it (a list's own id is not).
    const ids = items.map((it) => itemId(it.container));
    const idCount = new Map<string, number>();
    for (const id of ids) if (id) idCount.set(id, (idCount.get(id) ?? 0) + 1);
    items.forEach((it, i) => {
      if (isBot(it)) return;
      const item: FoundItem = {
        author: { name: it.mark.name, ...(it.url ? { url: it.url } : {}) },
        type: it.rating !== undefined ? 'review' : 'comment',
        depth: depths[i] ?? 0,
        text: it.text,
        anchor: it.mark.el,
      };
      if (it.date) item.date = it.date;
      if (it.rating !== undefined && it.ratingScale !== undefined) {
        item.rating = it.rating;
        item.ratingScale = it.ratingScale;
      }
      const id = ids[i];
      if (id && idCount.get(id) === 1) item.id = id;
      if (owners[i]) item.role = 'owner-reply';
      out.push({ order: it.mark.order, item });
    });
  }
  return out.sort((a, b) => a.order - b.order).map((o) => o.item);
}

function similar(a: Element, b: Element): boolean {
  return a.localName === b.localName && jaccard(classSet(a), classSet(b)) >= 0.5;
}

/**
 * Replies inside their parent's markup: an item's thread is its container
 * and the ancestors that hold only it and, after it, replies in a differently
 * shaped child list; another item of the list inside that thread is a reply.
 */
function nesting(items: readonly PageItem[]): { depths: number[]; threads: Element[] } {
  const containers = items.map((it) => it.container);
  const own = new Set(containers);
  // For each ancestor of the containers: how many it holds, and the first item among them.
  const under = new Map<Element, { count: number; first: number }>();
  items.forEach((it, i) => {
    for (let el = it.container.parentElement, k = 0; el && el.localName !== 'body' && k < MAX_CLIMB; el = el.parentElement, k++) {
      const known = under.get(el);
      if (!known) under.set(el, { count: 1, first: i });
      else {
        known.count++;
        if (items[known.first]!.mark.order > it.mark.order) known.first = i;
      }
    }
  });
  const held = (el: Element) => (own.has(el) ? 1 : 0) + (under.get(el)?.count ?? 0);
  const threads = items.map((it, i) => {
    let thread = it.container;
    for (let parent = thread.parentElement, k = 0; parent && parent.localName !== 'body' && k < MAX_CLIMB; parent = parent.parentElement, k++) {
      if (held(parent) > held(thread)) {
        // Others are here too: a list of siblings, or this item's own replies after it in a child list of another shape.
        const first = under.get(parent)!.first === i;
        let siblings = false;
        let looked = 0;
        for (let child = parent.firstElementChild; child && looked < 500 && !siblings; child = child.nextElementSibling, looked++) {
          if (child !== thread && held(child) > 0 && similar(child, thread)) siblings = true;
        }
        if (!first || siblings) break;
      }
      thread = parent;
    }
    return thread;
  });
  // An item whose thread holds every other item is the page's opening post (an article, a question), not their parent.
  const parentThreads = new Set(threads.filter((t, j) => t !== containers[j] && !(items.length > 2 && held(t) >= items.length)));
  const depths = containers.map((c, i) => {
    let depth = 0;
    for (let el: Element | null = c, k = 0; el && el.localName !== 'body' && k < MAX_CLIMB; el = el.parentElement, k++) {
      if (el !== threads[i] && parentThreads.has(el)) depth++;
    }
    return depth;
  });
  return { depths, threads };
}

/** The nearest element holding every container: the list itself. */
function listRoot(items: readonly PageItem[], root: Element): Element {
  let list = items[0]!.container.parentElement ?? root;
  for (let k = 0; list !== root && k < MAX_CLIMB && !items.every((it) => list.contains(it.container)); k++) list = list.parentElement ?? root;
  return list;
}

type Indent = { kind: string; value: number };

/** An indent signal of one element: a level attribute, a level class, a left margin. */
function indentOf(el: Element): Indent | undefined {
  for (const name of LEVEL_ATTRIBUTES) {
    const value = el.getAttribute(name);
    if (value !== null && /^\d{1,2}$/.test(value.trim())) return { kind: `attr:${name}`, value: Number(value) };
  }
  for (const token of classTokensOf(el)) {
    const m = LEVEL_CLASS.exec(token);
    if (m) return { kind: 'class', value: Number(m[1]) };
  }
  const margin = /(?:margin|padding)-left\s*:\s*(\d{1,4})px/i.exec(el.getAttribute('style') ?? '');
  if (margin) return { kind: 'margin', value: Number(margin[1]) };
  return undefined;
}

/** A spacer image before the name (tables of comments indent with a blank image of some width). */
function spacerOf(item: PageItem): Indent | undefined {
  for (const img of Array.from(item.container.querySelectorAll('img[width]')).slice(0, 3)) {
    if (img.compareDocumentPosition(item.mark.el) & 4 /* FOLLOWING */) {
      const width = Number(img.getAttribute('width'));
      const height = Number(img.getAttribute('height') ?? '1');
      if (Number.isFinite(width) && height <= 1) return { kind: 'spacer', value: width };
    }
  }
  return undefined;
}

/**
 * Depth from indentation when the markup does not nest replies: the signal
 * most items carry, its distinct values ranked (0, 40, 80 px -> 0, 1, 2).
 */
function indentDepths(items: readonly PageItem[], root: Element): number[] | undefined {
  const list = listRoot(items, root);
  const signals = items.map((it) => {
    const found: Indent[] = [];
    for (let el: Element | null = it.container, k = 0; el && el !== list && k < MAX_CLIMB; el = el.parentElement, k++) {
      const indent = indentOf(el);
      if (indent) found.push(indent);
    }
    const spacer = spacerOf(it);
    if (spacer) found.push(spacer);
    return found;
  });
  const kinds = new Map<string, number>();
  for (const found of signals) for (const kind of new Set(found.map((f) => f.kind))) kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
  const [kind, count] = [...kinds].sort((a, b) => b[1] - a[1])[0] ?? [];
  if (kind === undefined || count === undefined || count < items.length * 0.8) return undefined;
  const values = signals.map((found) => found.find((f) => f.kind === kind)?.value);
  const ranks = [...new Set(values.filter((v): v is number => v !== undefined))].sort((a, b) => a - b);
  if (ranks.length < 2) return undefined;
  return values.map((v) => (v === undefined ? 0 : ranks.indexOf(v)));
}

/** Class names on the item's own markup, from its name up to its thread (the element wrapping it and its replies). */
function markTokens(it: PageItem, thread: Element): string[] {
  const tokens: string[] = [];
  for (let el: Element | null = it.mark.el; el; el = el.parentElement) {
    tokens.push(...classTokensOf(el));
    if (el === thread || el === it.container.parentElement?.parentElement) break;
  }
  return tokens;
}

/** Items whose markup carries an owner class that most items of the list do not carry. */
function ownerMarked(items: readonly PageItem[], threads: readonly Element[]): boolean[] {
  const perItem = items.map((it, i) => new Set(markTokens(it, threads[i]!).filter((t) => OWNER_MARK.test(t))));
  const counts = new Map<string, number>();
  for (const tokens of perItem) for (const t of tokens) counts.set(t, (counts.get(t) ?? 0) + 1);
  const markers = new Set([...counts].filter(([, n]) => n <= items.length / 2).map(([t]) => t));
  return perItem.map((tokens) => [...tokens].some((t) => markers.has(t)));
}

/** Authors the page marks as bots: a bot class on the name, a "BOT" badge beside it, "[bot]" after it. */
function isBot(it: PageItem): boolean {
  if (/\[bot\]$/i.test(it.mark.name)) return true;
  for (let el: Element | null = it.mark.el, i = 0; el && i < 3; el = el.parentElement, i++) {
    if (wordsOf(el).includes('bot')) return true;
  }
  const holder = it.mark.el.parentElement;
  if (!holder) return false;
  for (let sibling = holder.firstElementChild; sibling; sibling = sibling.nextElementSibling) {
    if (sibling === it.mark.el) continue;
    const label = shortText(sibling, 8);
    if (label && BOT_BADGE.test(label)) return true;
  }
  return false;
}

/** A record id ("comment-2772", "post543571595", "16909828") on the container, its first child or its parent. */
function itemId(container: Element): string | undefined {
  const near = [container, container.firstElementChild, container.firstElementChild?.firstElementChild, container.parentElement];
  for (const el of near) {
    if (!el) continue;
    const id = el.getAttribute('id') ?? el.getAttribute('data-id') ?? el.getAttribute('data-comment-id') ?? el.getAttribute('data-review-id');
    if (id && id.length <= 100 && /\d{3,}/.test(id)) return id;
  }
  return undefined;
}
