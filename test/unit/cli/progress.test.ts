/** Progress on stderr: nothing for a short run; a bar redrawn in place in a terminal; plain lines now and then in a pipe. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Progress, QUIET_MS } from '../../../lib/cli/progress';
import type { CliIo } from '../../../lib/cli/command';
import { runCli } from '../../../lib/cli/main';
import { CUSTOMERS_HEADER, ORDERS_HEADER, customerCsvLine, orderCsvLine } from '../../../lib/crm/formats';
import { generateSampleCrm } from '../../../lib/sample/crm';

function io(tty: boolean) {
  let t = 0;
  const out = { stderr: '', tick: (ms: number) => (t += ms) };
  const cli: CliIo = { stdout: { write: () => true }, stderr: { write: (s: string) => (out.stderr += s), isTTY: tty }, cwd: '.', now: () => t };
  return { cli, out };
}

describe('Progress', () => {
  it('says nothing while a run is short', () => {
    const { cli, out } = io(false);
    const progress = new Progress(cli, 'match');
    progress.phase('matching', 'profiles', 100);
    out.tick(QUIET_MS - 1);
    progress.update(50);
    progress.end();
    expect(out.stderr).toBe('');
  });

  it('in a pipe: a plain line at most every few seconds, with the count and the share', () => {
    const { cli, out } = io(false);
    const progress = new Progress(cli, 'value');
    progress.phase('reading orders', 'orders', 200_000);
    out.tick(QUIET_MS);
    progress.update(50_000);
    out.tick(1_000);
    progress.update(60_000);
    out.tick(5_000);
    progress.update(100_000);
    progress.end();
    expect(out.stderr).toBe('earshot value: reading orders: 50,000 of 200,000 orders (25%)\nearshot value: reading orders: 100,000 of 200,000 orders (50%)\n');
  });

  it('in a terminal: one bar redrawn in place, cleared at the end', () => {
    const { cli, out } = io(true);
    const progress = new Progress(cli, 'match');
    progress.phase('matching', 'profiles', 1000);
    out.tick(QUIET_MS);
    progress.update(500);
    out.tick(200);
    progress.update(1000);
    progress.end();
    expect(out.stderr).toBe(
      '\rearshot match: matching [############............] 500 of 1,000 profiles (50%)\x1b[K' +
        '\rearshot match: matching [########################] 1,000 of 1,000 profiles (100%)\x1b[K' +
        '\r\x1b[K',
    );
    expect(out.stderr).not.toContain('\n');
  });
});

describe('earshot value in a pipe, on a long run', () => {
  it('says which phase it is in: reading, each model fitted, valuing, writing', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'earshot-progress-'));
    try {
      const { customers, orders } = generateSampleCrm({ customers: 300, seed: 5 });
      await writeFile(join(dir, 'customers.csv'), CUSTOMERS_HEADER + customers.map((c) => customerCsvLine(c.customer)).join(''));
      await writeFile(join(dir, 'orders.csv'), ORDERS_HEADER + orders.map(orderCsvLine).join(''));
      // A clock that moves a second each time it is read: every phase is long enough to be shown.
      const { cli, out } = io(false);
      const code = await runCli(['value', '--customers', 'customers.csv', '--orders', 'orders.csv', '--as-of', '2026-11-01', '--model', 'bgnbd'], {
        ...cli,
        cwd: dir,
        now: () => out.tick(1_000),
      });
      expect(code).toBe(0);
      const phases = [...new Set(out.stderr.split('\n').flatMap((l) => /^earshot value: ([^:]+):/.exec(l)?.[1] ?? []))];
      expect(phases).toEqual(expect.arrayContaining(['reading customers', 'reading orders', 'fitting BG/NBD', 'fitting Gamma-Gamma', 'valuing the customers', 'writing the values']));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
