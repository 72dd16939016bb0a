/**
 * What `earshot sync` says when not everything was sent: once, whatever the
 * number of changes. What was not sent (how many changes, for how many
 * people, to which CRM), why (the last answer, one line per reason), and
 * what the next run will do. Each change's own reason goes behind --verbose
 * or into a file (--failures), never to the terminal by default.
 */
import type { DirectFailure, DirectReport } from '../crm/deliver-direct';
import { momentText } from '../crm/sync-words';

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

const KIND_WORDS: Record<DirectFailure['kind'], string> = { person: 'person update', note: 'note', task: 'task' };

/** "3 person updates and 2 notes" */
function kindsText(failures: readonly DirectFailure[]): string {
  const parts = (Object.keys(KIND_WORDS) as DirectFailure['kind'][]).flatMap((kind) => {
    const n = failures.filter((f) => f.kind === kind).length;
    return n > 0 ? [plural(n, KIND_WORDS[kind])] : [];
  });
  return parts.length > 1 ? `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)!}` : (parts[0] ?? '');
}

/** One failure as a line: who, and why in the outbox's words. */
export function failureLine(f: DirectFailure): string {
  return `customer ${f.customerId}${f.kind === 'person' ? '' : ` (${f.kind})`}: ${f.reason}`;
}

/** One reason: a lone failure as it is, several as a count with the reason (an example when their details differ). */
function reasonLine(group: readonly DirectFailure[]): string {
  const first = group[0]!;
  if (group.length === 1) return failureLine(first);
  return group.every((f) => f.reason === first.reason) ? `${kindsText(group)}: ${first.reason}` : `${kindsText(group)}, e.g. ${failureLine(first)}`;
}

function nextRunText(target: string, failures: readonly DirectFailure[], until: number | undefined): string {
  const refused = failures.filter((f) => f.group === 'refused').length;
  return [
    until !== undefined ? `${target} asked to wait until ${momentText(until)}: run the same command after that.` : '',
    'The same command sends what was not sent again, and what already arrived is not written twice (people are updated in place, notes and tasks are looked for first).',
    refused > 0 ? `${plural(refused, 'refused change')} will be refused again until what ${target} named is fixed.` : '',
  ]
    .filter(Boolean)
    .join(' ');
}

/** The lines to print, or none when everything was sent. */
export function notSentSummary(target: string, report: Pick<DirectReport, 'parked' | 'until'>, total: number, detailsHint: string | null): string[] {
  const failures = report.parked;
  if (failures.length === 0) return [];
  const people = new Set(failures.map((f) => f.customerId)).size;
  const byCause = new Map<string, DirectFailure[]>();
  for (const f of failures) byCause.set(f.cause, [...(byCause.get(f.cause) ?? []), f]);
  return [
    `Not sent to ${target}: ${plural(failures.length, 'change')} of ${total.toLocaleString('en-US')} (${kindsText(failures)}), for ${plural(people, 'person', 'people')}.`,
    'Why, by the last answer:',
    ...[...byCause.values()].sort((a, b) => b.length - a.length).map((group) => `  ${reasonLine(group)}`),
    `Next run: ${nextRunText(target, failures, report.until)}`,
    ...(detailsHint ? [detailsHint] : []),
  ];
}
