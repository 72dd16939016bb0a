/**
 * The matcher's parameters: the Fellegi-Sunter model of the persona
 * comparisons and the share of captured people who are customers, from which
 * the prior of a pair follows for any number of customers:
 * P(a profile is one given customer) = share / customers.
 */
import { z } from '../zod';
import { defaultParams, ModelParams, paramsFit } from './engine/model';
import { PERSONA_COMPARISONS } from './comparisons';

export const MatcherParams = z.object({
  version: z.literal(2),
  /** Share of captured people who are customers of the shop (the rest are not). */
  customerShare: z.number().gt(0).lt(1),
  /**
   * How much more often than the customers' own names suggest a stranger shares a customer's
   * whole name (1 = as often; learned from the user's data, train.ts).
   */
  nameCollision: z.number().positive().max(1e9).default(1),
  model: ModelParams,
  /**
   * u of the place among namesakes: how the places of two customers with the same whole name agree
   * (learned from the CRM, train.ts). Used for a profile whose whole name is a customer's, since
   * a namesake who is not the customer often lives in the same town (a family, a big city).
   */
  namesakePlaceU: z.array(z.number().gt(0).lt(1)).optional(),
});
export type MatcherParams = z.infer<typeof MatcherParams>;

/** Until the user's data says otherwise: about a third of the people a marketer meets on review and social pages are customers. */
export const DEFAULT_CUSTOMER_SHARE = 0.3;

export function defaultMatcherParams(): MatcherParams {
  return { version: 2, customerShare: DEFAULT_CUSTOMER_SHARE, nameCollision: 1, model: defaultParams(PERSONA_COMPARISONS, 1e-4) };
}

/**
 * Parameters read from storage or a file: validated, and replaced by the
 * defaults when they were made for other comparisons (an older version).
 */
export function readMatcherParams(value: unknown): { params: MatcherParams; problem?: string } {
  const parsed = MatcherParams.safeParse(value);
  if (!parsed.success) return { params: defaultMatcherParams(), problem: `matcher parameters are not valid: ${parsed.error.issues[0]?.message ?? 'unknown problem'}` };
  if (!paramsFit(parsed.data.model, PERSONA_COMPARISONS)) return { params: defaultMatcherParams(), problem: 'matcher parameters were made for other comparisons; using the defaults' };
  return { params: parsed.data };
}

/** The prior probability that a profile and one customer are the same person, for a store of `customers`. */
export function pairPrior(params: MatcherParams, customers: number): number {
  return Math.min(0.5, params.customerShare / Math.max(1, customers));
}
