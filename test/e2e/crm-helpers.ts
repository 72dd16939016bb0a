/**
 * What the CRM end-to-end tests share: the small CRM they import, a captured
 * Instagram profile, and connecting HubSpot (the stand-in) through the
 * options page form as a user would.
 */
import type { Page } from '@playwright/test';
import { expect, sendFromPage } from './fixtures';
import type { CrmServer } from '../crm-server/server';

export const TOKEN = 'pat-e2e-token';

export async function ok(page: Page, body: Record<string, unknown>): Promise<Record<string, unknown>> {
  const reply = await sendFromPage(page, body);
  if (!reply.ok) throw new Error(`${String(body.type)}: ${reply.error?.message}`);
  return reply.data ?? {};
}

/** An Instagram profile as the content script reports it. */
export function instagramPage(handle: string, name: string) {
  return {
    url: `https://www.instagram.com/${handle}/`,
    site: 'instagram',
    kind: 'profile',
    profiles: [{ platform: 'instagram', key: handle, displayName: name, handle, profileUrl: `https://www.instagram.com/${handle}/`, followers: 5400 }],
    contributions: [],
  };
}

/** A small CRM of our own (the sample's automatic links would add traffic these tests do not count). */
export const CUSTOMERS = [
  { id: 'C0001', firstName: 'Floor', lastName: 'van der Heide', email: 'floor.vdheide@ziggo.nl', city: 'Zwolle' },
  { id: 'C0002', firstName: 'Jan', lastName: 'de Vries', email: 'jan.devries@kpnmail.nl', city: 'Utrecht' },
  { id: 'C0003', firstName: 'Sanne', lastName: 'Smit', email: 'sanne.smit@gmail.com', city: 'Leiden' },
].map((c) => ({ ...c, country: 'NL', handles: [], custom: {}, source: 'csv', updatedAt: 1 }));

/** The small CRM imported, and HubSpot connected through the options page form; `summary` is what the page says. */
export async function importAndConnectHubSpot(options: Page, server: CrmServer, summary: string | RegExp): Promise<void> {
  const { importId } = (await ok(options, { type: 'import/begin', kind: 'customers', fileName: 'customers.csv' })) as { importId: string };
  await ok(options, { type: 'import/rows', importId, rows: CUSTOMERS.map((row, i) => ({ line: i + 2, row })) });
  expect(await ok(options, { type: 'import/commit', importId })).toMatchObject({ customers: 3 });
  const form = options.getByRole('form', { name: 'Connect' });
  await expect(form.getByLabel('CRM')).toHaveValue('hubspot');
  await form.getByLabel('Private app access token').fill(TOKEN);
  await form.getByLabel('API address').fill(server.url);
  await expect(options.getByText('your browser asks whether Earshot may reach http://127.0.0.1/*')).toBeVisible();
  await form.getByRole('button', { name: 'Connect' }).click();
  await expect(options.getByRole('status')).toHaveText(summary);
  await expect(options.getByText(/HubSpot — Connected since/)).toBeVisible();
}
