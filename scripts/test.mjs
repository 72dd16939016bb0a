#!/usr/bin/env node
// `npm test`: every check CI runs, in order, stopping at the first failure:
// typecheck, lint, unit tests, both browser builds, web-ext lint of the
// Firefox build, and the end-to-end tests in Chromium with the built extension.
// `npm test -- --skip-e2e` leaves out the browser parts.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const skipE2e = process.argv.includes('--skip-e2e');
const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const steps = [
  ['typecheck', 'npx', ['tsc', '--noEmit']],
  ['lint', 'npx', ['eslint', '.']],
  ['unit tests', 'npx', ['vitest', 'run']],
  ['build: command line', 'npm', ['run', 'build:cli']],
  ['build: chrome', 'npx', ['wxt', 'build']],
  ['build: firefox', 'npx', ['wxt', 'build', '-b', 'firefox', '--mv3']],
  ['web-ext lint (firefox)', 'npx', ['web-ext', 'lint', '--source-dir', '.output/firefox-mv3', '--self-hosted']],
  // The end-to-end build differs from the shipped one by one thing: it already holds the
  // stand-in CRM's origin (127.0.0.1), because headless Chromium cannot answer a permission prompt.
  ['build: chrome for end-to-end tests', 'npx', ['wxt', 'build'], 'e2e', { EARSHOT_E2E_CRM: '1', EARSHOT_OUT_DIR: '.output/e2e' }],
  ['end-to-end tests (chromium)', 'npx', ['playwright', 'test'], 'e2e', { EARSHOT_EXTENSION_DIR: '.output/e2e/chrome-mv3' }],
];

const env = { ...process.env, PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1' };
const started = Date.now();
for (const [name, command, args, kind, extraEnv] of steps) {
  if (kind === 'e2e' && skipE2e) continue;
  if (kind === 'e2e' && !existsSync(chromium)) {
    console.error(`\n✗ ${name}: no Chromium at ${chromium}. Install it (apt-get install -y chromium) or set CHROMIUM_PATH.`);
    process.exit(1);
  }
  const t0 = Date.now();
  console.log(`\n▶ ${name}: ${command} ${args.join(' ')}`);
  const run = spawnSync(command, args, { stdio: 'inherit', env: { ...env, ...extraEnv } });
  const seconds = ((Date.now() - t0) / 1000).toFixed(1);
  if (run.status !== 0) {
    console.error(`\n✗ ${name} failed after ${seconds} s`);
    process.exit(run.status ?? 1);
  }
  console.log(`✓ ${name} (${seconds} s)`);
}
console.log(`\nAll checks passed in ${((Date.now() - started) / 1000).toFixed(0)} s.`);
