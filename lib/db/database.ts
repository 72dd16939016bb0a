import Dexie, { type EntityTable, type Table } from 'dexie';
import { z } from '../zod';
import { MATCH_INDEX_META_KEY, writeIndexState } from './match-store';
import { metaKey, writeMeta, type HasMeta } from './meta';
import type { ValueRecord } from '../value';
import type { PersonaMember } from '../persona/types';
import type { ReportRow } from './reports';
import type {
  AuditEntry,
  Contribution,
  Customer,
  Match,
  Order,
  PageVisit,
  Profile,
  SyncJob,
  Tag,
  CrmConnection,
  Note,
  Action,
  TeamDecision,
  PersonRow,
} from '../model';

export const DB_NAME = 'earshot';

/** Small records the app keeps about itself (import journal, fitted models, counters). */
export interface MetaRecord {
  key: string;
  value: unknown;
  updatedAt: number;
}

/** A team decision as kept here: where it came from, and whether the CRM has it yet. */
export interface StoredTeamDecision extends TeamDecision {
  /** decisionKey(): the same decision read twice is one row. */
  key: string;
  /** 'local': made on this install; 'remote': read from the CRM. */
  origin: 'local' | 'remote';
  /** 1 once the CRM holds it (read back or written), 0 while it waits to be written. */
  shared: 0 | 1;
}

/** Rows of an import in progress; moved to their tables in one transaction on commit. */
export interface StagedRow {
  importId: string;
  line: number;
  table: 'customers' | 'orders';
  row: Customer | Order;
}

/**
 * Earshot's IndexedDB database, in the extension's origin only (service worker
 * and extension pages; never a content script, whose IndexedDB is the page's).
 *
 * Every schema change is a new version; old versions stay so that a browser
 * holding any earlier database upgrades step by step. Schema strings list only
 * indexed fields.
 */
export class EarshotDatabase extends Dexie {
  customers!: EntityTable<Customer, 'id'>;
  orders!: EntityTable<Order, 'id'>;
  profiles!: EntityTable<Profile, 'id'>;
  contributions!: EntityTable<Contribution, 'id'>;
  matches!: EntityTable<Match, 'profileId'>;
  tags!: EntityTable<Tag, 'id'>;
  syncJobs!: EntityTable<SyncJob, 'id'>;
  connections!: EntityTable<CrmConnection, 'connector'>;
  audit!: EntityTable<AuditEntry, 'seq'>;
  pages!: EntityTable<PageVisit, 'url'>;
  meta!: EntityTable<MetaRecord, 'key'>;
  staging!: Table<StagedRow, [string, number]>;
  /** The matcher's packed posting lists (lib/db/match-store/): one typed array per hash bucket. */
  matchBuckets!: Table<Uint32Array, number>;
  /** The matcher's compact customer records, a page of them per row. */
  matchPages!: Table<string, number>;
  /** Scratch space of an index build (emptied when the build ends). */
  matchSpill!: Table<Uint32Array, number>;
  /** Financial and influence value per person (lib/db/values.ts), recomputed when data changes. */
  values!: EntityTable<ValueRecord, 'personRef'>;
  /** The people directory the workspace lists and filters (lib/db/people.ts), derived from the tables above. */
  people!: EntityTable<PersonRow, 'ref'>;
  /** A community manager's note per person. */
  notes!: EntityTable<Note, 'personRef'>;
  /** Each customer's persona and offer (lib/db/personas.ts), recomputed after the values. */
  personaMembers!: EntityTable<PersonaMember, 'personRef'>;
  /** Next best actions, the workspace's to-do list (lib/db/actions.ts). */
  actions!: EntityTable<Action, 'id'>;
  /** The weekly reports made by schedule, the last few weeks (lib/db/reports.ts). */
  reports!: EntityTable<ReportRow, 'week'>;
  /** Decisions shared with teammates through the CRM, this install's and theirs (lib/db/team.ts). */
  teamDecisions!: EntityTable<StoredTeamDecision, 'key'>;

  constructor(name: string = DB_NAME) {
    super(name);
    applySchema(this);
  }
}

/** Version 1: the foundation. */
export const SCHEMA_V1 = {
  customers: '&id, updatedAt',
  orders: '&id, customerId, date',
  profiles: '&id, platform, lastSeenAt',
  contributions: '&id, profileId, lastSeenAt',
  // One current match per profile; customerId finds every profile of a customer.
  matches: '&profileId, customerId, status',
  tags: '&id, personRef, label',
  // Jobs run in seq order per person; [status+nextAttemptAt] finds what is due.
  syncJobs: '&id, &seq, [personRef+seq], [status+nextAttemptAt]',
  // Connected CRMs with their tokens: in IndexedDB, out of content scripts' reach.
  connections: '&connector',
  audit: '++seq, at, action',
  pages: '&url, capturedAt',
  meta: '&key',
  staging: '[importId+line], importId',
} as const;

