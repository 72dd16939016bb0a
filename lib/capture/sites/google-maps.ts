/**
 * Google Maps place reviews (the reviews panel, which loads as the user
 * scrolls) and contributor pages. Reviewers are keyed by their contributor id
 * (/maps/contrib/<id>); Local Guides get the 'local-guide' badge, and
 * 'local-guide-level-N' where the level is shown. Google's class names are
 * generated, so every selector has a structural alternative (data-review-id,
 * role="img" stars, the reviewer-link button).
 */
import type { ExtractContext, SiteDefinition } from '../types';
import { absoluteUrl, attr, first, outermost, plain, text, type Selectors } from '../dom';
import { parseCount, parseLabelledCounts } from '../counts';
import { parseDate } from '../dates';
import { eachItem, required } from '../extract';
import { readMeta } from '../generic/meta';
import { ratingFromText } from '../ratings';
import { embeddedPlaces, type EmbeddedPlace } from '../google-maps/app-state';

/** Google storefronts whose /maps pages people use (google.<tld>). */
export const GOOGLE_TLDS = [
  'com', 'nl', 'be', 'de', 'at', 'ch', 'fr', 'es', 'it', 'pt', 'co.uk', 'ie', 'se', 'dk', 'no', 'fi', 'pl', 'ru',
  'ca', 'com.mx', 'com.br', 'com.au', 'co.in', 'co.jp', 'com.cy', 'gr',
  // Where the interface usually comes in another language: Georgia, its neighbours, the rest of the EU and its east.
  'ge', 'am', 'az', 'com.ua', 'by', 'kz', 'com.tr', 'ro', 'hu', 'cz', 'sk', 'bg', 'lt', 'lv', 'ee', 'si', 'hr', 'rs', 'lu',
] as const;

const SELECTORS = {
  card: 'div[data-review-id]', // every layout since 2021: the card and its inner parts carry the review id
  name: [
    '.d4r55', // 2023 place panel
    '[class*="reviewer"] [dir="auto"]', // structural alternative for generated class names (see above); no saved page matches it
  ],
  contribLink: [
    '[data-href*="/maps/contrib/"]', // 2023 place panel: reviewer buttons (fixtures: gosom-place-tipsy-sticks-2023.html, 6 matches)
    'a[href*="/maps/contrib/"]', // the reviewer as a plain link; no saved page matches it, from 0fbe86c, no reason given
  ],
  meta: [
    '.RfnDt', // 2023: "Local Guide · 8 reviews"
    'button[jsaction*="reviewerLink"] div + div', // structural alternative, the reviewer-link button (see above); gosom-place-tipsy-sticks-2023.html matches it (3) but .RfnDt wins
  ],
  stars: [
    'span[role="img"][aria-label]', // structural: role="img" stars (fixtures: gosom-place-tipsy-sticks-2023.html, 9 matches)
    '.kvMYJc', // 2023 place panel class (fixtures: gosom-place-tipsy-sticks-2023.html, 3 matches; the line above wins)
  ],
  date: [
    '.rsqaWe', // 2023 place panel (fixtures: gosom-place-tipsy-sticks-2023.html, 3 matches)
    '.xRkPPb', // no saved page matches it; from 0fbe86c, no reason given
  ],
  text: [
    '.wiI7pd', // 2023 review text
    '.MyEned span', // the text's container in the 2023 place panel (fixtures: gosom-place-tipsy-sticks-2023.html, 6 matches; .wiI7pd wins)
  ],
  likeButton: [
    'button[jsaction*="toggleThumbsUp"]', // 2023 place panel (fixtures: gosom-place-tipsy-sticks-2023.html, 3 matches)
    'button[aria-label*="helpful"]', // the same button by its English label (fixtures: gosom-place-tipsy-sticks-2023.html, 3 matches; the line above wins)
  ],
  likeCount: ['.pkWtMe'],
  place: [
    'h1.DUwDvf', // 2023 place panel (fixtures: gosom-place-tipsy-sticks-2023.html, 1 match)
    'h1', // any place heading without that class (fixtures: gosom-place-tipsy-sticks-2023.html, 1 match; the line above wins)
  ],
} satisfies Record<string, Selectors | string>;

