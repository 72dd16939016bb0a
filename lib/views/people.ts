/**
 * The workspace's people list: which people a search and filters select, in
 * which order, and the rows on screen. Selection and order come from index
 * keys only (key cursors over the people directory and the value indexes);
 * records are read for the rows on screen, so 100,000 people cost a few
 * arrays of strings, not the tables.
 */
import type { EarshotDatabase } from '../db/database';
import { readStats } from '../db/stats';
import type { PersonRow, PersonStatus, Platform } from '../model';
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
  /** A persona's id (lib/persona): its customers. */
  persona?: string;
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
  if (!isFiltered(query)) {
    const { total, inIndex } = await counts(db, query.sort);
    // Values lag the directory for a moment after a change, and customers nobody has seen online have no
    // followers or last-seen time: then the full order, which lists everybody.
    if (inIndex === total) {
      // Near the top, a window is read from the index by position; IndexedDB skips to a position one
      // entry at a time, so deeper down the whole order is read once and windows are slices of it.
      let whole: Promise<string[]> | undefined;
      return {
        total,
        window: (start, end) => (start < DEEP ? indexWindow(db, query.sort, start, end) : (whole ??= orderedRefs(db, query.sort)).then((refs) => refs.slice(start, end))),
      };
    }
  }
  const refs = await selectPeople(db, query);
  return { total: refs.length, window: async (start, end) => refs.slice(start, end) };
}

/**
 * The first screenful of an unfiltered list, straight from the sort's index,
 * without counting anyone: what the workspace shows the moment it opens, while
 * the full selection (with its count) is still being made. Null for a filtered
 * query, whose first rows depend on the whole selection.
 */
export async function firstPeople(db: EarshotDatabase, query: PeopleQuery, count: number): Promise<PersonListRow[] | null> {
  if (isFiltered(query)) return null;
  return peopleRows(db, await indexWindow(db, query.sort, 0, count));
}

function isFiltered(query: PeopleQuery): boolean {
  return searchWords(query.search ?? '').length > 0 || !!(query.platform || query.tag || query.status || query.segment || query.persona);
}

/**
 * How many people there are, and how many the sort's index holds: as the
 * service worker last counted them (counting in IndexedDB walks every record),
 * or counted now before it has.
 */
async function counts(db: EarshotDatabase, sort: PeopleSort): Promise<{ total: number; inIndex: number }> {
  const stats = await readStats(db);
  const held = (s: { people: number; valued: number; withFollowers: number; withLastSeen: number }) =>
    sort === 'name' ? s.people : sort === 'followers' ? s.withFollowers : sort === 'lastSeen' ? s.withLastSeen : s.valued;
  if (stats) return { total: stats.people, inIndex: held(stats) };
  const [people, valued, withFollowers, withLastSeen] = await Promise.all([
    db.people.count(),
    VALUE_SORTS.has(sort) ? db.values.count() : 0,
    sort === 'followers' ? db.people.where('followers').aboveOrEqual(-Infinity).count() : 0,
    sort === 'lastSeen' ? db.people.where('lastSeenAt').aboveOrEqual(-Infinity).count() : 0,
  ]);
  return { total: people, inIndex: held({ people, valued, withFollowers, withLastSeen }) };
}

const VALUE_SORTS = new Set<PeopleSort>(['engagement', 'financial', 'influence']);

/** Rows from the top that are read by position; below, from the whole order (read once). */
const DEEP = 2000;

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
  if (query.persona) filters.push(keys(db.personaMembers.where('persona').equals(query.persona).primaryKeys()));
  const sets = await Promise.all(filters);
  if (sets.length === 0) return orderedRefs(db, query.sort);
  // Intersect, smallest set first (a search word usually is).
  sets.sort((a, b) => a.length - b.length);
  let keep = new Set(sets[0]);
  for (const other of sets.slice(1)) {
    const next = new Set(other);
    keep = new Set([...keep].filter((r) => next.has(r)));
  }
  // A few thousand people are sorted by reading their own rows; more, by walking the sort's index.
  if (keep.size <= SORT_IN_MEMORY) return sortRefs(db, [...keep], query.sort);
  return (await orderedRefs(db, query.sort)).filter((r) => keep.has(r));
}

const SORT_IN_MEMORY = 5000;

/** Sort some refs as the index would: highest figure first (ties by ref, descending), names A-Z. */
async function sortRefs(db: EarshotDatabase, refs: string[], sort: PeopleSort): Promise<string[]> {
  const byRefDesc = (a: string, b: string) => (a < b ? 1 : a > b ? -1 : 0);
  if (sort === 'name') {
    const rows = await db.people.bulkGet(refs);
    const key = new Map(refs.map((r, i) => [r, rows[i]?.sortName ?? '']));
    return refs.filter((r) => key.has(r)).sort((a, b) => (key.get(a)! < key.get(b)! ? -1 : key.get(a)! > key.get(b)! ? 1 : a < b ? -1 : 1));
  }
  const figures =
    sort === 'followers' || sort === 'lastSeen'
      ? (await db.people.bulkGet(refs)).map((row) => (sort === 'followers' ? row?.followers : row?.lastSeenAt))
      : (await db.values.bulkGet(refs)).map((v) => v?.[sort]);
  const valued = refs.flatMap((r, i) => (figures[i] === undefined ? [] : [[r, figures[i]!] as const]));
  const rest = refs.filter((_, i) => figures[i] === undefined).sort();
  // As in the full order: people without the figure come last.
  return [...valued.sort((a, b) => b[1] - a[1] || byRefDesc(a[0], b[0])).map(([r]) => r), ...rest];
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
