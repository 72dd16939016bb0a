/** `earshot value` and the customer's own choice: their purchase history, nothing profiled, and no say in anyone's figures. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../../lib/cli/main';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'earshot-optout-value-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function value(customersCsv: string) {
  await writeFile(join(dir, 'customers.csv'), customersCsv);
  let stdout = '';
  const code = await runCli(['value', '--customers', 'customers.csv', '--orders', 'orders.csv', '--profiles', 'profiles.jsonl', '--matches', 'matches.jsonl', '--as-of', '2026-11-01'], {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: () => true },
    cwd: dir,
  });
  expect(code).toBe(0);
  return new Map(stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>).map((l) => [l.customerId as string, l]));
}

describe('earshot value', () => {
  it('prints only the purchase history of a customer who must not be profiled, and leaves her out of everyone else\'s figures', async () => {
    const orders = ['order_id,customer_id,date,amount,currency,cost_to_serve'];
    // C0 buys big and often: she moves the top-fifth threshold and the models when she is in.
    for (let k = 0; k < 12; k++) orders.push(`O0-${k},C0,2025-${String(k + 1).padStart(2, '0')}-03,900,EUR,5`);
    for (let i = 1; i < 12; i++) orders.push(`O${i},C${i},2025-0${1 + (i % 9)}-10,${30 + i},EUR,`, `O${i}b,C${i},2026-0${1 + (i % 9)}-12,${25 + i},EUR,`);
    await writeFile(join(dir, 'orders.csv'), `${orders.join('\n')}\n`);
    await writeFile(join(dir, 'profiles.jsonl'), `${JSON.stringify({ id: 'ig:c0', platform: 'instagram', displayName: 'C Zero', followers: 90000 })}\n`);
    await writeFile(join(dir, 'matches.jsonl'), `${JSON.stringify({ profileId: 'ig:c0', customerId: 'C0', score: 0.99, decision: 'auto', evidence: [] })}\n`);
    const ids = Array.from({ length: 12 }, (_, i) => `C${i}`);

    const free = await value(`customer_id,do_not_profile\n${ids.map((id) => `${id},`).join('\n')}\n`);
    expect(free.get('C0')).toMatchObject({ segment: expect.any(String), influence: { profiles: 1 } });

    const chose = await value(`customer_id,do_not_profile\n${ids.map((id) => `${id},${id === 'C0' ? 'yes' : ''}`).join('\n')}\n`);
    expect(chose.size).toBe(12);
    expect(chose.get('C0')).toEqual({
      customerId: 'C0',
      profiled: false,
      orders: 12,
      purchases: 12,
      refunds: 0,
      revenue: 10800,
      costToServe: 60,
      firstPurchase: '2025-01-03',
      lastPurchase: '2025-12-03',
    });
    // The others are valued as if she were not in the files at all (she shapes no threshold or model).
    await writeFile(join(dir, 'orders.csv'), `${orders.filter((o) => !o.includes(',C0,')).join('\n')}\n`);
    const without = await value(`customer_id\n${ids.slice(1).join('\n')}\n`);
    expect([...chose.values()].filter((l) => l.customerId !== 'C0')).toEqual([...without.values()]);
    // With her in, the top fifth starts at her: someone's segment differs.
    expect(ids.slice(1).some((id) => free.get(id)!.segment !== chose.get(id)!.segment)).toBe(true);
  });
});
