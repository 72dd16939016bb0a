// Two `earshot import` processes on one database file, and what a killed one
// leaves behind (issues 12.6 and 12.9). These run the built command line in
// real child processes: a lock only means something between processes.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'vite';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadStore } from '../../../lib/cli/file-store';
import { runCli } from '../../../lib/cli/main';

const root = join(__dirname, '../../..');
const outDir = join(root, 'node_modules/.cache', `earshot-cli-test-${process.pid}`);
const bin = join(outDir, 'earshot.mjs');
let dir: string;

beforeAll(async () => {
  await build({ configFile: join(root, 'vite.cli.config.ts'), build: { outDir }, logLevel: 'silent' });
}, 60_000);
afterAll(async () => {
  await rm(outDir, { recursive: true, force: true });
});
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'earshot-lock-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

function earshot(args: string[], hooks: { onSpawn?: (pid: number) => void; onStderr?: (text: string) => void } = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { cwd: dir });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      hooks.onStderr?.(stderr);
    });
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
    if (child.pid) hooks.onSpawn?.(child.pid);
  });
}

async function cli(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, { stdout: { write: (s: string) => (stdout += s) }, stderr: { write: (s: string) => (stderr += s) }, cwd: dir });
  return { code, stdout, stderr };
}

async function customers(file: string, prefix: string, count: number) {
  const rows = Array.from({ length: count }, (_, i) => `${prefix}${i},Voornaam${i},Achternaam${i},${prefix.toLowerCase()}${i}@example.nl,Utrecht`);
  await writeFile(join(dir, file), `customer_id,first_name,last_name,email,city\n${rows.join('\n')}\n`);
}

