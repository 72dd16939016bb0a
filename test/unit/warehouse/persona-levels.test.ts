import { beforeAll, describe, expect, it } from 'vitest';
import { comparePair, FIELD_INDEX, IDENTIFIER, PERSONA_COMPARISONS } from '../../../lib/match/comparisons';
import { MISSING } from '../../../lib/match/engine/model';
import { PersonaScorer } from '../../../lib/match/match';
import { defaultMatcherParams } from '../../../lib/match/params';
import { customerRecord, markSharedEmails, profileFeatures, type CustomerRecord, type Identifier, type ProfileFeatures } from '../../../lib/match/features';
import { identifierKey } from '../../../lib/match/web';
import { generateCustomers } from '../../../lib/sample/crm';
import { generatePersonas } from '../../../lib/sample/personas';
import { Random } from '../../../lib/sample/random';
import { comparePersonaSql, loadPersonaTables, PERSONA_SQL_LEVELS, personaLevelColumn } from '../../../lib/warehouse/persona-levels';
import { comparePersonaPairsSql } from '../../../lib/warehouse/persona-pairs';
import { PLAIN_WEIGHT_FIELDS, personaWeightColumn, personaWeightSql } from '../../../lib/warehouse/persona-weights';
import { engineForSuite, ENGINES } from './engines';

const crm = generateCustomers({ customers: 1500, seed: 31 });
const personas = generatePersonas(crm, { seed: 3, customerProfiles: 150, strangers: 150, namesakes: 50 });
const customers: CustomerRecord[] = crm.map((c) => customerRecord(c.customer));
const captured: ProfileFeatures[] = personas.map((p) => profileFeatures(p.profile));
markSharedEmails(captured);
const customerIndex = new Map(customers.map((c, i) => [c.id, i]));

/**
 * Profiles made from customers' own values, so that every level is reached: the sample shows few addresses and
 * websites in bios, and cities spelled with a typo only by chance.
 */
function madeProfiles(): { profile: ProfileFeatures; customer: number }[] {
  const base = captured[0]!;
  const out: { profile: ProfileFeatures; customer: number }[] = [];
  customers.forEach((c, i) => {
    if (i % 25 !== 0 && !c.id.endsWith('-own-domain')) return;
    const addresses = c.email ? [c.email] : [];
    const theirs = c.email ? [`${c.email.local}@${c.email.domain}`] : [];
    const city = c.place.city;
    // One letter of the city's name dropped: a place the gazetteer does not know, in no country.
    const typo = city ? `?:${city.slice(city.indexOf(':') + 1).replace(/^(.)./, '$1')}` : undefined;
    const variants: Partial<ProfileFeatures>[] = [
      { emails: addresses, sharedEmails: [] },
      { emails: addresses, sharedEmails: theirs },
      // Under the customer's own name, so that the joint rules leave the shared address as it is.
      { emails: addresses, sharedEmails: theirs, names: [c.name] },
      // The address and the customer's domains as websites: the website agrees beyond the address only with a domain of its own.
      { emails: addresses, sharedEmails: [], domains: c.domains, names: [c.name] },
      { emails: [{ local: 'someone', domain: 'example.org' }] },
      { domains: c.domains.slice(0, 1) },
      { domains: ['elsewhere.example'] },
      { place: typo ? { city: typo } : {} },
      { place: { ...(c.place.region ? { region: c.place.region } : {}), ...(c.place.country ? { country: c.place.country } : {}) } },
      { place: c.place.country ? { country: c.place.country } : {} },
      { place: { city: '?:nowhereville' } },
      { place: {} },
      // The customer's own handle on its platform, and mentioned in a bio, beside captured[0]'s name (the identifier's conflict levels) and theirs.
      ...c.handles.slice(0, 1).flatMap((known) => {
        const handle = known.slice(known.indexOf(':') + 1);
        const identifier = (platform: Identifier['platform']): Identifier => ({ platform, handle, key: identifierKey(handle), raw: `@${handle}` });
        return [{ identifiers: [identifier(known.slice(0, known.indexOf(':')) as Identifier['platform'])] }, { identifiers: [identifier('any')] }, { identifiers: [identifier('any')], names: [c.name] }];
      }),
    ];
    for (const v of variants) out.push({ profile: { ...base, emails: [], domains: [], sharedEmails: [], identifiers: [], handleRuns: [], place: {}, ...v }, customer: i });
  });
  return out;
}

