/**
 * The workspace's overviews: the quadrant of financial against influence
 * value, the segments with their counts and value, and the channels (which
 * customers are active on which platform, when, and how they rate).
 *
 * The figures come from the value indexes as keys (an index's keys and its
 * primary keys come in the same order), so no value record is read.
 */
import type { EarshotDatabase } from '../db/database';
import { valueRunInfo } from '../db/values';
import { customerIdOf, customerRef, parsePersonRef, profileRef, ratingOutOfFive, type Platform } from '../model';
import { DEFAULT_SETTINGS } from '../settings';
import { ENGAGEMENT_SEGMENTS, type EngagementSegment } from '../value';

export interface ValueColumns {
  segment: EngagementSegment;
  financial: number;
  influence: number;
  engagement: number;
}

/** Every person's four indexed figures, by ref. */
export async function valueColumns(db: EarshotDatabase): Promise<Map<string, ValueColumns>> {
  return db.transaction('r', db.values, async () => {
    const column = async (index: 'segment' | 'financial' | 'influence' | 'engagement') => {
      const [keys, refs] = await Promise.all([db.values.orderBy(index).keys(), db.values.orderBy(index).primaryKeys()]);
      return { keys, refs: refs as string[] };
    };
    const [segment, financial, influence, engagement] = await Promise.all([column('segment'), column('financial'), column('influence'), column('engagement')]);
    const out = new Map<string, ValueColumns>();
    segment.refs.forEach((ref, i) => out.set(ref, { segment: segment.keys[i] as EngagementSegment, financial: 0, influence: 0, engagement: 0 }));
    const fill = (col: { keys: unknown[]; refs: string[] }, field: 'financial' | 'influence' | 'engagement') =>
      col.refs.forEach((ref, i) => {
        const row = out.get(ref);
        if (row) row[field] = col.keys[i] as number;
      });
    fill(financial, 'financial');
    fill(influence, 'influence');
    fill(engagement, 'engagement');
    return out;
  });
}

export interface QuadrantPoint extends ValueColumns {
  ref: string;
  name: string;
}

export interface Quadrant {
  points: QuadrantPoint[];
  /** Where "high" starts on each axis (the segments' thresholds), null before values are computed. */
  financialHigh: number | null;
  influenceHigh: number | null;
  currency: string;
}

/** Every customer linked to a captured profile, placed by net value and influence. */
export async function quadrant(db: EarshotDatabase): Promise<Quadrant> {
  const [linked, columns, run] = await Promise.all([db.people.where('status').equals('linked').toArray(), valueColumns(db), valueRunInfo(db)]);
  const points = linked.flatMap((p) => {
    const v = columns.get(p.ref);
    return v ? [{ ref: p.ref, name: p.name, ...v }] : [];
  });
  return {
    points,
    financialHigh: run?.thresholds.financialHigh.value ?? null,
    influenceHigh: run?.thresholds.influenceHigh ?? null,
    currency: run?.settings.currency ?? 'EUR',
  };
}

/** One engagement segment's customers: sums and means over customers only, so no group looks big for its strangers. */
export interface SegmentSummary {
  segment: EngagementSegment;
  customers: number;
  netValue: number;
  meanNetValue: number;
  engagementValue: number;
  meanEngagementValue: number;
  meanInfluence: number;
}

/** Captured people who are not customers: segments are for customers, so they are counted apart. */
export interface OthersSummary {
  people: number;
  meanInfluence: number;
  /** How many of them reach the influence mark (worth knowing, possibly worth winning). */
  influential: number;
}

