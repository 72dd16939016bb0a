import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EarshotDatabase } from '../../../lib/db/database';
import type { ValueRecord } from '../../../lib/value';
import type { Customer, Profile } from '../../../lib/model';
import { pageView } from '../../../lib/views/page';
import { deleteDatabase, openFreshDatabase } from '../fresh-db';

let db: EarshotDatabase;
beforeEach(async () => void (db = await openFreshDatabase('page-view')));
afterEach(() => deleteDatabase(db));

const URL = 'https://www.trustpilot.com/review/example.com';
const customer: Customer = { id: 'C1', firstName: 'Anna', lastName: 'Visser', city: 'Utrecht', country: 'NL', handles: [], custom: {}, source: 'csv', updatedAt: 0 };
const person = (key: string, followers = 0): Profile => ({ id: `trustpilot:${key}`, platform: 'trustpilot', key, displayName: key, followers, firstSeenAt: 1, lastSeenAt: 1, seenOn: [URL] });
const value = (personRef: string, segment: string): ValueRecord => ({
  personRef,
  kind: personRef.startsWith('customer:') ? 'customer' : 'profile',
  segment,
  financial: 10,
  influence: 5,
  engagement: 10,
  value: { influence: { score: { value: 5 } }, prediction: { clv: { value: 10 } } } as unknown as ValueRecord['value'],
});

describe("the popup's view of a page", () => {
  it('lists customers, then suggestions, then strangers, and gives a segment to customers only (and to a detractor with reach)', async () => {
    await db.customers.put(customer);
    await db.profiles.bulkPut([person('stranger', 900), person('anna'), person('maybe', 50), person('loud', 20_000)]);
    await db.pages.put({ url: URL, site: 'trustpilot', kind: 'reviews', capturedAt: 1, profileIds: ['trustpilot:stranger', 'trustpilot:anna', 'trustpilot:maybe', 'trustpilot:loud'], status: 'ok' });
    const base = { evidence: [], decidedBy: 'matcher' as const, decidedAt: 1, rejectedCustomerIds: [] };
    await db.matches.bulkPut([
      { ...base, profileId: 'trustpilot:anna', customerId: 'C1', score: 0.995, status: 'auto' },
      { ...base, profileId: 'trustpilot:maybe', customerId: 'C1', score: 0.8, status: 'review' },
    ]);
    await db.values.bulkPut([
      value('customer:C1', 'champions'),
      value('profile:trustpilot:stranger', 'misers'),
      value('profile:trustpilot:maybe', 'misers'),
      value('profile:trustpilot:loud', 'detractor-with-reach'),
    ]);
    const view = await pageView(db, URL);
    expect(view.people.map((p) => [p.profile.key, p.standing, p.segment])).toEqual([
      ['anna', 'customer', 'champions'],
      ['maybe', 'suggested', undefined],
      ['loud', 'stranger', 'detractor-with-reach'],
      ['stranger', 'stranger', undefined],
    ]);
    expect(view.people[1]!.customerName).toBe('Anna Visser');
  });
});
