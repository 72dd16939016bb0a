import { z } from '../zod';

/** Match-probability thresholds: at or above `auto` links without a person; at or above `review` suggests. */
export const MatchThresholds = z
  .object({
    auto: z.number().min(0).max(1).default(0.97),
    review: z.number().min(0).max(1).default(0.5),
  })
  .refine((t) => t.review <= t.auto, 'the review threshold must not exceed the auto-link threshold');
export type MatchThresholds = z.infer<typeof MatchThresholds>;
