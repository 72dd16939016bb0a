#!/usr/bin/env node
// `npm start`: build the extension, open Chromium with it loaded and the
// sample data ready. Where there is no display (or with --headless) it
// writes screenshots of every screen with the sample data to ./screenshots
// (through the end-to-end screenshot test) and exits.
//   npm start                 a window to use (needs a display)
//   npm start -- --headless   screenshots only
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { chromium } from '@playwright/test';

const headless = process.argv.includes('--headless') || !process.env.DISPLAY;
const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const extensionDir = resolve('.output/chrome-mv3');
const profileDir = resolve('.chromium-profile');
const shotsDir = resolve('screenshots');

if (!existsSync(executablePath)) {
  console.error(`No Chromium at ${executablePath}: install it (apt-get install -y chromium) or set CHROMIUM_PATH.`);
  process.exit(1);
}
console.log('Building the extension…');
const build = spawnSync('npx', ['wxt', 'build'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

if (headless) {
  // The end-to-end screenshot test loads the sample data in a fresh profile and photographs every screen.
  const shots = spawnSync('npx', ['playwright', 'test', 'test/e2e/screens.spec.ts'], {
    stdio: 'inherit',
    env: { ...process.env, PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1', CHROMIUM_PATH: executablePath, EARSHOT_EXTENSION_DIR: extensionDir, EARSHOT_SCREENSHOTS: shotsDir },
  });
  if (shots.status === 0) console.log(`Screenshots of every screen with the sample data are in ${shotsDir}/.`);
  process.exit(shots.status ?? 1);
}

const context = await chromium.launchPersistentContext(profileDir, {
  executablePath,
  headless: false,
  viewport: null,
  args: [
    `--disable-extensions-except=${extensionDir}`,
    `--load-extension=${extensionDir}`,
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
  ],
});
const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
const id = new URL(worker.url()).host;

// Load the sample data unless the profile already holds customers.
const panel = await context.newPage();
await panel.goto(`chrome-extension://${id}/sidepanel.html`);
await panel.getByRole('tablist').waitFor();
const load = panel.getByRole('button', { name: 'Load sample data' });
if ((await load.count()) > 0) {
  console.log('Loading the sample data…');
  await load.click();
  await panel.getByRole('list', { name: 'People' }).getByRole('listitem').first().waitFor({ timeout: 120_000 });
}
console.log(`Earshot ${id} is running with the sample data. Close the browser window to stop.`);
await new Promise((resolveClose) => context.on('close', resolveClose));
