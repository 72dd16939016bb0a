/**
 * The team's decisions as this install keeps them: its own (written to the
 * CRM at the next sync) and its teammates' (read from the CRM), the matches
 * they decide, and the conflicts the workspace lists (docs/team-sync.md).
 */
import { z } from '../zod';
import { TeamDecision, decisionKey, mustNotProfile, pairKey, toDecisionTime, type Match } from '../model';
import { decisionsInMatch, matchFromTeam } from '../crm/team/apply';
import { teamState, type TeamConflict } from '../crm/team/merge';
import type { EarshotDatabase, StoredTeamDecision } from './database';
import { metaKey, readMetaIfValid, writeMeta } from './meta';

export const INSTALL_ID_META_KEY = 'team.install-id';
export const TEAM_CONFLICTS_META_KEY = 'team.conflicts';

const StoredConflicts = z.array(z.object({ profileId: z.string(), kind: z.enum(['confirmed-and-rejected', 'two-customers']), opinions: z.array(TeamDecision) }));
const INSTALL_ID = metaKey(INSTALL_ID_META_KEY, z.string().min(1));
const TEAM_CONFLICTS = metaKey(TEAM_CONFLICTS_META_KEY, StoredConflicts);

/** Who this install writes as: the name the user set, or the install's own id, made once. */
export async function teamAuthorOf(db: EarshotDatabase, chosen: string | undefined, newId: () => string): Promise<string> {
  if (chosen?.trim()) return chosen.trim();
  const known = await readMetaIfValid(db, INSTALL_ID);
  if (known !== undefined) return known;
  const made = `install-${newId().replace(/[^\w-]/g, '').slice(0, 12)}`;
  await writeMeta(db, INSTALL_ID, made, Date.now());
  return made;
}

function stored(d: TeamDecision, origin: StoredTeamDecision['origin'], shared: StoredTeamDecision['shared']): StoredTeamDecision {
  return { ...d, key: decisionKey(d), origin, shared };
}

/** A decision made here, kept until the CRM has it. Called inside the decision's own transaction. */
export async function recordLocalDecision(db: EarshotDatabase, decision: Omit<TeamDecision, 'at'> & { at: number }): Promise<void> {
  const d = TeamDecision.parse({ ...decision, at: toDecisionTime(decision.at) });
  await db.teamDecisions.put(stored(d, 'local', 0));
}

/** This install's decisions the CRM does not hold yet, by customer. */
export async function unsharedDecisions(db: EarshotDatabase): Promise<Map<string, TeamDecision[]>> {
  const rows = await db.teamDecisions.where('shared').equals(0).toArray();
  const out = new Map<string, TeamDecision[]>();
  for (const row of rows) out.set(row.customerId, [...(out.get(row.customerId) ?? []), plain(row)]);
  return out;
}

function plain(row: StoredTeamDecision): TeamDecision {
  return { kind: row.kind, profileId: row.profileId, customerId: row.customerId, author: row.author, at: row.at, settles: row.settles };
}

export interface TeamApplyReport {
  /** Decisions read that were new here. */
  added: number;
  /** Profiles whose match changed. */
  profileIds: string[];
  conflicts: TeamConflict[];
}

/**
 * Take in what the CRM holds (its decisions are shared by definition), settle
 * every match the team agreed on, and store the conflicts. One transaction:
 * a stopped worker leaves all of it or none.
 */
export async function applyTeamDecisions(db: EarshotDatabase, read: readonly TeamDecision[], author: string): Promise<TeamApplyReport> {
  return db.transaction('rw', [db.teamDecisions, db.matches, db.customers, db.profiles, db.meta], async () => {
    const keys = read.map(decisionKey);
    const existing = await db.teamDecisions.bulkGet(keys);
    const fresh = read.filter((_, i) => existing[i] === undefined);
    await db.teamDecisions.bulkPut(read.map((d, i) => stored(d, existing[i]?.origin ?? 'remote', 1)));
    const all = (await db.teamDecisions.toArray()).map(plain);
    // A decision recorded only in a match (made before team sync, or by an older version) counts as this install's.
    const profileIds = [...new Set(all.map((d) => d.profileId))];
    const matches = await db.matches.bulkGet(profileIds);
    // A match a teammate's decision already explains (applied here earlier) is not a decision of this install.
    const explained = new Set(all.map((d) => `${pairKey(d)}\u0000${d.kind}`));
    const adopted = matches.flatMap((m) => (m ? decisionsInMatch(m, author).filter((d) => !explained.has(`${pairKey(d)}\u0000${d.kind}`)) : []));
    await db.teamDecisions.bulkPut(adopted.map((d) => stored(d, 'local', 0)));
    const state = teamState([...all, ...adopted]);
    const customerIds = [...new Set([...state.pairs.values()].map((p) => p.customerId))];
    const customers = await db.customers.bulkGet(customerIds);
    const linkable = new Set(customers.flatMap((c) => (c && !mustNotProfile(c) ? [c.id] : [])));
    const known = new Set((await db.profiles.bulkGet(profileIds)).flatMap((p) => (p ? [p.id] : [])));
    const changed: Match[] = [];
    profileIds.forEach((profileId, i) => {
      if (!known.has(profileId)) return;
      const next = matchFromTeam(state, profileId, matches[i], { linkable: (id) => linkable.has(id) });
      if (next) changed.push(next);
    });
    await db.matches.bulkPut(changed);
    await writeMeta(db, TEAM_CONFLICTS, state.conflicts, Date.now());
    return { added: fresh.length, profileIds: changed.map((m) => m.profileId), conflicts: state.conflicts };
  });
}

/** The conflicts the last sync found, for the workspace. */
export async function teamConflicts(db: EarshotDatabase): Promise<TeamConflict[]> {
  return (await readMetaIfValid(db, TEAM_CONFLICTS)) ?? [];
}

/** Who decided a profile's match, for the person view and the review queue: the latest agreeing decision. */
export async function teamDecisionsOf(db: EarshotDatabase, profileId: string): Promise<TeamDecision[]> {
  return (await db.teamDecisions.where('profileId').equals(profileId).toArray()).map(plain);
}

/** After a write: the CRM holds these now. */
export async function markShared(db: EarshotDatabase, decisions: readonly TeamDecision[]): Promise<void> {
  const keys = decisions.map(decisionKey);
  await db.transaction('rw', db.teamDecisions, async () => {
    const rows = await db.teamDecisions.bulkGet(keys);
    await db.teamDecisions.bulkPut(rows.flatMap((r) => (r && r.shared === 0 ? [{ ...r, shared: 1 as const }] : [])));
  });
}
