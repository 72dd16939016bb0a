/** Running `earshot` in-process, the way the other command tests do, with stdin and a terminal when asked. */
import { Readable } from 'node:stream';
import { runCli } from '../../../lib/cli/main';

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
  /** stdout as JSON lines. */
  lines: Record<string, unknown>[];
}

export interface RunOptions {
  cwd: string;
  /** What the command reads from stdin (`-`). */
  stdin?: string;
}

export async function earshot(argv: string[], options: RunOptions): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    cwd: options.cwd,
    ...(options.stdin !== undefined ? { stdin: Readable.from([Buffer.from(options.stdin, 'utf8')]) } : {}),
  });
  const lines = stdout
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  return { code, stdout, stderr, lines };
}

/** The lines of stderr that are JSON objects (summaries, model lines). */
export function jsonOf(text: string): Record<string, unknown>[] {
  return text
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}
