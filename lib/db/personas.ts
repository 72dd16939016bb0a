/**
 * Storing personas: the run's record (personas, group values, retention and
 * acquisition plans) once in meta, each customer's persona and offer in the
 * personaMembers table (indexed by persona, for the People filter), and what
 * a person gave a persona (a name, tags) in meta under the persona's id, so
 * a new run never loses them.
 */
import { z } from '../zod';
import { customerRef } from '../model';
import {
  PersonaEdit,
  PersonaEdits,
  PersonaMember,
  PersonaRunRecord,
  offerInWords,
  offerLabel,
  personaName,
  type PersonaResult,
  type PreviousPersonas,
} from '../persona';
import type { EarshotDatabase } from './database';
import { crmValuesOf } from './values';
import { deleteMeta, metaKey, metaView, readMetaIfValid, writeMeta } from './meta';

export const PERSONA_RUN_META_KEY = 'persona.run';
export const PERSONA_EDITS_META_KEY = 'persona.edits';
export const PERSONA_PROBLEM_META_KEY = 'persona.problem';
const PERSONA_RUN = metaKey(PERSONA_RUN_META_KEY, PersonaRunRecord);
const PERSONA_EDITS = metaKey(PERSONA_EDITS_META_KEY, PersonaEdits);

const BATCH = 5000;

/** Replace the stored personas and every customer's membership with a run's. */
export async function storePersonas(db: EarshotDatabase, result: PersonaResult, now: number): Promise<void> {
  const record: PersonaRunRecord = { ...result.record, computedAt: now };
  const rows: PersonaMember[] = result.members.map((m) => ({ personRef: customerRef(m.customerId), persona: m.persona, atRisk: m.atRisk, offer: m.offer }));
  await db.transaction('rw', [db.personaMembers, db.meta], async () => {
    await db.personaMembers.clear();
    for (let i = 0; i < rows.length; i += BATCH) await db.personaMembers.bulkPut(rows.slice(i, i + BATCH));
    await writeMeta(db, PERSONA_RUN, record, now);
    await deleteMeta(db, PERSONA_PROBLEM);
  });
}

/** The stored run, or undefined when there is none (or it no longer reads as one). */
export async function personaRun(db: EarshotDatabase): Promise<PersonaRunRecord | undefined> {
  return readMetaIfValid(db, PERSONA_RUN);
}

/** What the next run starts from: the stored personas' centres and ids. */
export async function previousPersonas(db: EarshotDatabase): Promise<PreviousPersonas | null> {
  const run = await personaRun(db);
  return run ? { personas: run.personas, lastId: run.lastId, retired: run.retired } : null;
}

export async function personaEdits(db: EarshotDatabase): Promise<PersonaEdits> {
  return (await readMetaIfValid(db, PERSONA_EDITS)) ?? {};
}

/** Give a persona a name of its own (an empty name goes back to the one made from its traits) and tags. */
export async function editPersona(db: EarshotDatabase, id: string, edit: PersonaEdit, now: number): Promise<void> {
  const checked = PersonaEdit.parse(edit);
  await db.transaction('rw', db.meta, async () => {
    const edits = await personaEdits(db);
    if (!checked.name && checked.tags.length === 0) delete edits[id];
    else edits[id] = { name: checked.name, tags: [...new Map(checked.tags.map((t) => [t.toLowerCase(), t])).values()] };
    await writeMeta(db, PERSONA_EDITS, edits, now);
  });
}

/** The customers of a persona, as directory refs. */
export async function personaMemberRefs(db: EarshotDatabase, personaId: string): Promise<string[]> {
  return (await db.personaMembers.where('persona').equals(personaId).primaryKeys()) as string[];
}

/** Just the personas' names and the currency of the stored run: what a CRM field needs, without the plans and curves. */
const RUN_NAMES = metaView(PERSONA_RUN, z.object({ currency: z.string(), personas: z.array(z.object({ id: z.string(), autoName: z.string() }).loose()) }).loose());

/** The persona and offer fields a CRM receives for a customer, flat and small; undefined before personas exist. */
export async function crmPersonaValuesOf(db: EarshotDatabase, customerId: string): Promise<Record<string, unknown> | undefined> {
  const member = PersonaMember.safeParse(await db.personaMembers.get(customerRef(customerId)));
  if (!member.success) return undefined;
  const [run, edits] = await Promise.all([readMetaIfValid(db, RUN_NAMES), personaEdits(db)]);
  const persona = run?.personas.find((p) => p.id === member.data.persona);
  const { offer } = member.data;
  return {
    persona: member.data.persona,
    personaName: persona ? personaName(persona, edits) : null,
    personaTags: edits[member.data.persona]?.tags.join(', ') ?? '',
    offer: offerLabel(offer),
    offerGain: Math.round(offer.gain * 100) / 100,
    offerReason: offerInWords(offer, run?.currency ?? ''),
  };
}

/** Everything a CRM receives about a customer's value: the value model's figures, their persona and their offer. */
export async function crmFieldsOf(db: EarshotDatabase, customerId: string): Promise<Record<string, unknown> | undefined> {
  const [values, persona] = await Promise.all([crmValuesOf(db, customerId), crmPersonaValuesOf(db, customerId)]);
  return values || persona ? { ...values, ...persona } : undefined;
}

/** Why the last persona run stopped (settings that do not parse), for the workspace to show. */
export const PersonaProblem = z.object({ at: z.number(), message: z.string() });
export type PersonaProblem = z.infer<typeof PersonaProblem>;
const PERSONA_PROBLEM = metaKey(PERSONA_PROBLEM_META_KEY, PersonaProblem);

export async function recordPersonaProblem(db: EarshotDatabase, message: string, now: number): Promise<void> {
  await writeMeta(db, PERSONA_PROBLEM, { at: now, message }, now);
}

export async function personaProblem(db: EarshotDatabase): Promise<PersonaProblem | undefined> {
  return readMetaIfValid(db, PERSONA_PROBLEM);
}
