/**
 * The handlers for what a person decides about someone: a match confirmed or
 * rejected, tags and a note, an erasure, an objection to being profiled.
 * Each change's CRM update is queued in the change's own transaction.
 */
import { isLinked, parsePersonRef, tagId } from '../model';
import { confirmMatch, rejectMatch } from '../db/match-writes';
import { recordObjection } from '../db/opt-out';
import { enqueueUpdates, syncTables } from '../db/outbox-queue';
import { refreshPeople, type PeopleChange } from '../db/people';
import { erasePerson } from '../db/privacy';
import { teamAuthorOf } from '../db/team';
import type { BackgroundDeps } from './handler-deps';
import type { Handlers } from './router';

export type PersonMessageType = 'match/confirm' | 'match/reject' | 'tag/add' | 'tag/remove' | 'note/set' | 'person/erase' | 'person/object';

export function createPersonHandlers(deps: BackgroundDeps): Pick<Handlers, PersonMessageType> {
  const { db } = deps;

  /** Change a person's tags and queue their CRM update in the same transaction. */
  async function changeTags(personRef: string, change: () => Promise<unknown>): Promise<void> {
    const queued = await db.transaction('rw', syncTables(db), async () => {
      await change();
      const customerId = await linkedCustomer(personRef);
      return customerId ? enqueueUpdates(db, [customerId], deps.now()) : 0;
    });
    if (queued > 0) deps.syncQueued();
    await refreshPeople(db, changeOf(personRef));
  }

  /** A person confirmed or rejected a link: the write (which queues its CRM updates), then what follows from it. */
  async function decide(profileId: string, write: (author: string, now: number) => Promise<number>): Promise<Record<string, never>> {
    const author = await teamAuthorOf(db, (await deps.settings()).teamAuthor, deps.newId);
    const queued = await write(author, deps.now());
    if (queued > 0) deps.syncQueued();
    // The workspace lists the link at once; values follow with the recorded work.
    await refreshPeople(db, { profileIds: [profileId] });
    await deps.dataChanged({ profiles: [profileId] });
    return {};
  }

  async function linkedCustomer(ref: string): Promise<string | null> {
    const parsed = parsePersonRef(ref);
    if (!parsed || parsed.kind === 'customer') return parsed?.id ?? null;
    const match = await db.matches.get(parsed.id);
    return match && isLinked(match) ? match.customerId : null;
  }

  return {
    'match/confirm': async ({ profileId, customerId, settles }) => decide(profileId, (author, now) => confirmMatch(db, { profileId, customerId, settles, author, now })),

    'match/reject': async ({ profileId, customerId, settles }) => decide(profileId, (author, now) => rejectMatch(db, { profileId, customerId, settles, author, now })),

    'tag/add': async ({ personRef, label }) => {
      await changeTags(personRef, () => db.tags.put({ id: tagId(personRef, label), personRef, label: label.trim(), createdAt: deps.now() }));
      return {};
    },

    'tag/remove': async ({ personRef, label }) => {
      await changeTags(personRef, () => db.tags.delete(tagId(personRef, label)));
      return {};
    },

    'note/set': async ({ personRef, text }) => {
      const trimmed = text.trim();
      if (trimmed) await db.notes.put({ personRef, text: trimmed, updatedAt: deps.now() });
      else await db.notes.delete(personRef);
      return {};
    },

    'person/erase': async ({ personRef, includeCustomerRecord }) => {
      // The CRM erasure is queued inside the erasure's transaction; the outbox is woken once it committed.
      const result = await erasePerson(db, personRef, { now: deps.now(), includeCustomerRecord });
      if (result.crmErasures > 0) deps.syncQueued();
      // Values are recomputed from what is left (a kept customer's lose the erased influence), which
      // also overwrites any figures a run already under way computed from before the erasure.
      await deps.dataChanged({ orders: true });
      return result;
    },

    'person/object': async ({ personRef }) => {
      const customerId = await linkedCustomer(personRef);
      if (customerId === null) throw new Error('only a customer can object here; a captured person who is not a customer is erased instead');
      const dropped = await recordObjection(db, customerId, deps.now());
      if (dropped.queued > 0) deps.syncQueued();
      // The profiles that were theirs are anyone's now: matched again, without them; and everyone is valued
      // again without them (they no longer shape the models and thresholds).
      await deps.dataChanged({ profiles: dropped.profileIds, orders: true });
      return { links: dropped.links, values: dropped.values, actions: dropped.actions, queued: dropped.queued };
    },
  };
}

/** The directory rows a change of one person's tags touches. */
function changeOf(personRef: string): PeopleChange {
  const parsed = parsePersonRef(personRef);
  if (!parsed) return {};
  return parsed.kind === 'customer' ? { customerIds: [parsed.id] } : { profileIds: [parsed.id] };
}