/** The id of a process that has ended: no process has it now. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(child.stdout);
}

describe('two imports into one database at once (issue 12.6)', () => {
  it('both succeed and the rows of both are kept: the second waits for the first', async () => {
    await customers('a.csv', 'A', 40_000);
    await customers('b.csv', 'B', 40_000);
    const [a, b] = await Promise.all([earshot(['import', '--customers', 'a.csv', '--db', 'shop.db', '--quiet']), earshot(['import', '--customers', 'b.csv', '--db', 'shop.db', '--quiet'])]);
    expect([a.code, b.code], a.stderr + b.stderr).toEqual([0, 0]);
    const store = await loadStore(join(dir, 'shop.db'));
    expect(store.customers.size).toBe(80_000);
    expect(store.customers.get('A39999')?.city).toBe('Utrecht');
    expect(store.customers.get('B0')?.email).toBe('b0@example.nl');
    expect(existsSync(join(dir, 'shop.db.lock'))).toBe(false);
  }, 60_000);

  it('the second waits while the lock is held, says for whom, and goes on when it is given back', async () => {
    await customers('a.csv', 'A', 10);
    const holder = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)']);
    try {
      await writeFile(join(dir, 'shop.db.lock'), `${JSON.stringify({ pid: holder.pid, startedAt: '2026-03-10T09:00:00.000Z', command: 'earshot import' })}\n`);
      // Give the lock back once the import says it waits for it (once: the report follows on stderr).
      let given = false;
      const run = earshot(['import', '--customers', 'a.csv', '--db', 'shop.db', '--wait', '20'], {
        onStderr: (text) => {
          if (text.includes('waiting for') && !given) {
            given = true;
            expect(existsSync(join(dir, 'shop.db'))).toBe(false);
            void rm(join(dir, 'shop.db.lock'));
          }
        },
      });
      const done = await run;
      expect(done.code).toBe(0);
      // The message, then the report (one JSON line).
      const [message, report, ...rest] = done.stderr.split('\n');
      expect(message).toBe(`waiting for ${join(dir, 'shop.db.lock')}: process ${holder.pid} (earshot import) has held it since 2026-03-10T09:00:00.000Z`);
      expect(JSON.parse(report!)).toMatchObject({ customers: { ok: 10 } });
      expect(rest).toEqual(['']);
      expect((await loadStore(join(dir, 'shop.db'))).customers.size).toBe(10);
    } finally {
      holder.kill();
    }
  });

  it('without waiting, the second fails with a message naming the lock, and changes nothing', async () => {
    await customers('a.csv', 'A', 10);
    const holder = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)']);
    try {
      await writeFile(join(dir, 'shop.db.lock'), `${JSON.stringify({ pid: holder.pid, startedAt: '2026-03-10T09:00:00.000Z', command: 'earshot import' })}\n`);
      const run = await earshot(['import', '--customers', 'a.csv', '--db', 'shop.db', '--wait', '0']);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain(
        `earshot import: ${join(dir, 'shop.db')} is in use: ${join(dir, 'shop.db.lock')} says process ${holder.pid} (earshot import) has held it since 2026-03-10T09:00:00.000Z; ` +
          `wait for it to finish (--wait SECONDS), or delete ${join(dir, 'shop.db.lock')} if that process is not an import`,
      );
      expect(existsSync(join(dir, 'shop.db'))).toBe(false);
      expect(existsSync(join(dir, 'shop.db.lock'))).toBe(true);
    } finally {
      holder.kill();
    }
  });

  it('a lock left by a process that is gone is removed, and said so', async () => {
    await customers('a.csv', 'A', 10);
    const pid = deadPid();
    await writeFile(join(dir, 'shop.db.lock'), `${JSON.stringify({ pid, startedAt: '2026-03-10T09:00:00.000Z', command: 'earshot import' })}\n`);
    const run = await cli('import', '--customers', 'a.csv', '--db', 'shop.db');
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(`removed the lock ${join(dir, 'shop.db.lock')} of process ${pid} (earshot import, since 2026-03-10T09:00:00.000Z), which is no longer running`);
    expect(existsSync(join(dir, 'shop.db.lock'))).toBe(false);
    expect((await loadStore(join(dir, 'shop.db'))).customers.size).toBe(10);
  });
});

describe('what a killed import leaves behind (issue 12.9)', () => {
  it('a partial database file of a process that is gone is removed at the next run, and said so; one of a live process is left alone', async () => {
    await customers('a.csv', 'A', 10);
    const gone = deadPid();
    await writeFile(join(dir, `shop.db.tmp-${gone}`), '{"format":"earshot-db"}\n' + 'x'.repeat(5000));
    const live = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)']);
    try {
      await writeFile(join(dir, `shop.db.tmp-${live.pid}`), 'being written\n');
      const run = await cli('import', '--customers', 'a.csv', '--db', 'shop.db');
      expect(run.code).toBe(0);
      expect(run.stderr).toContain(`removed ${join(dir, `shop.db.tmp-${gone}`)} (5,024 bytes), a partial database file left by an import that was stopped (process ${gone} is gone)`);
      expect((await readdir(dir)).sort()).toEqual(['a.csv', 'shop.db', `shop.db.tmp-${live.pid}`]);
    } finally {
      live.kill();
    }
  });

  it('an import killed while writing leaves nothing the next run does not clean up', async () => {
    await customers('big.csv', 'K', 150_000);
    // Kill it as soon as its temporary file appears: in the middle of writing the database.
    const killWhenWriting = (pid: number) => {
      const poll = setInterval(() => {
        if (existsSync(join(dir, `shop.db.tmp-${pid}`))) {
          clearInterval(poll);
          process.kill(pid, 'SIGKILL');
        }
      }, 2);
      setTimeout(() => clearInterval(poll), 30_000);
    };
    const run = await earshot(['import', '--customers', 'big.csv', '--db', 'shop.db', '--quiet'], { onSpawn: killWhenWriting });
    expect(run.signal).toBe('SIGKILL');
    const leftOver = (await readdir(dir)).filter((f) => f !== 'big.csv');
    expect(leftOver.sort()).toEqual(['shop.db.lock', expect.stringMatching(/^shop\.db\.tmp-\d+$/)]);

    await customers('small.csv', 'S', 5);
    const next = await cli('import', '--customers', 'small.csv', '--db', 'shop.db');
    expect(next.code).toBe(0);
    expect(next.stderr).toMatch(/removed the lock .*shop\.db\.lock of process \d+ \(earshot import, since .*\), which is no longer running/);
    expect(next.stderr).toMatch(/removed .*shop\.db\.tmp-\d+ \([\d,]+ bytes\), a partial database file left by an import that was stopped/);
    expect((await readdir(dir)).sort()).toEqual(['big.csv', 'shop.db', 'small.csv']);
  }, 60_000);
});
