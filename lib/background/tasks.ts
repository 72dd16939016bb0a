/**
 * Next best actions as CRM tasks in the service worker: "Send to CRM" queues
 * them (in the user's language, as the to-do list shows them), and a later
 * done, snooze or reopen of a sent action queues the task's new status.
 */
import { changeAction, type ActionChange } from '../db/actions';
import type { EarshotDatabase } from '../db/database';
import { enqueueTasks } from '../db/outbox-queue';
import { actionCustomer } from '../crm/task-payload';
import { buildTaskPayload } from '../actions/as-task';
import { isPushConnector } from '../crm/connectors';
import { isDue } from '../actions/todo';
import { Action } from '../model';
import type { Text } from '../ui/text';

export interface TaskDeps {
  db: EarshotDatabase;
  now(): number;
  text(): Promise<Text>;
  syncQueued(): void;
}

export interface SentActions {
  /** Actions asked for that exist. */
  actions: number;
  /** Task jobs queued (one per action and connected CRM). */
  queued: number;
  /** Actions about captured people who are not customers: no CRM record to attach a task to. */
  notCustomers: number;
  connectors: string[];
}

async function storedActions(db: EarshotDatabase, ids: readonly string[] | undefined): Promise<Action[]> {
  const rows = ids ? await db.actions.bulkGet([...ids]) : await db.actions.toArray();
  return rows.flatMap((row) => {
    const parsed = Action.safeParse(row);
    return parsed.success ? [parsed.data] : [];
  });
}

/** Queue these actions (or every one on the list now) as tasks for the connected CRMs. */
export async function sendActionsAsTasks(deps: TaskDeps, ids: readonly string[] | undefined): Promise<SentActions> {
  const { db } = deps;
  const now = deps.now();
  const actions = (await storedActions(db, ids)).filter((a) => ids !== undefined || isDue(a, now));
  const connectors = (await db.connections.toArray()).map((c) => c.connector).filter(isPushConnector);
  const text = await deps.text();
  const tasks = actions.flatMap((action) => {
    const customerId = actionCustomer(action);
    return customerId === null ? [] : [buildTaskPayload(action, customerId, text, now)];
  });
  const queued = await enqueueTasks(db, tasks, now);
  if (queued > 0) deps.syncQueued();
  return { actions: actions.length, queued, notCustomers: actions.length - tasks.length, connectors };
}

/** Done, snooze or reopen; an action already sent as a task has the task's status follow. */
export async function changeActionAndTask(deps: TaskDeps, id: string, change: ActionChange): Promise<Action> {
  const action = await changeAction(deps.db, id, change, deps.now());
  const customerId = actionCustomer(action);
  if (action.sentAt !== undefined && customerId !== null) {
    const queued = await enqueueTasks(deps.db, [buildTaskPayload(action, customerId, await deps.text(), deps.now())], deps.now());
    if (queued > 0) deps.syncQueued();
  }
  return action;
}
