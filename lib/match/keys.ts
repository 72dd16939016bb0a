/**
 * Blocking keys: the few lookups that find a profile's candidates among the
 * customers without comparing it with all of them.
 *
 *   n:<given root>|<surname>   full name, nicknames folded to their formal name (Hans -> johannes)
 *   i:<initial>|<surname>      first initial and surname (J. de Vries; given-name typos), also with the prefix glued on (h|vanes)
 *   p:<initial>|<phonetic>     first initial and the surname's phonetic code (spellings)
 *   a:<given root>|<abc>       given name and the surname's first three letters (typos late in the surname)
 *   z:<given root>|<xyz>       given name and the surname's last three letters (typos early in the surname)
 *   b:<initial>|<abc>          first initial and the surname's first three letters (typos in both names)
 *   e:<initial>|<xyz>          first initial and the surname's last three letters (typos in both names)
 *   s:<surname>                surname only (read for its count: the surname's frequency; candidates when rare)
 *   g:<given root>|<city>      given name and city, for profiles that show no surname
 *   h:<identifier>             known handles and email local parts (letters and digits only)
 *   w:<domain>                 the customer's own website or email domain (not free mail)
 *   id:<customer id>           the customer itself (for incremental index updates)
 *
 * Surnames are skeletons without spaces or prefix, so prefixes, diacritics and
 * alphabets never split a block.
 */
import type { CustomerRecord, ProfileFeatures } from './features';
import { handleRuns } from './handles';
import type { PersonName } from './names';
import { givenRoots, gluedSurnames, initialLetter, isGivenName, isGivenNameAsWritten, isPrefixWord, unglue } from './names';
import { phonetic, skeleton } from './skeleton';
import { memo } from './memo';
import { identifierKey } from './web';

/** How much one shared key says that a customer is worth comparing; the best-supported candidates are compared first. */
export const KEY_STRENGTH: Record<string, number> = { h: 8, w: 5, n: 4, i: 2, a: 1, z: 1, g: 1, p: 1, s: 1, b: 0.5, e: 0.5 };

/** Given-name roots per name that become keys: a customer's own name has few; a nickname may stand for several formal names. */
const INDEX_ROOTS = 3;
const QUERY_ROOTS = 8;

const surnameSkeletons = memo(surnameSkeletonsOf);

function surnameSkeletonsOf(surname: string): string[] {
  const flat = surname.replace(/\s+/g, '');
  if (!flat) return [];
  const out = [skeleton(flat)];
  const unglued = unglue(flat);
  if (unglued) out.push(skeleton(unglued.surname));
  if (surname.includes(' ')) for (const w of surname.split(' ')) if (w.length > 2) out.push(skeleton(w));
  return [...new Set(out.filter((s) => s.length >= 2))];
}

function rootsOf(given: readonly string[], limit: number): string[] {
  const out: string[] = [];
  for (const g of given.slice(0, 2)) if (g.length > 1) out.push(...givenRoots(g).slice(0, limit));
  return [...new Set(out)];
}

function initialOf(given: readonly string[]): string {
  const first = given[0];
  return first ? initialLetter(first) : '';
}

/**
 * The name keys of one reading of a name (shared by customers and profiles, so both sides build the same keys).
 * A customer files typo keys under their own given name only; a profile looks them up under every formal
 * name its given name may stand for (Joop Schplten: johannes + the end of Scholten).
 */
