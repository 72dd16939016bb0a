/**
 * The workspace's people list: which people a search and filters select, in
 * which order, and the rows on screen. Selection and order come from index
 * keys only (key cursors over the people directory and the value indexes);
 * records are read for the rows on screen, so 100,000 people cost a few
 * arrays of strings, not the tables.
 */
import type { EarshotDatabase } from '../db/database';
import type { PersonRow, PersonStatus } from '../db/people';
import type { Platform } from '../model';
import { searchWords } from '../text/search';
import type { CustomerValue, EngagementSegment, ProfileValue } from '../value';

export const PEOPLE_SORTS = ['engagement', 'financial', 'influence', 'followers', 'lastSeen', 'name'] as const;
export type PeopleSort = (typeof PEOPLE_SORTS)[number];

export interface PeopleQuery {
  search?: string;
  sort: PeopleSort;
  platform?: Platform;
  segment?: EngagementSegment;
  tag?: string;
  status?: PersonStatus;
}

/** A row on screen: the directory row with the person's figures. */
export interface PersonListRow extends PersonRow {
  segment: EngagementSegment | null;
  financial: number | null;
  influence: number | null;
  engagement: number | null;
  /** CLV or historical value, the financial figure people read first. */
  clv: number | null;
}

/** What a query selects: how many people, and the refs of any window of them in the query's order. */
export interface PeopleSelection {
  total: number;
  /** The refs at positions [start, end) of the ordered selection. */
  window(start: number, end: number): Promise<string[]>;
}

/**
 * Select people for the list. Without search or filters the order comes
 * straight from an index, a window at a time (opening the workspace reads
 * one screenful, whatever the number of people); with them, the matching
 * refs are found as key sets, intersected, and kept in order.
 */
export async function selectPeopleWindowed(db: EarshotDatabase, query: PeopleQuery): Promise<PeopleSelection> {
  const filtered = searchWords(query.search ?? '').length > 0 || query.platform || query.tag || query.status || query.segment;
  if (!filtered) {
    const [total, inIndex] = await Promise.all([db.people.count(), indexedCount(db, query.sort)]);
    // Values lag the directory for a moment after a change, and customers nobody has seen online have no
    // followers or last-seen time: then the full order, which lists everybody.
    if (inIndex === total) {
      return { total, window: (start, end) => indexWindow(db, query.sort, start, end) };
    }
  }
  const refs = await selectPeople(db, query);
  return { total: refs.length, window: async (start, end) => refs.slice(start, end) };
}

/** How many people the sort's index holds. */
function indexedCount(db: EarshotDatabase, sort: PeopleSort): Promise<number> {
  if (sort === 'name') return db.people.count();
  if (sort === 'followers' || sort === 'lastSeen') return db.people.where(sort === 'followers' ? 'followers' : 'lastSeenAt').aboveOrEqual(-Infinity).count();
  return db.values.count();
}

/** A window of the unfiltered order, read from the index by position (IndexedDB skips ahead in the index). */
async function indexWindow(db: EarshotDatabase, sort: PeopleSort, start: number, end: number): Promise<string[]> {
  const limit = Math.max(0, end - start);
  if (limit === 0) return [];
  if (sort === 'name') return keys(db.people.orderBy('sortName').offset(start).limit(limit).primaryKeys());
  if (sort === 'followers' || sort === 'lastSeen') return keys(db.people.orderBy(sort === 'followers' ? 'followers' : 'lastSeenAt').reverse().offset(start).limit(limit).primaryKeys());
  return keys(db.values.orderBy(sort).reverse().offset(start).limit(limit).primaryKeys());
}

/** The refs a query selects, in its order (highest first for figures, A-Z for names). */
export async function selectPeople(db: EarshotDatabase, query: PeopleQuery): Promise<string[]> {
  const filters: Promise<string[]>[] = [];
  for (const word of searchWords(query.search ?? '')) filters.push(keys(db.people.where('words').startsWith(word).primaryKeys()));
  if (query.platform) filters.push(keys(db.people.where('platforms').equals(query.platform).primaryKeys()));
  if (query.tag) filters.push(keys(db.people.where('tags').equals(query.tag.toLowerCase()).primaryKeys()));
  if (query.status) filters.push(keys(db.people.where('status').equals(query.status).primaryKeys()));
  if (query.segment) filters.push(keys(db.values.where('segment').equals(query.segment).primaryKeys()));
  const [ordered, ...sets] = await Promise.all([orderedRefs(db, query.sort), ...filters]);
  if (sets.length === 0) return ordered;
  // Intersect, smallest set first (a search word usually is).
  sets.sort((a, b) => a.length - b.length);
  let keep = new Set(sets[0]);
  for (const other of sets.slice(1)) {
    const next = new Set(other);
    keep = new Set([...keep].filter((r) => next.has(r)));
  }
  return ordered.filter((r) => keep.has(r));
}

async function keys(promise: Promise<unknown[]>): Promise<string[]> {
  return (await promise) as string[];
}

/**
 * Every directory ref in the sort's order. Ascending key lists reversed in
 * memory: IndexedDB hands over a whole key list at once only ascending.
 */
async function orderedRefs(db: EarshotDatabase, sort: PeopleSort): Promise<string[]> {
  if (sort === 'name') return keys(db.people.orderBy('sortName').primaryKeys());
  const index = sort === 'followers' || sort === 'lastSeen' ? db.people.orderBy(sort === 'followers' ? 'followers' : 'lastSeenAt') : db.values.orderBy(sort);
  const [byValue, all] = await Promise.all([keys(index.primaryKeys()), keys(db.people.toCollection().primaryKeys())]);
  const listed = new Set(all);
  const ordered = byValue.reverse().filter((r) => listed.has(r));
  // People the index does not hold (values not computed yet, never seen online) come last, not never.
  if (ordered.length < all.length) {
    const valued = new Set(ordered);
    for (const r of all) if (!valued.has(r)) ordered.push(r);
  }
  return ordered;
}

/** The rows for some refs (the ones on screen), in the same order; refs gone meanwhile are skipped. */
export async function peopleRows(db: EarshotDatabase, refs: readonly string[]): Promise<PersonListRow[]> {
  const [rows, values] = await Promise.all([db.people.bulkGet([...refs]), db.values.bulkGet([...refs])]);
  return rows.flatMap((row, i) => {
    if (!row) return [];
    const v = values[i];
    const clv = v?.kind === 'customer' ? (v.value as CustomerValue).prediction.clv.value : null;
    return [
      {
        ...row,
        segment: (v?.segment as EngagementSegment | undefined) ?? null,
        financial: v?.kind === 'customer' ? v.financial : null,
        influence: v ? (v.value as CustomerValue | ProfileValue).influence.score.value : null,
        engagement: v?.engagement ?? null,
        clv,
      },
    ];
  });
}

/** The filter choices that exist in the data: platforms and tags in use. */
export async function peopleFacets(db: EarshotDatabase): Promise<{ platforms: Platform[]; tags: string[] }> {
  const [platforms, tags] = await Promise.all([db.people.orderBy('platforms').uniqueKeys(), db.people.orderBy('tags').uniqueKeys()]);
  return { platforms: platforms as Platform[], tags: tags as string[] };
}
