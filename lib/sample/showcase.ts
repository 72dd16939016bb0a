/**
 * The people who show what Earshot is for, chosen from the sample CRM by what
 * its orders say about them: reviewers on review sites who are customers (the
 * best ones, and ones who cost more than they bring), and three people with a
 * following whose handles the shop knows: a Champion (a big customer), an
 * Advocate (a small one) and a detractor with reach (rates the shop's brand low).
 *
 * Only the captured profiles are made here; whether they are linked is for the
 * matcher to find (a known handle links; a name alone waits for a person).
 */
import type { CapturedContribution, Order, Platform } from '../model';
import { profileId } from '../model';
import type { SampleCustomer } from './crm';
import { opaqueKey, profileUrl, type SamplePersona } from './personas';
import { Random } from './random';

export type ShowcaseRole = 'valuable-reviewer' | 'costly-reviewer' | 'champion' | 'advocate' | 'detractor';

export interface ShowcasePersona {
  persona: SamplePersona;
  role: ShowcaseRole;
  /** What they wrote, in the role's mood (reviews on review sites, posts and video reviews elsewhere). */
  contributions: CapturedContribution[];
}

const REVIEW_SITES: readonly Platform[] = ['trustpilot', 'amazon', 'google'];
/** Platforms whose key is the handle, so a handle the CRM knows is one account there. */
const HANDLE_SITES: ReadonlySet<Platform> = new Set(['instagram', 'tiktok', 'youtube', 'x']);
const DAY = 86_400_000;

/** Net spend so far (what they paid less what serving them cost) and the day of the last order. */
function spendOf(orders: readonly Order[]): { net: Map<string, number>; last: Map<string, string>; count: Map<string, number> } {
  const net = new Map<string, number>();
  const last = new Map<string, string>();
  const count = new Map<string, number>();
  for (const o of orders) {
    count.set(o.customerId, (count.get(o.customerId) ?? 0) + 1);
    net.set(o.customerId, (net.get(o.customerId) ?? 0) + o.amount - (o.costToServe ?? 0));
    if (o.date > (last.get(o.customerId) ?? '')) last.set(o.customerId, o.date);
  }
  return { net, last, count };
}

/** The name as the CRM writes it: what a reviewer with no handle is found by. */
function fullName(c: SampleCustomer): string {
  return [c.customer.firstName, c.customer.lastName].filter(Boolean).join(' ');
}

const GOOD = ['Al jaren klant: snel geleverd en de Bakmeester springvorm is top.', 'Great baking tins, friendly service. My go-to shop for years.', 'Отличный магазин, заказываю постоянно. Bakmeester — лучший!'];
const BAD = ['Weer een Bakmeester vorm teruggestuurd: krom na twee keer bakken.', 'Third return this year, items missing again. Not impressed.', 'Снова возврат: форма Bakmeester погнулась после первой выпечки.'];

/**
 * Choose the showcase from the CRM. Names that several customers share are left out, so that a name
 * found on a review site points at one customer (the matcher would rightly hesitate between namesakes).
 */
