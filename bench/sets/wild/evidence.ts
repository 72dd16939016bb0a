/**
 * Whether a profile shows anything that points to a customer.
 *
 * An identifier points when the CRM holds it: an e-mail address, a domain of a
 * website or work address, a handle the CRM recorded (current or stale). A name
 * with its surname points when it narrows the customers down to a handful: the
 * parts the profile shows (given name or initial, surname, a city) match at
 * most MAX_CANDIDATES customers; a full name shared by forty customers points
 * nowhere. Without a surname ("Anna", "Anna V.") it points only when it fits one
 * customer alone: "Anna" among sixty Annas does not, "Anna, Zundert" may. For a customer's profile the pointing must include the customer
 * (a colleague's address in the bio points to the colleague, not to them); for
 * a stranger, any customer pointed at is evidence (a trap for the matcher).
 * Names are compared by who the person is (their canonical name), not by how it
 * is spelled: the truth should not depend on one normaliser's rules.
 */
import { type Customer } from './customers';
import { type NameClue } from './display';
import { HandleRegistry } from './handles';
import { FREE_MAIL } from './contact';
import { nameKeys } from './person';
import { type Clues } from './profile';

export const MAX_CANDIDATES = 5;

const FIELDS = ['given', 'givenInitial', 'surname', 'surnameInitial'] as const;

/** Which parts a clue shows, as bits: given, given initial, surname, surname initial, city. */
function shapeOf(clue: NameClue, withCity: boolean): number {
  let shape = withCity ? 16 : 0;
  FIELDS.forEach((f, i) => {
    if (clue[f]) shape |= 1 << i;
  });
  return shape;
}

/** Room for each part's number in one key: given names, initials, surnames, initials, cities. */
const ROOM = [4096, 128, 524_288, 128, 256] as const;

/**
 * Small numbers for the parts of names, so that a key is one number (a million
 * customers times every shape of key would be slow as joined strings).
 */
class Interner {
  private readonly ids = new Map<string, number>();
  constructor(
    private readonly what: string,
    private readonly room: number,
  ) {}

  id(text: string | undefined): number {
    if (text === undefined) return 0;
    let id = this.ids.get(text);
    if (id === undefined) {
      id = this.ids.size + 1;
      if (id >= this.room) throw new Error(`evidence keys: more than ${this.room - 1} distinct ${this.what}`);
      this.ids.set(text, id);
    }
    return id;
  }
}

type Parts = readonly [number, number, number, number, number];

function keyOf(parts: Parts, shape: number): number {
  let key = 0;
  for (let i = 0; i < 5; i++) key = key * (ROOM[i] as number) + (shape & (1 << i) ? (parts[i] as number) : 0);
  return key;
}

function addTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

interface Index {
  emails: Map<string, Customer[]>;
  domains: Map<string, Customer[]>;
  handles: Map<string, Customer[]>;
  /** Customers per name key and shape, for the keys some profile shows. */
  names: Map<number, number>[];
  parts: (names: NameClue, city: string | undefined) => Parts;
}

function buildIndex(customers: readonly Customer[], profiles: readonly Clues[]): Index {
  const interners = [new Interner('given names', ROOM[0]), new Interner('initials', ROOM[1]), new Interner('surnames', ROOM[2]), new Interner('initials', ROOM[3]), new Interner('cities', ROOM[4])];
  const parts = (n: NameClue, city: string | undefined): Parts => [
    interners[0]!.id(n.given),
    interners[1]!.id(n.givenInitial),
    interners[2]!.id(n.surname),
    interners[3]!.id(n.surnameInitial),
    interners[4]!.id(city),
  ];
  const index: Index = { emails: new Map(), domains: new Map(), handles: new Map(), names: Array.from({ length: 32 }, () => new Map()), parts };
  // Index only the identifiers some profile shows: most of a million customers show up nowhere.
  const shownEmails = new Set(profiles.flatMap((p) => p.emails.map((e) => e.toLowerCase())));
  const shownDomains = new Set(profiles.flatMap((p) => p.domains.map((d) => d.toLowerCase())));
  const shownHandles = new Set(profiles.flatMap((p) => (p.handle ? [HandleRegistry.key(p.handle.platform, p.handle.handle)] : [])));
  for (const c of customers) {
    if (c.email) {
      const email = c.email.toLowerCase();
      if (shownEmails.has(email)) addTo(index.emails, email, c);
      const domain = email.slice(email.indexOf('@') + 1);
      if (shownDomains.has(domain) && !FREE_MAIL.has(domain)) addTo(index.domains, domain, c);
    }
    if (c.website && c.form.website && shownDomains.has(c.website.domain)) addTo(index.domains, c.website.domain, c);
    for (const r of c.recorded) {
      const key = HandleRegistry.key(r.platform, r.handle);
      if (shownHandles.has(key)) addTo(index.handles, key, c);
    }
  }
  // Count only the name keys some profile shows.
  const shapes = new Set<number>();
  for (const clues of profiles) {
    for (const name of clues.names) {
      const p = parts(name, clues.city);
      for (const shape of clues.city ? [shapeOf(name, false), shapeOf(name, true)] : [shapeOf(name, false)]) {
        shapes.add(shape);
        index.names[shape]!.set(keyOf(p, shape), 0);
      }
    }
  }
  const shapeList = [...shapes];
  for (const c of customers) {
    const p = parts(nameKeys(c.person), c.person.city.id);
    for (const shape of shapeList) {
      const counts = index.names[shape]!;
      const key = keyOf(p, shape);
      const n = counts.get(key);
      if (n !== undefined) counts.set(key, n + 1);
    }
  }
  return index;
}

function nameEvidence(index: Index, clues: Clues, clue: NameClue, customer: Customer | null): boolean {
  const shown = index.parts(clue, clues.city);
  const narrow = (withCity: boolean) => {
    const shape = shapeOf(clue, withCity);
    const key = keyOf(shown, shape);
    const count = index.names[shape]?.get(key) ?? 0;
    // A surname narrows; a given name alone (or with an initial) points only when it is the only one.
    const limit = clue.surname ? MAX_CANDIDATES : 1;
    if (count < 1 || count > limit) return false;
    return !customer || keyOf(index.parts(nameKeys(customer.person), customer.person.city.id), shape) === key;
  };
  return narrow(false) || (clues.city !== undefined && narrow(true));
}

function pointsAt(list: readonly Customer[] | undefined, customer: Customer | null): boolean {
  if (!list || list.length === 0) return false;
  return customer ? list.includes(customer) : true;
}

/** 'some' or 'none' for each profile, in order. */
export function evidence(customers: readonly Customer[], profiles: readonly { clues: Clues; customer: Customer | null }[]): ('none' | 'some')[] {
  const index = buildIndex(
    customers,
    profiles.map((p) => p.clues),
  );
  return profiles.map(({ clues, customer }) => {
    const ids =
      clues.emails.some((e) => pointsAt(index.emails.get(e.toLowerCase()), customer)) ||
      clues.domains.some((d) => pointsAt(index.domains.get(d.toLowerCase()), customer)) ||
      (clues.handle !== undefined && pointsAt(index.handles.get(HandleRegistry.key(clues.handle.platform, clues.handle.handle)), customer));
    return ids || clues.names.some((name) => nameEvidence(index, clues, name, customer)) ? 'some' : 'none';
  });
}
