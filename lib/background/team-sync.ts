/**
 * One team sync with one CRM (docs/team-sync.md): read back what every
 * Earshot install wrote on the contacts, apply the team's decisions and tags
 * here, then write this install's decisions the CRM does not hold yet. Read
 * first, so a write always merges with the newest the CRM had.
 */
import { customerRef, tagId, type ConnectorId, type TeamDecision } from '../model';
import type { EarshotDatabase } from '../db/database';
import { applyTeamDecisions, markShared, unsharedDecisions } from '../db/team';
import { refreshPeople } from '../db/people';
import { syncState } from '../db/sync-state';
import { readMeta, writeMeta } from '../db/meta';
import { createTeamChannel } from '../crm/connectors/team';
import type { ConnectionSettings, ConnectorDeps } from '../crm/connectors/types';
import type { TeamRecord } from '../crm/connectors/team-types';
import { DecisionFieldError, decodeDecisions } from '../crm/team/codec';
import { mergeTags } from '../crm/team/tags';
import { isSyncError } from '../crm/http';

export interface TeamSyncReport {
  /** Contacts read back that are customers here. */
  contacts: number;
  /** Decisions new to this install. */
  received: number;
  /** Profiles whose match the team's decisions changed. */
  profileIds: string[];
  conflicts: number;
  /** Customers whose tags changed here. */
  tagged: string[];
  /** Customers whose CRM record says not to profile them, newly marked so here. */
  optedOut: string[];
  /** Decisions of this install now held by the CRM. */
  written: number;
  /** What could not be read or written, each naming the contact or customer and the field. */
  problems: string[];
}

interface TeamSyncInput {
  db: EarshotDatabase;
  connector: ConnectorId;
  connection: ConnectionSettings;
  deps: ConnectorDeps;
  author: string;
}

/** Null when this CRM does not share team decisions. */
export async function runTeamSync(input: TeamSyncInput): Promise<TeamSyncReport | null> {
  const { db, connector } = input;
  const channel = createTeamChannel(connector, input.connection, input.deps);
  if (!channel) return null;
  await channel.prepare();
  const report: TeamSyncReport = { contacts: 0, received: 0, profileIds: [], conflicts: 0, tagged: [], optedOut: [], written: 0, problems: [] };
  const records = new Map<string, TeamRecord>();
  const read: TeamDecision[] = [];
  let cursor: string | null = null;
  do {
    const page = await channel.readPage(cursor);
    report.problems.push(...page.problems.map((p) => `contact ${p.crmId}, field ${p.field}: ${p.message}`));
    for (const record of page.records) {
      const customerId = await localCustomer(db, record);
      if (customerId === null) continue;
      // Read as each page comes: a receiver's records of one customer may span pages.
      read.push(...decisionsOf(record, customerId, channel.decisionsField, report.problems));
      records.set(customerId, record);
    }
    cursor = page.next;
  } while (cursor);
  report.contacts = records.size;

  report.optedOut = await markNotProfiled(db, [...records].flatMap(([customerId, record]) => (record.doNotProfile ? [customerId] : [])), input.deps.now());
  const applied = await applyTeamDecisions(db, read, input.author);
  report.received = applied.added;
  report.profileIds = applied.profileIds;
  report.conflicts = applied.conflicts.length;
  for (const [customerId, record] of records) {
    if (record.tags && (await applyTags(db, connector, customerId, record.tags, input.deps.now()))) report.tagged.push(customerId);
  }

  for (const [customerId, decisions] of await unsharedDecisions(db)) {
    const crmId = channel.customersAreContacts ? customerId : (records.get(customerId)?.crmId ?? (await readMeta(db, syncState(connector, customerId)))?.crmId);
    // Not in the CRM yet: the outbox creates the contact, and the next sync writes these.
    if (!crmId) continue;
    try {
      await channel.writeDecisions({ crmId, customerId }, decisions);
      await markShared(db, decisions);
      report.written += decisions.length;
    } catch (error) {
      if (!isSyncError(error) && !(error instanceof DecisionFieldError)) throw error;
      report.problems.push(`customer ${customerId}: ${error.message}`);
    }
  }
  if (report.profileIds.length > 0 || report.tagged.length > 0) {
    await refreshPeople(db, { profileIds: report.profileIds, customerIds: report.tagged });
  }
  return report;
}

/** A record's decisions about the customer here; lines of a field that cannot be read go to problems, naming contact, field and line. */
function decisionsOf(record: TeamRecord, customerId: string, field: string, problems: string[]): TeamDecision[] {
  const decoded = decodeDecisions(customerId, record.decisionsText);
  problems.push(...decoded.problems.map((p) => `contact ${record.crmId} (customer ${customerId}), field ${field} line ${p.line} (${p.field}): ${p.message}`));
  return [...decoded.decisions, ...(record.decisions ?? []).map((d) => ({ ...d, customerId }))];
}

/** The customer here a contact is: Earshot's id written on it, or the CRM's own id for pulled customers. */
async function localCustomer(db: EarshotDatabase, record: TeamRecord): Promise<string | null> {
  for (const id of [record.customerId, record.crmId]) if (id && (await db.customers.get(id))) return id;
  return null;
}

/**
 * The CRM says these customers must not be profiled (a teammate recorded an
 * objection, or the shop did): marked so here, never unmarked. The caller's
 * customer refresh then drops what was held about them, as after a pull.
 */
async function markNotProfiled(db: EarshotDatabase, customerIds: readonly string[], now: number): Promise<string[]> {
  return db.transaction('rw', [db.customers], async () => {
    const customers = await db.customers.bulkGet([...customerIds]);
    const fresh = customers.filter((c): c is NonNullable<typeof c> => c !== undefined && c.doNotProfile !== true);
    await db.customers.bulkPut(fresh.map((c) => ({ ...c, doNotProfile: true, updatedAt: now })));
    return fresh.map((c) => c.id);
  });
}

/** Three-way merge of one customer's tags; the CRM's tags become the base of the next merge. True when tags here changed. */
async function applyTags(db: EarshotDatabase, connector: ConnectorId, customerId: string, crmTags: readonly string[], now: number): Promise<boolean> {
  const ref = customerRef(customerId);
  return db.transaction('rw', [db.tags, db.meta], async () => {
    const key = syncState(connector, customerId);
    const state = (await readMeta(db, key)) ?? { noted: [], sentTags: [] };
    const local = await db.tags.where('personRef').equals(ref).toArray();
    const merged = mergeTags(crmTags, local.map((t) => t.label), state.sentTags);
    const wanted = new Set(merged.map((t) => t.toLowerCase()));
    const have = new Set(local.map((t) => t.label.toLowerCase()));
    const added = merged.filter((t) => !have.has(t.toLowerCase()));
    const removed = local.filter((t) => !wanted.has(t.label.toLowerCase()));
    await db.tags.bulkPut(added.map((label) => ({ id: tagId(ref, label), personRef: ref, label, createdAt: now })));
    await db.tags.bulkDelete(removed.map((t) => t.id));
    await writeMeta(db, key, { ...state, sentTags: [...crmTags] }, now);
    return added.length > 0 || removed.length > 0;
  });
}
