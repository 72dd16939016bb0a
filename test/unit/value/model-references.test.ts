/**
 * model_references.json is what test/fixtures/cdnow/model_references.py prints: rerun the script
 * (python3 with mpmath; skipped where they are not installed) and compare, so a reference cannot be
 * edited by hand, or the script changed, without this failing.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { MODEL_REFERENCES_TEXT } from './model-references';

const SCRIPT = fileURLToPath(new URL('../../fixtures/cdnow/model_references.py', import.meta.url));
const hasMpmath = spawnSync('python3', ['-c', 'import mpmath'], { stdio: 'ignore' }).status === 0;

describe('the mpmath references of the purchase models', () => {
  // About 15 s of mpmath on an idle machine (quadratures and 2F1 at 40 digits).
  it.skipIf(!hasMpmath)('are what model_references.py prints', { timeout: 300_000 }, () => {
    const run = spawnSync('python3', [SCRIPT], { encoding: 'utf8', timeout: 290_000, maxBuffer: 1 << 24 });
    expect(run.status, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual(JSON.parse(MODEL_REFERENCES_TEXT));
  });
});
