import type { CliCommand } from '../command';

// Every file in this folder that default-exports a command is a command, named
// as its file: adding one is adding its file. A command's module is loaded only
// when it runs (or for the general help), because each brings its own heavy
// imports (DuckDB, PostgreSQL, linkedom, Dexie): loading them all cost every
// command seconds of startup on a busy machine.
const loaders = import.meta.glob<{ default: CliCommand }>(['./*.ts', '!./index.ts']);

const byName = new Map(Object.entries(loaders).map(([path, load]) => [path.slice('./'.length, -'.ts'.length), load]));

export const COMMAND_NAMES: readonly string[] = [...byName.keys()].sort((a, b) => a.localeCompare(b));

/** The command of this name, loaded; undefined when there is none. */
export async function loadCommand(name: string): Promise<CliCommand | undefined> {
  const load = byName.get(name);
  return load ? (await load()).default : undefined;
}

/** Every command, loaded (for the general help). */
export async function loadCommands(): Promise<CliCommand[]> {
  return Promise.all(COMMAND_NAMES.map(async (name) => (await loadCommand(name))!));
}
