/**
 * The lint rule that keeps browser globals in lib/ext, run on small snippets
 * through the project's own ESLint configuration: a page or extension API used
 * in domain code is refused, the same code in lib/ext is not, and a local
 * variable that happens to be called `window` (a holdout window) is not.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';
import config, { BROWSER_GLOBALS } from '../../../eslint.config.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** The project's blocks that restrict globals; plain JavaScript parses the snippets, so no type information is needed. */
const restricting = config.filter((block) => block.rules?.['no-restricted-globals'] !== undefined);

function refusedGlobals(path: string, code: string): string[] {
  const linter = new Linter({ cwd: ROOT });
  const messages = linter.verify(code, [{ files: ['**/*.ts'] }, ...restricting], { filename: join(ROOT, path) });
  return messages.map((m) => {
    if (m.ruleId !== 'no-restricted-globals') throw new Error(`${path}: ${m.message}`);
    return /'(\w+)'/.exec(m.message)?.[1] ?? m.message;
  });
}

describe('browser globals outside lib/ext', () => {
  it('are refused in domain code, each of them', () => {
    const code = BROWSER_GLOBALS.map((name) => `export const use_${name} = () => ${name};`).join('\n');
    expect(refusedGlobals('lib/capture/sample-site.ts', code)).toEqual(BROWSER_GLOBALS);
    expect(refusedGlobals('lib/ui/helper.ts', 'export const make = () => document.createElement("a");')).toEqual(['document']);
  });

  it('are allowed in lib/ext', () => {
    expect(refusedGlobals('lib/ext/page-helper.ts', 'export const open = () => window.open(location.href);')).toEqual([]);
  });

  it('are told apart from local names', () => {
    expect(refusedGlobals('lib/value/sample.ts', 'export function weeks(window) { return window.weeks; }')).toEqual([]);
  });
});
