/**
 * The second persona generator (bench/sets/wild/), written without reading the
 * matcher, as a linkage set: its customers.csv read by the project's own CSV
 * importer (as `earshot match --customers` reads it), its profiles as
 * profiles.jsonl lines, its truth and its judgement of which profiles show no
 * evidence.
 */
import { importCsv } from '../../lib/crm/import';
import { ProfileLine, type Customer } from '../../lib/model';
import { customersCsv } from './wild/serialize';
import { generateWildSet, type WildSetOptions } from './wild/generate';
import type { LinkageSet } from './types';

export async function wildSet(options: WildSetOptions & { heldOut: boolean }): Promise<LinkageSet> {
  const set = generateWildSet(options);
  const customers: Customer[] = [];
  const problems: string[] = [];
  await importCsv(customersCsv(set.customers), { kind: 'customers' }, (batch) => {
    for (const row of batch.rows) customers.push(row as Customer);
    for (const e of batch.errors) problems.push(`line ${e.line}, ${e.field}: ${e.message}`);
  });
  if (problems.length > 0) throw new Error(`the wild set's customers.csv has rows the importer refuses: ${problems.slice(0, 3).join('; ')}`);
  const profiles = set.profiles.map((p) => ProfileLine.parse(p));
  return {
    name: `wild-${customers.length}x${profiles.length}-seed${options.seed ?? 1}`,
    source: 'a second generator (bench/sets/wild), written from a specification of real profiles without reading the matcher',
    customers,
    profiles,
    truth: new Map(set.truth.map((t) => [t.profileId, t.customerId])),
    noEvidence: new Set(set.truth.filter((t) => t.evidence === 'none').map((t) => t.profileId)),
    heldOut: options.heldOut,
  };
}
