/** Files commands leave behind, and the rows of CSV files they could not read. */
import { readdir, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { RowError } from '../crm/import';
import type { CliIo } from './command';
import { warn } from './printable';
import { processIsAlive } from './pid';
import { TEMPORARY } from './output';

/**
 * Remove the temporary files of `path` that processes now gone left behind: a
 * command killed while writing leaves its PATH.tmp-PID, as big as the file it
 * was writing, full of customer data. Those of running processes stay.
 */
export async function removeStaleTemporaries(path: string, say: (text: string) => void): Promise<void> {
  const folder = dirname(path);
  const prefix = basename(path) + TEMPORARY;
  for (const name of await readdir(folder)) {
    const pid = name.startsWith(prefix) ? name.slice(prefix.length) : '';
    if (!/^[1-9]\d*$/.test(pid) || processIsAlive(Number(pid))) continue;
    const file = join(folder, name);
    const { size } = await stat(file);
    await rm(file, { force: true });
    say(`removed ${file} (${size.toLocaleString('en')} bytes), a partial database file left by an import that was stopped (process ${pid} is gone)`);
  }
}

/** Row errors of a CSV file as `file:line: field: reason[suffix]`, one per line on stderr, escaped. */
export function printRowErrors(io: CliIo, file: string, errors: readonly RowError[], suffix = ''): void {
  for (const e of errors) warn(io, `${file}:${e.line}: ${e.field}: ${e.message}${suffix}`);
}
