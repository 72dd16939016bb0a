import { describe, expect, it } from 'vitest';
import { AuditEntry, CapturedPage, Contribution, Customer, Match, MatchLine, Order, Profile, ProfileLine, SyncJob, Tag, isLinked, parsePersonRef, ratingOutOfFive, tagId } from '../../../lib/model';
import { DEFAULT_SETTINGS, Settings } from '../../../lib/settings';

describe('Customer', () => {
  it('accepts a CRM customer and fills defaults', () => {
    const c = Customer.parse({ id: 'C1', firstName: 'Janneke', updatedAt: 0 });
    expect(c).toEqual({ id: 'C1', firstName: 'Janneke', handles: [], custom: {}, source: 'csv', updatedAt: 0 });
  });
  it('rejects a customer without id, or with an unknown handle platform', () => {
    expect(Customer.safeParse({ id: '  ', updatedAt: 0 }).success).toBe(false);
    expect(Customer.safeParse({ id: 'C1', updatedAt: 0, handles: [{ platform: 'myspace', handle: 'x' }] }).success).toBe(false);
  });
});

describe('Order', () => {
  it('upper-cases the currency and accepts a date-time', () => {
    expect(Order.parse({ id: 'O1', customerId: 'C1', date: '2024-07-06T10:00:00Z', amount: 12.5, currency: 'eur' }).currency).toBe('EUR');
  });
  it.each([
    [{ date: '06-07-2024' }, 'date'],
    [{ date: '2024-02-31' }, 'date'],
    [{ amount: Number.NaN }, 'amount'],
    [{ currency: 'EURO' }, 'currency'],
    [{ costToServe: -1 }, 'costToServe'],
  ])('rejects %o', (patch, field) => {
    const result = Order.safeParse({ id: 'O1', customerId: 'C1', date: '2024-07-06', amount: 1, currency: 'EUR', ...patch });
    expect(result.success).toBe(false);
    expect(result.error!.issues[0]!.path).toEqual([field]);
  });
});

const page = {
  url: 'https://www.trustpilot.com/review/example.com',
  site: 'trustpilot',
  kind: 'reviews',
  profiles: [{ platform: 'trustpilot', key: '5f1d0e', displayName: 'Anna K.', reviewCount: 5, badges: ['verified'] }],
  contributions: [{ profileKey: '5f1d0e', type: 'review', rating: 4, date: '2025-05-01', text: 'Fine shop', verifiedPurchase: true }],
};

describe('CapturedPage (FORMATS.md captured page)', () => {
  it('accepts the documented shape', () => {
    expect(CapturedPage.parse(page)).toEqual(page);
  });
  it('keeps ratings on their own scale, with the nesting and role of a contribution', () => {
    const rated = (extra: Record<string, unknown>) => ({ ...page, contributions: [{ ...page.contributions[0], ...extra }] });
    for (const ok of [{ rating: 8, ratingScale: 10 }, { rating: 72, ratingScale: 100 }, { rating: 0.5, ratingScale: 5 }, { rating: 0, ratingScale: 10 }, { depth: 3, role: 'owner-reply' }]) {
      expect(CapturedPage.safeParse(rated(ok)).success, JSON.stringify(ok)).toBe(true);
    }
    for (const bad of [{ rating: 11, ratingScale: 10 }, { rating: 6 }, { rating: 4, ratingScale: 7 }, { rating: -1, ratingScale: 10 }, { depth: -1 }, { depth: 1.5 }, { role: 'bot-ish' }]) {
      expect(CapturedPage.safeParse(rated(bad)).success, JSON.stringify(bad)).toBe(false);
    }
  });

  it('compares ratings on one scale: rating / ratingScale × 5', () => {
    expect(ratingOutOfFive({ rating: 8, ratingScale: 10 })).toBe(4);
    expect(ratingOutOfFive({ rating: 90, ratingScale: 100 })).toBe(4.5);
    // Ratings stored before scales existed are stars.
    expect(ratingOutOfFive({ rating: 3 })).toBe(3);
    expect(ratingOutOfFive({})).toBeUndefined();
  });

  it.each([
    ['a rating of 6', { contributions: [{ ...page.contributions[0], rating: 6 }] }],
    ['a fractional follower count', { profiles: [{ ...page.profiles[0], followers: 1.5 }] }],
    ['an unknown platform', { profiles: [{ ...page.profiles[0], platform: 'friendster' }] }],
    ['a javascript: URL', { url: 'javascript:alert(1)' }],
    ['an unknown kind', { kind: 'feed' }],
    ['a missing display name', { profiles: [{ platform: 'x', key: 'a' }] }],
  ])('rejects %s', (_name, patch) => {
    expect(CapturedPage.safeParse({ ...page, ...patch }).success).toBe(false);
  });
});

