import { expect, test } from './fixtures';

test('loads the sample data from the popup and shows it in the side panel', async ({ openExtensionPage }) => {
  const popup = await openExtensionPage('popup.html?url=https%3A%2F%2Fexample.org%2F&tab=1');
  await expect(popup.getByText('No customers yet.', { exact: false })).toBeVisible();
  await popup.getByRole('button', { name: 'Load sample data' }).click();
  // The button disappears once the database holds customers (liveQuery re-renders the popup).
  await expect(popup.getByRole('button', { name: 'Load sample data' })).toHaveCount(0, { timeout: 30_000 });

  const panel = await openExtensionPage('sidepanel.html');
  const stats = panel.getByRole('list', { name: 'Workspace' });
  await expect(stats.getByText('Customers')).toBeVisible();
  await expect(stats.locator('li').first().locator('.value')).toHaveText('3,000');
  // The people list renders from the database: the count and the first screenful of rows.
  // The customers are listed as soon as they are stored and indexed, before matching and values finish.
  await expect(panel.getByRole('status').filter({ hasText: /^[1-9][\d,]* people$/ })).toBeVisible({ timeout: 30_000 });
  await expect(panel.getByRole('list', { name: 'People' }).getByRole('listitem').first()).toContainText(/Customer|customer/);
});

test('the options page saves settings and refuses invalid ones', async ({ openExtensionPage }) => {
  const options = await openExtensionPage('options.html');
  await options.getByLabel('Keep unmatched captures for (days)').fill('14');
  await options.getByRole('button', { name: 'Save' }).click();
  await expect(options.getByRole('status')).toHaveText('Saved.');
  await options.reload();
  await expect(options.getByLabel('Keep unmatched captures for (days)')).toHaveValue('14');

  await options.getByLabel('Suggest for review at match probability').fill('0.99');
  await options.getByLabel('Link automatically at match probability').fill('0.6');
  await options.getByRole('button', { name: 'Save' }).click();
  await expect(options.getByRole('status')).toContainText('Not saved');
});
