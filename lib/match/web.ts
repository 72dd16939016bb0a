/**
 * Email addresses, web addresses and domains as evidence of identity. A
 * free-mail domain (gmail.com, ziggo.nl, yandex.ru) says nothing about who a
 * person is; a shop's own domain does. A link to a platform profile
 * (instagram.com/janneke.vd) is a handle, not a website.
 */
import type { Platform } from '../model';
import { fold } from '../text/fold';

/** Mailbox providers: sharing one is no evidence. NL, BE, DE, GB, RU and the global ones. */
export const FREE_MAIL_DOMAINS: ReadonlySet<string> = new Set([
  'gmail.com', 'googlemail.com', 'hotmail.com', 'hotmail.nl', 'hotmail.co.uk', 'hotmail.de', 'hotmail.be', 'outlook.com', 'outlook.nl',
  'live.com', 'live.nl', 'live.be', 'live.co.uk', 'msn.com', 'yahoo.com', 'yahoo.co.uk', 'yahoo.de', 'yahoo.nl', 'ymail.com',
  'icloud.com', 'me.com', 'mac.com', 'aol.com', 'proton.me', 'protonmail.com', 'pm.me', 'mail.com', 'gmx.com', 'zoho.com',
  'ziggo.nl', 'kpnmail.nl', 'kpnplanet.nl', 'planet.nl', 'home.nl', 'xs4all.nl', 'casema.nl', 'chello.nl', 'hetnet.nl',
  'tele2.nl', 'upcmail.nl', 'quicknet.nl', 'zeelandnet.nl', 'onsbrabantnet.nl', 'solcon.nl', 'online.nl', 'freeler.nl',
  'telenet.be', 'skynet.be', 'proximus.be', 'scarlet.be', 'base.be',
  'web.de', 'gmx.de', 'gmx.net', 't-online.de', 'freenet.de', 'arcor.de', 'posteo.de', 'mailbox.org',
  'btinternet.com', 'sky.com', 'virginmedia.com', 'talktalk.net', 'ntlworld.com', 'blueyonder.co.uk',
  'yandex.ru', 'ya.ru', 'yandex.com', 'mail.ru', 'bk.ru', 'list.ru', 'inbox.ru', 'internet.ru', 'rambler.ru', 'lenta.ru', 'ukr.net',
]);

/** Second-level labels under which a registrable domain has three labels (shop.co.uk). */
const MULTI_PART_SUFFIXES = new Set(['co.uk', 'org.uk', 'me.uk', 'ac.uk', 'ltd.uk', 'plc.uk', 'com.au', 'co.nz', 'com.br', 'co.za', 'msk.ru', 'spb.ru', 'com.ru', 'org.ru', 'com.ua', 'co.il']);

/** Where a person's profile lives: the path that names them, per platform. */
const PROFILE_HOSTS: readonly (readonly [RegExp, Platform, RegExp])[] = [
  [/(^|\.)instagram\.com$/, 'instagram', /^\/([\w.]+)\/?$/],
  [/(^|\.)tiktok\.com$/, 'tiktok', /^\/@([\w.]+)/],
  [/(^|\.)youtube\.com$/, 'youtube', /^\/(@[\w.-]+)/],
  [/(^|\.)(x|twitter)\.com$/, 'x', /^\/(\w{1,15})\/?$/],
  [/^bsky\.app$/, 'bluesky', /^\/profile\/([\w.-]+)/],
  [/(^|\.)linkedin\.com$/, 'linkedin', /^\/in\/([\w-]+)/],
  [/(^|\.)reddit\.com$/, 'reddit', /^\/u(?:ser)?\/([\w-]+)/],
  [/(^|\.)(linktr\.ee|beacons\.ai|lnk\.bio|linkin\.bio|t\.me|vk\.com|facebook\.com|pinterest\.com|threads\.net)$/, 'other', /^\/@?([\w.-]+)\/?$/],
];

/** Hosts that are platforms or link services: never somebody's own website. */
const PLATFORM_DOMAINS = new Set([
  'instagram.com', 'tiktok.com', 'youtube.com', 'youtu.be', 'x.com', 'twitter.com', 'bsky.app', 'linkedin.com', 'reddit.com',
  'facebook.com', 'fb.com', 'linktr.ee', 'beacons.ai', 'lnk.bio', 'linkin.bio', 't.me', 'vk.com', 'ok.ru', 'pinterest.com',
  'threads.net', 'amazon.com', 'amazon.nl', 'amazon.de', 'amazon.co.uk', 'trustpilot.com', 'google.com', 'goo.gl', 'bit.ly',
  'wa.me', 'spotify.com', 'twitch.tv', 'etsy.com', 'substack.com', 'medium.com', 'wordpress.com', 'blogspot.com', 'wix.com',
  'bol.com', 'marktplaats.nl', 'vinted.nl', 'yelp.com', 'goodreads.com', 'g2.com', 'patreon.com', 'ko-fi.com', 'buymeacoffee.com',
]);

