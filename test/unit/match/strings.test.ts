import { describe, expect, it } from 'vitest';
import { editDistance, jaroWinkler } from '../../../lib/match/engine/strings';

describe('jaroWinkler', () => {
  // Reference values from Winkler (1990) / the Jaro-Winkler literature.
  it.each([
    ['martha', 'marhta', 0.961],
    ['dwayne', 'duane', 0.84],
    ['dixon', 'dicksonx', 0.813],
    ['jellyfish', 'smellyfish', 0.896],
  ])('%s ~ %s = %f', (a, b, expected) => {
    expect(jaroWinkler(a, b)).toBeCloseTo(expected, 3);
  });

  it('is 1 for equal strings, 0 with nothing in common or an empty side', () => {
    expect(jaroWinkler('vries', 'vries')).toBe(1);
    expect(jaroWinkler('abc', 'xyz')).toBe(0);
    expect(jaroWinkler('', 'vries')).toBe(0);
  });

  it('is symmetric', () => {
    for (const [a, b] of [['janssen', 'jansen'], ['kuznetsov', 'kuznecov'], ['berg', 'bergh']] as const) {
      expect(jaroWinkler(a, b)).toBeCloseTo(jaroWinkler(b, a), 12);
    }
  });
});

describe('editDistance', () => {
  it('counts insertions, deletions, substitutions and adjacent transpositions as one edit each', () => {
    expect(editDistance('19560409', '19560409')).toBe(0);
    expect(editDistance('19560409', '19650409')).toBe(1); // transposition
    expect(editDistance('1804974', '1804975')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
  });

  it('stops early past the bound', () => {
    expect(editDistance('aaaaaaaa', 'bbbbbbbb', 2)).toBe(3);
    expect(editDistance('a', 'abcdef', 2)).toBe(3);
  });
});