function nameKeys(name: PersonName, rootLimit: number, out: Set<string>, counts?: Set<string>, typoRoots = 1): void {
  const roots = rootsOf(name.given, rootLimit);
  const initial = initialOf(name.given);
  for (const s of surnameSkeletons(name.surname)) {
    out.add(`s:${s}`);
    counts?.add(`s:${s}`);
    for (const root of roots) {
      out.add(`n:${root}|${s}`);
      counts?.add(`n:${root}|${s}`);
    }
    // Typo keys: a customer's with the given name as written (its own skeleton, the first root) only.
    if (s.length >= 4) {
      for (const root of roots.slice(0, typoRoots)) {
        out.add(`a:${root}|${s.slice(0, 3)}`);
        out.add(`z:${root}|${s.slice(-3)}`);
      }
    }
    if (initial) {
      out.add(`i:${initial}|${s}`);
      out.add(`p:${initial}|${phonetic(s)}`);
      // Typos in both names at once (Isablela Loddwr for Isabella Lodder): the initial and either end
      // of the surname. Common combinations exceed the block limit and find nobody.
      if (s.length >= 5) {
        out.add(`b:${initial}|${s.slice(0, 3)}`);
        out.add(`e:${initial}|${s.slice(-3)}`);
      }
    }
  }
}

/** The key a given name is counted under: the first root of the first given name (Hans and Johannes count as one). */
export function givenNameKey(name: PersonName): string | undefined {
  const first = name.given.find((g) => g.length > 1);
  return first ? givenRoots(first)[0] : undefined;
}

/** The keys a customer is filed under. */
export function customerKeys(r: CustomerRecord): string[] {
  const keys = new Set<string>([`id:${r.id}`]);
  nameKeys(r.name, INDEX_ROOTS, keys);
  const initial = initialOf(r.name.given);
  if (initial) for (const glued of gluedSurnames(r.name.prefix, r.name.surname)) keys.add(`i:${initial}|${skeleton(glued)}`);
  const roots = rootsOf(r.name.given, 1);
  if (r.place.city) for (const root of roots) keys.add(`g:${root}|${r.place.city}`);
  for (const h of r.handles) {
    const key = identifierKey(h.slice(h.indexOf(':') + 1));
    if (key.length >= 3) keys.add(`h:${key}`);
  }
  if (r.email) {
    const local = identifierKey(r.email.local);
    if (local.length >= 3) keys.add(`h:${local}`);
  }
  for (const d of r.domains) keys.add(`w:${d}`);
  return [...keys];
}

export interface BlockingQuery {
  /** Keys whose customers are candidates. */
  candidateKeys: string[];
  /** Keys only counted (term frequencies): surnames, full names, identifiers. */
  countKeys: string[];
}

/**
 * Readings of a handle's letters as a name: "jdevries" (j + vries),
 * "jannekevdberg" (janneke + berg), "timvos" (tim + vos), "anastasiiadavydova"
 * (anastasiia + davydova), or the whole run as a surname ("bakker").
 */
function handleReadings(run: string, fallbackGiven: readonly string[]): PersonName[] {
  if (run.length < 3 || /\d/.test(run) || isPrefixWord(run)) return [];
  const out: PersonName[] = [];
  const asSurname = (given: string[], rest: string) => {
    if (rest.length < 3 || isPrefixWord(rest)) return;
    out.push({ given, prefix: '', surname: rest });
    const unglued = unglue(rest);
    if (unglued) out.push({ given, prefix: unglued.prefix, surname: unglued.surname });
  };
  if (!isGivenName(run)) asSurname([...fallbackGiven], run);
  // A given name at the start (as written for short ones, in any spelling for longer ones).
  for (let end = Math.min(run.length - 3, 12); end >= 3; end--) {
    const head = run.slice(0, end);
    if (end >= 4 ? isGivenName(head) : isGivenNameAsWritten(head)) asSurname([head], run.slice(end));
  }
  // A given name at the end, surname first ("jonghanna", "petrovaolga").
  for (let start = Math.max(3, run.length - 12); start <= run.length - 4; start++) {
    const tail = run.slice(start);
    if (isGivenName(tail)) asSurname([tail], run.slice(0, start));
  }
  // An initial: jsmith, jdevries, jvdberg.
  if (run.length >= 5) asSurname([run[0]!], run.slice(1));
  return out;
}

