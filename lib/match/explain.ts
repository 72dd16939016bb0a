/**
 * Evidence in words a marketer understands: "First name agrees (nickname:
 * Hans = Johannes) +6.1", "Lives in the same city (Utrecht) +3.2",
 * "Different country −4.0". All wording is in the tables below, keyed by
 * field and level, so the UI can pass a translated table later.
 *
 * Placeholders: {profile} and {customer} are the values that reached the
 * level (when known), {customers} the number of customers.
 */
import type { Evidence } from '../model';
import type { DecisionReason, EvidenceDetail } from './match';

export type EvidenceWords = Record<string, string>;

export const EVIDENCE_WORDS: EvidenceWords = {
  'given.exact': 'First name agrees ({customer})',
  'given.transliteration': 'First name agrees, written differently ({profile} = {customer})',
  'given.nickname': 'First name agrees (nickname: {profile} = {customer})',
  'given.jaro-winkler>=0.92': 'First name nearly agrees ({profile} ≈ {customer})',
  'given.in-handle': 'First name appears in the handle ({customer})',
  'given.initial': 'First initial agrees ({profile} = {customer})',
  'given.jaro-winkler>=0.8': 'First name is similar ({profile} ≈ {customer})',
  'given.disagree': 'Different first name ({profile} ≠ {customer})',
  'surname.exact': 'Surname agrees ({customer})',
  'surname.transliteration': 'Surname agrees, written differently ({profile} = {customer})',
  'surname.jaro-winkler>=0.92': 'Surname nearly agrees ({profile} ≈ {customer})',
  'surname.in-handle': 'Surname appears in the handle ({customer})',
  'surname.initial': 'Surname initial agrees ({profile} = {customer})',
  'surname.jaro-winkler>=0.8': 'Surname is similar ({profile} ≈ {customer})',
  'surname.disagree': 'Different surname ({profile} ≠ {customer})',
  'handle.known-handle': 'Handle is the one your CRM has for this customer on {customer}',
  'handle.known-handle-elsewhere': 'Same handle as the customer has on {customer} ({profile})',
  'handle.email-local-part': "Handle matches the customer's email address ({profile})",
  'handle.name-built': "Handle is just the customer's name, as a namesake's could be ({profile})",
  'handle.name-conflict': 'A handle your CRM has for this customer ({profile}), but on a profile with another name',
  'handle.disagree': 'Handle matches nothing your CRM knows about the customer',
  'email.exact': "The bio shows the customer's email address ({customer})",
  'email.shared': "The bio shows the customer's email address ({customer}), which other people's profiles show too",
  'email.name-conflict': "The bio shows the customer's email address ({customer}), but the profile has another name",
  'email.disagree': 'The bio shows another email address ({profile})',
  'website.same-domain': 'Same website ({customer})',
  'website.name-conflict': 'Same website ({customer}), but another name: a colleague or family member perhaps',
  'website.disagree': 'Different website ({profile} ≠ {customer})',
  'place.city': 'Lives in the same city ({customer})',
  'place.near-city': 'Lives in a city spelled nearly the same ({profile}, CRM: {customer})',
  'place.region': 'Lives in the same region ({profile}, CRM: {customer})',
  'place.country': 'Same country ({customer})',
  'place.other-place': 'Lives elsewhere ({profile}, CRM: {customer})',
  'place.other-country': 'Different country ({profile}, CRM: {customer})',
  'prior.base-rate': 'Starting point: one of {customer} customers',
  'prior.other-candidates': 'Other customers who fit, or nobody in your CRM',
  'decision.confirmed-by-user': 'You confirmed this match',
  'decision.below-threshold': 'No customer is likely enough; the closest one follows',
  'decision.given-name-only': 'Only a first name (and place) agrees, as it would for many people; the closest customer follows',
  'decision.no-candidates': 'No customer has a similar name, handle, email address or website',
  'decision.not-certain': 'Likely, but not likely enough to link without you',
  'decision.name-only': 'Only the name agrees; Earshot links automatically only with a second sign (the city, a handle, an email address)',
  'decision.identifier-elsewhere': "An identifier of the customer's, on a profile that lives elsewhere",
  'decision.initial-only': 'Only an initial of the first name agrees: a relative in the same city shares surname and city',
  'decision.first-name-unknown': 'Surname and city agree, but one side gives no first name: a relative in the same city looks the same',
  'decision.website-only': 'Only the website agrees, and the first name does not confirm it: colleagues share a company website',
  'decision.close-candidates': 'Another customer fits almost as well',
  'decision.several-known': 'More than one customer has this handle or address',
  'decision.identifier-name-conflict': "An identifier of the customer's, on a profile with another name",
  'decision.competing-profile': 'Another profile on this platform fits this customer better',
};

