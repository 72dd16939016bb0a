/**
 * What Earshot remembers per person and CRM, in the meta table: the
 * person's id in that CRM, the notes queued and the tags written. The outbox
 * queue updates it when it enqueues, the outbox engine when a CRM answers.
 */
import type { ConnectorId } from '../model';
import { z } from '../zod';
import type { EarshotDatabase } from './database';
import { metaFamily, readFamily, readMetaMany, writeMetaMany, deleteMeta, type MetaKey } from './meta';

/** Strings only; anything else in a stored list is dropped (storage is a boundary, and these lists only grow). */
const Strings = z
  .array(z.unknown())
  .catch([])
  .transform((xs) => xs.filter((x): x is string => typeof x === 'string'));

/** Read defensively: a state of an older or damaged shape keeps what still reads, never stops a sync. */
export const SyncState = z
  .object({
    /** The person's record id in that CRM, learnt from the first successful push. */
    crmId: z.string().optional().catch(undefined),
    /** Profiles a note was queued for (one note per linked profile). */
    noted: Strings,
    /** Tags Earshot has written (a CRM with shared labels removes only these). */
    sentTags: Strings,
  })
  .catch({ noted: [], sentTags: [] });
export type SyncState = z.output<typeof SyncState>;
type SyncStateKey = MetaKey<typeof SyncState>;

const SYNC_STATES = metaFamily('sync:', SyncState);
/**
 * What a CRM disconnected since still holds of a customer (their sync state
 * as it was): an erasure queues the removal for it too, sent once it is
 * connected again.
 */
const HELD_STATES = metaFamily('held:', SyncState);

export const syncState = (connector: ConnectorId, customerId: string): SyncStateKey => SYNC_STATES.of(connector, customerId);
export const heldState = (connector: ConnectorId, customerId: string): SyncStateKey => HELD_STATES.of(connector, customerId);
/** The stored keys, for maps of states and for tests. */
export const syncStateKey = (connector: ConnectorId, customerId: string) => syncState(connector, customerId).key;
export const heldStateKey = (connector: ConnectorId, customerId: string) => heldState(connector, customerId).key;

/** The states that exist among these, by key. */
export function getStates(db: EarshotDatabase, keys: readonly SyncStateKey[]): Promise<Map<string, SyncState>> {
  return readMetaMany(db, keys).then((entries) => new Map(entries.flatMap((e) => (e ? [[e.key, e.value] as const] : []))));
}

/**
 * A CRM was disconnected: its states go (a reconnect sends everyone again), but
 * what it holds is remembered per customer, so erasing one of them later still
 * reaches it once it is connected again. The customers in `keep` (erasures still
 * queued for it) keep their state as it is. Run inside a transaction over meta.
 */
export function holdStates(db: EarshotDatabase, connector: ConnectorId, keep: ReadonlySet<string>): Promise<void> {
  // Chained on Dexie's promises (no async function): the caller's transaction carries on after it.
  return readFamily(db, SYNC_STATES, `${connector}:`).then((all) => {
    const states = all.filter((s) => !keep.has(s.suffix.slice(connector.length + 1)));
    return writeMetaMany(
      db,
      states.map((s) => ({ key: HELD_STATES.of(s.suffix), value: s.value, updatedAt: s.updatedAt })),
    ).then(() => deleteMeta(db, ...states.map((s) => SYNC_STATES.of(s.suffix))));
  });
}
