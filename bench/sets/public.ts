/**
 * Public record-linkage sets turned into a shop's customers and the profiles
 * people show online, with only what a public profile shows: a name as people
 * write it and a place. Dates of birth, addresses, postcodes and ids stay out.
 *
 * Each cluster (one real or synthetic person) becomes, for four clusters in
 * five, one customer (its first record: the original) and captured profiles
 * (its other records, with their typos and gaps); the fifth cluster's records
 * are all profiles of people who are not customers.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseFebrl, type FebrlRecord } from '../../lib/match/febrl';
import { parseHistorical, type HistoricalRecord } from '../../lib/match/historical';
import type { Customer, ProfileLine } from '../../lib/model';
import type { LinkageSet } from './types';

const DATA = fileURLToPath(new URL('../data/linkage/', import.meta.url));
const read = (name: string) => readFileSync(join(DATA, name), 'utf8');

interface Person {
  id: string;
  cluster: string;
  given: string;
  surname: string;
  /** As a public profile or a CRM would show it. */
  place: string;
  country: string;
}

/** Sites whose profiles show a name and a place, for the records of one person in turn. */
const PLATFORMS = ['trustpilot', 'google', 'amazon', 'yelp', 'goodreads', 'g2', 'reddit', 'x', 'bluesky', 'youtube'] as const;

const capital = (word: string) => word.replace(/(^|[\s'-])(\p{L})/gu, (_, before: string, letter: string) => before + letter.toUpperCase());

function toSet(name: string, source: string, people: readonly Person[], heldOut: boolean): LinkageSet {
  const clusters = new Map<string, Person[]>();
  for (const p of people) (clusters.get(p.cluster) ?? clusters.set(p.cluster, []).get(p.cluster)!).push(p);
  const customers: Customer[] = [];
  const profiles: ProfileLine[] = [];
  const truth = new Map<string, string | null>();
  const noEvidence = new Set<string>();
  [...clusters.values()].forEach((members, i) => {
    const strangers = i % 5 === 4;
    const [first, ...rest] = members;
    if (!strangers) {
      customers.push({
        id: first!.id,
        ...(first!.given ? { firstName: capital(first!.given) } : {}),
        ...(first!.surname ? { lastName: capital(first!.surname) } : {}),
        ...(first!.place ? { city: capital(first!.place) } : {}),
        country: first!.country,
        handles: [],
        custom: {},
        source: 'csv',
        updatedAt: 0,
      });
    }
    (strangers ? members : rest).forEach((p, k) => {
      const displayName = [p.given, p.surname].filter(Boolean).map(capital).join(' ');
      // A record without any name is not a profile anyone could see.
      if (!displayName) return;
      // One person's records are their profiles on different sites (a person has one account per site).
      profiles.push({ id: p.id, platform: PLATFORMS[k % PLATFORMS.length]!, displayName, ...(p.place ? { location: capital(p.place) } : {}) });
      truth.set(p.id, strangers ? null : first!.id);
    });
  });
  return { name, source, customers, profiles, truth, noEvidence, heldOut };
}

function febrlPeople(records: readonly FebrlRecord[]): Person[] {
  return records.map((r) => ({
    id: r.id,
    // rec-123-org, rec-123-dup-0: the same number is the same person.
    cluster: /^rec-(\d+)-/.exec(r.id)?.[1] ?? r.id,
    given: r.givenName,
    surname: r.surname,
    place: [r.suburb, r.state].filter(Boolean).join(', '),
    country: 'AU',
  }));
}

/** febrl1, febrl2 or febrl3: synthetic Australian records with typos, names and suburb only. */
export function febrlSet(which: 1 | 2 | 3, heldOut: boolean): LinkageSet {
  const records = parseFebrl(read(`febrl${which}.csv`));
  // Originals first, so each cluster's customer is its original record.
  records.sort((a, b) => Number(b.id.endsWith('-org')) - Number(a.id.endsWith('-org')));
  return toSet(`febrl${which}`, 'Febrl (Christen), synthetic Australian records with typos; converted to names + suburb', febrlPeople(records), heldOut);
}

function historicalPeople(records: readonly HistoricalRecord[]): Person[] {
  return records.map((r) => ({ id: r.id, cluster: r.cluster, given: r.firstName, surname: r.surname, place: r.birthPlace, country: 'GB' }));
}

/** historical_50k (Splink's example data from Wikidata): British historical persons, names and a place. */
export function historicalSet(heldOut: boolean, limit?: number): LinkageSet {
  let records = parseHistorical(read('historical_50k.csv'));
  if (limit) records = records.slice(0, limit);
  return toSet('historical50k', 'Splink example data (Wikidata persons with noise); converted to names + birth place', historicalPeople(records), heldOut);
}
