/**
 * schema.org JSON-LD: every <script type="application/ld+json"> of the page,
 * with arrays and @graph flattened, nested nodes reachable with their parent,
 * and @id references resolvable. Malformed blocks are repaired where that is
 * safe, else skipped and reported.
 */
import { arr, isObject, parseLenientJson, type JsonObject } from './json';

/** Scripts larger than this are not data a page means for search engines. */
const MAX_SCRIPT_CHARS = 5_000_000;

export interface JsonLd {
  /** Top-level nodes (arrays and @graph flattened). */
  roots: JsonObject[];
  /** Nodes by @id, for references such as {"@id": ".../Organization/shop"}. */
  byId: Map<string, JsonObject>;
  /** Blocks that could not be read even leniently. */
  malformed: number;
}

export function readJsonLd(doc: Document): JsonLd {
  return readJsonLdScripts(Array.from(doc.querySelectorAll('script')));
}

/** The JSON-LD of these script elements (the others are passed over). */
export function readJsonLdScripts(scripts: readonly Element[]): JsonLd {
  const roots: JsonObject[] = [];
  const byId = new Map<string, JsonObject>();
  let malformed = 0;
  for (const script of scripts) {
    const type = (script.getAttribute('type') ?? '').toLowerCase().trim();
    if (type !== 'application/ld+json') continue;
    const source = script.textContent ?? '';
    if (source.length > MAX_SCRIPT_CHARS) continue;
    const parsed = parseLenientJson(source);
    if (parsed === undefined) {
      if (source.trim() !== '') malformed++;
      continue;
    }
    for (const node of flatten(parsed)) roots.push(node);
  }
  walk(roots, (node) => {
    const id = node['@id'];
    if (typeof id === 'string' && !byId.has(id) && Object.keys(node).length > 1) byId.set(id, node);
  });
  return { roots, byId, malformed };
}

/** Top-level nodes in document order; iterative, so hostile nesting cannot overflow the stack. */
function flatten(value: unknown): JsonObject[] {
  const out: JsonObject[] = [];
  const stack: unknown[] = [value];
  let budget = 100_000;
  while (stack.length > 0 && budget-- > 0) {
    const item = stack.pop();
    if (Array.isArray(item)) {
      for (let i = item.length - 1; i >= 0; i--) stack.push(item[i]);
    } else if (isObject(item)) {
      if (item['@type'] !== undefined) out.push(item);
      const graph = item['@graph'];
      if (graph !== undefined) stack.push(graph);
    }
  }
  return out;
}

/** The schema.org types of a node, without the vocabulary prefix ("http://schema.org/Review" -> "Review"). */
export function typesOf(node: JsonObject): string[] {
  return arr(node['@type'])
    .filter((t): t is string => typeof t === 'string')
    .map((t) => t.replace(/^https?:\/\/schema\.org\//i, '').replace(/^schema:/, ''));
}

export function hasType(node: JsonObject, ...types: string[]): boolean {
  return typesOf(node).some((t) => types.includes(t));
}

/** Visit every object under the roots, with its parent, at most `budget` nodes. */
export function walk(roots: readonly JsonObject[], visit: (node: JsonObject, parent: JsonObject | undefined) => void, budget = 100_000): void {
  // Depth-first in document order: children are pushed in reverse.
  const stack: [JsonObject, JsonObject | undefined][] = roots.map((r): [JsonObject, undefined] => [r, undefined]).reverse();
  let visited = 0;
  while (stack.length > 0 && visited++ < budget) {
    const [node, parent] = stack.pop()!;
    visit(node, parent);
    const children: JsonObject[] = [];
    for (const key in node) {
      if (key === '@context') continue;
      for (const child of arr(node[key])) if (isObject(child)) children.push(child);
    }
    for (let i = children.length - 1; i >= 0; i--) stack.push([children[i]!, node]);
  }
}

/** A node itself, or the node its {"@id"} reference points to. */
export function resolve(value: unknown, byId: Map<string, JsonObject>): JsonObject | undefined {
  if (!isObject(value)) return undefined;
  const id = value['@id'];
  if (typeof id === 'string' && Object.keys(value).length === 1) return byId.get(id) ?? value;
  return value;
}
