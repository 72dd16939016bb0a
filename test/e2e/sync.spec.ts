/**
 * CRM sync end to end in Chromium: the built extension talks to the stand-in
 * CRM server (test/crm-server) on 127.0.0.1. The connection is made through
 * the options page as a user would; data is put in place with the messages
 * the extension pages send.
 *
 * Needs a build whose manifest grants http://127.0.0.1/* (headless Chromium
 * cannot click a permission prompt): see docs/crm-sync.md, "End-to-end tests".
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { EXTENSION_DIR, expect, stopServiceWorker, test } from './fixtures';
import { startCrmServer, type CrmServer } from '../crm-server/server';
import { TOKEN, importAndConnectHubSpot, instagramPage, ok } from './crm-helpers';

/** The small CRM imported, and HubSpot connected through the options page form. */
async function connectHubSpot(options: Page, server: CrmServer): Promise<void> {
  await importAndConnectHubSpot(options, server, 'Connected to HubSpot (API 2026-03): 15 Earshot contact properties created.');
  expect(server.writes('hubspot.property.created')).toBe(15);
}

async function link(options: Page, handle: string, name: string, customerId: string): Promise<void> {
  expect(await ok(options, { type: 'capture/report', page: instagramPage(handle, name) })).toEqual({ profiles: 1, contributions: 0 });
  await ok(options, { type: 'match/confirm', profileId: `instagram:${handle}`, customerId });
}

const contactOf = (server: CrmServer, customerId: string) =>
  Object.values(server.state.hubspot.contacts).filter((c) => c.properties.earshot_customer_id === customerId);
const notesOf = (server: CrmServer, contactId: string) => Object.values(server.state.hubspot.notes).filter((n) => n.contactIds.includes(contactId));

test.beforeAll(() => {
  const manifest = JSON.parse(readFileSync(join(EXTENSION_DIR, 'manifest.json'), 'utf8')) as { host_permissions?: string[] };
  if (!manifest.host_permissions?.includes('http://127.0.0.1/*')) {
    throw new Error(`${EXTENSION_DIR} was built without http://127.0.0.1/* in host_permissions: build it with EARSHOT_E2E_CRM=1 (docs/crm-sync.md, "End-to-end tests").`);
  }
});

let server: CrmServer;
test.beforeEach(async () => {
  server = await startCrmServer({ hubspotToken: TOKEN });
});
test.afterEach(async () => {
  expect(server.violations).toEqual([]);
  expect(server.responseViolations).toEqual([]);
  await server.stop();
});