export const REASON_WORDS: Record<DecisionReason, string> = {
  confirmed: 'You confirmed this match earlier.',
  'known-handle': 'Linked: the handle is one your CRM has for this customer, and nothing speaks against it.',
  'email-in-bio': "Linked: the profile shows the customer's email address, and nothing speaks against it.",
  score: 'Linked: the evidence together makes it near certain.',
  'not-certain': 'Likely, but not certain enough to link without you: check it.',
  'name-only': 'Only the name agrees: namesakes are common, so Earshot links automatically only with a second sign, such as the city, a handle or an email address.',
  'identifier-elsewhere': "An identifier of this customer's is on a profile that lives elsewhere (an old handle someone else took, or a move): check it.",
  'initial-only': 'Surname and city agree, but of the first name only its initial: a relative in the same city would look the same, so you decide.',
  'first-name-unknown': 'Surname and city agree, but the profile or your CRM gives no first name: a relative in the same city would look the same, so you decide.',
  'website-only': "Only the customer's website agrees, and the first name does not confirm it: colleagues and family share a website, so you decide.",
  'close-candidates': 'Another customer fits almost as well: choose the right one.',
  'several-known': 'More than one customer has this handle or address: choose the right one.',
  'identifier-name-conflict': "An identifier of this customer's is on a profile with another name (an old handle someone else took, a shared address): check it.",
  'competing-profile': 'Another profile on the same platform fits this customer better; a customer has one profile per platform.',
  'below-threshold': 'No customer is likely enough.',
  'given-name-only': 'Only a first name agrees (perhaps with the place): it fits too many people to suggest anyone.',
  'no-candidates': 'No customer has a similar name, handle, email address or website.',
};

const MINUS = '\u2212';

/** A weight as people read it: "+6.1", "−4.0". */
export function formatWeight(weight: number): string {
  const rounded = Math.round(weight * 10) / 10;
  if (rounded === 0) return '0.0';
  return `${rounded > 0 ? '+' : MINUS}${Math.abs(rounded).toFixed(1)}`;
}

/** Remove a bracketed part whose placeholders have no value, so nothing reads "()". */
function fill(template: string, values: Record<string, string | undefined>): string {
  let text = template.replace(/\s*\(([^()]*)\)/g, (whole, inner: string) => {
    const names = [...inner.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
    return names.every((n) => values[n]) ? whole : '';
  });
  text = text.replace(/\{(\w+)\}/g, (_, n: string) => values[n] ?? '');
  return text.replace(/\s+/g, ' ').trim();
}

/** One piece of evidence in words, without its weight (for a table that shows the weight in a column). */
export function evidenceText(evidence: Evidence | EvidenceDetail, words: EvidenceWords = EVIDENCE_WORDS): string {
  const template = words[`${evidence.field}.${evidence.comparison}`] ?? `${evidence.field}: ${evidence.comparison}`;
  const detail = evidence as EvidenceDetail;
  return fill(template, { profile: display(detail.profileValue), customer: display(detail.customerValue) });
}

/** One piece of evidence in words, with its weight. */
export function describeEvidence(evidence: Evidence | EvidenceDetail, words: EvidenceWords = EVIDENCE_WORDS): string {
  const text = evidenceText(evidence, words);
  return evidence.field === 'decision' ? text : `${text} ${formatWeight(evidence.weight)}`;
}

/** Values as a person recognises them: capitalised names and places, numbers with separators. */
function display(value: string | undefined): string | undefined {
  if (value === undefined || value === '') return undefined;
  if (/^\d+$/.test(value)) return Number(value).toLocaleString('en');
  if (/[@./]/.test(value) || value.includes(':')) return value;
  return value.replace(/(^|[\s-])(\p{Ll})/gu, (_, sep: string, ch: string) => sep + ch.toUpperCase());
}

/** The whole explanation of a decision: its reason, then the evidence from strongest to weakest. */
export function explainDecision(reason: DecisionReason, details: readonly (Evidence | EvidenceDetail)[], words: EvidenceWords = EVIDENCE_WORDS): string[] {
  return [REASON_WORDS[reason], ...details.map((e) => describeEvidence(e, words))];
}
