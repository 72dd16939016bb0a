/**
 * Team sync end to end: two Chromium profiles, each with the extension, and
 * one stand-in HubSpot. Profile A confirms and tags; profile B, after its
 * next sync, shows the link and the tag and does not offer the suggestion
 * again; and when B had rejected the pair A confirmed, both list the conflict.
 *
 * Needs the build with http://127.0.0.1/* granted (EARSHOT_E2E_CRM=1), as sync.spec.ts.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from '@playwright/test';
import { expect, launchWithExtension, picture, serviceWorkerOf, storeRows, test } from './fixtures';
import { startCrmServer, type CrmServer } from '../crm-server/server';
import { TOKEN, importAndConnectHubSpot, instagramPage, ok } from './crm-helpers';

const PROFILE = 'instagram:floor.vdheide';
type MatchRow = { profileId: string; status: string; customerId: string | null; rejectedCustomerIds: string[] };
type TagRow = { personRef: string; label: string };

let server: CrmServer;
const opened: { context: BrowserContext; dir: string }[] = [];

/** One teammate's browser: its own profile directory, the extension, its options page. */
async function teammate(): Promise<Page> {
  const dir = mkdtempSync(join(tmpdir(), 'earshot-team-'));
  const context = await launchWithExtension(dir);
  await context.route(/^https?:\/\/(?!127\.0\.0\.1|localhost)/, (route) => route.abort('blockedbyclient'));
  opened.push({ context, dir });
  const id = new URL((await serviceWorkerOf(context)).url()).host;
  const page = await context.newPage();
  await page.goto(`chrome-extension://${id}/options.html`);
  return page;
}

const contactOf = (customerId: string) => Object.values(server.state.hubspot.contacts).find((c) => c.properties.earshot_customer_id === customerId);

test.beforeEach(async () => {
  server = await startCrmServer({ hubspotToken: TOKEN });
});
test.afterEach(async () => {
  for (const { context, dir } of opened.splice(0)) {
    await context.close();
    rmSync(dir, { recursive: true, force: true });
  }
  expect(server.violations).toEqual([]);
  await server.stop();
});

test("B shows A's link and tag after its next sync and does not offer the suggestion again", async () => {
  test.setTimeout(180_000);
  const a = await teammate();
  await importAndConnectHubSpot(a, server, /Connected to HubSpot/);
  await ok(a, { type: 'capture/report', page: instagramPage('floor.vdheide', 'Floor van der Heide') });
  await ok(a, { type: 'match/confirm', profileId: PROFILE, customerId: 'C0001' });
  await ok(a, { type: 'tag/add', personRef: 'customer:C0001', label: 'Ambassador' });
  // A's outbox creates the contact; A's next sync writes the decision on it.
  await expect.poll(() => contactOf('C0001')?.properties.earshot_tags, { timeout: 30_000 }).toBe('ambassador');
  await expect.poll(async () => ((await ok(a, { type: 'sync/run' })).team as { written?: number } | undefined)?.written ?? 0, { timeout: 30_000 }).toBeGreaterThan(0);
  expect(contactOf('C0001')?.properties.earshot_decisions).toMatch(/^earshot-decisions\/1\nc instagram:floor\.vdheide install-\S+ \d+$/);

  const b = await teammate();
  await importAndConnectHubSpot(b, server, /Connected to HubSpot/);
  // B's matcher meets the same person and would ask about them.
  await ok(b, { type: 'capture/report', page: instagramPage('floor.vdheide', 'Floor van der Heide') });
  const synced = await ok(b, { type: 'sync/run' });
  // Connecting already read the decision; this sync applies it to the profile B has captured since.
  expect(synced.team).toMatchObject({ conflicts: 0, problems: [] });
  await expect.poll(async () => (await storeRows<MatchRow>(b, 'matches')).find((m) => m.profileId === PROFILE), { timeout: 30_000 }).toMatchObject({ status: 'confirmed', customerId: 'C0001' });
  expect((await storeRows<TagRow>(b, 'tags')).map((t) => [t.personRef, t.label])).toEqual([['customer:C0001', 'Ambassador']]);

  const id = new URL(b.url()).host;
  await b.goto(`chrome-extension://${id}/sidepanel.html#tab=review`);
  await expect(b.getByText('Nothing to review.', { exact: false })).toBeVisible();
  await b.goto(`chrome-extension://${id}/sidepanel.html#person=customer%3AC0001`);
  await expect(b.getByText(/Decided by install-/)).toBeVisible();
  await expect(b.getByText('Ambassador').first()).toBeVisible();
});

test('a pair A confirmed and B rejected is listed as a conflict on B, and neither decision is overwritten', async () => {
  test.setTimeout(180_000);
  const a = await teammate();
  const b = await teammate();
  await importAndConnectHubSpot(a, server, /Connected to HubSpot/);
  await importAndConnectHubSpot(b, server, /Connected to HubSpot/);
  for (const page of [a, b]) await ok(page, { type: 'capture/report', page: instagramPage('floor.vdheide', 'Floor van der Heide') });
  await ok(a, { type: 'match/confirm', profileId: PROFILE, customerId: 'C0001' });
  await ok(b, { type: 'match/reject', profileId: PROFILE, customerId: 'C0001' });
  await expect.poll(() => contactOf('C0001')?.id, { timeout: 30_000 }).toBeDefined();
  await expect.poll(async () => ((await ok(a, { type: 'sync/run' })).team as { written?: number } | undefined)?.written ?? 0, { timeout: 30_000 }).toBeGreaterThan(0);
  expect((await ok(b, { type: 'sync/run' })).team).toMatchObject({ conflicts: 1 });
  // B's rejection stands (the matcher may have looked at the profile again since: it keeps the rejection).
  expect((await storeRows<MatchRow>(b, 'matches')).find((m) => m.profileId === PROFILE)).toMatchObject({ customerId: null, rejectedCustomerIds: ['C0001'] });

  const id = new URL(b.url()).host;
  await b.setViewportSize({ width: 400, height: 900 });
  await b.goto(`chrome-extension://${id}/sidepanel.html#tab=review`);
  const list = b.getByRole('region', { name: '1 decision your team disagrees on' });
  await expect(list).toBeVisible();
  await expect(list.getByText(/linked it to Floor van der Heide/)).toBeVisible();
  await expect(list.getByText(/said it is not Floor van der Heide/)).toBeVisible();
  await picture(b, 'test-results/screens/team-conflict-400.png', { fullPage: true });
  await list.getByRole('button', { name: 'Link to Floor van der Heide' }).click();
  await expect(list).toBeHidden();
});
