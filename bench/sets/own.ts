/**
 * The project's own persona generator (lib/sample/personas.ts) as a linkage
 * set. It was written by the matcher's authors, so the matcher is scored on it
 * for continuity only: its figures say nothing about data the project did not make.
 */
import { generateCustomers, SAMPLE_DEFAULTS } from '../../lib/sample/crm';
import { generatePersonas } from '../../lib/sample/personas';
import type { LinkageSet } from './types';

export function ownPersonaSet(options: { seed: number; customers?: number; customerProfiles: number; strangers: number; namesakes: number }): LinkageSet {
  const crm = generateCustomers({ customers: options.customers ?? SAMPLE_DEFAULTS.customers, seed: options.customers ? 99 : SAMPLE_DEFAULTS.seed });
  const personas = generatePersonas(crm, options);
  return {
    name: `own-personas-${crm.length}-seed${options.seed}`,
    source: "the project's own generator (lib/sample/personas.ts), written with the matcher",
    customers: crm.map((c) => c.customer),
    profiles: personas.map((p) => p.profile),
    truth: new Map(personas.map((p) => [p.profile.id, p.truth])),
    // The generator's own judgement of what a matcher cannot find.
    noEvidence: new Set(personas.filter((p) => p.truth !== null && !p.findable).map((p) => p.profile.id)),
    heldOut: false,
  };
}
