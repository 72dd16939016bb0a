/**
 * The team's conflicts as the workspace lists them: whose profile, and each
 * person's opinion with the customer's name, author and time. Computed from
 * the decisions held here, so a choice made a moment ago shows at once.
 */
import type { EarshotDatabase } from '../db/database';
import { teamState, type TeamConflict } from '../crm/team/merge';
import type { TeamDecisionKind } from '../model';

export interface ConflictOpinion {
  customerId: string;
  customerName: string;
  kind: TeamDecisionKind;
  /** Null for a rejection compacted to fit the CRM's field. */
  author: string | null;
  at: number | null;
}

export interface ConflictView {
  profileId: string;
  profileName: string;
  kind: TeamConflict['kind'];
  opinions: ConflictOpinion[];
}

export async function teamConflictViews(db: EarshotDatabase): Promise<ConflictView[]> {
  const { conflicts } = teamState(await db.teamDecisions.toArray());
  if (conflicts.length === 0) return [];
  const profiles = await db.profiles.bulkGet(conflicts.map((c) => c.profileId));
  const customerIds = [...new Set(conflicts.flatMap((c) => c.opinions.map((o) => o.customerId)))];
  const customers = new Map((await db.customers.bulkGet(customerIds)).flatMap((c) => (c ? [[c.id, c] as const] : [])));
  return conflicts.map((c, i) => {
    const p = profiles[i];
    return {
      profileId: c.profileId,
      profileName: p?.displayName ?? p?.handle ?? c.profileId,
      kind: c.kind,
      opinions: c.opinions.map((o) => {
        const customer = customers.get(o.customerId);
        const customerName = [customer?.firstName, customer?.lastName].filter(Boolean).join(' ') || o.customerId;
        return { customerId: o.customerId, customerName, kind: o.kind, author: o.author, at: o.at };
      }),
    };
  });
}
