/**
 * The project's sample generator (lib/sample) at warehouse scale: customers
 * and captured profiles a chunk at a time, so ten million customers never sit
 * in memory together (generatePersonas draws from the whole customer list it
 * is given, so one call over 10,000,000 customers would hold them all).
 *
 * Each chunk is an independent sample CRM (its own seed, its own id prefix)
 * with its share of the profiles drawn from it: a third the chunk's customers'
 * own, a third strangers, the rest namesakes of the chunk's customers. Names
 * come from the same population in every chunk, so how often names repeat
 * across the whole table (what blocking and candidate pairs depend on) is the
 * generator's, whatever the chunk size.
 */
import type { Customer } from '../model';
import { generateCustomers } from '../sample/crm';
import { generatePersonas, type SamplePersona } from '../sample/personas';

export interface SampleChunk {
  /** Where the chunk's customers and profiles start in the whole sample (their idx). */
  customerOffset: number;
  profileOffset: number;
  customers: Customer[];
  profiles: SamplePersona['profile'][];
}

export const SAMPLE_CHUNK = 100_000;

/** `profiles` spread over the chunks of `customers` in proportion to their size (the shares add up exactly). */
function shareOf(total: number, customers: number, before: number, size: number): number {
  return Math.round((total * (before + size)) / customers) - Math.round((total * before) / customers);
}

/** Which chunks to make: every `of`-th from the `part`-th, so `of` processes make the sample side by side. */
export interface SamplePart {
  part: number;
  of: number;
}

export function* sampleChunks(customers: number, profiles: number, chunk = SAMPLE_CHUNK, { part, of }: SamplePart = { part: 0, of: 1 }): Generator<SampleChunk> {
  if (!Number.isInteger(customers) || customers < 1) throw new Error(`sampleChunks: customers must be a positive whole number, got ${customers}`);
  if (!Number.isInteger(profiles) || profiles < 0) throw new Error(`sampleChunks: profiles must be a whole number, got ${profiles}`);
  const chunks = Math.ceil(customers / chunk);
  const width = String(chunks).length;
  for (let k = 0, before = 0; before < customers; k++) {
    const size = Math.min(chunk, customers - before);
    if (k % of !== part) {
      before += size;
      continue;
    }
    const crm = generateCustomers({ customers: size, seed: 99 + k, idPrefix: `C${String(k).padStart(width, '0')}-` });
    const share = shareOf(profiles, customers, before, size);
    const third = Math.floor(share / 3);
    // customerProfiles counts profiles (some customers get two), so the shares add up to `share` exactly.
    const personas = share === 0 ? [] : generatePersonas(crm, { seed: 1 + k, customerProfiles: third, strangers: third, namesakes: share - 2 * third });
    yield { customerOffset: before, profileOffset: Math.round((profiles * before) / customers), customers: crm.map((c) => c.customer), profiles: personas.map((p) => p.profile) };
    before += size;
  }
}
