/**
 * Next best actions: when each lever applies to a person, with its reason's
 * figures, where to act and its expected value (lib/actions/levers.ts).
 * People read from their stored value: customers who must not be profiled
 * have none, so they never get an action.
 *
 * The rules (ACTION_RULES holds the numbers):
 * - thank-champion: a Champion.
 * - invite-advocate: an Advocate (influential, small customer or not a customer).
 * - win-back-affluent: an Affluent whose P(alive) fell below 0.5 (BG/NBD's
 *   P(alive) only falls while no purchase comes, so "below" is "has fallen").
 * - keep-from-competitor: a customer who in the last 90 days wrote about a
 *   competitor's brand (settings.competitorBrands) without rating it below 4.
 * - answer-detractor: a detractor with reach; the link is their lowest rated
 *   review of the shop's own brands, the latest of those.
 * - ask-testimonial: a customer (not a detractor, not of negative value) who in
 *   the last 90 days rated the shop's own brands 4 or more.
 * - reconsider-terms: a customer of negative net value; the driver is returns
 *   when at least 30% of their orders are refunds, otherwise the larger of the
 *   orders' cost to serve (returns, support, shipping: one column in
 *   orders.csv) and the handling cost per order.
 */
import { brandNamed } from '../model';
import { actionId, type Action, type ActionFigure, type ActionKind, type Contribution } from '../model';
import type { CustomerValue, ProfileValue } from '../value/types';
import { dayOfDate } from '../calendar/iso-week';
import { expectedValue } from './levers';

export const ACTION_RULES = { recentDays: 90, winBackBelowPAlive: 0.5, praiseMinRating: 4, returnsShareOfOrders: 0.3 } as const;

export type ActionContribution = Pick<Contribution, 'type' | 'rating' | 'date' | 'aboutOwnBrand' | 'subject' | 'text' | 'pageUrl'>;

export interface PersonForActions {
  personRef: string;
  value: CustomerValue | ProfileValue;
  contributions: readonly ActionContribution[];
}

export interface ActionSettings {
  /** The day the actions are made for (day number). */
  asOfDay: number;
  currency: string;
  competitorBrands: readonly string[];
  knowledgeValuePerReview: number;
}

/** An action as a rule proposes it, before it has a state on the to-do list. */
export type ActionProposal = Pick<Action, 'id' | 'personRef' | 'kind' | 'segment' | 'figures' | 'link' | 'expectedValue' | 'currency'>;

const isCustomer = (v: CustomerValue | ProfileValue): v is CustomerValue => 'customerId' in v;
const round = (n: number, places = 2) => Math.round(n * 10 ** places) / 10 ** places;

function recent(c: ActionContribution, settings: ActionSettings): boolean {
  const day = dayOfDate(c.date);
  return day !== null && day <= settings.asOfDay && settings.asOfDay - day < ACTION_RULES.recentDays;
}

/** The latest first (undated last). */
const byDateDesc = (a: ActionContribution, b: ActionContribution) => (b.date ?? '').localeCompare(a.date ?? '');

function commonFigures(v: CustomerValue | ProfileValue): Record<string, ActionFigure> {
  return { netValue: round(v.engagement.financial), influence: round(v.influence.score.value, 1), engagementValue: round(v.engagement.value.value) };
}

type Rule = (p: PersonForActions, s: ActionSettings) => { figures: Record<string, ActionFigure>; stake: number; link?: string } | null;

