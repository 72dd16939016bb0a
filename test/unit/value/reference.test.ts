/**
 * The reference values in reference.ts are what test/fixtures/cdnow/reference_values.py prints: rerun
 * the script (python3 with mpmath; skipped where they are not installed) and compare, so a value cannot
 * be edited by hand, or the script changed, without this failing.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { z } from '../../../lib/zod';
import { MLE, PAPER } from './cdnow';
import { CONDITIONAL, EXPECTED_NEW, README_CUSTOMER } from './reference';

const SCRIPT = fileURLToPath(new URL('../../fixtures/cdnow/reference_values.py', import.meta.url));
const hasMpmath = spawnSync('python3', ['-c', 'import mpmath'], { stdio: 'ignore' }).status === 0;

const Decimal = z.string().regex(/^-?\d+(\.\d+)?(e-?\d+)?$/);
const Params = z.union([z.enum(['PAPER', 'MLE']), z.object({ r: Decimal, alpha: Decimal, a: Decimal, b: Decimal })]);
const Output = z.object({
  mpmath: z.string(),
  digits: z.literal(40),
  readmeCustomer: z.object({
    x: z.number(),
    tx: Decimal,
    T: Decimal,
    params: z.literal('PAPER'),
    pAlive: Decimal,
    expected39: Decimal,
    expected24Months: Decimal,
    discounted24Months10Percent: Decimal,
  }),
  expectedNew: z.array(z.object({ params: Params, t: z.number(), value: Decimal })),
  conditional: z.array(z.object({ params: Params, x: z.number(), tx: Decimal, T: Decimal, t: z.number(), value: Decimal })),
});

function paramsOf(p: z.infer<typeof Params>) {
  if (p === 'PAPER') return { r: PAPER.r, alpha: PAPER.alpha, a: PAPER.a, b: PAPER.b };
  if (p === 'MLE') return { ...MLE };
  return { r: Number(p.r), alpha: Number(p.alpha), a: Number(p.a), b: Number(p.b) };
}

const four = ({ r, alpha, a, b }: { r: number; alpha: number; a: number; b: number }) => ({ r, alpha, a, b });

/** Agreement to the last bits of a double (the script prints 20 digits, the constants keep 17). */
const same = (constant: number, printed: string) => expect(Math.abs(constant / Number(printed) - 1)).toBeLessThan(1e-15);

describe('the mpmath reference values', () => {
  it.skipIf(!hasMpmath)('are what reference_values.py prints', () => {
    const run = spawnSync('python3', [SCRIPT], { encoding: 'utf8', timeout: 60_000 });
    expect(run.status, run.stderr).toBe(0);
    const out = Output.parse(JSON.parse(run.stdout));

    const readme = out.readmeCustomer;
    expect([readme.x, Number(readme.tx), Number(readme.T)]).toEqual([README_CUSTOMER.x, README_CUSTOMER.tx, README_CUSTOMER.T]);
    same(README_CUSTOMER.pAlive, readme.pAlive);
    same(README_CUSTOMER.expected39, readme.expected39);
    same(README_CUSTOMER.expected24Months, readme.expected24Months);
    same(README_CUSTOMER.discounted24Months10Percent, readme.discounted24Months10Percent);

    expect(out.expectedNew).toHaveLength(EXPECTED_NEW.length);
    out.expectedNew.forEach((row, i) => {
      const mine = EXPECTED_NEW[i]!;
      expect([paramsOf(row.params), row.t]).toEqual([four(mine.params), mine.t]);
      same(mine.value, row.value);
    });

    expect(out.conditional).toHaveLength(CONDITIONAL.length);
    out.conditional.forEach((row, i) => {
      const mine = CONDITIONAL[i]!;
      expect([paramsOf(row.params), row.x, Number(row.tx), Number(row.T), row.t]).toEqual([four(mine.params), mine.x, mine.tx, mine.T, mine.t]);
      same(mine.value, row.value);
    });
  });
});
