/**
 * `earshot sync --tasks FILE`: the next best actions a user chose (JSON lines
 * of actions, as `earshot report --week W --actions FILE` writes them and the
 * user trims) as task items for the connectors, the extension's task payload
 * in the words of the chosen language.
 *
 * Idempotent without a database: each item's idempotency key is one per
 * action (its kind and person) and ISO week of sending, so running the same
 * command again that week repeats the same webhook event ids (the receiver
 * drops them) and HubSpot and Pipedrive find the task by its marker and update
 * it instead of making a second. A new week sends a new event for the same task.
 */
import { readJsonLines } from './jsonl';
import { warn } from './printable';
import type { CliIo } from './command';
import type { Source } from './source';
import { Action, mustNotProfile, type Customer } from '../model';
import { buildTaskPayload } from '../actions/as-task';
import { actionCustomer, taskKey } from '../crm/task-payload';
import type { DirectItem } from '../crm/deliver-direct';
import { dayOfTime, weekKey } from '../calendar/iso-week';
import type { Text } from '../ui/text';

export interface TaskItems {
  items: DirectItem[];
  /** Actions about captured people who are not customers: no CRM record to attach a task to. */
  notCustomers: number;
  /** Actions about customers who must not be profiled: never sent. */
  notProfiled: number;
}

/** The same key for the same action and person all week long. */
export function weeklyTaskKey(actionId: string, now: number): string {
  return `${taskKey(actionId)}-${weekKey(dayOfTime(now))}`;
}

export async function readTaskItems(io: CliIo, source: Source, customers: ReadonlyMap<string, Customer>, text: Text, now: number): Promise<TaskItems> {
  const out: TaskItems = { items: [], notCustomers: 0, notProfiled: 0 };
  const lines = readJsonLines(source, Action, { io, need: 'actions to send as tasks', unique: { field: 'id', of: (a) => a.id } });
  for await (const { value: action, line } of lines) {
    const customerId = actionCustomer(action);
    if (customerId === null) {
      out.notCustomers += 1;
      continue;
    }
    const customer = customers.get(customerId);
    if (!customer) {
      warn(io, `${source.name}:${line}: personRef: customer ${customerId} is not in the customers file; this line is skipped`);
      continue;
    }
    // Their choice comes first: an action is profiling, and no task about them leaves Earshot.
    if (mustNotProfile(customer)) {
      out.notProfiled += 1;
      continue;
    }
    const task = buildTaskPayload(action, customerId, text, now);
    const idempotencyKey = weeklyTaskKey(action.id, now);
    const target = { customerId, ...(customer.email ? { email: customer.email.trim() } : {}) };
    out.items.push({ kind: 'task', item: { key: `task:${task.key}`, idempotencyKey, target, retry: false, since: now, task } });
  }
  return out;
}
