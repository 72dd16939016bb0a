import { beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type EarshotDatabase } from '../../../lib/db/database';
import { quadrant, segmentSummaries, valueColumns } from '../../../lib/views/insights';
import { liveQuery } from 'dexie';

let db: EarshotDatabase;
beforeEach(async () => {
  db = openDatabase(`insights-${Math.random()}`);
  await db.open();
});

describe('valueColumns', () => {
  it('reads the four figures of every person from the indexes', async () => {
    await db.values.bulkPut([
      { personRef: 'customer:A', kind: 'customer', segment: 'champions', financial: 500, influence: 70, engagement: 1200, value: {} as never },
      { personRef: 'profile:x:b', kind: 'profile', segment: 'advocates', financial: 0, influence: 55, engagement: 550, value: {} as never },
    ]);
    const cols = await valueColumns(db);
    expect(cols.get('customer:A')).toEqual({ segment: 'champions', financial: 500, influence: 70, engagement: 1200 });
    const viaLive = await new Promise((resolve, reject) => {
      const sub = liveQuery(() => quadrant(db)).subscribe({ next: (v) => { sub.unsubscribe(); resolve(v); }, error: reject });
    });
    expect(viaLive).toBeDefined();
    expect((await segmentSummaries(db)).find((s) => s.segment === 'champions')).toMatchObject({ people: 1, customers: 1, netValue: 500 });
  });
});
