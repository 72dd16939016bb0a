import { parseArgs } from 'node:util';
import { EXIT, UsageError, type CliCommand, type CliIo } from './command';
import { loadCommand, loadCommands } from './commands';
import { warn } from './printable';

const HELP_HEAD = `earshot: link reviewers and influencers to your customers, and value both.

Usage: earshot <command> [options]     earshot <command> --help

Commands:`;

const HELP_TAIL = `
Every command reads a file given as - from stdin and writes its data to stdout
unless --out names a file; messages, progress and summaries go to stderr, so
commands chain:
  earshot extract saved/ | earshot match --customers customers.csv --captures - > matches.jsonl

Exit codes: ${EXIT.ok} done (bad lines or rows are reported on stderr and skipped);
${EXIT.unusableInput} the input could not be used (every line refused, nothing to work on, a
file that stops the computation); ${EXIT.usage} a usage mistake (a missing option, no such file).`;

export function generalHelp(commands: readonly CliCommand[]): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  const lines = commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
  return `${HELP_HEAD}\n${lines.join('\n')}\n${HELP_TAIL}\n`;
}

/** Run the CLI with arguments (without node and the script); resolves to the exit code. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(generalHelp(await loadCommands()));
    return name ? 0 : 1;
  }
  const command = await loadCommand(name);
  if (!command) {
    warn(io, `earshot: unknown command "${name}"`);
    io.stderr.write(`\n${generalHelp(await loadCommands())}`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout.write(`${command.usage.trim()}\n`);
    return 0;
  }
  try {
    const { values, positionals } = parseArgs({
      args: rest,
      options: command.options,
      allowPositionals: true,
      strict: true,
    });
    return await command.run(values, positionals, io);
  } catch (error) {
    const usage =
      error instanceof UsageError ||
      (error instanceof Error && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS'));
    const text = error instanceof Error ? error.message : String(error);
    warn(io, `earshot ${name}: ${text}`);
    if (usage) io.stderr.write(`\n${command.usage.trim()}\n`);
    else if (process.env.EARSHOT_DEBUG && error instanceof Error) io.stderr.write(`${error.stack}\n`);
    return usage ? EXIT.usage : EXIT.unusableInput;
  }
}
