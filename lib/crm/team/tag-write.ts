/**
 * Writing contacts' tags when other installs write them too (docs/team-sync.md,
 * "Writing without losing a teammate's write"). The outbox used to write the
 * whole tag list from what this install holds, removing a tag a teammate had
 * added since this install's last read-back. Now each write reads the
 * contact's tags first and merges three ways (lib/crm/team/tags.ts), then
 * reads again: if a teammate's write came in between and the tags are not
 * what was written, merge with theirs (the base being what was read) and
 * write again, as the decisions field is written (write-loop.ts).
 */
import { SyncError } from '../http';
import { mergeTags, sameTags } from './tags';
import { WRITE_ATTEMPTS } from './write-loop';

export interface TagWrite<T> {
  item: T;
  /** The tags this install holds. */
  local: readonly string[];
  /** The CRM's tags as this install last knew them (the three-way merge's base). */
  base: readonly string[];
}

export interface TagIo<T> {
  /** Each item's contact's tags now, by the item's key; a contact not in the CRM yet is absent. */
  read(items: readonly T[]): Promise<Map<string, string[]>>;
  /** Write the items with these tags; returns the keys written (the others failed, and say so themselves). */
  write(planned: readonly { item: T; tags: string[] }[]): Promise<Set<string>>;
}

/** Writes every item; returns the keys whose contact kept changing (WRITE_ATTEMPTS writes), each with its error. */
export async function writeTagsChecked<T>(io: TagIo<T>, key: (item: T) => string, writes: readonly TagWrite<T>[]): Promise<Map<string, SyncError>> {
  let round = writes;
  let crm = await io.read(round.map((w) => w.item));
  for (let attempt = 0; attempt < WRITE_ATTEMPTS; attempt += 1) {
    const planned = round.map((w) => {
      const now = crm.get(key(w.item));
      return { item: w.item, tags: now === undefined ? [...w.local] : mergeTags(now, w.local, w.base), read: now ?? [] };
    });
    const written = await io.write(planned);
    const done = planned.filter((p) => written.has(key(p.item)));
    if (done.length === 0) return new Map();
    const after = await io.read(done.map((p) => p.item));
    const overwritten = done.filter((p) => !sameTags(after.get(key(p.item)) ?? [], p.tags));
    if (overwritten.length === 0) return new Map();
    // A teammate wrote after our read: what we wrote is now our side, what we had read the base.
    round = overwritten.map((p) => ({ item: p.item, local: p.tags, base: p.read }));
    crm = after;
  }
  const error = new SyncError(`The tags kept changing while Earshot wrote them (${WRITE_ATTEMPTS} tries); they are written again at the next try.`, {
    kind: 'rejected',
    transient: true,
    mayHaveApplied: true,
  });
  return new Map(round.map((w) => [key(w.item), error]));
}
