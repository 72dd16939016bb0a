import type { CliCommand } from '../command';

// Every file in this folder that default-exports a command is a command:
// adding one is adding its file.
const modules = import.meta.glob<{ default: CliCommand }>(['./*.ts', '!./index.ts'], { eager: true });

export const COMMANDS: readonly CliCommand[] = Object.values(modules)
  .map((m) => m.default)
  .sort((a, b) => a.name.localeCompare(b.name));
