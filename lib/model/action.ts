import { z } from '../zod';
import { NonEmpty, Timestamp, Url } from './common';
import { PersonRef } from './person';

/**
 * The levers of a next best action (lib/actions/rules.ts says when each one
 * applies and what it is expected to be worth).
 */
export const ACTION_KINDS = [
  'thank-champion',
  'invite-advocate',
  'win-back-affluent',
  'keep-from-competitor',
  'answer-detractor',
  'ask-testimonial',
  'reconsider-terms',
] as const;
export const ActionKind = z.enum(ACTION_KINDS);
export type ActionKind = z.infer<typeof ActionKind>;

/** open: to do; done: a person did it; snoozed: back on the list at `snoozedUntil`. */
export const ACTION_STATUSES = ['open', 'done', 'snoozed'] as const;
export const ActionStatus = z.enum(ACTION_STATUSES);
export type ActionStatus = z.infer<typeof ActionStatus>;

export const ActionFigure = z.union([z.number().finite(), z.string().max(300), z.boolean(), z.null()]);
export type ActionFigure = z.infer<typeof ActionFigure>;

/**
 * One next best action for one person, on the workspace's to-do list. Its
 * words are composed in the reader's language from `kind` and `figures`; only
 * the figures are stored, so a language change needs no recomputation.
 */
export const Action = z.object({
  /** `kind|personRef`: one action of a kind per person, so a refresh finds it again. */
  id: NonEmpty.max(400),
  personRef: PersonRef,
  kind: ActionKind,
  /** The person's engagement segment when the action was made. */
  segment: z.string().max(40),
  status: ActionStatus,
  /** The figures behind the reason, by name (lib/actions/rules.ts lists them per kind). */
  figures: z.record(z.string().max(40), ActionFigure),
  /** Where to act: the review to answer, the competitor post, the testimonial to ask about. */
  link: Url.optional(),
  /** Expected value in `currency`: success rate × value at stake (lib/actions/levers.ts). */
  expectedValue: z.number().finite(),
  currency: z.string().regex(/^[A-Z]{3}$/),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  doneAt: Timestamp.optional(),
  snoozedUntil: Timestamp.optional(),
  /** When it was last queued as a task for the connected CRMs. */
  sentAt: Timestamp.optional(),
  /** The task each CRM made of it, by connector: later changes update that task. */
  crmTasks: z.record(z.string().max(20), z.string().min(1).max(200)).optional(),
});
export type Action = z.infer<typeof Action>;

export function actionId(kind: ActionKind, personRef: string): string {
  return `${kind}|${personRef}`;
}
