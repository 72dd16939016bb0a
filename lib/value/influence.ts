/**
 * Influence value of one person across all their platforms: four components
 * on a 0-100 scale, each with its formula and inputs, and their weighted mean.
 *
 * Components
 * - Reach: followers per profile, largest first, f₁ + f₂·s + f₃·s² + ... with
 *   s = crossPlatformShare (0.5): the same fans often follow a person on
 *   several platforms, so only the largest audience counts in full and each
 *   further one at a shrinking share (the true overlap is never shown on a
 *   page; halving is a stated assumption, configurable). Scored on a log
 *   scale up to reachForFullScore (1M): 1k followers → 50, 10k → 67,
 *   100k → 83, the usual nano/micro/mid/macro tiers of influencer marketing.
 *   Profiles that show no follower count add 0.
 * - Engagement: per profile with followers, the mean likes shown per captured
 *   post (a post's helpfulVotes holds the likes its page shows) divided by
 *   followers; across profiles Σ likes-per-post / Σ followers (a
 *   follower-weighted mean of the rates). 100 at a 6% rate (1-3% is typical
 *   on Instagram, above 6% exceptional). Null when no page showed likes of a
 *   profile with followers.
 * - Review authority: reviews written (the profile's count or the reviews
 *   captured, whichever is larger) and helpful votes received, each worth up
 *   to 35 points on a log scale (full at 500 reviews / 5,000 votes: the first
 *   reviews and votes say most), plus up to 30 badge points (the best badge,
 *   +5 for each other one; table BADGE_POINTS), times a recency factor: 1
 *   within recencyHalfLifeDays (365) of the last dated contribution, then
 *   halving per half-life, never below 0.25 (old reviews are still read).
 *   Without any dated contribution the factor is 1 and says so.
 * - Brand relevance: contributions about the user's own brands (flagged at
 *   capture, or whose subject names one of settings.ownBrands as a whole
 *   word): volume on a log2 scale (full at 10) times (1 + sentiment) / 2,
 *   sentiment = mean (rating − 3) / 2 of the rated ones (0 when none is
 *   rated), ratings compared out of 5 (rating / ratingScale × 5: 8 of 10 is
 *   4) and sentiment kept within −1..1 (a 0 of 10 is below one star).
 *   All-5-star reviews keep the full volume score, neutral ones
 *   half, 1-star ones none; a mean rating at or below detractorMaxRating
 *   (2.5) marks the person a detractor. Null when no own brands are set up.
 *
 * Contributions with role 'owner-reply' (the page owner answering on their
 * own page: a shop under its reviews, a blogger in their comments) are left
 * out of every component: they are not the person's own say about anything.
 *
 * Score: Σ w_c · score_c / Σ w_c over the components that have data (a
 * missing one is left out rather than counted as 0, and `missing` says why).
 * Default weights (settings.influenceWeights):
 * - reach 0.35: the largest single driver of how many people hear the person,
 *   but follower counts overlap and can be bought, so not a majority;
 * - authority 0.30: reviews are read at the moment of buying, and helpful
 *   votes are readers vouching for them: influence that converts;
 * - brand relevance 0.20: influence about this shop's own brands matters
 *   most, but few people write about any one shop, so it adds rather than
 *   dominates;
 * - engagement 0.15: a check on the quality of reach (passive or fake
 *   followers), shown on few pages and noisy (one viral post), so the least.
 */
import { ratingOutOfFive, type ContributionRole, type ContributionType, type Platform, type Profile } from '../model';
import { dayNumber } from './summary';
import type { ValueSettings } from './settings';
import { explained, type Explained, type Influence, type InfluenceComponent } from './types';

export type InfluenceProfile = Pick<Profile, 'id' | 'platform' | 'followers' | 'reviewCount' | 'helpfulVotes' | 'badges'>;

/** A contribution as the value code reads it; the stored Contribution fits. */
export interface InfluenceContribution {
  profileId: string;
  type: ContributionType;
  rating?: number;
  /** 5 when absent. */
  ratingScale?: number;
  date?: string;
  helpfulVotes?: number;
  subject?: string;
  aboutOwnBrand?: boolean;
  role?: ContributionRole;
}

/** The person's own say: replies the page owner wrote on their own page are not. */
function ownSay(c: InfluenceContribution): boolean {
  return c.role !== 'owner-reply';
}

