/**
 * The team's decisions on one contact as one CRM text field (docs/team-sync.md):
 *
 *   earshot-decisions/1
 *   c instagram:janneke.vd dev@shop.nl 1765100000
 *   R trustpilot:48213 Anna 1765200000
 *   r youtube:old
 *
 * One line per decision: kind, profile id, author, epoch seconds. `c` confirms,
 * `r` rejects; upper case (`C`, `R`) settles a disagreement. Tokens are
 * percent-escaped where they hold `%`, white space or control characters, so
 * no text can add a line or a field. The customer is the contact itself.
 *
 * A CRM field has a limit (HubSpot: 65,536 characters; Pipedrive: 65,000,
 * lib/crm/connectors/pipedrive-team.ts). When the lines would
 * not fit, the oldest plain rejections are compacted first, to `r <profile>`:
 * the pair stays rejected, who and when are given up. Confirmations and
 * settling decisions are never compacted; if they alone do not fit, encoding
 * fails with the customer named rather than dropping anything.
 */
import { decisionKey, TeamAuthor, toDecisionTime, type TeamDecision } from '../../model';

export const DECISIONS_HEADER = 'earshot-decisions/1';
/** HubSpot's limit for a text property (each connector passes its own CRM's). */
export const DEFAULT_FIELD_LIMIT = 65_536;

const LETTERS: Record<string, Pick<TeamDecision, 'kind' | 'settles'>> = {
  c: { kind: 'confirm', settles: false },
  r: { kind: 'reject', settles: false },
  C: { kind: 'confirm', settles: true },
  R: { kind: 'reject', settles: true },
};

export class DecisionFieldError extends Error {
  constructor(
    message: string,
    readonly customerId: string,
  ) {
    super(message);
    this.name = 'DecisionFieldError';
  }
}

/** A line of the field that could not be read: where, which part, and why. */
export interface DecisionLineProblem {
  customerId: string;
  line: number;
  field: 'header' | 'kind' | 'profile' | 'author' | 'time' | 'line';
  message: string;
}

const UNPAIRED_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Percent-escape what could break a line or a token apart. */
export function escapeToken(text: string, what: string): string {
  if (text === '') throw new Error(`${what} is empty`);
  if (UNPAIRED_SURROGATE.test(text)) throw new Error(`${what} is not valid Unicode text`);
  return text.replace(/[%\s\p{C}]/gu, (ch) => encodeURIComponent(ch));
}

function unescapeToken(token: string): string {
  return decodeURIComponent(token);
}

function letterOf(d: TeamDecision): string {
  const letter = d.kind === 'confirm' ? 'c' : 'r';
  return d.settles ? letter.toUpperCase() : letter;
}

function fullLine(d: TeamDecision): string {
  if (d.author === null || d.at === null) return compactLine(d);
  return `${letterOf(d)} ${escapeToken(d.profileId, 'a profile id')} ${escapeToken(d.author, 'an author')} ${Math.floor(d.at / 1000)}`;
}

function compactLine(d: TeamDecision): string {
  return `${letterOf(d)} ${escapeToken(d.profileId, 'a profile id')}`;
}

/** Oldest first (compacted ones have no time: oldest of all); ties in a stable order. */
export function byTime(a: TeamDecision, b: TeamDecision): number {
  return (a.at ?? -1) - (b.at ?? -1) || a.profileId.localeCompare(b.profileId) || (a.author ?? '').localeCompare(b.author ?? '') || letterOf(a).localeCompare(letterOf(b));
}

export interface EncodedDecisions {
  text: string;
  /** How many rejections lost their author and time to fit. */
  compacted: number;
}

