/**
 * Read-modify-write of one contact's decisions field: what the CRM holds now,
 * merged with what this install decided, written back. The connectors call it
 * with the text they just read, and again after re-reading when the contact
 * changed in between (docs/team-sync.md, "Writing").
 */
import { DecisionFieldError, decodeDecisions, encodeDecisions, DEFAULT_FIELD_LIMIT } from './codec';
import type { TeamDecision } from '../../model';
import { mergeDecisions, withoutSuperseded } from './merge';

export interface RewrittenField {
  text: string;
  /** Every decision the new text holds. */
  decisions: TeamDecision[];
  /** Rejections that lost author and time to fit. */
  compacted: number;
  /** True when the text differs from what the CRM holds (nothing to write otherwise). */
  changed: boolean;
}

/**
 * The field's new text. A line of the current text that cannot be read stops
 * the write (it would be lost otherwise): the error names contact and line.
 */
export function rewriteDecisionsField(customerId: string, current: string | null | undefined, local: readonly TeamDecision[], limit = DEFAULT_FIELD_LIMIT): RewrittenField {
  const read = decodeDecisions(customerId, current);
  const problem = read.problems[0];
  if (problem) {
    throw new DecisionFieldError(
      `The decisions field of customer ${customerId} has a line Earshot cannot read (line ${problem.line}, ${problem.field}: ${problem.message}); it is left as it is until someone corrects it in the CRM.`,
      customerId,
    );
  }
  const merged = withoutSuperseded(mergeDecisions(read.decisions, local.filter((d) => d.customerId === customerId)));
  // No decisions: the field stays empty rather than holding a bare header.
  const { text, compacted } = merged.length === 0 ? { text: '', compacted: 0 } : encodeDecisions(customerId, merged, limit);
  const before = (current ?? '').replace(/\r\n?/g, '\n');
  return { text, decisions: decodeDecisions(customerId, text).decisions, compacted, changed: text !== before };
}
