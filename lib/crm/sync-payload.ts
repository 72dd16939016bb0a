/**
 * What Earshot sends to a CRM about one person: the customer record to update
 * (by the CRM's id, by email, or by Earshot's customer id), the social profiles
 * linked to them (matched automatically or confirmed by a person) with score
 * and evidence in words, the community manager's tags, and the person's
 * values when the value model has them.
 *
 * Only linked people are sent: a captured profile nobody linked to a customer
 * stays in the browser. The same builders serve the extension's outbox (from
 * IndexedDB), the command line (from files) and the CSV export.
 */
import { z } from '../zod';
import {
  Platform,
  Timestamp,
  isLinked,
  mustNotProfile,
  type Customer,
  type Evidence,
  type Match,
  type Profile,
} from '../model';
import { describeEvidence } from '../match/explain';
import { escapeHtml } from '../text/html';

/** A value of the person as the value model reports it; kept to plain scalars. */
export const ValueScalar = z.union([z.number().finite(), z.string().max(200), z.boolean(), z.null()]);
export type ValuesRecord = Record<string, z.infer<typeof ValueScalar>>;

/** Values of a customer, from the value model (another module); undefined when it has none yet. */
export type ValuesOf = (customerId: string) => Promise<Record<string, unknown> | undefined>;

/** One social profile linked to the customer. */
export const LinkPayload = z.object({
  profileId: z.string().min(1),
  platform: Platform,
  handle: z.string().optional(),
  displayName: z.string(),
  profileUrl: z.string().optional(),
  score: z.number().min(0).max(1),
  status: z.enum(['auto', 'confirmed']),
  /** The match evidence in words, one clause per field. */
  evidence: z.string(),
  followers: z.number().int().nonnegative().optional(),
  reviewCount: z.number().int().nonnegative().optional(),
});
export type LinkPayload = z.infer<typeof LinkPayload>;

/** The customer's persona as its own CRM property: the stable id (P3) and the name shown (a person's or the traits'). */
export const PersonaPayload = z.object({ id: z.string().min(1).max(40), name: z.string().max(200) });
export type PersonaPayload = z.infer<typeof PersonaPayload>;

/** The customer's individual offer as its own CRM properties: a few words, the expected gain, and why. */
export const OfferPayload = z.object({ label: z.string().min(1).max(200), gain: z.number().finite(), reason: z.string().max(1000) });
export type OfferPayload = z.infer<typeof OfferPayload>;

/**
 * How the persona and offer arrive among a customer's values (lib/db/personas.ts
 * puts them there): read by name and lifted into properties of their own, so a
 * CRM can filter and report on them instead of parsing a text field.
 */
const PersonaValues = z.object({ persona: z.string().min(1).max(40), personaName: z.string().max(200).nullable() });
const OfferValues = z.object({ offer: z.string().min(1).max(200), offerGain: z.number().finite(), offerReason: z.string().max(1000) });
const LIFTED_KEYS: readonly string[] = [...PersonaValues.keyof().options, ...OfferValues.keyof().options];

export const PersonPayload = z.object({
  customerId: z.string().min(1),
  email: z.string().optional(),
  firstName: z.string().optional(),
  lastName: z.string().optional(),
  links: z.array(LinkPayload),
  tags: z.array(z.string()),
  values: z.record(z.string(), ValueScalar).optional(),
  persona: PersonaPayload.optional(),
  offer: OfferPayload.optional(),
  /**
   * The customer must not be profiled (their CRM said so, or they objected in Earshot): the update then
   * carries no links, tags or values (clearing what Earshot wrote before) and tells the CRM. Never sent
   * as false: the CRM's own record of an objection is not Earshot's to lift.
   */
  doNotProfile: z.literal(true).optional(),
  /** When the change this update carries happened in Earshot (orders updates per person in the CRM). */
  changedAt: Timestamp,
});
export type PersonPayload = z.infer<typeof PersonPayload>;

/** A note for the CRM's timeline: a profile was linked to the customer, and why. */
export const NotePayload = z.object({
  customerId: z.string().min(1),
  link: LinkPayload,
  decidedBy: z.enum(['matcher', 'user']),
  decidedAt: Timestamp,
});
export type NotePayload = z.infer<typeof NotePayload>;

/** What an erasure needs to find the CRM record once the local data is gone. */
export const ErasePayload = z.object({
  customerId: z.string().min(1),
  email: z.string().optional(),
  /** Tags Earshot ever wrote for the person (a CRM with shared labels removes only these). */
  tags: z.array(z.string()).default([]),
});
export type ErasePayload = z.infer<typeof ErasePayload>;

