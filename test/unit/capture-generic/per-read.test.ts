/**
 * What the generic extractor keeps per element while it reads a page: kept for
 * one read (an element is asked the same questions many times), never beyond
 * it (a live page changes its classes between two captures).
 */
import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { perRead, perString, readingPage, shapeOf, wordsOf } from '../../../lib/capture/generic/words';
import { hasByPrefix, hrefOf } from '../../../lib/capture/generic/names';

function element(html: string): Element {
  const { document } = parseHTML(`<!doctype html><html><body>${html}</body></html>`);
  return document.body.firstElementChild as unknown as Element;
}

describe('perRead', () => {
  it('computes once per element within one read', () => {
    let calls = 0;
    const tagOf = perRead((el: Element) => {
      calls++;
      return el.localName;
    });
    const el = element('<p class="a">x</p>');
    readingPage(() => {
      expect(tagOf(el)).toBe('p');
      expect(tagOf(el)).toBe('p');
    });
    expect(calls).toBe(1);
  });

  it('keeps a value that is false or undefined as well', () => {
    let calls = 0;
    const nothing = perRead((): undefined => {
      calls++;
      return undefined;
    });
    const el = element('<p>x</p>');
    readingPage(() => [nothing(el), nothing(el)]);
    expect(calls).toBe(1);
  });

  it('sees a class changed between two reads, and outside any read', () => {
    const el = element('<div class="user-name">x</div>');
    expect(readingPage(() => wordsOf(el))).toEqual(['user', 'name']);
    el.setAttribute('class', 'comment-body');
    expect(readingPage(() => [wordsOf(el), shapeOf(el)])).toEqual([['comment', 'body'], 'div.comment-body']);
    el.setAttribute('class', 'review');
    expect(wordsOf(el)).toEqual(['review']);
  });

  it('runs a read inside a read as part of it', () => {
    let calls = 0;
    const count = perRead(() => ++calls);
    const el = element('<p>x</p>');
    readingPage(() => {
      count(el);
      readingPage(() => count(el));
      count(el);
    });
    expect(calls).toBe(1);
  });
});

describe('perString', () => {
  it('computes once per string within one read, and afresh in the next read and outside any', () => {
    let calls = 0;
    const length = perString((value: string) => {
      calls++;
      return value.length;
    });
    readingPage(() => {
      expect([length('style-scope comment'), length('style-scope comment'), length('author')]).toEqual([19, 19, 6]);
    });
    expect(calls).toBe(2);
    readingPage(() => length('author'));
    length('author');
    expect(calls).toBe(4);
  });

  it('gives an element its words from its class and its other describing attributes, as before', () => {
    const el = element('<span class="commentAuthor x" id="byline-3" role="link" data-testid="UserName">Ann</span>');
    const words = ['comment', 'author', 'x', 'byline', '3', 'link', 'user', 'name'];
    expect(readingPage(() => wordsOf(el))).toEqual(words);
    expect(wordsOf(el)).toEqual(words);
  });
});

describe('hasByPrefix', () => {
  it('reads "by" after indentation, within the text\'s first 60 characters', () => {
    expect(hasByPrefix('\n      by Ann')).toBe(true);
    expect(hasByPrefix('  Posted by Ann')).toBe(true);
    expect(hasByPrefix('от Анны')).toBe(true);
    expect(hasByPrefix(`${' '.repeat(56)}by Ann`)).toBe(true);
    expect(hasByPrefix(`${' '.repeat(57)}by Ann`)).toBe(false);
    expect(hasByPrefix(`by${' '.repeat(58)}Ann`)).toBe(false);
    expect(hasByPrefix('bypass the queue')).toBe(false);
    expect(hasByPrefix('   ')).toBe(false);
  });
});

describe('hrefOf', () => {
  it('resolves the same address against each base it is given', () => {
    const a = element('<a href="/users/ann">Ann</a>');
    expect(hrefOf(a, new URL('https://one.example/x'))?.href).toBe('https://one.example/users/ann');
    expect(hrefOf(a, new URL('https://two.example/y'))?.href).toBe('https://two.example/users/ann');
    expect(hrefOf(a, new URL('https://one.example/x'))?.href).toBe('https://one.example/users/ann');
  });

  it('still refuses addresses that are not web pages', () => {
    const base = new URL('https://one.example/x');
    expect(hrefOf(element('<a href="javascript:alert(1)">x</a>'), base)).toBeUndefined();
    expect(hrefOf(element('<a href="mailto:a@b.example">x</a>'), base)).toBeUndefined();
  });
});
