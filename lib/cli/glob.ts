/**
 * Wildcards in a path, expanded by the command itself: a quoted `'saved/*.html'`
 * reaches the command unexpanded (and Windows' shells never expand them), and a
 * folder of 100,000 pages is more than a shell's argument list holds. Node 20
 * has no fs.glob, so this is a small matcher: `*` and `?` within a name, `[abc]`
 * / `[a-z]` / `[!a]` for one character, and `**` for any depth of folders. As in
 * a shell, a wildcard does not match a name starting with a dot.
 */
import { existsSync, readdirSync, type Dirent } from 'node:fs';
import { isAbsolute, join, resolve, sep } from 'node:path';

const WILDCARD = /[*?[]/;

export function hasWildcard(path: string): boolean {
  return WILDCARD.test(path);
}

/** One name's pattern as a regular expression; `[` without its `]` stands for itself. */
export function namePattern(pattern: string): RegExp {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '*') source += '[^/]*';
    else if (c === '?') source += '[^/]';
    else if (c === '[') {
      const close = pattern.indexOf(']', i + 2);
      if (close === -1) {
        source += '\\[';
        continue;
      }
      let body = pattern.slice(i + 1, close);
      const negated = body.startsWith('!') || body.startsWith('^');
      if (negated) body = body.slice(1);
      source += `[${negated ? '^' : ''}${body.replace(/[\\\]^]/g, '\\$&')}]`;
      i = close;
    } else source += c.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}

const byCodeUnits = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The entries of a folder, or none when it cannot be read (not a folder, gone). */
function entries(dir: string): Dirent[] {
  try {
    return readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
}

const visible = (name: string, pattern: string) => !name.startsWith('.') || pattern.startsWith('.');

/**
 * The paths (files and folders) a pattern names, relative to `cwd` as the pattern was written
 * (`saved/*.html` gives `saved/a.html`), sorted; none when nothing matches.
 */
export function expandWildcards(pattern: string, cwd: string): string[] {
  const parts = pattern.split(/[\\/]+/);
  // The part before the first wildcard is a path to start from, not searched.
  const first = parts.findIndex(hasWildcard);
  if (first === -1) return [pattern];
  const fixed = parts.slice(0, first).join('/');
  const start = fixed === '' && isAbsolute(pattern) ? sep : fixed;
  const found: string[] = [];
  const walk = (shown: string, index: number) => {
    const dir = resolve(cwd, shown === '' ? '.' : shown);
    if (index === parts.length) {
      found.push(shown);
      return;
    }
    const part = parts[index]!;
    if (part === '**') {
      // Zero folders deep, then one more for each folder below.
      walk(shown, index + 1);
      for (const entry of entries(dir)) if (entry.isDirectory() && !entry.name.startsWith('.')) walk(join(shown, entry.name), index);
      return;
    }
    if (!hasWildcard(part)) {
      walk(join(shown, part), index + 1);
      return;
    }
    const matcher = namePattern(part);
    const last = index === parts.length - 1;
    for (const entry of entries(dir)) {
      if (!visible(entry.name, part) || !matcher.test(entry.name)) continue;
      if (last || entry.isDirectory()) walk(join(shown, entry.name), index + 1);
    }
  };
  walk(start, first);
  // A name without wildcards after one with them may not be there; `**` can reach one path twice.
  return [...new Set(found)].filter((path) => existsSync(resolve(cwd, path))).sort(byCodeUnits);
}
