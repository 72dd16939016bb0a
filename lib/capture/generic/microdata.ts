/**
 * schema.org microdata (itemscope / itemprop) read into the same shape as
 * JSON-LD nodes ({"@type": "Review", "author": {...}}), so one mapping serves
 * both. Older review sites and YouTube's server-rendered watch page use it.
 */
import type { JsonObject } from './json';

const MAX_ITEMS = 2_000;

/** Top-level items of the page (an itemscope that is not itself a property of another item). */
export function readMicrodata(doc: Document): JsonObject[] {
  const items: JsonObject[] = [];
  for (const el of Array.from(doc.querySelectorAll('[itemscope]'))) {
    if (items.length >= MAX_ITEMS) break;
    if (el.hasAttribute('itemprop')) continue;
    items.push(readItem(el, 0));
  }
  return items;
}

function readItem(scope: Element, depth: number): JsonObject {
  const item: JsonObject = {};
  const type = scope.getAttribute('itemtype');
  if (type) item['@type'] = type.trim().split(/\s+/).map((t) => t.replace(/^https?:\/\/schema\.org\//i, ''));
  const id = scope.getAttribute('itemid');
  if (id) item['@id'] = id;
  collectProperties(scope, item, depth);
  return item;
}

function collectProperties(scope: Element, item: JsonObject, depth: number): void {
  // Iterative, in document order, so deep markup cannot overflow the stack.
  const stack: Element[] = childrenOf(scope).reverse();
  let budget = 50_000;
  while (stack.length > 0 && budget-- > 0) {
    const child = stack.pop()!;
    const names = child.getAttribute('itemprop');
    const isScope = child.hasAttribute('itemscope');
    if (names) {
      const value: unknown = isScope ? (depth < 8 ? readItem(child, depth + 1) : {}) : valueOf(child);
      for (const name of names.trim().split(/\s+/)) addProperty(item, name, value);
    }
    // A nested item keeps its own properties; anything else may hold more of ours.
    if (!isScope) stack.push(...childrenOf(child).reverse());
  }
}

function childrenOf(el: Element): Element[] {
  const out: Element[] = [];
  for (let child = el.firstElementChild; child; child = child.nextElementSibling) out.push(child);
  return out;
}

function addProperty(item: JsonObject, name: string, value: unknown): void {
  const existing = item[name];
  if (existing === undefined) item[name] = value;
  else if (Array.isArray(existing)) existing.push(value);
  else item[name] = [existing, value];
}

/** The value of a property element, by the rules of the HTML microdata spec. */
function valueOf(el: Element): string {
  const tag = el.tagName.toUpperCase();
  const read = (name: string) => el.getAttribute(name) ?? '';
  switch (tag) {
    case 'META':
      return read('content');
    case 'LINK':
    case 'A':
    case 'AREA':
      // YouTube writes <link itemprop="name" content="...">: take content when href is absent.
      return el.getAttribute('href') ?? read('content');
    case 'IMG':
    case 'AUDIO':
    case 'VIDEO':
    case 'SOURCE':
    case 'IFRAME':
    case 'EMBED':
      return read('src');
    case 'OBJECT':
      return read('data');
    case 'TIME':
      return el.getAttribute('datetime') ?? el.getAttribute('dateTime') ?? (el.textContent ?? '').trim();
    case 'DATA':
    case 'METER':
      return read('value');
    default:
      return el.getAttribute('content') ?? (el.textContent ?? '').replace(/\s+/g, ' ').trim();
  }
}
