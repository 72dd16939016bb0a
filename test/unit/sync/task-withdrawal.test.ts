/**
 * An objection (GDPR Art. 21) or a do-not-profile mark that comes after a task
 * was sent withdraws the task (issue 21): HubSpot's task and Pipedrive's
 * activity are deleted, the webhook gets `task.withdrawn`; through the outbox
 * from the objection recorded in Earshot. Only Earshot's task with that key
 * goes; the shop's own tasks stay.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EarshotDatabase } from '../../../lib/db/database';
import { deleteDatabase, openFreshDatabase } from '../fresh-db';
import { recordObjection } from '../../../lib/db/opt-out';
import { createHubSpotConnector } from '../../../lib/crm/connectors/hubspot';
import { createWebhookConnector } from '../../../lib/crm/connectors/webhook';
import type { WithdrawItem } from '../../../lib/crm/connectors/types';
import { buildTaskPayload } from '../../../lib/actions/as-task';
import { taskWithdrawal, withdrawalKey } from '../../../lib/crm/task-withdrawal';
import { sendActionsAsTasks } from '../../../lib/background/tasks';
import { cliText } from '../../../lib/cli/locales';
import { actionId, type Action } from '../../../lib/model';
import { startCrmServer, type CrmServer } from '../../crm-server/server';
import { T0, anna, askAnna, annaLink, httpDeps, janneke, jannekeLink, outboxOnClock, personItem, personOf, pipedriveWithJanneke, taskItem, thankJanneke as unsentAction, withServer } from './fixtures';

const english = cliText('en');

/** Sent as a task before she objected. */
const thankJanneke: Action = { ...unsentAction, sentAt: T0 };
const task = buildTaskPayload(thankJanneke, janneke.id, english, T0);

function withdrawItem(key: string, extra: Partial<WithdrawItem> = {}): WithdrawItem {
  const withdrawal = taskWithdrawal(thankJanneke, janneke.id, 'hubspot', T0 + 1)!;
  return { key, idempotencyKey: withdrawalKey(withdrawal), retry: false, since: T0 + 1, target: { customerId: janneke.id, email: janneke.email! }, withdrawal, ...extra };
}

function clean(server: CrmServer) {
  expect(server.violations).toEqual([]);
  expect(server.responseViolations).toEqual([]);
}

describe('the withdrawal of a task', () => {
  it('exists only for an action that was sent, and carries its key and the CRM task id, never its words', () => {
    expect(taskWithdrawal({ ...thankJanneke, sentAt: undefined }, janneke.id, 'hubspot', T0)).toBeNull();
    const withdrawal = taskWithdrawal({ ...thankJanneke, crmTasks: { hubspot: '77' } }, janneke.id, 'hubspot', T0);
    expect(withdrawal).toEqual({ key: task.key, actionId: thankJanneke.id, customerId: janneke.id, taskId: '77', changedAt: T0 });
    expect(taskWithdrawal({ ...thankJanneke, crmTasks: { hubspot: '77' } }, janneke.id, 'pipedrive', T0)).not.toHaveProperty('taskId');
  });
});

describe('HubSpot', () => {
  it("archives Earshot's task with that key (every copy), leaves the shop's own and other tasks, and is done when there is no contact", async () => {
    await withServer(async (server) => {
      const hubspot = createHubSpotConnector({ settings: { baseUrl: server.url }, secret: 'pat-test-token' }, httpDeps());
      await hubspot.connect();
      // Nobody there yet: nothing to withdraw, done.
      expect((await hubspot.withdrawTasks([withdrawItem('w0')])).get('w0')).toEqual({ ok: true });
      await hubspot.pushPersons([personItem('j1', personOf(janneke, [jannekeLink], [])), personItem('a1', personOf(anna, [annaLink], []))]);
      const contactId = Object.values(server.state.hubspot.contacts).find((c) => c.properties.email === janneke.email)!.id;
      await hubspot.pushTasks([taskItem('t1', task)]);
      const other = buildTaskPayload({ ...thankJanneke, id: actionId('ask-testimonial', `customer:${janneke.id}`), kind: 'ask-testimonial', figures: { rating: 5, date: '2026-11-02', reviews: 2 } }, janneke.id, english, T0);
      await hubspot.pushTasks([taskItem('t2', other)]);
      const tasks = () => Object.values(server.state.hubspot.tasks ?? {});
      const [mine] = tasks();
      // A copy a lost answer made, and the shop's own task.
      server.state.hubspot.tasks!['9998'] = { ...mine!, id: '9998' };
      server.state.hubspot.tasks!['9999'] = { id: '9999', properties: { hs_task_subject: 'Call back', hs_task_body: 'their own' }, contactIds: [contactId], createdAt: '2026-11-20T09:30:00.000Z', updatedAt: '2026-11-20T09:30:00.000Z' };
      expect(tasks()).toHaveLength(4);

      expect((await hubspot.withdrawTasks([withdrawItem('w1')])).get('w1')).toEqual({ ok: true, crmId: contactId });
      expect(tasks().map((t) => t.properties.hs_task_subject).sort()).toEqual(['Ask for a testimonial', 'Call back'].sort());
      expect(server.writes('hubspot.task.archived')).toBe(2);
      // Again (a retry): nothing left to remove, done.
      expect((await hubspot.withdrawTasks([withdrawItem('w2', { retry: true })])).get('w2')).toEqual({ ok: true, crmId: contactId });
      expect(tasks()).toHaveLength(2);
      clean(server);
    });
  });
});

