/**
 * Next best actions as CRM tasks end to end: the sample data's To do list,
 * HubSpot connected through the options page (the stand-in CRM,
 * test/crm-server), an action sent with "Send to CRM", the task read from the
 * stand-in's store on the right contact, then marked done in Earshot and its
 * status completed after the sync. The To do tab is pictured at 400 px in
 * English, Dutch and Russian into $EARSHOT_SCREENSHOTS (default
 * test-results/tasks, ignored by git).
 *
 * Needs a build whose manifest grants http://127.0.0.1/* (EARSHOT_E2E_CRM=1,
 * docs/crm-sync.md, "End-to-end tests").
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { connectHubSpotInOptions, expect, picture, sampleTest, sampleWorkspace, setLanguage } from './fixtures';
import { startCrmServer, type CrmServer } from '../crm-server/server';

const TOKEN = 'pat-e2e-token';
const OUT = resolve(process.env.EARSHOT_SCREENSHOTS ?? 'test-results/tasks');

/** The stand-in's tasks with the Earshot customer id of the contact each is associated with. */
function tasksAtCrm(server: CrmServer): { customerId: string | undefined; status: string | undefined; subject: string | undefined }[] {
  return Object.values(server.state.hubspot.tasks ?? {}).map((task) => ({
    customerId: server.state.hubspot.contacts[task.contactIds[0] ?? '']?.properties.earshot_customer_id,
    status: task.properties.hs_task_status,
    subject: task.properties.hs_task_subject,
  }));
}

sampleTest('an action sent to the CRM as a task on its contact, and completed there once done in Earshot', async ({ openExtensionPage }) => {
  sampleTest.setTimeout(400_000);
  mkdirSync(OUT, { recursive: true });
  const server = await startCrmServer({ hubspotToken: TOKEN });
  try {
    const panel = await sampleWorkspace(openExtensionPage);

    // Without a CRM, sending says what to do instead.
    await panel.goto(panel.url().replace(/#.*$/, '') + '#tab=todo');
    const list = panel.getByRole('list', { name: 'To do' });
    await expect(list.locator('li').first()).toBeVisible({ timeout: 30_000 });
    await panel.getByRole('button', { name: 'Send all open ones to the CRM' }).click();
    await expect(panel.getByRole('status').filter({ hasText: 'No CRM is connected' })).toHaveText('No CRM is connected: connect one in the options to send tasks.');

    const options = await openExtensionPage('options.html');
    await connectHubSpotInOptions(options, server.url, TOKEN);

    // One action about a customer, sent on its own.
    const item = list.locator('li[data-action*="|customer:"]').first();
    const actionId = (await item.getAttribute('data-action'))!;
    const customerId = actionId.slice(actionId.indexOf('|customer:') + '|customer:'.length);
    const title = (await item.locator('strong').first().innerText()).trim();
    await item.getByRole('button', { name: 'Send to CRM' }).click();
    await expect(panel.getByRole('status').filter({ hasText: 'Tasks queued' })).toHaveText('Tasks queued: 1, for hubspot. They arrive with the next sync.');
    await expect.poll(() => tasksAtCrm(server).filter((t) => t.customerId === customerId).length, { timeout: 120_000 }).toBe(1);
    expect(tasksAtCrm(server).find((t) => t.customerId === customerId)).toEqual({ customerId, status: 'NOT_STARTED', subject: title });
    await expect(list.locator(`li[data-action="${actionId}"]`).getByText('Task in hubspot')).toBeVisible({ timeout: 30_000 });
    await picture(panel, `${OUT}/todo-en.png`, { fullPage: true });

    // Done in Earshot: the same task is completed at the CRM after the sync.
    await list.locator(`li[data-action="${actionId}"]`).getByRole('button', { name: 'Done' }).click();
    await expect.poll(() => tasksAtCrm(server).find((t) => t.customerId === customerId)?.status, { timeout: 120_000 }).toBe('COMPLETED');
    expect(tasksAtCrm(server).filter((t) => t.customerId === customerId)).toHaveLength(1);
    expect(server.violations).toEqual([]);

    for (const language of ['nl', 'ru']) {
      await setLanguage(panel, language);
      await panel.reload();
      await expect(panel.locator('.todo li').first()).toBeVisible({ timeout: 30_000 });
      await picture(panel, `${OUT}/todo-${language}.png`, { fullPage: true });
    }
  } finally {
    await server.stop();
  }
});
