/**
 * The omnichannel screens with the sample data: the to-do list (done takes an
 * action off it), the weekly report of a sample week, the segment heatmap and
 * a person's channel timeline, at 400 px. Pictures go to screenshots/omnichannel/
 * (ignored), to be looked at. Dutch and Russian are screens.spec.ts's: it opens
 * the same tabs in every language and fails on overflow and on English left.
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { dayOfTime, weekKey } from '../../lib/calendar/iso-week';
import { expect, firstLinkedPerson, picture, sampleTest, waitForIdle } from './fixtures';

const OUT = resolve(process.env.EARSHOT_SCREENSHOTS ?? 'screenshots/omnichannel');
/** The sample is generated as of the day it is loaded: its last full week of reviews and posts is last week. */
const SAMPLE_WEEK = weekKey(dayOfTime(Date.now() - 7 * 86_400_000));

sampleTest('to-do list, weekly report, heatmap and timeline from the sample data, at 400 px', async ({ openExtensionPage }) => {
  sampleTest.setTimeout(300_000);
  mkdirSync(OUT, { recursive: true });
  const panel = await openExtensionPage('sidepanel.html');
  await waitForIdle(panel);
  await panel.setViewportSize({ width: 400, height: 900 });
  const base = panel.url().replace(/#.*$/, '');

  // The to-do list: actions from the sample's values; done takes one off the list.
  await panel.goto(`${base}#tab=todo`);
  const list = panel.getByRole('list', { name: 'To do' });
  await expect(list.locator('li').first()).toBeVisible({ timeout: 30_000 });
  const first = list.locator('li').first();
  const id = await first.getAttribute('data-action');
  await first.getByRole('button', { name: 'Done' }).click();
  await expect(list.locator(`li[data-action="${id}"]`)).toHaveCount(0);
  await panel.getByLabel(/Show done and snoozed/).check();
  await expect(list.locator(`li[data-action="${id}"]`).getByRole('button', { name: 'Back on the list' })).toBeVisible();

  // The weekly report of a sample week: customers' reviews, the stated rule, the actions.
  await panel.goto(`${base}#tab=report`);
  await panel.getByRole('textbox', { name: 'Week' }).fill(SAMPLE_WEEK);
  // Exact: a report made by schedule is listed as "Weekly report, <week>" when the worker restarted meanwhile.
  await panel.getByRole('button', { name: 'Weekly report', exact: true }).click();
  const report = panel.frameLocator('iframe.report-frame');
  await expect(report.getByRole('heading', { name: `Weekly report, ${SAMPLE_WEEK}` })).toBeVisible({ timeout: 60_000 });
  await expect(report.getByText(/^Reviews \d+ · posts \d+ · comments \d+$/).first()).toBeVisible();
  await expect(report.getByText(/^Rule: the last 4 weeks against the 8 before/)).toBeVisible();
  await expect(report.getByText(/open, expected value/)).toBeVisible();

  const person = await firstLinkedPerson(panel);
  const language = 'en';
  const shoot = async (hash: string, name: string, ready: () => Promise<void>) => {
    await panel.goto(`${base}${hash}`);
    await panel.reload();
    await ready();
    await picture(panel, `${OUT}/${language}-${name}.png`, { fullPage: true });
  };
  await shoot('#tab=todo', 'todo', () => expect(panel.locator('.todo li').first()).toBeVisible({ timeout: 30_000 }));
  await shoot('#tab=segments', 'heatmap', () => expect(panel.locator('.week-grid').first()).toBeVisible({ timeout: 30_000 }));
  // Further down the same tab: satisfaction per segment per platform over the weeks, one line per group.
  await shoot('#tab=segments', 'satisfaction', async () => {
    await panel.locator('table.satisfaction').first().scrollIntoViewIfNeeded({ timeout: 90_000 });
    await expect(panel.locator('table.satisfaction svg.spark[role=img]').first()).toBeVisible();
  });
  await shoot(`#tab=people&person=${encodeURIComponent(person)}`, 'timeline', () => expect(panel.locator('h3').first()).toBeVisible());
  await shoot('#tab=report', 'report', async () => {
    await panel.locator('input[type=week]').fill(SAMPLE_WEEK);
    // The make button beside the week (a report made by schedule may be announced above with its own).
    await panel.locator('div.row:has(input[type=week]) button.primary').click();
    await expect(panel.frameLocator('iframe.report-frame').locator('h1')).toContainText(SAMPLE_WEEK, { timeout: 60_000 });
  });
});
