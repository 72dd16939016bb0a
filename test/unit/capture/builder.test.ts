/** The page builder: what site modules hand it becomes exactly the captured-page shape. */
import { describe, expect, it } from 'vitest';
import { CapturedPage } from '../../../lib/model/capture';
import { LIMITS, PageBuilder, contributionIdentity } from '../../../lib/capture/builder';

const builder = () => new PageBuilder('trustpilot', 'trustpilot', 'https://www.trustpilot.com/review/shop.nl');

describe('people', () => {
  it('merges repeats of a person: missing fields filled, badges united, verified once true stays true', () => {
    const b = builder();
    b.person({ key: 'u1', displayName: 'Jan de Vries', reviewCount: 3, badges: ['top-reviewer'], verified: false });
    b.person({ key: 'u1', displayName: 'J. de Vries', location: 'NL', badges: ['verified', 'top-reviewer'], verified: true, reviewCount: 4 });
    expect(b.build().page.profiles).toEqual([
      { platform: 'trustpilot', key: 'u1', displayName: 'Jan de Vries', reviewCount: 3, badges: ['top-reviewer', 'verified'], verified: true, location: 'NL' },
    ]);
  });

  it('refuses a person without key or name, and cleans every field to the schema', () => {
    const b = builder();
    expect(b.person({ key: '  ', displayName: 'x' })).toBeUndefined();
    expect(b.person({ key: 'k', displayName: ' \u00A0 ' })).toBeUndefined();
    b.person({
      key: 'k',
      displayName: `  Anna\u200B   ${'x'.repeat(400)} `,
      profileUrl: 'javascript:alert(1)',
      followers: -3,
      following: 1.5,
      posts: Number.NaN,
      website: 'https://anna.example',
      bio: 'word '.repeat(300),
    });
    const [p] = b.build().page.profiles;
    expect(p!.displayName.startsWith('Anna x')).toBe(true);
    expect(Array.from(p!.displayName)).toHaveLength(LIMITS.displayName);
    expect(p).not.toHaveProperty('profileUrl');
    expect(p).not.toHaveProperty('followers');
    expect(p).not.toHaveProperty('following');
    expect(p).not.toHaveProperty('posts');
    expect(Array.from(p!.bio!).length).toBeLessThanOrEqual(LIMITS.bio);
    expect(p!.bio!.endsWith('…')).toBe(true);
  });
});