// No customer of the sample writes from their own website's domain: a few who do, so that an address can hide the website.
customers.push(
  ...customers
    .filter((c) => c.email && c.domains.length > 0)
    .slice(0, 10)
    .map((c): CustomerRecord => ({ ...c, id: `${c.id}-own-domain`, email: { local: c.email!.local, domain: c.domains[0]! } })),
);
const made = madeProfiles();
const profiles = [...captured, ...made.map((m) => m.profile)];

/** Each captured profile with its own customer and 60 random ones; each made profile with the customer it was made from and 20 more. */
function pairs(): [number, number][] {
  const rng = new Random(7);
  const out: [number, number][] = [];
  const someCustomers = (n: number) => Array.from({ length: n }, () => Math.floor(rng.next() * customers.length));
  personas.forEach((p, i) => {
    const own = p.truth === null ? undefined : customerIndex.get(p.truth);
    for (const j of new Set([...(own === undefined ? [] : [own]), ...someCustomers(60)])) out.push([i, j]);
  });
  made.forEach((m, k) => {
    for (const j of new Set([m.customer, ...someCustomers(20)])) out.push([captured.length + k, j]);
  });
  return out;
}

describe.each(ENGINES)('the persona matcher’s comparisons as SQL on $name', (engineUnderTest) => {
  const opened = engineForSuite(engineUnderTest);
  if (!opened) return;

  const list = pairs();
  beforeAll(async () => {
    const engine = opened();
    const representatives = await loadPersonaTables(engine, 'persona', profiles, customers);
    await engine.load(
      'persona_pairs',
      [
        { name: 'l', type: 'INTEGER' },
        { name: 'r', type: 'INTEGER' },
      ],
      list,
    );
    await comparePersonaSql(engine, 'persona', 'persona_pairs', 'persona_levels');
    await comparePersonaPairsSql(engine, 'persona', 'persona_pairs', 'persona_pair_levels', representatives);
  }, 60_000);

  it('gives comparePair’s level vector on every pair: names and identifiers computed once per distinct pair of values, the joint rules in SQL', async () => {
    const columns = PERSONA_COMPARISONS.map((_, field) => personaLevelColumn(field));
    const rows = await opened().rows(`SELECT l, r, ${columns.join(', ')} FROM persona_pair_levels`);
    expect(rows.length).toBe(list.length);
    const sql = new Map(rows.map((row) => [`${String(row.l)}:${String(row.r)}`, columns.map((c) => Number(row[c]))]));
    const reached = PERSONA_COMPARISONS.map(() => new Set<number>());
    const differences: string[] = [];
    for (const [l, r] of list) {
      const expected = [...comparePair(profiles[l]!, customers[r]!)];
      expected.forEach((level, k) => reached[k]!.add(level));
      const got = sql.get(`${l}:${r}`);
      if (JSON.stringify(got) !== JSON.stringify(expected)) differences.push(`profile ${l}, customer ${customers[r]!.id}: SQL ${JSON.stringify(got)}, memory ${JSON.stringify(expected)}`);
    }
    expect(differences.slice(0, 5)).toEqual([]);
    // Every level is reached on these pairs, the joint rules' conflict levels included, so none is compared vacuously;
    // but a known handle elsewhere: no handle of this sample CRM is distinctive beside its holder's name.
    const unreached = (field: number, level: number) => field === FIELD_INDEX.handle && level === IDENTIFIER.knownHandleElsewhere;
    for (const field of PERSONA_COMPARISONS.keys()) {
      const levels = PERSONA_COMPARISONS[field]!.levels.map((_, level) => level).filter((level) => !unreached(field, level));
      expect([...reached[field]!].sort(), PERSONA_COMPARISONS[field]!.field).toEqual([-1, ...levels].sort());
    }
  }, 60_000);

  it('gives the in-memory level of the email, website and place comparisons on every pair, reaching every level', async () => {
    const columns = PERSONA_SQL_LEVELS.map((s) => personaLevelColumn(s.field));
    const rows = await opened().rows(`SELECT l, r, ${columns.join(', ')} FROM persona_levels ORDER BY l, r`);
    const sql = new Map(rows.map((row) => [`${String(row.l)}:${String(row.r)}`, columns.map((c) => row[c])]));
    expect(sql.size).toBe(list.length);
    const reached = PERSONA_SQL_LEVELS.map(() => new Set<number>());
    const differences: string[] = [];
    for (const [l, r] of list) {
      const expected = PERSONA_SQL_LEVELS.map((s) => PERSONA_COMPARISONS[s.field]!.compare(profiles[l]!, customers[r]!));
      expected.forEach((level, k) => reached[k]!.add(level));
      const got = sql.get(`${l}:${r}`);
      if (JSON.stringify(got) !== JSON.stringify(expected)) differences.push(`profile ${l}, customer ${customers[r]!.id}: SQL ${JSON.stringify(got)}, memory ${JSON.stringify(expected)}`);
    }
    expect(differences.slice(0, 5)).toEqual([]);
    // Every level of each ported comparison, and missing, is reached: none is tested vacuously.
    PERSONA_SQL_LEVELS.forEach((s, k) => {
      const levels = PERSONA_COMPARISONS[s.field]!.levels.map((_, level) => level);
      // The conflict levels come from comparePair's joint rules, never from the comparison alone.
      const alone = levels.filter((level) => !PERSONA_COMPARISONS[s.field]!.levels[level]!.id.includes('conflict'));
      expect([...reached[k]!].sort(), PERSONA_COMPARISONS[s.field]!.field).toEqual([-1, ...alone].sort());
    });
    expect(PERSONA_SQL_LEVELS.map((s) => s.field)).toEqual([FIELD_INDEX.email, FIELD_INDEX.website, FIELD_INDEX.place]);
  }, 60_000);

  it('weighs the website and the place as PersonaScorer does, within 1e-9, from the same parameters', async () => {
    // Learnt-looking parameters: m and u off their defaults, so a weight read from elsewhere would show.
    const params = defaultMatcherParams();
    params.model.fields = params.model.fields.map((f) => ({ ...f, m: f.m.map((m, l) => m * (1 + l / 37)), u: f.u.map((u, l) => u * (1 - l / 53)) }));
    // No frequencies and no names compared: the case in which these weights are the level's log2(m/u) alone.
    const scorer = new PersonaScorer(params, customers.length);
    const weights = PLAIN_WEIGHT_FIELDS.map((f) => `${personaWeightSql(scorer, f)} AS ${personaWeightColumn(f)}`);
    const levels = PLAIN_WEIGHT_FIELDS.map(personaLevelColumn);
    const rows = await opened().rows(`SELECT l, r, ${levels.join(', ')}, ${weights.join(', ')} FROM persona_levels`);
    expect(rows.length).toBe(list.length);
    let largest = 0;
    for (const row of rows) {
      const compared = new Int8Array(PERSONA_COMPARISONS.length).fill(MISSING);
      PLAIN_WEIGHT_FIELDS.forEach((f, k) => (compared[f] = Number(row[levels[k]!])));
      const memory = scorer.score(profiles[Number(row.l)]!, customers[Number(row.r)]!, new Map(), compared);
      for (const f of PLAIN_WEIGHT_FIELDS) largest = Math.max(largest, Math.abs(Number(row[personaWeightColumn(f)]) - memory.weights[f]!));
    }
    expect(largest).toBeLessThanOrEqual(1e-9);
    expect(() => personaWeightSql(scorer, FIELD_INDEX.email)).toThrow(/email comparison's weight is not ported/);
  }, 60_000);
});
