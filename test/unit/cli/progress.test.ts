/** Progress on stderr: nothing for a short run; a bar redrawn in place in a terminal; plain lines now and then in a pipe. */
import { describe, expect, it } from 'vitest';
import { Progress, QUIET_MS } from '../../../lib/cli/progress';
import type { CliIo } from '../../../lib/cli/command';

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
