/**
 * A planned profile written out as the platform shows it: Amazon and Google
 * reviewers have a name and a profile address only, Trustpilot adds a country
 * code, Instagram, TikTok, X, Bluesky and YouTube have a handle, a name (or
 * none), a bio, a follower count and sometimes a website. Alongside the row
 * come the clues it shows, for the evidence in the truth.
 */
import { type Rng } from './rng';
import { currentHandle } from './customers';
import { handleNameClue, type NameClue, showName } from './display';
import { type Social, SOCIAL } from './handles';
import { bio, type BioRequest, cityText, locationText, type ShownPlace } from './about';
import { FREE_MAIL, siteText } from './contact';
import { country } from './places';
import { slug } from './person';
import { BIO_PLACE_RATE, BIO_RATE, LOCATION_RATE, WEBSITE_RATE } from './shares';
import { type ProfileSpec } from './plan';
import { type ProfileRow } from './types';
import { type World } from './world';

export interface Clues {
  /** Parts of the name shown by the display name and by the handle. */
  names: NameClue[];
  /** The id of the city the profile names. */
  city?: string;
  emails: string[];
  /** Domains the profile shows that someone owns (not a free-mail provider, not a link service). */
  domains: string[];
  handle?: { platform: Social; handle: string };
}

export interface Rendered {
  row: Omit<ProfileRow, 'id'>;
  clues: Clues;
}

function isSocial(platform: string): platform is Social {
  return (SOCIAL as readonly string[]).includes(platform);
}

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

function profileUrl(rng: Rng, spec: ProfileSpec, handle: string | undefined): string {
  const code = spec.who.person.city.country;
  switch (spec.platform) {
    case 'amazon':
      return `https://www.${country(code).amazon}/gp/profile/amzn1.account.A${Array.from({ length: 27 }, () => ALNUM[rng.int(ALNUM.length)]).join('')}`;
    case 'trustpilot': {
      const host = code === 'NL' ? 'nl' : code === 'GB' || code === 'IE' ? 'uk' : code === 'DE' ? 'de' : 'www';
      return `https://${host}.trustpilot.com/users/${Array.from({ length: 24 }, () => rng.int(16).toString(16)).join('')}`;
    }
    case 'google':
      return `https://www.google.com/maps/contrib/1${Array.from({ length: 20 }, () => rng.int(10)).join('')}`;
    case 'instagram':
      return `https://www.instagram.com/${handle}/`;
    case 'tiktok':
      return `https://www.tiktok.com/@${handle}`;
    case 'x':
      return `https://x.com/${handle}`;
    case 'bluesky':
      return `https://bsky.app/profile/${handle}`;
    case 'youtube':
      return `https://www.youtube.com/${handle}`;
  }
}

const MEDIAN_FOLLOWERS: Readonly<Record<Social, readonly [number, number]>> = {
  instagram: [300, 1.5],
  tiktok: [150, 2],
  x: [120, 1.7],
  bluesky: [80, 1.4],
  youtube: [40, 2.3],
};

function linkInBio(rng: Rng, handle: string): string {
  const bare = handle.replace(/^@/, '').replace(/\.bsky\.social$/, '');
  return rng.pick([`linktr.ee/${bare}`, `beacons.ai/${bare}`, `https://www.etsy.com/shop/${bare.replace(/[._]/g, '')}`, `youtube.com/@${bare}`, `instagram.com/${bare}`, `${slug(bare)}.substack.com`]);
}

function chance(rng: Rng, percent: number): boolean {
  return rng.next() * 100 < percent;
}

/** The Bluesky handle a site owner sets: their own domain. */
function customDomainHandle(world: World, domain: string): string | undefined {
  if (world.handles.has('bluesky', domain)) return undefined;
  world.handles.take('bluesky', domain);
  return domain;
}

