/** The shared strategies, on the saved pages where they matter and on the shapes pages produce. */
import { describe, expect, it } from 'vitest';
import { readJsonLd, typesOf } from '../../../lib/capture/generic/jsonld';
import { readMicrodata, readRdfa } from '../../../lib/capture/generic/microdata';
import type { FoundItem } from '../../../lib/capture/generic/found';
import { declaredUrl, describesUrl, readMeta } from '../../../lib/capture/generic/meta';
import { matchingBrace, scriptAssignment, scriptJsonById } from '../../../lib/capture/generic/embedded';
import { contributionsFromSchema, profilesFromJsonLd, reviewsFromJsonLd } from '../../../lib/capture/generic/schema';
import { ratingFromText, toFiveStars } from '../../../lib/capture/ratings';
import { CASES, caseFor, htmlDocument, loadPage } from './helpers';

const ld = (...blocks: string[]) => htmlDocument(`<html><head>${blocks.map((b) => `<script type="application/ld+json">${b}</script>`).join('')}</head><body></body></html>`);

describe('JSON-LD', () => {
  it('flattens @graph and arrays and resolves @id references (Trustpilot 2025: 20 reviews of the shop)', () => {
    const doc = loadPage('trustpilot/fakepilot-beautytheshop-2025.html');
    const reviews = reviewsFromJsonLd(readJsonLd(doc), 'https://www.trustpilot.com/review/beautytheshop.com');
    expect(reviews).toHaveLength(20);
    expect(reviews[0]).toMatchObject({ authorName: 'Barb Young', authorUrl: 'https://www.trustpilot.com/users/5fbc0ab6d030360019b803f0/', rating: 5, subject: 'BeautyTheShop' });
  });

  it('finds reviews nested in a Recipe, with the recipe as subject (skinnytaste)', () => {
    const reviews = reviewsFromJsonLd(readJsonLd(loadPage('generic/recipe-scrapers-skinnytaste-2024.html')), 'https://www.skinnytaste.com/');
    expect(reviews).toHaveLength(14);
    expect(new Set(reviews.map((r) => r.subject))).toEqual(new Set(['Sesame Chicken Recipe']));
  });

  it('reads a ProfilePage with interaction counters (X)', () => {
    const [profile] = profilesFromJsonLd(readJsonLd(loadPage('x/metascraper-profile.html')), 'https://x.com/kikobeats');
    expect(profile).toMatchObject({ name: 'Kiko Beats', handle: 'Kikobeats', followers: 3893, following: 406, posts: 23961, location: 'PORT_ALREADY_USED', website: 'http://kikobeats.com' });
  });

  it('repairs what hand-written JSON-LD gets wrong and counts what it cannot read', () => {
    const doc = ld(
      '{"@type":"Review","author":{"@type":"Person","name":"Anna"},"reviewBody":"line one\nline two","reviewRating":{"ratingValue":"4",},}',
      '{ this is not json',
      '<!-- {"@type":"Review","author":"Bram","reviewRating":{"ratingValue":8,"bestRating":10}} -->',
    );
    const parsed = readJsonLd(doc);
    expect(parsed.malformed).toBe(1);
    const reviews = reviewsFromJsonLd(parsed, 'https://shop.example/');
    expect(reviews.map((r) => [r.authorName, r.rating, r.ratingScale, r.text])).toEqual([
      ['Anna', 4, 5, 'line one line two'],
      // A rating out of 10 stays out of 10.
      ['Bram', 8, 10, undefined],
    ]);
  });

  it('strips the vocabulary from types', () => {
    expect(typesOf({ '@type': ['http://schema.org/Review', 'schema:CriticReview'] })).toEqual(['Review', 'CriticReview']);
  });
});

describe('microdata', () => {
  it('reads the watch page VideoObject with its author (YouTube writes <link itemprop=name content=...>)', () => {
    const items = readMicrodata(loadPage('youtube/metascraper-watch-2026.html'));
    const video = items.find((i) => typesOf(i).includes('VideoObject'))!;
    expect(video.name).toBe('GBAF 2024 – Highlights');
    expect(video.datePublished).toBe('2025-03-27T17:55:38-07:00');
    expect(video.author).toEqual({ '@type': ['Person'], url: 'http://www.youtube.com/@globalbrain6133', name: 'Global Brain' });
  });

  it('maps microdata reviews like JSON-LD ones', () => {
    const doc = htmlDocument(`<div itemscope itemtype="https://schema.org/Product"><h1 itemprop="name">Koffiemolen</h1>
      <div itemprop="review" itemscope itemtype="https://schema.org/Review">
        <span itemprop="author" itemscope itemtype="https://schema.org/Person"><a itemprop="url" href="/u/jan"><span itemprop="name">Jan de Vries</span></a></span>
        <div itemprop="reviewRating" itemscope itemtype="https://schema.org/Rating"><meta itemprop="ratingValue" content="5"></div>
        <time itemprop="datePublished" datetime="2024-03-03">3 maart 2024</time><p itemprop="reviewBody">Prima molen.</p></div></div>`);
    const reviews = reviewsFromJsonLd({ roots: readMicrodata(doc), byId: new Map() }, 'https://shop.example.nl/p/1');
    expect(reviews).toEqual([{ authorName: 'Jan de Vries', authorUrl: 'https://shop.example.nl/u/jan', rating: 5, ratingScale: 5, date: '2024-03-03', text: 'Prima molen.', subject: 'Koffiemolen' }]);
  });
});

