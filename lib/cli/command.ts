import type { ParseArgsConfig } from 'node:util';

/** Where a command reads and writes: process streams in the CLI, buffers in tests. */
export interface CliIo {
  stdout: { write(chunk: string): unknown };
  /** `isTTY`: a terminal, where progress is a bar redrawn in place rather than a line now and then. */
  stderr: { write(chunk: string): unknown; isTTY?: boolean; columns?: number };
  /** What an option given as `-` reads; empty when absent. */
  stdin?: AsyncIterable<string | Uint8Array>;
  cwd: string;
  /** The clock progress reports run on (tests pass their own). */
  now?: () => number;
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

/** An error the user caused (a missing option, an unreadable file): printed without a stack, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/**
 * Input that could not be used (every line or row refused, nothing to work on, content that stops
 * the computation): printed with the file and line it names, exit code 1.
 */
export class InputError extends Error {
  override name = 'InputError';
}

/** The exit codes every command keeps to (`earshot --help` lists them). */
export const EXIT = { ok: 0, unusableInput: 1, usage: 2 } as const;

export function requireString(values: OptionValues, name: string): string {
  const value = values[name];
  if (typeof value !== 'string' || value === '') throw new UsageError(`--${name} is required`);
  return value;
}

export function optionalString(values: OptionValues, name: string): string | undefined {
  const value = values[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}
