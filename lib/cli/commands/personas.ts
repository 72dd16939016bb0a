import { resolve } from 'node:path';
import { defineCommand, optionalString } from '../command';
import { jsonLine } from '../printable';
import { writeLinesAtomically } from '../output';
import { offerCsvLines } from '../../persona';
import { readValueInputs, valueInputs, VALUE_INPUT_OPTIONS } from '../value-inputs';
import { memberLines, personaLines, personasOf, writeState } from '../personas-output';

export default defineCommand({
  name: 'personas',
  summary: 'find the personas among the customers (k-prototypes), with each customer\'s persona and offer',
  usage: `
earshot personas --customers customers.csv --orders orders.csv [--captures pages.jsonl | --profiles profiles.jsonl]
                 [--matches matches.jsonl] [--as-of DATE] [--settings FILE] [--state personas.json] [--members] [--offers FILE]

Values the customers as \`earshot value\` does (same options), then clusters
them and the captured people linked to them on value, voice and place with
k-prototypes; the number of personas is the one with the best silhouette.
Prints one JSON line per persona:
  {"persona":"P1","name":"…","customers":N,"people":N,"traits":["…"],"value":{"sum":…,"mean":…,"p10":…,"p90":…},...}

  --state FILE    where the personas are kept between runs: read when present (the next run keeps the
                  same ids, and the "name" and "tags" you write into it), written after the run
  --members       one line per customer instead: {"customerId":…,"persona":…,"name":…,"offer":…}
  --offers FILE   also write every customer's offer as CSV for marketing automation
  --settings FILE value settings as JSON; its "personas" section sets the persona method, the
                  retention response and the offer rules (lib/persona/README.md)
`,
  options: {
    ...VALUE_INPUT_OPTIONS,
    state: { type: 'string' },
    members: { type: 'boolean' },
    offers: { type: 'string' },
  },
  async run(values, _positionals, io) {
    const inputs = await readValueInputs(values, io);
    const run = valueInputs(inputs, io);
    const personas = await personasOf(values, io, inputs, run);
    const lines = values.members === true ? memberLines(personas) : personaLines(personas);
    for (const line of lines) io.stdout.write(jsonLine(line));

    const statePath = optionalString(values, 'state');
    if (statePath) await writeState(resolve(io.cwd, statePath), personas);
    const offersPath = optionalString(values, 'offers');
    if (offersPath) {
      const customers = new Map(inputs.customers.map((c) => [c.id, c]));
      const context = { personas: personas.record.personas, edits: personas.edits, currency: personas.record.currency, customers };
      await writeLinesAtomically(resolve(io.cwd, offersPath), offerCsvLines(personas.members, context));
    }
    return 0;
  },
});
