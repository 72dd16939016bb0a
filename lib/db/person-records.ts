/**
 * Everything Earshot holds about one person, found the same way for an access
 * request (export) and for erasure, so the two can never disagree about what
 * "everything" is.
 *
 * A person is a customer with every profile linked to them, or a captured
 * profile nobody linked. Asking about a linked profile means its customer's
 * whole cluster: the person behind the handle is the customer.
 */
import { ConnectorId, isLinked, mustNotProfile, parsePersonRef, customerRef, profileRef, type Customer, type PersonRef, type Profile } from '../model';
import { syncState } from './sync-state';
import { readMetaMany } from './meta';
import { loadPersonPayload } from './crm-payloads';
import type { EarshotDatabase } from './database';
import { crmFieldsOf } from './personas';

export interface PersonRecords {
  /** The person as resolved: the customer when one is linked, else the profile. */
  personRef: PersonRef;
  customerId: string | null;
  profileIds: string[];
  /** Every reference the person is filed under (customer and profiles): tags, values, notes. */
  refs: string[];
  contributionIds: string[];
  /** Match records that name the person: their profiles' matches and suggestions of their customer. */
  matchProfileIds: string[];
  tagIds: string[];
  syncJobIds: string[];
  /** Page records that list them or that are their own profile pages. */
  pageUrls: string[];
  /** Of those, their profile pages (instagram.com/<handle>/ and below): the URL itself says who. */
  profilePageUrls: string[];
}

interface ParsedPageUrl {
  host: string;
  path: string;
  query: URLSearchParams;
}

function parsePageUrl(url: string): ParsedPageUrl | null {
  try {
    const u = new URL(url);
    return {
      host: u.hostname.toLowerCase().replace(/^(www|m|mobile)\./, ''),
      path: decodeURIComponent(u.pathname).toLowerCase().replace(/\/+$/, ''),
      query: u.searchParams,
    };
  } catch {
    return null;
  }
}

/**
 * A test for "this page is one of these profile pages": the profile URL
 * itself or a page below it (instagram.com/<handle>/reels, youtube.com/@x/videos),
 * on the same site, ignoring www., case, a trailing slash and extra query
 * parameters. A profile URL that is a site's root names nobody and matches nothing.
 */
export function profilePageMatcher(profileUrls: readonly string[]): (url: string) => boolean {
  const profiles = profileUrls.flatMap((u) => {
    const parsed = parsePageUrl(u);
    return parsed && parsed.path !== '' ? [parsed] : [];
  });
  if (profiles.length === 0) return () => false;
  return (url) => {
    const page = parsePageUrl(url);
    if (!page) return false;
    return profiles.some(
      (p) =>
        p.host === page.host &&
        (page.path === p.path || page.path.startsWith(`${p.path}/`)) &&
        [...p.query].every(([k, v]) => page.query.get(k) === v),
    );
  };
}

/**
 * Everything about one person, by key. `pages: false` skips the page list
 * (a scan of every page visit), which the workspace's view of a person does
 * not show; an access request and an erasure need it.
 */
export async function resolvePerson(db: EarshotDatabase, ref: string, options: { pages?: boolean } = {}): Promise<PersonRecords> {
  const parsed = parsePersonRef(ref);
  if (!parsed) throw new Error(`"${ref}" is not a person (expected customer:<id> or profile:<id>)`);

  let customerId: string | null = null;
  let profileIds: string[] = [];
  if (parsed.kind === 'customer') {
    customerId = parsed.id;
  } else {
    const match = await db.matches.get(parsed.id);
    if (match && isLinked(match)) customerId = match.customerId;
    else profileIds = [parsed.id];
  }

  let matchProfileIds: string[] = [...profileIds];
  if (customerId !== null) {
    const matches = await db.matches.where('customerId').equals(customerId).toArray();
    profileIds = matches.filter(isLinked).map((m) => m.profileId);
    // Suggestions of this customer for other profiles name the customer too.
    matchProfileIds = matches.map((m) => m.profileId);
  }
  const profiles = (await db.profiles.bulkGet(profileIds)).filter((p): p is Profile => p !== undefined);
  const existingProfiles = profiles.map((p) => p.id);
  const known =
    customerId !== null
      ? existingProfiles.length > 0 || (await db.customers.get(customerId)) !== undefined
      : existingProfiles.length > 0 || (await db.matches.get(parsed.id)) !== undefined;
  if (!known) throw new Error(`nobody is known as ${ref}`);

  const refs: string[] = [...(customerId !== null ? [customerRef(customerId)] : []), ...existingProfiles.map(profileRef)];
  const isProfilePage = profilePageMatcher(profiles.flatMap((p) => (p.profileUrl ? [p.profileUrl] : [])));
  const onPage = new Set(existingProfiles);
  const [contributionIds, tagIds, syncJobIds, pages] = await Promise.all([
    db.contributions.where('profileId').anyOf(existingProfiles).primaryKeys(),
    db.tags.where('personRef').anyOf(refs).primaryKeys(),
    Promise.all(refs.map((r) => db.syncJobs.where('[personRef+seq]').between([r, -Infinity], [r, Infinity]).primaryKeys())).then((lists) => lists.flat()),
    // No index says who is on a page: an access request or an erasure reads the page list once.
    options.pages === false ? [] : db.pages.filter((p) => isProfilePage(p.url) || p.profileIds.some((id) => onPage.has(id))).toArray(),
  ]);
  return {
    personRef: (customerId !== null ? customerRef(customerId) : profileRef(profileIds[0]!)) as PersonRef,
    customerId,
    profileIds: existingProfiles,
    refs,
    contributionIds,
    matchProfileIds,
    tagIds,
    syncJobIds,
    pageUrls: pages.map((p) => p.url),
    profilePageUrls: pages.filter((p) => isProfilePage(p.url)).map((p) => p.url),
  };
}