/** Points per badge (lowercase); a badge not in the table is worth OTHER_BADGE_POINTS. */
export const BADGE_POINTS: Readonly<Record<string, number>> = {
  'hall-of-fame': 30,
  'vine-voice': 25,
  'top-reviewer': 25,
  'yelp-elite': 20,
  'local-guide': 10,
  'early-reviewer': 10,
  verified: 5,
  'verified-buyer': 3,
};
const OTHER_BADGE_POINTS = 3;
/** A Google Local Guide level ("local-guide-7", "local guide level 7") adds 2 points per level. */
const LOCAL_GUIDE_LEVEL = /^local[-\s]?guide(?:[-\s:]*(?:level[-\s]*)?(\d{1,2}))?$/;

export function badgePoints(badge: string): number {
  const key = badge.trim().toLowerCase();
  const guide = LOCAL_GUIDE_LEVEL.exec(key);
  if (guide) return Math.min(30, 10 + 2 * Number(guide[1] ?? 0));
  return BADGE_POINTS[key] ?? OTHER_BADGE_POINTS;
}

function normalise(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Whether a contribution is about one of the user's own brands. */
export function ownBrandMatcher(ownBrands: readonly string[]): (contribution: InfluenceContribution) => boolean {
  const patterns = ownBrands
    .map((brand) => normalise(brand).trim())
    .filter(Boolean)
    .map((brand) => new RegExp(`(?:^|[^\\p{L}\\p{N}])${escapeRegExp(brand)}(?:$|[^\\p{L}\\p{N}])`, 'u'));
  return (contribution) => {
    if (contribution.aboutOwnBrand) return true;
    if (!contribution.subject || patterns.length === 0) return false;
    const subject = normalise(contribution.subject);
    return patterns.some((p) => p.test(subject));
  };
}

export interface InfluenceContext {
  settings: ValueSettings;
  asOfDay: number;
  isOwnBrand: (contribution: InfluenceContribution) => boolean;
}

export function influenceContext(settings: ValueSettings, asOfDay: number): InfluenceContext {
  return { settings, asOfDay, isOwnBrand: ownBrandMatcher(settings.ownBrands) };
}

/** min(1, log(1 + n) / log(1 + full)): the first units count most. */
function logShare(n: number, full: number): number {
  return n <= 0 ? 0 : Math.min(1, Math.log1p(n) / Math.log1p(full));
}

/**
 * Why an influence component has no score, in the English words stored in `Influence.missing` (the command
 * line prints them); the screens look the words up here to say them in the interface language.
 */
export const MISSING_INFLUENCE = {
  noProfiles: 'no linked profiles',
  noLikes: 'no captured post shows likes for a profile with a follower count',
  noOwnBrands: 'no own brands in the value settings',
} as const;

export function computeInfluence(
  profiles: readonly InfluenceProfile[],
  contributions: readonly InfluenceContribution[],
  context: InfluenceContext,
): Influence {
  const { settings, asOfDay } = context;
  const scales = settings.influenceScales;
  const missing: Partial<Record<InfluenceComponent, string>> = {};
  const byProfile = new Map<string, InfluenceContribution[]>();
  for (const c of contributions.filter(ownSay)) {
    const list = byProfile.get(c.profileId);
    if (list) list.push(c);
    else byProfile.set(c.profileId, [c]);
  }

  // Reach.
  const audiences = profiles.map((p) => p.followers ?? 0).sort((a, b) => b - a);
  let reachFollowers = 0;
  let share = 1;
  for (const followers of audiences) {
    reachFollowers += followers * share;
    share *= scales.crossPlatformShare;
  }
  const reach = explained(100 * logShare(reachFollowers, scales.reachForFullScore), 'influence.reach', {
    followersByProfile: audiences.join(', ') || null,
    profilesWithoutCount: profiles.filter((p) => p.followers === undefined).length,
    crossPlatformShare: scales.crossPlatformShare,
    reachFollowers,
    reachForFullScore: scales.reachForFullScore,
  });

  // Engagement.
  let likesPerPost = 0;
  let engagedFollowers = 0;
  let postsWithLikes = 0;
  for (const p of profiles) {
    if (!p.followers) continue;
    const posts = (byProfile.get(p.id) ?? []).filter((c) => c.type === 'post' && c.helpfulVotes !== undefined);
    if (posts.length === 0) continue;
    likesPerPost += posts.reduce((sum, c) => sum + c.helpfulVotes!, 0) / posts.length;
    engagedFollowers += p.followers;
    postsWithLikes += posts.length;
  }
  let engagement: Explained | null = null;
  if (engagedFollowers > 0) {
    const rate = likesPerPost / engagedFollowers;
    engagement = explained(100 * Math.min(1, rate / scales.engagementRateForFullScore), 'influence.engagement', {
      likesPerPost,
      followers: engagedFollowers,
      posts: postsWithLikes,
      rate,
      rateForFullScore: scales.engagementRateForFullScore,
    });
  } else {
    missing.engagement =
      profiles.length === 0 ? MISSING_INFLUENCE.noProfiles : MISSING_INFLUENCE.noLikes;
  }

  // Review authority.
  let reviews = 0;
  let helpfulVotes = 0;
  let lastDay = -Infinity;
  const badges = new Set<string>();
  for (const p of profiles) {
    const own = byProfile.get(p.id) ?? [];
    const captured = own.filter((c) => c.type === 'review');
    reviews += Math.max(p.reviewCount ?? 0, captured.length);
    helpfulVotes += Math.max(p.helpfulVotes ?? 0, captured.reduce((sum, c) => sum + (c.helpfulVotes ?? 0), 0));
    for (const badge of p.badges ?? []) badges.add(badge.trim().toLowerCase());
    for (const c of own) {
      const day = c.date ? dayNumber(c.date) : null;
      if (day !== null && day <= asOfDay && day > lastDay) lastDay = day;
    }
  }
  const points = [...badges].map(badgePoints).sort((a, b) => b - a);
  const badgeScore = points.length === 0 ? 0 : Math.min(30, points[0]! + 5 * (points.length - 1));
  const ageDays = Number.isFinite(lastDay) ? asOfDay - lastDay : null;
  const halfLife = scales.recencyHalfLifeDays;
  const recency = ageDays === null || ageDays <= halfLife ? 1 : Math.max(0.25, Math.pow(0.5, (ageDays - halfLife) / halfLife));
  const authorityRaw = 35 * logShare(reviews, scales.reviewsForFullScore) + 35 * logShare(helpfulVotes, scales.helpfulVotesForFullScore) + badgeScore;
  const authority = explained(authorityRaw * recency, 'influence.authority', {
    reviews,
    helpfulVotes,
    badges: [...badges].sort().join(', ') || null,
    badgePoints: badgeScore,
    daysSinceLastContribution: ageDays,
    recencyFactor: recency,
    reviewsForFullScore: scales.reviewsForFullScore,
    helpfulVotesForFullScore: scales.helpfulVotesForFullScore,
  });

  // Brand relevance.
  let brandRelevance: Explained | null = null;
  let detractor = false;
  const mine = profiles.flatMap((p) => (byProfile.get(p.id) ?? []).filter(context.isOwnBrand));
  if (settings.ownBrands.length === 0 && mine.length === 0) {
    missing.brandRelevance = MISSING_INFLUENCE.noOwnBrands;
  } else {
    const stars = mine.flatMap((c) => ratingOutOfFive(c) ?? []);
    const rated = stars.length;
    const meanRating = rated > 0 ? stars.reduce((sum, r) => sum + r, 0) / rated : null;
    const sentiment = meanRating === null ? 0 : Math.max(-1, Math.min(1, (meanRating - 3) / 2));
    const volume = mine.length === 0 ? 0 : Math.min(1, Math.log2(1 + mine.length) / Math.log2(1 + scales.brandContributionsForFullScore));
    detractor = meanRating !== null && meanRating <= settings.detractorMaxRating;
    brandRelevance = explained((100 * volume * (1 + sentiment)) / 2, 'influence.brand-relevance', {
      contributions: mine.length,
      rated,
      meanRating,
      sentiment,
      contributionsForFullScore: scales.brandContributionsForFullScore,
      detractor,
    });
  }

  // Weighted mean over the components with data.
  const weights = settings.influenceWeights;
  const parts: [InfluenceComponent, Explained | null][] = [
    ['reach', reach],
    ['engagement', engagement],
    ['authority', authority],
    ['brandRelevance', brandRelevance],
  ];
  let weighted = 0;
  let weightSum = 0;
  const inputs: Record<string, number | null> = {};
  for (const [name, part] of parts) {
    inputs[name] = part?.value ?? null;
    if (!part) continue;
    inputs[`${name}Weight`] = weights[name];
    weighted += weights[name] * part.value;
    weightSum += weights[name];
  }
  const score = explained(weightSum > 0 ? weighted / weightSum : 0, 'influence.score', inputs);

  return {
    profileIds: profiles.map((p) => p.id),
    platforms: [...new Set<Platform>(profiles.map((p) => p.platform))],
    reach,
    engagement,
    authority,
    brandRelevance,
    missing,
    score,
    reachFollowers,
    detractor,
  };
}

/** Reviews about the user's own brands: the data of knowledge value. */
export function countOwnBrandReviews(
  profiles: readonly InfluenceProfile[],
  contributions: readonly InfluenceContribution[],
  isOwnBrand: (contribution: InfluenceContribution) => boolean,
): number {
  const ids = new Set(profiles.map((p) => p.id));
  return contributions.filter((c) => c.type === 'review' && ownSay(c) && ids.has(c.profileId) && isOwnBrand(c)).length;
}
