import { describe, expect, it } from 'vitest';
import { describeEvidence, EVIDENCE_WORDS, explainDecision, formatWeight, REASON_WORDS } from '../../../lib/match/explain';
import { PERSONA_COMPARISONS } from '../../../lib/match/comparisons';

describe('evidence in words', () => {
  it('says what agreed, with the values and the weight', () => {
    expect(describeEvidence({ field: 'given', comparison: 'nickname', weight: 6.08, profileValue: 'hans', customerValue: 'johannes' })).toBe('First name agrees (nickname: Hans = Johannes) +6.1');
    expect(describeEvidence({ field: 'place', comparison: 'city', weight: 3.2, customerValue: 'utrecht' })).toBe('Lives in the same city (Utrecht) +3.2');
    expect(describeEvidence({ field: 'place', comparison: 'other-country', weight: -4, profileValue: 'moskva', customerValue: 'utrecht' })).toBe('Different country (Moskva, CRM: Utrecht) −4.0');
    expect(describeEvidence({ field: 'prior', comparison: 'base-rate', weight: -15.02, customerValue: '10000' })).toBe('Starting point: one of 10,000 customers −15.0');
  });

  it('leaves out a bracket whose values are unknown', () => {
    expect(describeEvidence({ field: 'surname', comparison: 'exact', weight: 7.8 })).toBe('Surname agrees +7.8');
  });

  it('has words for every level of every comparison and every reason', () => {
    for (const c of PERSONA_COMPARISONS) for (const l of c.levels) expect(EVIDENCE_WORDS[`${c.field}.${l.id}`], `${c.field}.${l.id}`).toBeDefined();
    // Every reason has its sentence, and every reason recorded with the evidence (why a none is a none,
    // why a person is asked) has its evidence line.
    expect(Object.keys(REASON_WORDS).sort()).toEqual(
      ['below-threshold', 'close-candidates', 'competing-profile', 'confirmed', 'email-in-bio', 'given-name-only', 'identifier-elsewhere', 'identifier-name-conflict', 'first-name-unknown', 'initial-only', 'known-handle', 'name-only', 'no-candidates', 'not-certain', 'score', 'several-known', 'website-only'].sort(),
    );
    for (const reason of ['below-threshold', 'given-name-only', 'no-candidates', 'not-certain', 'name-only', 'initial-only', 'first-name-unknown', 'website-only', 'identifier-elsewhere', 'close-candidates', 'several-known', 'identifier-name-conflict', 'competing-profile']) {
      expect(EVIDENCE_WORDS[`decision.${reason}`], reason).toBeDefined();
    }
    for (const line of ['prior.other-candidates']) expect(EVIDENCE_WORDS[line], line).toBeDefined();
  });

  it('says a decision line without a weight', () => {
    expect(describeEvidence({ field: 'decision', comparison: 'given-name-only', weight: 0 })).toMatch(/^Only a first name/);
    expect(describeEvidence({ field: 'surname', comparison: 'initial', weight: 3.6, profileValue: 'V.', customerValue: 'vries' })).toBe('Surname initial agrees (V. = Vries) +3.6');
  });

  it('can be given another language table', () => {
    const dutch = { ...EVIDENCE_WORDS, 'place.city': 'Woont in dezelfde stad ({customer})' };
    expect(describeEvidence({ field: 'place', comparison: 'city', weight: 3.24, customerValue: 'utrecht' }, dutch)).toBe('Woont in dezelfde stad (Utrecht) +3.2');
  });

  it('explains a decision: reason first, then the evidence', () => {
    const lines = explainDecision('name-only', [{ field: 'surname', comparison: 'exact', weight: 7.8 }]);
    expect(lines[0]).toMatch(/namesakes/);
    expect(lines[1]).toBe('Surname agrees +7.8');
  });

  it('formats weights with a real minus sign', () => {
    expect(formatWeight(-4)).toBe('−4.0');
    expect(formatWeight(0.04)).toBe('0.0');
    expect(formatWeight(12.345)).toBe('+12.3');
  });
});
