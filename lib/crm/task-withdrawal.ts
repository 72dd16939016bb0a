/**
 * A task withdrawn: the customer objected (GDPR Art. 21) or their CRM now says
 * they must not be profiled after Earshot sent a next best action about them.
 * The task came from profiling them and says why (figures, segment), so it
 * leaves the CRM: HubSpot's task and Pipedrive's activity are deleted, the
 * webhook gets a `task.withdrawn` event (docs/webhook.md).
 *
 * The payload carries only what finds the task again (its key and the id each
 * CRM gave it), never the task's words: nothing of the profiling is sent again.
 * The outbox sends it after every job of that person queued before it.
 */
import { z } from '../zod';
import { Timestamp, type Action, type ConnectorId } from '../model';
import { taskKey } from './task-payload';

export const TaskWithdrawal = z.object({
  /** The task's key (lib/crm/task-payload.ts taskKey), as its body's marker carries it. */
  key: z.string().min(1).max(100),
  actionId: z.string().min(1).max(400),
  customerId: z.string().min(1),
  /** The task's id in this CRM when Earshot learnt it; else the task is looked for by its key. */
  taskId: z.string().min(1).max(200).optional(),
  changedAt: Timestamp,
});
export type TaskWithdrawal = z.infer<typeof TaskWithdrawal>;

/** The withdrawal of an action's task in one CRM, or null when it was never sent as a task. */
export function taskWithdrawal(action: Pick<Action, 'id' | 'sentAt' | 'crmTasks'>, customerId: string, connector: ConnectorId, now: number): TaskWithdrawal | null {
  if (action.sentAt === undefined && action.crmTasks?.[connector] === undefined) return null;
  const taskId = action.crmTasks?.[connector];
  return { key: taskKey(action.id), actionId: action.id, customerId, ...(taskId ? { taskId } : {}), changedAt: now };
}

/** The idempotency key of a withdrawal: one per task, so a resend is the same change. */
export function withdrawalKey(task: Pick<TaskWithdrawal, 'key'>): string {
  return `${task.key}-withdrawn`;
}