/** The domain a person registered: lower case, without www, port or path ("https://www.Bakkerij.nl/x" -> bakkerij.nl). */
export function registrableDomain(urlOrHost: string): string | null {
  const host = hostOf(urlOrHost);
  if (!host) return null;
  const labels = host.split('.');
  if (labels.length < 2) return null;
  const lastTwo = labels.slice(-2).join('.');
  if (MULTI_PART_SUFFIXES.has(lastTwo) && labels.length >= 3) return labels.slice(-3).join('.');
  return lastTwo;
}

function hostOf(urlOrHost: string): string | null {
  const text = urlOrHost.trim().toLowerCase();
  if (!text) return null;
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//.test(text) ? text : `https://${text}`;
  try {
    const host = new URL(withScheme).hostname.replace(/^www\d?\./, '').replace(/\.$/, '');
    return /^[a-z0-9.-]+\.[a-z]{2,}$/.test(host) ? host : null;
  } catch {
    return null;
  }
}

/** A domain that can identify a person or their business: not free mail, not a platform or link service. */
export function isIdentityDomain(domain: string): boolean {
  return !FREE_MAIL_DOMAINS.has(domain) && !PLATFORM_DOMAINS.has(domain);
}

/** The handle in a link to a platform profile: instagram.com/janneke.vd -> { instagram, janneke.vd }. */
export function handleFromUrl(url: string): { platform: Platform; handle: string } | null {
  let parsed: URL;
  try {
    parsed = new URL(/^[a-z]+:\/\//i.test(url) ? url : `https://${url}`);
  } catch {
    return null;
  }
  const host = parsed.hostname.toLowerCase().replace(/^(www|m|mobile)\./, '');
  for (const [hostPattern, platform, pathPattern] of PROFILE_HOSTS) {
    if (!hostPattern.test(host)) continue;
    const m = pathPattern.exec(parsed.pathname);
    if (!m) return null;
    const handle = m[1]!;
    if (/^(p|reel|reels|explore|watch|channel|c|user|hashtag|share|search|home|i|intent)$/i.test(handle)) return null;
    return { platform, handle };
  }
  return null;
}

export interface EmailAddress {
  local: string;
  domain: string;
}

/** An address: a plain @ and dots, or the "[at]" / "(dot)" disguises (only these may have spaces around them). */
const EMAIL = /([\p{L}\p{N}._%+-]+)(?:@|\s?[[(]\s?(?:at|@)\s?[\])]\s?)([\p{L}\p{N}-]+(?:(?:\.|\s?[[(]\s?(?:dot|punt|точка)\s?[\])]\s?)[\p{L}\p{N}-]+)+)/giu;

/** Email addresses in free text, including the "name [at] domain [dot] nl" disguise. */
export function emailsIn(text: string): EmailAddress[] {
  const out: EmailAddress[] = [];
  for (const m of text.matchAll(EMAIL)) {
    const local = m[1]!.replace(/^[.]+|[.]+$/g, '').toLowerCase();
    const domain = m[2]!
      .replace(/\s?[[(]\s?(?:dot|punt|точка)\s?[\])]\s?/giu, '.')
      .replace(/\s+/g, '')
      .toLowerCase();
    if (local && /\.[a-z]{2,}$/.test(domain)) out.push({ local, domain });
  }
  return out;
}

/** Split an address into its local part and domain; null when it is not one. */
export function parseEmail(address: string): EmailAddress | null {
  const at = address.lastIndexOf('@');
  if (at <= 0 || at === address.length - 1) return null;
  return { local: address.slice(0, at).trim().toLowerCase(), domain: address.slice(at + 1).trim().toLowerCase() };
}

/**
 * The comparable form of a local part or a handle: letters and digits only,
 * plus-tags dropped ("Janneke.VD+shop" -> "jannekevd"), so a handle built
 * from an address compares with the address.
 */
export function identifierKey(localOrHandle: string): string {
  return fold(localOrHandle.replace(/^@/, '').replace(/\+.*$/, '')).replace(/[^\p{L}\p{N}]+/gu, '');
}

const URL_IN_TEXT = /(?<![@\w.])(?:https?:\/\/)?(?:www\.)?[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*\.(?:nl|be|de|com|net|org|ru|uk|eu|io|shop|store|info|co|me|app|blog|online|site|art|studio|design|bio|ee|bakery|cafe)(?:\/[^\s,;)]*)?/gi;

/** Web addresses in free text (with or without a scheme), excluding email domains. */
export function urlsIn(text: string): string[] {
  return [...text.matchAll(URL_IN_TEXT)].map((m) => m[0]);
}

/** Handles mentioned in free text: "@janneke.bakt", "IG: janneke.vd". */
export function mentionsIn(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/(?<![\w.@])@([\p{L}\p{N}_.]{2,30}[\p{L}\p{N}_])/gu)) out.push(m[1]!);
  for (const m of text.matchAll(/\b(?:ig|insta|instagram|tiktok|tt|yt|youtube|twitter|x)\s*[:=]\s*@?([\p{L}\p{N}_.]{2,30})/giu)) out.push(m[1]!.replace(/\.+$/, ''));
  return out;
}
