#!/usr/bin/env node
// `npm start`: build the extension, open Chromium with it loaded and the
// sample data ready. Where there is no display (or with --headless) it
// writes screenshots of the popup, side panel and options page to
// ./screenshots and exits.
//   npm start                 a window to use (needs a display)
//   npm start -- --headless   screenshots only
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
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

const context = await chromium.launchPersistentContext(profileDir, {
  executablePath,
  headless: false,
  viewport: headless ? { width: 1280, height: 800 } : null,
  args: [
    ...(headless ? ['--headless=new'] : []),
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
const page = (path) => `chrome-extension://${id}/${path}`;

// Load the sample data unless the profile already holds customers.
const panel = await context.newPage();
await panel.goto(page('sidepanel.html'));
// The figures render once the database has answered; then the button is there or not.
await panel.getByRole('list', { name: 'Workspace' }).waitFor();
const load = panel.getByRole('button', { name: 'Load sample data' });
if ((await load.count()) > 0) {
  console.log('Loading the sample data…');
  await load.click();
  await panel.getByRole('table').waitFor({ timeout: 60_000 });
}
console.log(`Earshot ${id} is running with sample data.`);

if (headless) {
  mkdirSync(shotsDir, { recursive: true });
  await panel.setViewportSize({ width: 420, height: 800 });
  await panel.waitForTimeout(500);
  await panel.screenshot({ path: `${shotsDir}/sidepanel.png`, fullPage: true });
  const popup = await context.newPage();
  await popup.setViewportSize({ width: 360, height: 480 });
  await popup.goto(page('popup.html?url=https%3A%2F%2Fwww.trustpilot.com%2Freview%2Fexample.com&tab=0'));
  await popup.waitForTimeout(500);
  await popup.screenshot({ path: `${shotsDir}/popup.png` });
  const options = await context.newPage();
  await options.goto(page('options.html'));
  await options.waitForTimeout(300);
  await options.screenshot({ path: `${shotsDir}/options.png`, fullPage: true });
  console.log(`Screenshots written to ${shotsDir}/ (popup.png, sidepanel.png, options.png).`);
  await context.close();
} else {
  console.log('Close the browser window to stop.');
  await new Promise((resolveClose) => context.on('close', resolveClose));
}
