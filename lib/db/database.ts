import Dexie, { type EntityTable, type Table } from 'dexie';
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
} from '../model';

export const DB_NAME = 'earshot';

/** Small records the app keeps about itself (import journal, fitted models, counters). */
export interface MetaRecord {
  key: string;
  value: unknown;
  updatedAt: number;
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

function applySchema(db: Dexie): void {
  db.version(1).stores(SCHEMA_V1);
}

export function openDatabase(name: string = DB_NAME): EarshotDatabase {
  return new EarshotDatabase(name);
}
