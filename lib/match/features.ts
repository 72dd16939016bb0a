/**
 * What the matcher compares: a captured profile's features (names read from
 * its display name, identifiers from its handle, bio and links, emails, domains
 * and place) and a customer's compact comparison record, which is what the
 * candidate store keeps per customer (one short string each).
 */
import type { Customer, Platform } from '../model';
import { handleRuns } from './handles';
import { customerPlace, parsePlace, placeInBio, type Place } from './location';
import { isGivenName, parseCustomerName, parseName, type PersonName } from './names';
import { stripDecorations } from '../text/fold';
import { emailsIn, handleFromUrl, identifierKey, isIdentityDomain, mentionsIn, parseEmail, registrableDomain, urlsIn, type EmailAddress } from './web';

/** The fields of a captured person the matcher reads (CapturedProfile and ProfileLine both have them). */
export interface ProfileInput {
  platform: Platform;
  key?: string;
  /** Absent on profiles that show only a handle (or an email address in the bio). */
  displayName?: string;
  handle?: string;
  profileUrl?: string;
  location?: string;
  bio?: string;
  website?: string;
}

/** An identifier of the person: a handle (on a platform, or seen in text) or an email local part. */
export interface Identifier {
  /** The platform it belongs to; 'any' when it was only mentioned in text. */
  platform: Platform | 'any';
  /** The handle as the platform tells accounts apart: lower case, without @ ("janneke.vd"). */
  handle: string;
  /** identifierKey(): letters and digits only, to compare across platforms and with email addresses ("jannekevd"). */
  key: string;
  /** As written, for evidence. */
  raw: string;
}

/** A handle as its platform tells accounts apart: lower case, no @, no default Bluesky domain. */
export function normaliseHandle(handle: string): string {
  return handle
    .trim()
    .replace(/^@/, '')
    .replace(/\.bsky\.social$/i, '')
    .toLowerCase();
}

export interface ProfileFeatures {
  platform: Platform;
  /** Readings of the display name, the likely one first; empty when it is no name (a handle, "Amazon Customer"). */
  names: PersonName[];
  /**
   * Whether the display name is a person's name (a given name we know stands in it), not a brand or
   * a motto ("Bakery Queen 🍰"): only a person's name can contradict a customer's.
   */
  personName: boolean;
  /** Letter runs of every handle and email local part, for names that only a handle shows. */
  handleRuns: string[];
  identifiers: Identifier[];
  emails: EmailAddress[];
  /**
   * Addresses of `emails` that other profiles with other names show too (a shop's, an agency's
   * contact address): set for a batch by markSharedEmails, as only a batch can tell.
   */
  sharedEmails?: string[];
  /** Domains that can identify a person or business (not free mail, not platforms). */
  domains: string[];
  place: Place;
  /** The place a bio states when the location field is empty: only ever a reason to doubt an identifier. */
  bioPlace: Place;
}

/** The compact record of a customer that comparisons read. */
export interface CustomerRecord {
  id: string;
  name: PersonName;
  email: EmailAddress | null;
  /** Known handles as "platform:handle" (normaliseHandle). */
  handles: string[];
  /** Identity domains: the website's and the email's when it is not free mail. */
  domains: string[];
  place: Place;
}

/**
 * Words that make a display name a shop's, a channel's or a motto rather than a person's ("Bakery
 * Queen", "Thuisbakker Anna's Taarten" still names Anna: only whole words count, and a given name
 * we know keeps it a person's name). English, Dutch and Russian, as the people our users meet write.
 */
const BRAND_WORDS = new Set(
  (
    'bakery bakes cakes cake kitchen shop store official studio queen king recipes recipe foodie food blog vlog channel team club ' +
    'company ltd inc bv webshop winkel bakkerij taarten taart keuken kookt bakt thuisbakker recepten ' +
    'кухня торты торт выпечка магазин официальный блог канал рецепты'
  ).split(' '),
);

/** Whether a display name reads as a brand or a motto: one of its words is a brand word and none is a given name we know. */
function isBrandName(display: string): boolean {
  const words = display.toLowerCase().split(/[^\p{L}]+/u).filter(Boolean);
  return words.some((w) => BRAND_WORDS.has(w)) && !words.some((w) => w.length > 1 && isGivenName(w));
}

/** Local parts of addresses that name a role, not a person. */
const ROLE_ADDRESSES = new Set(
  'info contact hello hallo hi mail email sales support team office admin shop orders order bestellingen bestellen service klantenservice kontakt contacts press pr marketing business collab collabs booking bookings inquiries enquiries noreply no-reply webmaster почта инфо'.split(' '),
);

