// The generic extractor on the development pages, scored against their hand labels (never against
// its own output): recall and precision of the contributions' authors (matched on the normalised
// name and, where labelled, the profile address), and how many dates, ratings and depths are exact.
// Each page has floors at what the extractor reaches, so a change that loses people fails here.
// The held-out pages are scored by the bench only (`npm run bench -- --only capture`).
import { describe, expect, it } from 'vitest';
import { CapturedPage } from '../../../lib/model/capture';
import { captureAsTheExtension, documentOf } from '../../fixtures/pages-generic/capture';
import { genericPages, pageSource, readLabels } from '../../fixtures/pages-generic/pages';
import { scorePage, share, totalScore, type PageScore } from '../../fixtures/pages-generic/score';

interface Floors {
  recall: number;
  precision: number;
  /** Shares of exact dates, ratings and depths among matched items that have one. */
  dates: number;
  ratings: number;
  depths: number;
}

/** What each development page reaches (rounded down), so none can silently get worse. */
const FLOORS: Record<string, Floors> = {
  blogger: { recall: 1, precision: 1, dates: 1, ratings: 1, depths: 1 },
  dealerrater: { recall: 1, precision: 1, dates: 1, ratings: 1, depths: 1 },
  disqus: { recall: 1, precision: 1, dates: 1, ratings: 1, depths: 1 },
  'google-play': { recall: 1, precision: 1, dates: 1, ratings: 1, depths: 1 },
  habr: { recall: 1, precision: 1, dates: 1, ratings: 1, depths: 1 },
  hackernews: { recall: 0.99, precision: 1, dates: 1, ratings: 1, depths: 1 },
  letterboxd: { recall: 1, precision: 1, dates: 1, ratings: 1, depths: 1 },
  livejournal: { recall: 1, precision: 1, dates: 1, ratings: 1, depths: 1 },
  metacritic: { recall: 1, precision: 1, dates: 1, ratings: 1, depths: 1 },
  reddit: { recall: 1, precision: 1, dates: 1, ratings: 1, depths: 1 },
  scilogs: { recall: 1, precision: 1, dates: 1, ratings: 1, depths: 1 },
  somethingawful: { recall: 1, precision: 1, dates: 1, ratings: 1, depths: 1 },
  steam: { recall: 1, precision: 1, dates: 1, ratings: 1, depths: 1 },
  wptavern: { recall: 0.92, precision: 0.91, dates: 1, ratings: 1, depths: 1 },
  youtube: { recall: 1, precision: 1, dates: 1, ratings: 1, depths: 1 },
};

const pages = genericPages(['dev']);
const scores: PageScore[] = [];

describe('the generic extractor on pages of sites it was not written for (development set)', () => {
  it('has floors for every development page and no others', () => {
    expect(Object.keys(FLOORS).sort()).toEqual(pages.map((p) => p.site).sort());
  });

  describe.each(pages)('$site', (page) => {
    it('finds the labelled people, and nobody else, with their dates, ratings and nesting', () => {
      const labels = readLabels(page);
      const outcome = captureAsTheExtension(documentOf(pageSource(page)), labels);
      // What the content script sends must pass the service worker's schema as is.
      expect(CapturedPage.safeParse(outcome.page).success).toBe(true);
      const score = scorePage(labels, outcome.page);
      scores.push(score);
      const floors = FLOORS[page.site]!;
      expect({
        recall: score.recall >= floors.recall,
        precision: score.precision >= floors.precision,
        dates: share(score.dates) >= floors.dates,
        ratings: share(score.ratings) >= floors.ratings,
        depths: share(score.depths) >= floors.depths,
      }, JSON.stringify({ ...score, people: undefined })).toEqual({ recall: true, precision: true, dates: true, ratings: true, depths: true });
    }, 30_000);
  });

  it('overall: recall and precision over every development item', () => {
    const total = totalScore(scores);
    expect(scores).toHaveLength(pages.length);
    expect(total.recall).toBeGreaterThanOrEqual(0.99);
    expect(total.precision).toBeGreaterThanOrEqual(0.99);
  });
});
