/**
 * Reading untrusted JSON found in pages: parsing that never throws, and typed
 * access into objects whose shape the page decides.
 */

export type JsonObject = { [key: string]: unknown };

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** JSON.parse that returns undefined instead of throwing. */
export function parseJson(textValue: string): unknown {
  try {
    return JSON.parse(textValue) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * JSON as hand-written JSON-LD often is: raw line breaks and tabs inside
 * strings, trailing commas, an HTML comment around it. Tried after strict
 * parsing fails.
 */
export function parseLenientJson(textValue: string): unknown {
  const strict = parseJson(textValue);
  if (strict !== undefined) return strict;
  const repaired = textValue
    .replace(/^\s*<!--/, '')
    .replace(/-->\s*$/, '')
    // Control characters are never valid inside JSON strings and are noise outside them.
    .replace(/[\u0000-\u001F]+/g, ' ')
    .replace(/,\s*([}\]])/g, '$1');
  return parseJson(repaired);
}

/** The value at a path of keys and indexes, or undefined as soon as a step is missing. */
export function dig(value: unknown, ...path: (string | number)[]): unknown {
  let current = value;
  for (const step of path) {
    if (typeof step === 'number') {
      if (!Array.isArray(current)) return undefined;
      current = current[step];
    } else {
      if (!isObject(current)) return undefined;
      current = current[step];
    }
  }
  return current;
}

export function str(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim() === '' ? undefined : value.trim();
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

export function num(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  return undefined;
}

export function bool(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (value === 'true' || value === 'True') return true;
  if (value === 'false' || value === 'False') return false;
  return undefined;
}

export function arr(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  return value === undefined || value === null ? [] : [value];
}

/**
 * The first object under `root` that has `key`, breadth-first, visiting at
 * most `budget` nodes: embedded page data is large and its nesting changes.
 */
export function findWithKey(root: unknown, key: string, budget = 200_000): JsonObject | undefined {
  const queue: unknown[] = [root];
  for (let i = 0; i < queue.length && i < budget; i++) {
    const node = queue[i];
    if (Array.isArray(node)) {
      for (const item of node) if (typeof item === 'object' && item !== null) queue.push(item);
    } else if (isObject(node)) {
      if (Object.hasOwn(node, key)) return node;
      for (const k in node) {
        const v = node[k];
        if (typeof v === 'object' && v !== null) queue.push(v);
      }
    }
  }
  return undefined;
}

/** Every object under `root` that has `key` (depth-first, bounded like findWithKey). */
export function findAllWithKey(root: unknown, key: string, budget = 200_000): JsonObject[] {
  const found: JsonObject[] = [];
  const stack: unknown[] = [root];
  let visited = 0;
  while (stack.length > 0 && visited++ < budget) {
    const node = stack.pop();
    if (Array.isArray(node)) {
      for (let i = node.length - 1; i >= 0; i--) if (typeof node[i] === 'object' && node[i] !== null) stack.push(node[i]);
    } else if (isObject(node)) {
      if (Object.hasOwn(node, key)) found.push(node);
      const keys = Object.keys(node);
      for (let i = keys.length - 1; i >= 0; i--) {
        const v = node[keys[i]!];
        if (typeof v === 'object' && v !== null) stack.push(v);
      }
    }
  }
  return found;
}
