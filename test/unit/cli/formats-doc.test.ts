/**
 * docs/FORMATS.md says what the code reads: every JSON example in it (its ```json blocks, one value per line)
 * is valid for the zod schema of the section it stands in, and every JSON format section has an example.
 */
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { describeIssues, type z } from '../../../lib/zod';
import { CapturedPage, MatchLine, ProfileLine } from '../../../lib/model';

const DOC = await readFile(new URL('../../../docs/FORMATS.md', import.meta.url), 'utf8');

/** The sections (by the start of their heading) whose examples are JSON lines, and the schema of a line. */
const SCHEMAS: Record<string, z.ZodType> = {
  'profiles.jsonl': ProfileLine,
  'matches.jsonl': MatchLine,
  'captured page': CapturedPage,
};

interface Example {
  section: string;
  line: string;
}

function jsonExamples(markdown: string): Example[] {
  const examples: Example[] = [];
  for (const section of markdown.split(/\n(?=## )/)) {
    const heading = section.slice(3, section.indexOf('\n'));
    for (const block of section.matchAll(/```json\n([\s\S]*?)```/g)) {
      for (const line of block[1]!.split('\n')) if (line.trim()) examples.push({ section: heading, line });
    }
  }
  return examples;
}

const examples = jsonExamples(DOC);

describe('docs/FORMATS.md', () => {
  it('has a JSON example in every section of a JSON format', () => {
    for (const name of Object.keys(SCHEMAS)) expect(examples.some((e) => e.section.startsWith(name)), name).toBe(true);
  });

  it.each(examples.map((e) => [e.section, e.line.slice(0, 60), e] as const))('%s: %s', (_section, _start, example) => {
    const name = Object.keys(SCHEMAS).find((n) => example.section.startsWith(n));
    expect(name, `a JSON example in "${example.section}", which has no schema here`).toBeDefined();
    const parsed = SCHEMAS[name!]!.safeParse(JSON.parse(example.line));
    expect(parsed.success ? '' : describeIssues(parsed.error)).toBe('');
  });

  it('profiles.jsonl: a line without id gets platform:key, as the document says', () => {
    const line = examples.find((e) => e.section.startsWith('profiles.jsonl') && !e.line.includes('"id"'))!;
    const parsed = ProfileLine.parse(JSON.parse(line.line));
    expect(DOC).toContain(`(\`${parsed.id}\` above)`);
  });
});
