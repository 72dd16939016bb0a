/**
 * The mpmath references of test/fixtures/cdnow/model_references.py, as committed in
 * model_references.json (regenerate: `python3 test/fixtures/cdnow/model_references.py >
 * test/fixtures/cdnow/model_references.json`; model-references.test.ts reruns the script and fails when
 * the file differs). Read through zod, as every file a test reads.
 */
import { readFileSync } from 'node:fs';
import { z } from '../../../lib/zod';

const FILE = new URL('../../fixtures/cdnow/model_references.json', import.meta.url);

const Decimal = z.string().regex(/^-?\d+(\.\d+)?(e-?\d+)?$/).transform(Number);
const Customer = z.object({ x: z.number().int(), tx: z.number(), T: z.number(), ll: Decimal, pAlive: Decimal, expected39: Decimal });
const Row = z.object({ x: z.string(), customers: z.number().int(), actual: Decimal, predicted: Decimal });

export const ModelReferences = z.object({
  generator: z.literal('test/fixtures/cdnow/model_references.py'),
  mpmath: z.string(),
  hyp2f1: z.array(z.object({ a: z.number(), b: z.number(), c: z.number(), z: z.number(), log: Decimal })),
  paretonbd: z.object({
    params: z.object({ r: z.number(), alpha: z.number(), s: z.number(), beta: z.number() }),
    other: z.object({ r: z.number(), alpha: z.number(), s: z.number(), beta: z.number() }),
    ll: Decimal,
    customers: z.array(Customer.extend({ other: z.object({ pAlive: Decimal, expected39: Decimal }) })),
    expectedNew78: Decimal,
    extreme: z.array(
      z.object({ params: z.object({ r: z.number(), alpha: z.number(), s: z.number(), beta: z.number() }), x: z.number().int(), tx: z.number(), T: z.number(), ll: Decimal }),
    ),
  }),
  mbgnbd: z.object({
    params: z.object({ r: z.number(), alpha: z.number(), a: z.number(), b: z.number() }),
    ll: Decimal,
    customers: z.array(Customer),
    expectedNew78: Decimal,
  }),
  aliveCountPmf: z.array(
    z.object({ family: z.enum(['bg', 'pareto']), R: z.number(), A: z.number(), shape: z.number(), rate: z.number(), t: z.number(), k: z.number().int(), value: Decimal }),
  ),
  holdout: z.object({
    PAPER: z.object({
      actual: z.number().int(),
      predicted: Decimal,
      byRepeatPurchases: z.array(Row),
      weekly: z.array(z.object({ week: z.number().int(), actual: z.number().int(), predicted: Decimal })),
    }),
    MLE: z.object({ actual: z.number().int(), predicted: Decimal, byRepeatPurchases: z.array(Row) }),
  }),
});
export type ModelReferences = z.infer<typeof ModelReferences>;

export const MODEL_REFERENCES_TEXT = readFileSync(FILE, 'utf8');
export const MODEL_REFERENCES: ModelReferences = ModelReferences.parse(JSON.parse(MODEL_REFERENCES_TEXT));
