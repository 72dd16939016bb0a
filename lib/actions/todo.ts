/**
 * The to-do list over time: a refresh of the proposals keeps what people did
 * with them (done stays done, a snooze holds until its day), and drops open
 * actions whose reason has gone. Done ones stay as the record of what was done.
 */
import type { Action } from '../model';
import type { ActionProposal } from './rules';

export interface TodoChanges {
  put: Action[];
  /** Ids of open or snoozed actions that no longer apply. */
  remove: string[];
}

export function refreshTodo(stored: readonly Action[], proposals: readonly ActionProposal[], now: number): TodoChanges {
  const byId = new Map(stored.map((a) => [a.id, a]));
  const proposed = new Set(proposals.map((p) => p.id));
  const put: Action[] = proposals.map((p) => {
    const old = byId.get(p.id);
    if (!old) return { ...p, status: 'open', createdAt: now, updatedAt: now };
    const { link: _link, ...kept } = old;
    return { ...kept, ...p, status: old.status, updatedAt: now };
  });
  const remove = stored.filter((a) => a.status !== 'done' && !proposed.has(a.id)).map((a) => a.id);
  return { put, remove };
}

/** Whether an action is on the list now: open, or snoozed until a moment that has come. */
export function isDue(action: Pick<Action, 'status' | 'snoozedUntil'>, now: number): boolean {
  return action.status === 'open' || (action.status === 'snoozed' && (action.snoozedUntil ?? 0) <= now);
}

export function markDone(action: Action, now: number): Action {
  const { snoozedUntil: _snoozed, ...rest } = action;
  return { ...rest, status: 'done', doneAt: now, updatedAt: now };
}

export function snooze(action: Action, until: number, now: number): Action {
  if (until <= now) throw new Error(`A snooze must end in the future (action ${action.id})`);
  const { doneAt: _done, ...rest } = action;
  return { ...rest, status: 'snoozed', snoozedUntil: until, updatedAt: now };
}

/** Back on the list (undo done or snooze). */
export function reopen(action: Action, now: number): Action {
  const { doneAt: _done, snoozedUntil: _snoozed, ...rest } = action;
  return { ...rest, status: 'open', updatedAt: now };
}
