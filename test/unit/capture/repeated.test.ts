/**
 * The generic extractor's page-structure strategy on hand-made pages: lists
 * of contributions in the shapes sites use (cards, threads nested in markup or
 * indented, flat forum tables), and the lists it must refuse (navigation,
 * "related" strips, footers, sidebars, the logged-in user's name, a grid of
 * videos): nobody rather than noise.
 */
import { describe, expect, it } from 'vitest';
import { extractWith } from '../../../lib/capture/extract';
import { GENERIC_SITE } from '../../../lib/capture/registry';
import { htmlDocument } from './helpers';

const NOW = Date.parse('2024-06-15T12:00:00Z');
const URL_ = 'https://blog.example/2024/06/koffie';

function capture(body: string, url = URL_) {
  const { page, status } = extractWith(GENERIC_SITE, htmlDocument(`<!doctype html><html><head><title>t</title></head><body>${body}</body></html>`), url, { now: NOW });
  const people = new Map(page.profiles.map((p) => [p.key, p]));
  return {
    status,
    page,
    items: page.contributions.map((c) => ({ name: people.get(c.profileKey)!.displayName, url: people.get(c.profileKey)!.profileUrl, depth: c.depth ?? 0, date: c.date, rating: c.rating, scale: c.ratingScale ?? (c.rating === undefined ? undefined : 5), role: c.role, text: c.text })),
  };
}

const comment = (name: string, date: string, text: string, replies = '', extra = '') =>
  `<li class="comment ${extra}"><article class="comment-body"><footer class="comment-meta"><b class="comment-author"><a href="/author/${name.toLowerCase().replace(/\s/g, '-')}/">${name}</a></b><time>${date}</time></footer><div class="comment-content"><p>${text}</p></div></article>${replies ? `<ol class="children">${replies}</ol>` : ''}</li>`;

