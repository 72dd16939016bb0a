/**
 * Customer engagement value (Kumar et al. 2010, "Undervalued or overvalued
 * customers: capturing total customer engagement value", Journal of Service
 * Research 13(3)): CEV = CLV + CRV + CIV + CKV, here
 * - CLV: the net value (predicted CLV − future cost to serve, or the
 *   historical net value when no model could be fitted; 0 without purchases);
 * - CRV, referral value: referralCredit · Σ net value of the customers whose
 *   `referralField` custom column (customers.csv's extra column, default
 *   referred_by) names this customer. Zero when no customer names them, which
 *   is every customer when the CRM export has no such column;
 * - CIV, influencer value: influence score (0-100) · influenceUnitValue;
 * - CKV, knowledge value: knowledgeValuePerReview · reviews the person wrote
 *   about the user's own brands (critical ones included: they are the
 *   feedback). Zero without own brands in the settings or such reviews.
 *
 * Segments (Kumar's 2x2 of financial against influence value, plus two that
 * need action of their own), first rule that applies:
 * 1. detractor-with-reach: rates the own brands low (see influence.ts) and is
 *    heard: reach ≥ detractorMinFollowers or review authority ≥ detractorMinAuthority;
 * 2. negative-value: CEV < 0 (costs more than all they bring, influence included);
 * 3. champions (financially high and influential), affluents (financially
 *    high only), advocates (influential only), misers (neither), where
 *    financially high = net value ≥ the net value at financialHighQuantile
 *    (0.8: the top fifth) of the customers with purchases, and above 0 —
 *    for a forecast, its whole 80% range must clear that mark (the low end
 *    of the net value's range, ranges.ts); when the point value is above the
 *    mark but the range reaches below it, the person is not counted high
 *    and flagged `uncertain`;
 *    influential = influence score ≥ influenceHighScore (25: reached by about
 *    5,000 followers or an established reviewer, see settings.ts; an absolute
 *    bar, because most customers have no public profile at all and a
 *    relative one would call the best of nobody influential).
 */
import type { ValueSettings } from './settings';
import { segmentReasonInEnglish } from './segment-reason';
import { explained, type Engagement, type EngagementSegment, type Explained, type Influence, type Interval, type SegmentReason } from './types';

/**
 * The smallest net value among the top k = ⌊(1 − q) · n⌋ customers (at least
 * one), so that, without ties, exactly the top k count as financially high;
 * 0 when there are no customers.
 */
export function financialThreshold(netValues: readonly number[], quantile: number): Explained {
  const sorted = Float64Array.from(netValues).sort();
  const n = sorted.length;
  // The 1e-9 keeps (1 − 0.8) · 300 = 59.999… from losing a customer to rounding.
  const top = Math.max(1, Math.floor((1 - quantile) * n + 1e-9));
  const value = n === 0 ? 0 : sorted[Math.max(0, n - top)]!;
  return explained(value, 'segment.financial-threshold', { quantile, customers: n, top: n === 0 ? 0 : Math.min(top, n) });
}

export interface EngagementInputs {
  /** Net value (0 for a person without purchases). */
  financial: number;
  /** The net value's 80% range when it is a forecast (null: a historical value, known as it is). */
  financialRange?: Interval | null;
  influence: Influence;
  /** Σ net value of the customers this one referred, and how many. */
  referred: { netValue: number; customers: number };
  ownBrandReviews: number;
  /** Whether the person is a customer (profiles on their own are never financially high). */
  customer: boolean;
}

export interface SegmentThresholds {
  financialHigh: number;
  influenceHigh: number;
}

export function engagementValue(inputs: EngagementInputs, settings: ValueSettings, thresholds: SegmentThresholds): Engagement {
  const { financial, influence, referred, ownBrandReviews } = inputs;
  const referral = explained(settings.referralCredit * referred.netValue, 'engagement.referral', {
    referralField: settings.referralField,
    referredCustomers: referred.customers,
    referredNetValue: referred.netValue,
    referralCredit: settings.referralCredit,
  });
  const civ = explained(influence.score.value * settings.influenceUnitValue, 'engagement.influence', {
    influenceScore: influence.score.value,
    valuePerPoint: settings.influenceUnitValue,
  });
  const knowledge = explained(ownBrandReviews * settings.knowledgeValuePerReview, 'engagement.knowledge', {
    ownBrandReviews,
    valuePerReview: settings.knowledgeValuePerReview,
  });
  const value = explained(financial + referral.value + civ.value + knowledge.value, 'engagement.value', {
    netValue: financial,
    referralValue: referral.value,
    influenceValue: civ.value,
    knowledgeValue: knowledge.value,
  });
  const { segment, why, uncertain } = engagementSegment(inputs, value.value, settings, thresholds);
  return { financial, referral, influence: civ, knowledge, value, segment, reason: segmentReasonInEnglish(why), why, uncertain };
}

export function engagementSegment(
  { financial, financialRange, influence, customer }: EngagementInputs,
  cev: number,
  settings: ValueSettings,
  thresholds: SegmentThresholds,
): { segment: EngagementSegment; why: SegmentReason; uncertain: boolean } {
  const heard =
    influence.reachFollowers >= settings.detractorMinFollowers || influence.authority.value >= settings.detractorMinAuthority;
  if (influence.detractor && heard) {
    const mean = influence.brandRelevance?.inputs.meanRating;
    return {
      segment: 'detractor-with-reach',
      why: {
        key: 'detractor',
        meanRating: typeof mean === 'number' ? mean : null,
        maxRating: settings.detractorMaxRating,
        followers: influence.reachFollowers,
        authority: influence.authority.value,
      },
      uncertain: false,
    };
  }
  if (cev < 0) return { segment: 'negative-value', why: { key: 'negative-value', engagementValue: cev }, uncertain: false };
  const mark = thresholds.financialHigh;
  const clears = (value: number) => customer && value > 0 && value >= mark;
  // A forecast counts as high only when its whole range clears the mark.
  const financialHigh = clears(financialRange ? Math.min(financialRange.low, financial) : financial);
  // Uncertain: high by the point value, but its range reaches below the mark.
  const uncertain = financialRange ? clears(financial) && !financialHigh : false;
  const influenceHigh = influence.score.value >= thresholds.influenceHigh;
  const segment: EngagementSegment = financialHigh ? (influenceHigh ? 'champions' : 'affluents') : influenceHigh ? 'advocates' : 'misers';
  return {
    segment,
    why: {
      key: 'levels',
      financial: financialHigh ? 'high' : uncertain ? 'uncertain' : 'below',
      netValue: financial,
      range: financialRange ?? null,
      mark,
      influence: influence.score.value,
      influenceMark: thresholds.influenceHigh,
    },
    uncertain,
  };
}
