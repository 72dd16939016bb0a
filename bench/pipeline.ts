/**
 * The command line as a pipeline, as a user runs it: the built `earshot`
 * (vite build of lib/cli/run.ts, into dist/bench-cli, where it finds the
 * project's node_modules) in child processes,
 * each timed with its peak memory (maximum resident set size, from
 * /usr/bin/time).
 * - sample: `earshot sample`, then extract | match | value on it, and report:
 *   the README's pipeline on the sample shop (target: under 10 s).
 * - scale: generated customers and profiles (the sample's generator: 1,000,000
 *   customers with their orders and 200,000 captured people; quick: 20,000 and
 *   4,000), then match and value (target: under 3 minutes, peak memory flat).
 *   EARSHOT_BENCH_CUSTOMERS and EARSHOT_BENCH_PROFILES set other sizes.
 */
import { spawnSync } from 'node:child_process';
import { createWriteStream, existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CUSTOMERS_HEADER, ORDERS_HEADER, customerCsvLine, orderCsvLine } from '../lib/crm/formats';
import { generateCustomers, generateOrders, SAMPLE_DEFAULTS } from '../lib/sample/crm';
import { generatePersonas } from '../lib/sample/personas';
import { profileId } from '../lib/model';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const round = (n: number, digits: number) => Math.round(n * 10 ** digits) / 10 ** digits;

interface Step {
  step: string;
  seconds: number;
  peakRssMiB: number;
  exit: number;
}

/** Run a shell command line (pipes allowed) under /usr/bin/time: its wall time and the largest peak memory of its processes. */
function timed(step: string, cli: string, line: string, cwd: string): Step {
  // Each process of the pipe gets its own /usr/bin/time; the figures go to a file per stage.
  const stages = line.split(' | ').map((stage, i) => `/usr/bin/time -f '%M' -o .rss-${i} node ${cli} ${stage}`);
  const started = performance.now();
  const result = spawnSync('bash', ['-o', 'pipefail', '-c', `${stages.join(' | ')}; code=$?; cat .rss-*; rm -f .rss-*; exit $code`], { cwd, encoding: 'utf8', maxBuffer: 1 << 26 });
  const seconds = (performance.now() - started) / 1000;
  if (result.status !== 0) throw new Error(`${step}: exit ${result.status}: ${result.stderr.split('\n').slice(-5).join(' / ')}`);
  const kib = result.stdout.trim().split('\n').map(Number).filter(Number.isFinite);
  return { step, seconds: round(seconds, 2), peakRssMiB: round(Math.max(...kib) / 1024, 0), exit: result.status };
}

function buildCli(out: string): string {
  const built = spawnSync('npx', ['vite', 'build', '--config', 'vite.cli.config.ts', '--outDir', out], { cwd: ROOT, encoding: 'utf8' });
  if (built.status !== 0) throw new Error(`building the command line failed: ${built.stderr}`);
  return join(out, 'earshot.mjs');
}

async function writeLines(path: string, lines: Iterable<string>): Promise<void> {
  const stream = createWriteStream(path, { encoding: 'utf8' });
  for (const line of lines) if (!stream.write(line)) await once(stream, 'drain');
  stream.end();
  await once(stream, 'finish');
}

function total(steps: readonly Step[]) {
  return { seconds: round(steps.reduce((s, x) => s + x.seconds, 0), 2), peakRssMiB: Math.max(...steps.map((s) => s.peakRssMiB)) };
}

/** The README's pipeline on `earshot sample`. */
function samplePipeline(cli: string, dir: string) {
  const CRM = '--customers data/customers.csv';
  const SHOP = `${CRM} --orders data/orders.csv --as-of ${SAMPLE_DEFAULTS.asOf}`;
  const steps = [
    timed('sample', cli, 'sample --out data', dir),
    timed('match', cli, `match ${CRM} --captures data/pages.jsonl --out matches.jsonl`, dir),
    timed('value', cli, `value ${SHOP} --captures data/pages.jsonl --matches matches.jsonl --out values.jsonl`, dir),
    timed('report', cli, `report --matches matches.jsonl --values values.jsonl ${CRM} --captures data/pages.jsonl --out report.html`, dir),
  ];
  // The whole pipeline is sample, match, value and report; the pipe of the saved page runs apart.
  const piped = timed('extract | match | value', cli, `extract data/saved | match ${CRM} --captures - | value ${SHOP} --matches - --out piped-values.jsonl`, dir);
  return { customers: SAMPLE_DEFAULTS.customers, steps, ...total(steps), targetSeconds: 10, piped };
}

/** Customers, orders and profiles of the given sizes, written as the files the commands read. */
export async function generate(dir: string, customerCount: number, profileCount: number) {
  const started = performance.now();
  const people = generateCustomers({ customers: customerCount });
  const customers = people.map((p) => p.customer);
  await writeLines(join(dir, 'customers.csv'), [CUSTOMERS_HEADER, ...customers.map(customerCsvLine)]);
  const orders = generateOrders(customers);
  await writeLines(join(dir, 'orders.csv'), [ORDERS_HEADER, ...orders.map(orderCsvLine)]);
  // The sample's mix of captured people (PERSONA_DEFAULTS): customers, strangers and their namesakes, 3 : 5 : 2.
  const mix = { customerProfiles: Math.round(profileCount * 0.3), namesakes: Math.round(profileCount * 0.2) };
  const personas = generatePersonas(people, { ...mix, strangers: profileCount - mix.customerProfiles - mix.namesakes });
  const profiles = personas.map(({ profile: { id: _sampleId, ...profile } }) => `${JSON.stringify({ id: profileId(profile.platform, profile.key), ...profile })}\n`);
  await writeLines(join(dir, 'profiles.jsonl'), profiles);
  return { customers: customers.length, orders: orders.length, profiles: profiles.length, seconds: round((performance.now() - started) / 1000, 1) };
}

async function scale(cli: string, dir: string, customers: number, profiles: number) {
  const generated = await generate(dir, customers, profiles);
  const CRM = '--customers customers.csv';
  const steps = [
    timed('match', cli, `match ${CRM} --profiles profiles.jsonl --out matches.jsonl`, dir),
    timed('value', cli, `value ${CRM} --orders orders.csv --profiles profiles.jsonl --matches matches.jsonl --as-of ${SAMPLE_DEFAULTS.asOf} --out values.jsonl`, dir),
    timed('report', cli, `report --matches matches.jsonl --values values.jsonl ${CRM} --profiles profiles.jsonl --out report.html`, dir),
  ];
  return { generated, steps, ...total(steps), targetSeconds: 180 };
}

export async function run({ quick }: { quick: boolean }) {
  if (!existsSync('/usr/bin/time')) throw new Error('the pipeline benchmark measures memory with /usr/bin/time, which this machine lacks');
  const dir = await mkdtemp(join(tmpdir(), 'earshot-bench-pipeline-'));
  try {
    const cli = buildCli(join(ROOT, 'dist', 'bench-cli'));
    const sample = samplePipeline(cli, dir);
    const customers = Number(process.env.EARSHOT_BENCH_CUSTOMERS ?? (quick ? 20_000 : 1_000_000));
    const profiles = Number(process.env.EARSHOT_BENCH_PROFILES ?? (quick ? 4_000 : 200_000));
    return { sample, scale: await scale(cli, dir, customers, profiles) };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
