/**
 * A page of the sample shop's own site as a browser saves it: the product page
 * of the Bakmeester springvorm with its reviews as schema.org JSON-LD, which is
 * what shop platforms publish for search engines. `earshot extract` reads it
 * with the generic extractor, so the sample has a saved page to extract.
 */
import type { CapturedPage } from '../model';
import { escapeHtml } from '../text/html';

export const SAVED_PAGE_URL = 'https://www.groenengezond.nl/bakmeester-springvorm-26';
const PRODUCT = 'Bakmeester springvorm 26 cm';

/** The shop's product page with the reviews of a captured review page, written by the same people. */
export function savedProductPage(reviews: CapturedPage): string {
  const names = new Map(reviews.profiles.map((p) => [p.key, p.displayName]));
  const data = {
    '@context': 'https://schema.org',
    '@type': 'Product',
    name: PRODUCT,
    brand: { '@type': 'Brand', name: 'Bakmeester' },
    review: reviews.contributions.map((c) => ({
      '@type': 'Review',
      author: { '@type': 'Person', name: names.get(c.profileKey) ?? c.profileKey },
      datePublished: c.date,
      reviewBody: c.text,
      ...(c.rating !== undefined ? { reviewRating: { '@type': 'Rating', ratingValue: c.rating, bestRating: 5 } } : {}),
    })),
  };
  // `<` written as \u003c: no text in the JSON can close the script element.
  const json = JSON.stringify(data, null, 1).replaceAll('<', '\\u003c');
  return `<!doctype html>
<html lang="nl">
<head>
<meta charset="utf-8">
<title>${escapeHtml(PRODUCT)} | Groen &amp; Gezond</title>
<link rel="canonical" href="${SAVED_PAGE_URL}">
<script type="application/ld+json">
${json}
</script>
</head>
<body>
<h1>${escapeHtml(PRODUCT)}</h1>
<p>${reviews.contributions.length} reviews</p>
</body>
</html>
`;
}