describe('Pipedrive', () => {
  it("deletes Earshot's activity with that key on the person, found by its marker, and leaves the others", async () => {
    await withServer(async (server) => {
      const { pipedrive, target } = await pipedriveWithJanneke(server);
      await pipedrive.pushTasks([taskItem('t1', task, { target })]);
      const other = buildTaskPayload({ ...thankJanneke, id: actionId('ask-testimonial', `customer:${janneke.id}`), kind: 'ask-testimonial', figures: { rating: 5, date: '2026-11-02', reviews: 2 } }, janneke.id, english, T0);
      await pipedrive.pushTasks([taskItem('t2', other, { target })]);
      const activities = () => Object.values(server.state.pipedrive.activities ?? {});
      expect(activities()).toHaveLength(2);

      // Found by email (no id kept): the withdrawal needs nothing the objection dropped.
      expect((await pipedrive.withdrawTasks([withdrawItem('w1')])).get('w1')).toEqual({ ok: true });
      expect(activities().map((a) => a.subject)).toEqual(['Ask for a testimonial']);
      expect(server.writes('pipedrive.activity.deleted')).toBe(1);
      clean(server);
    });
  });
});

describe('the webhook', () => {
  it('sends task.withdrawn with the key, as its description allows, and not the task\'s words', async () => {
    await withServer(async (server) => {
      const hook = createWebhookConnector({ settings: { url: `${server.url}/hooks/earshot` }, secret: 'whsec-test-0123456789abcdef' }, httpDeps());
      expect((await hook.withdrawTasks([withdrawItem('w1')])).get('w1')).toEqual({ ok: true });
      const [event] = Object.values(server.state.webhook.events).map((e) => e.event);
      expect(event).toMatchObject({ id: `${task.key}-withdrawn`, type: 'task.withdrawn', customerId: janneke.id, key: task.key, actionId: thankJanneke.id });
      expect(JSON.stringify(event)).not.toContain('Champion');
      clean(server);
    });
  });
});

describe('through the outbox, from an objection recorded in Earshot', () => {
  let db: EarshotDatabase;
  let server: CrmServer;
  let clock: number;

  const outbox = () => outboxOnClock(db, () => clock, (ms) => (clock += ms));
  const tasks = () => Object.values(server.state.hubspot.tasks ?? {});
  const deps = () => ({ db, now: () => clock, text: async () => english, syncQueued: () => undefined });

  beforeEach(async () => {
    clock = T0;
    server = await startCrmServer({ now: () => clock });
    db = await openFreshDatabase('withdraw');
    await db.customers.bulkPut([janneke, anna]);
    await db.actions.bulkPut([unsentAction, askAnna]);
    await db.connections.put({ connector: 'hubspot', settings: { baseUrl: server.url }, secret: 'pat-test-token', connectedAt: T0 });
    await db.connections.put({ connector: 'webhook', settings: { url: `${server.url}/hooks/earshot` }, secret: 'whsec-test-0123456789abcdef', connectedAt: T0 });
    await createHubSpotConnector({ settings: { baseUrl: server.url }, secret: 'pat-test-token' }, httpDeps()).connect();
  });

  afterEach(async () => {
    clean(server);
    await server.stop();
    await deleteDatabase(db);
  });

  it("deletes the HubSpot task and tells the webhook once she objects; the other customer's task stays", async () => {
    await sendActionsAsTasks(deps(), undefined);
    expect((await outbox().settle()).parkedTotal).toBe(0);
    expect(tasks()).toHaveLength(2);
    expect(server.writes('webhook.task')).toBe(2);

    clock += 60_000;
    await recordObjection(db, janneke.id, clock);
    expect((await db.syncJobs.toArray()).filter((j) => j.kind === 'withdraw-task').map((j) => j.connector).sort()).toEqual(['hubspot', 'webhook']);
    expect((await outbox().settle()).parkedTotal).toBe(0);
    expect(tasks()).toHaveLength(1);
    expect(tasks()[0]!.properties.hs_task_subject).toBe('Ask for a testimonial');
    expect(server.writes('webhook.task.withdrawn')).toBe(1);
    expect(await db.syncJobs.count()).toBe(0);
  });

  it('is not held back by a task update parked before she objected', async () => {
    await sendActionsAsTasks(deps(), [thankJanneke.id]);
    await outbox().settle();
    // Done in Earshot, but the CRM refuses it: parked, waiting for a person.
    const [job] = await db.syncJobs.toArray();
    expect(job).toBeUndefined();
    await db.syncJobs.add({ id: 'job-parked', seq: 100, connector: 'hubspot', kind: 'upsert-task', personRef: `customer:${janneke.id}`, idempotencyKey: 'k', payload: { ...task, status: 'done' }, status: 'parked', attempts: 8, nextAttemptAt: clock, createdAt: clock, updatedAt: clock, lastError: 'refused' });
    await recordObjection(db, janneke.id, clock + 1);
    expect((await outbox().settle()).parkedTotal).toBe(0);
    expect(tasks()).toHaveLength(0);
  });
});
