/**
 * Code paths that no saved page exercises yet: the rendered elements single-
 * page sites show after in-app navigation (their embedded data is then stale),
 * YouTube comments, Trustpilot reviewer pages, Google contributor pages and
 * the logged-in Instagram header. The markup below is written after the
 * element names and attributes these sites use; it is NOT a saved page, and
 * each test should be replaced by a real page when one is saved (see
 * lib/capture/README.md, "Adding a site"). They keep the code honest until then.
 */
import { describe, expect, it } from 'vitest';
import { extractPage } from '../../../lib/capture/registry';
import { htmlDocument, loadPage } from './helpers';

const NOW = Date.parse('2025-02-01T12:00:00Z');

describe('youtube after in-app navigation', () => {
  it('reads the rendered channel header when ytInitialData is about another channel', () => {
    const doc = loadPage('youtube/metascraper-channel.html');
    doc.body.insertAdjacentHTML(
      'beforeend',
      `<yt-page-header-renderer><yt-dynamic-text-view-model><h1>Janneke Bakt</h1></yt-dynamic-text-view-model>
       <yt-content-metadata-view-model><span>@jannekebakt</span><span>•</span><span>12,3K abonnees</span><span>•</span><span>310 video's</span></yt-content-metadata-view-model></yt-page-header-renderer>`,
    );
    const { page, status } = extractPage(doc, 'https://www.youtube.com/@jannekebakt', { now: NOW });
    expect(status).toBe('ok');
    expect(page.profiles).toEqual([
      { platform: 'youtube', key: '@jannekebakt', displayName: 'Janneke Bakt', handle: '@jannekebakt', profileUrl: 'https://www.youtube.com/@jannekebakt', followers: 12_300, posts: 310 },
    ]);
  });

  it('does not take the previous channel header for the new one', () => {
    const doc = htmlDocument(`<yt-page-header-renderer><h1>Old Channel</h1><yt-content-metadata-view-model>@oldchannel · 5K subscribers</yt-content-metadata-view-model></yt-page-header-renderer>`);
    expect(extractPage(doc, 'https://www.youtube.com/@newchannel').status).toBe('broken');
  });

  it('reads the rendered owner and the comments as they load on a watch page', () => {
    const doc = htmlDocument(`<ytd-watch-metadata><h1>Appeltaart zonder suiker</h1>
      <ytd-video-owner-renderer><div id="channel-name"><a href="/@jannekebakt">Janneke Bakt</a></div><div id="owner-sub-count">12,3K abonnees</div></ytd-video-owner-renderer></ytd-watch-metadata>
      <ytd-comment-thread-renderer><ytd-comment-view-model>
        <a id="author-text" href="/@pieter.k"><span>@pieter.k</span></a><span id="published-time-text"><a>2 weken geleden</a></span>
        <span id="content-text">Gemaakt, heerlijk!</span><span id="vote-count-middle">14</span></ytd-comment-view-model></ytd-comment-thread-renderer>
      <ytd-comment-thread-renderer><ytd-comment-view-model>
        <a id="author-text" href="/@anna_ivanova_spb"><span>@anna_ivanova_spb</span></a><span id="published-time-text"><a href="/watch?v=abc123XYZ_-&amp;lc=UgxKQz3_9a-Fq4AaABAg">1 maand geleden</a></span>
        <span id="content-text">&lt;img src=x onerror=alert(1)&gt; Спасибо!</span><span id="vote-count-middle"></span></ytd-comment-view-model></ytd-comment-thread-renderer>`);
    const { page } = extractPage(doc, 'https://www.youtube.com/watch?v=abc123XYZ_-', { now: NOW });
    expect(page.profiles.map((p) => [p.key, p.followers])).toEqual([
      ['@jannekebakt', 12_300],
      ['@pieter.k', undefined],
      ['@anna_ivanova_spb', undefined],
    ]);
    expect(page.contributions).toEqual([
      { profileKey: '@jannekebakt', key: 'video:abc123XYZ_-', type: 'post', text: 'Appeltaart zonder suiker' },
      { profileKey: '@pieter.k', type: 'comment', date: '2025-01-18', text: 'Gemaakt, heerlijk!', helpfulVotes: 14, subject: 'Appeltaart zonder suiker' },
      // The comment's own id, from its link, so an edited or re-rendered comment is stored once.
      { profileKey: '@anna_ivanova_spb', key: 'comment:UgxKQz3_9a-Fq4AaABAg', type: 'comment', date: '2025-01-01', text: '<img src=x onerror=alert(1)> Спасибо!', helpfulVotes: 0, subject: 'Appeltaart zonder suiker' },
    ]);
  });
});

describe('pages without a saved example', () => {
  it('trustpilot reviewer page: the person and the businesses they reviewed', () => {
    const doc = htmlDocument(`<main><h1><span data-consumer-name-typography="true">Jan de Vries</span></h1><p>12 reviews · NL</p>
      <article data-service-review-card-paper="true"><a href="/review/koffiemolen.nl">Koffiemolen.nl</a>
        <div data-service-review-rating="4"></div><time datetime="2024-03-03T10:00:00.000Z">Mar 3, 2024</time>
        <p data-service-review-text-typography="true">Snelle levering.</p></article></main>`);
    const { page } = extractPage(doc, 'https://www.trustpilot.com/users/5faafeec74c77b001b1bd566');
    expect(page.kind).toBe('profile');
    expect(page.profiles).toEqual([
      { platform: 'trustpilot', key: '5faafeec74c77b001b1bd566', displayName: 'Jan de Vries', profileUrl: 'https://www.trustpilot.com/users/5faafeec74c77b001b1bd566', reviewCount: 12 },
    ]);
    expect(page.contributions).toEqual([
      { profileKey: '5faafeec74c77b001b1bd566', type: 'review', rating: 4, date: '2024-03-03T10:00:00.000Z', text: 'Snelle levering.', subject: 'Koffiemolen.nl' },
    ]);
  });

  it('google contributor page: Local Guide level and review count', () => {
    const doc = htmlDocument(`<div role="main"><div><h1>Ana Maria Garcia</h1><div>Local Guide · Level 6</div><div>51 reviews · 230 photos</div></div></div>`);
    const { page } = extractPage(doc, 'https://www.google.com/maps/contrib/118121404093009323582/reviews');
    expect(page.profiles[0]).toMatchObject({ key: '118121404093009323582', reviewCount: 51, badges: ['local-guide', 'local-guide-level-6'] });
  });

  it('instagram logged-in header: exact counts from title attributes, over stale meta', () => {
    const doc = loadPage('instagram/metascraper-profile.html');
    doc.body.insertAdjacentHTML(
      'afterbegin',
      `<header><section><h2>jannekebakt</h2><ul><li><span>310</span> posts</li><li><a><span title="12,345">12.3K</span> followers</a></li><li><span>210</span> following</li></ul></section></header>`,
    );
    const { page } = extractPage(doc, 'https://www.instagram.com/jannekebakt/');
    expect(page.profiles).toEqual([
      { platform: 'instagram', key: 'jannekebakt', displayName: 'jannekebakt', handle: 'jannekebakt', profileUrl: 'https://www.instagram.com/jannekebakt/', followers: 12_345, following: 210, posts: 310 },
    ]);
  });
});