/** The outbox's stored payload of an upsert job: which customer, and when the change happened. */
export const UpsertJobPayload = z.object({ customerId: z.string().min(1), changedAt: Timestamp });
export type UpsertJobPayload = z.infer<typeof UpsertJobPayload>;

/**
 * Match evidence as a sentence a salesperson can read in the CRM, in the
 * matcher's own words (lib/match/explain): "Surname agrees +8.4; First name
 * agrees (nickname) +5.1; Lives elsewhere −2.3". The base-rate prior is about
 * the customer base, not the person, so it is left out.
 */
export function evidenceInWords(evidence: readonly Evidence[]): string {
  const told = evidence.filter((e) => e.field !== 'prior');
  if (told.length === 0) return 'linked by a person without automatic evidence';
  return told.map((e) => describeEvidence(e)).join('; ');
}

/** A link as sent: the match with the profile's public facts. */
export function linkPayload(match: Match, profile: Pick<Profile, 'id' | 'platform' | 'handle' | 'displayName' | 'profileUrl' | 'followers' | 'reviewCount'>): LinkPayload {
  return {
    profileId: profile.id,
    platform: profile.platform,
    ...(profile.handle ? { handle: profile.handle } : {}),
    displayName: profile.displayName,
    ...(profile.profileUrl ? { profileUrl: profile.profileUrl } : {}),
    score: match.score,
    status: match.status === 'confirmed' ? 'confirmed' : 'auto',
    evidence: evidenceInWords(match.evidence),
    ...(profile.followers !== undefined ? { followers: profile.followers } : {}),
    ...(profile.reviewCount !== undefined ? { reviewCount: profile.reviewCount } : {}),
  };
}

/** The persona and offer taken out of the values (each only when complete), and the values left. */
export function liftPersonaAndOffer(values: ValuesRecord | undefined): { values?: ValuesRecord; persona?: PersonaPayload; offer?: OfferPayload } {
  if (!values) return {};
  const persona = PersonaValues.safeParse(values);
  const offer = OfferValues.safeParse(values);
  const rest = Object.fromEntries(Object.entries(values).filter(([key]) => !LIFTED_KEYS.includes(key)));
  return {
    ...(Object.keys(rest).length > 0 ? { values: rest } : {}),
    // An unnamed persona (its run's record unreadable) is still known by its id.
    ...(persona.success ? { persona: { id: persona.data.persona, name: persona.data.personaName ?? persona.data.persona } } : {}),
    ...(offer.success ? { offer: { label: offer.data.offer, gain: offer.data.offerGain, reason: offer.data.offerReason } } : {}),
  };
}