/** The field's text for one customer's decisions; throws DecisionFieldError when it cannot fit. */
export function encodeDecisions(customerId: string, decisions: readonly TeamDecision[], limit = DEFAULT_FIELD_LIMIT): EncodedDecisions {
  const unique = [...new Map(decisions.map((d) => [decisionKey(d), d])).values()].sort(byTime);
  for (const d of unique) {
    if (d.customerId !== customerId) throw new DecisionFieldError(`A decision about customer ${d.customerId} cannot go on the contact of ${customerId}.`, customerId);
  }
  const lines = unique.map(fullLine);
  let length = DECISIONS_HEADER.length + lines.reduce((sum, l) => sum + 1 + l.length, 0);
  let compacted = 0;
  const compactedProfiles = new Set(unique.filter((d) => d.author === null).map((d) => d.profileId));
  // Oldest plain rejections give up author and time first; a second compacted line of the same pair goes.
  for (let i = 0; i < unique.length && length > limit; i += 1) {
    const d = unique[i]!;
    if (d.kind !== 'reject' || d.settles || d.author === null) continue;
    const shorter = compactedProfiles.has(d.profileId) ? '' : compactLine(d);
    // An emptied line loses its newline too.
    length -= lines[i]!.length - shorter.length + (shorter === '' ? 1 : 0);
    lines[i] = shorter;
    compactedProfiles.add(d.profileId);
    compacted += 1;
  }
  const kept = lines.filter((l) => l !== '');
  const text = [DECISIONS_HEADER, ...kept].join('\n');
  if (text.length > limit) {
    throw new DecisionFieldError(
      `The decisions on customer ${customerId} need ${text.length} characters, more than the CRM field's ${limit}, even with every plain rejection compacted; confirmations are never dropped.`,
      customerId,
    );
  }
  return { text, compacted };
}

export interface DecodedDecisions {
  decisions: TeamDecision[];
  problems: DecisionLineProblem[];
}

/**
 * The decisions in a contact's field. An empty field holds none. A line that
 * cannot be read is reported (line, part, why) and not applied; the others are.
 */
export function decodeDecisions(customerId: string, text: string | null | undefined): DecodedDecisions {
  const decisions: TeamDecision[] = [];
  const problems: DecisionLineProblem[] = [];
  const source = (text ?? '').replace(/\r\n?/g, '\n');
  if (source.trim() === '') return { decisions, problems };
  const lines = source.split('\n');
  if (lines[0]!.trim() !== DECISIONS_HEADER) {
    problems.push({ customerId, line: 1, field: 'header', message: `expected "${DECISIONS_HEADER}", found "${lines[0]!.slice(0, 40)}"` });
    return { decisions, problems };
  }
  lines.forEach((raw, index) => {
    if (index === 0 || raw.trim() === '') return;
    const line = index + 1;
    const problem = (field: DecisionLineProblem['field'], message: string) => problems.push({ customerId, line, field, message });
    const tokens = raw.trim().split(/ +/);
    const shape = LETTERS[tokens[0] ?? ''];
    if (!shape) return problem('kind', `"${(tokens[0] ?? '').slice(0, 10)}" is not c, r, C or R`);
    if (tokens.length !== 2 && tokens.length !== 4) return problem('line', `expected 2 or 4 parts, found ${tokens.length}`);
    let profileId: string;
    try {
      profileId = unescapeToken(tokens[1]!);
    } catch {
      return problem('profile', 'bad percent-escape');
    }
    if (tokens.length === 2) {
      // Only a plain rejection is ever compacted.
      if (shape.kind !== 'reject' || shape.settles) return problem('line', 'only a plain rejection (r) may leave out author and time');
      decisions.push({ ...shape, profileId, customerId, author: null, at: null });
      return;
    }
    let author: string;
    try {
      author = unescapeToken(tokens[2]!);
    } catch {
      return problem('author', 'bad percent-escape');
    }
    const checked = TeamAuthor.safeParse(author);
    if (!checked.success) return problem('author', checked.error.issues[0]?.message ?? 'not a valid author');
    if (!/^\d{1,12}$/.test(tokens[3]!)) return problem('time', `"${tokens[3]!.slice(0, 20)}" is not a time in epoch seconds`);
    decisions.push({ ...shape, profileId, customerId, author: checked.data, at: toDecisionTime(Number(tokens[3]) * 1000) });
  });
  return { decisions, problems };
}