export function renderProfile(rng: Rng, world: World, spec: ProfileSpec): Rendered {
  const { who, platform, extras } = spec;
  const p = who.person;
  const clues: Clues = { names: [], emails: [], domains: [] };
  const social = isSocial(platform);

  let handle: string | undefined;
  let siteShown = false;
  if (social) {
    if (extras.handle) handle = extras.handle;
    else if (platform === 'bluesky' && extras.site && rng.chance(0.5)) {
      handle = customDomainHandle(world, extras.site);
      siteShown = handle !== undefined;
    } else if (platform === 'bluesky' && who.website?.owner === 'personal' && !who.accounts?.has('bluesky') && rng.chance(0.4)) {
      handle = customDomainHandle(world, who.website.domain);
    }
    handle ??= currentHandle(rng, world, who, platform);
    if (handle.endsWith('.bsky.social') === false && platform === 'bluesky' && who.website?.domain === handle) clues.domains.push(handle);
    if (siteShown && extras.site) clues.domains.push(extras.site);
    clues.handle = { platform, handle };
    const account = who.accounts?.get(platform);
    const fromHandle = account?.handle === handle ? handleNameClue(p, account.clue) : undefined;
    if (fromHandle) clues.names.push(fromHandle);
  }

  const shown = showName(rng, p, { presentation: spec.presentation, voice: spec.voice, platform, ...(handle ? { handle } : {}), ...(who.partnerSurname ? { partner: who.partnerSurname } : {}) });
  if (shown.clue) clues.names.push(shown.clue);

  // A place: a location field where the platform has one, or a line in the bio.
  let location: string | undefined;
  let bioPlace: string | undefined;
  let place: ShownPlace | undefined;
  const locationField = LOCATION_RATE[platform] > 0 && platform !== 'trustpilot' && platform !== 'youtube';
  if (extras.city === 'show') {
    if (locationField) {
      place = locationText(rng, p, 'city');
      location = place.text;
    } else if (social) {
      place = { text: cityText(rng, p, p.city), city: p.city };
      bioPlace = place.text;
    }
  } else if (extras.city !== 'hide') {
    if (chance(rng, LOCATION_RATE[platform])) {
      if (platform === 'trustpilot') location = p.city.country;
      else if (platform === 'youtube') location = country(p.city.country).en;
      else {
        place = locationText(rng, p);
        location = place.text;
      }
    }
    if (social && chance(rng, BIO_PLACE_RATE[platform])) {
      place = { text: cityText(rng, p, p.city), city: p.city };
      bioPlace = place.text;
    }
  }
  if (place?.city) clues.city = place.city.id;

  // The website field, where the platform has one.
  let website: string | undefined;
  const hasWebsiteField = WEBSITE_RATE[platform] > 0;
  if (extras.site && hasWebsiteField && !siteShown) {
    website = siteText(rng, extras.site);
    clues.domains.push(extras.site);
    siteShown = true;
  } else if (hasWebsiteField && chance(rng, WEBSITE_RATE[platform])) {
    if (who.website && rng.chance(0.6)) {
      website = siteText(rng, who.website.domain);
      clues.domains.push(who.website.domain);
    } else website = linkInBio(rng, handle ?? slug(p.surname.core));
  }

  // The bio: what the case needs shown, a place, and the person's own words.
  const request: BioRequest = {};
  if (bioPlace) request.place = bioPlace;
  if (extras.email) request.email = extras.email;
  else if (social && rng.chance(0.04)) request.email = `${slug(handle ?? 'me').slice(0, 20) || 'me'}.${rng.pick(['business', 'collabs', 'contact'])}@gmail.com`;
  if (extras.company) request.company = extras.company;
  if (extras.site && !siteShown && social) request.site = extras.site;
  let bioText: string | undefined;
  if (Object.keys(request).length > 0 && (social || platform === 'amazon')) bioText = bio(rng, p, request);
  else if (chance(rng, BIO_RATE[platform])) bioText = bio(rng, p, {});
  if (request.email) {
    clues.emails.push(request.email);
    const domain = request.email.split('@')[1] ?? '';
    if (!FREE_MAIL.has(domain)) clues.domains.push(domain);
  }
  if (request.site) clues.domains.push(request.site);

  const row: Omit<ProfileRow, 'id'> = { platform };
  if (handle) row.handle = handle;
  if (shown.displayName) row.displayName = shown.displayName;
  row.profileUrl = profileUrl(rng, spec, handle);
  if (location) row.location = location;
  if (bioText) row.bio = bioText;
  if (website) row.website = website;
  if (social) {
    const [median, sigma] = MEDIAN_FOLLOWERS[platform as Social];
    row.followers = Math.max(0, rng.logNormal(extras.creator ? median * 60 : median, sigma));
  }
  return { row, clues };
}

