/**
 * A next best action as a CRM task: what to do (the subject), why with the
 * figures behind it and the expected value (the body), when (the due date)
 * and whether it is done. The words are composed when the task is queued, in
 * the user's language (lib/actions/as-task.ts), so the outbox sends what the
 * to-do list showed.
 *
 * One action is one task: its key depends only on the action, a marker with
 * that key ends the body, and connectors look for it before creating one.
 */
import { z } from '../zod';
import { ActionKind, ActionStatus, Timestamp, customerIdOf, type Action } from '../model';
import { stableKey } from '../text/fold';

export const TaskPayload = z.object({
  /** The same for every update of this task (lib/crm/task-payload.ts taskKey). */
  key: z.string().min(1).max(100),
  actionId: z.string().min(1).max(400),
  customerId: z.string().min(1),
  kind: ActionKind,
  subject: z.string().min(1).max(250),
  body: z.string().max(5000),
  dueDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  status: ActionStatus,
  expectedValue: z.number().finite(),
  currency: z.string().regex(/^[A-Z]{3}$/),
  link: z.string().optional(),
  changedAt: Timestamp,
});
export type TaskPayload = z.infer<typeof TaskPayload>;

/** The task's key from its action alone, so sending an action again finds the same task. */
export function taskKey(actionId: string): string {
  return stableKey('earshot-task', actionId);
}

/** Marks a task body as Earshot's, with the task's key. */
export const TASK_MARKER = 'earshot-task:';

/** The customer an action is about, or null for a captured person who is not a customer (no CRM record to attach to). */
export function actionCustomer(action: Pick<Action, 'personRef'>): string | null {
  return customerIdOf(action.personRef);
}

/** The body as a CRM stores it: the words, then the marker line a retry looks for. */
export function taskBodyWithMarker(task: TaskPayload): string {
  return `${task.body}\n${TASK_MARKER}${task.key}`;
}
