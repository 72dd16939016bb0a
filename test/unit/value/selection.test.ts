// Which purchase model a shop gets (lib/value/selection.ts): by held-back error, by BIC when the history is
// too short to hold any back, or as the settings fix it.
import { describe, expect, it } from 'vitest';
import { computeValues, MIN_BUYERS, type ValueInput } from '../../../lib/value';
import { autoHoldoutWindow, MAX_AUTO_HOLDOUT_WEEKS, MIN_AUTO_HOLDOUT_WEEKS } from '../../../lib/value/selection';
import { generateSampleCrm } from '../../../lib/sample/crm';

const AS_OF = '2026-11-01';
function sampleShop(count: number): ValueInput {
  const { customers, orders } = generateSampleCrm({ customers: count });
  return { customers: customers.map((c) => ({ id: c.customer.id })), orders };
}

describe('the held-back period of the automatic choice', () => {
  it('is the last quarter of the history, in whole weeks, from 4 to 52', () => {
    expect(autoHoldoutWindow(1000, AS_OF)).toEqual({ calibrationEnd: '2026-02-22', weeks: 36 });
    expect(autoHoldoutWindow(3000, AS_OF)).toMatchObject({ weeks: MAX_AUTO_HOLDOUT_WEEKS });
    expect(autoHoldoutWindow(112, AS_OF)).toMatchObject({ weeks: MIN_AUTO_HOLDOUT_WEEKS });
    expect(autoHoldoutWindow(90, AS_OF)).toEqual({ skipped: '90 days of history are too few to hold back 4 weeks' });
  });
});

describe('choosing the purchase model', () => {
  it('takes the lowest held-back error and fits it again on the whole history', () => {
    const shop = sampleShop(600);
    const run = computeValues(shop, {}, AS_OF);
    const selection = run.models.selection!;
    expect(selection).toMatchObject({ by: 'holdout', reason: { key: 'lowest-holdout-error' }, holdoutWeeks: 39, holdoutSkipped: null });
    // The held-back weeks end on the last day with a purchase, not on the as-of day after it.
    const lastPurchase = shop.orders.reduce((last, o) => (o.date > last && o.date <= AS_OF ? o.date : last), '');
    expect(lastPurchase < AS_OF).toBe(true);
    expect(selection.holdout[0]!.to).toBe(lastPurchase);
    const errors = selection.candidates.map((c) => c.holdoutError!);
    expect(selection.candidates.find((c) => c.model === selection.model)!.holdoutError).toBe(Math.min(...errors));
    expect(selection.holdout.map((h) => h.model)).toEqual(['bgnbd', 'mbgnbd', 'paretonbd']);
    expect(run.models.purchases).toBe(selection.model);
    // Only the chosen model is fitted on the whole history; the others were fitted before the held-back weeks.
    expect([run.models.bgnbd, run.models.mbgnbd, run.models.paretonbd].filter(Boolean).map((m) => m!.model)).toEqual([selection.model]);
    expect(selection.text).toMatch(/: the lowest error on the 39 weeks held back \(\d/);
    expect(run.customers.find((c) => c.summary.purchases > 1)!.prediction.model).toBe(selection.model);
  });

  it('falls back to BIC on the whole history when holding back would leave too little', () => {
    // About three quarters of these customers started before the held-back weeks: fewer than MIN_BUYERS.
    const run = computeValues(sampleShop(Math.round(MIN_BUYERS * 1.15)), {}, AS_OF);
    const selection = run.models.selection!;
    expect(selection).toMatchObject({ by: 'bic', reason: { key: 'lowest-bic' }, calibrationEnd: null, holdout: [] });
    expect(selection.holdoutSkipped).toMatch(/^holding back the last 39 weeks would leave too little to fit: only \d+ customers with purchases up to 2026-01-30; a purchase model needs at least 300$/);
    const bics = [run.models.bgnbd!, run.models.mbgnbd!, run.models.paretonbd!].map((m) => m.bic!);
    expect(run.models[selection.model]!.bic).toBe(Math.min(...bics));
    expect(selection.text).toMatch(/the lowest BIC on the whole history .*; no weeks could be held back to check on$/);
  });

  it('uses the model the settings fix, and still reports its held-back check', () => {
    const run = computeValues(sampleShop(600), { purchaseModel: 'paretonbd' }, AS_OF);
    expect(run.models.selection).toMatchObject({ model: 'paretonbd', by: 'fixed', reason: { key: 'chosen-in-settings' } });
    expect(run.models.selection!.holdout.map((h) => h.model)).toEqual(['paretonbd']);
    expect(run.models.purchases).toBe('paretonbd');
    expect(run.models.bgnbd).toBeNull();
  });
});
