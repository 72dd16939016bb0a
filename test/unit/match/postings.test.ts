import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { PostingLists } from '../../../lib/match/postings';

/** Posting lists kept the plain way, to compare the compact ones with. */
function plain(adds: readonly [string, number][]): Map<string, number[]> {
  const lists = new Map<string, number[]>();
  for (const [key, ordinal] of adds) lists.set(key, [...(lists.get(key) ?? []), ordinal]);
  return lists;
}

function expectSame(compact: PostingLists, expected: Map<string, number[]>): void {
  for (const [key, list] of expected) {
    expect(Array.from(compact.get(key) ?? []), key).toEqual(list);
    expect(compact.count(key), key).toBe(list.length);
  }
  expect(Object.fromEntries(compact.counts())).toEqual(Object.fromEntries([...expected].map(([k, l]) => [k, l.length])));
  expect(compact.keyCount).toBe(expected.size);
}

describe('compact posting lists', () => {
  it('answer a key of one customer, of several, and of none', () => {
    const lists = new PostingLists();
    lists.add('id:C1', 0);
    lists.add('n:jan|vos', 0);
    lists.add('n:jan|vos', 1);
    lists.pack();
    expect(Array.from(lists.get('id:C1')!)).toEqual([0]);
    expect(Array.from(lists.get('n:jan|vos')!)).toEqual([0, 1]);
    expect(lists.get('n:piet|vos')).toBeUndefined();
    expect(lists.count('n:piet|vos')).toBe(0);
  });

  it('keep every list as added, whether packed between adds or not', () => {
    const key = fc.constantFrom('a', 'b', 'c', 'd', 'e');
    const step = fc.oneof(fc.tuple(key, fc.nat({ max: 1000 })), fc.constant('pack' as const));
    fc.assert(
      fc.property(fc.array(step, { maxLength: 60 }), (steps) => {
        const lists = new PostingLists();
        const adds: [string, number][] = [];
        for (const s of steps) {
          if (s === 'pack') lists.pack();
          else {
            lists.add(s[0], s[1]);
            adds.push(s);
          }
        }
        expectSame(lists, plain(adds));
        lists.pack();
        expectSame(lists, plain(adds));
      }),
    );
  });
});
