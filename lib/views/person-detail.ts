/**
 * One person as the workspace shows them: the CRM record with its order
 * history, every profile linked to them with its contributions and the
 * match behind the link, their tags and note, their computed value with the
 * run's models, and what was sent to the CRM about them.
 */
import type { EarshotDatabase } from '../db/database';
import { loadPerson, resolvePerson } from '../db/person-records';
import { valueRunInfo, type ValueRunInfo } from '../db/values';
import type { Contribution, Customer, Match, Note, Profile, SyncJob, Tag } from '../model';
import type { CustomerValue, ProfileValue } from '../value';

export interface PersonOrders {
  count: number;
  /** Revenue per currency: amounts in different currencies are never summed. */
  revenue: Record<string, number>;
  first: string | null;
  last: string | null;
  costToServe: number;
}

export interface PersonDetail {
  ref: string;
  customer: Customer | null;
  orders: PersonOrders | null;
  /** decidedBy: who made the person's decision the match holds, and when (team sync: maybe a teammate). */
  profiles: { profile: Profile; match: Match | undefined; decidedBy?: { author: string; at: number } }[];
  /** Newest first, at most CONTRIBUTION_LIMIT. */
  contributions: Contribution[];
  contributionCount: number;
  tags: Tag[];
  note: Note | undefined;
  value: { kind: 'customer'; value: CustomerValue } | { kind: 'profile'; value: ProfileValue } | null;
  run: ValueRunInfo | undefined;
  /** Outbox entries, newest first. */
  sync: Pick<SyncJob, 'id' | 'connector' | 'kind' | 'status' | 'attempts' | 'lastError' | 'updatedAt'>[];
}

const CONTRIBUTION_LIMIT = 100;

/** Everything the person view needs, or null when nobody is known by that ref (erased, or a stale link). */
export async function personDetail(db: EarshotDatabase, ref: string): Promise<PersonDetail | null> {
  let person;
  try {
    person = await resolvePerson(db, ref, { pages: false });
  } catch {
    return null;
  }
  const [{ customer, orders, profiles, contributions, matches, tags, syncJobs, values, notes }, run] = await Promise.all([loadPerson(db, person), valueRunInfo(db)]);
  const byProfile = new Map(matches.map((m) => [m.profileId, m]));
  const deciders = await decidersOf(db, matches);
  const value = values.find((v) => v.personRef === person.personRef);
  const sorted = [...contributions].sort((a, b) => (b.date ?? '').localeCompare(a.date ?? '') || b.lastSeenAt - a.lastSeenAt);
  const dates = orders.map((o) => o.date).sort();
  return {
    ref: person.personRef,
    customer: customer ?? null,
    orders:
      person.customerId !== null
        ? {
            count: orders.length,
            revenue: orders.reduce<Record<string, number>>((sums, o) => ({ ...sums, [o.currency]: (sums[o.currency] ?? 0) + o.amount }), {}),
            first: dates[0] ?? null,
            last: dates[dates.length - 1] ?? null,
            costToServe: orders.reduce((sum, o) => sum + (o.costToServe ?? 0), 0),
          }
        : null,
    profiles: profiles.map((profile) => {
      const decidedBy = deciders.get(profile.id);
      return { profile, match: byProfile.get(profile.id), ...(decidedBy ? { decidedBy } : {}) };
    }),
    contributions: sorted.slice(0, CONTRIBUTION_LIMIT),
    contributionCount: sorted.length,
    tags: [...tags].sort((a, b) => a.label.localeCompare(b.label)),
    note: notes.find((n) => n.personRef === person.personRef),
    value: value ? (value.kind === 'customer' ? { kind: 'customer', value: value.value as CustomerValue } : { kind: 'profile', value: value.value as ProfileValue }) : null,
    run,
    sync: [...syncJobs]
      .sort((a, b) => b.updatedAt - a.updatedAt)
      .map(({ id, connector, kind, status, attempts, lastError, updatedAt }) => ({ id, connector, kind, status, attempts, ...(lastError ? { lastError } : {}), updatedAt })),
  };
}

/** The latest team decision that agrees with each match a person decided: its author and time. */
async function decidersOf(db: EarshotDatabase, matches: readonly Match[]): Promise<Map<string, { author: string; at: number }>> {
  const decided = matches.filter((m) => m.decidedBy === 'user' && (m.status === 'confirmed' || m.status === 'rejected'));
  const rows = decided.length > 0 ? await db.teamDecisions.where('profileId').anyOf(decided.map((m) => m.profileId)).toArray() : [];
  const out = new Map<string, { author: string; at: number }>();
  for (const m of decided) {
    const kind = m.status === 'confirmed' ? 'confirm' : 'reject';
    const customers = m.status === 'confirmed' ? [m.customerId] : m.rejectedCustomerIds;
    for (const row of rows) {
      if (row.profileId !== m.profileId || row.kind !== kind || !customers.includes(row.customerId) || row.author === null || row.at === null) continue;
      const seen = out.get(m.profileId);
      if (!seen || row.at > seen.at) out.set(m.profileId, { author: row.author, at: row.at });
    }
  }
  return out;
}
