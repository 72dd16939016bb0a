import { beforeAll, describe, expect, it } from 'vitest';
import { generateWildSet, type WildSet } from '../../../bench/sets/wild/generate';
import { customersCsv, jsonLines } from '../../../bench/sets/wild/serialize';
import { CUSTOMER_KINDS, STRANGER_KINDS } from '../../../bench/sets/wild/shares';
import { CsvImporter } from '../../../lib/crm/import';
import { ProfileLine, type Customer } from '../../../lib/model';

function text(set: WildSet): { customers: string; profiles: string; truth: string } {
  return {
    customers: [...customersCsv(set.customers)].join(''),
    profiles: [...jsonLines(set.profiles)].join(''),
    truth: [...jsonLines(set.truth)].join(''),
  };
}

function share(part: number, whole: number): number {
  return (100 * part) / whole;
}

function countBy<T>(items: readonly T[], key: (item: T) => string): Map<string, number> {
  const out = new Map<string, number>();
  for (const item of items) out.set(key(item), (out.get(key(item)) ?? 0) + 1);
  return out;
}

/** The customers.csv text through the project's own importer, as a user's import would read it. */
function importCustomers(csv: string): { rows: Customer[]; bad: number; errors: string[] } {
  const importer = new CsvImporter({ kind: 'customers', now: 0 });
  const rows: Customer[] = [];
  // Feed it in pieces, as a file stream would, so that fields split across chunks are exercised too.
  for (let i = 0; i < csv.length; i += 65_536) rows.push(...(importer.push(csv.slice(i, i + 65_536)).rows as Customer[]));
  rows.push(...(importer.end().rows as Customer[]));
  const summary = importer.summary();
  return { rows, bad: summary.rowsBad, errors: summary.errors.map((e) => `line ${e.line} ${e.field}: ${e.message}`) };
}

describe('the wild set generator', () => {
  it('gives the same bytes for the same seed, and another set for another seed', () => {
    const a = text(generateWildSet({ customers: 2000, profiles: 1000, seed: 7 }));
    const b = text(generateWildSet({ customers: 2000, profiles: 1000, seed: 7 }));
    const c = text(generateWildSet({ customers: 2000, profiles: 1000, seed: 8 }));
    expect(b).toEqual(a);
    expect(c.customers).not.toBe(a.customers);
    expect(c.profiles).not.toBe(a.profiles);
  });

  it('refuses options it cannot honour, naming the option', () => {
    expect(() => generateWildSet({ customers: -1 })).toThrow(/customers/);
    expect(() => generateWildSet({ profiles: 1.5 })).toThrow(/profiles/);
    expect(() => generateWildSet({ strangerShare: 1.2 })).toThrow(/strangerShare/);
    expect(() => generateWildSet({ customers: 0, profiles: 10, strangerShare: 0.5 })).toThrow(/at least one customer/);
  });

  it('works at 2,000 customers and 1,000 profiles: every case dealt, none short of people to be true of', () => {
    const set = generateWildSet({ customers: 2000, profiles: 1000, seed: 3 });
    const kinds = countBy(set.truth, (t) => t.kind);
    // Largest-remainder quotas: each count is within one of its exact share.
    for (const [kind, pct] of Object.entries(CUSTOMER_KINDS)) expect(Math.abs((kinds.get(kind) ?? 0) - (400 * pct) / 100), kind).toBeLessThan(1);
    for (const [kind, pct] of Object.entries(STRANGER_KINDS)) expect(Math.abs((kinds.get(kind) ?? 0) - (600 * pct) / 100), kind).toBeLessThan(1);
    expect(set.customers).toHaveLength(2000);
  });
});