/**
 * Version 2: the matcher's candidate index. Out-of-line number keys (the
 * index generation and the bucket or page number) and no secondary indexes:
 * the matcher reads rows by key only, so writing a million customers' index
 * costs a few hundred thousand puts instead of millions of index entries.
 */
export const SCHEMA_V2 = {
  matchBuckets: '',
  matchPages: '',
  matchSpill: '',
} as const;

export { MATCH_INDEX_META_KEY };

/** An upgrade's or a restore's tables, read for the meta table the writes below need. */
const metaOf = (tx: { table(name: string): Table }): HasMeta => ({ meta: tx.table('meta') });

function applySchema(db: Dexie): void {
  db.version(1).stores(SCHEMA_V1);
  db.version(2)
    .stores(SCHEMA_V2)
    .upgrade(async (tx) => {
      // Customers imported under version 1 are not in the matcher's index yet: say so, and
      // the service worker builds it (in the background, not inside this upgrade).
      const customers = await tx.table('customers').count();
      await writeIndexState(metaOf(tx), { state: 'stale', reason: 'upgrade', customers });
    });
  // Values are derived: the service worker computes them after the upgrade (pending work).
  db.version(3).stores(SCHEMA_V3);
  db.version(4)
    .stores(SCHEMA_V4)
    .upgrade(async (tx) => {
      // The directory is derived: say it must be built, and the service worker builds it.
      await markPeopleStale(metaOf(tx), 'upgrade');
    });
  // Version 5: personas (derived from the values: the next value run computes them), the to-do list, and
  // the directory's 'not-profiled' status (rebuilt from the data, as after version 4).
  db.version(5)
    .stores(SCHEMA_V5)
    .upgrade((tx) => markPeopleStale(metaOf(tx), 'upgrade'));
  // Version 6: the weekly reports made by schedule. A new table only; the first report is made when due.
  db.version(6).stores(SCHEMA_V6);
  // Version 7: decisions shared with the team through the CRM. A new table only; decisions already in the
  // matches are adopted as this install's at the next sync (lib/db/team.ts).
  db.version(7).stores(SCHEMA_V7);
}

/**
 * Version 3: each person's computed value. Indexed by the figures the
 * workspace sorts and filters 100,000 people by, so a view reads one page of
 * an index instead of the table.
 */
export const SCHEMA_V3 = {
  values: '&personRef, kind, segment, financial, influence, engagement',
} as const;

/**
 * Version 4: the people directory and notes. The directory's multi-entry
 * indexes (platforms, tags, words, profileIds) are what the workspace
 * filters and searches 100,000 people by, as key-only cursors.
 */
export const SCHEMA_V4 = {
  people: '&ref, sortName, status, followers, lastSeenAt, *platforms, *tags, *words, *profileIds',
  notes: '&personRef',
} as const;

/**
 * Version 5: each customer's persona and offer, indexed by persona so that the
 * workspace's People list filters by one as a key-only cursor; the to-do list
 * of next best actions, open ones read by expected value; and contributions by
 * date, so a week of reviews and posts is a range of an index instead of a
 * walk through every contribution (the weekly report).
 */
export const SCHEMA_V5 = {
  personaMembers: '&personRef, persona',
  actions: '&id, personRef, [status+expectedValue]',
  contributions: '&id, profileId, lastSeenAt, date',
} as const;

/** Version 6: the weekly reports made by schedule, by week (the newest found by the primary key's order). */
export const SCHEMA_V6 = {
  reports: '&week, createdAt',
} as const;

/**
 * Version 7: decisions shared with the team through the CRM. By customer (what
 * one contact's field holds), by profile (the merge rule looks across
 * customers), and by whether the CRM has them yet (what the next sync writes).
 */
export const SCHEMA_V7 = {
  teamDecisions: '&key, customerId, profileId, shared',
} as const;

/** The meta key saying the people directory must be rebuilt (after an upgrade or a restore). */
export const PEOPLE_META_KEY = 'people.directory';
export const PEOPLE_STALE = metaKey(PEOPLE_META_KEY, z.object({ state: z.literal('stale'), reason: z.string() }));

/** Say the people directory must be rebuilt (the worker does it, lib/db/people.ts). */
export async function markPeopleStale(db: HasMeta, reason: string): Promise<void> {
  await writeMeta(db, PEOPLE_STALE, { state: 'stale', reason }, Date.now());
}

export function openDatabase(name: string = DB_NAME): EarshotDatabase {
  return new EarshotDatabase(name);
}
