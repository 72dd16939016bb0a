/**
 * What Earshot remembers per person and CRM, in the meta table: the
 * person's id in that CRM, the notes queued and the tags written. The outbox
 * queue updates it when it enqueues, the outbox engine when a CRM answers.
 */
import type { ConnectorId } from '../model';
import type { EarshotDatabase } from './database';

export interface SyncState {
  /** The person's record id in that CRM, learnt from the first successful push. */
  crmId?: string;
  /** Profiles a note was queued for (one note per linked profile). */
  noted: string[];
  /** Tags Earshot has written (a CRM with shared labels removes only these). */
  sentTags: string[];
}

const STATE_PREFIX = 'sync:';
export const syncStateKey = (connector: ConnectorId, customerId: string) => `${STATE_PREFIX}${connector}:${customerId}`;
/**
 * What a CRM disconnected since still holds of a customer (their sync state
 * as it was): an erasure queues the removal for it too, sent once it is
 * connected again.
 */
export const heldStateKey = (connector: ConnectorId, customerId: string) => `held:${connector}:${customerId}`;

/** A stored sync state, read defensively (storage is a boundary). */
export function readSyncState(value: unknown): SyncState {
  const v = (value ?? {}) as Partial<SyncState>;
  return {
    ...(typeof v.crmId === 'string' ? { crmId: v.crmId } : {}),
    noted: Array.isArray(v.noted) ? v.noted.filter((x): x is string => typeof x === 'string') : [],
    sentTags: Array.isArray(v.sentTags) ? v.sentTags.filter((x): x is string => typeof x === 'string') : [],
  };
}

export async function getStates(db: EarshotDatabase, keys: readonly string[]): Promise<Map<string, SyncState>> {
  const rows = await db.meta.bulkGet([...keys]);
  return new Map(keys.flatMap((k, i) => (rows[i] ? [[k, readSyncState(rows[i]!.value)] as const] : [])));
}
