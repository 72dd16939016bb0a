/**
 * Amazon product pages (their top reviews) and review pages, on every Amazon
 * domain, in the 2019+ "genome widget" layout and the older author-link one.
 * Reviewers are keyed by their account id (amzn1.account.XXX); a reviewer
 * shown without a profile link (reviews from other countries on a product
 * page) is keyed by the review id, so they are kept without inventing an id.
 */
import type { ExtractContext, SiteDefinition } from '../types';
import { absoluteUrl, all, attr, first, plain, text, type Selectors } from '../dom';
import { parseCount, parseHelpfulVotes } from '../counts';
import { parseDate } from '../dates';
import { eachItem, required } from '../extract';
import { readMeta } from '../generic/meta';
import { ratingFromText } from '../ratings';

/** Every Amazon storefront (amazon.<tld>). */
export const AMAZON_TLDS = [
  'com', 'ca', 'com.mx', 'com.br', 'co.uk', 'de', 'fr', 'it', 'es', 'nl', 'se', 'pl', 'com.be', 'com.tr',
  'ae', 'sa', 'eg', 'in', 'co.jp', 'com.au', 'sg', 'ie', 'co.za',
] as const;

const SELECTORS = {
  review: [
    '[data-hook="review"]', // 2019+ review pages and product pages (top and global reviews)
    'div.review[id^="R"]', // older review pages without data-hooks
  ],
  name: [
    '.a-profile-name', // 2019+ genome widget
    '[data-hook="review-author"]', // pre-2019 "By <author>" link
    '.author', // no saved review card matches it; from 0fbe86c, no reason given (the one .author on metascraper-amazon-com-product-2024.html is outside the reviews)
  ],
  profileLink: [
    'a.a-profile[href*="/profile/"]', // 2019+ genome widget
    'a[href*="/profile/amzn1.account."]', // any layout linking the reviewer's profile
  ],
  rating: [
    '[data-hook="review-star-rating"]', // reviews from this storefront
    '[data-hook="cmps-review-star-rating"]', // reviews from other countries on product pages
    '[data-hook="review-star-rating-view-point"]', // the top positive / critical cards
    'i.review-rating', // the saved review cards all match a line above first, so no saved page needs it; from 0fbe86c, no reason given
    '.a-icon-star', // the saved review cards all match a line above first, so no saved page needs it; from 0fbe86c, no reason given
  ],
  date: [
    '[data-hook="review-date"]', // review and product pages (fixtures: all three, 10/7/13 reviews)
    '.review-date', // the top positive / critical cards (fixtures: dawn-product-reviews-2024.html, eolabs-product-reviews-vine-2020.html, 2 each)
  ],
  body: [
    '[data-hook="review-collapsed"]', // product pages: the text inside the "Read more" expander
    '.review-text-content', // review pages
    '[data-hook="review-body"]', // the body's container: the saved review cards all match a line above first, so no saved page needs it; from 0fbe86c, no reason given
  ],
  title: [
    '[data-hook="review-title"]', // every saved review and top card (fixtures: all three)
    '.review-title', // the saved review cards all match a line above first, so no saved page needs it; from 0fbe86c, no reason given
  ],
  helpful: [
    '[data-hook="helpful-vote-statement"]', // review and product pages, reviews with votes (fixtures: all three, 5/3/4 reviews)
    '.cr-vote-text', // the saved review cards all match a line above first, so no saved page needs it; from 0fbe86c, no reason given
    '.review-votes', // the top positive / critical cards
  ],
  voting: [
    '[data-hook="review-voting-widget"]', // review and product pages (fixtures: all three, every review)
    '[data-hook="vote-helpful-button"]', // the saved review cards all match a line above first, so no saved page needs it; from 0fbe86c, no reason given
    '.cr-vote', // the saved review cards all match a line above first, so no saved page needs it; from 0fbe86c, no reason given
  ],
  verified: [
    '[data-hook="avp-badge"]', // review pages: a link (fixtures: dawn-product-reviews-2024.html 10, eolabs-product-reviews-vine-2020.html 1)
    '[data-hook="avp-badge-linkless"]', // product pages: plain text (fixtures: metascraper-amazon-com-product-2024.html, 13)
  ],
  badges: 'a[class*="c7y-badge"], span[class*="c7y-badge"], .a-profile-descriptor, [data-hook="review-badge"]',
  /**
   * "Top positive review" / "Top critical review" above the list of a review
   * page: no data-hook="review", the review id only in the card's id
   * (viewpoint-R...), the text in an unhooked span. Found by class, in every language.
   */
  viewpoint: '.view-point-review',
  viewpointBody: [
    '.a-expander-content .a-spacing-top-mini > span', // the top cards' text (fixtures: dawn-product-reviews-2024.html, eolabs-product-reviews-vine-2020.html, 2 each)
    '.a-spacing-top-mini > span.a-size-base', // the same text outside an expander; both saved pages match the line above first (b0f9ddf)
  ],
  subject: [
    '[data-hook="product-link"]', // review pages: the product above the list
    '#productTitle', // product detail pages
    '#title', // the title's wrapper on metascraper-amazon-com-product-2024.html, where #productTitle wins; no saved page needs it
  ],
} satisfies Record<string, Selectors | string>;

