/**
 * Writing one contact's decisions when other installs may write it too. The
 * CRMs Earshot speaks to have no conditional update of a contact field, so the
 * write is checked instead: read, merge, write, read again; if a teammate's
 * write in between replaced ours, merge with theirs and write again. Every
 * write is a union, so a teammate who writes after us keeps our lines too.
 * Where the CRM gives the field's history (HubSpot; Pipedrive's changelog), lines a teammate wrote
 * between our read and our write, which our write replaced, are written
 * again with ours (history.ts).
 */
import { decisionKey, type TeamDecision } from '../../model';
import { SyncError } from '../http';
import { decodeDecisions } from './codec';
import { rewriteDecisionsField, type RewrittenField } from './field';
import { mergeDecisions } from './merge';
import { versionsMissed, type FieldVersion } from './history';

/** The field's text now, and (where the CRM keeps one) its history, oldest first, ending with `text`. */
export interface FieldSnapshot {
  text: string | null;
  history?: FieldVersion<string>[];
}

export interface FieldIo {
  read(): Promise<FieldSnapshot>;
  write(text: string): Promise<void>;
}

export const WRITE_ATTEMPTS = 3;

export async function writeDecisionsChecked(io: FieldIo, customerId: string, decisions: readonly TeamDecision[], limit?: number): Promise<RewrittenField> {
  const wanted = decisions.filter((d) => d.customerId === customerId);
  // Teammates' decisions our write replaced (found in the history): written again with ours.
  let missed: TeamDecision[] = [];
  let current = await io.read();
  for (let attempt = 0; attempt < WRITE_ATTEMPTS; attempt += 1) {
    const next = rewriteDecisionsField(customerId, current.text, [...wanted, ...missed], limit);
    if (!next.changed) return next;
    const readVersion = current.history?.at(-1)?.id ?? null;
    await io.write(next.text);
    current = await io.read();
    const between = versionsMissed(current.history, readVersion, (text) => text === next.text);
    missed = mergeDecisions(missed, between.flatMap((text) => decodeDecisions(customerId, text).decisions));
    const after = decodeDecisions(customerId, current.text).decisions;
    const held = new Set(after.map(decisionKey));
    // Compacted rejections are held by pair only: those lines were checked by the rewrite itself.
    if (between.length === 0 && next.decisions.every((d) => d.author === null || held.has(decisionKey(d)))) return { ...next, decisions: after };
  }
  throw new SyncError(`The decisions on customer ${customerId} kept changing while Earshot wrote them (${WRITE_ATTEMPTS} tries); they are written at the next sync.`, {
    kind: 'rejected',
    transient: true,
    mayHaveApplied: true,
  });
}
