/**
 * `npm run new-site <id> [-- --platform <platform>]`: the start of a new site
 * module, written where test/unit/capture/registry.meta.test.ts looks for it:
 * the module (lib/capture/sites/<id>.ts), its registry line, its content
 * entrypoint (entrypoints/<id>.content.ts) and its fixture folder
 * (test/fixtures/pages/<id>/). Nothing that exists is overwritten. The
 * meta-test keeps failing until a real saved page with golden output is in the
 * fixture folder (lib/capture/README.md, "Adding a site").
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { isPlatform } from '../lib/model/platform';

const REGISTRY = 'lib/capture/registry.ts';
const SITE_ID = /^[a-z][a-z0-9-]*$/;

/** google-maps → googleMaps: the name the module exports and the registry lists. */
export function exportName(id: string): string {
  return id.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

export function moduleSource(id: string, platform: string): string {
  const name = exportName(id);
  return `/**
 * ${id}: which pages this reads (reviews, profiles, posts) and which layouts,
 * with the year each was seen. Strategies in order: schema.org, meta tags,
 * embedded JSON (only while it describes the address shown), selectors last.
 */
import type { SiteDefinition } from '../types';
import { first, plain, text, type Selectors } from '../dom';
import { eachItem, required } from '../extract';

const SELECTORS = {
  card: [
    '[data-review-id]', // the layout this alternative serves (year, page type)
    'li[class*="review"]', // the next layout, or a class-hash fallback: say which
  ],
  name: [
    'a[href*="/user"]', // the layout this alternative serves (year, page type)
  ],
} satisfies Record<string, Selectors>;

export const ${name}: SiteDefinition = {
  id: '${id}',
  platform: '${platform}',
  matches: ['*://www.${id}.com/*'],
  examples: ['https://www.${id}.com/review/example-one', 'https://www.${id}.com/review/example-two'],
  handles: (url) => url.pathname.startsWith('/review/'),
  extract({ document, page }) {
    page.kind = 'reviews';
    eachItem(Array.from(document.querySelectorAll(SELECTORS.card.join(', '))), '${id} review cards', (card) => {
      const link = required(first(card, SELECTORS.name), '${id} reviewer link', \`a reviewer link (\${SELECTORS.name.join(', ')})\`);
      const key = page.person({ key: link.getAttribute('href') ?? undefined, displayName: plain(link) }, link);
      if (key) page.contribution({ profileKey: key, type: 'review', text: text(card.querySelector('p')) });
    });
  },
};
`;
}

/** The content entrypoint: wiring only, the same for every site. */
export function entrypointSource(id: string): string {
  const name = exportName(id);
  return `// Captures the people on ${id} pages as they appear, with badges; the work is in lib/capture.
import { ${name} } from '@/lib/capture/sites/${id}';
import { startContentScript } from '@/lib/ext/content';

export default defineContentScript({
  matches: [...${name}.matches],
  runAt: 'document_idle',
  noScriptStartedPostMessage: true,
  main(ctx) {
    void startContentScript(${name}, ctx);
  },
});
`;
}

/** The registry with the site's import after the other sites' and its line at the end of SITES. */
export function withRegistryLine(registry: string, id: string): string {
  const name = exportName(id);
  const imports = [...registry.matchAll(/^import \{ \w+ \} from '\.\/sites\/[\w-]+';\n/gm)];
  const last = imports.at(-1);
  const end = registry.indexOf('\n];', registry.indexOf('export const SITES'));
  if (!last || end < 0) throw new Error(`${REGISTRY}: no site imports or no SITES list to add ${id} to`);
  const afterImports = last.index + last[0].length;
  const line = `\n  ${name}, // ${id}  www.${id}.com  the pages it captures`;
  return registry.slice(0, afterImports) + `import { ${name} } from './sites/${id}';\n` + registry.slice(afterImports, end) + line + registry.slice(end);
}

/** Write the site's files under root; refuses a bad id, a platform the model does not know, or a file that exists. */
export function newSite(root: string, id: string, platform: string = isPlatform(id) ? id : 'other'): string[] {
  if (!SITE_ID.test(id)) throw new Error(`site id "${id}": lower-case letters, digits and dashes, starting with a letter`);
  if (!isPlatform(platform)) throw new Error(`--platform "${platform}": not a platform of lib/model/platform.ts`);
  const files = {
    module: join(root, `lib/capture/sites/${id}.ts`),
    entrypoint: join(root, `entrypoints/${id}.content.ts`),
    fixtures: join(root, `test/fixtures/pages/${id}`),
  };
  for (const path of Object.values(files)) {
    if (existsSync(path)) throw new Error(`${relative(root, path)} exists already: nothing was written`);
  }
  const registryPath = join(root, REGISTRY);
  const registry = withRegistryLine(readFileSync(registryPath, 'utf8'), id);
  writeFileSync(files.module, moduleSource(id, platform));
  writeFileSync(files.entrypoint, entrypointSource(id));
  writeFileSync(registryPath, registry);
  mkdirSync(files.fixtures, { recursive: true });
  // Git keeps no empty folder; the real saved pages replace this.
  writeFileSync(join(files.fixtures, '.gitkeep'), '');
  return [files.module, registryPath, files.entrypoint, files.fixtures].map((path) => relative(root, path));
}

function main(args: readonly string[]): void {
  const at = args.indexOf('--platform');
  const platform = at >= 0 ? args[at + 1] : undefined;
  const [id, ...extra] = args.filter((arg, i) => !arg.startsWith('--') && (at < 0 || i !== at + 1));
  if (!id || extra.length > 0 || (at >= 0 && !platform)) {
    console.error('usage: npm run new-site <id> [-- --platform <platform>]');
    process.exit(2);
  }
  const root = fileURLToPath(new URL('../', import.meta.url));
  try {
    const written = newSite(root, id, platform);
    console.log(`written:\n  ${written.join('\n  ')}\nnext: save a real page into ${written[3]}/, then follow lib/capture/README.md, "Adding a site".`);
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main(process.argv.slice(2));