const ACCOUNT = /amzn1\.account\.[A-Z0-9]+/;
const REVIEW_ID = /\bR[A-Z0-9]{8,20}\b/;

export const amazon: SiteDefinition = {
  id: 'amazon',
  platform: 'amazon',
  matches: AMAZON_TLDS.map((tld) => `*://*.amazon.${tld}/*`),
  examples: [
    'https://www.amazon.com/Dawn-Ultra-Dishwashing-Liquid-Original/product-reviews/B0BBPNPZTC',
    'https://www.amazon.com/Whole-Truth-Shaw-Book-ebook/dp/B0011UCPM4',
    'https://www.amazon.co.uk/product-reviews/B07VQDQY3P?pageNumber=2',
    'https://www.amazon.de/gp/product/B0BBPNPZTC',
    'https://www.amazon.nl/dp/B0BBPNPZTC/ref=cm_cr_arp_d_product_top',
    'https://www.amazon.fr/gp/customer-reviews/R1RUZF3NO7Y1Q4',
  ],
  handles: (url) => /\/(?:dp|gp\/product|product-reviews|gp\/customer-reviews|gp\/aw\/d|gp\/aw\/reviews)\//.test(url.pathname),
  extract({ document, url, page, now }) {
    page.kind = 'reviews';
    const subject = productTitle(document);
    const cards = all(document, SELECTORS.review);
    const read = (card: Element, viewpoint: boolean) => readReview(card, { page, url, now, subject, viewpoint });
    eachItem(cards, 'review cards', (card) => read(card, false));
    // After the list, so a top review that is also listed keeps what its list card shows.
    const viewpoints = Array.from(document.querySelectorAll(SELECTORS.viewpoint));
    eachItem(viewpoints, 'top positive / critical review cards', (card) => read(card, true));

    // Reviews counted on the page but none read: the card selectors no longer match.
    if (cards.length === 0 && viewpoints.length === 0 && reviewCountShown(document) > 0 && url.pathname.includes('product-reviews')) {
      required(undefined, 'amazon review cards [data-hook=review]', 'review cards although the page counts reviews');
    }
  },
};

interface ReviewContext {
  page: ExtractContext['page'];
  url: URL;
  now: number;
  subject: string | undefined;
  /** A top positive / critical card: no verified-purchase badge or vote button is shown there, so neither is read as "no". */
  viewpoint: boolean;
}