describe('lists of contributions', () => {
  it('a comment thread nested in its markup: depth from the nesting, the author marked as owner by a class only they have', () => {
    const { items } = capture(`<article><h1>Koffie</h1><p>Post.</p></article><ol class="comment-list">
      ${comment('Anna', 'March 3, 2024', 'Lekker stuk.', comment('Bram', 'March 4, 2024', 'Eens!', comment('Cas', 'March 5, 2024', 'Ik ook.')))}
      ${comment('Dirk', '2 days ago', 'Waar kopen?', comment('Eva Blog', 'yesterday', 'Bij de markt.', '', 'bypostauthor'))}
    </ol>`);
    expect(items.map(({ name, depth, date, role }) => [name, depth, date, role])).toEqual([
      ['Anna', 0, '2024-03-03', undefined],
      ['Bram', 1, '2024-03-04', undefined],
      ['Cas', 2, '2024-03-05', undefined],
      ['Dirk', 0, '2024-06-13', undefined],
      ['Eva Blog', 1, '2024-06-14', 'owner-reply'],
    ]);
    expect(items[0]!.url).toBe('https://blog.example/author/anna/');
  });

  it('a flat table indented by a spacer image, as old forums draw threads', () => {
    const row = (name: string, indent: number, age: string) =>
      `<tr class="row"><td><img src="s.gif" height="1" width="${indent}"></td><td><span class="head"><a class="user" href="/user?id=${name}">${name}</a> <span class="age">${age}</span></span><div class="body">Words of ${name} about it.</div></td></tr>`;
    const { items } = capture(`<table class="thread">${row('ann', 0, '3 hours ago')}${row('bob', 40, '2 hours ago')}${row('cat', 80, '1 hour ago')}${row('dan', 0, '5 hours ago')}</table>`, 'https://news.example/item?id=1');
    expect(items.map(({ name, depth, date }) => [name, depth, date])).toEqual([
      ['ann', 0, '2024-06-15'],
      ['bob', 1, '2024-06-15'],
      ['cat', 2, '2024-06-15'],
      ['dan', 0, '2024-06-15'],
    ]);
    expect(items[0]!.url).toBe('https://news.example/user?id=ann');
  });

  it('review cards with "by X", stars and scores out of 10, no profile links', () => {
    const card = (name: string, stars: string, score: number) =>
      `<div class="review-card"><div class="review-date">February 11, 2022</div><span class="stars" aria-label="${stars} out of 5 stars"></span><div class="critic-score rating">${score}</div><p class="review-text">Visited with family, ${name} liked it.</p><span class="by">by ${name}</span></div>`;
    const { items, page } = capture(`<section id="reviews">${card('Rita Shar', '4.5', 9)}${card('Stacey30', '2', 0)}${card('Tom', '5', 10)}</section>`, 'https://dealer.example/reviews');
    expect(items.map(({ name, rating, scale }) => [name, rating, scale])).toEqual([
      ['Rita Shar', 4.5, 5],
      ['Stacey30', 2, 5],
      ['Tom', 5, 5],
    ]);
    expect(page.kind).toBe('reviews');
    // Without a profile link a reviewer is known by the site and their name.
    expect(page.profiles.map((p) => p.key)).toEqual(['dealer.example:Rita Shar', 'dealer.example:Stacey30', 'dealer.example:Tom']);
  });

  it('marks out of 10 in a score element, a 0 among them', () => {
    const review = (name: string, score: number) =>
      `<li class="review"><div class="name"><a href="/user/${name}">${name}</a></div><div class="date">Dec 11, 2020</div><div class="grade"><span class="metascore">${score}</span></div><div class="review-body">Played it for ${name.length} hours.</div></li>`;
    const { items } = capture(`<ol class="reviews">${review('ann', 4)}${review('bob', 0)}${review('cat', 3)}</ol>`, 'https://games.example/game/x/user-reviews');
    expect(items.map(({ rating, scale }) => [rating, scale])).toEqual([
      [4, 10],
      [0, 10],
      [3, 10],
    ]);
  });

  it("the page's author (its meta author, or the person whose home the site is) answering is the owner replying", () => {
    const thread = (owner: string, ownerUrl: string) => `<ol class="comments">
      ${comment('Anna', 'March 3, 2024', 'Een goed verhaal over koffie.')}
      <li class="comment"><article class="comment-body"><footer class="comment-meta"><b class="comment-author"><a href="${ownerUrl}">${owner}</a></b><time>March 4, 2024</time></footer><div class="comment-content"><p>Dank je, fijn dat je het las.</p></div></article></li>
      ${comment('Bram', 'March 5, 2024', 'Twee kopjes per dag is genoeg.')}</ol>`;
    const byMeta = extractWith(GENERIC_SITE, htmlDocument(`<html><head><meta name="author" content="Eva Blog"></head><body>${thread('Eva Blog', '')}</body></html>`.replace('href=""', '')), URL_, { now: NOW });
    expect(byMeta.page.contributions.map((c) => c.role)).toEqual([undefined, 'owner-reply', undefined]);
    const journal = capture(thread('lozga', 'https://lozga.journal.example/'), 'https://lozga.journal.example/170880.html');
    expect(journal.items.map((i) => i.role)).toEqual([undefined, 'owner-reply', undefined]);
  });

  it('leaves out authors the page marks as bots', () => {
    const { items } = capture(`<ol class="comments">
      ${comment('Anna', 'March 3, 2024', 'Een goed verhaal over koffie.')}
      <li class="comment"><article class="comment-body"><footer class="comment-meta"><b class="comment-author"><a href="/author/helper/">Helper</a> <span class="badge">BOT</span></b><time>March 3, 2024</time></footer><div class="comment-content"><p>I am a bot that thanks everyone.</p></div></article></li>
      ${comment('Bram', 'March 4, 2024', 'Twee kopjes per dag is genoeg.')}
    </ol>`);
    expect(items.map((i) => i.name)).toEqual(['Anna', 'Bram']);
  });
});

describe('long lists and long texts', () => {
  it('a review of 20,000 characters keeps the same snippet as a short one would, with the date and rating after its text', () => {
    // In paragraphs, as long reviews are: words are gathered node by node.
    const words = Array.from({ length: 50 }, (_, p) => `<p>${Array.from({ length: 50 }, (_, i) => `woord${p * 50 + i}`).join(' ')}</p>`).join('');
    const card = (name: string) =>
      `<div class="review"><span class="reviewer"><a href="/user/${name}">${name}</a></span><div class="review-text">${words}</div><time datetime="2024-03-0${name.length}">March</time><span class="rating" aria-label="4 out of 5 stars"></span></div>`;
    const { items } = capture(['Ann', 'Bram', 'Cas'].map(card).join(''));
    expect(items.map(({ name, date, rating }) => [name, date, rating])).toEqual([
      ['Ann', '2024-03-03', 4],
      ['Bram', '2024-03-04', 4],
      ['Cas', '2024-03-03', 4],
    ]);
    // The builder's snippet: 500 characters at most, cut at a word, with an ellipsis.
    for (const it of items) {
      expect(it.text!.startsWith('woord0 woord1 woord2')).toBe(true);
      expect(it.text!.endsWith('…')).toBe(true);
      expect(Array.from(it.text!).length).toBeLessThanOrEqual(500);
      expect(Array.from(it.text!).length).toBeGreaterThan(450);
    }
  });

  it('a long list of names without words (a strip of video links) is left out, while the comments beside it are read', () => {
    const videos = Array.from({ length: 30 }, (_, i) => `<div class="tile"><a class="channel-name" href="/user/chan${i}">Channel ${i}</a><span class="published">March ${(i % 27) + 1}, 2024</span></div>`).join('');
    const comments = ['Anna', 'Bram', 'Cas'].map((n) => comment(n, 'March 3, 2024', `I tried this recipe, ${n} says it works well.`)).join('');
    const { items } = capture(`<ol class="comment-list">${comments}</ol><div class="strip">${videos}</div>`);
    expect(items.map((it) => it.name)).toEqual(['Anna', 'Bram', 'Cas']);
  });
});

