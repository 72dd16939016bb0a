/**
 * Data that single-page sites embed for their own start-up: Next.js'
 * __NEXT_DATA__ or a rehydration blob in a script element with an id, or
 * `var initialData = {...};` (an assignment in a script; the site modules
 * name the variables they know). Content scripts run in an isolated world and cannot read the
 * page's variables, but they can read this script text.
 */
import { parseJson } from './json';

const MAX_SCRIPT_CHARS = 20_000_000;

/** The JSON content of <script id="...">, or undefined. */
export function scriptJsonById(doc: Document, id: string): unknown {
  const script = doc.getElementById(id);
  if (!script || script.tagName.toUpperCase() !== 'SCRIPT') return undefined;
  const source = script.textContent ?? '';
  return source.length > MAX_SCRIPT_CHARS ? undefined : parseJson(source);
}

/**
 * The object literal assigned to a variable in an inline script:
 * `var ytInitialData = {...};` or `window["ytInitialData"] = {...};`.
 */
export function scriptAssignment(doc: Document, name: string): unknown {
  const patterns = [`${name} = `, `${name}=`, `["${name}"] = `, `['${name}'] = `];
  for (const script of Array.from(doc.querySelectorAll('script'))) {
    if (script.hasAttribute('src')) continue;
    const source = script.textContent ?? '';
    if (source.length > MAX_SCRIPT_CHARS || !source.includes(name)) continue;
    for (const pattern of patterns) {
      const at = source.indexOf(pattern);
      if (at === -1) continue;
      const start = source.indexOf('{', at + pattern.length - 1);
      if (start === -1 || start - (at + pattern.length) > 2) continue;
      // Usually the assignment is the whole script: try its last brace before scanning.
      const last = source.lastIndexOf('}');
      if (last > start) {
        const whole = parseJson(source.slice(start, last + 1));
        if (whole !== undefined) return whole;
      }
      const end = matchingBrace(source, start);
      if (end === -1) continue;
      const value = parseJson(source.slice(start, end + 1));
      if (value !== undefined) return value;
    }
  }
  return undefined;
}

/**
 * Index of the bracket closing the object or array that opens at `start`
 * ({ or [), skipping strings; -1 if unbalanced.
 */
export function matchingBrace(source: string, start: number): number {
  let depth = 0;
  let inString = false;
  for (let i = start; i < source.length; i++) {
    const c = source.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inString = false;
      continue;
    }
    if (c === 34) inString = true;
    else if (c === 123 /* { */ || c === 91 /* [ */) depth++;
    else if (c === 125 /* } */ || c === 93 /* ] */) {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}
