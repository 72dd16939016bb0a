/**
 * Writing contacts' tags when other installs write them too (docs/team-sync.md,
 * "Writing without losing a teammate's write"). The outbox used to write the
 * whole tag list from what this install holds, removing a tag a teammate had
 * added since this install's last read-back. Now each write reads the
 * contact's tags first and merges three ways (lib/crm/team/tags.ts), then
 * reads again: if a teammate's write came in between and the tags are not
 * what was written, merge with theirs (the base being what was read) and
 * write again, as the decisions field is written (write-loop.ts). Where the
 * CRM gives the field's history (HubSpot; Pipedrive's changelog), the check also finds a teammate's
 * write made between our read and our write, which our write replaced while
 * leaving the field as we wrote it, and merges that in too.
 */
import { SyncError } from '../http';
import { mergeTags, sameTags } from './tags';
import { WRITE_ATTEMPTS } from './write-loop';
import { versionsMissed, type FieldVersion } from './history';

export interface TagWrite<T> {
  item: T;
  /** The tags this install holds. */
  local: readonly string[];
  /** The CRM's tags as this install last knew them (the three-way merge's base). */
  base: readonly string[];
}

/** A contact's tags now, and (where the CRM keeps one) the field's history, oldest first, ending with `tags`. */
export interface TagSnapshot {
  tags: string[];
  history?: FieldVersion<string[]>[];
}

export interface TagIo<T> {
  /** Each item's contact's tags now, by the item's key; a contact not in the CRM yet is absent. */
  read(items: readonly T[]): Promise<Map<string, TagSnapshot>>;
  /** Write the items with these tags; returns the keys written (the others failed, and say so themselves). */
  write(planned: readonly { item: T; tags: string[] }[]): Promise<Set<string>>;
}

interface Planned<T> {
  item: T;
  tags: string[];
  /** What the write was merged from, and which version of the history that was (null: none, or no history). */
  read: string[];
  readVersion: string | null;
}

/**
 * Our write merged with the teammates' writes the history shows between our
 * read and our write (a teammate's whole read-write-check can fit there, and
 * our write from the older read replaced it): each such value's change from
 * the one before it is applied again.
 */
function withMissedWrites<T>(p: Planned<T>, history: readonly FieldVersion<string[]>[] | undefined): string[] {
  let tags = p.tags;
  let before: readonly string[] = p.read;
  for (const missed of versionsMissed(history, p.readVersion, (v) => sameTags(v, p.tags))) {
    tags = mergeTags(missed, tags, before);
    before = missed;
  }
  return tags;
}

/** Writes every item; returns the keys whose contact kept changing (WRITE_ATTEMPTS writes), each with its error. */
export async function writeTagsChecked<T>(io: TagIo<T>, key: (item: T) => string, writes: readonly TagWrite<T>[]): Promise<Map<string, SyncError>> {
  let round = writes;
  let crm = await io.read(round.map((w) => w.item));
  for (let attempt = 0; attempt < WRITE_ATTEMPTS; attempt += 1) {
    const planned = round.map((w): Planned<T> => {
      const now = crm.get(key(w.item));
      return { item: w.item, tags: now === undefined ? [...w.local] : mergeTags(now.tags, w.local, w.base), read: now?.tags ?? [], readVersion: now?.history?.at(-1)?.id ?? null };
    });
    const written = await io.write(planned);
    const done = planned.filter((p) => written.has(key(p.item)));
    if (done.length === 0) return new Map();
    const after = await io.read(done.map((p) => p.item));
    // A teammate wrote after our read: what we wrote (with what we missed) is now our side, what we had read the base.
    const again = done.flatMap((p) => {
      const now = after.get(key(p.item));
      const local = withMissedWrites(p, now?.history);
      return sameTags(now?.tags ?? [], p.tags) && sameTags(local, p.tags) ? [] : [{ item: p.item, local, base: p.read }];
    });
    if (again.length === 0) return new Map();
    round = again;
    crm = after;
  }
  const error = new SyncError(`The tags kept changing while Earshot wrote them (${WRITE_ATTEMPTS} tries); they are written again at the next try.`, {
    kind: 'rejected',
    transient: true,
    mayHaveApplied: true,
  });
  return new Map(round.map((w) => [key(w.item), error]));
}
