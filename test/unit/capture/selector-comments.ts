/**
 * Selector alternatives that do not say which layout they serve. In a site
 * module's SELECTORS, a list of two or more alternatives is a choice between
 * layouts, so each alternative stands on its own line with a comment naming
 * its layout; a list of one has nothing to choose between.
 */

/** Each alternative of each selector list in the module's SELECTORS, with the source line it is written on. */
function selectorLists(source: string): { key: string; alternatives: { selector: string; line: string }[] }[] {
  const start = source.indexOf('const SELECTORS = {');
  if (start < 0) return [];
  const end = source.indexOf('\n}', start);
  const lineOf = (at: number) => source.slice(source.lastIndexOf('\n', at) + 1, source.indexOf('\n', at));
  const lists = [];
  const key = /(\w+): \[/g;
  key.lastIndex = start;
  for (let m = key.exec(source); m && m.index < end; m = key.exec(source)) {
    const alternatives: { selector: string; line: string }[] = [];
    // Walk to the list's closing bracket, skipping brackets inside the quoted selectors.
    let at = key.lastIndex;
    while (at < end && source[at] !== ']') {
      if (source.startsWith('//', at)) at = source.indexOf('\n', at);
      else if (source[at] === "'") {
        const close = source.indexOf("'", at + 1);
        alternatives.push({ selector: source.slice(at + 1, close), line: lineOf(at) });
        at = close;
      }
      at++;
    }
    key.lastIndex = at;
    lists.push({ key: m[1]!, alternatives });
  }
  return lists;
}

/** A line's code and its trailing comment, split at the first `//` outside a quoted selector. */
function codeAndComment(line: string): { code: string; comment: string } {
  let quoted = false;
  for (let at = 0; at < line.length; at++) {
    if (line[at] === "'") quoted = !quoted;
    else if (!quoted && line.startsWith('//', at)) return { code: line.slice(0, at), comment: line.slice(at + 2).trim() };
  }
  return { code: line, comment: '' };
}

/** `key: selector` for each alternative of a choice that is not alone on its line with a comment. */
export function uncommentedAlternatives(source: string): string[] {
  return selectorLists(source)
    .filter((list) => list.alternatives.length > 1)
    .flatMap((list) =>
      list.alternatives
        .filter(({ line }) => {
          const { code, comment } = codeAndComment(line);
          return (code.match(/'[^']*'/g) ?? []).length !== 1 || comment === '';
        })
        .map(({ selector }) => `${list.key}: ${selector}`),
    );
}
