/**
 * What the generic extractor keeps per element while it reads a page: kept for
 * one read (an element is asked the same questions many times), never beyond
 * it (a live page changes its classes between two captures).
 */
import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { perRead, readingPage, shapeOf, wordsOf } from '../../../lib/capture/generic/words';
import { hrefOf } from '../../../lib/capture/generic/names';

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