const present = <T>(rows: readonly (T | undefined)[]) => rows.filter((r): r is T => r !== undefined);

/** The records of a resolved person, read in one go: what an access request exports and the workspace shows. */
export async function loadPerson(db: EarshotDatabase, person: PersonRecords) {
  const { customerId } = person;
  const [customer, orders, profiles, contributions, matches, tags, syncJobs, values, notes, actions] = await Promise.all([
    customerId !== null ? db.customers.get(customerId) : undefined,
    customerId !== null ? db.orders.where('customerId').equals(customerId).toArray() : [],
    db.profiles.bulkGet(person.profileIds),
    db.contributions.bulkGet(person.contributionIds),
    db.matches.bulkGet(person.matchProfileIds),
    db.tags.bulkGet(person.tagIds),
    db.syncJobs.bulkGet(person.syncJobIds),
    db.values.bulkGet(person.refs),
    db.notes.bulkGet(person.refs),
    db.actions.where('personRef').anyOf(person.refs).toArray(),
  ]);
  return {
    customer,
    orders,
    profiles: present(profiles),
    contributions: present(contributions),
    matches: present(matches),
    tags: present(tags),
    syncJobs: present(syncJobs),
    values: present(values),
    notes: present(notes),
    actions,
  };
}

/** Whether Earshot profiles the person, and if not, on whose word: the CRM's mark or their objection here. */
export function profilingOf(customer: Pick<Customer, 'doNotProfile' | 'objectedAt'> | undefined): { profiled: boolean; reason: 'crm' | 'objection' | null; objectedAt: string | null } {
  if (!customer || !mustNotProfile(customer)) return { profiled: true, reason: null, objectedAt: null };
  const objectedAt = customer.objectedAt === undefined ? null : new Date(customer.objectedAt).toISOString();
  return { profiled: false, reason: objectedAt ? 'objection' : 'crm', objectedAt };
}

/**
 * A data subject's access request: everything held about the person, as one
 * JSON-able object: the CRM record, what was captured, how they were matched,
 * the profiling (segment and scores), tags and notes, the pages they were seen
 * on, and what Earshot sent or queues for the CRM.
 */
export async function exportPerson(db: EarshotDatabase, ref: string, now: number) {
  const person = await resolvePerson(db, ref);
  const { customerId } = person;
  const [{ customer, orders, profiles, contributions, matches, tags, syncJobs, values, notes, actions }, pages, connections] = await Promise.all([
    loadPerson(db, person),
    db.pages.bulkGet(person.pageUrls),
    db.connections.toArray(),
  ]);
  const own = new Set(person.profileIds);
  // What Earshot remembers per CRM it sent the person to (the id there, the tags and notes written).
  const states =
    customerId === null
      ? []
      : (await readMetaMany(db, ConnectorId.options.map((c) => syncState(c, customerId)))).flatMap((row, i) => {
          if (!row) return [];
          const { value: state } = row;
          return [{ connector: ConnectorId.options[i]!, ...(state.crmId ? { crmId: state.crmId } : {}), sentTags: state.sentTags, notedProfileIds: state.noted, updatedAt: row.updatedAt }];
        });
  const sent = states.length > 0 || syncJobs.length > 0;
  // The fields an update writes to the CRM, built exactly as the outbox builds them.
  const crmRecord = customer && sent ? await loadPersonPayload(db, customer.id, { changedAt: now, valuesOf: (id) => crmFieldsOf(db, id) }) : undefined;
  return {
    format: 'earshot-person-export',
    version: 2,
    exportedAt: new Date(now).toISOString(),
    person: person.personRef,
    customer: customer ?? null,
    orders,
    profiles,
    contributions,
    matches,
    // Whether they are profiled at all: a customer who must not be (their CRM says so, or they objected
    // here) has no values, segment, links or actions, only their record and orders.
    profiling: profilingOf(customer),
    // Profiling: the segment and scores computed about them, with how they were computed.
    values,
    // Next best actions suggested about them (from their segment and what they wrote), with their state.
    actions,
    tags,
    notes,
    // The pages they were seen on, listing only them: who else was there is not theirs to receive.
    pages: present(pages).map((page) => ({ ...page, profileIds: page.profileIds.filter((id) => own.has(id)) })),
    crm: {
      connected: connections.map((c) => c.connector),
      states,
      // Outbox entries: what is queued, being sent or parked, with its content.
      jobs: syncJobs.map(({ connector, kind, status, attempts, createdAt, updatedAt, lastError, payload }) => ({ connector, kind, status, attempts, createdAt, updatedAt, ...(lastError ? { lastError } : {}), payload })),
      record: crmRecord ?? null,
    },
  };
}
