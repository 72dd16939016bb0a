/**
 * schema.org microdata (itemscope / itemprop) and RDFa (typeof / property,
 * as in RDFa Lite) read into the same shape as JSON-LD nodes ({"@type":
 * "Review", "author": {...}}), so one mapping serves all three. Older review
 * sites, blogs and some video sites' server-rendered pages use them.
 */
import type { JsonObject } from './json';

const MAX_ITEMS = 2_000;

/** The attributes one syntax uses for an item, its type, its properties and its id. */
interface Syntax {
  scope: string;
  type: string;
  prop: string;
  id: string;
}

const MICRODATA: Syntax = { scope: 'itemscope', type: 'itemtype', prop: 'itemprop', id: 'itemid' };
const RDFA: Syntax = { scope: 'typeof', type: 'typeof', prop: 'property', id: 'resource' };

/** Top-level microdata items of the page (an itemscope that is not itself a property of another item). */
export function readMicrodata(doc: Document | readonly Element[]): JsonObject[] {
  return readItems(scopes(doc, MICRODATA), MICRODATA);
}

/** Top-level RDFa items of the page (a typeof that is not itself a property of another item). */
export function readRdfa(doc: Document | readonly Element[]): JsonObject[] {
  return readItems(scopes(doc, RDFA), RDFA);
}

/** The item elements of a document, or those a page scan found. */
function scopes(doc: Document | readonly Element[], syntax: Syntax): readonly Element[] {
  return Array.isArray(doc) ? doc : Array.from((doc as Document).querySelectorAll(`[${syntax.scope}]`));
}

function readItems(elements: readonly Element[], syntax: Syntax): JsonObject[] {
  const items: JsonObject[] = [];
  for (const el of elements) {
    if (items.length >= MAX_ITEMS) break;
    if (el.hasAttribute(syntax.prop)) continue;
    items.push(readItem(el, 0, syntax));
  }
  return items;
}

/** "schema:author" and "http://schema.org/author" are "author". */
function localName(name: string): string {
  return name.replace(/^https?:\/\/schema\.org\//i, '').replace(/^[a-z]+:/i, '');
}

function readItem(scope: Element, depth: number, syntax: Syntax): JsonObject {
  const item: JsonObject = {};
  const type = scope.getAttribute(syntax.type);
  if (type) item['@type'] = type.trim().split(/\s+/).map(localName);
  const id = scope.getAttribute(syntax.id);
  if (id) item['@id'] = id;
  collectProperties(scope, item, depth, syntax);
  return item;
}

function collectProperties(scope: Element, item: JsonObject, depth: number, syntax: Syntax): void {
  // Iterative, in document order, so deep markup cannot overflow the stack.
  const stack: Element[] = childrenOf(scope).reverse();
  let budget = 50_000;
  while (stack.length > 0 && budget-- > 0) {
    const child = stack.pop()!;
    const names = child.getAttribute(syntax.prop);
    const isScope = child.hasAttribute(syntax.scope);
    if (names) {
      const value: unknown = isScope ? (depth < 8 ? readItem(child, depth + 1, syntax) : {}) : valueOf(child);
      for (const name of names.trim().split(/\s+/)) addProperty(item, localName(name), value);
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
      // Some pages write <link itemprop="name" content="...">: take content when href is absent.
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
