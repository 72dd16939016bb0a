import type { ParseArgsConfig } from 'node:util';

/** Where a command writes: process streams in the CLI, buffers in tests. */
export interface CliIo {
  stdout: { write(chunk: string): unknown };
  stderr: { write(chunk: string): unknown };
  cwd: string;
}

export type OptionValues = Record<string, string | boolean | (string | boolean)[] | undefined>;

/**
 * One `earshot` command. A command is one file in lib/cli/commands/ that
 * default-exports `defineCommand({...})`; the CLI finds it by itself.
 */
export interface CliCommand {
  name: string;
  /** One line for `earshot --help`. */
  summary: string;
  /** The synopsis and option list for `earshot <name> --help`. */
  usage: string;
  options: NonNullable<ParseArgsConfig['options']>;
  run(values: OptionValues, positionals: string[], io: CliIo): Promise<number>;
}

export function defineCommand(command: CliCommand): CliCommand {
  return command;
}

/** An error the user caused (a missing option, an unreadable file): printed without a stack. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export function requireString(values: OptionValues, name: string): string {
  const value = values[name];
  if (typeof value !== 'string' || value === '') throw new UsageError(`--${name} is required`);
  return value;
}

export function optionalString(values: OptionValues, name: string): string | undefined {
  const value = values[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}