describe('schema.org discussions: comments, forum posts, questions and answers', () => {
  const people = (items: FoundItem[]) => items.map((it) => [it.author.name, it.depth, it.type, it.date, it.text]);

  it('a forum thread in JSON-LD: the opening post and its comments beside it, replies below them', () => {
    const doc = ld(
      JSON.stringify({
        '@context': 'https://schema.org',
        '@type': 'DiscussionForumPosting',
        headline: 'Koffiemolen kapot',
        text: 'Mijn molen maalt niet meer.',
        author: { '@type': 'Person', name: 'Anna', url: '/u/anna' },
        datePublished: '2024-03-01T10:00:00+01:00',
        comment: [
          { '@type': 'Comment', text: 'Probeer de burr te reinigen.', author: { '@type': 'Person', name: 'Bram' }, dateCreated: '2024-03-01', comment: { '@type': 'Comment', text: 'Gedaan, werkt weer!', author: 'Anna', dateCreated: '2024-03-02' } },
          { '@type': 'Comment', text: 'Garantie?', author: { '@type': 'Person', name: 'Cas' }, dateCreated: '2024-03-03' },
        ],
      }),
    );
    expect(people(contributionsFromSchema(readJsonLd(doc), 'https://forum.example/t/1'))).toEqual([
      ['Anna', 0, 'post', '2024-03-01T10:00:00+01:00', 'Mijn molen maalt niet meer.'],
      ['Bram', 0, 'comment', '2024-03-01', 'Probeer de burr te reinigen.'],
      ['Anna', 1, 'comment', '2024-03-02', 'Gedaan, werkt weer!'],
      ['Cas', 0, 'comment', '2024-03-03', 'Garantie?'],
    ]);
  });

  it('a QAPage: the question, its answers beside it, the comments below each', () => {
    const doc = ld(
      JSON.stringify({
        '@type': 'QAPage',
        mainEntity: {
          '@type': 'Question',
          name: 'Welke molen?',
          text: 'Welke koffiemolen voor espresso?',
          author: { '@type': 'Person', name: 'Dirk' },
          dateCreated: '2024-01-01',
          comment: [{ '@type': 'Comment', text: 'Budget?', author: { '@type': 'Person', name: 'Eva' } }],
          acceptedAnswer: { '@type': 'Answer', text: 'Een vlakke burr.', author: { '@type': 'Person', name: 'Fien', url: 'https://qa.example/users/7/fien' }, dateCreated: '2024-01-02', upvoteCount: 12 },
          suggestedAnswer: [{ '@type': 'Answer', text: 'Handmolen.', author: { '@type': 'Person', name: 'Gijs' }, comment: { '@type': 'Comment', text: 'Te traag.', author: { '@type': 'Person', name: 'Dirk' } } }],
        },
      }),
    );
    const items = contributionsFromSchema(readJsonLd(doc), 'https://qa.example/q/1');
    expect(people(items)).toEqual([
      ['Dirk', 0, 'post', '2024-01-01', 'Welke koffiemolen voor espresso?'],
      ['Eva', 1, 'comment', undefined, 'Budget?'],
      ['Fien', 0, 'comment', '2024-01-02', 'Een vlakke burr.'],
      ['Gijs', 0, 'comment', undefined, 'Handmolen.'],
      ['Dirk', 1, 'comment', undefined, 'Te traag.'],
    ]);
    expect(items[2]!.author.url).toBe('https://qa.example/users/7/fien');
  });

  it('UserComments in microdata and Comments in RDFa, as older blogs mark them', () => {
    const doc = htmlDocument(`
      <div itemscope itemtype="http://schema.org/UserComments"><span itemprop="creator">Hanna</span>
        <time itemprop="commentTime" datetime="2012-05-06">6 mei</time><p itemprop="commentText">Mooi stuk.</p></div>
      <div vocab="https://schema.org/" typeof="BlogPosting"><h1 property="headline">Post</h1>
        <div property="comment" typeof="Comment"><span property="author" typeof="Person"><span property="name">Ivo</span></span>
          <meta property="dateCreated" content="2013-01-02"><div property="text">Eens.</div>
          <div property="comment" typeof="Comment"><span property="author">Hanna</span><div property="text">Dank!</div></div></div></div>`);
    const fromMicrodata = contributionsFromSchema({ roots: readMicrodata(doc), byId: new Map() }, 'https://blog.example/p');
    const fromRdfa = contributionsFromSchema({ roots: readRdfa(doc), byId: new Map() }, 'https://blog.example/p');
    expect(people(fromMicrodata)).toEqual([['Hanna', 0, 'comment', '2012-05-06', 'Mooi stuk.']]);
    expect(people(fromRdfa)).toEqual([
      ['Ivo', 0, 'comment', '2013-01-02', 'Eens.'],
      ['Hanna', 1, 'comment', undefined, 'Dank!'],
    ]);
  });

  it('reviews keep their scale; a scale pages do not use is moved to stars', () => {
    const doc = ld(
      JSON.stringify({
        '@type': 'Product',
        name: 'Molen',
        review: [
          { '@type': 'Review', author: 'A', reviewRating: { ratingValue: 72, bestRating: 100, worstRating: 0 } },
          { '@type': 'Review', author: 'B', reviewRating: { ratingValue: 3, bestRating: 4, worstRating: 1 } },
        ],
      }),
    );
    expect(contributionsFromSchema(readJsonLd(doc), 'https://shop.example/').map((it) => [it.author.name, it.rating, it.ratingScale, it.subject])).toEqual([
      ['A', 72, 100, 'Molen'],
      ['B', 3.7, 5, 'Molen'],
    ]);
  });
});

