/**
 * Writing one contact's decisions when other installs may write it too. The
 * CRMs Earshot speaks to have no conditional update of a contact field, so the
 * write is checked instead: read, merge, write, read again; if a teammate's
 * write in between replaced ours, merge with theirs and write again. Every
 * write is a union, so a teammate who writes after us keeps our lines too.
 */
import { decisionKey, type TeamDecision } from '../../model';
import { SyncError } from '../http';
import { decodeDecisions } from './codec';
import { rewriteDecisionsField, type RewrittenField } from './field';

export interface FieldIo {
  read(): Promise<string | null>;
  write(text: string): Promise<void>;
}

export const WRITE_ATTEMPTS = 3;

export async function writeDecisionsChecked(io: FieldIo, customerId: string, decisions: readonly TeamDecision[], limit?: number): Promise<RewrittenField> {
  const wanted = decisions.filter((d) => d.customerId === customerId);
  for (let attempt = 0; attempt < WRITE_ATTEMPTS; attempt += 1) {
    const next = rewriteDecisionsField(customerId, await io.read(), wanted, limit);
    if (!next.changed) return next;
    await io.write(next.text);
    const after = decodeDecisions(customerId, await io.read()).decisions;
    const held = new Set(after.map(decisionKey));
    // Compacted rejections are held by pair only: those lines were checked by the rewrite itself.
    if (next.decisions.every((d) => d.author === null || held.has(decisionKey(d)))) return { ...next, decisions: after };
  }
  throw new SyncError(`The decisions on customer ${customerId} kept changing while Earshot wrote them (${WRITE_ATTEMPTS} tries); they are written at the next sync.`, {
    kind: 'rejected',
    transient: true,
    mayHaveApplied: true,
  });
}
