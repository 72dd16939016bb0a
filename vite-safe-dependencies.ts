/**
 * Two things in dependencies that an extension reviewer (and `web-ext lint`)
 * rightly flags, taken out of the build:
 *
 * - zod probes for `new Function` and compiles parsers with it where allowed.
 *   The extension's pages forbid eval (content_security_policy), so zod always
 *   falls back to its interpreter there already; without `Function` in the
 *   build it takes that path at once, and no code can evaluate strings.
 * - Preact writes `innerHTML` for `dangerouslySetInnerHTML`, which Earshot never
 *   uses. That write now throws instead, so raw HTML can never reach a page.
 *
 * Each replacement must find its text: a dependency upgrade that changes it
 * fails the build instead of quietly bringing the code back.
 */
import type { Plugin } from 'vite';

interface Patch {
  file: RegExp;
  find: RegExp;
  replace: string;
}

const PATCHES: readonly Patch[] = [
  { file: /[\\/]zod[\\/]v4[\\/]core[\\/](util|doc|compile)\.js$/, find: /const F = Function;/g, replace: 'const F = undefined;' },
  {
    file: /[\\/]preact[\\/]dist[\\/]preact\.mjs$/,
    find: /\|\|\((\w+)\.innerHTML=(\w+)\.__html\)/g,
    replace: '||(()=>{throw new Error("Earshot renders no raw HTML (dangerouslySetInnerHTML)")})()',
  },
];

export function safeDependencies(): Plugin {
  return {
    name: 'earshot:safe-dependencies',
    enforce: 'pre',
    transform(code, id) {
      const patch = PATCHES.find((p) => p.file.test(id));
      if (!patch) return null;
      const patched = code.replace(patch.find, patch.replace);
      if (patched === code) throw new Error(`earshot:safe-dependencies: ${id} no longer contains ${patch.find}; check the dependency's new version`);
      return { code: patched, map: null };
    },
  };
}
