import { describe, expect, it } from 'vitest';
import { DECISIONS_HEADER, DecisionFieldError, decodeDecisions, encodeDecisions } from '../../../lib/crm/team/codec';
import type { TeamDecision } from '../../../lib/model';

const SECOND = 1000;
function decision(over: Partial<TeamDecision> = {}): TeamDecision {
  return { kind: 'confirm', profileId: 'instagram:janneke.vd', customerId: 'c-1', author: 'anna@shop.nl', at: 1_765_100_000 * SECOND, settles: false, ...over };
}

describe('encodeDecisions / decodeDecisions', () => {
  it('reads back exactly what it wrote, oldest first, one line per decision', () => {
    const list = [
      decision({ kind: 'reject', profileId: 'trustpilot:48213', at: 1_765_200_000 * SECOND, author: 'Bram de Vries' }),
      decision(),
      decision({ kind: 'confirm', settles: true, profileId: 'youtube:UC_x', author: 'install-7f3a', at: 1_765_300_000 * SECOND }),
    ];
    const { text, compacted } = encodeDecisions('c-1', list);
    expect(compacted).toBe(0);
    expect(text.split('\n')).toEqual([
      DECISIONS_HEADER,
      'c instagram:janneke.vd anna@shop.nl 1765100000',
      'r trustpilot:48213 Bram%20de%20Vries 1765200000',
      'C youtube:UC_x install-7f3a 1765300000',
    ]);
    expect(decodeDecisions('c-1', text)).toEqual({ decisions: [list[1], list[0], list[2]], problems: [] });
  });

  it('keeps hostile text inside its token: new lines, spaces, percent signs and other scripts', () => {
    const hostile = decision({ profileId: 'generic:a b\nc 1 r x', author: 'Ёлка 100% "; DROP\u00a0TABLE' });
    const { text } = encodeDecisions('c-1', [hostile]);
    expect(text.split('\n')).toHaveLength(2);
    expect(decodeDecisions('c-1', text).decisions).toEqual([hostile]);
  });

  it('refuses a profile id that is not valid Unicode instead of writing a line nobody can read', () => {
    expect(() => encodeDecisions('c-1', [decision({ profileId: 'x:\uD800' })])).toThrow(/not valid Unicode/);
  });

  it('writes the same decision once, and refuses one about another customer', () => {
    expect(encodeDecisions('c-1', [decision(), decision()]).text.split('\n')).toHaveLength(2);
    expect(() => encodeDecisions('c-2', [decision()])).toThrow(DecisionFieldError);
  });

  it('fits the limit by compacting the oldest plain rejections first, never confirmations or settling ones', () => {
    const rejections = Array.from({ length: 40 }, (_, i) => decision({ kind: 'reject', profileId: `instagram:namesake${i}`, at: (1_765_000_000 + i) * SECOND }));
    const keep = [decision({ at: 1_764_000_000 * SECOND }), decision({ kind: 'reject', settles: true, profileId: 'x:settled', at: 1_763_000_000 * SECOND })];
    const all = [...rejections, ...keep];
    const full = encodeDecisions('c-1', all).text;
    const limit = full.length - 200;
    const { text, compacted } = encodeDecisions('c-1', all, limit);
    expect(text.length).toBeLessThanOrEqual(limit);
    expect(compacted).toBeGreaterThan(0);
    const read = decodeDecisions('c-1', text).decisions;
    // Every pair is still rejected; only the oldest lost who and when.
    expect(read.filter((d) => d.kind === 'reject' && !d.settles).map((d) => d.profileId).sort()).toEqual(rejections.map((d) => d.profileId).sort());
    const lost = read.filter((d) => d.author === null).map((d) => d.profileId);
    expect(lost).toEqual(rejections.slice(0, compacted).map((d) => d.profileId));
    expect(read).toEqual(expect.arrayContaining(keep));
  });

  it('fails naming the customer when confirmations alone exceed the limit', () => {
    const confirms = Array.from({ length: 50 }, (_, i) => decision({ profileId: `instagram:p${i}`, at: (1_765_000_000 + i) * SECOND }));
    expect(() => encodeDecisions('c-1', confirms, 500)).toThrow(/customer c-1 .*confirmations are never dropped/);
  });

  it('reports each unreadable line by customer, line and part, and still reads the rest', () => {
    const text = [DECISIONS_HEADER, 'c instagram:ok anna 1765100000', 'x instagram:a anna 1', 'c instagram:b anna yesterday', 'c instagram:c', 'c bad%zz anna 1', 'r instagram:d %E0%A4%A anna 1', ''].join('\n');
    const { decisions, problems } = decodeDecisions('c-9', text);
    expect(decisions.map((d) => d.profileId)).toEqual(['instagram:ok']);
    expect(problems.map((p) => [p.customerId, p.line, p.field])).toEqual([
      ['c-9', 3, 'kind'],
      ['c-9', 4, 'time'],
      ['c-9', 5, 'line'],
      ['c-9', 6, 'profile'],
      ['c-9', 7, 'line'],
    ]);
  });

  it('reads an empty field as no decisions and a foreign one as a header problem', () => {
    expect(decodeDecisions('c-1', '')).toEqual({ decisions: [], problems: [] });
    expect(decodeDecisions('c-1', null)).toEqual({ decisions: [], problems: [] });
    expect(decodeDecisions('c-1', 'somebody typed here').problems).toEqual([{ customerId: 'c-1', line: 1, field: 'header', message: expect.stringContaining(DECISIONS_HEADER) }]);
  });
});
