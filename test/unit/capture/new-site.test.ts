/**
 * `npm run new-site <id>` (scripts/new-site.ts), run into a temporary copy of
 * lib/: the registry it edits and the module it writes load and run (the new
 * site is registered and reads a card), its entrypoint is the one every site
 * has, and it overwrites nothing.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseHTML } from 'linkedom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { extractWith } from '../../../lib/capture/extract';
import type { SiteDefinition } from '../../../lib/capture/types';
import { entrypointSource, exportName, newSite } from '../../../scripts/new-site';
import { uncommentedAlternatives } from './selector-comments';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
let copy: string;

beforeAll(() => {
  copy = mkdtempSync(join(tmpdir(), 'earshot-new-site-'));
  cpSync(join(ROOT, 'lib'), join(copy, 'lib'), { recursive: true });
  mkdirSync(join(copy, 'entrypoints'));
  mkdirSync(join(copy, 'test/fixtures/pages'), { recursive: true });
  // The copied registry imports WXT's match patterns: resolve packages from the project.
  symlinkSync(join(ROOT, 'node_modules'), join(copy, 'node_modules'));
});

afterAll(() => rmSync(copy, { recursive: true, force: true }));

describe('npm run new-site', () => {
  it('writes a module the registry lists and that reads a review card', async () => {
    const registryBefore = readFileSync(join(copy, 'lib/capture/registry.ts'), 'utf8');
    expect(newSite(copy, 'road-trip')).toEqual(['lib/capture/sites/road-trip.ts', 'lib/capture/registry.ts', 'entrypoints/road-trip.content.ts', 'test/fixtures/pages/road-trip']);

    const registryAfter = readFileSync(join(copy, 'lib/capture/registry.ts'), 'utf8');
    const added = registryAfter.split('\n').filter((line) => !registryBefore.split('\n').includes(line));
    expect(added).toEqual(["import { roadTrip } from './sites/road-trip';", '  roadTrip, // road-trip  www.road-trip.com  the pages it captures']);

    const { SITES } = (await import(/* @vite-ignore */ join(copy, 'lib/capture/registry.ts'))) as { SITES: readonly SiteDefinition[] };
    const mod = (await import(/* @vite-ignore */ join(copy, 'lib/capture/sites/road-trip.ts'))) as Record<string, SiteDefinition>;
    const site = mod.roadTrip!;
    expect(SITES.at(-1)).toBe(site);
    expect(site).toMatchObject({ id: 'road-trip', platform: 'other' });
    expect(site.examples.length).toBeGreaterThanOrEqual(2);
    expect(site.examples.every((url) => site.handles(new URL(url)))).toBe(true);

    const copied = (await import(/* @vite-ignore */ join(copy, 'lib/capture/extract.ts'))) as { extractWith: typeof extractWith };
    const { document } = parseHTML('<html><body><div data-review-id="1"><a href="/user/ann">Ann</a><p>Lovely road.</p></div></body></html>');
    const outcome = copied.extractWith(site, document as unknown as Document, site.examples[0]!);
    expect(outcome.status).toBe('ok');
    expect(outcome.page.profiles.map((p) => p.displayName)).toEqual(['Ann']);

    // The module it writes already names the layout of each selector alternative.
    expect(uncommentedAlternatives(readFileSync(join(copy, 'lib/capture/sites/road-trip.ts'), 'utf8'))).toEqual([]);
    expect(existsSync(join(copy, 'entrypoints/road-trip.content.ts'))).toBe(true);
    expect(existsSync(join(copy, 'test/fixtures/pages/road-trip/.gitkeep'))).toBe(true);
  });

  it('writes the entrypoint every site has (the same text as amazon and google-maps have now)', () => {
    for (const id of ['amazon', 'google-maps']) {
      expect(entrypointSource(id)).toBe(readFileSync(join(ROOT, `entrypoints/${id}.content.ts`), 'utf8'));
    }
    expect(exportName('google-maps')).toBe('googleMaps');
  });

  it('takes a platform the model knows, the id itself when it is one', () => {
    newSite(copy, 'yelp');
    expect(readFileSync(join(copy, 'lib/capture/sites/yelp.ts'), 'utf8')).toContain("platform: 'yelp',");
    expect(() => newSite(copy, 'shop-reviews', 'shopland')).toThrow('--platform "shopland": not a platform of lib/model/platform.ts');
  });

  it('refuses a bad id or a site that exists, and then writes nothing', () => {
    const registry = readFileSync(join(copy, 'lib/capture/registry.ts'), 'utf8');
    expect(() => newSite(copy, 'Road Trip')).toThrow('site id "Road Trip": lower-case letters');
    expect(() => newSite(copy, 'amazon')).toThrow('lib/capture/sites/amazon.ts exists already: nothing was written');
    expect(readFileSync(join(copy, 'lib/capture/registry.ts'), 'utf8')).toBe(registry);
  });
});