export function showcasePersonas(customers: readonly SampleCustomer[], orders: readonly Order[], asOf: number, seed = 99): ShowcasePersona[] {
  const rng = new Random(seed);
  const { net, last, count } = spendOf(orders);
  // Net value is a forecast: only customers still buying have one worth showing, good or bad.
  const since = new Date(asOf - 150 * DAY).toISOString().slice(0, 10);
  const active = (c: SampleCustomer) => (last.get(c.customer.id) ?? '') >= since;
  const nameCount = new Map<string, number>();
  for (const c of customers) nameCount.set(fullName(c).toLowerCase(), (nameCount.get(fullName(c).toLowerCase()) ?? 0) + 1);
  const unique = customers.filter((c) => c.customer.lastName && nameCount.get(fullName(c).toLowerCase()) === 1 && /^[\p{Script=Latin} '-]+$/u.test(fullName(c)));
  const byNet = [...unique].sort((a, b) => (net.get(b.customer.id) ?? 0) - (net.get(a.customer.id) ?? 0));
  const withHandle = byNet.filter((c) => c.customer.handles.some((h) => HANDLE_SITES.has(h.platform)));
  const noHandle = byNet.filter((c) => c.customer.handles.length === 0 && active(c));
  const daysAgo = (max: number) => rng.int(1, max);
  const day = (n: number) => new Date(asOf - n * DAY).toISOString().slice(0, 10);
  const out: ShowcasePersona[] = [];

  const reviewer = (c: SampleCustomer, role: ShowcaseRole, i: number) => {
    const platform = REVIEW_SITES[i % REVIEW_SITES.length]!;
    const key = opaqueKey(platform, rng);
    const persona: SamplePersona = {
      profile: { id: profileId(platform, key), platform, key, displayName: fullName(c), profileUrl: profileUrl(platform, key), reviewCount: rng.int(2, 30) },
      truth: c.customer.id,
      kind: 'customer',
      noise: [`showcase-${role}`],
      shows: 'surname',
      findable: true,
    };
    if (platform === 'trustpilot' && c.customer.country) persona.profile.location = c.customer.country;
    if (platform === 'amazon') persona.profile.helpfulVotes = rng.int(5, 120);
    const good = role === 'valuable-reviewer';
    const contributions: CapturedContribution[] = [
      { profileKey: key, type: 'review', rating: good ? rng.int(4, 5) : rng.int(1, 2), date: day(daysAgo(40)), text: rng.pick(good ? GOOD : BAD), subject: 'Bakmeester springvorm 26 cm', verifiedPurchase: true },
    ];
    out.push({ persona, role, contributions });
  };
  // The best customers, and those who cost more than they bring (returns, support), as reviewers.
  noHandle.slice(0, 9).forEach((c, i) => reviewer(c, 'valuable-reviewer', i));
  noHandle
    .filter((c) => (net.get(c.customer.id) ?? 0) < 0)
    .slice(-6)
    .forEach((c, i) => reviewer(c, 'costly-reviewer', i));

  const creator = (c: SampleCustomer | undefined, role: ShowcaseRole, followers: number) => {
    if (!c) return;
    const known = c.customer.handles.find((h) => HANDLE_SITES.has(h.platform))!;
    const key = known.handle.replace(/^@/, '').toLowerCase();
    const persona: SamplePersona = {
      profile: {
        id: profileId(known.platform, key),
        platform: known.platform,
        key,
        handle: key,
        displayName: fullName(c),
        profileUrl: profileUrl(known.platform, key),
        followers,
        following: rng.int(100, 900),
        posts: rng.int(80, 600),
        bio: role === 'detractor' ? 'Honest kitchen reviews' : 'Thuisbakker 🍰 | recepten en reviews',
      },
      truth: c.customer.id,
      kind: 'customer',
      noise: [`showcase-${role}`, 'handle-known'],
      shows: 'identifier',
      findable: true,
    };
    const contributions: CapturedContribution[] =
      role === 'detractor'
        ? [0, 1].map((n) => ({ profileKey: key, type: 'review' as const, rating: 1, date: day(daysAgo(25) + n), text: rng.pick(BAD), subject: 'Bakmeester springvorm 26 cm' }))
        : [0, 1, 2].map((n) => ({ profileKey: key, type: 'post' as const, date: day(daysAgo(25) + n), text: 'Zondag = bakdag 🍰 met mijn Bakmeester springvorm', subject: 'Bakmeester' }));
    out.push({ persona, role, contributions });
  };
  // A Champion: the biggest customer whose handle the shop knows. An Advocate: a small one with a large following.
  // A Champion's forecast must be sure to be high (its whole range): many orders make it so.
  const regulars = withHandle.filter(active).sort((a, b) => (count.get(b.customer.id) ?? 0) - (count.get(a.customer.id) ?? 0));
  creator(regulars[0], 'champion', 48_000);
  creator(withHandle.filter((c) => active(c) && (net.get(c.customer.id) ?? 0) > 20).at(-1), 'advocate', 36_000);
  creator(withHandle[Math.floor(withHandle.length / 2)], 'detractor', 7_500);
  return out;
}