describe('meta and declared addresses', () => {
  it('every saved page but the Google Maps one and the reduced TikTok one declares the address it was saved from', () => {
    for (const c of CASES) {
      const declared = declaredUrl(loadPage(c.page));
      if (c.page.startsWith('google-maps/') || c.page === 'tiktok/metascraper-video-pwa-2026.html') expect(declared).toBeUndefined();
      else expect(declared && new URL(declared).pathname.toLowerCase()).toBe(new URL(caseFor(c.page).url).pathname.toLowerCase());
    }
  });

  it('tells stale tags (after in-app navigation) from current ones', () => {
    expect(readMeta(loadPage('instagram/metascraper-profile.html')).get('og:url')).toBe('https://www.instagram.com/pluto__travel/');
    expect(describesUrl('https://www.instagram.com/pluto__travel/', 'https://www.instagram.com/pluto__travel')).toBe(true);
    expect(describesUrl('https://www.instagram.com/pluto__travel/', 'https://www.instagram.com/willyrex/')).toBe(false);
  });
});

describe('embedded page data', () => {
  it('reads ytInitialData, __NEXT_DATA__ and the TikTok rehydration script', () => {
    expect(scriptAssignment(loadPage('youtube/metascraper-channel.html'), 'ytInitialData')).toHaveProperty('header.c4TabbedHeaderRenderer.channelId', 'UCzcRQ3vRNr6fJ1A9rqFn7QA');
    expect(scriptJsonById(loadPage('trustpilot/fakepilot-twenix-2025.html'), '__NEXT_DATA__')).toHaveProperty('page', '/review/[businessUnit]');
    expect(scriptJsonById(loadPage('tiktok/metascraper-profile.html'), '__UNIVERSAL_DATA_FOR_REHYDRATION__')).toHaveProperty('__DEFAULT_SCOPE__');
  });

  it('finds the end of an assigned object past braces inside strings', () => {
    const source = 'var ytInitialData = {"a":"}{\\"}","b":{"c":1}}; var later = {"x":1};';
    expect(matchingBrace(source, source.indexOf('{'))).toBe(source.indexOf('; var') - 1);
    const doc = htmlDocument(`<script>${source}</script>`);
    expect(scriptAssignment(doc, 'ytInitialData')).toEqual({ a: '}{"}', b: { c: 1 } });
    expect(scriptAssignment(htmlDocument('<script>var ytInitialData = {"broken": </script>'), 'ytInitialData')).toBeUndefined();
  });
});

describe('ratings', () => {
  it.each([
    ['5.0 out of 5 stars', 5],
    ['4,0 von 5 Sternen', 4],
    ['4,5 sur 5 étoiles', 4.5],
    ['5つ星のうち4.0', 4],
    ['Rated 3 out of 5 stars', 3],
    ['4 stars', 4],
    ['5/5', 5],
    ['no stars', undefined],
  ])('%j -> %s', (text, expected) => expect(ratingFromText(text)).toBe(expected));

  it('moves other scales to 1-5', () => {
    expect(toFiveStars(10, 10, 1)).toBe(5);
    expect(toFiveStars(1, 10, 1)).toBe(1);
    // A 0-5 scale keeps its stars; a zero is no rating on a 1-5 list.
    expect(toFiveStars(4, 5, 0)).toBe(4);
    expect(toFiveStars(0, 5, 0)).toBeUndefined();
    expect(toFiveStars(11, 10, 1)).toBeUndefined();
  });
});
