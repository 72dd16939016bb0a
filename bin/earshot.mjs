#!/usr/bin/env node
// The `earshot` command. The TypeScript sources are built to dist/cli by
// `npm install` (the prepare script) or `npm run build:cli`.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const built = fileURLToPath(new URL('../dist/cli/earshot.mjs', import.meta.url));
if (!existsSync(built)) {
  process.stderr.write('earshot: the command line is not built yet; run `npm run build:cli` in the project folder.\n');
  process.exit(1);
}
await import(built);
