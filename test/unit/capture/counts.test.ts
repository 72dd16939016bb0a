/**
 * Counts as real pages write them. Strings marked (fixture) are copied from
 * the saved pages in test/fixtures/pages; the others are the forms the same
 * sites show in other languages.
 */
import { describe, expect, it } from 'vitest';
import { parseCount, parseHelpfulVotes, parseLabelledCounts } from '../../../lib/capture/counts';

const NBSP = '\u00A0';
const NNBSP = '\u202F';

const COUNTS: [string, number | undefined][] = [
  // (fixture) YouTube es-ES
  ['4,69 millones de suscriptores', 4_690_000],
  [`4,69${NBSP}M de suscriptores`, 4_690_000],
  [`6,8${NBSP}K vídeos`, 6_800],
  ['123 suscriptores', 123],
  ['159 visualizaciones', 159],
  // (fixture) TikTok, X, Bluesky, Instagram, Trustpilot, Google Maps
  ['783.4K', 783_400],
  ['3.9M', 3_900_000],
  ['783.4k Followers', 783_400],
  ['3.9m Likes', 3_900_000],
  ['3,893', 3_893],
  ['1.1M followers', 1_100_000],
  ['1101177 followers', 1_101_177],
  ['3.8K', 3_800],
  ['1K', 1_000],
  ['298K likes, 553 comments', 298_000],
  ['2,362 Followers', 2_362],
  ['5 reviews', 5],
  ['3,498', 3_498],
  ['Local Guide · 51 reviews', 51],
  // Other languages and notations
  ['1.2M', 1_200_000],
  ['12K', 12_000],
  ['1,2 mln.', 1_200_000],
  ['4,69 mln. abonnees', 4_690_000],
  ['4,69 Mio. Abonnenten', 4_690_000],
  [`4,69${NBSP}M d’abonnés`, 4_690_000],
  ['12,3 тыс.', 12_300],
  ['12 тыс. подписчиков', 12_000],
  ['1,2 млн подписчиков', 1_200_000],
  ['1,5 млрд просмотров', 1_500_000_000],
  ['1,5 Mrd. Aufrufe', 1_500_000_000],
  ['1.234 volgers', 1_234],
  ['12.345 Follower', 12_345],
  [`1${NNBSP}234`, 1_234],
  [`1${NBSP}234 abonnés`, 1_234],
  [`12${NNBSP}345${NNBSP}678`, 12_345_678],
  ['12’345 Abonnenten', 12_345],
  ['12 k abonnés', 12_000],
  ['12 mil suscriptores', 12_000],
  ['1,2 mil', 1_200],
  ['2,5 mi de inscritos', 2_500_000],
  ['1.5B views', 1_500_000_000],
  ['4.69万人', 46_900],
  ['1,234,567', 1_234_567],
  ['1.234.567', 1_234_567],
  ['1,234.5K', 1_234_500],
  // Not counts
  ['', undefined],
  ['no reviews yet', undefined],
  ['4.5', undefined],
  ['—', undefined],
];

describe('parseCount', () => {
  it.each(COUNTS)('%j -> %s', (text, expected) => {
    expect(parseCount(text)).toBe(expected);
  });

  it('never returns a negative, fractional or unsafe number', () => {
    expect(parseCount('-5 followers')).toBe(5);
    expect(parseCount('99999999999999999999')).toBeUndefined();
    expect(parseCount(null)).toBeUndefined();
  });
});

describe('parseLabelledCounts', () => {
  it.each([
    // (fixture) Instagram og:description, TikTok shareMeta, Bluesky header
    ['2,362 Followers, 136 Following, 224 Posts - See Instagram photos and videos from Pluto (@pluto__travel)', { followers: 2362, following: 136, posts: 224 }],
    ['@illojuan 783.4k Followers, 0 Following, 3.9m Likes - Watch awesome short videos created by IlloJuan', { followers: 783_400, following: 0, likes: 3_900_000 }],
    ['1.1M followers 3 following 329 posts Writer', { followers: 1_100_000, following: 3, posts: 329 }],
    [`4,69${NBSP}M de suscriptores · 6,8${NBSP}K vídeos`, { followers: 4_690_000, posts: 6_800 }],
    ['Local Guide · 8 reviews', { reviews: 8 }],
    // The same in other languages
    ['2.362 volgers, 136 volgend, 224 berichten', { followers: 2362, following: 136, posts: 224 }],
    ['2.362 Follower, 136 gefolgt, 224 Beiträge', { followers: 2362, following: 136, posts: 224 }],
    [`2${NNBSP}362 followers, 136 suivi(e)s, 224 publications`, { followers: 2362, following: 136, posts: 224 }],
    ['2362 seguidores, 136 seguidos, 224 publicaciones', { followers: 2362, following: 136, posts: 224 }],
    ['2 362 подписчиков, 136 подписок, 224 публикаций', { followers: 2362, following: 136, posts: 224 }],
    ['@jannekebakt · 12,3K abonnees · 310 video\'s', { followers: 12_300, posts: 310 }],
    ['Lokale gids · 51 recensies', { reviews: 51 }],
    ['Guía local · 51 reseñas', { reviews: 51 }],
    ['Local Guide · 51 Rezensionen', { reviews: 51 }],
  ])('%j', (text, expected) => {
    expect(parseLabelledCounts(text)).toEqual(expected);
  });

  it('keeps the first count of each kind and ignores unlabelled numbers', () => {
    expect(parseLabelledCounts('Top 10 · 5 followers · 7 followers')).toEqual({ followers: 5 });
  });
});

describe('parseHelpfulVotes', () => {
  it.each([
    // (fixture) amazon.com
    ['One person found this helpful', 1],
    ['3 people found this helpful', 3],
    ['22 people found this helpful', 22],
    // amazon.co.uk / .nl / .de / .fr / .es / .it
    ['1,234 people found this helpful', 1_234],
    ['Eén persoon vond dit nuttig', 1],
    ['Één persoon vond dit nuttig', 1],
    ['3 personen vonden dit nuttig', 3],
    ['Eine Person fand diese Informationen hilfreich', 1],
    ['12 Personen fanden diese Informationen hilfreich', 12],
    ['Une personne a trouvé cela utile', 1],
    ['7 personnes ont trouvé cela utile', 7],
    ['A una persona le ha parecido esto útil', 1],
    ['A 5 personas les ha parecido esto útil', 5],
    ['Una persona l\'ha trovato utile', 1],
    ['4 persone l\'hanno trovato utile', 4],
    // (fixture) Google Maps like button
    [" 1 person found Nikolas Melillos's review helpful. Mark it as helpful. ", 1],
    ['Helpful', undefined],
    ['', undefined],
  ])('%j -> %s', (text, expected) => {
    expect(parseHelpfulVotes(text)).toBe(expected);
  });
});