const CONTRIB = /\/maps\/contrib\/(\d{6,30})/;
const LOCAL_GUIDE = /local guide|lokale gids|guide local|guía local|guida locale|guia local|local-guide|местный эксперт/i;
const LEVEL = /(?:level|niveau|stufe|nivel|livello|nível|уровень)\s*(\d{1,2})|(\d{1,2})\s*(?:\.\s*)?(?:level|niveau|stufe)/i;

export const googleMaps: SiteDefinition = {
  id: 'google-maps',
  platform: 'google',
  matches: [...GOOGLE_TLDS.map((tld) => `*://www.google.${tld}/maps/*`), '*://maps.google.com/*'],
  examples: [
    'https://www.google.com/maps/place/Tipsy+Sticks/@35.1686,33.3634,17z/data=!4m8!3m7!1s0x14de1767ca494d55',
    'https://www.google.nl/maps/place/Rijksmuseum/@52.3599976,4.8852188,17z',
    'https://www.google.com/maps/contrib/104554109263059821143/reviews?hl=en-US',
    'https://maps.google.com/maps/place/Eiffel+Tower',
    'https://www.google.ge/maps/place/%E1%83%99%E1%83%90%E1%83%A4%E1%83%94/@41.69,44.80,17z?hl=ka',
  ],
  handles: (url) => /\/maps\/(?:place|contrib)\//.test(url.pathname) || (url.hostname === 'maps.google.com' && /\/place\//.test(url.pathname)),
  extract(ctx) {
    if (CONTRIB.test(ctx.url.pathname)) contributorPage(ctx);
    else placePage(ctx);
  },
};

function placePage({ document, url, page, now }: ExtractContext): void {
  page.kind = 'reviews';
  const subject = placeName(document, url);
  const cards = outermost(document, SELECTORS.card);
  eachItem(cards, 'review cards', (card) => {
    const contrib = required(CONTRIB.exec(attr(first(card, SELECTORS.contribLink), 'data-href', 'href') ?? '')?.[1], 'google-maps reviewer link', 'link to /maps/contrib/<id>');
    const nameEl = first(card, SELECTORS.name);
    const metaText = plain(first(card, SELECTORS.meta));
    const key = page.person(
      {
        key: contrib,
        displayName: required(plain(nameEl) || attr(card, 'aria-label'), 'google-maps reviewer name', 'name (.d4r55 or the card label)'),
        profileUrl: absoluteUrl(`/maps/contrib/${contrib}`, 'https://www.google.com'),
        reviewCount: reviewCountOf(metaText),
        badges: guideBadges(metaText),
      },
      nameEl,
    );
    if (!key) return;
    page.contribution({
      profileKey: key,
      type: 'review',
      id: attr(card, 'data-review-id'),
      rating: ratingFromText(attr(first(card, SELECTORS.stars), 'aria-label')),
      date: parseDate(plain(first(card, SELECTORS.date)), { now }),
      text: text(first(card, SELECTORS.text)),
      helpfulVotes: helpfulVotes(card),
      subject,
    });
  });
  // After the cards, so what a card shows is kept; the start-up data adds the reviews not rendered (or a served page's all).
  for (const review of embeddedPlaces(document).filter((place) => describesPlace(place, url)).flatMap((place) => place.reviews)) {
    const key = page.person({
      key: review.contributorId,
      displayName: review.name,
      profileUrl: absoluteUrl(`/maps/contrib/${review.contributorId}`, 'https://www.google.com'),
      reviewCount: review.reviewCount,
      badges: review.localGuide ? ['local-guide', ...guideBadges(review.label ?? '')] : guideBadges(review.label ?? ''),
    });
    if (key) page.contribution({ profileKey: key, type: 'review', id: review.id, rating: review.rating, date: review.date, text: review.text, subject });
  }
}

