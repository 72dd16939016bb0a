/**
 * Small DOM helpers every extractor shares. They read text with textContent
 * (never innerText: no layout, and it works the same in linkedom under Node),
 * never write to the page, and tolerate the differences between a browser's
 * HTML parser and linkedom (which keeps attribute case: `dateTime` stays
 * `dateTime`, so attribute reads try the spellings a page uses).
 */

/** One CSS selector per page variant, first match wins; each entry says which variant it serves. */
export type Selectors = readonly string[];

/** The first element matching any of the alternatives, in the order given. */
export function first(root: ParentNode, selectors: Selectors): Element | null {
  for (const selector of selectors) {
    const found = root.querySelector(selector);
    if (found) return found;
  }
  return null;
}

/** All elements matching the first alternative that matches anything. */
export function all(root: ParentNode, selectors: Selectors): Element[] {
  for (const selector of selectors) {
    const found = root.querySelectorAll(selector);
    if (found.length > 0) return Array.from(found);
  }
  return [];
}

/** Elements that match, without those nested inside another match (outer cards only). */
export function outermost(root: ParentNode, selector: string): Element[] {
  return Array.from(root.querySelectorAll(selector)).filter((el) => !el.parentElement?.closest(selector));
}

/** An attribute under any of its spellings (`datetime` / `dateTime`), trimmed; undefined when absent or empty. */
export function attr(el: Element | null | undefined, ...names: string[]): string | undefined {
  if (!el) return undefined;
  for (const name of names) {
    const value = el.getAttribute(name);
    if (value !== null && value.trim() !== '') return value.trim();
  }
  return undefined;
}

const SKIPPED = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'SVG', 'BUTTON']);
const BREAKS = new Set(['BR', 'P', 'DIV', 'LI', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'TR', 'BLOCKQUOTE']);

/**
 * Readable text of an element: textContent with whitespace collapsed, a space
 * where a <br> or block element separates words, and without scripts, styles
 * or buttons ("Read more", "Helpful") inside it.
 */
export function text(el: Node | null | undefined): string {
  if (!el) return '';
  const parts: string[] = [];
  // Iterative, in document order: a hostile page nested 100,000 deep cannot overflow the stack.
  const stack: (Node | string)[] = [];
  const pushChildren = (node: Node) => {
    const children: Node[] = [];
    for (let child = node.firstChild; child; child = child.nextSibling) children.push(child);
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
  };
  pushChildren(el);
  while (stack.length > 0) {
    const item = stack.pop()!;
    if (typeof item === 'string') {
      parts.push(item);
    } else if (item.nodeType === 3) {
      parts.push(item.nodeValue ?? '');
    } else if (item.nodeType === 1) {
      const tag = (item as Element).tagName.toUpperCase();
      if (SKIPPED.has(tag)) continue;
      const block = BREAKS.has(tag);
      if (block) stack.push(' ');
      pushChildren(item);
      if (block) parts.push(' ');
    }
  }
  return collapse(parts.join(''));
}

/** Plain textContent, collapsed: for small elements where structure does not matter. */
export function plain(el: Node | null | undefined): string {
  return el ? collapse(el.textContent ?? '') : '';
}

/** Collapse every run of whitespace (including no-break and zero-width spaces, bidi marks) to one space. */
export function collapse(value: string): string {
  return value
    .replace(/[\u200B-\u200F\u202A-\u202E\u2066-\u2069\uFEFF]/g, '')
    .replace(/[\s\u00A0\u202F\u2007\u2009]+/g, ' ')
    .trim();
}

/** At most `max` characters (whole code points), cut at a word boundary when one is near, with an ellipsis. */
export function snippet(value: string | undefined, max: number): string | undefined {
  if (value === undefined) return undefined;
  const clean = collapse(value);
  if (clean === '') return undefined;
  const points = Array.from(clean);
  if (points.length <= max) return clean;
  let cut = points.slice(0, max - 1).join('');
  const space = cut.lastIndexOf(' ');
  if (space > cut.length - 40 && space > 0) cut = cut.slice(0, space);
  return `${cut.trimEnd()}…`;
}

/** An absolute http(s) URL for an href read from the page, or undefined (javascript:, data:, garbage). */
export function absoluteUrl(href: string | undefined | null, base: string): string | undefined {
  if (!href) return undefined;
  try {
    const url = new URL(href.trim(), base);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}
