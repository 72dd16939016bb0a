/**
 * Contributions in embedded application state, from hand-made pages in the
 * shapes frameworks write: Next.js' __NEXT_DATA__, an Apollo cache with
 * references, a Relay store, Redux state handed over as JSON.parse("..."),
 * Nuxt's object form, and rows of positional arrays handed to a start-up call.
 */
import { describe, expect, it } from 'vitest';
import { embeddedJson } from '../../../lib/capture/generic/scripts';
import { findStateItems } from '../../../lib/capture/generic/state';
import type { FoundItem } from '../../../lib/capture/generic/found';
import { extractWith } from '../../../lib/capture/extract';
import { GENERIC_SITE } from '../../../lib/capture/registry';
import { htmlDocument } from './helpers';

const NOW = Date.parse('2024-06-15T12:00:00Z');
const URL_ = new URL('https://forum.example/t/42');
const found = (html: string) => findStateItems(embeddedJson(Array.from(htmlDocument(html).querySelectorAll('script'))), { now: NOW, url: URL_ });
const brief = (items: FoundItem[]) => items.map((it) => [it.author.name, it.depth, it.date, it.rating ?? null, it.text ?? null, it.role ?? null]);
const json = (value: unknown) => JSON.stringify(value).replace(/<\//g, '<\\/');

describe('embedded application state', () => {
  it('__NEXT_DATA__: reviews with their authors, ratings out of 10, and the shop owner answering in one slot', () => {
    const data = {
      props: {
        pageProps: {
          product: { name: 'Molen', brand: { name: 'Zoet' } },
          reviews: [
            { id: 'r1', author: { displayName: 'Anna', profileUrl: '/u/anna' }, rating: 8, maxRating: 10, body: 'Maalt fijn.', createdAt: '2024-05-01T10:00:00Z', ownerResponse: { author: { name: 'Zoet' }, body: 'Dank je!', createdAt: '2024-05-02' } },
            { id: 'r2', author: { displayName: 'Bram' }, rating: 4, maxRating: 10, body: 'Lawaaierig.', createdAt: 1714600000 },
          ],
        },
      },
    };
    const items = found(`<script id="__NEXT_DATA__" type="application/json">${json(data)}</script>`);
    expect(brief(items)).toEqual([
      ['Anna', 0, '2024-05-01T10:00:00Z', 8, 'Maalt fijn.', null],
      ['Zoet', 1, '2024-05-02', null, 'Dank je!', 'owner-reply'],
      ['Bram', 0, '2024-05-01T21:46:40.000Z', 4, 'Lawaaierig.', null],
    ]);
    expect(items[0]).toMatchObject({ id: 'r1', ratingScale: 10, author: { url: 'https://forum.example/u/anna' } });
    expect(items[1]!.id).toBe('r1/reply');
  });

  it('an Apollo cache: comments point at their authors and replies by reference', () => {
    const cache = {
      ROOT_QUERY: { post: { __ref: 'Post:1' } },
      'Post:1': { __typename: 'Post', title: 'Hoi', comments: [{ __ref: 'Comment:1' }, { __ref: 'Comment:2' }] },
      'Comment:1': { __typename: 'Comment', id: '1', text: 'Eerste!', createdAt: '2024-06-01', author: { __ref: 'User:7' }, replies: [{ __ref: 'Comment:3' }] },
      'Comment:2': { __typename: 'Comment', id: '2', text: 'Tweede.', createdAt: '2024-06-02', author: { __ref: 'User:8' } },
      'Comment:3': { __typename: 'Comment', id: '3', text: 'Antwoord.', createdAt: '2024-06-03', author: { __ref: 'User:8' } },
      'User:7': { __typename: 'User', username: 'cas', url: 'https://forum.example/u/cas' },
      'User:8': { __typename: 'User', username: 'dirk' },
    };
    const items = found(`<script>window.__APOLLO_STATE__ = ${json(cache)};</script>`);
    expect(brief(items)).toEqual([
      ['cas', 0, '2024-06-01', null, 'Eerste!', null],
      ['dirk', 1, '2024-06-03', null, 'Antwoord.', null],
      ['dirk', 0, '2024-06-02', null, 'Tweede.', null],
    ]);
  });

  it('Redux state handed over as JSON.parse("..."), Nuxt state as an object, and bots the data marks left out', () => {
    const state = { thread: { comments: [{ user: { name: 'Eva', bot: false }, message: '<p>Goed <b>punt</b></p>', time: '3 days ago' }, { user: { name: 'ModBot', type: 'Bot' }, message: 'Auto-reply', time: '2 days ago' }, { user: { name: 'Fien' }, message: 'Mee eens', time: '1 day ago' }] } };
    const redux = found(`<script>window.__PRELOADED_STATE__ = JSON.parse(${JSON.stringify(JSON.stringify(state))});</script>`);
    expect(brief(redux)).toEqual([
      ['Eva', 0, '2024-06-12', null, 'Goed punt', null],
      ['Fien', 0, '2024-06-14', null, 'Mee eens', null],
    ]);
    const nuxt = found(`<script>window.__NUXT__ = ${json({ data: [state] })}</script>`);
    expect(brief(nuxt)).toEqual(brief(redux));
  });

  it('a Relay store: records by id, connections of edges and nodes', () => {
    const store = {
      'client:root': { __id: 'client:root', post: { __ref: 'p1' } },
      p1: { __id: 'p1', __typename: 'Post', comments: { __ref: 'client:p1:comments' } },
      'client:p1:comments': { __id: 'client:p1:comments', edges: { __refs: ['e1', 'e2'] } },
      e1: { __id: 'e1', node: { __ref: 'c1' } },
      e2: { __id: 'e2', node: { __ref: 'c2' } },
      c1: { __id: 'c1', __typename: 'Comment', body: { text: 'Top' }, created_at: 1717000000, author: { __ref: 'u1' } },
      c2: { __id: 'c2', __typename: 'Comment', body: { text: 'Ook top' }, created_at: 1717100000, author: { __ref: 'u2' } },
      u1: { __id: 'u1', name: 'Gijs' },
      u2: { __id: 'u2', name: 'Hanna' },
    };
    const items = found(`<script>window.__RELAY_STORE__ = ${json(store)};</script>`);
    expect(brief(items).map(([name, , , , text]) => [name, text])).toEqual([
      ['Gijs', 'Top'],
      ['Hanna', 'Ook top'],
    ]);
  });

  it('rows of positional arrays handed to a start-up call: names, stars, words, times and a reply slot', () => {
    const rows = [
      ['id:1', ['Ivo', [null, 'avatar.png']], 2, null, 'Too many bugs since the update.', [1717000000, 5], 3, ['Shop Co', 'Sorry, we are on it.', [1717003600, 0]]],
      ['id:2', ['Jet', [null, 'avatar.png']], 5, null, 'Works fine for me every day.', [1717100000, 5], 0, null],
      ['id:3', ['Kees', [null, 'avatar.png']], 1, null, 'Crashes when I open the map.', [1717200000, 5], 12, ['Shop Co', 'Please write to us.', [1717203600, 0]]],
    ];
    const items = found(`<script>init({key: 'reviews', isError: false, data: ${json([rows])}});</script>`);
    expect(brief(items)).toEqual([
      ['Ivo', 0, '2024-05-29T16:26:40.000Z', 2, 'Too many bugs since the update.', null],
      ['Shop Co', 1, '2024-05-29T17:26:40.000Z', null, 'Sorry, we are on it.', 'owner-reply'],
      ['Jet', 0, '2024-05-30T20:13:20.000Z', 5, 'Works fine for me every day.', null],
      ['Kees', 0, '2024-06-01T00:00:00.000Z', 1, 'Crashes when I open the map.', null],
      ['Shop Co', 1, '2024-06-01T01:00:00.000Z', null, 'Please write to us.', 'owner-reply'],
    ]);
  });

  it('lists that are not contributions are left alone: a menu, products, one lonely object', () => {
    const data = { nav: [{ name: 'Home', url: '/' }, { name: 'Shop', url: '/shop' }], products: [{ name: 'Molen', price: 30, brand: 'Zoet' }, { name: 'Bonen', price: 9, brand: 'Zoet' }], post: { author: 'Lex', body: 'Alleen ik.' } };
    expect(found(`<script id="__NEXT_DATA__" type="application/json">${json(data)}</script>`)).toEqual([]);
  });

  it('the generic site reads state only when the page shows too few contributions itself', () => {
    const state = { comments: [{ author: 'Mia', text: 'Een', date: '2024-01-01' }, { author: 'Noor', text: 'Twee', date: '2024-01-02' }] };
    const doc = htmlDocument(`<html><body><main>Reacties laden…</main><script id="__NEXT_DATA__" type="application/json">${json(state)}</script></body></html>`);
    const { page } = extractWith(GENERIC_SITE, doc, 'https://blog.example/p/1', { now: NOW });
    expect(page.profiles.map((p) => p.displayName)).toEqual(['Mia', 'Noor']);
    expect(page.contributions.map((c) => c.text)).toEqual(['Een', 'Twee']);
  });
});
