/**
 * Who may import whom, read from the source: the folders of lib/ form no
 * import cycle (a cycle means neither folder can be understood, tested or
 * moved without the other), and lib/ imports nothing from the screens'
 * components. The cycles still open are listed by name, so that a new one
 * fails here and an old one, once removed, must be struck from the list.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const LIB = join(ROOT, 'lib');

/**
 * Folders that still import each other in a circle: none. A new cycle fails here; to accept one on
 * purpose it would have to be named in this list.
 */
const KNOWN_CYCLES: readonly string[] = [];

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.tsx?$/.test(name) ? [path] : [];
  });
}

/** Relative module specifiers a file imports or re-exports, type-only ones included (they tie the folders' meaning together too). */
function specifiers(source: string): string[] {
  return [...source.matchAll(/(?:^|\n)\s*(?:import|export)\b[^;]*?\bfrom\s+['"](\.{1,2}\/[^'"]+)['"]/g)].map((m) => m[1]!);
}

/** lib's first-level folder of a path inside lib; a file directly in lib (messages, zod) is a node of its own. */
function folderOf(path: string): string {
  const parts = relative(LIB, path).split('/');
  return parts.length > 1 ? parts[0]! : parts[0]!.replace(/\.tsx?$/, '');
}

function folderGraph(): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  for (const file of sources(LIB)) {
    const from = folderOf(file);
    for (const spec of specifiers(readFileSync(file, 'utf8'))) {
      const target = normalize(join(dirname(file), spec));
      if (!target.startsWith(LIB)) continue;
      const to = folderOf(target);
      if (to !== from) (graph.get(from) ?? graph.set(from, new Set()).get(from)!).add(to);
    }
  }
  return graph;
}

/** The groups of folders that reach each other through imports (strongly connected, more than one folder), each sorted. */
function cycles(graph: ReadonlyMap<string, ReadonlySet<string>>): string[] {
  const reach = (start: string) => {
    const seen = new Set<string>();
    const stack = [...(graph.get(start) ?? [])];
    while (stack.length > 0) {
      const next = stack.pop()!;
      if (seen.has(next)) continue;
      seen.add(next);
      stack.push(...(graph.get(next) ?? []));
    }
    return seen;
  };
  const nodes = [...new Set([...graph.keys(), ...[...graph.values()].flatMap((s) => [...s])])];
  const reaches = new Map(nodes.map((n) => [n, reach(n)]));
  const groups = new Set<string>();
  for (const a of nodes) {
    const group = nodes.filter((b) => b === a || (reaches.get(a)!.has(b) && reaches.get(b)!.has(a))).sort();
    if (group.length > 1) groups.add(group.join(', '));
  }
  return [...groups].sort();
}

describe('the import graph of lib/', () => {
  it('has no cycle between folders but the ones still listed to take apart', () => {
    expect(cycles(folderGraph())).toEqual([...KNOWN_CYCLES].sort());
  });

  it('finds a cycle when there is one (the check itself works)', () => {
    const graph = new Map<string, Set<string>>([
      ['a', new Set(['b'])],
      ['b', new Set(['c'])],
      ['c', new Set(['a'])],
    ]);
    graph.set('d', new Set(['a']));
    expect(cycles(graph)).toEqual(['a, b, c']);
  });

  it('imports nothing from the components of the screens', () => {
    const offenders = sources(LIB).filter((file) => specifiers(readFileSync(file, 'utf8')).some((spec) => normalize(join(dirname(file), spec)).startsWith(join(ROOT, 'components'))));
    expect(offenders.map((f) => relative(ROOT, f))).toEqual([]);
  });
});
