import { describe, expect, it } from 'vitest';
import { customerAsProfile, customerRecord, decodeRecord, encodeRecord, profileFeatures } from '../../../lib/match/features';
import { addCount, emptyCountsOfCounts, smoothedCount } from '../../../lib/match/frequency';
import type { Customer } from '../../../lib/model';

describe('profileFeatures: what a captured profile shows', () => {
  it('reads a social profile: name, handle, bio emails, mentions, links and place', () => {
    const f = profileFeatures({
      platform: 'instagram',
      key: 'janneke.vd',
      displayName: '✨Janneke vd Berg✨ | bakes 🍰',
      location: 'Utrecht, NL',
      bio: 'Thuisbakker 🍰 | Bestellen: janneke.vdberg@ziggo.nl | ook @janneke.bakt | www.jannekebakt.nl',
      website: 'https://linktr.ee/janneke.vd',
    });
    expect(f.names[0]).toEqual({ given: ['janneke'], prefix: 'vd', surname: 'berg' });
    expect(f.identifiers.map((i) => [i.platform, i.handle])).toEqual([
      ['instagram', 'janneke.vd'],
      ['any', 'janneke.vdberg'],
      ['any', 'janneke.bakt'],
      // The Linktree link names the same handle, seen in text (any platform).
      ['any', 'janneke.vd'],
    ]);
    expect(f.emails).toEqual([{ local: 'janneke.vdberg', domain: 'ziggo.nl' }]);
    expect(f.domains).toEqual(['jannekebakt.nl']);
    expect(f.place).toEqual({ city: 'NL:utrecht', region: 'NL-UT', country: 'NL' });
  });

  it('does not take an opaque platform key for a handle, nor a platform name for a person', () => {
    const amazon = profileFeatures({ platform: 'amazon', key: 'amzn1.account.AEXAMPLE', displayName: 'Amazon Customer' });
    expect(amazon.identifiers).toEqual([]);
    expect(amazon.names).toEqual([]);
  });

  it('reads a display name that is a handle as a handle', () => {
    const f = profileFeatures({ platform: 'trustpilot', displayName: 'jdevries84' });
    expect(f.names).toEqual([]);
    expect(f.identifiers[0]).toMatchObject({ platform: 'trustpilot', key: 'jdevries84' });
    expect(f.handleRuns).toEqual(['jdevries', '84']);
  });

  it('drops the default Bluesky domain and reads a YouTube handle from its URL', () => {
    expect(profileFeatures({ platform: 'bluesky', handle: 'janneke-vd.bsky.social', displayName: 'J' }).identifiers[0]!.handle).toBe('janneke-vd');
    expect(profileFeatures({ platform: 'youtube', displayName: 'Janneke', profileUrl: 'https://www.youtube.com/@JannekeBakt' }).identifiers[0]!.handle).toBe('jannekebakt');
  });
});

describe('customer records', () => {
  const customer: Customer = {
    id: 'C7',
    firstName: 'Janneke',
    lastName: 'Berg',
    email: 'janneke@bakkerij-berg.nl',
    website: 'https://www.bakkerij-berg.nl',
    city: 'Utrecht',
    country: 'NL',
    handles: [{ platform: 'youtube', handle: '@JannekeBakt' }],
    custom: { Tussenvoegsel: 'van den' },
    source: 'csv',
    updatedAt: 0,
  };

  it('take the prefix from a separate column, handles as the platform tells them apart, the shop’s own domain', () => {
    const r = customerRecord(customer);
    expect(r.name).toEqual({ given: ['janneke'], prefix: 'vd', surname: 'berg' });
    expect(r.handles).toEqual(['youtube:jannekebakt']);
    expect(r.domains).toEqual(['bakkerij-berg.nl']);
  });

  it('survive being stored as one string', () => {
    const r = customerRecord(customer);
    expect(decodeRecord(encodeRecord(r))).toEqual(r);
    expect(() => decodeRecord('damaged')).toThrow(/damaged customer record/);
  });

  it('can be seen as a profile for estimating u', () => {
    const r = customerRecord(customer);
    expect(customerAsProfile(r).identifiers[0]).toMatchObject({ platform: 'youtube', handle: 'jannekebakt' });
    expect(customerAsProfile(r, 'given-and-handle').names[0]).toEqual({ given: ['janneke'], prefix: '', surname: '' });
  });
});

describe('Good-Turing term frequencies', () => {
  it('counts a name seen once as rarer than one in N when most names are seen once', () => {
    const table = emptyCountsOfCounts();
    for (let i = 0; i < 900; i++) addCount(table, 'n', 1);
    for (let i = 0; i < 90; i++) addCount(table, 'n', 2);
    for (let i = 0; i < 30; i++) addCount(table, 'n', 3);
    expect(smoothedCount(table, 'n', 1)).toBeCloseTo((2 * 90) / 900, 6);
    expect(smoothedCount(table, 'n', 2)).toBeCloseTo((3 * 30) / 90, 6);
    // Never above the raw count, and raw where the evidence is thin.
    expect(smoothedCount(table, 'n', 3)).toBe(3);
    expect(smoothedCount(table, 's', 1)).toBe(1);
    addCount(table, 'n', 1, -1);
    expect(table.n[0]).toBe(899);
  });
});
