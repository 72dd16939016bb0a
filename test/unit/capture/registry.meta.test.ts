/**
 * refined-github style conventions: every registered site has its module
 * (lib/capture/sites/<id>.ts), its registry line, its content entrypoint
 * (entrypoints/<id>.content.ts, matching the site's patterns, at idle), and
 * real saved pages with golden output; each selector alternative names the
 * layout it serves. Content scripts import no zod.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { GENERIC_SITE, SITES } from '../../../lib/capture/registry';
import { CASES, PAGES } from './helpers';
import { uncommentedAlternatives } from './selector-comments';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const ENTRYPOINTS = `${ROOT}entrypoints/`;

interface EntrypointDefinition {
  matches?: string[];
  runAt?: string;
  registration?: string;
  main: unknown;
}

const ALL = [...SITES, GENERIC_SITE];

/**
 * Selector alternatives written before each had to name the layout it serves, per module. A new
 * module has none; a count may only fall, and is lowered here when comments are added.
 */
const UNCOMMENTED_BEFORE: Readonly<Record<string, number>> = {};
/** The generic extractor as a module's fallback, injected by the service worker (lib/capture/fallback-slot.ts). */
const FALLBACK_ENTRY = 'generic-fallback';

describe('every site follows the conventions', () => {
  for (const site of ALL) {
    describe(site.id, () => {
      it('has its module, exporting the registered definition', async () => {
        const path = `${ROOT}lib/capture/sites/${site.id}.ts`;
        expect(existsSync(path), path).toBe(true);
        const mod = (await import(/* @vite-ignore */ path)) as Record<string, unknown>;
        expect(Object.values(mod)).toContain(site);
      });

      it('has a content entrypoint with its match patterns, or on-demand registration for generic', async () => {
        const path = `${ENTRYPOINTS}${site.id}.content.ts`;
        expect(existsSync(path), path).toBe(true);
        const definition = ((await import(/* @vite-ignore */ path)) as { default: EntrypointDefinition }).default;
        expect(typeof definition.main).toBe('function');
        if (site === GENERIC_SITE) {
          expect(definition.registration).toBe('runtime');
          // A runtime script with matches would ask for host permissions on those sites.
          expect(definition.matches).toBeUndefined();
        } else {
          expect(definition.matches).toEqual([...site.matches]);
          expect(definition.runAt).toBe('document_idle');
        }
      });

      it('has real saved pages, each with golden output and a case', () => {
        const dir = `${PAGES}${site.id}`;
        expect(existsSync(dir), dir).toBe(true);
        const pages = readdirSync(dir).filter((f) => f.endsWith('.html'));
        expect(pages.length).toBeGreaterThan(0);
        for (const page of pages) {
          expect(existsSync(`${dir}/${page.replace(/\.html$/, '.expected.json')}`), `${page} golden`).toBe(true);
          expect(CASES.some((c) => c.page === `${site.id}/${page}`), `${page} in cases.json`).toBe(true);
        }
        expect(readFileSync(`${PAGES}SOURCES.md`, 'utf8')).toContain(`## ${site.id}/`);
      });

      it('names the layout each selector alternative serves', () => {
        const uncommented = uncommentedAlternatives(readFileSync(`${ROOT}lib/capture/sites/${site.id}.ts`, 'utf8'));
        expect(uncommented.length, uncommented.join('\n')).toBe(UNCOMMENTED_BEFORE[site.id] ?? 0);
      });

      it('has example URLs and an id that is its file name', () => {
        expect(site.examples.length).toBeGreaterThanOrEqual(2);
        expect(site.id).toMatch(/^[a-z][a-z0-9-]*$/);
      });
    });
  }

  it('finds selector alternatives that do not name their layout (the check itself works)', () => {
    const module = [
      'const SELECTORS = {',
      "  card: [",
      "    '[data-review]', // 2025 review list",
      "    'li.review',",
      '  ],',
      "  name: ['.author', 'a[href*=\"/user\"]'], // every layout",
      "  title: ['h2'],",
      "  date: [",
      "    'time', // the reviewer's own page (a quote in the comment)",
      "    '.date', // older cards",
      '  ],',
      '} satisfies Record<string, Selectors>;',
    ].join('\n');
    expect(uncommentedAlternatives(module)).toEqual(['card: li.review', 'name: .author', 'name: a[href*="/user"]']);
  });

  it('registry ids are unique and every site module is registered', () => {
    expect(new Set(ALL.map((s) => s.id)).size).toBe(ALL.length);
    const modules = readdirSync(`${ROOT}lib/capture/sites`).map((f) => f.replace(/\.ts$/, ''));
    expect(modules.sort()).toEqual(ALL.map((s) => s.id).sort());
  });

  it('every content entrypoint belongs to a registered site, or is the generic fallback the service worker injects', () => {
    const entries = readdirSync(ENTRYPOINTS).filter((f) => f.endsWith('.content.ts')).map((f) => f.replace('.content.ts', ''));
    expect(entries.sort()).toEqual([...ALL.map((s) => s.id), FALLBACK_ENTRY].sort());
  });

  it('the generic fallback is injected only (no match patterns), and a module script does not bundle the generic extractor', async () => {
    const definition = ((await import(/* @vite-ignore */ `${ENTRYPOINTS}${FALLBACK_ENTRY}.content.ts`)) as { default: EntrypointDefinition }).default;
    expect(definition.registration).toBe('runtime');
    expect(definition.matches).toBeUndefined();
    for (const file of ['lib/ext/content.ts', 'lib/capture/live.ts', ...SITES.map((s) => `lib/capture/sites/${s.id}.ts`)]) {
      expect(readFileSync(`${ROOT}${file}`, 'utf8'), file).not.toMatch(/from '[^']*sites\/generic'/);
    }
  });
});

describe('content scripts stay small: no zod, no runtime values from the model', () => {
  // Everything a content script can reach: its entrypoint and lib/capture.
  const files = [
    ...readdirSync(ENTRYPOINTS).filter((f) => f.endsWith('.content.ts')).map((f) => `${ENTRYPOINTS}${f}`),
    ...walk(`${ROOT}lib/capture`),
  ];
  it.each(files.map((f) => [f.slice(ROOT.length), f]))('%s', (_name, file) => {
    const source = readFileSync(file, 'utf8');
    for (const match of source.matchAll(/^import\s+(type\s+)?[^;]*?from\s+'([^']+)'/gm)) {
      const [, typeOnly, from] = match;
      if (typeOnly) continue;
      expect(from, `${file} imports ${from}`).not.toMatch(/(^zod|\/zod$|lib\/model|\.\.\/model|\/messages$|\/db\/)/);
    }
  });
});

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = `${dir}/${e.name}`;
    if (e.isDirectory()) return walk(path);
    return e.name.endsWith('.ts') ? [path] : [];
  });
}