describe('the wild set at 40,000 customers and 20,000 profiles', () => {
  let set: WildSet;
  let files: ReturnType<typeof text>;
  beforeAll(() => {
    set = generateWildSet({ customers: 40_000, profiles: 20_000, seed: 11 });
    files = text(set);
  }, 120_000);

  it('has 60% strangers and every case in its stated share (README.md)', () => {
    const strangers = set.truth.filter((t) => t.customerId === null).length;
    expect(strangers).toBe(12_000);
    const kinds = countBy(set.truth, (t) => t.kind);
    for (const [kind, pct] of Object.entries(CUSTOMER_KINDS)) expect(Math.abs((kinds.get(kind) ?? 0) - (8000 * pct) / 100), kind).toBeLessThan(1);
    for (const [kind, pct] of Object.entries(STRANGER_KINDS)) expect(Math.abs((kinds.get(kind) ?? 0) - (12_000 * pct) / 100), kind).toBeLessThan(1);
    expect([...kinds.keys()].every((k) => k in CUSTOMER_KINDS || k in STRANGER_KINDS)).toBe(true);
    // The README states the shares as numbers a reader can check against: these are the same numbers.
    expect(CUSTOMER_KINDS['customer-plain']).toBe(19);
    expect(CUSTOMER_KINDS['customer-handle-only']).toBe(8);
    expect(STRANGER_KINDS['namesake-stranger']).toBe(6);
    expect(STRANGER_KINDS['stale-handle-stranger']).toBe(2);
  });

  it('spreads profiles over the platforms as README.md states, within 2 points', () => {
    const platforms = countBy(set.profiles, (p) => p.platform);
    const stated: Record<string, number> = { amazon: 21, trustpilot: 12.5, google: 13, instagram: 20, tiktok: 10.5, youtube: 8, x: 8.5, bluesky: 6.5 };
    for (const [platform, pct] of Object.entries(stated)) expect(Math.abs(share(platforms.get(platform) ?? 0, 20_000) - pct), platform).toBeLessThan(2);
  });

  it('leaves the name out only where the platform allows it, at the stated rates', () => {
    const byPlatform = countBy(set.profiles, (p) => p.platform);
    const nameless = countBy(
      set.profiles.filter((p) => p.displayName === undefined),
      (p) => p.platform,
    );
    expect([...nameless.keys()].sort()).toEqual(['bluesky', 'instagram']);
    const instagram = share(nameless.get('instagram') ?? 0, byPlatform.get('instagram') ?? 1);
    const bluesky = share(nameless.get('bluesky') ?? 0, byPlatform.get('bluesky') ?? 1);
    expect(instagram).toBeGreaterThan(18);
    expect(instagram).toBeLessThan(35);
    expect(bluesky).toBeGreaterThan(14);
    expect(bluesky).toBeLessThan(30);
  });

  it('shows a place on a minority of profiles, where the platforms show one', () => {
    const located = set.profiles.filter((p) => p.location !== undefined);
    const byPlatform = countBy(located, (p) => p.platform);
    expect(share(located.length, 20_000)).toBeLessThan(30);
    expect(byPlatform.get('google') ?? 0).toBe(0);
    expect(byPlatform.get('instagram') ?? 0).toBe(0);
    const trustpilot = set.profiles.filter((p) => p.platform === 'trustpilot');
    expect(share(trustpilot.filter((p) => /^[A-Z]{2}$/.test(p.location ?? '')).length, trustpilot.length)).toBeGreaterThan(85);
  });

  it('meets some customers on several platforms, never twice on one', () => {
    const platformOf = new Map(set.profiles.map((p) => [p.id, p.platform]));
    const seen = new Set<string>();
    const perCustomer = new Map<string, number>();
    for (const t of set.truth) {
      if (!t.customerId) continue;
      const key = `${t.customerId}|${platformOf.get(t.profileId)}`;
      expect(seen.has(key), key).toBe(false);
      seen.add(key);
      perCustomer.set(t.customerId, (perCustomer.get(t.customerId) ?? 0) + 1);
    }
    const several = [...perCustomer.values()].filter((n) => n >= 2).length;
    expect(share(several, perCustomer.size)).toBeGreaterThan(15);
    expect(share(several, perCustomer.size)).toBeLessThan(35);
  });

  it('refers only to profiles and customers that exist, one truth line per profile in the same order', () => {
    const ids = new Set(set.customers.map((c) => c.customer_id));
    expect(ids.size).toBe(40_000);
    expect(set.truth.map((t) => t.profileId)).toEqual(set.profiles.map((p) => p.id));
    expect(new Set(set.profiles.map((p) => p.id)).size).toBe(20_000);
    for (const t of set.truth) if (t.customerId !== null) expect(ids.has(t.customerId), t.customerId).toBe(true);
  });

  it('gives no two profiles on one platform the same handle', () => {
    const handles = set.profiles.filter((p) => p.handle).map((p) => `${p.platform}:${p.handle?.toLowerCase().replace(/^@/, '')}`);
    expect(new Set(handles).size).toBe(handles.length);
  });

  it('marks evidence by what the profile shows', () => {
    const evidence = (kind: string) => {
      const lines = set.truth.filter((t) => t.kind === kind);
      return share(lines.filter((t) => t.evidence === 'some').length, lines.length);
    };
    expect(evidence('customer-no-name')).toBe(0);
    expect(evidence('customer-recorded-handle')).toBe(100);
    expect(evidence('stale-handle-stranger')).toBe(100);
    expect(evidence('customer-email-in-bio')).toBe(100);
    expect(evidence('customer-plain')).toBeGreaterThan(80);
    expect(evidence('namesake-stranger')).toBeGreaterThan(80);
    expect(evidence('customer-first-name')).toBeLessThan(30);
    // Ordinary strangers share a full name with a customer now and then, as people do.
    expect(evidence('stranger')).toBeLessThan(15);
  });

  it('writes every customers.csv row so that the project importer takes it', () => {
    const imported = importCustomers(files.customers);
    expect(imported.errors).toEqual([]);
    expect(imported.bad).toBe(0);
    expect(imported.rows).toHaveLength(40_000);
    // Recorded handles arrive as platform:handle pairs.
    expect(imported.rows.filter((c) => c.handles.length > 0).length).toBeGreaterThan(1000);
  });

  it('writes CRM names the ways real exports have them', () => {
    const rows = set.customers;
    const cyrillic = rows.filter((r) => /[\u0400-\u04ff]/.test(r.last_name)).length;
    expect(share(cyrillic, rows.length)).toBeGreaterThan(4);
    expect(share(cyrillic, rows.length)).toBeLessThan(11);
    expect(rows.some((r) => /, (van|de|ter|den)/.test(r.last_name))).toBe(true);
    expect(rows.some((r) => / (van|de|van der|van den)$/.test(r.first_name))).toBe(true);
    expect(rows.some((r) => /^[A-Z]\.([A-Z]\.)?$/.test(r.first_name))).toBe(true);
    expect(rows.some((r) => r.last_name !== '' && r.last_name === r.last_name.toLowerCase() && /[a-z]/.test(r.last_name))).toBe(true);
    expect(share(rows.filter((r) => r.email === '').length, rows.length)).toBeLessThan(8);
  });

  it('validates every profile line against ProfileLine, the lines without a display name too', () => {
    // Real profiles (an Instagram account with only a username, a Bluesky handle) have no display
    // name; ProfileLine accepts a displayName or a handle.
    const lines = files.profiles.trimEnd().split('\n');
    expect(lines).toHaveLength(20_000);
    const failing: string[] = [];
    const nameless: string[] = [];
    for (const line of lines) {
      const json: unknown = JSON.parse(line);
      const id = (json as { id: string }).id;
      if (!ProfileLine.safeParse(json).success) failing.push(id);
      if ((json as { displayName?: string }).displayName === undefined) nameless.push(id);
    }
    expect(nameless.length).toBeGreaterThan(500);
    expect(failing).toEqual([]);
    // The nameless ones still carry a handle to know them by.
    const byId = new Map(set.profiles.map((p) => [p.id, p]));
    for (const id of nameless) expect(byId.get(id)?.handle, id).toBeTruthy();
  });
});
