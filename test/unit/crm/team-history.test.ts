import { describe, expect, it } from 'vitest';
import { versionsMissed, type FieldVersion } from '../../../lib/crm/team/history';

const v = (id: string, value: string): FieldVersion<string> => ({ id, value });
const isOurs = (value: string) => value === 'ours';

describe('the writes a checked write missed, from a field history', () => {
  it('gives the values between the version read and our write, oldest first, and none after it', () => {
    const history = [v('1', 'read'), v('2', 'b'), v('3', 'c'), v('4', 'ours'), v('5', 'after')];
    expect(versionsMissed(history, '1', isOurs)).toEqual(['b', 'c']);
  });

  it('counts every value from the start when the field had none at the read', () => {
    expect(versionsMissed([v('1', 'b'), v('2', 'ours')], null, isOurs)).toEqual(['b']);
  });

  it('says nothing without a history, when the version read is no longer in it, or when our write is not', () => {
    expect(versionsMissed(undefined, '1', isOurs)).toEqual([]);
    expect(versionsMissed([v('7', 'b'), v('8', 'ours')], '1', isOurs)).toEqual([]);
    expect(versionsMissed([v('1', 'read'), v('2', 'b')], '1', isOurs)).toEqual([]);
  });
});