describe('contributions', () => {
  it('only for people on the page; ratings, dates and snippets checked', () => {
    const b = builder();
    b.contribution({ profileKey: 'nobody', type: 'review', rating: 5 });
    b.person({ key: 'u1', displayName: 'Jan' });
    b.contribution({ profileKey: 'u1', type: 'review', rating: 7, date: 'last week', text: 'é'.repeat(2000), helpfulVotes: 2.5 });
    const { page } = b.build();
    expect(page.contributions).toHaveLength(1);
    const [c] = page.contributions;
    expect(c).not.toHaveProperty('rating');
    expect(c).not.toHaveProperty('date');
    expect(c).not.toHaveProperty('helpfulVotes');
    expect(Array.from(c!.text!)).toHaveLength(LIMITS.text);
    expect(CapturedPage.safeParse(page).success).toBe(true);
  });

  it('keeps a rating on its own scale, the nesting and the role; drops what no scale allows', () => {
    const b = builder();
    b.person({ key: 'u1', displayName: 'Jan' });
    b.contribution({ profileKey: 'u1', type: 'review', id: 'a', rating: 8, ratingScale: 10 });
    b.contribution({ profileKey: 'u1', type: 'review', id: 'b', rating: 72.44, ratingScale: 100, depth: 2, role: 'owner-reply' });
    b.contribution({ profileKey: 'u1', type: 'review', id: 'c', rating: 4.5 });
    b.contribution({ profileKey: 'u1', type: 'review', id: 'd', rating: 12, ratingScale: 10, depth: -1 });
    b.contribution({ profileKey: 'u1', type: 'review', id: 'e', rating: 3, ratingScale: 7 as 5, depth: 1.5 });
    const { page } = b.build();
    expect(page.contributions.map(({ rating, ratingScale, depth, role }) => ({ rating, ratingScale, depth, role }))).toEqual([
      { rating: 8, ratingScale: 10, depth: undefined, role: undefined },
      { rating: 72.4, ratingScale: 100, depth: 2, role: 'owner-reply' },
      // Stars need no scale: absent means 5.
      { rating: 4.5, ratingScale: undefined, depth: undefined, role: undefined },
      { rating: undefined, ratingScale: undefined, depth: undefined, role: undefined },
      { rating: undefined, ratingScale: undefined, depth: undefined, role: undefined },
    ]);
    expect(CapturedPage.safeParse(page).success).toBe(true);
  });

  it('deduplicates by the site id, else by who, what and the start of the text ("Read more" expanded)', () => {
    const b = builder();
    b.person({ key: 'u1', displayName: 'Jan' });
    b.contribution({ profileKey: 'u1', type: 'review', id: 'r1', text: 'short' });
    b.contribution({ profileKey: 'u1', type: 'review', id: 'r1', text: 'other text', rating: 4 });
    const start = 'Great shop, fast delivery and the staff answered every question I had about the grinder.';
    b.contribution({ profileKey: 'u1', type: 'review', text: start });
    b.contribution({ profileKey: 'u1', type: 'review', text: `${start} And more after Read more.`, helpfulVotes: 3 });
    const { page, contributionIds } = b.build();
    expect(page.contributions).toEqual([
      // The site's id travels as the contribution's key; without one there is no key.
      { profileKey: 'u1', key: 'r1', type: 'review', text: 'short', rating: 4 },
      { profileKey: 'u1', type: 'review', text: start, helpfulVotes: 3 },
    ]);
    expect(contributionIds[0]).toBe('trustpilot:r1');
    expect(contributionIds[1]).toBe(contributionIdentity('trustpilot', page.contributions[1]!));
  });

  it('a site id too long to be an id is not sent as a key (the schema would refuse the page)', () => {
    const b = builder();
    b.person({ key: 'u1', displayName: 'Jan' });
    b.contribution({ profileKey: 'u1', type: 'review', id: ' r2 ', text: 'a' });
    b.contribution({ profileKey: 'u1', type: 'review', id: 'x'.repeat(LIMITS.key + 1), text: 'b' });
    const { page } = b.build();
    expect(page.contributions.map((c) => c.key)).toEqual(['r2', undefined]);
    expect(CapturedPage.safeParse(page).success).toBe(true);
  });

  it('keeps at most what one message may carry', () => {
    const b = builder();
    for (let i = 0; i < LIMITS.profiles + 10; i++) b.person({ key: `u${i}`, displayName: `P ${i}` });
    expect(b.build().page.profiles).toHaveLength(LIMITS.profiles);
  });

  it('says how many reviews the cap on people left out, counting a review read twice once', () => {
    const b = builder();
    for (let i = 0; i < 2_500; i++) {
      const key = b.person({ key: `u${i}`, displayName: `P ${i}` });
      if (!key) continue;
      b.contribution({ profileKey: key, type: 'review', text: `review ${i}` });
      // The same review again (a page with it in JSON-LD and in microdata).
      b.contribution({ profileKey: key, type: 'review', text: `review ${i}` });
    }
    const { page } = b.build();
    expect(page.contributions).toHaveLength(2_000);
    expect(page.capped).toEqual([{ type: 'review', read: 2_000, found: 2_500 }]);
    expect(CapturedPage.safeParse(page).success).toBe(true);
  });

  it('says how many contributions of each type the cap on contributions left out', () => {
    const b = builder();
    b.person({ key: 'u1', displayName: 'Jan' });
    for (let i = 0; i < 5_600; i++) b.contribution({ profileKey: 'u1', type: i % 2 === 0 ? 'review' : 'comment', id: `c${i}` });
    const { page } = b.build();
    expect(page.contributions).toHaveLength(LIMITS.contributions);
    expect(page.capped).toEqual([
      { type: 'review', read: 2_500, found: 2_800 },
      { type: 'comment', read: 2_500, found: 2_800 },
    ]);
  });

  it('says nothing when nothing was left out', () => {
    const b = builder();
    b.person({ key: 'u1', displayName: 'Jan' });
    b.contribution({ profileKey: 'u1', type: 'review', text: 'Goed' });
    expect(b.build().page).not.toHaveProperty('capped');
  });
});
