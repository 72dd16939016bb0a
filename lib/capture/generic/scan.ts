/**
 * One walk over the page for every generic strategy: the places it names
 * people, its scripts (JSON-LD and embedded state), its microdata and RDFa
 * items, its meta and link tags. Bounded, so a page of 100,000 nodes costs
 * what one of 12,000 does; document order is kept for everything found.
 */
import { authorFinder, type AuthorMark } from './authors';
import { UNLIMITED, type Budget } from './budget';

/** Elements read at most, in document order: the largest real pages measured have about 9,000 (hostile ones are cut here). */
export const MAX_ELEMENTS = 12_000;

/** Elements whose insides hold no names (scripts are kept, not entered). */
const UNREAD = new Set(['style', 'noscript', 'template', 'svg', 'math', 'button', 'select', 'option', 'textarea', 'input', 'title', 'iframe', 'object', 'canvas', 'video', 'audio']);

export interface PageScan {
  marks: AuthorMark[];
  /** Document order of every element walked. */
  order: Map<Element, number>;
  scripts: Element[];
  microdata: Element[];
  rdfa: Element[];
  /** meta and link elements. */
  metas: Element[];
  links: Element[];
}

/**
 * Elements in document order, without the insides of the given tags, at most
 * `limit` of them. Walks from element to element (never listing an element's
 * children at once), so one element with 100,000 children costs only the
 * ones visited.
 */
export function walkElements(root: ParentNode, limit: number, visit: (el: Element, index: number) => boolean | void, unread: ReadonlySet<string> = UNREAD, budget: Budget = UNLIMITED): void {
  let node: Element | null = root.firstElementChild;
  let index = 0;
  while (node && index < limit && !budget.spent()) {
    // A visitor returning false keeps the walk out of the element.
    const enter = !unread.has(node.localName) && visit(node, index++) !== false;
    let next: Element | null = enter ? node.firstElementChild : null;
    // No child to go into: the next sibling, else up to the nearest ancestor that has one.
    for (let at: Element | null = node; !next && at; ) {
      next = at.nextElementSibling;
      if (next) break;
      const up: ParentNode | null = at.parentNode;
      at = up && up !== root && up.nodeType === 1 ? (up as Element) : null;
    }
    node = next;
  }
}

export function scanPage(doc: Document, pageUrl: URL, budget: Budget = UNLIMITED): PageScan {
  const scan: PageScan = { marks: [], order: new Map(), scripts: [], microdata: [], rdfa: [], metas: [], links: [] };
  const authors = authorFinder(pageUrl, scan.order);
  let inHead = false;
  let headEnd: Element | null = null;
  // From the document itself: a page reduced to a fragment may have no root element.
  walkElements(doc, MAX_ELEMENTS, (el, index) => {
    const tag = el.localName;
    // Only while in the head: contains() climbs from the element, for every element of the page.
    if (inHead && headEnd !== null && !headEnd.contains(el)) inHead = false;
    scan.order.set(el, index);
    if (tag === 'script') {
      scan.scripts.push(el);
      return false;
    }
    if (tag === 'meta') scan.metas.push(el);
    else if (tag === 'link') scan.links.push(el);
    else if (tag === 'head') {
      inHead = true;
      headEnd = el;
      return true;
    }
    if (el.hasAttribute('itemscope')) scan.microdata.push(el);
    if (el.hasAttribute('typeof')) scan.rdfa.push(el);
    if (!inHead) authors.visit(el, index);
    return true;
  }, UNREAD, budget);
  scan.marks = authors.finish();
  return scan;
}
