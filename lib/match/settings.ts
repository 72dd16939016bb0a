import { z } from '../zod';

/**
 * When the matcher links a captured person by itself, suggests a customer for
 * review, or proposes nobody. Probabilities are the match probability of the
 * best candidate against the others and nobody (match.ts), calibrated: a 0.99
 * is right 99 times in 100. Two customers who fit alike share the probability,
 * so no separate margin is needed.
 */
export const MatchThresholds = z
  .object({
    /**
     * At or above this probability a candidate may be linked without a person. 0.99 because the
     * scores are calibrated (lib/match/match.ts): at 0.97 about 3 automatic links in 100 would be
     * namesakes who share the customer's name and city; the persona benchmark asks for 99 in 100.
     */
    auto: z.number().min(0).max(1).default(0.99),
    /**
     * At or above this probability a candidate is suggested for review. Lower than a coin toss on purpose:
     * a full-name match with nothing else is worth a look (a person decides), not an automatic link.
     */
    review: z.number().min(0).max(1).default(0.25),
    /**
     * An automatic link needs evidence beyond the name (a handle, an email address, a website or the same city,
     * also with a typo), so two people called Jan de Vries are never linked on their name alone.
     */
    requireCorroboration: z.boolean().default(true),
  })
  .refine((t) => t.review <= t.auto, 'the review threshold must not exceed the auto-link threshold');
export type MatchThresholds = z.infer<typeof MatchThresholds>;
