/**
 * The workspace's personas: the stored run (personas, group values, spend
 * plans), the names and tags people gave them, and why the last run stopped
 * if it did. Read together so a card never shows one run's figures under
 * another's names.
 */
import type { EarshotDatabase } from '../db/database';
import { personaEdits, personaProblem, personaRun, type PersonaProblem } from '../db/personas';
import type { PersonaEdits, PersonaRunRecord } from '../persona';

export interface PersonaOverview {
  run: PersonaRunRecord | undefined;
  edits: PersonaEdits;
  problem: PersonaProblem | undefined;
}

export async function personaOverview(db: EarshotDatabase): Promise<PersonaOverview> {
  const [run, edits, problem] = await Promise.all([personaRun(db), personaEdits(db), personaProblem(db)]);
  return { run, edits, problem };
}