describe('nobody rather than noise', () => {
  it('navigation menus, footers, sidebars and the logged-in user are not people', () => {
    const { status, page } = capture(`
      <header><div class="user-menu"><a class="username" href="/user/me">Logged In Lisa</a><a href="/logout">Log out</a></div></header>
      <nav><ul>${['Home', 'Koffie', 'Thee', 'Over ons'].map((n) => `<li><a class="nav-item" href="/${n}">${n}</a></li>`).join('')}</ul></nav>
      <main><article><h1>Koffie</h1><p>${'Tekst. '.repeat(50)}</p></article></main>
      <aside class="sidebar"><h3>Recent comments</h3><ul>${['Mo', 'Ne', 'Ot'].map((n) => `<li class="recent-comment"><a class="comment-author" href="/author/${n}/">${n}</a> on <a href="/p/1">A post</a> <time>March 3, 2024</time></li>`).join('')}</ul></aside>
      <footer><ul>${['Privacy', 'Terms', 'Contact'].map((n) => `<li><a href="/${n}">${n}</a></li>`).join('')}</ul><p>by Redactie</p></footer>`);
    expect(status).toBe('empty');
    expect(page.profiles).toEqual([]);
  });

  it('"people also viewed" and related-product strips are not contributions', () => {
    const { page } = capture(`
      <main><h1>Molen</h1><p>Beschrijving van de molen die koffie maalt.</p></main>
      <section class="related-products"><h2>Customers also viewed</h2>${['Bonenmolen', 'Handmolen', 'Espressomolen'].map((n) => `<div class="product-card"><a class="product-name" href="/p/${n}">${n}</a><span class="stars" aria-label="4 out of 5 stars"></span><span class="price">€ 30</span></div>`).join('')}</section>
      <section class="also-viewed"><h2>People also viewed</h2>${['Ann Bakker', 'Bob de Vries', 'Cas Jansen'].map((n) => `<div class="person"><a class="profile-name" href="/in/${n}">${n}</a><span class="headline">Barista at Cafe</span></div>`).join('')}</section>`, 'https://shop.example/p/molen');
    expect(page.profiles).toEqual([]);
  });

  it('suggested accounts with their follower counts are not contributions', () => {
    const account = (name: string, handle: string, count: string) =>
      `<li class="suggested-user"><a class="user-link" href="/@${handle}"><img alt="Avatar for ${handle}"><span class="user-title">${name}</span></a><span class="followers">${count} followers</span></li>`;
    const { page } = capture(`<ul class="suggested">${account('Toni K', 'toni', '12.3M')}${account('Ana M', 'ana', '8.1M')}${account('Ed S', 'ed', '33M')}</ul>`, 'https://video.example/@someone');
    expect(page.profiles).toEqual([]);
  });

  it('a grid of videos (channel names and upload dates without words) is not a list of comments', () => {
    const tile = (channel: string, i: number) =>
      `<div class="grid-video"><a class="thumb" href="/watch?v=${i}"><img src="t.jpg"></a><div class="meta"><a class="video-title" href="/watch?v=${i}">A video about laptops, part ${i}</a><a class="channel-name" href="/channel/UC${i}${channel}">${channel}</a><span class="views">${i}K views</span><span class="date">${i} days ago</span></div></div>`;
    const { page } = capture(`<div class="grid">${['Linus', 'Dave', 'Lisa', 'Marques', 'Austin'].map(tile).join('')}</div>`, 'https://video.example/user/someone');
    expect(page.profiles).toEqual([]);
  });

  it('one name on every item is a label or the owner\'s own shelf, not a conversation', () => {
    const shelf = ['Vlog 1', 'Vlog 2', 'Vlog 3'].map((t) => `<div class="playlist"><a class="owner" href="/user/me">Me Myself</a><p class="description">${t}: all my videos about coffee machines.</p></div>`).join('');
    const avatars = ['Ann', 'Bob', 'Cas', 'Dan'].map((n) => `<div class="c"><a class="avatar" href="/u/${n}"><img alt="Avatar"></a><p class="comment-text">Hi from ${n}, nice post!</p><time>March 3, 2024</time></div>`).join('');
    expect(capture(shelf).page.profiles).toEqual([]);
    expect(capture(avatars).page.profiles.map((p) => p.displayName)).not.toContain('Avatar');
  });
});
