import { describe, expect, it } from 'vitest';
import { reportPeopleFromRecords, type ReportRecords } from '../../../lib/report/people';
import { buildWeeklyReport } from '../../../lib/report/weekly';
import { generateSampleCrm } from '../../../lib/sample/crm';
import { Random } from '../../../lib/sample/random';
import { computeValues } from '../../../lib/value';
import { profileId, type Contribution, type Match, type Platform, type Profile } from '../../../lib/model';

const WEEK = '2026-W43';
const PLATFORMS: Platform[] = ['trustpilot', 'instagram', 'google'];

/** 400 sample customers whose orders carry sales channels, and 120 captured people, a third of them linked. */
function records(): ReportRecords {
  const rng = new Random(7);
  const crm = generateSampleCrm({ customers: 400 });
  const customers = crm.customers.map((c) => c.customer);
  const orders = crm.orders.map((o, i) => ({ ...o, channel: i % 5 === 0 ? 'store' : 'webshop' }));
  const profiles: Profile[] = [];
  const contributions: Contribution[] = [];
  const matches: Match[] = [];
  for (let i = 0; i < 120; i++) {
    const platform = PLATFORMS[i % PLATFORMS.length]!;
    const id = profileId(platform, `p${i}`);
    profiles.push({ id, platform, key: `p${i}`, displayName: `Person ${i}`, followers: i * 10, firstSeenAt: 0, lastSeenAt: 0, seenOn: [] } as Profile);
    for (let k = 0; k < 4; k++) {
      contributions.push({
        id: `${id}#${k}`,
        profileId: id,
        profileKey: `p${i}`,
        type: platform === 'instagram' ? 'post' : 'review',
        ...(platform === 'instagram' ? {} : { rating: rng.int(1, 5) }),
        date: new Date(Date.UTC(2026, 9, 25) - rng.int(0, 120) * 86_400_000).toISOString().slice(0, 10),
        aboutOwnBrand: rng.chance(0.6),
        pageUrl: `https://reviews.example/${i}/${k}`,
        firstSeenAt: 0,
        lastSeenAt: 0,
      } as Contribution);
    }
    if (i % 3 === 0) matches.push({ profileId: id, customerId: customers[i * 3]!.id, score: 0.99, status: 'auto', evidence: [], decidedBy: 'matcher', decidedAt: 0, rejectedCustomerIds: [] });
  }
  const run = computeValues({ customers, orders, profiles, contributions, matches }, {}, '2026-11-01');
  return { customers, orders, profiles, contributions, matches, values: new Map(run.customers.map((v) => [v.customerId, v])), competitorBrands: [] };
}

describe('people for one week of the report', () => {
  it('leaves out the customers that week cannot name, and the report is the same as from everyone', () => {
    const r = records();
    const everyone = reportPeopleFromRecords(r);
    const week = reportPeopleFromRecords({ ...r, week: WEEK });
    expect(week.people.length).toBeLessThan(everyone.people.length / 2);
    // The actions are proposed for every valued customer either way.
    expect(week.forActions).toEqual(everyone.forActions);
    const build = (people: typeof everyone.people) => buildWeeklyReport({ week: WEEK, people, actions: [], detractorMaxRating: 2.5, notProfiled: 0, currency: 'EUR', now: 0 });
    const [fromEveryone, fromWeek] = [build(everyone.people), build(week.people)];
    // Customers who only ordered in the week are in it (channel changes by orders alone).
    expect(fromEveryone.changedChannel.length).toBeGreaterThan(0);
    expect(fromEveryone.items.length).toBeGreaterThan(0);
    expect(fromWeek).toEqual(fromEveryone);
  });
});
