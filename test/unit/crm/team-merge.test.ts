import { describe, expect, it } from 'vitest';
import { decodeDecisions } from '../../../lib/crm/team/codec';
import type { TeamDecision } from '../../../lib/model';
import { rewriteDecisionsField } from '../../../lib/crm/team/field';
import { mergeDecisions, teamState, withoutSuperseded } from '../../../lib/crm/team/merge';

const T0 = 1_765_100_000_000;
function d(kind: 'c' | 'r' | 'C' | 'R', author: string, minute: number, profileId = 'instagram:jan', customerId = 'c-1'): TeamDecision {
  return { kind: kind.toLowerCase() === 'c' ? 'confirm' : 'reject', settles: kind === 'C' || kind === 'R', profileId, customerId, author, at: T0 + minute * 60_000 };
}
const summary = (list: readonly TeamDecision[]) => {
  const state = teamState(list);
  return {
    pairs: [...state.pairs.values()].map((p) => `${p.profileId}>${p.customerId}:${p.kind}:${p.decidedBy.author}`).sort(),
    conflicts: state.conflicts.map((c) => `${c.profileId}:${c.kind}:${c.opinions.map((o) => `${o.author}/${o.kind}>${o.customerId}`).join(',')}`),
  };
};

describe('team merge rule', () => {
  it('applies a teammate decision with its author when nobody disagrees', () => {
    expect(summary([d('c', 'anna', 1)])).toEqual({ pairs: ['instagram:jan>c-1:confirm:anna'], conflicts: [] });
    expect(summary([d('c', 'anna', 1), d('c', 'bram', 2)])).toEqual({ pairs: ['instagram:jan>c-1:confirm:bram'], conflicts: [] });
  });

  it('lists confirmed-by-one, rejected-by-another as a conflict in either order, never picking by the clock', () => {
    const a = [d('c', 'anna', 1)];
    const b = [d('r', 'bram', 2)];
    const expected = { pairs: [], conflicts: ['instagram:jan:confirmed-and-rejected:anna/confirm>c-1,bram/reject>c-1'] };
    expect(summary(mergeDecisions(a, b))).toEqual(expected);
    expect(summary(mergeDecisions(b, a))).toEqual(expected);
    expect(mergeDecisions(a, b)).toEqual(mergeDecisions(b, a));
  });

  it('lets a person change their own mind without a conflict', () => {
    expect(summary([d('c', 'anna', 1), d('r', 'anna', 5)])).toEqual({ pairs: ['instagram:jan>c-1:reject:anna'], conflicts: [] });
    expect(withoutSuperseded([d('c', 'anna', 1), d('r', 'anna', 5), d('c', 'bram', 3)]).map((x) => `${x.author}/${x.kind}`)).toEqual(['bram/confirm', 'anna/reject']);
  });

  it('resolves a conflict by a settling decision, which outranks every earlier opinion', () => {
    const conflict = [d('c', 'anna', 1), d('r', 'bram', 2)];
    expect(summary([...conflict, d('R', 'anna', 3)])).toEqual({ pairs: ['instagram:jan>c-1:reject:anna'], conflicts: [] });
    // A third person choosing outranks both earlier opinions, though neither person changed theirs.
    expect(summary([...conflict, d('R', 'carla', 3)])).toEqual({ pairs: ['instagram:jan>c-1:reject:carla'], conflicts: [] });
    // Decision times are whole seconds: a choice made in the same second as the opinions it settles settles them.
    expect(summary([...conflict, d('C', 'bram', 2)])).toEqual({ pairs: ['instagram:jan>c-1:confirm:bram'], conflicts: [] });
    // A new opinion after the settling one can open it again.
    expect(summary([...conflict, d('R', 'anna', 3), d('c', 'carla', 4)]).conflicts).toHaveLength(1);
  });

  it('lists two confirmations of one profile to different customers, and a settling one decides', () => {
    const two = [d('c', 'anna', 1, 'instagram:jan', 'c-1'), d('c', 'bram', 2, 'instagram:jan', 'c-2')];
    expect(summary(two)).toEqual({ pairs: [], conflicts: ['instagram:jan:two-customers:anna/confirm>c-1,bram/confirm>c-2'] });
    expect(summary([...two, d('C', 'anna', 3, 'instagram:jan', 'c-2')])).toEqual({ pairs: ['instagram:jan>c-2:confirm:anna'], conflicts: [] });
  });

  it('takes a person confirming the profile to another customer as moving their link, not as a conflict', () => {
    expect(summary([d('c', 'anna', 1, 'instagram:jan', 'c-1'), d('c', 'anna', 2, 'instagram:jan', 'c-2')])).toEqual({ pairs: ['instagram:jan>c-2:confirm:anna'], conflicts: [] });
  });

  it('keeps what both installs wrote when they edit the same contact one after the other (read-modify-write)', () => {
    const crm = { text: '' };
    // Both read the empty field; A writes first; B's write finds A's text changed and re-reads.
    const readByB = crm.text;
    crm.text = rewriteDecisionsField('c-1', crm.text, [d('c', 'anna', 1)]).text;
    const blind = rewriteDecisionsField('c-1', readByB, [d('r', 'bram', 2, 'instagram:other')]);
    expect(blind.text).not.toContain('anna');
    // The version check fails, so B merges with what is there now instead.
    crm.text = rewriteDecisionsField('c-1', crm.text, [d('r', 'bram', 2, 'instagram:other')]).text;
    const held = decodeDecisions('c-1', crm.text).decisions.map((x) => `${x.author}/${x.kind}/${x.profileId}`);
    expect(held).toEqual(['anna/confirm/instagram:jan', 'bram/reject/instagram:other']);
    // The same install writing twice adds nothing.
    expect(rewriteDecisionsField('c-1', crm.text, [d('c', 'anna', 1)]).changed).toBe(false);
  });

  it('refuses to rewrite a field with a line it cannot read, naming the customer and the line', () => {
    expect(() => rewriteDecisionsField('c-7', 'earshot-decisions/1\nc instagram:jan anna 1765100000\n?? typed by hand', [d('c', 'bram', 2, 'instagram:x', 'c-7')])).toThrow(/customer c-7 .*line 3/);
  });

  it('leaves an empty field empty when there is nothing to write', () => {
    expect(rewriteDecisionsField('c-1', '', [])).toEqual({ text: '', decisions: [], compacted: 0, changed: false });
  });
});

describe('team tags', () => {
  it('keeps additions from both sides and removals from either, by label whatever its case', async () => {
    const { mergeTags } = await import('../../../lib/crm/team/tags');
    expect(mergeTags(['vip', 'Gift box'], ['Ambassador'], [])).toEqual(['Ambassador', 'Gift box', 'vip']);
    // Removed here since the last sync: it does not come back from the CRM.
    expect(mergeTags(['vip', 'gift box'], ['gift box'], ['vip', 'gift box'])).toEqual(['gift box']);
    // Removed by a teammate: it goes here too.
    expect(mergeTags(['gift box'], ['VIP', 'gift box'], ['vip', 'gift box'])).toEqual(['gift box']);
    expect(mergeTags(['VIP'], ['vip'], ['vip'])).toEqual(['vip']);
  });
});
