/**
 * The value breakdown's words in the interface language: the formula behind
 * each figure, the names of its inputs, why a person is in their segment and
 * why an influence component has no score. lib/value keeps English for the
 * command line; the screens say the same things from the same data here, with
 * numbers in the language's formats.
 */
import { NET_REPEAT_SPEND_NOT_POSITIVE } from '../value/financial';
import { MISSING_INFLUENCE } from '../value/influence';
import type { CustomerValue, FormulaId, ModelReport, Refusal, SegmentReason, SpendWhy } from '../value/types';
import type { MessageKey, Text } from './text';

const FORMULA_TEXT: Record<FormulaId, MessageKey> = {
  'rfm.recency': 'formula.rfm_recency',
  'rfm.frequency': 'formula.rfm_frequency',
  'rfm.monetary': 'formula.rfm_monetary',
  'bgnbd.p-alive': 'formula.bgnbd_p_alive',
  'bgnbd.expected': 'formula.bgnbd_expected',
  'mbgnbd.p-alive': 'formula.mbgnbd_p_alive',
  'mbgnbd.expected': 'formula.mbgnbd_expected',
  'paretonbd.p-alive': 'formula.paretonbd_p_alive',
  'paretonbd.expected': 'formula.paretonbd_expected',
  'gammagamma.spend': 'formula.gammagamma_spend',
  'spend.shrunk': 'formula.spend_shrunk',
  'spend.historical': 'formula.spend_historical',
  'clv.predicted': 'formula.clv_predicted',
  'clv.historical': 'formula.clv_historical',
  'cost.to-date': 'formula.cost_to_date',
  'cost.future': 'formula.cost_future',
  'value.net': 'formula.value_net',
  'value.net-historical': 'formula.value_net_historical',
  'influence.reach': 'formula.influence_reach',
  'influence.engagement': 'formula.influence_engagement',
  'influence.authority': 'formula.influence_authority',
  'influence.brand-relevance': 'formula.influence_brand_relevance',
  'influence.score': 'formula.influence_score',
  'engagement.influence': 'formula.engagement_influence',
  'engagement.referral': 'formula.engagement_referral',
  'engagement.knowledge': 'formula.engagement_knowledge',
  'engagement.value': 'formula.engagement_value',
  'segment.financial-threshold': 'formula.segment_financial_threshold',
};

export function formulaText(text: Text, formula: FormulaId): string {
  return text.t(FORMULA_TEXT[formula]);
}

