/**
 * The README's command-line section runs as written: every command of its ```sh
 * blocks, in order, in one temporary folder (the first writes the sample the
 * others read), through the same in-process harness as the other command tests.
 * Each stage must exit 0 and say nothing was skipped, and what it writes must
 * not be empty.
 */
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { earshot } from './harness';
import { shellBlocks, shellCommands, type ShellCommand } from './readme-shell';

const README = await readFile(new URL('../../../README.md', import.meta.url), 'utf8');
const commands: ShellCommand[] = shellBlocks(README, 'The command line').flatMap(shellCommands);

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'earshot-readme-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('the README shell examples are understood', () => {
  it('joins continuations, splits pipes, drops comments and finds a redirect', () => {
    const [piped, redirected] = shellCommands('earshot a --x - \\\n  | earshot b # note\nearshot c "two words" > out.txt\n');
    expect(piped).toMatchObject({ stages: [['earshot', 'a', '--x', '-'], ['earshot', 'b']] });
    expect(redirected).toMatchObject({ stages: [['earshot', 'c', 'two words']], redirect: 'out.txt' });
    expect(() => shellCommands('earshot extract saved/*.html')).toThrow(/needs a shell/);
    expect(() => shellCommands('cat x | earshot match')).toThrow(/every stage/);
  });

  it('the command-line section has examples of every command', () => {
    const names = new Set(commands.flatMap((c) => c.stages.map((s) => s[1])));
    for (const name of ['sample', 'import', 'extract', 'match', 'value', 'sync', 'report']) expect(names).toContain(name);
  });
});

describe('every command of the README runs on the sample', () => {
  it.each(commands.map((c) => [c.text, c] as const))('%s', async (_text, command) => {
    let stdin: string | undefined;
    let last = '';
    for (const [i, [, ...argv]] of command.stages.entries()) {
      const run = await earshot(argv, { cwd: dir, ...(stdin !== undefined ? { stdin } : {}) });
      const where = `stage ${i + 1} (${argv[0]})`;
      // The words of a problem, in the plain-text lines (the JSON lines describe models: "meanAbsoluteError" is a figure).
      const messages = run.stderr.split('\n').filter((line) => !line.startsWith('{')).join('\n');
      expect(messages, where).not.toMatch(/skipped|refused|left out|error/i);
      expect(run.code, `${where}: ${run.stderr}`).toBe(0);
      stdin = run.stdout;
      last = run.stdout;
    }
    const argv = command.stages.at(-1)!;
    const out = argv[argv.indexOf('--out') + 1];
    if (command.redirect !== undefined) expect(last.length).toBeGreaterThan(0);
    else if (argv.includes('--out') && out !== undefined) expect((await stat(join(dir, out))).size).toBeGreaterThan(0);
    else if (argv[1] !== 'sample' && argv[1] !== 'import') expect(last.length).toBeGreaterThan(0);
  }, 120_000);
});
