/**
 * The weekly report by schedule in the built extension: the service worker's
 * alarm fires, the report on the last due week is stored in IndexedDB, and the
 * workspace announces it (a dot on the Report tab, "Report for … is ready")
 * until it is opened. Pictures go to screenshots/weekly-report/ (ignored).
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { clearStore, expect, picture, sampleTest, serviceWorkerOf, storeRows, waitForIdle } from './fixtures';

const OUT = resolve(process.env.EARSHOT_SCREENSHOTS ?? 'screenshots/weekly-report');
const ALARM = 'earshot-weekly-report';

sampleTest('the alarm makes the weekly report, which is kept and announced until opened', async ({ context, openExtensionPage }) => {
  sampleTest.setTimeout(300_000);
  mkdirSync(OUT, { recursive: true });
  const panel = await openExtensionPage('sidepanel.html');
  await waitForIdle(panel);
  // The start-up catch-up may make the due report once the sample is in (an empty database announces none:
  // the unit tests check that). Let it finish (the count holds for two seconds), then take its report
  // away, so that what follows is the alarm's work.
  let settled = -1;
  await expect
    .poll(async () => {
      const count = (await storeRows(panel, 'reports')).length;
      const same = count === settled;
      settled = count;
      return same;
    }, { timeout: 60_000, intervals: [2_000] })
    .toBe(true);
  await clearStore(panel, 'reports');
  expect(await storeRows(panel, 'reports')).toEqual([]);
  const worker = await serviceWorkerOf(context);
  type Alarms = { get(name: string): Promise<{ scheduledTime: number } | undefined>; create(name: string, info: { when: number }): Promise<void> };
  expect(await worker.evaluate(async (name) => (await (globalThis as unknown as { chrome: { alarms: Alarms } }).chrome.alarms.get(name))?.scheduledTime ?? 0, ALARM)).toBeGreaterThan(Date.now());

  // The alarm fires now, as it would at the scheduled hour.
  await worker.evaluate((name) => (globalThis as unknown as { chrome: { alarms: Alarms } }).chrome.alarms.create(name, { when: Date.now() + 500 }), ALARM);
  await expect.poll(async () => (await storeRows<{ week: string }>(panel, 'reports')).length, { timeout: 90_000 }).toBe(1);
  const [stored] = await storeRows<{ week: string; seenAt: number | null; report: { week: string; items: unknown[] } }>(panel, 'reports');
  expect(stored!.seenAt).toBeNull();
  expect(stored!.report.week).toBe(stored!.week);
  // The alarm is set again for the next week.
  expect(await worker.evaluate(async (name) => (await (globalThis as unknown as { chrome: { alarms: Alarms } }).chrome.alarms.get(name))?.scheduledTime ?? 0, ALARM)).toBeGreaterThan(Date.now());

  await panel.setViewportSize({ width: 400, height: 900 });
  await panel.goto(panel.url().replace(/#.*$/, '#tab=people'));
  await panel.reload();
  await expect(panel.getByRole('tab', { name: /Weekly report.*new report|Report.*new report/ })).toBeVisible({ timeout: 30_000 });
  await panel.getByRole('tab', { name: /new report/ }).click();
  await expect(panel.getByRole('status').filter({ hasText: `Report for ${stored!.week} is ready` })).toBeVisible();
  await picture(panel, resolve(OUT, 'announced-400.png'), { fullPage: true });
  await panel.getByRole('status').getByRole('button', { name: 'Open' }).click();
  await expect(panel.frameLocator('iframe.report-frame').getByRole('heading', { name: `Weekly report, ${stored!.week}` })).toBeVisible({ timeout: 30_000 });
  await expect.poll(async () => (await storeRows<{ seenAt: number | null }>(panel, 'reports'))[0]!.seenAt, { timeout: 30_000 }).not.toBeNull();
  await expect(panel.getByRole('tab', { name: /new report/ })).toHaveCount(0);
  await picture(panel, resolve(OUT, 'opened-400.png'), { fullPage: true });
});
