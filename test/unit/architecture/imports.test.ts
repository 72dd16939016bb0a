/**
 * Who may import whom, read from the source (test/unit/architecture/import-graph.ts):
 * - the folders of lib/ form no import cycle (a cycle means neither folder can
 *   be understood, tested or moved without the other);
 * - the model imports no domain code;
 * - lib/ imports nothing from the screens (components/, entrypoints/);
 * - only the database's users (the worker, the screens' queries, the outbox,
 *   the command line, the extension glue) import lib/db, and everyone reaches
 *   it through its public surface: its top-level modules, and a subfolder
 *   only through its index. Domain code takes a database as a parameter.
 * Import rules live here rather than in ESLint's no-restricted-imports: that
 * rule matches specifiers as written, so `../db/x`, `../../db/x` and `@/lib/db/x`
 * would each need a pattern per depth, while this reads every import resolved
 * to the file it names. Each rule is shown failing on a small fake graph.
 */
import { describe, expect, it } from 'vitest';
import { importEdges, type ImportEdge } from './import-graph';

/**
 * Folders that still import each other in a circle: none. A new cycle fails here; to accept one on
 * purpose it would have to be named in this list.
 */
const KNOWN_CYCLES: readonly string[] = [];

/** The folders of lib/ that may open or read the database; every other folder gets it passed in. */
const DATABASE_USERS: ReadonlySet<string> = new Set(['background', 'views', 'outbox', 'cli', 'ext']);

/** lib's first-level folder of a path inside lib; a file directly in lib (messages, zod) is a node of its own. */
function libFolder(path: string): string | undefined {
  const parts = path.split('/');
  if (parts[0] !== 'lib') return undefined;
  return parts.length > 2 ? parts[1]! : parts[1]!.replace(/\.tsx?$/, '');
}

const shown = (edges: readonly ImportEdge[]) => edges.map((e) => `${e.from} → ${e.to}`);

function folderGraph(edges: readonly ImportEdge[]): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  for (const { from, to } of edges) {
    const a = libFolder(from);
    const b = libFolder(to);
    if (a !== undefined && b !== undefined && a !== b) (graph.get(a) ?? graph.set(a, new Set()).get(a)!).add(b);
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

/** Imports from the model into anything but the model and the zod it is written in. */
function modelReachingOut(edges: readonly ImportEdge[]): string[] {
  return shown(edges.filter((e) => e.from.startsWith('lib/model/') && !e.to.startsWith('lib/model/') && e.to !== 'lib/zod.ts'));
}

/** Imports from lib/ into the screens. */
function screensImportedByLib(edges: readonly ImportEdge[]): string[] {
  return shown(edges.filter((e) => e.from.startsWith('lib/') && (e.to.startsWith('components/') || e.to.startsWith('entrypoints/'))));
}

/** A top-level module of lib/db, or a subfolder's index. */
function onDatabaseSurface(path: string): boolean {
  const parts = path.slice('lib/db/'.length).split('/');
  return parts.length === 1 || (parts.length === 2 && /^index\.tsx?$/.test(parts[1]!));
}

/** Imports of lib/db from code that should get the database passed in, or past its public surface. */
function databaseReachedWrongly(edges: readonly ImportEdge[]): string[] {
  return shown(
    edges.filter((e) => {
      if (!e.to.startsWith('lib/db/') || e.from.startsWith('lib/db/')) return false;
      const folder = libFolder(e.from);
      return (folder !== undefined && !DATABASE_USERS.has(folder)) || !onDatabaseSurface(e.to);
    }),
  );
}

const edges = importEdges(['lib', 'components', 'entrypoints']);

describe('the import graph', () => {
  it('is read from the source (the reader finds relative, aliased and dynamic imports)', () => {
    const has = (from: string, to: string) => edges.some((e) => e.from === from && e.to === to);
    expect(has('lib/model/tag.ts', 'lib/zod.ts')).toBe(true);
    expect(has('lib/background/pipeline.ts', 'lib/db/match-store/index.ts')).toBe(true);
    expect(has('entrypoints/options/App.tsx', 'lib/ext/download.ts')).toBe(true);
    expect(has('lib/cli/engine-option.ts', 'lib/warehouse/duckdb.ts')).toBe(true);
  });

  it('has no cycle between the folders of lib/ but the ones listed', () => {
    expect(cycles(folderGraph(edges))).toEqual([...KNOWN_CYCLES].sort());
  });

  it('keeps the model free of domain code', () => {
    expect(modelReachingOut(edges)).toEqual([]);
  });

  it('has lib/ import nothing from the screens', () => {
    expect(screensImportedByLib(edges)).toEqual([]);
  });

  it('has only the database users reach lib/db, and only through its public surface', () => {
    expect(databaseReachedWrongly(edges)).toEqual([]);
  });
});

describe('the rules themselves fail where they should', () => {
  it('finds a cycle between folders', () => {
    const fake = [
      { from: 'lib/a/one.ts', to: 'lib/b/two.ts' },
      { from: 'lib/b/two.ts', to: 'lib/c/three.ts' },
      { from: 'lib/c/three.ts', to: 'lib/a/four.ts' },
      { from: 'lib/d/five.ts', to: 'lib/a/one.ts' },
    ];
    expect(cycles(folderGraph(fake))).toEqual(['a, b, c']);
  });

  it('finds the model importing domain code', () => {
    const fake = [
      { from: 'lib/model/customer.ts', to: 'lib/zod.ts' },
      { from: 'lib/model/customer.ts', to: 'lib/model/common.ts' },
      { from: 'lib/model/settings.ts', to: 'lib/match/settings.ts' },
    ];
    expect(modelReachingOut(fake)).toEqual(['lib/model/settings.ts → lib/match/settings.ts']);
  });

  it('finds lib/ importing a component or an entrypoint', () => {
    const fake = [
      { from: 'lib/ext/page.tsx', to: 'components/text.tsx' },
      { from: 'lib/ui/use-live.ts', to: 'entrypoints/popup/App.tsx' },
      { from: 'entrypoints/popup/App.tsx', to: 'components/text.tsx' },
    ];
    expect(screensImportedByLib(fake)).toEqual(['lib/ext/page.tsx → components/text.tsx', 'lib/ui/use-live.ts → entrypoints/popup/App.tsx']);
  });

  it('finds domain code opening the database, and anyone reaching past its surface', () => {
    const fake = [
      { from: 'lib/value/engine.ts', to: 'lib/db/values.ts' },
      { from: 'lib/background/pipeline.ts', to: 'lib/db/match-store/index.ts' },
      { from: 'lib/background/pipeline.ts', to: 'lib/db/match-store/format.ts' },
      { from: 'entrypoints/popup/App.tsx', to: 'lib/db/database.ts' },
      { from: 'lib/db/backup.ts', to: 'lib/db/match-store/format.ts' },
    ];
    expect(databaseReachedWrongly(fake)).toEqual(['lib/value/engine.ts → lib/db/values.ts', 'lib/background/pipeline.ts → lib/db/match-store/format.ts']);
  });
});