const RULES: Record<ActionKind, Rule> = {
  'thank-champion': ({ value: v }) => (v.engagement.segment === 'champions' ? { figures: commonFigures(v), stake: 0.1 * v.engagement.value.value } : null),

  'invite-advocate': ({ value: v }) =>
    v.engagement.segment === 'advocates'
      ? { figures: { ...commonFigures(v), followers: Math.round(v.influence.reachFollowers), influenceValue: round(v.engagement.influence.value) }, stake: v.engagement.influence.value }
      : null,

  'win-back-affluent': ({ value: v }) => {
    if (!isCustomer(v) || v.engagement.segment !== 'affluents') return null;
    const pAlive = v.prediction.pAlive?.value;
    if (pAlive === undefined || pAlive >= ACTION_RULES.winBackBelowPAlive) return null;
    return { figures: { ...commonFigures(v), pAlive: round(pAlive, 3), daysSinceLastPurchase: v.summary.daysSinceLastPurchase }, stake: v.engagement.financial };
  },

  'keep-from-competitor': ({ value: v, contributions }, s) => {
    if (!isCustomer(v)) return null;
    for (const c of [...contributions].sort(byDateDesc)) {
      if (!recent(c, s) || (c.rating !== undefined && c.rating < ACTION_RULES.praiseMinRating)) continue;
      const competitor = brandNamed(c, s.competitorBrands);
      if (competitor) return { figures: { ...commonFigures(v), competitor, rating: c.rating ?? null, date: c.date ?? null }, stake: v.engagement.financial, link: c.pageUrl };
    }
    return null;
  },

  'answer-detractor': ({ value: v, contributions }) => {
    if (v.engagement.segment !== 'detractor-with-reach') return null;
    const worst = contributions
      .filter((c) => c.aboutOwnBrand && c.rating !== undefined)
      .sort((a, b) => a.rating! - b.rating! || byDateDesc(a, b))[0];
    return {
      figures: { ...commonFigures(v), followers: Math.round(v.influence.reachFollowers), rating: worst?.rating ?? null, date: worst?.date ?? null },
      stake: v.engagement.influence.value,
      ...(worst ? { link: worst.pageUrl } : {}),
    };
  },

  'ask-testimonial': ({ value: v, contributions }, s) => {
    if (!isCustomer(v) || v.engagement.segment === 'detractor-with-reach' || v.engagement.segment === 'negative-value') return null;
    const praise = contributions.filter((c) => c.type === 'review' && c.aboutOwnBrand && (c.rating ?? 0) >= ACTION_RULES.praiseMinRating && recent(c, s)).sort(byDateDesc);
    const best = praise[0];
    if (!best) return null;
    return { figures: { ...commonFigures(v), rating: best.rating ?? null, date: best.date ?? null, reviews: praise.length }, stake: s.knowledgeValuePerReview + 0.1 * v.engagement.influence.value, link: best.pageUrl };
  },

  'reconsider-terms': ({ value: v }) => {
    if (!isCustomer(v) || v.engagement.segment !== 'negative-value') return null;
    const inputs = v.cost.toDate.inputs;
    const ordersCostToServe = typeof inputs['ordersCostToServe'] === 'number' ? inputs['ordersCostToServe'] : 0;
    const handling = (typeof inputs['costPerOrder'] === 'number' ? inputs['costPerOrder'] : 0) * v.summary.orders;
    const { refunds, orders } = v.summary;
    const driver = orders > 0 && refunds / orders >= ACTION_RULES.returnsShareOfOrders ? 'returns' : ordersCostToServe >= handling ? 'cost-to-serve' : 'handling';
    return {
      figures: { netValue: round(v.engagement.financial), costToDate: round(v.cost.toDate.value), ordersCostToServe: round(ordersCostToServe), handling: round(handling), refunds, orders, driver },
      stake: -v.engagement.financial,
    };
  },
};

const RULE_LIST = Object.entries(RULES) as [ActionKind, Rule][];

/** Every action that applies to one person, the most valuable first. */
export function actionsFor(person: PersonForActions, settings: ActionSettings): ActionProposal[] {
  const out: ActionProposal[] = [];
  for (const [kind, rule] of RULE_LIST) {
    const hit = rule(person, settings);
    if (!hit) continue;
    out.push({
      id: actionId(kind, person.personRef),
      personRef: person.personRef,
      kind,
      segment: person.value.engagement.segment,
      figures: hit.figures,
      ...(hit.link ? { link: hit.link } : {}),
      expectedValue: expectedValue(kind, hit.stake),
      currency: settings.currency,
    });
  }
  return out.sort((a, b) => b.expectedValue - a.expectedValue);
}

export interface SegmentActions {
  segment: string;
  kind: ActionKind;
  count: number;
  expectedValue: number;
}

/** The actions per segment and kind: how many, and what they are expected to be worth together. */
export function actionsBySegment(actions: readonly Pick<Action, 'segment' | 'kind' | 'expectedValue'>[]): SegmentActions[] {
  const groups = new Map<string, SegmentActions>();
  for (const a of actions) {
    const key = `${a.segment}|${a.kind}`;
    const g = groups.get(key) ?? { segment: a.segment, kind: a.kind, count: 0, expectedValue: 0 };
    g.count += 1;
    g.expectedValue = round(g.expectedValue + a.expectedValue);
    groups.set(key, g);
  }
  return [...groups.values()].sort((a, b) => b.expectedValue - a.expectedValue);
}
