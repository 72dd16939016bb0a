/**
 * What each lever of a next best action is expected to be worth: the chance
 * that acting works times the value at stake. The chances are stated
 * assumptions, not measurements: they order the to-do list, and the figures
 * behind each action show what they were multiplied with.
 */
import type { ActionKind } from '../model';

export interface Lever {
  /** The share of such actions expected to succeed. */
  success: number;
  /** What the value at stake is, in words for the formula line. */
  stake: string;
}

export const LEVERS: Record<ActionKind, Lever> = {
  // A thanked and involved Champion stays a little longer and says so: a tenth of their engagement value is at stake.
  'thank-champion': { success: 0.5, stake: '10% of the engagement value (CEV)' },
  // An invited Advocate writes a review or joins the ambassador programme: their influence value is at stake.
  'invite-advocate': { success: 0.2, stake: 'influence value (CIV)' },
  // A win-back offer to a fading Affluent: the net value they would still bring is at stake.
  'win-back-affluent': { success: 0.15, stake: 'net value' },
  // A customer praising a competitor: keeping them keeps their net value.
  'keep-from-competitor': { success: 0.25, stake: 'net value' },
  // An answered detractor with reach: the influence value their audience carries is at stake.
  'answer-detractor': { success: 0.3, stake: 'influence value (CIV)' },
  // A satisfied reviewer asked for a testimonial: one testimonial is worth a review's knowledge value plus a tenth of their influence value.
  'ask-testimonial': { success: 0.3, stake: 'knowledge value of a review + 10% of the influence value' },
  // New terms for a customer who costs more than they bring: the loss avoided is at stake.
  'reconsider-terms': { success: 0.5, stake: 'the negative net value avoided' },
};

/** Expected value of acting: success rate × value at stake (never below 0), rounded to cents. */
export function expectedValue(kind: ActionKind, stake: number): number {
  return Math.round(LEVERS[kind].success * Math.max(0, stake) * 100) / 100;
}
