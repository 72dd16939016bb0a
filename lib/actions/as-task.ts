/**
 * A next best action as the task a CRM receives (lib/crm/task-payload.ts),
 * in the words of the to-do list (./words.ts), composed when it is queued.
 */
import type { Action } from '../model';
import { taskKey, type TaskPayload } from '../crm/task-payload';
import type { Text } from '../ui/text';
import { actionReason, actionTitle } from './words';

/** An open action is due a week after it is sent: the weekly rhythm of the report it comes from. */
export const TASK_DUE_AFTER_MS = 7 * 86_400_000;

/** The task for an action about a customer, in the words of `text`. */
export function buildTaskPayload(action: Action, customerId: string, text: Text, now: number): TaskPayload {
  const sent = action.sentAt ?? now;
  const due = action.status === 'snoozed' && action.snoozedUntil !== undefined ? action.snoozedUntil : sent + TASK_DUE_AFTER_MS;
  const body = [actionReason(text, action), text.t('actions.expected', text.money(action.expectedValue, action.currency)), ...(action.link ? [action.link] : [])].join('\n');
  return {
    key: taskKey(action.id),
    actionId: action.id,
    customerId,
    kind: action.kind,
    subject: actionTitle(text, action.kind).slice(0, 250),
    body: body.slice(0, 5000),
    dueDate: new Date(due).toISOString().slice(0, 10),
    status: action.status,
    expectedValue: action.expectedValue,
    currency: action.currency,
    ...(action.link ? { link: action.link } : {}),
    changedAt: now,
  };
}
