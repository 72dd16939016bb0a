/**
 * Personas on the command line: computed from the valued inputs with the
 * "personas" section of the --settings file, starting from the personas a
 * --state file kept (so ids and the names a person gave them carry over),
 * and the lines the commands print: per persona, per group, per customer,
 * and the offers as CSV for marketing automation.
 */
import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { describeIssues, z } from '../zod';
import { optionalString, type CliIo, type OptionValues } from './command';
import { InputError, type ValueInputs } from './value-inputs';
import { writeLinesAtomically } from './output';
import {
  Centre,
  computePersonas,
  englishWords,
  IsoDay,
  offerLabel,
  PersonaEdit,
  PersonaId,
  PersonaSettings,
  personaName,
  traitPhrases,
  type Grouping,
  type PersonaEdits,
  type PersonaResult,
} from '../persona';
import type { ValueRun } from '../value';

/**
 * What `--state FILE` keeps between runs: each persona's centre (what the next run starts from), its
 * id, the day it was first found, its automatic name, and the name and tags a person gave it (edit
 * "name" and "tags" in the file; an empty name goes back to the automatic one).
 */
export const PersonaStateFile = z.object({
  format: z.literal('earshot-personas'),
  version: z.literal(1),
  asOf: IsoDay,
  lastId: z.number().int().nonnegative(),
  retired: z.array(z.object({ id: PersonaId, autoName: z.string() })).default([]),
  personas: z.array(
    z.object({ id: PersonaId, autoName: z.string(), name: PersonaEdit.shape.name.default(''), tags: PersonaEdit.shape.tags.default([]), since: IsoDay, centre: Centre }),
  ),
});
export type PersonaStateFile = z.infer<typeof PersonaStateFile>;

export interface CliPersonas extends PersonaResult {
  edits: PersonaEdits;
  settings: PersonaSettings;
}

async function readState(path: string): Promise<PersonaStateFile | null> {
  if (!existsSync(path)) return null;
  let json: unknown;
  try {
    json = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new InputError(`--state ${path}: not JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  const parsed = PersonaStateFile.safeParse(json);
  if (!parsed.success) throw new InputError(`--state ${path}: ${describeIssues(parsed.error)}`);
  return parsed.data;
}

/** The personas of a valued run; the --state file, when given and present, is where they continue from. */
export async function personasOf(values: OptionValues, io: CliIo, inputs: ValueInputs, run: ValueRun): Promise<CliPersonas> {
  const settings = PersonaSettings.safeParse(inputs.settingsFile.personas ?? {});
  if (!settings.success) throw new InputError(`--settings: personas: ${describeIssues(settings.error)}`);
  const statePath = optionalString(values, 'state');
  const state = statePath ? await readState(resolve(io.cwd, statePath)) : null;
  const result = computePersonas(
    { run, customers: inputs.customers, profiles: inputs.profiles, contributions: inputs.contributions },
    settings.data,
    state ? { personas: state.personas, lastId: state.lastId, retired: state.retired } : null,
  );
  const edits: PersonaEdits = Object.fromEntries((state?.personas ?? []).filter((p) => p.name || p.tags.length > 0).map((p) => [p.id, { name: p.name, tags: p.tags }]));
  return { ...result, edits, settings: settings.data };
}

/** Write the --state file for the next run (atomically: a cut write leaves the last one). */
export async function writeState(path: string, personas: CliPersonas): Promise<void> {
  const { record, edits } = personas;
  const state: PersonaStateFile = {
    format: 'earshot-personas',
    version: 1,
    asOf: record.asOf,
    lastId: record.lastId,
    retired: record.retired,
    personas: record.personas.map((p) => ({ id: p.id, autoName: p.autoName, name: edits[p.id]?.name ?? '', tags: edits[p.id]?.tags ?? [], since: p.since, centre: p.centre })),
  };
  await writeLinesAtomically(path, [`${JSON.stringify(state, null, 2)}\n`]);
}

const round = (n: number, digits = 2) => {
  const f = 10 ** digits;
  const r = Math.round(n * f) / f;
  return Object.is(r, -0) ? 0 : r;
};

/** One line per persona, as `earshot personas` prints it. */
export function personaLines(personas: CliPersonas): Record<string, unknown>[] {
  const { record, edits } = personas;
  const words = englishWords(personas.settings.topics);
  const withPeople = new Set(personas.settings.topics.filter((t) => t.people).map((t) => t.id));
  return record.personas.map((p) => ({
    persona: p.id,
    name: personaName(p, edits),
    customers: p.customers,
    people: p.people,
    traits: traitPhrases(p.traits, words, withPeople),
    value: { sum: round(p.clv.sum), mean: round(p.clv.mean), p10: round(p.clv.p10), p90: round(p.clv.p90) },
    netValue: { sum: round(p.netValue.sum), mean: round(p.netValue.mean) },
    channels: Object.fromEntries(p.channels.map((c) => [c.platform, c.customers])),
    words: p.words.slice(0, 8).map((w) => w.word),
    ratings: Object.fromEntries(p.ratings.map((r) => [r.platform, round(r.mean, 2)])),
    ...(edits[p.id]?.tags.length ? { tags: edits[p.id]!.tags } : {}),
  }));
}

/** One line per group, as `earshot value --by` prints it; a persona under the name a person gave it, if any. */
export function groupLines({ record, edits }: Pick<CliPersonas, 'record' | 'edits'>, by: Grouping): Record<string, unknown>[] {
  const names = new Map(record.personas.map((p) => [p.id, personaName(p, edits)]));
  return record.groups[by].map((g) => ({
    by,
    group: g.group,
    ...(by === 'persona' ? { name: names.get(g.group) ?? null } : {}),
    customers: g.customers,
    clv: { sum: round(g.clv.sum), mean: round(g.clv.mean), p10: round(g.clv.p10), p90: round(g.clv.p90) },
    costToServe: round(g.costToServe),
    influence: round(g.influence, 1),
    engagement: round(g.engagement),
    atRisk: g.atRisk === null ? null : round(g.atRisk, 4),
    netValue: round(g.netValue),
    retention: g.retention && {
      rateNow: round(g.retention.current.rate, 4),
      spendNow: round(g.retention.current.spend),
      optimalSpend: round(g.retention.optimum.spend),
      optimalRate: round(g.retention.optimum.rate, 4),
      gainPerCustomer: round(g.retention.gainPerCustomer),
      sources: { rate: g.retention.observedRateSource, spend: g.retention.currentSpendSource, ceiling: g.retention.ceilingSource, k: g.retention.kSource },
    },
    contains: g.contains.slice(0, 5).map((c) => ({ group: c.group, share: round(c.share, 4) })),
  }));
}

/** One line per customer with their persona (--members). */
export function memberLines(personas: CliPersonas): Record<string, unknown>[] {
  const names = new Map(personas.record.personas.map((p) => [p.id, personaName(p, personas.edits)]));
  return personas.members.map((m) => ({
    customerId: m.customerId,
    persona: m.persona,
    name: names.get(m.persona) ?? null,
    atRisk: m.atRisk,
    offer: offerLabel(m.offer),
    offerGain: m.offer.gain,
  }));
}
