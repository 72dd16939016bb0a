/**
 * The JSON a page embeds in its scripts for its own start-up, found without
 * knowing the framework: JSON script elements (__NEXT_DATA__, any
 * application/json), assignments to a state variable (window.__APOLLO_STATE__
 * = {...}, __PRELOADED_STATE__, __INITIAL_STATE__, __NUXT__ = {...}, also as
 * JSON.parse("...")), and data handed to a start-up call ({ data: [...] }).
 * Bounded: a hostile page with huge scripts costs a capped amount of work.
 */
import { UNLIMITED, type Budget } from './budget';
import { matchingBrace } from './embedded';
import { parseJson } from './json';

/** Characters of script text read at most, over all scripts. */
const MAX_TOTAL_CHARS = 6_000_000;
/** Parse attempts at most (each JSON.parse of a large value costs). */
const MAX_PARSES = 40;
/** A state larger than this is not parsed: its cost would be the page's, not a capture's. */
const MAX_VALUE_CHARS = 2_000_000;
/** Where state is handed over: an assignment to a state-like name, or a "data:" member of a call. */
const HANDOVER = /(?:\b(?:window|self|globalThis)\s*\.\s*|\b(?:var|let|const)\s+|\[\s*["'])?([A-Za-z_$][\w$]*)(?:["']\s*\])?\s*=\s*(?:JSON\.parse\(\s*(?=["'])|(?=[[{]))|\bdata\s*:\s*(?=[[{])/g;
const STATE_NAME = /^__\w+__$|state|store|data|props|cache|apollo|relay|redux|nuxt|initial/i;

/** Every JSON value the page's scripts hand to the page, in document order. */
export function embeddedJson(scripts: readonly Element[], budget: Budget = UNLIMITED): unknown[] {
  const out: unknown[] = [];
  let chars = 0;
  let parses = 0;
  for (const script of scripts) {
    if (parses >= MAX_PARSES || chars >= MAX_TOTAL_CHARS || budget.spent()) break;
    if (script.hasAttribute('src')) continue;
    const type = (script.getAttribute('type') ?? '').toLowerCase().trim();
    if (type === 'application/ld+json') continue;
    const source = script.textContent ?? '';
    chars += source.length;
    if (source.length < 40 || source.length > MAX_VALUE_CHARS) continue;
    if (type === 'application/json' || (type !== '' && type.endsWith('json'))) {
      parses++;
      const value = parseJson(source);
      if (value !== undefined) out.push(value);
      continue;
    }
    if (type !== '' && !/javascript|ecmascript|module/.test(type)) continue;
    HANDOVER.lastIndex = 0;
    for (let m = HANDOVER.exec(source); m && parses < MAX_PARSES; m = HANDOVER.exec(source)) {
      if (m[1] !== undefined && !STATE_NAME.test(m[1])) continue;
      const start = m.index + m[0].length;
      const value = source[start] === '"' || source[start] === "'" ? stringifiedJson(source, start) : bracketedJson(source, start);
      if (value === null) continue;
      parses++;
      if (value !== undefined) out.push(value);
    }
  }
  return out;
}

/** The JSON value that opens at `start` ({ or [), or undefined when it is not JSON; null when too small to matter. */
function bracketedJson(source: string, start: number): unknown {
  const end = matchingBrace(source, start);
  if (end === -1 || end - start < 40) return null;
  return parseJson(source.slice(start, end + 1));
}

/** JSON.parse("{\"a\":1}"): the string literal's text, parsed. */
function stringifiedJson(source: string, start: number): unknown {
  const quote = source[start]!;
  let end = start + 1;
  while (end < source.length && source[end] !== quote) end += source[end] === '\\' ? 2 : 1;
  if (end - start < 40) return null;
  const literal = source.slice(start + 1, end);
  // A single-quoted literal is read as a double-quoted one: its escapes are the same but for the quotes.
  const text = parseJson(`"${quote === "'" ? literal.replace(/\\'/g, "'").replace(/"/g, '\\"') : literal}"`);
  return typeof text === 'string' ? parseJson(text) : undefined;
}
