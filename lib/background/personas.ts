/**
 * Personas in the service worker: computed after every full value run from
 * the data that run read (in time slices, like the values), stored with each
 * customer's offer, and the one message about them: a person naming and
 * tagging a persona. Customers whose CRM fields change are queued for sync.
 */
import type { EarshotDatabase } from '../db/database';
import { editPersona, personaMemberRefs, previousPersonas, recordPersonaProblem, storePersonas } from '../db/personas';
import { enqueueUpdates } from '../db/outbox-queue';
import { computePersonasAsync, PersonaInputError, type PersonaInput, type PersonaSettingsInput } from '../persona';
import { customerRef, isLinked } from '../model';
import type { Handlers } from './router';

export type PersonaMessageType = 'persona/edit';

/** Compute and store the personas for a value run; settings no run can use are recorded, not thrown. */
export async function refreshPersonas(db: EarshotDatabase, input: PersonaInput, settings: PersonaSettingsInput, now: () => number): Promise<void> {
  try {
    const result = await computePersonasAsync(input, settings, await previousPersonas(db));
    await storePersonas(db, result, now());
  } catch (error) {
    if (!(error instanceof PersonaInputError)) throw error;
    await recordPersonaProblem(db, error.message, now());
  }
}

export interface PersonaDeps {
  db: EarshotDatabase;
  now(): number;
  syncQueued(): void;
}

export function createPersonaHandlers(deps: PersonaDeps): Pick<Handlers, PersonaMessageType> {
  const { db } = deps;
  return {
    'persona/edit': async ({ persona, name, tags }) => {
      await editPersona(db, persona, { name, tags }, deps.now());
      // The persona's name reaches the CRM of every linked customer in it.
      const members = new Set(await personaMemberRefs(db, persona));
      const linked = [...new Set((await db.matches.where('status').anyOf(['auto', 'confirmed']).toArray()).filter(isLinked).map((m) => m.customerId!))];
      const queued = await enqueueUpdates(db, linked.filter((id) => members.has(customerRef(id))), deps.now());
      if (queued > 0) deps.syncQueued();
      return { queued };
    },
  };
}
