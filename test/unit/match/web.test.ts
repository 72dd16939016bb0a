import { describe, expect, it } from 'vitest';
import { emailsIn, handleFromUrl, identifierKey, isIdentityDomain, mentionsIn, parseEmail, registrableDomain, urlsIn } from '../../../lib/match/web';

describe('emails, links and handles in a bio', () => {
  it('finds email addresses, also written with [at] and [dot]', () => {
    expect(emailsIn('Contact: janneke.vdberg@ziggo.nl or info [at] bakkerij [dot] nl, Anna@Yandex.RU')).toEqual([
      { local: 'janneke.vdberg', domain: 'ziggo.nl' },
      { local: 'info', domain: 'bakkerij.nl' },
      { local: 'anna', domain: 'yandex.ru' },
    ]);
    expect(emailsIn('Пишите: olga(at)mail.ru')).toEqual([{ local: 'olga', domain: 'mail.ru' }]);
    expect(emailsIn('No address here @ all')).toEqual([]);
    expect(emailsIn('ook @janneke.bakt')).toEqual([]);
  });

  it('finds web addresses but not email domains', () => {
    expect(urlsIn('Shop: www.jannekebakt.nl/shop and https://linktr.ee/janneke - mail me@x.com')).toEqual(['www.jannekebakt.nl/shop', 'https://linktr.ee/janneke']);
  });

  it('finds mentioned handles', () => {
    expect(mentionsIn('Also @janneke.bakt and IG: jvdb_bakes. Mail me@example.com')).toEqual(['janneke.bakt', 'jvdb_bakes']);
  });

  it('reads the handle in a link to a profile', () => {
    expect(handleFromUrl('https://www.instagram.com/janneke.vd/')).toEqual({ platform: 'instagram', handle: 'janneke.vd' });
    expect(handleFromUrl('https://www.youtube.com/@JannekeBakt')).toEqual({ platform: 'youtube', handle: '@JannekeBakt' });
    expect(handleFromUrl('https://www.tiktok.com/@anna.iv?lang=nl')).toEqual({ platform: 'tiktok', handle: 'anna.iv' });
    expect(handleFromUrl('https://bsky.app/profile/janneke.bsky.social')).toEqual({ platform: 'bluesky', handle: 'janneke.bsky.social' });
    expect(handleFromUrl('https://www.instagram.com/p/Cx12ab/')).toBeNull();
    expect(handleFromUrl('https://www.bakkerij.nl/')).toBeNull();
  });
});

describe('domains', () => {
  it('reduces addresses to the registrable domain', () => {
    expect(registrableDomain('https://www.Bakkerij-deVries.nl/taart?x=1')).toBe('bakkerij-devries.nl');
    expect(registrableDomain('shop.bakery.co.uk')).toBe('bakery.co.uk');
    expect(registrableDomain('not a domain')).toBeNull();
  });

  it('says free mail and platforms are no evidence of identity', () => {
    for (const d of ['gmail.com', 'ziggo.nl', 'kpnmail.nl', 'yandex.ru', 'mail.ru', 'web.de', 'telenet.be', 'btinternet.com', 'instagram.com', 'linktr.ee']) {
      expect(isIdentityDomain(d), d).toBe(false);
    }
    expect(isIdentityDomain('bakkerij-devries.nl')).toBe(true);
  });

  it('compares local parts and handles on letters and digits', () => {
    expect(identifierKey('Janneke.VD+shop')).toBe('jannekevd');
    expect(identifierKey('@janneke_vd')).toBe('jannekevd');
    expect(parseEmail('Jan.de.Vries@Ziggo.NL')).toEqual({ local: 'jan.de.vries', domain: 'ziggo.nl' });
  });
});