describe('Profile, ProfileLine, Contribution', () => {
  it('stores a captured profile with its sightings', () => {
    const p = Profile.parse({ ...page.profiles[0], id: 'trustpilot:5f1d0e', firstSeenAt: 1, lastSeenAt: 2 });
    expect(p.seenOn).toEqual([]);
  });
  it('reads a profiles.jsonl line, where key is optional', () => {
    expect(ProfileLine.parse({ id: 'p1', platform: 'instagram', handle: 'janneke.vd', displayName: 'Janneke van Dijk', followers: 12400 }).id).toBe('p1');
    expect(ProfileLine.safeParse({ platform: 'instagram', displayName: 'x' }).success).toBe(false);
  });
  it('marks contributions about own brands as false by default', () => {
    const c = Contribution.parse({ ...page.contributions[0], id: 'c1', profileId: 'trustpilot:5f1d0e', pageUrl: page.url, firstSeenAt: 1, lastSeenAt: 1 });
    expect(c.aboutOwnBrand).toBe(false);
  });
});

describe('Match', () => {
  const line = { profileId: 'p1', customerId: 'C1', score: 0.98, decision: 'auto', evidence: [{ field: 'name', comparison: 'exact', weight: 7.2 }] };
  it('reads a matches.jsonl line and rejects a score above 1', () => {
    expect(MatchLine.parse(line)).toEqual(line);
    expect(MatchLine.safeParse({ ...line, score: 1.2 }).success).toBe(false);
    expect(MatchLine.safeParse({ ...line, decision: 'maybe' }).success).toBe(false);
  });
  it('counts auto and confirmed matches as linked, never review or rejected', () => {
    const m = Match.parse({ ...line, status: 'confirmed', decidedBy: 'user', decidedAt: 5 });
    expect(isLinked(m)).toBe(true);
    expect(isLinked({ ...m, status: 'review' })).toBe(false);
    expect(isLinked({ ...m, status: 'rejected' })).toBe(false);
    expect(isLinked({ ...m, status: 'auto', customerId: null })).toBe(false);
  });
});

describe('Tag, SyncJob, AuditEntry', () => {
  it('accepts a tag on a person and rejects control characters', () => {
    expect(Tag.parse({ id: tagId('customer:C1', 'Ambassador'), personRef: 'customer:C1', label: 'Ambassador', createdAt: 1 }).id).toBe('customer:C1|ambassador');
    expect(Tag.safeParse({ id: 'x', personRef: 'customer:C1', label: 'a\u0007b', createdAt: 1 }).success).toBe(false);
    expect(Tag.safeParse({ id: 'x', personRef: 'someone', label: 'a', createdAt: 1 }).success).toBe(false);
  });
  it('parses person refs', () => {
    expect(parsePersonRef('profile:instagram:janneke.vd')).toEqual({ kind: 'profile', id: 'instagram:janneke.vd' });
    expect(parsePersonRef('nobody')).toBeNull();
  });
  it('accepts an outbox job and rejects an unknown connector', () => {
    const job = {
      id: 'j1', seq: 1, connector: 'hubspot', kind: 'upsert-person', personRef: 'customer:C1', idempotencyKey: 'k',
      payload: { tags: ['ambassador'] }, status: 'pending', attempts: 0, nextAttemptAt: 0, createdAt: 0, updatedAt: 0,
    };
    expect(SyncJob.parse(job)).toEqual(job);
    expect(SyncJob.safeParse({ ...job, connector: 'salesforce' }).success).toBe(false);
  });
  it('keeps audit entries to counts and a summary', () => {
    expect(AuditEntry.parse({ at: 1, action: 'erase', actor: 'user', summary: 'erased one person' }).counts).toEqual({});
    expect(AuditEntry.safeParse({ at: 1, action: 'erase', actor: 'user', summary: 'x'.repeat(501) }).success).toBe(false);
  });
});

describe('Settings', () => {
  it('has defaults for everything', () => {
    expect(DEFAULT_SETTINGS.retentionDays).toBe(30);
    expect(DEFAULT_SETTINGS.thresholds.review).toBeLessThanOrEqual(DEFAULT_SETTINGS.thresholds.auto);
  });
  it('refuses a review threshold above the auto-link threshold', () => {
    expect(Settings.safeParse({ thresholds: { auto: 0.6, review: 0.9 } }).success).toBe(false);
  });
});
