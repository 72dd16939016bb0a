/**
 * The project's import graph, read from the source: which file imports which,
 * relative and `@/` (WXT's alias for the project root) specifiers alike, static,
 * re-exported, side-effect and dynamic imports alike. Packages are left out:
 * the rules are about the project's own folders.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** One import: both ends as paths from the project root, with `/` between folders. */
export interface ImportEdge {
  from: string;
  to: string;
}

/** The TypeScript sources below a folder (declaration files left out), as absolute paths. */
export function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.tsx?$/.test(name) && !name.endsWith('.d.ts') ? [path] : [];
  });
}

/** Module specifiers a source imports or re-exports, type-only ones included (they tie the folders' meaning together too). */
export function specifiers(source: string): string[] {
  const found = [
    ...source.matchAll(/(?:^|\n)\s*(?:import|export)\b[^;]*?\bfrom\s+['"]([^'"]+)['"]/g),
    ...source.matchAll(/(?:^|\n)\s*import\s+['"]([^'"]+)['"]/g),
    ...source.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g),
  ];
  return found.map((m) => m[1]!);
}

const EXTENSIONS = ['', '.ts', '.tsx', '/index.ts', '/index.tsx'];

/** The project file a specifier names, from the project root; undefined for a package. */
function resolve(fromFile: string, spec: string): string | undefined {
  let base: string;
  if (spec.startsWith('.')) base = normalize(join(dirname(fromFile), spec));
  else if (spec.startsWith('@/') || spec.startsWith('~/')) base = join(ROOT, spec.slice(2));
  else return undefined;
  const file = EXTENSIONS.map((ext) => base + ext).find((path) => existsSync(path) && statSync(path).isFile()) ?? base;
  return relative(ROOT, file).split(sep).join('/');
}

/** Every import between the project's files under the given top-level folders. */
export function importEdges(folders: readonly string[]): ImportEdge[] {
  return folders.flatMap((folder) =>
    sources(join(ROOT, folder)).flatMap((file) => {
      const from = relative(ROOT, file).split(sep).join('/');
      return specifiers(readFileSync(file, 'utf8')).flatMap((spec) => {
        const to = resolve(file, spec);
        return to === undefined ? [] : [{ from, to }];
      });
    }),
  );
}