/** The names of a formula's inputs as lib/value records them; one not listed shows as recorded. */
const INPUT_LABEL: Partial<Record<string, MessageKey>> = {
  badgePoints: 'formulaInput.badgePoints',
  badges: 'formulaInput.badges',
  chosen: 'formulaInput.chosen',
  clv: 'formulaInput.clv',
  contributions: 'formulaInput.contributions',
  contributionsForFullScore: 'formulaInput.contributionsForFullScore',
  costPerOrder: 'formulaInput.costPerOrder',
  costPerPurchase: 'formulaInput.costPerPurchase',
  costToDate: 'formulaInput.costToDate',
  crossPlatformShare: 'formulaInput.crossPlatformShare',
  customers: 'formulaInput.customers',
  daysSinceLastContribution: 'formulaInput.daysSinceLastContribution',
  daysSinceLastPurchase: 'formulaInput.daysSinceLastPurchase',
  detractor: 'formulaInput.detractor',
  discountedPurchases: 'formulaInput.discountedPurchases',
  expectedPurchases: 'formulaInput.expectedPurchases',
  expectedSpend: 'formulaInput.expectedSpend',
  followers: 'formulaInput.followers',
  followersByProfile: 'formulaInput.followersByProfile',
  futureCost: 'formulaInput.futureCost',
  helpfulVotes: 'formulaInput.helpfulVotes',
  helpfulVotesForFullScore: 'formulaInput.helpfulVotesForFullScore',
  historicalValue: 'formulaInput.historicalValue',
  horizonMonths: 'formulaInput.horizonMonths',
  influenceScore: 'formulaInput.influenceScore',
  influenceValue: 'formulaInput.influenceValue',
  kappa: 'formulaInput.kappa',
  knowledgeValue: 'formulaInput.knowledgeValue',
  likesPerPost: 'formulaInput.likesPerPost',
  m: 'formulaInput.meanRepeatSpend',
  margin: 'formulaInput.margin',
  meanPurchaseValue: 'formulaInput.meanPurchaseValue',
  meanRating: 'formulaInput.meanRating',
  monthlyDiscountRate: 'formulaInput.monthlyDiscountRate',
  netValue: 'formulaInput.netValue',
  orders: 'formulaInput.orders',
  ordersCostToServe: 'formulaInput.ordersCostToServe',
  ownBrandReviews: 'formulaInput.ownBrandReviews',
  ownMean: 'formulaInput.ownMean',
  percentile: 'formulaInput.percentile',
  populationMean: 'formulaInput.populationMean',
  posts: 'formulaInput.posts',
  profilesWithoutCount: 'formulaInput.profilesWithoutCount',
  purchases: 'formulaInput.purchases',
  quantile: 'formulaInput.quantile',
  rate: 'formulaInput.rate',
  rateForFullScore: 'formulaInput.rateForFullScore',
  rated: 'formulaInput.rated',
  reachFollowers: 'formulaInput.reachFollowers',
  reachForFullScore: 'formulaInput.reachForFullScore',
  recencyFactor: 'formulaInput.recencyFactor',
  referralCredit: 'formulaInput.referralCredit',
  referralField: 'formulaInput.referralField',
  referralValue: 'formulaInput.referralValue',
  referredCustomers: 'formulaInput.referredCustomers',
  referredNetValue: 'formulaInput.referredNetValue',
  revenue: 'formulaInput.revenue',
  reviews: 'formulaInput.reviews',
  reviewsForFullScore: 'formulaInput.reviewsForFullScore',
  sentiment: 'formulaInput.sentiment',
  top: 'formulaInput.top',
  valuePerPoint: 'formulaInput.valuePerPoint',
  valuePerReview: 'formulaInput.valuePerReview',
  x: 'formulaInput.repeatPurchases',
  t_x: 'formulaInput.lastPurchaseAt',
  T: 'formulaInput.sinceFirstPurchase',
  t: 'formulaInput.horizonUnits',
  unit: 'formulaInput.unit',
  reach: 'formulaInput.reach',
  engagement: 'formulaInput.engagement',
  authority: 'formulaInput.authority',
  brandRelevance: 'formulaInput.brandRelevance',
};

const WORD_VALUE: Partial<Record<string, MessageKey>> = { days: 'formulaInput.days', weeks: 'formulaInput.weeks' };

export function inputLabel(text: Text, name: string): string {
  const key = INPUT_LABEL[name];
  if (key) return text.t(key);
  // The influence score's weights: reachWeight, authorityWeight, ...
  const weighted = name.endsWith('Weight') ? INPUT_LABEL[name.slice(0, -'Weight'.length)] : undefined;
  return weighted ? text.t('formulaInput.weightOf', text.t(weighted)) : name;
}

/**
 * An input's value as the language writes it: numbers in its format, yes/no and time units in its words.
 * Small numbers (model parameters, rates) keep four decimals; amounts and scores of 10 or more two, as a
 * reader checks them ("945.29", not "945.288").
 */
export function inputValue(text: Text, value: number | string | boolean | null): string {
  if (value === null) return '—';
  if (typeof value === 'number') return text.number(value, Math.abs(value) >= 10 ? 2 : 4);
  if (typeof value === 'boolean') return text.t(value ? 'formulaInput.yes' : 'formulaInput.no');
  const word = WORD_VALUE[value];
  return word ? text.t(word) : value;
}

/** Why a person is in their segment, with money in the run's currency and scores as the language writes them. */
export function segmentReasonText(text: Text, why: SegmentReason, currency: string): string {
  const money = (n: number) => text.money(n, currency);
  switch (why.key) {
    case 'detractor':
      return text.t(
        'segmentWhy.detractor',
        why.meanRating === null ? text.t('segmentWhy.low') : text.number(why.meanRating, 1),
        text.number(why.maxRating, 1),
        text.number(Math.round(why.followers)),
        text.number(why.authority, 0),
      );
    case 'negative-value':
      return text.t('segmentWhy.negative', money(why.engagementValue));
    case 'levels': {
      const net = money(why.netValue);
      // Chrome reads "$1$" in a message as a named placeholder, so the range has messages of its own.
      const range = why.range ? [money(why.range.low), money(why.range.high)] : null;
      const financial =
        why.financial === 'uncertain'
          ? text.t('segmentWhy.netUncertain', net, money(why.mark), ...(range ?? [net, net]))
          : why.financial === 'high'
            ? range
              ? text.t('segmentWhy.netHighRange', net, ...range, money(why.mark))
              : text.t('segmentWhy.netHigh', net, money(why.mark))
            : range
              ? text.t('segmentWhy.netBelowRange', net, ...range, money(Math.max(why.mark, 0)))
              : text.t('segmentWhy.netBelow', net, money(Math.max(why.mark, 0)));
      const influence = text.t(why.influence >= why.influenceMark ? 'segmentWhy.influenceHigh' : 'segmentWhy.influenceLow', text.number(why.influence, 0), text.number(why.influenceMark));
      return `${financial}; ${influence}`;
    }
  }
}

