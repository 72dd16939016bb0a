/**
 * Pictures of every screen with the sample data, for the README (and for
 * `npm start -- --headless`). Taken by the end-to-end run, so they always show
 * the extension as it is built. Written to docs/screenshots/, or to
 * $EARSHOT_SCREENSHOTS.
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, firstLinkedPerson, sendFromPage, test, waitForIdle } from './fixtures';

const OUT = resolve(process.env.EARSHOT_SCREENSHOTS ?? 'docs/screenshots');

test('screenshots of the popup, the workspace and the settings with the sample data', async ({ openExtensionPage }) => {
  test.setTimeout(180_000);
  mkdirSync(OUT, { recursive: true });
  const panel = await openExtensionPage('sidepanel.html');
  expect(await sendFromPage(panel, { type: 'sample/load' })).toMatchObject({ ok: true });
  await waitForIdle(panel, 150_000);

  // The sample review page with the most people on it: customers, suggestions and strangers.
  const busiest = await panel.evaluate(
    () =>
      new Promise<string>((resolvePage, reject) => {
        const open = indexedDB.open('earshot');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const tx = open.result.transaction(['pages', 'matches']);
          const pages = tx.objectStore('pages').getAll();
          const matches = tx.objectStore('matches').getAll();
          tx.oncomplete = () => {
            const linked = new Set((matches.result as { profileId: string; status: string }[]).filter((m) => m.status === 'auto' || m.status === 'confirmed').map((m) => m.profileId));
            const score = (p: { profileIds: string[] }) => p.profileIds.length * 100 + p.profileIds.filter((id) => linked.has(id)).length;
            const best = (pages.result as { url: string; profileIds: string[] }[]).sort((a, b) => score(b) - score(a))[0]!;
            resolvePage(best.url);
          };
        };
      }),
  );
  const popup = await openExtensionPage(`popup.html?url=${encodeURIComponent(busiest)}&tab=-1`);
  await popup.setViewportSize({ width: 416, height: 760 });
  await expect(popup.getByRole('list', { name: 'People on this page' })).toBeVisible();
  await popup.screenshot({ path: `${OUT}/popup.png` });

  await panel.setViewportSize({ width: 760, height: 900 });
  const shoot = async (hash: string, file: string, ready: () => Promise<void>) => {
    await panel.goto(panel.url().replace(/#.*$/, '') + hash);
    await ready();
    await panel.screenshot({ path: `${OUT}/${file}` });
  };
  await shoot('#tab=people', 'workspace-people.png', () => expect(panel.locator('.vrow button.person-line').first()).toBeVisible());
  await shoot('#tab=review', 'workspace-review.png', () => expect(panel.getByText(/^Suggestion 1 of/)).toBeVisible());
  await shoot('#tab=chart', 'workspace-chart.png', () => expect(panel.getByRole('img', { name: /matched people/ })).toBeVisible());
  await shoot('#tab=segments', 'workspace-segments.png', () => expect(panel.getByRole('table').first()).toBeVisible());
  // The person with the highest engagement value among the linked customers.
  const champion = await firstLinkedPerson(panel);
  await shoot(`#tab=people&person=${encodeURIComponent(champion)}`, 'workspace-person.png', () => expect(panel.getByRole('heading', { name: 'Value', exact: true })).toBeVisible());

  const options = await openExtensionPage('options.html');
  await options.setViewportSize({ width: 760, height: 900 });
  await expect(options.getByRole('heading', { name: 'Earshot settings' })).toBeVisible();
  await options.screenshot({ path: `${OUT}/settings.png` });
});