test('confirming a match sends the contact and a note with the evidence to the CRM', async ({ openExtensionPage }) => {
  const options = await openExtensionPage('options.html');
  await connectHubSpot(options, server);
  await link(options, 'floor.vdheide', 'Floor van der Heide', 'C0001');

  await expect.poll(() => server.writes('hubspot.note.created'), { timeout: 20_000 }).toBe(1);
  const [contact] = contactOf(server, 'C0001');
  expect(contact!.properties).toMatchObject({
    earshot_platforms: 'instagram',
    earshot_match_score: '1',
    earshot_profiles: 'instagram @floor.vdheide — https://www.instagram.com/floor.vdheide/ (confirmed by a person, 1.00)',
  });
  expect(contact!.properties.email).toMatch(/@/);
  const [note] = notesOf(server, contact!.id);
  expect(note!.properties.hs_note_body).toContain('A person confirmed that instagram @floor.vdheide (Floor van der Heide) is this customer, match score 1.00.');
  await expect(options.getByText('Everything has been sent.')).toBeVisible();

  // The same person, as a file for HubSpot's import tool.
  const download = options.waitForEvent('download');
  await options.getByRole('button', { name: "CSV for HubSpot's import" }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe('earshot-hubspot-import.csv');
  const csv = (await import('node:fs')).readFileSync((await file.path())!, 'utf8');
  expect(csv.split('\r\n')[0]).toBe('\uFEFFEmail,First Name,Last Name,Earshot customer ID,Earshot social profiles,Earshot platforms,Earshot best match score,Earshot match evidence,Earshot tags,Earshot values,Earshot persona ID,Earshot persona,Earshot offer,Earshot offer expected gain,Earshot offer reason,Earshot last update');
  expect(csv).toContain(',C0001,"instagram @floor.vdheide — https://www.instagram.com/floor.vdheide/ (confirmed by a person, 1.00)",instagram,1.0000,');
  await expect(options.getByText('1 people in the file.')).toBeVisible();
});

test('the outbox finishes the job after the CRM recovers from a run of 500s', async ({ openExtensionPage }) => {
  test.setTimeout(120_000);
  const options = await openExtensionPage('options.html');
  await connectHubSpot(options, server);
  server.inject({ kind: '500', match: 'contacts/batch/upsert', times: 3 });
  await link(options, 'jan.devries.nl', 'Jan de Vries', 'C0002');

  // While HubSpot fails, the options page shows the job retrying by itself, with the reason.
  await expect(options.getByRole('list', { name: 'Trying again by itself' })).toContainText('HubSpot had a problem on its side (500)', { timeout: 20_000 });
  await expect.poll(() => server.writes('hubspot.note.created'), { timeout: 90_000 }).toBe(1);
  expect(server.requests.filter((r) => r.operationId === 'upsertContacts' && r.status === 500)).toHaveLength(3);
  expect(contactOf(server, 'C0002')).toHaveLength(1);
  await expect(options.getByText('Everything has been sent.')).toBeVisible();
});

test('a CRM asking for a pause of years parks the job, and the options page says until when', async ({ openExtensionPage }) => {
  const options = await openExtensionPage('options.html');
  await connectHubSpot(options, server);
  server.inject({ kind: '429', match: 'contacts/batch/upsert', retryAfter: '999999999' });
  await link(options, 'jan.devries.nl', 'Jan de Vries', 'C0002');

  // Not a silent wait: the job waits for a person, with the moment HubSpot named.
  const parked = options.getByRole('list', { name: 'Waiting for you' });
  await expect(parked).toContainText(/Jan de Vries · hubspot · Update/, { timeout: 20_000 });
  await expect(parked).toContainText(/HubSpot asked to wait until \d{4}-\d\d-\d\d \d\d:\d\d UTC, longer than Earshot waits \(5 min\); its answer: HubSpot asked Earshot to slow down \(429 Too Many Requests\)/);
  expect(server.requests.filter((r) => r.operationId === 'upsertContacts')).toHaveLength(1);

  // A person decides: Retry sends it (and the note waiting behind it) now.
  await parked.getByRole('button', { name: 'Retry' }).click();
  await expect.poll(() => server.writes('hubspot.note.created'), { timeout: 20_000 }).toBe(1);
  expect(contactOf(server, 'C0002')).toHaveLength(1);
  await expect(options.getByText('Everything has been sent.')).toBeVisible();
});

test('the outbox finishes after the service worker is stopped mid-request, without a duplicate', async ({ context, openExtensionPage, extensionId }) => {
  test.setTimeout(120_000);
  const options = await openExtensionPage('options.html');
  await connectHubSpot(options, server);
  // HubSpot writes the note, then the answer never comes: the worker is stopped while it waits.
  server.inject({ kind: 'hang', match: 'createNotes', afterApply: true });
  await link(options, 'sanne.smit', 'Sanne Smit', 'C0003');
  await server.waitFor('createNotes', 1, 20_000);
  expect(server.held()).toBe(1);
  expect(server.writes('hubspot.note.created')).toBe(1);

  await stopServiceWorker(context, options, extensionId);
  // The held connection drops right away: Chromium's network layer may resend the POST
  // on its own (a second note Earshot never hears of); the resumed job must clean that up.
  server.release();

  // The next message starts a new worker; it resumes the job left running.
  await expect
    .poll(async () => (await ok(options, { type: 'sync/run' })) as { done: number; parked: number; pending: number }, { timeout: 60_000 })
    .toMatchObject({ parked: 0, pending: 0 });
  const contacts = contactOf(server, 'C0003');
  expect(contacts).toHaveLength(1);
  expect(notesOf(server, contacts[0]!.id).filter((n) => !n.archived)).toHaveLength(1);
  expect(server.writes('hubspot.note.created') - server.writes('hubspot.note.archived')).toBe(1);
  // The resumed job looked before writing, and wrote nothing itself.
  expect(server.requests.filter((r) => r.operationId === 'createNotes')).toHaveLength(server.writes('hubspot.note.created'));
  expect(server.requests.filter((r) => r.operationId === 'readNoteAssociations').length).toBeGreaterThanOrEqual(2);
});

test('disconnect deletes the token and takes the CRM out of the outbox', async ({ openExtensionPage }) => {
  const options = await openExtensionPage('options.html');
  await connectHubSpot(options, server);
  await options.getByRole('button', { name: 'Disconnect' }).click();
  await expect(options.getByText(/HubSpot — Connected since/)).toHaveCount(0);
  const left = await options.evaluate(
    () =>
      new Promise<number>((resolve, reject) => {
        const open = indexedDB.open('earshot');
        open.onsuccess = () => {
          const count = open.result.transaction('connections').objectStore('connections').count();
          count.onsuccess = () => resolve(count.result);
          count.onerror = () => reject(count.error);
        };
        open.onerror = () => reject(open.error);
      }),
  );
  expect(left).toBe(0);
});
