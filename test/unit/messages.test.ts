import { describe, expect, it } from 'vitest';
import { MESSAGES, MessageRejected, classifySender, validateMessage } from '../../lib/messages';

const OWN_ID = 'abcdefghijklmnopabcdefghijklmnop';
const ORIGIN = `chrome-extension://${OWN_ID}/`;

const capture = {
  type: 'capture/report',
  page: {
    url: 'https://www.amazon.nl/product-reviews/B0BBPNPZTC',
    site: 'amazon',
    kind: 'reviews',
    profiles: [{ platform: 'amazon', key: 'amzn1.account.AAA', displayName: 'Jan' }],
    contributions: [],
  },
};

function rejection(fn: () => unknown): MessageRejected {
  try {
    fn();
  } catch (error) {
    if (error instanceof MessageRejected) return error;
    throw error;
  }
  throw new Error('expected the message to be rejected');
}

describe('classifySender', () => {
  it('knows our pages and our content scripts', () => {
    expect(classifySender({ id: OWN_ID, url: `${ORIGIN}popup.html` }, OWN_ID, ORIGIN)).toBe('page');
    expect(classifySender({ id: OWN_ID, url: 'https://www.amazon.nl/dp/X', tabId: 4 }, OWN_ID, ORIGIN)).toBe('content');
  });
  it('refuses another extension, a web page and a forged origin', () => {
    expect(rejection(() => classifySender({ id: 'other', url: `${ORIGIN}popup.html` }, OWN_ID, ORIGIN)).code).toBe('forbidden');
    expect(rejection(() => classifySender({ id: OWN_ID, url: 'https://evil.example/' }, OWN_ID, ORIGIN)).code).toBe('forbidden');
    expect(rejection(() => classifySender({ id: OWN_ID, url: 'chrome-extension://other/popup.html', tabId: 1 }, OWN_ID, ORIGIN)).code).toBe('forbidden');
    expect(rejection(() => classifySender({}, OWN_ID, ORIGIN)).code).toBe('forbidden');
  });
});

describe('validateMessage', () => {
  it('accepts a well-formed capture from a content script', () => {
    expect(validateMessage(capture, 'content')).toEqual(capture);
  });

  it.each([
    ['null', null],
    ['a string', 'capture/report'],
    ['an array', [capture]],
    ['no type', { page: capture.page }],
  ])('rejects %s as malformed or unknown', (_name, raw) => {
    expect(['malformed', 'unknown-type']).toContain(rejection(() => validateMessage(raw, 'content')).code);
  });

  it('rejects an unknown type and does not echo a long one', () => {
    const error = rejection(() => validateMessage({ type: 'db/dump'.repeat(50) }, 'page'));
    expect(error.code).toBe('unknown-type');
    expect(error.message.length).toBeLessThan(120);
  });

  it('rejects inherited property names as types', () => {
    expect(rejection(() => validateMessage({ type: 'constructor' }, 'page')).code).toBe('unknown-type');
    expect(rejection(() => validateMessage({ type: '__proto__' }, 'page')).code).toBe('unknown-type');
  });

  it('forbids a content script what only extension pages may do', () => {
    const error = rejection(() => validateMessage({ type: 'match/confirm', profileId: 'p', customerId: 'c' }, 'content'));
    expect(error.code).toBe('forbidden');
    expect(error.message).toBe('a content script may not send match/confirm');
    expect(rejection(() => validateMessage({ type: 'sample/load' }, 'content')).code).toBe('forbidden');
  });

  it('names the field of a malformed body', () => {
    const bad = { ...capture, page: { ...capture.page, profiles: [{ platform: 'amazon', key: 'k', displayName: 'J', followers: -5 }] } };
    const error = rejection(() => validateMessage(bad, 'content'));
    expect(error.code).toBe('malformed');
    expect(error.message).toContain('page.profiles.0.followers');
  });

  it('rejects extra fields smuggled into a message', () => {
    expect(rejection(() => validateMessage({ type: 'sample/load', sql: 'drop' }, 'page')).code).toBe('malformed');
  });

  it('lets content scripts send only what capture needs (the attack surface of docs/security.md)', () => {
    const fromContent = Object.values(MESSAGES).filter((m) => (m.from as readonly string[]).includes('content')).map((m) => m.type);
    // Adding a kind here widens what a compromised page context could ask for: update docs/security.md with it.
    expect(fromContent.sort()).toEqual(['badges/get', 'capture/broken', 'capture/fallback', 'capture/report']);
  });

  it('gives every message kind at least one allowed sender', () => {
    for (const [type, def] of Object.entries(MESSAGES)) {
      expect(def.type).toBe(type);
      expect(def.from.length).toBeGreaterThan(0);
    }
  });
});
