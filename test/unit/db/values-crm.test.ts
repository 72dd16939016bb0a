// What a CRM receives of a customer's values (crmValuesOf): a P(alive) of 100% that BG/NBD fixes for a
// one-time buyer travels with its reason, so the CRM can say it too.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EarshotDatabase } from '../../../lib/db/database';
import { crmValuesOf, storeValues } from '../../../lib/db/values';
import { computeValues } from '../../../lib/value';
import { CALIBRATION_END, cdnowOrders } from '../value/cdnow';
import { deleteDatabase, openFreshDatabase } from '../fresh-db';

let db: EarshotDatabase;
beforeEach(async () => void (db = await openFreshDatabase('values-crm')));
afterEach(() => deleteDatabase(db));

describe('the values a CRM receives', () => {
  it('carry pAliveNote where the model fixes P(alive) at 1, and nothing extra elsewhere', async () => {
    const orders = cdnowOrders();
    const customers = [...new Set(orders.map((o) => o.customerId))].map((id) => ({ id }));
    const run = computeValues({ customers, orders }, { currency: 'USD', purchaseModel: 'bgnbd' }, CALIBRATION_END);
    await storeValues(db, run, 0);
    const once = run.customers.find((c) => c.summary.purchases === 1)!;
    const again = run.customers.find((c) => c.summary.purchases > 1)!;
    expect(await crmValuesOf(db, once.customerId)).toMatchObject({ clvModel: 'bgnbd', pAlive: 1, pAliveNote: 'no-repeat-purchase' });
    expect(await crmValuesOf(db, again.customerId)).not.toHaveProperty('pAliveNote');
  });
});
