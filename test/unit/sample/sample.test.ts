/**
 * The sample shows what Earshot is for, through the real pipeline (storage,
 * matcher, values): customers among the reviewers on review sites, valuable
 * and costly ones; a Champion, an Advocate and a detractor with reach; a review
 * queue a person clears in minutes; captures spread over weeks. Nothing here
 * tells the matcher who is who: the counts are what it found.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPipeline } from '../../../lib/background/pipeline';
import { loadSampleData, SAMPLE_BRANDS } from '../../../lib/background/sample';
import { recordWork, runWork } from '../../../lib/background/work';
import type { EarshotDatabase } from '../../../lib/db/database';
import { isLinked, type Match } from '../../../lib/model';
import { DEFAULT_SETTINGS, type Settings } from '../../../lib/settings';
import { generateSampleCaptures, SAMPLE_WEEKS } from '../../../lib/sample/captures';
import { segmentHistory } from '../../../lib/db/history';
import { generateSampleCrm } from '../../../lib/sample/crm';
import { deleteDatabase, openFreshDatabase } from '../fresh-db';

// Any day: the sample is generated as of the day it is loaded.
const NOW = Date.parse('2027-03-15T09:00:00Z');
const REVIEW_SITES = new Set(['trustpilot', 'amazon', 'google']);
const SETTINGS: Settings = { ...DEFAULT_SETTINGS, value: { ...DEFAULT_SETTINGS.value, ownBrands: [...SAMPLE_BRANDS] } };

let db: EarshotDatabase;
let matches: Match[];
const truth = new Map<string, string | null>();

beforeAll(async () => {
  db = await openFreshDatabase('sample');
  await loadSampleData(db, NOW, SAMPLE_BRANDS);
  // What the service worker does after "Load sample data".
  await recordWork(db, { customers: true, orders: true }, NOW);
  await runWork(db, createPipeline({ db, now: () => NOW, settings: async () => SETTINGS, syncQueued: () => {} }), () => NOW);
  matches = await db.matches.toArray();
  const asOf = new Date(NOW).toISOString().slice(0, 10);
  const { customers, orders } = generateSampleCrm({ asOf });
  for (const p of generateSampleCaptures(customers, orders, { asOf }).personas) truth.set(p.profile.id, p.truth);
}, 600_000);
afterAll(() => deleteDatabase(db));

describe('the sample, after the real pipeline', () => {
  it('finds customers among the reviewers on review sites, valuable and costly ones', async () => {
    // Right customer, linked or waiting for a person: a name alone is never linked without one.
    const found = matches.filter((m) => REVIEW_SITES.has(m.profileId.split(':')[0]!) && m.customerId !== null && m.customerId === truth.get(m.profileId));
    expect(found.length).toBeGreaterThanOrEqual(10);
    const net = await Promise.all(found.map(async (m) => (await db.values.get(`customer:${m.customerId}`))?.financial ?? 0));
    expect(net.filter((v) => v > 100).length).toBeGreaterThanOrEqual(3);
    expect(net.filter((v) => v < 0).length).toBeGreaterThanOrEqual(2);
  });

  it("shows customers on the review sites' pages from the first minute: the sample marketer's earlier confirmations, kept by the matcher", async () => {
    const linked = matches.filter((m) => REVIEW_SITES.has(m.profileId.split(':')[0]!) && isLinked(m));
    expect(linked.length).toBeGreaterThanOrEqual(5);
    // Each is the right customer, confirmed by a person (the sample's truth, not the matcher's guess).
    for (const m of linked) expect(m.customerId).toBe(truth.get(m.profileId));
    const pages = await db.pages.toArray();
    const linkedIds = new Set(linked.map((m) => m.profileId));
    // The busiest review page, the one a new user is likely to open first, shows some of them.
    const busiest = pages.filter((p) => REVIEW_SITES.has(p.site)).sort((a, b) => b.profileIds.length - a.profileIds.length)[0]!;
    expect(busiest.profileIds.filter((id) => linkedIds.has(id)).length).toBeGreaterThanOrEqual(1);
  });

  it('has a Champion, an Advocate and a detractor with reach among the linked customers', async () => {
    const segments = new Set<string>();
    for (const m of matches.filter((x) => isLinked(x) && x.customerId === truth.get(x.profileId))) {
      const value = await db.values.get(`customer:${m.customerId}`);
      if (value?.segment) segments.add(value.segment);
    }
    expect([...segments]).toEqual(expect.arrayContaining(['champions', 'advocates', 'detractor-with-reach']));
  });

  it('asks a person about tens of people, not hundreds', () => {
    const queue = matches.filter((m) => m.status === 'review' && m.customerId !== null);
    expect(queue.length).toBeGreaterThanOrEqual(10);
    expect(queue.length).toBeLessThan(100);
  });

  it('has a trend over the weeks its captures span, one point a day, that moves', async () => {
    const history = await segmentHistory(db);
    expect(history.length).toBeGreaterThanOrEqual(SAMPLE_WEEKS * 7);
    expect(history.at(-1)!.day).toBe('2027-03-15');
    const total = (s: (typeof history)[number]) => Object.values(s.counts).reduce((a, b) => a + b, 0);
    // People are counted from the day they first appear, so the first day holds fewer than today.
    expect(total(history[0]!)).toBeLessThan(total(history.at(-1)!));
    expect(history[0]!.linked).toBeLessThan(history.at(-1)!.linked);
  });

  it('was seen over several weeks', async () => {
    const days = new Set((await db.pages.toArray()).map((p) => new Date(p.capturedAt).toISOString().slice(0, 10)));
    expect(days.size).toBeGreaterThan(7);
    const span = (Math.max(...[...days].map(Date.parse)) - Math.min(...[...days].map(Date.parse))) / 86_400_000;
    expect(span).toBeGreaterThanOrEqual(14);
  });
});
