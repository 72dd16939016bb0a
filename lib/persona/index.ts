/**
 * Personas, the value of segments and personas, what to spend to keep and
 * to win customers, and an offer per customer: one computation over a value
 * run (lib/value), the CRM's customers and the captured people linked to
 * them. Like lib/value it is a generator: the command line runs it straight
 * through (computePersonas), the service worker in time slices
 * (computePersonasAsync). README.md explains the method and every default.
 */
import { z } from '../zod';
import { ENGAGEMENT_SEGMENTS, RFM_SEGMENTS } from '../value/types';
import { DAYS_PER_MONTH } from '../value/clv';
import { runSteps, runStepsAsync, type AsyncRunOptions, type Steps } from '../value/schedule';
import { acquisitionPlans, lifetimeValue } from './acquisition';
import { centresOf, clusterSteps } from './cluster';
import { figuresOf, offerSummary, overallShares, PersonaTally, traitsOf } from './describe';
import { gatherFactsSteps, type CustomerFacts, type PersonaInput } from './facts';
import { buildFeaturesSteps } from './features';
import { GroupTally, groupValue, retentionPlanSteps, type RetentionContext } from './groups';
import { composeName, englishWords } from './names';
import { audienceCountries, offerFor } from './offers';
import { PersonaSettings, type PersonaSettingsInput } from './settings';
import type { GroupValue, Offer, OfferKind, Persona, PersonaRunRecord, RetentionPlan } from './types';

export * from './types';
export { PersonaSettings, DEFAULT_PERSONA_SETTINGS, type PersonaSettingsInput } from './settings';
export type { PersonaInput, PersonaCustomer, PersonaProfile, PersonaContribution, PersonaValueRun } from './facts';
export { offerInWords } from './offers';
export { offerLabel, personaName } from './labels';
export { offerCsvLines, OFFER_CSV_HEADER, type OfferRow, type OfferCsvContext } from './offer-csv';
export { composeName, englishWords, traitPhrases, PLATFORM_LABEL, type NameWords } from './names';

export class PersonaInputError extends Error {
  override name = 'PersonaInputError';
}

/** What the last run left for the next: persona centres and ids, so identities carry over. */
export type PreviousPersonas = Pick<PersonaRunRecord, 'lastId' | 'retired'> & { personas: readonly Pick<Persona, 'id' | 'centre' | 'since' | 'autoName'>[] };

export interface PersonaMemberResult {
  customerId: string;
  persona: string;
  atRisk: boolean | null;
  offer: Offer;
}

export interface PersonaResult {
  record: Omit<PersonaRunRecord, 'computedAt'>;
  members: PersonaMemberResult[];
}

export function computePersonas(input: PersonaInput, settings: PersonaSettingsInput, previous: PreviousPersonas | null): PersonaResult {
  return runSteps(computePersonasSteps(input, settings, previous));
}

export function computePersonasAsync(input: PersonaInput, settings: PersonaSettingsInput, previous: PreviousPersonas | null, options?: AsyncRunOptions): Promise<PersonaResult> {
  return runStepsAsync(computePersonasSteps(input, settings, previous), options);
}

const PROBLEMS_KEPT = 20;

