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

describe('scratch rows shared between calls', () => {
  // Both functions reuse their working rows; a row left dirty by a longer pair would change a shorter pair's answer.
  it('gives every pair the answer it gives alone, whatever was compared before', () => {
    const pairs: [string, string][] = [
      ['martha', 'marhta'],
      ['vandenberghe-jansen-de-vries', 'vandenberg-janssen-devries'],
      ['dwayne', 'duane'],
      ['a', 'b'],
      ['jellyfish', 'smellyfish'],
      ['kuznetsova', 'kusnezowa'],
    ];
    const alone = pairs.map(([a, b]) => {
      // Fresh rows: the longest pair first grows them past these lengths, then each pair is measured.
      jaroWinkler('x'.repeat(80), 'x'.repeat(80).replace(/x/g, (_, i: number) => (i % 3 ? 'x' : 'y')));
      editDistance('y'.repeat(80), 'x'.repeat(80));
      return [jaroWinkler(a, b), editDistance(a, b), editDistance(a, b, 1)];
    });
    const inOrder = [...pairs, ...[...pairs].reverse()].map(([a, b]) => [jaroWinkler(a, b), editDistance(a, b), editDistance(a, b, 1)]);
    expect(inOrder.slice(0, pairs.length)).toEqual(alone);
    expect(inOrder.slice(pairs.length)).toEqual([...alone].reverse());
    expect(editDistance('martha', 'marhta')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
  });
});