function readReview(card: Element, { page, url, now, subject, viewpoint }: ReviewContext): void {
  const name = text(required(first(card, SELECTORS.name), 'amazon reviewer name', 'name element (.a-profile-name)'));
  const link = first(card, SELECTORS.profileLink);
  const account = ACCOUNT.exec(attr(link, 'href') ?? '')?.[0];
  const idHolder = viewpoint ? card.querySelector('[id^="viewpoint-R"]') : card.querySelector('[id^="customer_review"]');
  const reviewId = REVIEW_ID.exec(card.id || attr(idHolder, 'id') || '')?.[0];
  const key = required(account ?? (reviewId ? `review:${reviewId}` : undefined), 'amazon reviewer link', 'profile link or review id');

  const profileKey = page.person(
    {
      key,
      displayName: required(name, 'amazon reviewer name', 'name text'),
      profileUrl: account ? absoluteUrl(`/gp/profile/${account}`, url.origin) : undefined,
      badges: badgesOf(card),
    },
    first(card, SELECTORS.name),
  );
  if (!profileKey) return;

  const helpfulText = plain(first(card, SELECTORS.helpful));
  const body = text(first(card, viewpoint ? SELECTORS.viewpointBody : SELECTORS.body)) || reviewTitle(card);
  const voting = first(card, SELECTORS.voting) ? 0 : undefined;
  page.contribution({
    profileKey,
    type: 'review',
    id: reviewId,
    rating: ratingOf(first(card, SELECTORS.rating)),
    date: parseDate(plain(first(card, SELECTORS.date)), { now, order: 'mdy' }),
    text: body,
    helpfulVotes: helpfulText ? parseHelpfulVotes(helpfulText) : viewpoint ? undefined : voting,
    verifiedPurchase: first(card, SELECTORS.verified) !== null ? true : viewpoint ? undefined : false,
    subject,
  });
}

/** "5.0 out of 5 stars", "4,0 von 5 Sternen", "5つ星のうち4.0", or the a-star-4-5 class. */
export function ratingOf(el: Element | null): number | undefined {
  if (!el) return undefined;
  const cls = /\ba-star-(?:mini-|small-|medium-)?(\d)(?:-(5))?\b/.exec(el.getAttribute('class') ?? '');
  if (cls) return Number(cls[1]) + (cls[2] ? 0.5 : 0);
  return ratingFromText(plain(el));
}

function reviewTitle(card: Element): string {
  const title = first(card, SELECTORS.title);
  if (!title) return '';
  // The title link also holds the star icon's "5.0 out of 5 stars": take the title's own span.
  const spans = Array.from(title.querySelectorAll('span')).filter((s) => !s.closest('i') && !s.classList.contains('a-letter-space'));
  return text(spans[spans.length - 1] ?? title);
}

/** Reviewer badges from the genome widget and the review's labels. */
function badgesOf(card: Element): string[] {
  const badges = new Set<string>();
  for (const el of Array.from(card.querySelectorAll(SELECTORS.badges))) {
    const cls = el.getAttribute('class') ?? '';
    const label = plain(el);
    if (/c7y-badge-vine/.test(cls) || /\bvine\b/i.test(label)) badges.add('vine-voice');
    if (/c7y-badge-top-|top-contributor/.test(cls) || /\btop\s*\d*\s*(?:reviewer|rezensent|contributor|critique|recensore|revisor)|\btop\s+\d+\b/i.test(label)) {
      badges.add('top-reviewer');
    }
    if (/hall-of-fame/.test(cls) || /hall\s+of\s+fame/i.test(label)) badges.add('hall-of-fame');
  }
  // Labels on the review itself, language-independent through their help links.
  if (card.querySelector('a[href*="earlyreviewerprogram"], a[href*="early-reviewer"]')) badges.add('early-reviewer');
  if (card.querySelector('a[href*="/gp/vine/help"], a[href*="/vine/help"]')) badges.add('vine-voice');
  return [...badges];
}

function productTitle(doc: Document): string | undefined {
  const el = first(doc, SELECTORS.subject);
  if (el) return plain(el) || undefined;
  const title = readMeta(doc).get('og:title') ?? plain(doc.querySelector('title'));
  return title.replace(/^Amazon\.[a-z.]+\s*:\s*(?:Customer reviews:\s*)?/i, '').trim() || undefined;
}

function reviewCountShown(doc: Document): number {
  const el = first(doc, ['[data-hook="cr-filter-info-review-rating-count"]', '[data-hook="total-review-count"]', '#acrCustomerReviewText']);
  return parseCount(plain(el)) ?? 0;
}