const MISSING_KEY: Record<string, MessageKey> = {
  [MISSING_INFLUENCE.noProfiles]: 'influenceMissing.noProfiles',
  [MISSING_INFLUENCE.noLikes]: 'influenceMissing.noLikes',
  [MISSING_INFLUENCE.noOwnBrands]: 'influenceMissing.noOwnBrands',
};

/** Why an influence component has no score, from the English words a value record keeps. */
export function missingInfluenceText(text: Text, stored: string): string {
  const key = MISSING_KEY[stored];
  return key ? text.t(key) : stored;
}

/** Why the run made no forecast, in the language's words and number formats. */
export function refusalText(text: Text, refusal: Refusal): string {
  const f = refusal.figures;
  const n = (value: number | undefined) => text.number(value ?? 0);
  switch (refusal.code) {
    case 'too-few-buyers':
      return text.t('valueModel.refusal_too_few_buyers', n(f.buyers), n(f.needed));
    case 'too-short-history':
      return text.t('valueModel.refusal_too_short_history', n(f.days), n(f.needed));
    case 'too-few-repeat-buyers':
      return text.t('valueModel.refusal_too_few_repeat_buyers', n(f.repeatBuyers), n(f.buyers), n(f.needed));
    case 'fit-failed':
      return text.t('valueModel.refusal_fit_failed', refusal.message);
  }
}

/** Why the run values spend by each customer's own mean instead of Gamma-Gamma, in the interface language. */
export function spendWhyText(text: Text, why: SpendWhy): string {
  const f = why.figures;
  const n = (value: number | undefined, digits?: number) => text.number(value ?? 0, digits);
  switch (why.code) {
    case 'no-forecast':
      return text.t('spendWhy.noForecast');
    case 'correlated':
      return text.t('spendWhy.correlated', n(f.correlation, 2), n(f.repeatBuyers), n(f.limit, 1));
    case 'few-repeat-buyers':
      return text.t('spendWhy.fewRepeatBuyers', n(f.repeatBuyers), n(f.needed));
    case 'not-converged':
      return text.t('spendWhy.notConverged');
    case 'parameter-edge':
      return text.t('spendWhy.parameterEdge', `${why.detail} = ${n(f.value, 3)}`);
    case 'infinite-mean':
      return text.t('spendWhy.infiniteMean', n(f.q, 3));
  }
}

/** The run's spend reason: in words of the interface language where its code is kept, else as stored. */
export function spendReasonText(text: Text, models: Pick<ModelReport, 'spendWhy' | 'spendReason'>): string {
  return models.spendWhy ? spendWhyText(text, models.spendWhy) : (models.spendReason ?? '');
}

/**
 * Why a customer's figures are not a plain forecast (no purchases, no forecast for the run, a spend of their
 * own), from the figures the value record and the run keep; null when nothing needs saying.
 */
export function predictionReasonText(text: Text, value: CustomerValue, models: ModelReport | undefined, asOf: string | undefined): string | null {
  const { prediction, summary } = value;
  if (!prediction.reason) return null;
  const day = asOf ? text.date(asOf) : '';
  if (prediction.model === 'none') return text.t(summary.orders > 0 ? 'predictionWhy.onlyRefunds' : 'predictionWhy.noPurchases', day);
  if (prediction.model === 'historical') return models?.refusal ? refusalText(text, models.refusal) : prediction.reason;
  if (prediction.reason === NET_REPEAT_SPEND_NOT_POSITIVE) return text.t('predictionWhy.netRepeatSpendNotPositive');
  // The run's spend model's own reason, in words of the interface language when the run kept its code.
  if (models && prediction.reason === models.spendReason) return spendReasonText(text, models);
  return prediction.reason;
}
