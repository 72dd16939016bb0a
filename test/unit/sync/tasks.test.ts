/**
 * Next best actions as CRM tasks (issue 21): HubSpot tasks associated with the
 * contact, Pipedrive activities of type task on the person, the webhook's task
 * event; through the outbox, one task per action however often it is sent, its
 * status following done / snooze in Earshot, its id kept on the action; none
 * for a customer who must not be profiled.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EarshotDatabase } from '../../../lib/db/database';
import { deleteDatabase, openFreshDatabase } from '../fresh-db';
import { createHubSpotConnector } from '../../../lib/crm/connectors/hubspot';
import { createWebhookConnector } from '../../../lib/crm/connectors/webhook';
import { buildTaskPayload } from '../../../lib/actions/as-task';
import { taskKey, type TaskPayload } from '../../../lib/crm/task-payload';
import { changeActionAndTask, sendActionsAsTasks, type TaskDeps } from '../../../lib/background/tasks';
import { cliText } from '../../../lib/cli/locales';
import { actionId } from '../../../lib/model';
import { startCrmServer, type CrmServer } from '../../crm-server/server';
import { T0, anna, askAnna, annaLink, eraseItem, httpDeps, janneke, jannekeLink, outboxOnClock, personItem, personOf, pieter, pipedriveWithJanneke, taskItem, thankJanneke, withServer } from './fixtures';

const english = cliText('en');


function clean(server: CrmServer) {
  expect(server.violations).toEqual([]);
  expect(server.responseViolations).toEqual([]);
}

describe('the task of an action', () => {
  it('says what to do, why with the figures, its expected value, when it is due and its status; its key depends on the action only', () => {
    const task = buildTaskPayload(thankJanneke, janneke.id, english, T0);
    expect(task).toMatchObject({ actionId: thankJanneke.id, customerId: janneke.id, kind: 'thank-champion', subject: 'Thank and involve this Champion', status: 'open', dueDate: '2026-11-27' });
    expect(task.body).toBe('A Champion: net value €413, influence 71 of 100, engagement value €980.\nExpected value €49');
    expect(task.key).toBe(taskKey(thankJanneke.id));
    expect(buildTaskPayload({ ...thankJanneke, status: 'done', figures: {} }, janneke.id, english, T0 + 5).key).toBe(task.key);
    expect(taskKey(actionId('thank-champion', `customer:${anna.id}`))).not.toBe(task.key);
    // Snoozed: due when the snooze ends.
    expect(buildTaskPayload({ ...thankJanneke, status: 'snoozed', snoozedUntil: Date.UTC(2026, 11, 24) }, janneke.id, english, T0).dueDate).toBe('2026-12-24');
  });
});

describe('HubSpot', () => {
  it('creates a task associated with the contact, finds it again instead of making a second, and updates its status', async () => {
    await withServer(async (server) => {
      const hubspot = createHubSpotConnector({ settings: { baseUrl: server.url }, secret: 'pat-test-token' }, httpDeps());
      await hubspot.connect();
      await hubspot.pushPersons([personItem('j1', personOf(janneke, [jannekeLink], [])), personItem('a1', personOf(anna, [annaLink], []))]);
      const contactId = Object.values(server.state.hubspot.contacts).find((c) => c.properties.email === janneke.email)!.id;
      const task = buildTaskPayload(thankJanneke, janneke.id, english, T0);

      const first = await hubspot.pushTasks([taskItem('t1', task)]);
      const tasks = () => Object.values(server.state.hubspot.tasks ?? {});
      expect(tasks()).toHaveLength(1);
      const [created] = tasks();
      expect(first.get('t1')).toEqual({ ok: true, crmId: contactId, taskId: created!.id });
      expect(created!.contactIds).toEqual([contactId]);
      expect(created!.properties).toMatchObject({ hs_task_subject: 'Thank and involve this Champion', hs_task_status: 'NOT_STARTED', hs_task_type: 'TODO', hs_timestamp: '2026-11-27T12:00:00.000Z' });
      expect(created!.properties.hs_task_body).toContain('net value €413');
      expect(server.requests.some((r) => r.operationId === 'createTasks')).toBe(true);

      // Sent again without its id (forgotten, or a retry after a timeout): found by its key, not made twice.
      expect((await hubspot.pushTasks([taskItem('t2', task, { retry: true })])).get('t2')).toMatchObject({ ok: true, taskId: created!.id });
      expect(tasks()).toHaveLength(1);

      // Done in Earshot: the same task is completed.
      const done = buildTaskPayload({ ...thankJanneke, status: 'done' }, janneke.id, english, T0 + 1);
      expect((await hubspot.pushTasks([taskItem('t3', done, { taskId: created!.id })])).get('t3')).toEqual({ ok: true, taskId: created!.id });
      expect(tasks()).toHaveLength(1);
      expect(tasks()[0]!.properties.hs_task_status).toBe('COMPLETED');
      expect(server.writes('hubspot.task.created')).toBe(1);

      // An erasure removes Earshot's task with the rest of what it wrote; a task of the shop's own stays.
      server.state.hubspot.tasks![String(9_999)] = { id: '9999', properties: { hs_task_subject: 'Call back', hs_task_body: 'their own' }, contactIds: [contactId], createdAt: '2026-11-20T09:30:00.000Z', updatedAt: '2026-11-20T09:30:00.000Z' };
      expect((await hubspot.erasePersons([eraseItem('e1', janneke)])).get('e1')).toEqual({ ok: true });
      expect(tasks().map((t) => t.id)).toEqual(['9999']);
      clean(server);
    });
  });

  it('says so when the customer has no contact to give the task to', async () => {
    await withServer(async (server) => {
      const hubspot = createHubSpotConnector({ settings: { baseUrl: server.url }, secret: 'pat-test-token' }, httpDeps());
      await hubspot.connect();
      const out = await hubspot.pushTasks([taskItem('t1', buildTaskPayload(thankJanneke, janneke.id, english, T0))]);
      const outcome = out.get('t1');
      expect(outcome?.ok).toBe(false);
      if (outcome && !outcome.ok) expect(outcome.error.message).toBe('HubSpot has no contact for customer C-1001 to give the task to.');
      clean(server);
    });
  });
});

describe('Pipedrive', () => {
  it('creates an activity of type task on the person, finds it again, and sets its done flag', async () => {
    await withServer(async (server) => {
      const { pipedrive, personId, target } = await pipedriveWithJanneke(server);
      const task = buildTaskPayload(thankJanneke, janneke.id, english, T0);

      const out = await pipedrive.pushTasks([taskItem('t1', task, { target })]);
      const activities = () => Object.values(server.state.pipedrive.activities ?? {});
      expect(activities()).toHaveLength(1);
      const [activity] = activities();
      expect(out.get('t1')).toEqual({ ok: true, crmId: String(personId), taskId: String(activity!.id) });
      expect(activity).toMatchObject({ type: 'task', person_id: personId, subject: 'Thank and involve this Champion', due_date: '2026-11-27', done: false });

      await pipedrive.pushTasks([taskItem('t2', task, { target, retry: true })]);
      expect(activities()).toHaveLength(1);

      const done = buildTaskPayload({ ...thankJanneke, status: 'done' }, janneke.id, english, T0 + 1);
      await pipedrive.pushTasks([taskItem('t3', done, { target, taskId: String(activity!.id) })]);
      expect(activities()).toHaveLength(1);
      expect(activities()[0]!.done).toBe(true);

      // An erasure removes Earshot's task.
      await pipedrive.erasePersons([eraseItem('e1', janneke, [], { target })]);
      expect(activities()).toHaveLength(0);
      clean(server);
    });
  });
});

describe('the webhook', () => {
  it('delivers a task event per change, as its description allows', async () => {
    await withServer(async (server) => {
      const hook = createWebhookConnector({ settings: { url: `${server.url}/hooks/earshot` }, secret: 'whsec-test-0123456789abcdef' }, httpDeps());
      const task = buildTaskPayload(thankJanneke, janneke.id, english, T0);
      expect((await hook.pushTasks([taskItem('t1', task)])).get('t1')).toEqual({ ok: true });
      expect((await hook.pushTasks([taskItem('t2', { ...task, status: 'done' })])).get('t2')).toEqual({ ok: true });
      const events = Object.values(server.state.webhook.events).map((e) => e.event);
      expect(events.map((e) => [e.type, (e.task as TaskPayload).key, (e.task as TaskPayload).status])).toEqual([
        ['task', task.key, 'open'],
        ['task', task.key, 'done'],
      ]);
      clean(server);
    });
  });
});

describe('through the outbox', () => {
  let db: EarshotDatabase;
  let server: CrmServer;
  let clock: number;
  let deps: TaskDeps;
  let queuedSignals: number;

  const outbox = () => outboxOnClock(db, () => clock, (ms) => (clock += ms));
  const tasks = () => Object.values(server.state.hubspot.tasks ?? {});
  const contactOf = (customerId: string) => Object.values(server.state.hubspot.contacts).find((c) => c.properties.earshot_customer_id === customerId);

  beforeEach(async () => {
    clock = T0;
    queuedSignals = 0;
    server = await startCrmServer({ now: () => clock });
    db = await openFreshDatabase('tasks');
    await db.customers.bulkPut([janneke, anna, { ...pieter, doNotProfile: true }]);
    await db.actions.bulkPut([
      thankJanneke,
      askAnna,
      // Queued before Pieter objected (actions of such customers are dropped, but one may be on its way).
      { ...thankJanneke, id: actionId('thank-champion', `customer:${pieter.id}`), personRef: `customer:${pieter.id}` },
      { ...thankJanneke, id: actionId('invite-advocate', 'profile:instagram:somebody'), personRef: 'profile:instagram:somebody', kind: 'invite-advocate' },
    ]);
    await db.connections.put({ connector: 'hubspot', settings: { baseUrl: server.url }, secret: 'pat-test-token', connectedAt: T0 });
    await createHubSpotConnector({ settings: { baseUrl: server.url }, secret: 'pat-test-token' }, httpDeps()).connect();
    deps = { db, now: () => clock, text: async () => english, syncQueued: () => void (queuedSignals += 1) };
  });

  afterEach(async () => {
    clean(server);
    await server.stop();
    await deleteDatabase(db);
  });

  it('sends an action as one task on the right contact, keeps its id, and completes it when done in Earshot', async () => {
    const sent = await sendActionsAsTasks(deps, [thankJanneke.id]);
    expect(sent).toEqual({ actions: 1, queued: 1, notCustomers: 0, connectors: ['hubspot'] });
    expect(queuedSignals).toBe(1);
    // Never sent before: her contact is written first, then the task.
    expect((await db.syncJobs.orderBy('seq').toArray()).map((j) => j.kind)).toEqual(['upsert-person', 'upsert-task']);
    expect((await outbox().settle()).parkedTotal).toBe(0);
    expect(tasks()).toHaveLength(1);
    expect(tasks()[0]!.contactIds).toEqual([contactOf(janneke.id)!.id]);
    const stored = await db.actions.get(thankJanneke.id);
    expect(stored?.crmTasks).toEqual({ hubspot: tasks()[0]!.id });
    expect(stored?.sentAt).toBe(T0);

    // Sent again: still one task.
    clock += 60_000;
    await sendActionsAsTasks(deps, [thankJanneke.id]);
    await outbox().settle();
    expect(tasks()).toHaveLength(1);

    // Done in Earshot: after the next sync the task is completed.
    clock += 60_000;
    await changeActionAndTask(deps, thankJanneke.id, 'done');
    expect(tasks()[0]!.properties.hs_task_status).toBe('NOT_STARTED');
    await outbox().settle();
    expect(tasks()).toHaveLength(1);
    expect(tasks()[0]!.properties.hs_task_status).toBe('COMPLETED');

    // Snoozed after reopening: deferred, due when the snooze ends.
    await changeActionAndTask(deps, thankJanneke.id, 'reopen');
    await changeActionAndTask(deps, thankJanneke.id, 'snooze');
    await outbox().settle();
    expect(tasks()[0]!.properties).toMatchObject({ hs_task_status: 'DEFERRED', hs_timestamp: `${new Date(clock + 7 * 86_400_000).toISOString().slice(0, 10)}T12:00:00.000Z` });
    expect(server.writes('hubspot.task.created')).toBe(1);
  });

  it('sends every open action of a customer, none for one who must not be profiled, and keeps the not-customers here', async () => {
    const sent = await sendActionsAsTasks(deps, undefined);
    expect(sent).toEqual({ actions: 4, queued: 2, notCustomers: 1, connectors: ['hubspot'] });
    await outbox().settle();
    expect(tasks().map((t) => t.contactIds[0]).sort()).toEqual([contactOf(janneke.id)!.id, contactOf(anna.id)!.id].sort());
    expect(contactOf(pieter.id)).toBeUndefined();
    expect(tasks().some((t) => t.properties.hs_task_body?.includes(pieter.id))).toBe(false);
  });

  it('drops a task queued before the customer objected', async () => {
    await sendActionsAsTasks(deps, [thankJanneke.id]);
    await db.customers.update(janneke.id, { objectedAt: T0 + 1 });
    await outbox().settle();
    expect(tasks()).toHaveLength(0);
  });

  it('queues nothing and says so when no CRM is connected', async () => {
    await db.connections.clear();
    expect(await sendActionsAsTasks(deps, undefined)).toEqual({ actions: 4, queued: 0, notCustomers: 1, connectors: [] });
    expect(await db.syncJobs.count()).toBe(0);
    expect((await db.actions.get(thankJanneke.id))?.sentAt).toBeUndefined();
  });
});
