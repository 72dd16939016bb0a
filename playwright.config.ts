import { defineConfig } from '@playwright/test';

// End-to-end tests drive Debian's Chromium with the built extension loaded
// (test/e2e/fixtures.ts). Build first: `npm run build:chrome`.
export default defineConfig({
  testDir: 'test/e2e',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: process.env.CI ? [['list']] : [['list']],
  outputDir: 'test-results',
});