/** Keep the value model's figures that a CRM field can hold. */
export function cleanValues(values: Record<string, unknown> | undefined): ValuesRecord | undefined {
  if (!values) return undefined;
  const out: ValuesRecord = {};
  for (const [key, value] of Object.entries(values)) {
    const parsed = ValueScalar.safeParse(value);
    if (parsed.success) out[key] = parsed.data;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

export interface PersonParts {
  customer: Pick<Customer, 'id' | 'email' | 'firstName' | 'lastName' | 'doNotProfile' | 'objectedAt'>;
  /** Match records naming this customer; only linked ones (auto / confirmed) are sent. */
  matches: readonly Match[];
  profiles: ReadonlyMap<string, Pick<Profile, 'id' | 'platform' | 'handle' | 'displayName' | 'profileUrl' | 'followers' | 'reviewCount'>>;
  tags: readonly string[];
  values?: Record<string, unknown>;
  changedAt: number;
}

/** The payload for one customer from its parts (pure: the CLI and the outbox both use it). */
export function buildPersonPayload(parts: PersonParts): PersonPayload {
  const { customer } = parts;
  const identity = {
    customerId: customer.id,
    ...(customer.email ? { email: customer.email.trim() } : {}),
    ...(customer.firstName ? { firstName: customer.firstName } : {}),
    ...(customer.lastName ? { lastName: customer.lastName } : {}),
  };
  // Their own choice first: no profiling field leaves Earshot for them, whatever is still held locally.
  if (mustNotProfile(customer)) return { ...identity, links: [], tags: [], doNotProfile: true, changedAt: parts.changedAt };
  const links = parts.matches
    .filter((m) => isLinked(m) && m.customerId === parts.customer.id)
    .flatMap((m) => {
      const profile = parts.profiles.get(m.profileId);
      return profile ? [linkPayload(m, profile)] : [];
    })
    // Strongest first: the CRM shows the best link on top; stable by profile id.
    .sort((a, b) => b.score - a.score || a.profileId.localeCompare(b.profileId));
  const tags = [...new Map(parts.tags.map((t) => [t.trim().toLowerCase(), t.trim()])).values()].sort((a, b) => a.localeCompare(b));
  const { values, persona, offer } = liftPersonaAndOffer(cleanValues(parts.values));
  return {
    ...identity,
    links,
    tags,
    ...(values ? { values } : {}),
    ...(persona ? { persona } : {}),
    ...(offer ? { offer } : {}),
    changedAt: parts.changedAt,
  };
}

/** "instagram @janneke.vd" or the display name when there is no handle. */
export function linkLabel(link: LinkPayload): string {
  const handle = link.handle ? (link.handle.startsWith('@') ? link.handle : `@${link.handle}`) : link.displayName;
  return `${link.platform} ${handle}`;
}

/** The profiles as lines for a CRM text field: "instagram @janneke.vd — https://… (confirmed, 0.97)". */
export function linksAsText(links: readonly LinkPayload[]): string {
  return links
    .map((l) => `${linkLabel(l)}${l.profileUrl ? ` — ${l.profileUrl}` : ''} (${l.status === 'confirmed' ? 'confirmed by a person' : 'matched automatically'}, ${l.score.toFixed(2)})`)
    .join('\n');
}

/** The evidence of every link as lines for a CRM text field. */
export function evidenceAsText(links: readonly LinkPayload[]): string {
  return links.map((l) => `${linkLabel(l)}: ${l.evidence}`).join('\n');
}

/** Values as "key: value" lines, keys sorted so the text is stable. */
export function valuesAsText(values: ValuesRecord | undefined): string {
  if (!values) return '';
  return Object.keys(values)
    .sort()
    .map((k) => `${k}: ${formatValue(values[k] ?? null)}`)
    .join('\n');
}

function formatValue(value: z.infer<typeof ValueScalar>): string {
  if (value === null) return '';
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : value.toFixed(2);
  return String(value);
}

/** Marks a note as Earshot's, so a retry can find it instead of writing it twice and an erasure can remove it. */
export const NOTE_MARKER = 'earshot-note:';

/** The note's text as lines; the last line carries the marker with the note's idempotency key. */
export function noteLines(note: NotePayload, key: string): string[] {
  const { link } = note;
  const how = note.decidedBy === 'user' ? 'A person confirmed' : 'Earshot matched automatically';
  return [
    `${how} that ${linkLabel(link)} (${link.displayName}) is this customer, match score ${link.score.toFixed(2)}.`,
    ...(link.profileUrl ? [`Profile: ${link.profileUrl}`] : []),
    ...(link.followers !== undefined ? [`Followers: ${link.followers}`] : []),
    ...(link.reviewCount !== undefined ? [`Reviews written: ${link.reviewCount}`] : []),
    `Evidence: ${link.evidence}.`,
    `${NOTE_MARKER}${key}`,
  ];
}

/** The note as simple HTML (HubSpot and Pipedrive render note bodies as HTML). */
export function noteHtml(note: NotePayload, key: string): string {
  return noteLines(note, key)
    .map((line) => `<p>${escapeHtml(line)}</p>`)
    .join('');
}

/** The idempotency key in an Earshot note's marker, or null for anyone else's note. */
export function noteKeyIn(body: string | null | undefined): string | null {
  return body ? (/earshot-note:([\w:-]+)/.exec(body)?.[1] ?? null) : null;
}

/** True when a note body (HTML or text) is one of Earshot's; with a key, that exact note. */
export function isEarshotNote(body: string | null | undefined, key?: string): boolean {
  return carriesMarker(body, NOTE_MARKER, key);
}

/** True when a body carries the marker; with a key, that exact key (notes and tasks are found the same way). */
export function carriesMarker(body: string | null | undefined, marker: string, key?: string): boolean {
  if (!body) return false;
  if (key === undefined) return body.includes(marker);
  // The key must end where the marker's token ends: "k-1" is not "k-10".
  let from = 0;
  for (;;) {
    const at = body.indexOf(`${marker}${key}`, from);
    if (at < 0) return false;
    const next = body.charAt(at + marker.length + key.length);
    if (!/[\w:-]/.test(next)) return true;
    from = at + 1;
  }
}