/** Two or more capitalised words, as people write names: "Cat Lady", "Мария Кузнецова", "Jean-Luc Picard". */
const CAPITALISED_WORDS = /^\p{Lu}\p{Ll}+(?:[ '-]\p{Lu}\p{Ll}+)+$/u;

/** Two or three capitals are initials ("XQ", "JdV" is three letters too): a given name's and a surname's. */
const INITIALS = /^(?:\p{Lu}\p{Ll}?\p{Lu}|\p{Lu}{2})$/u;

/** Names platforms show for people who hide theirs. */
const ANONYMOUS = /^(?:amazon customer|kindle customer|a google user|google user|anonymous|anoniem|klant|customer|user|гость|покупатель|пользователь)$/i;

/** Platforms whose profile key is the person's handle. */
const KEY_IS_HANDLE: ReadonlySet<Platform> = new Set(['instagram', 'tiktok', 'x', 'bluesky', 'youtube', 'reddit', 'goodreads']);

/** A display name that is a handle rather than a name: one word with digits, dots or underscores, or the handle itself. */
function looksLikeHandle(display: string, handle: string | undefined): boolean {
  const trimmed = display.trim();
  if (handle && identifierKey(trimmed) === identifierKey(handle) && !/\s/.test(trimmed)) return true;
  return !/\s/.test(trimmed) && /[\d_.@]/.test(trimmed);
}

export function profileFeatures(profile: ProfileInput): ProfileFeatures {
  const identifiers: Identifier[] = [];
  const runs: string[] = [];
  const domains = new Set<string>();
  const addIdentifier = (platform: Platform | 'any', written: string) => {
    const raw = written.trim();
    const handle = normaliseHandle(raw);
    const key = identifierKey(handle);
    if (key.length < 3 || identifiers.some((i) => i.handle === handle && i.platform === platform)) return;
    identifiers.push({ platform, handle, key, raw });
    runs.push(...handleRuns(raw));
  };
  const addUrl = (url: string) => {
    const linked = handleFromUrl(url);
    if (linked) addIdentifier(linked.platform === 'other' ? 'any' : linked.platform, linked.handle);
    else {
      const domain = registrableDomain(url);
      if (domain && isIdentityDomain(domain)) domains.add(domain);
    }
  };

  const handle = profile.handle?.trim() || (profile.key && KEY_IS_HANDLE.has(profile.platform) && !profile.key.includes('/') ? profile.key : undefined);
  if (handle) addIdentifier(profile.platform, handle);
  if (profile.profileUrl) {
    const linked = handleFromUrl(profile.profileUrl);
    if (linked && linked.platform === profile.platform) addIdentifier(profile.platform, linked.handle);
  }
  const display = stripDecorations(profile.displayName ?? '');
  let names: PersonName[] = [];
  if (!display) names = [];
  else if (looksLikeHandle(display, handle)) addIdentifier(profile.platform, display);
  else if (INITIALS.test(display)) names = [{ given: [display[0]!.toLowerCase()], prefix: '', surname: display.slice(-1).toLowerCase() }];
  else if (!ANONYMOUS.test(display) && !isBrandName(display)) names = parseName(display).filter((n) => n.given.length > 0 || n.surname !== '');

  const emails: EmailAddress[] = [];
  for (const text of [profile.bio, profile.website]) {
    if (!text) continue;
    for (const email of emailsIn(text)) {
      if (emails.some((e) => e.local === email.local && e.domain === email.domain)) continue;
      emails.push(email);
      // info@, hello@, bestellingen@: a role, not a person.
      if (!ROLE_ADDRESSES.has(email.local.toLowerCase())) addIdentifier('any', email.local);
      if (isIdentityDomain(email.domain)) domains.add(email.domain);
    }
  }
  if (profile.bio) {
    for (const mention of mentionsIn(profile.bio)) addIdentifier('any', mention);
    for (const url of urlsIn(profile.bio)) addUrl(url);
  }
  if (profile.website) addUrl(profile.website);
  // A person's name: a given name we know, or two or more capitalised words ("Cat Lady" may be a nickname,
  // but it is not the customer's name either).
  const personName = names.length > 0 && (names.some((n) => n.given.some((g) => g.length > 1 && isGivenName(g))) || CAPITALISED_WORDS.test(display.trim()));
  const place = parsePlace(profile.location);
  return { platform: profile.platform, names, personName, handleRuns: runs, identifiers, emails, domains: [...domains], place, bioPlace: place.city || place.region || place.country ? {} : placeInBio(profile.bio) };
}

/** Customers' custom columns that hold the surname prefix separately (Dutch CRMs). */
const PREFIX_COLUMNS = ['tussenvoegsel', 'tussenvoegsels', 'prefix', 'infix', 'voorvoegsel', 'middle_name_prefix'];

export function customerRecord(customer: Customer): CustomerRecord {
  const prefixColumn = Object.entries(customer.custom ?? {}).find(([k]) => PREFIX_COLUMNS.includes(k.trim().toLowerCase()))?.[1];
  const email = customer.email ? parseEmail(customer.email) : null;
  const domains = new Set<string>();
  const site = customer.website ? registrableDomain(customer.website) : null;
  if (site && isIdentityDomain(site)) domains.add(site);
  if (email && isIdentityDomain(email.domain)) domains.add(email.domain);
  return {
    id: customer.id,
    name: parseCustomerName(customer.firstName, customer.lastName, prefixColumn),
    email,
    handles: customer.handles.map((h) => `${h.platform}:${normaliseHandle(h.handle)}`).filter((h) => !h.endsWith(':')),
    domains: [...domains],
    place: customerPlace(customer.city, customer.country),
  };
}

/**
 * A customer seen as a profile, for estimating u from random pairs of the
 * customer base: their name as a display name, a handle they are known by or
 * their email's local part, and their place.
 */
export function customerAsProfile(record: CustomerRecord, shape: 'full' | 'given-and-handle' = 'full'): ProfileFeatures {
  const handle = record.handles[0]?.split(':')[1] ?? record.email?.local;
  const platform = (record.handles[0]?.split(':')[0] as Platform | undefined) ?? 'any';
  const identifiers: Identifier[] = handle ? [{ platform, handle, key: identifierKey(handle), raw: handle }] : [];
  const name: PersonName = shape === 'full' ? record.name : { given: record.name.given.slice(0, 1), prefix: '', surname: '' };
  return {
    platform: 'other',
    names: name.given.length > 0 || name.surname ? [name] : [],
    personName: name.given.length > 0,
    handleRuns: handle && shape !== 'full' ? handleRuns(handle) : [],
    identifiers,
    emails: [],
    domains: record.domains,
    place: record.place,
    bioPlace: {},
  };
}

// ---------------------------------------------------------------- record codec

const FIELD = '\u001f';
const LIST = '\u001e';

/** One customer record as one short string (what the candidate store keeps). */
export function encodeRecord(r: CustomerRecord): string {
  return [
    r.id,
    r.name.given.join(LIST),
    r.name.prefix,
    r.name.surname,
    r.email ? `${r.email.local}@${r.email.domain}` : '',
    r.handles.join(LIST),
    r.domains.join(LIST),
    r.place.city ?? '',
    r.place.region ?? '',
    r.place.country ?? '',
  ].join(FIELD);
}

export function decodeRecord(text: string): CustomerRecord {
  const f = text.split(FIELD);
  if (f.length !== 10) throw new Error(`damaged customer record (${f.length} fields): ${JSON.stringify(text.slice(0, 80))}`);
  const list = (s: string) => (s === '' ? [] : s.split(LIST));
  const place: Place = {};
  if (f[7]) place.city = f[7];
  if (f[8]) place.region = f[8];
  if (f[9]) place.country = f[9];
  return {
    id: f[0]!,
    name: { given: list(f[1]!), prefix: f[2]!, surname: f[3]! },
    email: f[4] ? parseEmail(f[4]) : null,
    handles: list(f[5]!),
    domains: list(f[6]!),
    place,
  };
}

/**
 * Mark the email addresses that several profiles of a batch show under different names: such an
 * address is a shop's or an agency's, not one person's, and is weaker evidence (EMAIL.shared).
 */
export function markSharedEmails(profiles: readonly ProfileFeatures[]): void {
  const names = new Map<string, Set<string>>();
  for (const p of profiles) {
    const who = p.names[0] ? `${p.names[0].given.join(' ')}|${p.names[0].surname}` : p.identifiers[0]?.key ?? '';
    for (const e of p.emails) {
      const address = `${e.local}@${e.domain}`;
      (names.get(address) ?? names.set(address, new Set()).get(address)!).add(who);
    }
  }
  for (const p of profiles) {
    const shared = p.emails.map((e) => `${e.local}@${e.domain}`).filter((a) => (names.get(a)?.size ?? 0) > 1);
    if (shared.length > 0) p.sharedEmails = shared;
    else delete p.sharedEmails;
  }
}
