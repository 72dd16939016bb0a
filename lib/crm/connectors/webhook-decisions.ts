/**
 * The team decisions a webhook receiver keeps and serves back
 * (docs/webhook.md, "Team decisions"): the same records the CRM fields carry
 * (lib/crm/team/codec.ts), as JSON. Earshot sends them in `team.decisions`
 * events and reads them, paged, from the receiver's pull endpoint.
 */
import { z } from '../../zod';
import { TeamAuthor, TeamDecisionKind, toDecisionTime, type TeamDecision } from '../../model';

export const DECISIONS_PAGE_SCHEMA = 'earshot.decisions/1';

const decisionShape = {
  kind: TeamDecisionKind,
  settles: z.boolean(),
  profileId: z.string().min(1, 'a profile id is needed').max(500, 'a profile id has at most 500 characters'),
  /** Null only for a rejection compacted to fit a CRM field (read from a CRM, then sent on). */
  author: TeamAuthor.nullable(),
  /** Epoch seconds, as in the CRM field. */
  decidedAt: z.number().int('not whole epoch seconds').nonnegative('not whole epoch seconds').nullable(),
};

/** As the codec reads a line: only a plain rejection may be compacted, and then loses both author and time. */
const compactedRule = {
  check: (d: { kind: string; settles: boolean; author: string | null; decidedAt: number | null }) =>
    (d.author === null) === (d.decidedAt === null) && (d.author !== null || (d.kind === 'reject' && !d.settles)),
  params: { message: 'only a plain rejection may leave out author and time, and then both', path: ['author'] },
};

/** One decision on the wire, in a `team.decisions` event. */
export const WireDecision = z.object(decisionShape).strict().refine(compactedRule.check, compactedRule.params);
export type WireDecision = z.infer<typeof WireDecision>;

/** A record of the pull endpoint: a decision and the customer it is about. */
export const PulledDecision = z
  .object({ ...decisionShape, customerId: z.string().min(1, 'a customer id is needed').max(200, 'a customer id has at most 200 characters') })
  .strict()
  .refine(compactedRule.check, compactedRule.params);

/** A page as served; its records are checked one by one, so one bad record does not hide the rest. */
export const DecisionsPage = z
  .object({
    schema: z.literal(DECISIONS_PAGE_SCHEMA),
    decisions: z.array(z.unknown()).max(1000, 'a page holds at most 1,000 decisions'),
    next: z.string().min(1).max(500).nullable(),
  })
  .strict();

export function toWire(d: TeamDecision): WireDecision {
  return { kind: d.kind, settles: d.settles, profileId: d.profileId, author: d.author, decidedAt: d.at === null ? null : Math.floor(d.at / 1000) };
}

export function fromWire(customerId: string, d: WireDecision): TeamDecision {
  return { kind: d.kind, settles: d.settles, profileId: d.profileId, customerId, author: d.author, at: d.decidedAt === null ? null : toDecisionTime(d.decidedAt * 1000) };
}

/** The message a pull request is signed over: the timestamp, then method and path with its query. */
export function pullSigningMessage(pathAndQuery: string): string {
  return `GET ${pathAndQuery}`;
}
