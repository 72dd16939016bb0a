/**
 * The generator's own seeded randomness: sfc32 seeded through splitmix32.
 * Math.random cannot be seeded, and the set must come out byte for byte the
 * same for the same seed on every machine.
 */

function splitmix32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x9e3779b9) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/** FNV-1a over a label, so that a named stream does not depend on the order streams are made in. */
function hashLabel(label: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < label.length; i++) h = Math.imul(h ^ label.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(private readonly seed: number) {
    const mix = splitmix32(seed);
    this.a = mix();
    this.b = mix();
    this.c = mix();
    this.d = mix();
    for (let i = 0; i < 12; i++) this.next();
  }

  /**
   * An independent stream for one part of the world (customers, strangers, ...):
   * adding draws to one part leaves the others unchanged.
   */
  fork(label: string): Rng {
    return new Rng((Math.imul(this.seed ^ 0x5bd1e995, 0x01000193) ^ hashLabel(label)) >>> 0);
  }

  /** A float in [0, 1). */
  next(): number {
    const t = (((this.a + this.b) >>> 0) + this.d) >>> 0;
    this.d = (this.d + 1) >>> 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) >>> 0;
    this.c = ((this.c << 21) | (this.c >>> 11)) >>> 0;
    this.c = (this.c + t) >>> 0;
    return t / 4294967296;
  }

  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** An integer in [min, max]. */
  between(min: number, max: number): number {
    return min + this.int(max - min + 1);
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[this.int(items.length)] as T;
  }

  /** Fisher-Yates in place; returns the same array. */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const t = items[i] as T;
      items[i] = items[j] as T;
      items[j] = t;
    }
    return items;
  }

  /** A standard normal draw (Box-Muller). */
  normal(): number {
    const u = 1 - this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.next());
  }

  /** A count with a log-normal spread around a median, as follower counts are. */
  logNormal(median: number, sigma: number): number {
    return Math.round(median * Math.exp(sigma * this.normal()));
  }
}

/** Picks items in proportion to their weights (binary search over the running sums). */
export class Weighted<T> {
  readonly items: readonly T[];
  private readonly sums: Float64Array;
  readonly total: number;

  constructor(entries: readonly (readonly [T, number])[]) {
    const kept = entries.filter(([, w]) => w > 0);
    if (kept.length === 0) throw new Error('a weighted table needs at least one positive weight');
    this.items = kept.map(([item]) => item);
    this.sums = new Float64Array(kept.length);
    let sum = 0;
    kept.forEach(([, w], i) => {
      sum += w;
      this.sums[i] = sum;
    });
    this.total = sum;
  }

  pick(rng: Rng): T {
    const x = rng.next() * this.total;
    let lo = 0;
    let hi = this.sums.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.sums[mid] as number) > x) hi = mid;
      else lo = mid + 1;
    }
    return this.items[lo] as T;
  }
}

/** Shorthand for a table written as an object literal: { full: 45, first: 10 }. */
export function weighted<K extends string>(table: Readonly<Record<K, number>>): Weighted<K> {
  return new Weighted(Object.entries(table).map(([k, w]) => [k as K, w as number] as const));
}

/**
 * Exactly `total` items split by the table's shares (largest remainder), in a
 * shuffled order: the stated frequencies hold at every size, not just on average.
 */
export function quota<K extends string>(rng: Rng, total: number, table: Readonly<Record<K, number>>): K[] {
  const entries = Object.entries(table) as [K, number][];
  const sum = entries.reduce((s, [, w]) => s + w, 0);
  const exact = entries.map(([k, w]) => ({ k, n: (total * w) / sum }));
  const out: K[] = [];
  for (const e of exact) for (let i = 0; i < Math.floor(e.n); i++) out.push(e.k);
  const byRemainder = [...exact].sort((x, y) => y.n - Math.floor(y.n) - (x.n - Math.floor(x.n)));
  for (let i = 0; out.length < total; i++) out.push((byRemainder[i % byRemainder.length] as { k: K }).k);
  return rng.shuffle(out);
}