/**
 * A given name and a surname in two runs of one handle, in either order ("katya.popova",
 * "aldmore.jake"): each run alone is only a given name, or only a surname with no given name to key on.
 */
function splitRunReadings(runs: readonly string[]): PersonName[] {
  const out: PersonName[] = [];
  for (let i = 0; i + 1 < runs.length; i++) {
    for (const [given, surname] of [[runs[i]!, runs[i + 1]!], [runs[i + 1]!, runs[i]!]] as const) {
      if (given.length < 3 || surname.length < 3 || /\d/.test(given + surname)) continue;
      if (isGivenName(given) && !isPrefixWord(surname)) out.push({ given: [given], prefix: '', surname });
    }
  }
  return out;
}

/** Whether a reading shows a surname to block on: "Anna V." shows only its initial. */
function showsSurname(name: PersonName): boolean {
  return name.surname.replace(/\s+/g, '').length >= 2;
}

/** Runs longer than this are no glued name ("thebakingqueenofamsterdam"). */
const MAX_GLUED_NAME = 22;

/**
 * Full-name keys for every cut of a run into given name and surname, for the given names no table
 * knows ("wiekeugas", "siebedrost", "quirinekonya"): only the exact full-name key, so a wrong cut
 * finds nobody rather than everybody.
 */
function gluedNameKeys(run: string): string[] {
  if (run.length < 6 || run.length > MAX_GLUED_NAME || /\d/.test(run)) return [];
  const out: string[] = [];
  for (let end = 3; end <= run.length - 3; end++) {
    const tail = run.slice(end);
    const surnames = [tail];
    const unglued = unglue(tail);
    if (unglued) surnames.push(unglued.surname);
    for (const surname of surnames) out.push(`n:${skeleton(run.slice(0, end))}|${skeleton(surname)}`);
  }
  return out;
}

/** The keys to look up for a profile. */
export function profileQuery(p: ProfileFeatures): BlockingQuery {
  const candidates = new Set<string>();
  const counts = new Set<string>();
  for (const name of p.names) nameKeys(name, QUERY_ROOTS, candidates, counts, QUERY_ROOTS);
  const firstGiven = p.names.find((n) => n.given.some((g) => g.length > 1))?.given.filter((g) => g.length > 1) ?? [];
  // Every reading shows a surname (a one-word name may be a given name or a surname: both are tried).
  const surnameShown = p.names.length > 0 && p.names.every(showsSurname);
  // Name parts a handle shows, when the display name lacks a surname or is no name at all.
  if (!surnameShown) {
    for (const id of p.identifiers) {
      const runs = handleRuns(id.handle);
      for (const reading of splitRunReadings(runs)) nameKeys(reading, 1, candidates, counts);
      for (const run of runs) {
        // Counted too: a surname found in a handle is weighed by how common it is.
        for (const reading of handleReadings(run, firstGiven)) nameKeys(reading, 1, candidates, counts);
        for (const key of gluedNameKeys(run)) {
          candidates.add(key);
          counts.add(key);
        }
      }
    }
  }
  for (const id of p.identifiers) {
    candidates.add(`h:${id.key}`);
    counts.add(`h:${id.key}`);
  }
  // Given name and city also beside a surname: a slip in a short surname (Lyen for Lyden, Rdud for
  // Rudd) breaks every surname key, and the city is often the one part typed twice the same way.
  if (p.place.city) {
    for (const root of rootsOf(firstGiven, 1)) candidates.add(`g:${root}|${p.place.city}`);
  }
  for (const e of p.emails) {
    candidates.add(`h:${identifierKey(e.local)}`);
    counts.add(`h:${identifierKey(e.local)}`);
  }
  for (const d of p.domains) candidates.add(`w:${d}`);
  return { candidateKeys: [...candidates], countKeys: [...counts] };
}

/** The family of a key ("n", "h", ...). */
export function keyKind(key: string): string {
  return key.slice(0, key.indexOf(':'));
}
