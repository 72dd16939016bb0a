/**
 * The meta table is reached only through lib/db/meta.ts, and every record in
 * it is declared once: a key (or a family's prefix) written in two places, or
 * one family's prefix that would also list another record, fails here.
 */
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, sources } from './import-graph';

const LIB = join(ROOT, 'lib');
const GATEWAY = 'lib/db/meta.ts';

interface SourceFile {
  path: string;
  text: string;
}

/** lib's sources with their text, paths from the project root. */
function libSources(): SourceFile[] {
  return sources(LIB).map((path) => ({ path: relative(ROOT, path), text: readFileSync(path, 'utf8') }));
}

/** Reads and writes of the meta table that bypass the typed functions. */
function rawAccess(files: readonly SourceFile[]): string[] {
  return files.filter((f) => f.path !== GATEWAY && /\.meta\.(get|put|add|update|delete|bulk\w+|where|filter|toArray|clear)\(/.test(f.text)).map((f) => f.path);
}

interface Declared {
  name: string;
  family: boolean;
  where: string;
}

const constsIn = (text: string) => new Map([...text.matchAll(/const (\w+) = '([^']+)'/g)].map((m) => [m[1]!, m[2]!]));

/** Each metaKey / metaFamily declaration, its name a string, or a const holding one (of its file, else exported by another). */
function declarations(files: readonly SourceFile[]): Declared[] {
  const exported = new Map(files.flatMap((f) => [...constsIn(f.text.split('\n').filter((l) => l.startsWith('export const')).join('\n'))]));
  return files.flatMap((f) => {
    const consts = constsIn(f.text);
    return [...f.text.matchAll(/\bmeta(Key|Family)\(\s*(?:'([^']+)'|(\w+))\s*,/g)].map((m) => {
      const name = m[2] ?? consts.get(m[3]!) ?? exported.get(m[3]!);
      if (name === undefined) throw new Error(`${f.path}: the name of ${m[0]} is not a string written there`);
      return { name, family: m[1] === 'Family', where: f.path };
    });
  });
}

/** Names declared twice, and family prefixes that also cover another record. */
function collisions(declared: readonly Declared[]): string[] {
  const problems: string[] = [];
  for (const [i, a] of declared.entries()) {
    for (const b of declared.slice(i + 1)) {
      if (a.name === b.name) problems.push(`"${a.name}" is declared in ${a.where} and ${b.where}`);
      else if ((a.family && b.name.startsWith(a.name)) || (b.family && a.name.startsWith(b.name))) problems.push(`"${a.name}" (${a.where}) and "${b.name}" (${b.where}) overlap`);
    }
  }
  return problems;
}

describe('the meta table', () => {
  const lib = libSources();

  it('is read and written only through lib/db/meta.ts', () => {
    expect(rawAccess(lib)).toEqual([]);
    expect(rawAccess([{ path: 'lib/db/x.ts', text: "await db.meta.put({ key: 'x', value: 1, updatedAt: 0 });" }])).toEqual(['lib/db/x.ts']);
  });

  it('declares each record once, and no family prefix covers another record', () => {
    const declared = declarations(lib);
    expect(declared.length).toBeGreaterThanOrEqual(25);
    expect(collisions(declared)).toEqual([]);
    const fake = declarations([
      { path: 'a.ts', text: "const K = 'stats';\nconst A = metaKey(K, Stats);\nconst B = metaFamily('sync:', SyncState);" },
      { path: 'b.ts', text: "const C = metaKey('stats', Other);\nconst D = metaKey('sync:hubspot', X);" },
    ]);
    expect(collisions(fake)).toEqual(['"stats" is declared in a.ts and b.ts', '"sync:" (a.ts) and "sync:hubspot" (b.ts) overlap']);
  });
});
