/**
 * The handlers for the to-do list and the weekly report: next best actions
 * refreshed, changed or sent to the CRM as tasks, and a report marked seen.
 */
import { refreshActions } from '../db/actions';
import { markReportSeen } from '../db/reports';
import type { BackgroundDeps } from './handler-deps';
import type { Handlers } from './router';
import { changeActionAndTask, sendActionsAsTasks } from './tasks';

export type ActionMessageType = 'actions/refresh' | 'action/change' | 'actions/send' | 'report/seen';

export function createActionHandlers(deps: BackgroundDeps): Pick<Handlers, ActionMessageType> {
  const { db } = deps;

  return {
    'actions/refresh': async () => refreshActions(db, (await deps.settings()).value, deps.now()),

    'action/change': async ({ id, change }) => ({ status: (await changeActionAndTask(deps, id, change)).status }),

    'actions/send': async ({ ids }) => sendActionsAsTasks(deps, ids),

    'report/seen': async ({ week }) => ({ found: await markReportSeen(db, week, deps.now()) }),
  };
}
