/**
 * One-to-one where it holds: a customer has at most one profile per platform.
 * Deciding each profile on its own, two profiles of one platform can both
 * claim the same customer ("Anna de Vries" and "anna.devries.bakes" on
 * Instagram); deciding them together, they share that customer.
 *
 * Each profile's candidates carry the probability the matcher gave them
 * (against the other candidates and nobody). Jointly, the expected number of
 * a platform's profiles that are one customer may not exceed one (less what
 * profiles outside the batch already hold: a confirmed link holds all of it).
 * Iterative proportional fitting finds, for every (platform, customer), the
 * factor that brings its load down to its capacity while every profile's
 * probabilities (its candidates and nobody) still add up to one (Sinkhorn's
 * scaling with a slack column). A factor below one then enters that
 * candidate's probability when the profile is decided again.
 */
import type { Alternative } from './match';

export interface JointProfile {
  profileId: string;
  platform: string;
  /** The profile's candidates with their probabilities, as decide() gave them. */
  alternatives: readonly Alternative[];
}

/** The key of a customer on one platform. */
export function slotKey(platform: string, customerId: string): string {
  return `${platform}\u0000${customerId}`;
}

const ITERATIONS = 200;
/** Claims on a customer at least this likely compete; fainter ones are left out. */
export const MIN_CLAIM = 0.05;
const TOLERANCE = 1e-9;

/**
 * The factor of each (platform, customer) whose profiles would otherwise claim it more than once;
 * slots that need none are left out. `held` is what profiles outside the batch already hold of a
 * slot (1 for a confirmed link, the probability of an automatic one).
 */
export function slotFactors(all: readonly JointProfile[], held: ReadonlyMap<string, number> = new Map()): Map<string, number> {
  // Only slots claimed by two or more profiles, or already held, can be over capacity. 'other' is
  // every site Earshot has no module for: many sites, so no one-profile rule there.
  // A claim below MIN_CLAIM is the faint resemblance every customer has to many profiles, not a rival.
  const profiles = all
    .filter((p) => p.platform !== 'other')
    .map((p) => ({ ...p, alternatives: p.alternatives.filter((a) => a.probability >= MIN_CLAIM) }));
  const claims = new Map<string, number>();
  for (const p of profiles) for (const a of p.alternatives) claims.set(slotKey(p.platform, a.customerId), (claims.get(slotKey(p.platform, a.customerId)) ?? 0) + a.probability);
  const contested = new Set([...claims].filter(([slot, load]) => load + (held.get(slot) ?? 0) > 1 + 1e-12).map(([slot]) => slot));
  if (contested.size === 0) return new Map();

  const rows = profiles
    .filter((p) => p.alternatives.some((a) => contested.has(slotKey(p.platform, a.customerId))))
    .map((p) => {
      const cells = p.alternatives.map((a) => ({ slot: slotKey(p.platform, a.customerId), weight: a.probability }));
      const nobody = Math.max(1e-12, 1 - cells.reduce((s, c) => s + c.weight, 0));
      return { cells, nobody, scale: 1 };
    });
  const factor = new Map([...contested].map((slot) => [slot, 1]));
  const capacity = (slot: string) => Math.max(0, 1 - (held.get(slot) ?? 0));
  for (let iteration = 0; iteration < ITERATIONS; iteration++) {
    // Rows: each profile's probabilities add up to one.
    for (const row of rows) row.scale = 1 / (row.nobody + row.cells.reduce((s, c) => s + c.weight * (factor.get(c.slot) ?? 1), 0));
    // Columns: a contested slot carries at most its capacity.
    const load = new Map<string, number>();
    for (const row of rows) for (const c of row.cells) if (factor.has(c.slot)) load.set(c.slot, (load.get(c.slot) ?? 0) + c.weight * row.scale);
    let change = 0;
    for (const [slot, before] of factor) {
      const unscaled = load.get(slot) ?? 0;
      const next = unscaled <= 0 ? 1 : Math.min(1, capacity(slot) / unscaled);
      change = Math.max(change, Math.abs(next - before));
      factor.set(slot, next);
    }
    if (change < TOLERANCE) break;
  }
  return new Map([...factor].filter(([, f]) => f < 1 - 1e-9));
}
