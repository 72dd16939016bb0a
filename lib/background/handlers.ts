/**
 * What the service worker does for each message, composed from one file per
 * job (captures, a person's decisions, data in and out, actions and reports,
 * personas). Dependencies come in as parameters (lib/background/handler-deps.ts),
 * so the handlers run in Node tests against fake-indexeddb.
 */
import { createActionHandlers } from './action-handlers';
import { createCaptureHandlers } from './capture-handlers';
import { createDataHandlers } from './data-handlers';
import type { BackgroundDeps } from './handler-deps';
import { createPersonHandlers } from './person-handlers';
import { createPersonaHandlers } from './personas';
import type { Handlers } from './router';

/** Messages about CRM connections and the outbox: handled in lib/background/sync.ts. */
export type SyncMessageType = 'crm/connect' | 'crm/disconnect' | 'crm/pull' | 'sync/run' | 'sync/retry';
export type CoreHandlers = Omit<Handlers, SyncMessageType>;

export function createHandlers(deps: BackgroundDeps): CoreHandlers {
  return {
    ...createPersonaHandlers({ db: deps.db, now: deps.now, syncQueued: deps.syncQueued }),
    ...createCaptureHandlers(deps),
    ...createPersonHandlers(deps),
    ...createDataHandlers(deps),
    ...createActionHandlers(deps),
  };
}