export function* computePersonasSteps(input: PersonaInput, settingsInput: PersonaSettingsInput, previous: PreviousPersonas | null): Steps<PersonaResult> {
  const parsed = PersonaSettings.safeParse(settingsInput);
  if (!parsed.success) throw new PersonaInputError(`persona settings: ${z.prettifyError(parsed.error).replace(/\n\s*/g, ' ')}`);
  const settings = parsed.data;
  const { run } = input;
  const asOf = run.asOf;
  const { facts, problems } = yield* gatherFactsSteps(input, settings);
  const n = facts.length;

  // Personas and their identities.
  const features = yield* buildFeaturesSteps(facts);
  const clustered = n > 0 ? yield* clusterSteps(features, settings, previous?.personas.map((p) => p.centre) ?? null) : null;
  let lastId = previous?.lastId ?? 0;
  const k = clustered?.clustering.protos.k ?? 0;
  const ids = Array.from({ length: k }, (_, c) => clustered!.continues[c] ?? `P${++lastId}`);
  const labels = clustered?.clustering.labels ?? new Int32Array(0);

  // Every customer into their segment, RFM group and persona.
  const base = new GroupTally();
  const segments = new Map<string, GroupTally>();
  const rfm = new Map<string, GroupTally>();
  const personaGroups = ids.map(() => new GroupTally());
  for (let i = 0; i < n; i++) {
    if (i % CHUNK === 0 && i > 0) yield { phase: 'personas', done: i, total: n };
    const f = facts[i]!;
    const persona = ids[labels[i]!]!;
    base.add(f, persona);
    tallyOf(segments, f.segment).add(f, persona);
    if (f.rfm) tallyOf(rfm, f.rfm).add(f, persona);
    personaGroups[labels[i]!]!.add(f, f.segment);
  }
  const horizonYears = (run.settings.horizonMonths * DAYS_PER_MONTH) / 365.25;
  const context: RetentionContext = { settings: settings.retention, discountRate: run.settings.discountRate, horizonYears, base };
  const personaPlans: RetentionPlan[] = [];
  for (const tally of personaGroups) personaPlans.push(yield* retentionPlanSteps(tally, context));

  // Each customer's offer, under their persona's retention response.
  const newCustomerValue = meanLifetimeValue(facts, run.settings.margin);
  const audience = audienceCountries(facts, settings.offers.audienceShare);
  const offers: Offer[] = [];
  const tallies = ids.map(() => new PersonaTally());
  for (let i = 0; i < n; i++) {
    if (i % OFFER_CHUNK === 0 && i > 0) yield { phase: 'personas', done: i, total: n };
    const plan = personaPlans[labels[i]!]!;
    const offer = offerFor(facts[i]!, {
      settings: settings.offers,
      model: { ceiling: plan.ceiling, k: plan.k },
      currentSpend: plan.currentSpend,
      discountRate: run.settings.discountRate,
      horizonYears,
      marginRate: run.settings.margin,
      newCustomerValue,
      audience,
    });
    offers.push(offer);
    tallies[labels[i]!]!.add(facts[i]!, offer, features.cat, i);
  }

  // Describe and name them.
  const overall = overallShares(features);
  const words = englishWords(settings.topics);
  const withPeople = new Set(settings.topics.filter((t) => t.people).map((t) => t.id));
  const since = new Map(previous?.personas.map((p) => [p.id, p.since]) ?? []);
  const centres = clustered ? centresOf(clustered.clustering.protos, features, ids) : [];
  const names = new Set<string>();
  const personas: Persona[] = [];
  for (const [c, id] of ids.entries()) {
    yield { phase: 'personas', done: c, total: k };
    const traits = traitsOf(c, clustered!.clustering.protos, tallies[c]!, features, overall);
    let autoName = composeName(traits, words, withPeople);
    if (names.has(autoName)) autoName = `${autoName} (${id})`;
    names.add(autoName);
    personas.push({ id, autoName, traits, ...figuresOf(tallies[c]!), centre: centres[c]!, since: since.get(id) ?? asOf });
  }

  // Values of segments, personas and RFM groups, each with the groups of another kind they hold.
  const segmentValues: GroupValue[] = [];
  for (const segment of ENGAGEMENT_SEGMENTS) {
    const tally = segments.get(segment);
    if (tally) segmentValues.push(groupValue('segment', segment, tally, yield* retentionPlanSteps(tally, context)));
    yield { phase: 'personas', done: segmentValues.length, total: null };
  }
  const rfmValues: GroupValue[] = [];
  for (const segment of RFM_SEGMENTS) {
    const tally = rfm.get(segment);
    if (tally) rfmValues.push(groupValue('rfm', segment, tally, yield* retentionPlanSteps(tally, context)));
    yield { phase: 'personas', done: rfmValues.length, total: null };
  }
  const personaValues: GroupValue[] = [];
  for (const [c, id] of ids.entries()) {
    yield { phase: 'personas', done: c, total: k };
    personaValues.push(groupValue('persona', id, personaGroups[c]!, personaPlans[c]!));
  }

  const continued = new Set(ids);
  const retired = [...(previous?.retired ?? []), ...(previous?.personas ?? []).filter((p) => !continued.has(p.id)).map((p) => ({ id: p.id, autoName: p.autoName }))];
  yield { phase: 'personas', done: 0, total: null };
  const acquisition = acquisitionPlans(facts, settings.acquisition, run.settings.margin, settings.retention.minCustomers);
  const totals = new Map<OfferKind, { customers: number; gain: number }>();
  for (const tally of tallies) {
    for (const [kind, t] of tally.offers) {
      const sum = totals.get(kind) ?? { customers: 0, gain: 0 };
      sum.customers += t.customers;
      sum.gain += t.gain;
      totals.set(kind, sum);
    }
  }
  yield { phase: 'personas', done: 0, total: null };
  const members: PersonaMemberResult[] = [];
  for (let i = 0; i < n; i++) {
    if (i % CHUNK === 0 && i > 0) yield { phase: 'personas', done: i, total: n };
    members.push({ customerId: facts[i]!.id, persona: ids[labels[i]!]!, atRisk: facts[i]!.atRisk, offer: offers[i]! });
  }
  const order = personas.map((_, c) => c).sort((a, b) => personas[b]!.customers - personas[a]!.customers || (ids[a]! < ids[b]! ? -1 : 1));
  return {
    record: {
      asOf,
      currency: run.settings.currency,
      method: clustered?.report ?? { k: 0, customers: 0, sample: 0, silhouetteSample: 0, scores: [], choice: 'first', silhouette: 0, iterations: 0, converged: true, cost: 0 },
      personas: order.map((c) => personas[c]!),
      lastId,
      retired,
      groups: { segment: segmentValues, persona: order.map((c) => personaValues[c]!), rfm: rfmValues },
      acquisition: acquisition.plans,
      acquisitionNote: acquisition.note,
      offers: offerSummary([...totals]),
      problems: problems.slice(0, PROBLEMS_KEPT),
      problemCount: problems.length,
    },
    members,
  };
}

const CHUNK = 2048;
/** An offer weighs a dozen retention values: fewer customers between turns. */
const OFFER_CHUNK = 512;

function tallyOf(map: Map<string, GroupTally>, key: string): GroupTally {
  let tally = map.get(key);
  if (!tally) map.set(key, (tally = new GroupTally()));
  return tally;
}

/** The lifetime net value of a new customer: the mean over the customers with purchases. */
function meanLifetimeValue(facts: readonly CustomerFacts[], margin: number): number {
  let sum = 0;
  let buyers = 0;
  for (const f of facts) {
    if (f.purchases === 0) continue;
    sum += lifetimeValue(f, margin);
    buyers += 1;
  }
  return buyers > 0 ? sum / buyers : 0;
}
