/**
 * Any other page that carries schema.org markup: Review objects (in JSON-LD,
 * nested in a Product, Recipe or LocalBusiness, or in microdata) and
 * ProfilePage / Person. It runs only when the user asks from the popup, so
 * Earshot needs no permission to read every site. People are platform
 * 'other', keyed by their profile URL (host and path) or, without one, by
 * the site and their name as shown.
 */
import type { ExtractContext, SiteDefinition } from '../types';
import { readJsonLd } from '../generic/jsonld';
import { readMicrodata } from '../generic/microdata';
import { profilesFromJsonLd, reviewsFromJsonLd, type SchemaNodes } from '../generic/schema';

export const generic: SiteDefinition = {
  id: 'generic',
  platform: 'other',
  // Injected on demand (scripting.executeScript from the popup), never by match patterns.
  matches: [],
  examples: ['https://www.skinnytaste.com/sesame-chicken/', 'https://shop.example.nl/products/koffiemolen#reviews'],
  handles: () => true,
  extract(ctx) {
    const { document, url, page } = ctx;
    const jsonLd = readJsonLd(document);
    if (jsonLd.malformed > 0) page.warn(`generic: ${jsonLd.malformed} JSON-LD block(s) could not be read`);
    const microdata = readMicrodata(document);
    const sources: SchemaNodes[] = [jsonLd, { roots: microdata, byId: new Map() }];

    for (const nodes of sources) {
      for (const person of profilesFromJsonLd(nodes, url.href)) {
        const key = page.person({
          key: personKey(ctx, person.url, person.name),
          displayName: person.name ?? person.handle,
          handle: person.handle,
          profileUrl: person.url,
          followers: person.followers,
          following: person.following,
          posts: person.posts,
          bio: person.bio,
          location: person.location,
          website: person.website,
        });
        if (key) page.kind = 'profile';
      }
      for (const review of reviewsFromJsonLd(nodes, url.href)) {
        const key = page.person({ key: personKey(ctx, review.authorUrl, review.authorName), displayName: review.authorName, profileUrl: review.authorUrl });
        if (!key) continue;
        if (page.kind === 'unknown') page.kind = 'reviews';
        page.contribution({
          profileKey: key,
          type: 'review',
          rating: review.rating,
          date: review.date,
          text: review.text ?? review.title,
          subject: review.subject,
        });
      }
    }
  },
};

/** The profile URL without its scheme, or "<site>:<name>" for an author known only by name on this site. */
function personKey({ url }: ExtractContext, profileUrl: string | undefined, name: string | undefined): string | undefined {
  if (profileUrl) {
    const u = new URL(profileUrl);
    return `${u.host.replace(/^www\./, '')}${u.pathname.replace(/\/+$/, '')}`;
  }
  return name ? `${url.host.replace(/^www\./, '')}:${name.trim()}` : undefined;
}
