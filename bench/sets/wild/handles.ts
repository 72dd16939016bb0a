/**
 * Handles the way people build them, and the platforms' rules for them.
 *
 * Builders and their shares follow what username studies and any follower
 * list show: name-based handles (annadevries, anna.devries, adevries,
 * anna.dv) are about half, a name plus a year or digits because the plain one
 * was taken about a fifth, and the rest say nothing about the name (words,
 * hobbies, jokes). Platforms then bend the handle to their rules: X allows 15
 * characters and no dots, TikTok 24, Instagram 30; Bluesky handles are domains.
 */
import { type Rng, Weighted } from './rng';
import { type Person, latinGiven, latinSurname, slug } from './person';
import { digits, WORDS } from './contact';

export const SOCIAL = ['instagram', 'tiktok', 'x', 'bluesky', 'youtube'] as const;
export type Social = (typeof SOCIAL)[number];

/** What part of the name a handle shows, for the evidence a profile gives. */
export type HandleClue = 'full' | 'first' | 'initial+surname' | 'first+initial' | 'surname' | 'none';

export interface HandleBase {
  parts: string[];
  sep: '' | '.' | '_';
  clue: HandleClue;
}

const INTERESTS = ['bakes', 'cooks', 'reads', 'runs', 'travels', 'eats', 'makes', 'knits', 'grows', 'paints', 'plays', 'lifts', 'rides'];
const PREFIXES = ['its', 'the.real', 'just', 'hey', 'iam'];

function surnamePart(rng: Rng, p: Person): string {
  if (p.surname.prefix) {
    const r = rng.next();
    if (r < 0.5) return slug(`${p.surname.prefix}${p.surname.core}`);
    if (r < 0.75) return `${p.surname.prefix.split(' ').map((w) => w[0]).join('')}${slug(p.surname.core)}`;
    return slug(p.surname.core);
  }
  return slug(latinSurname(p)) || 'x';
}

type Builder = (rng: Rng, p: Person, first: string, last: string) => Omit<HandleBase, 'sep'> & { sep?: HandleBase['sep'] };

const BUILDERS: Weighted<Builder> = new Weighted<Builder>([
  [(_r, _p, f, l) => ({ parts: [f, l], clue: 'full' }), 14],
  [(r, p, f, l) => ({ parts: [f, l, digits(r, p)], clue: 'full' }), 12],
  [(r, p, f) => ({ parts: [f, digits(r, p)], clue: 'first' }), 10],
  [(r, p, f, l) => ({ parts: r.chance(0.5) || !p.middle ? [f[0] ?? '', l] : [`${f[0] ?? ''}${slug(p.middle)[0] ?? ''}`, l], sep: r.pick(['', '.', '_'] as const), clue: 'initial+surname' }), 8],
  [(r, p, f, l) => ({ parts: [f, p.surname.prefix ? `${p.surname.prefix.split(' ').map((w) => w[0]).join('')}${slug(p.surname.core)[0] ?? ''}` : l.slice(0, r.between(1, 2))], clue: 'first+initial' }), 6],
  [(r, p, f) => (r.chance(0.6) ? { parts: [f, r.pick(INTERESTS)], clue: 'first' } : { parts: [r.chance(0.2) ? (p.gender === 'f' ? 'mrs' : 'mr') : r.pick(PREFIXES), f], clue: 'first' }), 12],
  [(r, p) => ({ parts: [r.pick(WORDS[p.lang]), r.pick(WORDS[p.lang === 'ru' ? 'en' : p.lang]), ...(r.chance(0.5) ? [String(r.between(1, 999))] : [])], clue: 'none' }), 20],
  [(_r, _p, f, l) => ({ parts: [l, f], clue: 'full' }), 3],
  [(r, p, _f, l) => ({ parts: r.chance(0.5) ? [l, digits(r, p)] : [`the${l}s`], clue: 'surname' }), 3],
  [(r, p) => ({ parts: [slug(latinGiven(p, Math.max(1, p.call))), String(r.between(1, 99))], clue: 'first' }), 5],
]);

/** A person's handle idea, before a platform's rules and what is taken shape it. */
export function handleBase(rng: Rng, p: Person): HandleBase {
  const first = slug(latinGiven(p, p.call)) || 'me';
  const last = surnamePart(rng, p);
  const built = BUILDERS.pick(rng)(rng, p, first, last);
  const parts = built.parts.filter((x) => x !== '');
  return { parts, sep: built.sep ?? rng.pick(['', '', '.', '_'] as const), clue: built.clue };
}

function camel(parts: readonly string[]): string {
  return parts.map((x) => (x ? (x[0] as string).toUpperCase() + x.slice(1) : x)).join('');
}

/** The handle as the platform would let it be written. */
export function adapt(rng: Rng, base: HandleBase, platform: Social): string {
  const plain = base.parts.join(base.sep);
  switch (platform) {
    case 'instagram':
      return tidy(plain, /[^a-z0-9._]/g, 30);
    case 'tiktok':
      return tidy(plain, /[^a-z0-9._]/g, 24);
    case 'x': {
      const text = rng.chance(0.3) ? camel(base.parts) : base.parts.join(base.sep === '.' ? '_' : base.sep);
      const clean = text.replace(/[^A-Za-z0-9_]/g, '');
      return clean.length <= 15 ? clean : clean.replace(/_/g, '').slice(0, 15);
    }
    case 'youtube': {
      const text = rng.chance(0.4) ? camel(base.parts) : plain;
      return `@${text.replace(/[^A-Za-z0-9._-]/g, '').slice(0, 30)}`;
    }
    case 'bluesky':
      return `${tidy(base.parts.join(rng.chance(0.3) ? '-' : ''), /[^a-z0-9-]/g, 40).replace(/^-+|-+$/g, '')}.bsky.social`;
  }
}

function tidy(text: string, disallowed: RegExp, max: number): string {
  return text.toLowerCase().replace(disallowed, '').replace(/\.{2,}/g, '.').slice(0, max).replace(/^[._]+|[._]+$/g, '') || 'user';
}

/** A handle belongs to one account at a time on a platform: this knows which are taken. */
export class HandleRegistry {
  private readonly taken = new Set<string>();

  static key(platform: string, handle: string): string {
    return `${platform}:${handle.toLowerCase().replace(/^@/, '')}`;
  }

  has(platform: string, handle: string): boolean {
    return this.taken.has(HandleRegistry.key(platform, handle));
  }

  take(platform: string, handle: string): void {
    this.taken.add(HandleRegistry.key(platform, handle));
  }

  /** The handle, or the variant a person settles for when it is taken (anna.devries_, annadevries92). */
  claim(rng: Rng, p: Person, platform: Social, base: HandleBase): string {
    let handle = adapt(rng, base, platform);
    for (let attempt = 0; this.has(platform, handle); attempt++) {
      const more: HandleBase =
        attempt < 3
          ? { ...base, parts: [...base.parts, attempt === 0 ? digits(rng, p) : String(rng.between(1, 99))] }
          : attempt < 6
            ? { ...base, parts: [rng.pick(['the', 'its', 'x', 'real']), ...base.parts] }
            : { ...base, parts: [...base.parts, String(rng.between(100, 99999))] };
      handle = adapt(rng, more, platform);
    }
    this.take(platform, handle);
    return handle;
  }
}
