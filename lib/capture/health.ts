/**
 * Capture health: how many people each site's pages yield over time, and the
 * sudden drop that says a layout probably changed before anyone misses the
 * people. A layout change rarely throws (a broken layout is reported on its
 * own); more often the cards are still found but hold fewer people, or none
 * are found at all and the page looks empty. Pure: the database keeps the
 * history (lib/db/captures.ts), the screens show the drop.
 */

/**
 * One page read: when, which page, how many people it yielded (0 for a page
 * that yielded nobody). The page is a short fingerprint of its address, never
 * the address: a profile's address names its person, and an erasure would
 * have to find it here.
 */
export interface HealthSample {
  page: string;
  at: number;
  people: number;
}

/** A site's history: every page read, and the last pages with their people. */
export interface SiteHealth {
  pages: number;
  samples: HealthSample[];
}

export const HEALTH_LIMITS = {
  /** Pages kept per site: enough for a usual figure and a recent one. */
  samples: 40,
  /** A page read again within this time is the same visit (infinite scroll, a re-render): its sample is updated. */
  sameVisitMs: 3_600_000,
} as const;

/**
 * The drop rule: the last `recent` pages yielded less than `ratio` of the
 * site's usual people per page (the median of the pages before them, at least
 * `baseline` of them), or nobody at all. A site that usually yields under one
 * person per page cannot show a drop.
 */
export const DROP_RULE = { recent: 5, baseline: 5, ratio: 1 / 3 } as const;

/** The history with one more page read (or the same visit's page updated). */
export function withSample(health: SiteHealth | undefined, sample: HealthSample): SiteHealth {
  const samples = [...(health?.samples ?? [])];
  const same = samples.findIndex((s) => s.page === sample.page && sample.at - s.at >= 0 && sample.at - s.at < HEALTH_LIMITS.sameVisitMs);
  let pages = health?.pages ?? 0;
  if (same === -1) pages++;
  else samples.splice(same, 1);
  samples.push(sample);
  return { pages, samples: samples.slice(-HEALTH_LIMITS.samples) };
}

export interface HealthDrop {
  /** People per page over the last pages. */
  recentPerPage: number;
  /** People per page before them (median). */
  usualPerPage: number;
  /** How many recent pages the rule looked at. */
  recentPages: number;
  /** When the first of those pages was read. */
  since: number;
}

/** The drop a site's history shows, or undefined when it reads as usual (or there is too little history). */
export function detectDrop(health: SiteHealth | undefined, rule: { recent: number; baseline: number; ratio: number } = DROP_RULE): HealthDrop | undefined {
  const samples = [...(health?.samples ?? [])].sort((a, b) => a.at - b.at);
  if (samples.length < rule.recent + rule.baseline) return undefined;
  const recent = samples.slice(-rule.recent);
  const before = samples.slice(0, -rule.recent);
  const usual = median(before.map((s) => s.people));
  if (usual < 1) return undefined;
  const recentPerPage = recent.reduce((sum, s) => sum + s.people, 0) / recent.length;
  const nobody = recent.every((s) => s.people === 0);
  if (!nobody && recentPerPage >= usual * rule.ratio) return undefined;
  return { recentPerPage, usualPerPage: usual, recentPages: recent.length, since: recent[0]!.at };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