/**
 * Whether embedded data is about the place in the address bar: it describes
 * the place Maps first loaded, and stays after the user moves to another. The
 * address names the place by its cid (data=...!1s0x..:0x<cid>) or its name.
 */
function describesPlace(place: EmbeddedPlace, url: URL): boolean {
  const cids = [...url.href.toLowerCase().matchAll(/0x[0-9a-f]+(?::|%3a)(0x[0-9a-f]+)/g)].map((m) => m[1]);
  if (cids.length > 0) return place.reviews.some((r) => r.placeCid !== undefined && cids.includes(r.placeCid));
  const segment = /\/maps\/place\/([^/]+)/.exec(url.pathname)?.[1];
  // URLSearchParams decodes "+" and %XX leniently (a stray "%" does not throw).
  const named = segment === undefined ? undefined : new URLSearchParams(`n=${segment}`).get('n');
  return named != null && place.name !== undefined && named.trim().toLowerCase() === place.name.trim().toLowerCase();
}

/** A contributor's own page: the Local Guide level and review count in its header. */
function contributorPage({ document, url, page }: ExtractContext): void {
  page.kind = 'profile';
  const contrib = CONTRIB.exec(url.pathname)![1]!;
  const header = first(document, ['h1', '[role="main"] [aria-label]']);
  const headerText = text(header?.parentElement ?? header);
  page.person(
    {
      key: contrib,
      displayName: required(plain(header) || readMeta(document).get('og:title')?.replace(/\s*[-–|].*$/, ''), 'google-maps contributor name', 'name (h1)'),
      profileUrl: absoluteUrl(`/maps/contrib/${contrib}`, 'https://www.google.com'),
      reviewCount: parseLabelledCounts(headerText).reviews,
      badges: guideBadges(headerText),
    },
    header,
  );
}

/**
 * "Local Guide · 8 reviews · 11 photos" in any interface language: the
 * labelled count where the label is a known word, else the first number of
 * the line, which Google writes in the same order in every language.
 */
function reviewCountOf(meta: string): number | undefined {
  return parseLabelledCounts(meta).reviews ?? (/\d/.test(meta) ? parseCount(meta.split(/\s*·\s*/).find((part) => /\d/.test(part))) : undefined);
}

function guideBadges(value: string): string[] {
  if (!LOCAL_GUIDE.test(value)) return [];
  const level = LEVEL.exec(value);
  const n = level ? Number(level[1] ?? level[2]) : undefined;
  return n !== undefined && n >= 1 && n <= 10 ? ['local-guide', `local-guide-level-${n}`] : ['local-guide'];
}

/** The like count beside the thumbs-up, or 0 when the button shows none. */
function helpfulVotes(card: Element): number | undefined {
  const countEl = first(card, SELECTORS.likeCount);
  if (countEl) return parseCount(plain(countEl));
  const button = first(card, SELECTORS.likeButton);
  if (!button) return undefined;
  // " 1 person found X's review helpful." - only a number at the start is a count (a name may hold digits).
  const label = /^\s*(\d[\d.,]*)\s/.exec(attr(button, 'aria-label') ?? '');
  return label ? parseCount(label[1]) : 0;
}

function placeName(doc: Document, url: URL): string | undefined {
  const heading = plain(first(doc, SELECTORS.place));
  if (heading) return heading;
  const meta = readMeta(doc);
  const name = meta.get('og:title') ?? meta.get('name');
  if (name) return name.split(' · ')[0];
  const fromUrl = /\/maps\/place\/([^/]+)/.exec(url.pathname)?.[1];
  return fromUrl ? decodeURIComponent(fromUrl.replace(/\+/g, ' ')) : undefined;
}
