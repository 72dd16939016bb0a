/**
 * `npm run bench`: runs every benchmark and prints one JSON object with the
 * figures and the machine they came from. `-- --quick` runs small sizes (CI
 * smoke); `-- --only import,match` runs some.
 */
import { readdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { machine } from './machine';

interface BenchModule {
  run(options: { quick: boolean }): Promise<Record<string, unknown>>;
}

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const onlyArg = args.find((a) => a.startsWith('--only='))?.slice('--only='.length) ?? (args.includes('--only') ? args[args.indexOf('--only') + 1] : undefined);
const only = onlyArg ? new Set(onlyArg.split(',')) : null;

const dir = fileURLToPath(new URL('.', import.meta.url));
const names = (await readdir(dir))
  .filter((f) => f.endsWith('.ts') && !['run.ts', 'browser.ts', 'machine.ts'].includes(f) && !f.endsWith('.page.ts'))
  .map((f) => f.slice(0, -3))
  .filter((name) => !only || only.has(name))
  .sort();

const result: Record<string, unknown> = { machine: machine(), quick, startedAt: new Date().toISOString() };
let failed = false;
for (const name of names) {
  const started = performance.now();
  process.stderr.write(`bench: ${name}...\n`);
  try {
    const mod = (await import(`./${name}.ts`)) as BenchModule;
    result[name] = await mod.run({ quick });
  } catch (error) {
    failed = true;
    result[name] = { error: error instanceof Error ? error.message : String(error) };
  }
  process.stderr.write(`bench: ${name} done in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
}
process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
// A benchmark that broke is a failure, not a figure.
if (failed) process.exitCode = 1;
