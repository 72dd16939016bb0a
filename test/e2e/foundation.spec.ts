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
  await expect(stats.locator('li').first().locator('.value')).toHaveText((3000).toLocaleString('en-US'));
  await expect(panel.getByRole('table')).toBeVisible();
  await expect(panel.getByRole('row')).toHaveCount(51);
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
