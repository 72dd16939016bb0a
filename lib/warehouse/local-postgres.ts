/**
 * A throwaway PostgreSQL cluster in a temporary folder on a free port, for
 * the tests and the benchmark: Debian's server binaries (initdb, pg_ctl),
 * trust authentication on 127.0.0.1 only, no fsync. PostgreSQL refuses to run
 * as root, so as root the cluster is made and started as the `postgres` user
 * (runuser). `findPostgresBin` says whether a server is installed at all.
 */
import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const DEBIAN_ROOT = '/usr/lib/postgresql';

/** The folder with initdb and pg_ctl (the newest Debian version), or undefined when no server is installed. */
export function findPostgresBin(): string | undefined {
  if (process.env.EARSHOT_PG_BIN) return process.env.EARSHOT_PG_BIN;
  if (!existsSync(DEBIAN_ROOT)) return undefined;
  const versions = readdirSync(DEBIAN_ROOT)
    .filter((v) => existsSync(join(DEBIAN_ROOT, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? join(DEBIAN_ROOT, versions[0], 'bin') : undefined;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface LocalPostgres {
  url: string;
  stop(): void;
}

export async function startLocalPostgres(bin: string, settings: Record<string, string> = {}): Promise<LocalPostgres> {
  const dir = mkdtempSync(join(tmpdir(), 'earshot-pg-'));
  const asRoot = process.getuid?.() === 0;
  // As root, the server runs as postgres, which must own its folder.
  if (asRoot) chownSync(dir, Number(execFileSync('id', ['-u', 'postgres']).toString().trim()), Number(execFileSync('id', ['-g', 'postgres']).toString().trim()));
  const run = (tool: string, args: string[]) => {
    const command = asRoot ? 'runuser' : join(bin, tool);
    const argv = asRoot ? ['-u', 'postgres', '--', join(bin, tool), ...args] : args;
    execFileSync(command, argv, { stdio: 'pipe' });
  };
  const data = join(dir, 'data');
  run('initdb', ['-D', data, '-A', 'trust', '-U', 'earshot', '-E', 'UTF8', '--no-sync']);
  const port = await freePort();
  const options = [`-p ${port}`, `-k ${dir}`, '-c listen_addresses=127.0.0.1', '-c fsync=off', '-c synchronous_commit=off', ...Object.entries(settings).map(([k, v]) => `-c ${k}=${v}`)];
  run('pg_ctl', ['-D', data, '-o', options.join(' '), '-l', join(dir, 'log'), '-w', 'start']);
  return {
    url: `postgres://earshot@127.0.0.1:${port}/postgres`,
    stop() {
      try {
        run('pg_ctl', ['-D', data, '-m', 'immediate', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
