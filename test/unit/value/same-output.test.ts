// The value run's output must not move when its inner loops are restructured for less garbage (issue 17):
// a fixed run on the sample shop, fingerprinted by the code before the restructuring, must come out the same
// to the last bit. Regenerate the fixture only for a change that means to move the figures:
// EARSHOT_WRITE_FIXTURE=1 npx vitest run test/unit/value/same-output.test.ts
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { generateSampleCrm, SAMPLE_DEFAULTS } from '../../../lib/sample/crm';
import { computeValues, computeValuesAsync, type ValueInput } from '../../../lib/value';

const FIXTURE = new URL('../../fixtures/value/sample-run.json', import.meta.url);

const Fixture = z.object({
  customers: z.number().int(),
  /** SHA-256 of the whole run as JSON. */
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  /** Per customer with a forecast: its purchases' 80% range and expected purchases, to say where a difference is. */
  forecasts: z.array(z.tuple([z.string(), z.number(), z.number(), z.number()])),
});
type Fixture = z.infer<typeof Fixture>;

const sample = generateSampleCrm({ customers: SAMPLE_DEFAULTS.customers });
const input: ValueInput = { customers: sample.customers.map((c) => c.customer), orders: sample.orders };

function fingerprint(run: ReturnType<typeof computeValues>): Fixture {
  return {
    customers: run.customers.length,
    sha256: createHash('sha256').update(JSON.stringify(run)).digest('hex'),
    forecasts: run.customers
      .filter((c) => c.prediction.range !== null)
      .map((c) => [c.customerId, c.prediction.range!.purchases.low, c.prediction.range!.purchases.high, c.prediction.expectedPurchases!.value]),
  };
}

describe('the value run on a fixed data set', () => {
  const run = computeValues(input, {}, SAMPLE_DEFAULTS.asOf);
  const actual = fingerprint(run);
  if (process.env.EARSHOT_WRITE_FIXTURE === '1') writeFileSync(FIXTURE, `${JSON.stringify(actual)}\n`);
  const expected = Fixture.parse(JSON.parse(readFileSync(FIXTURE, 'utf8')));

  it('forecasts every customer as before, ranges included', () => {
    expect(actual.forecasts.length).toBeGreaterThan(1000);
    expect(actual.forecasts).toEqual(expected.forecasts);
  });

  it('gives the same run to the last bit, straight through and in time slices', async () => {
    expect(actual.sha256).toBe(expected.sha256);
    const sliced = await computeValuesAsync(input, {}, SAMPLE_DEFAULTS.asOf, { sliceMs: 1 });
    expect(fingerprint(sliced).sha256).toBe(expected.sha256);
  });
});