/** Counts and value per engagement segment of the customers, and the other people apart. */
export async function segmentSummaries(db: EarshotDatabase): Promise<{ customers: SegmentSummary[]; others: OthersSummary }> {
  const [columns, run] = await Promise.all([valueColumns(db), valueRunInfo(db)]);
  const influenceHigh = run?.thresholds.influenceHigh ?? DEFAULT_SETTINGS.value.influenceHighScore;
  const out = new Map<EngagementSegment, SegmentSummary>(
    ENGAGEMENT_SEGMENTS.map((segment) => [segment, { segment, customers: 0, netValue: 0, meanNetValue: 0, engagementValue: 0, meanEngagementValue: 0, meanInfluence: 0 }]),
  );
  const others: OthersSummary = { people: 0, meanInfluence: 0, influential: 0 };
  for (const [ref, v] of columns) {
    if (customerIdOf(ref) === null) {
      others.people += 1;
      others.meanInfluence += v.influence;
      if (v.influence >= influenceHigh) others.influential += 1;
      continue;
    }
    const s = out.get(v.segment);
    if (!s) continue;
    s.customers += 1;
    s.netValue += v.financial;
    s.engagementValue += v.engagement;
    s.meanInfluence += v.influence;
  }
  const mean = (sum: number, n: number) => (n > 0 ? sum / n : 0);
  for (const s of out.values()) {
    s.meanNetValue = mean(s.netValue, s.customers);
    s.meanEngagementValue = mean(s.engagementValue, s.customers);
    s.meanInfluence = mean(s.meanInfluence, s.customers);
  }
  others.meanInfluence = mean(others.meanInfluence, others.people);
  return { customers: [...out.values()], others };
}

export interface ChannelSummary {
  platform: Platform;
  /** Customers with a linked profile on this platform. */
  customers: number;
  /** Captured people on this platform who are not (yet) linked to a customer. */
  others: number;
  contributions: number;
  /** Contributions of customers per calendar month (YYYY-MM), for "when". */
  byMonth: Record<string, number>;
  lastSeenAt: number;
  /** Mean rating out of 5 of contributions per engagement segment of their author (rated ones only). */
  ratingBySegment: Partial<Record<EngagementSegment, { mean: number; count: number }>>;
}

/**
 * The omnichannel view: per platform, how many customers are active there and
 * when, and how satisfied each segment is there (mean rating).
 */
export async function channels(db: EarshotDatabase): Promise<ChannelSummary[]> {
  const [profiles, matches, contributions, columns] = await Promise.all([db.profiles.toArray(), db.matches.toArray(), db.contributions.toArray(), valueColumns(db)]);
  const linkedTo = new Map(matches.filter((m) => m.customerId !== null && (m.status === 'auto' || m.status === 'confirmed')).map((m) => [m.profileId, m.customerId!]));
  const personOf = (profileId: string) => (linkedTo.has(profileId) ? customerRef(linkedTo.get(profileId)!) : profileRef(profileId));
  const platformOf = new Map(profiles.map((p) => [p.id, p.platform]));
  const out = new Map<Platform, ChannelSummary & { customerSet: Set<string>; ratings: Map<EngagementSegment, number[]> }>();
  const channel = (platform: Platform) => {
    let c = out.get(platform);
    if (!c) {
      c = { platform, customers: 0, others: 0, contributions: 0, byMonth: {}, lastSeenAt: 0, ratingBySegment: {}, customerSet: new Set(), ratings: new Map() };
      out.set(platform, c);
    }
    return c;
  };
  for (const p of profiles) {
    const c = channel(p.platform);
    const person = personOf(p.id);
    if (parsePersonRef(person)?.kind === 'customer') c.customerSet.add(person);
    else c.others += 1;
    c.lastSeenAt = Math.max(c.lastSeenAt, p.lastSeenAt);
  }
  for (const k of contributions) {
    const platform = platformOf.get(k.profileId);
    if (!platform) continue;
    const c = channel(platform);
    c.contributions += 1;
    const person = personOf(k.profileId);
    if (customerIdOf(person) !== null && k.date) c.byMonth[k.date.slice(0, 7)] = (c.byMonth[k.date.slice(0, 7)] ?? 0) + 1;
    const segment = columns.get(person)?.segment;
    // Out of 5 whatever the page's scale; the page owner's replies are not the segment's satisfaction.
    const stars = k.role === 'owner-reply' ? undefined : ratingOutOfFive(k);
    if (segment && stars !== undefined) c.ratings.set(segment, [...(c.ratings.get(segment) ?? []), stars]);
  }
  return [...out.values()]
    .map(({ customerSet, ratings, ...c }) => ({
      ...c,
      customers: customerSet.size,
      ratingBySegment: Object.fromEntries([...ratings].map(([s, r]) => [s, { mean: r.reduce((a, b) => a + b, 0) / r.length, count: r.length }])),
    }))
    .sort((a, b) => b.customers - a.customers || b.others - a.others);
}
