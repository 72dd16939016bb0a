#!/usr/bin/env node
// `npm run screenshots`: build the extension, take every screen in every
// language at 400 and 1,000 px (test/e2e/screens.spec.ts, into ./screenshots,
// which git ignores), then copy the README's pictures (English, 400 px: the
// width the side panel opens with) into docs/screenshots. The tests never
// write into docs/, so a clean checkout stays clean after `npm test`.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';

const shots = resolve('screenshots');
const docs = resolve('docs/screenshots');
const env = { ...process.env, PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1', EARSHOT_EXTENSION_DIR: resolve('.output/chrome-mv3'), EARSHOT_SCREENSHOTS: shots };
for (const [command, args] of [
  ['npx', ['wxt', 'build']],
  ['npx', ['playwright', 'test', 'test/e2e/screens.spec.ts']],
]) {
  const run = spawnSync(command, args, { stdio: 'inherit', env });
  if (run.status !== 0) process.exit(run.status ?? 1);
}
// The README's name for each picture, and the file the test wrote.
const PICTURES = {
  'popup.png': 'popup-en.png',
  'workspace-people.png': 'workspace-people-en-400.png',
  'workspace-review.png': 'workspace-review-en-400.png',
  'workspace-todo.png': 'workspace-todo-en-400.png',
  'workspace-chart.png': 'workspace-chart-en-400.png',
  'workspace-segments.png': 'workspace-segments-en-400.png',
  'workspace-personas.png': 'workspace-personas-en-400.png',
  'workspace-report.png': 'workspace-report-en-400.png',
  'workspace-import.png': 'workspace-import-en-400.png',
  'workspace-person.png': 'workspace-person-en-400.png',
  'settings.png': 'settings-en-400.png',
  // Dutch and Russian, where their words are longest.
  'popup-nl.png': 'popup-nl.png',
  'workspace-segments-ru.png': 'workspace-segments-ru-400.png',
  'workspace-person-how-ru.png': 'workspace-person-how-ru-400.png',
};
mkdirSync(docs, { recursive: true });
for (const [name, taken] of Object.entries(PICTURES)) copyFileSync(`${shots}/${taken}`, `${docs}/${name}`);
console.log(`Updated ${Object.keys(PICTURES).length} pictures in ${docs}.`);
