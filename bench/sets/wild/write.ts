/**
 * Writes the wild set to a folder:
 *   npx tsx bench/sets/wild/write.ts --customers 100000 --profiles 20000 --seed 1 --out DIR
 * (also --stranger-share 0.6). Prints what it wrote and how long it took.
 */
import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { once } from 'node:events';
import { parseArgs } from 'node:util';
import { DEFAULTS, generateWildSet } from './generate';
import { customersCsv, jsonLines } from './serialize';

async function writeChunks(path: string, chunks: Iterable<string>): Promise<void> {
  const out = createWriteStream(path, { encoding: 'utf8' });
  for (const chunk of chunks) if (!out.write(chunk)) await once(out, 'drain');
  out.end();
  await once(out, 'finish');
}

function whole(name: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(n)) throw new Error(`--${name} must be a whole number, not "${text}"`);
  return n;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      customers: { type: 'string' },
      profiles: { type: 'string' },
      seed: { type: 'string' },
      'stranger-share': { type: 'string' },
      out: { type: 'string' },
    },
    strict: true,
  });
  if (!values.out) throw new Error('--out DIR is required: the folder to write customers.csv, profiles.jsonl and truth.jsonl to');
  const share = values['stranger-share'] === undefined ? DEFAULTS.strangerShare : Number(values['stranger-share']);
  if (!Number.isFinite(share)) throw new Error(`--stranger-share must be a number between 0 and 1, not "${values['stranger-share']}"`);
  const started = performance.now();
  const set = generateWildSet({
    customers: whole('customers', values.customers, DEFAULTS.customers),
    profiles: whole('profiles', values.profiles, DEFAULTS.profiles),
    seed: whole('seed', values.seed, DEFAULTS.seed),
    strangerShare: share,
  });
  const generated = performance.now();
  await mkdir(values.out, { recursive: true });
  await writeChunks(join(values.out, 'customers.csv'), customersCsv(set.customers));
  await writeChunks(join(values.out, 'profiles.jsonl'), jsonLines(set.profiles));
  await writeChunks(join(values.out, 'truth.jsonl'), jsonLines(set.truth));
  const done = performance.now();
  console.log(
    JSON.stringify({
      out: values.out,
      customers: set.customers.length,
      profiles: set.profiles.length,
      strangers: set.truth.filter((t) => t.customerId === null).length,
      generateSeconds: Number(((generated - started) / 1000).toFixed(2)),
      totalSeconds: Number(((done - started) / 1000).toFixed(2)),
    }),
  );
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
});
