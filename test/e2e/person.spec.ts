/**
 * A person's page in the workspace: "← Back" returns to the search the person
 * was found by, and an erasure says what it removed (or that there was nothing).
 */
import { expect, test, waitForIdle } from './fixtures';

const CUSTOMERS_CSV = ['customer_id,first_name,last_name,email,city,country', 'K1,Anna,de Vries,anna@example.nl,Utrecht,NL', 'K2,Pieter,Bakker,pieter@example.nl,Zwolle,NL'].join('\n');

test('back from a person restores the search; erasing says what went, and when there was nothing', async ({ openExtensionPage }) => {
  const panel = await openExtensionPage('sidepanel.html#tab=import');
  await panel.getByLabel('Customers file').setInputFiles({ name: 'customers.csv', mimeType: 'text/csv', buffer: Buffer.from(CUSTOMERS_CSV) });
  await panel.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(panel.getByText('2 stored, 0 rows skipped.')).toBeVisible();
  // The people directory is built by the worker after the import; searching before would find nobody yet.
  await waitForIdle(panel, 45_000);

  await panel.getByRole('tab', { name: 'People' }).click();
  await panel.getByRole('searchbox', { name: 'Search' }).fill('vries');
  const row = panel.getByRole('listitem').filter({ hasText: 'Anna de Vries' });
  await expect(panel.getByRole('listitem').filter({ hasText: 'Pieter Bakker' })).toHaveCount(0, { timeout: 20_000 });
  await row.getByRole('button').click();
  await expect(panel.getByRole('heading', { name: 'Anna de Vries', level: 2 })).toBeVisible();
  await panel.getByRole('button', { name: '← Back' }).click();
  await expect(panel.getByRole('searchbox', { name: 'Search' })).toHaveValue('vries');
  await expect(row).toBeVisible();
  await expect(panel.getByRole('listitem').filter({ hasText: 'Pieter Bakker' })).toHaveCount(0);

  // Erased without the customer record: only the tag goes; a second erasure finds nothing.
  await row.getByRole('button').click();
  await panel.getByLabel('Add a tag').fill('vip');
  await panel.getByRole('button', { name: 'Add', exact: true }).click();
  await expect(panel.getByRole('button', { name: 'Remove tag vip' })).toBeVisible();
  await panel.getByRole('button', { name: 'Erase this person' }).click();
  await panel.getByRole('button', { name: 'Erase', exact: true }).click();
  await expect(panel.getByRole('status').filter({ hasText: 'Erased Anna de Vries.' })).toContainText('tags 1');
  await panel.getByRole('button', { name: 'Erase this person' }).click();
  await panel.getByRole('button', { name: 'Erase', exact: true }).click();
  await expect(panel.getByRole('status').filter({ hasText: 'There was nothing to erase for Anna de Vries' })).toBeVisible();
});
