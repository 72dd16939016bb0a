/**
 * Reading one item of a repeated structure (a review card, a comment, a
 * post): every date, rating and body the markup offers, each with the shape
 * of the element it came from, so the caller can pick the same field in every
 * item (the date under the name, not the registration date under the avatar).
 * One walk per item, bounded, never writing to the page.
 */
import { collapse } from '../dom';
import { LIMITS } from '../builder';
import { parseDate } from '../dates';
import { classOf, classTokensOf, hasWord, perRead, wordsOf } from './words';
import { epochDate } from './values';
import type { RatingScale } from '../../model/capture';

export interface Candidate<T> {
  el: Element;
  value: T;
  /** The element's shape and its parent's, within the item: the same field has the same shape in every item. */
  shape: string;
  /** Lower is surer: machine-readable attributes before words on the page, absolute dates before "3 days ago". */
  rank: number;
}

/** A rating as found: with its scale when the page says it, else a number whose scale the group decides. */
export interface RatingReading {
  value: number;
  scale?: RatingScale;
  /** 'class': a number in a class name (rating-45, rated-9); 'number': a bare number in a score element. */
  kind: 'explicit' | 'class' | 'number';
}

export interface ItemFields {
  dates: Candidate<string>[];
  ratings: Candidate<RatingReading>[];
  text: string;
}

export interface ReadOptions {
  now: number;
  /** The author's name element: its words are not the item's text. */
  exclude: readonly Element[];
  /** Elements walked per item at most: a hostile item cannot make the walk unbounded. */
  budget?: number;
  /**
   * What each element was read as, kept across the items of one extraction: candidate lists
   * overlap (a list's items inside another list's), and each element is read once.
   */
  readings?: ElementReadings;
}

/** An element's own date and ratings, as read once; the item it sits in gives them their shape. */
interface ElementReading {
  date?: { iso: string; rank: number };
  ratings: { value: RatingReading; rank: number }[];
}

export type ElementReadings = Map<Element, ElementReading>;

/** A fresh store of element readings, for one extraction (the clock and the page do not change in it). */
export function elementReadings(): ElementReadings {
  return new Map();
}

const SKIPPED = new Set(['script', 'style', 'noscript', 'template', 'svg', 'button', 'select', 'textarea', 'input', 'option', 'iframe', 'object', 'canvas', 'video', 'audio']);
const BLOCK = new Set(['p', 'div', 'li', 'br', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'tr', 'td', 'dd', 'dt', 'blockquote', 'section', 'article', 'header', 'footer', 'pre', 'ul', 'ol', 'table']);
/** Parts of an item that are its frame, not its words: the byline, dates, votes, actions. */
const CHROME = /^(?:meta|metadata|header|footer|actions?|controls?|toolbar|buttons?|reply|replies|share|sharing|votes?|voting|like|likes|report|menu|avatar|userpic|signature|sig|author|byline|username|user|date|time|timestamp|permalink|tagline|stats|rating|ratings|score|badges?|flair|info|userinfo|profile|photo|icon|hidden|dropdown|tooltip|translate|helpful)$/;
const BODY = /^(?:text|body|content|message|msg|snippet|blurb|description|entry|review|comment|post|md|prose|copy|excerpt|usertext)$/;
/** Dates that are the person's, not the item's: "Registered: Jan 2010", "Joined 2015", "Member since". */
const REGISTRATION = /(?:regist|joined|join date|member since|mitglied seit|dabei seit|lid sinds|inscrit|membre depuis|регистрац|зарегистр|на сайте с|с нами)/i;
const REGISTRATION_WORD = /^(?:reg|regdate|registered|registration|joined|joindate|join|since|membersince)$/;
const DATE_ATTRIBUTES = ['data-timestamp', 'data-time', 'data-utime', 'data-date', 'data-datetime', 'data-created', 'data-created-at', 'data-published'] as const;
/** The words of a date without figures: "yesterday", "today", "just now" (and "3 days ago" has "ago"). */
const DAY_WORD = /ago\b|geleden|\bvor\s|il y a|назад|hace\s|\bfa\b|\bhá\s|gestern|yesterday|gisteren|\bhier\b|вчера|позавчера|today|heute|vandaag|сегодня|just now|zojuist|только что/iu;
/** What every date parseDate reads has: a year, a day and month in figures, a month name by a day, or a relative word. */
const DATE_HINT = new RegExp(`\\d{4}|\\d{1,2}[./-]\\d{1,2}|\\p{L}{3,}\\.?,?\\s+\\d{1,2}\\b|\\b\\d{1,2}(?:st|nd|rd|th|er|\\.)?\\s+\\p{L}{3,}|${DAY_WORD.source}|^\\s*·?\\s*\\d+\\s?(?:s|m|min|h|d|w|mo|y)\\s*$`, 'iu');
const DIGIT = /\d/;

/** Whether a text may hold a date: most texts have no figure, and then only the day words can say one. */
const mayBeDate = (value: string) => (DIGIT.test(value) ? DATE_HINT : DAY_WORD).test(value);
const STARS = /^[\s★☆✩✪✫✬✭✮⭐✰½]+$/u;
const FILLED_STAR = /[★✪✫✬✭✮⭐✰]/gu;
const STAR_CHAR = /[★✪✫✬✭✮⭐✰]/u;
/** A cheap look at class, id and itemprop before reading words: does the markup speak of ratings? */
const RATINGISH = /rat|star|grade|score|mark|note|bewert|beoord|оцен|рейт/i;

function ratingish(el: Element | null): boolean {
  return el !== null && ratingishElement(el);
}

const ratingishElement = perRead((el: Element): boolean => {
  if (!el.hasAttributes()) return false;
  const id = el.getAttribute('id');
  const prop = el.getAttribute('itemprop');
  return RATINGISH.test(classOf(el)) || (id !== null && RATINGISH.test(id)) || (prop !== null && RATINGISH.test(prop));
});
/** Words of elements that hold a rating; "score" only with its scale written out (it is also a vote tally). */
const RATING_WORD = /^(?:rating|ratings|rated|rate|stars?|grade|metascore|note|bewertung|beoordeling|оценка|рейтинг)$/;
const SCORE_WORD = /^(?:score|scores|mark)$/;
/** Tallies that sit where scores sit: votes, likes, karma, points. */
const TALLY_WORD = /^(?:likes?|karma|points?|counts?|comments?|replies|reply|views?|followers?|helpful|thumbs?|ups?|downs?|plus|minus|reactions?)$|vote/;
const OUT_OF = /(\d+(?:[.,]\d+)?)\s*(?:\/|out of|of|von|sur|uit|из|de|su)\s*(\d+(?:[.,]\d+)?)/i;
const N_STARS = /(\d+(?:[.,]\d+)?)\s*(?:stars?|sterren|sterne[n]?|étoiles?|estrellas|stelle|звезд)/i;
const CLASS_NUMBER = /(?:rating|rated|stars?|score|rate)[-_]?(\d{1,3})(?:[-_](\d))?$/;

/**
 * Text of an element, or undefined when it is longer than `max` characters (a
 * container, not a label). Walks sibling to sibling, so a large element is
 * given up on after a few nodes instead of having all its children listed.
 */
export function shortText(el: Element, max: number): string | undefined {
  // Indented markup pads text with whitespace: only what is not whitespace counts towards the limit.
  const limit = max + 40;
  const maxSteps = max * 3 + 60;
  let out = '';
  let visible = 0;
  let steps = 0;
  let node: Node | null = el.firstChild;
  while (node) {
    if (++steps > maxSteps) return undefined;
    let next: Node | null = null;
    if (node.nodeType === 3) {
      const value = node.nodeValue ?? '';
      visible += value.trim().length;
      if (visible > limit || out.length > limit * 20) return undefined;
      out += value;
    } else if (node.nodeType === 1) {
      const tag = (node as Element).localName;
      if (BLOCK.has(tag)) out += ' ';
      if (!SKIPPED.has(tag)) next = node.firstChild;
    }
    // Down when there is something inside; else on to the next sibling, climbing out of finished elements.
    while (!next && node && node !== el) {
      if (node.nodeType === 1 && BLOCK.has((node as Element).localName)) out += ' ';
      next = node.nextSibling;
      if (!next) node = node.parentNode;
    }
    node = next;
  }
  const value = collapse(out);
  return value.length <= max ? value : undefined;
}

function scaleOf(value: number): RatingScale | undefined {
  return value === 5 || value === 10 || value === 100 ? value : undefined;
}

function number(value: string): number {
  return Number(value.replace(',', '.'));
}

/** A rating in words or attributes: "4.5 out of 5", "8/10", "4 stars", "Rated 4". */
export function ratingInWords(value: string | null | undefined): RatingReading | undefined {
  if (!value || value.length > 120) return undefined;
  const outOf = OUT_OF.exec(value);
  if (outOf) {
    const scale = scaleOf(number(outOf[2]!));
    const rating = number(outOf[1]!);
    return scale !== undefined && rating >= 0 && rating <= scale ? { value: rating, scale, kind: 'explicit' } : undefined;
  }
  const stars = N_STARS.exec(value);
  if (stars) {
    const rating = number(stars[1]!);
    return rating >= 0 && rating <= 5 ? { value: rating, scale: 5, kind: 'explicit' } : undefined;
  }
  return undefined;
}

/**
 * The shape of an element within an item: its tag and first class, and its
 * parent's, so two dates in different places differ while a class that
 * varies with the value ("positive", "perfect") does not split a column.
 */
function shapeWithin(el: Element, root: Element): string {
  const parent = el.parentElement;
  return parent && parent !== root ? `${looseShape(parent)}>${looseShape(el)}` : looseShape(el);
}

function looseShape(el: Element): string {
  const first = classTokensOf(el).find((t) => !/\d/.test(t));
  return first ? `${el.localName}.${first}` : el.localName;
}

function dateFrom(value: string | null | undefined, now: number): { iso: string; relative: boolean } | undefined {
  if (!value || value.length > 100 || !mayBeDate(value)) return undefined;
  const absolute = parseDate(value);
  if (absolute) return { iso: absolute, relative: false };
  const relative = parseDate(value, { now });
  return relative ? { iso: relative, relative: true } : undefined;
}

/** Whether a date is plausible for something written on a page seen at `now`. */
function plausible(iso: string, now: number): boolean {
  const t = Date.parse(iso.length === 10 ? `${iso}T00:00:00Z` : iso);
  return Number.isFinite(t) && t > Date.UTC(1990, 0, 1) && t <= now + 2 * 86_400_000;
}

function isRegistration(el: Element): boolean {
  if (hasWord(el, REGISTRATION_WORD)) return true;
  const parent = el.parentElement;
  if (parent && hasWord(parent, REGISTRATION_WORD)) return true;
  const label = collapse(`${el.previousSibling?.textContent ?? ''} ${parent?.firstChild?.textContent ?? ''}`).slice(-60);
  return REGISTRATION.test(label) || REGISTRATION.test((el.textContent ?? '').slice(0, 60));
}

/** The text of an element with only inline children; undefined when long. */
function leafText(el: Element, max: number): string | undefined {
  const raw = el.textContent ?? '';
  if (raw.length > max * 3) return undefined;
  const clean = collapse(raw);
  return clean === '' || clean.length > max ? undefined : clean;
}

/** The text nodes directly inside an element, joined; undefined when long. */
function ownText(el: Element, max: number): string | undefined {
  let value = '';
  for (let child = el.firstChild; child; child = child.nextSibling) {
    if (child.nodeType !== 3) continue;
    value += child.nodeValue ?? '';
    if (value.length > max * 3) return undefined;
  }
  const clean = collapse(value);
  return clean === '' || clean.length > max ? undefined : clean;
}

const INLINE = new Set(['b', 'i', 'em', 'strong', 'span', 'small', 'abbr', 'bdi', 'font', 'sup', 'sub', 'u', 's', 'mark', 'wbr', 'br']);

/** Whether the element has no child elements other than inline formatting. */
function isLeaf(el: Element): boolean {
  for (let child = el.firstElementChild; child; child = child.nextElementSibling) if (!INLINE.has(child.localName)) return false;
  return true;
}

const BODY_FLAG = 1;
const QUOTE_FLAG = 2;
const CHROME_FLAG = 4;

/** What an element is within an item: a quote, its body, its frame (as flags); items overlap, so it is worked out once per read. */
const partOfItem = perRead((el: Element): number => {
  const tag = el.localName;
  const words = wordsOf(el);
  let flags = 0;
  if (tag === 'blockquote' || words.includes('quote') || words.includes('bbc')) flags |= QUOTE_FLAG;
  if (words.some((w) => BODY.test(w)) && !words.some((w) => CHROME.test(w))) flags |= BODY_FLAG;
  else if (words.some((w) => CHROME.test(w)) || tag === 'nav' || tag === 'time') flags |= CHROME_FLAG;
  return flags;
});

/** Text gathered from an item's part (its body, its other words, its quotes). */
interface Gathered {
  parts: string[];
  /** Characters gathered from text nodes that are not only whitespace. */
  visible: number;
}

/**
 * Characters of an item's words gathered at most: several times what a contribution keeps
 * (LIMITS.text in lib/capture/builder.ts), so the snippet cut from them is the same.
 */
const TEXT_GATHERED = 4 * LIMITS.text;
const NOT_BLANK = /\S/;

/** Dates, ratings and the words of one item. */
export function readItem(container: Element, options: ReadOptions): ItemFields {
  const { now } = options;
  const excluded = new Set(options.exclude);
  const readings = options.readings ?? elementReadings();
  const dates: Candidate<string>[] = [];
  const ratings: Candidate<RatingReading>[] = [];
  const rest: Gathered = { parts: [], visible: 0 };
  const body: Gathered = { parts: [], visible: 0 };
  const quote: Gathered = { parts: [], visible: 0 };
  let budget = options.budget ?? 4000;

  // Depth-first in document order; each node knows whether it is inside a body element or a quote.
  // Two stacks side by side, not a pair per node: a pair for each node of each item was garbage
  // the collector spent a tenth of the extraction on.
  const nodes: Node[] = [];
  const nodeFlags: number[] = [];
  for (let child = container.lastChild; child; child = child.previousSibling) {
    nodes.push(child);
    nodeFlags.push(0);
  }
  while (nodes.length > 0 && budget-- > 0) {
    const node = nodes.pop()!;
    const flags = nodeFlags.pop()!;
    if (node.nodeType === 3) {
      if (flags & CHROME_FLAG) continue;
      const target = flags & QUOTE_FLAG ? quote : flags & BODY_FLAG ? body : rest;
      // Words past what a contribution keeps are not gathered: joining and collapsing a long review
      // whole was a quarter of the time on pages of long reviews. (The walk goes on, for dates and ratings.)
      if (target.visible >= TEXT_GATHERED) continue;
      const value = node.nodeValue ?? '';
      target.parts.push(value);
      if (NOT_BLANK.test(value)) target.visible += value.length;
      continue;
    }
    if (node.nodeType !== 1) continue;
    const el = node as Element;
    const tag = el.localName;
    if (SKIPPED.has(tag)) {
      if (ratingish(el) || ratingish(el.parentElement)) {
        const found: ElementReading['ratings'] = [];
        readRatingAttributes(el, found);
        addReadings(el, container, { ratings: found }, dates, ratings);
      }
      continue;
    }
    if (excluded.has(el)) continue;
    const childFlags = flags | partOfItem(el);

    let reading = readings.get(el);
    if (!reading) readings.set(el, (reading = readElement(el, now)));
    addReadings(el, container, reading, dates, ratings);

    if (BLOCK.has(tag)) {
      const target = childFlags & QUOTE_FLAG ? quote : childFlags & BODY_FLAG ? body : rest;
      target.parts.push(' ');
    }
    for (let child = el.lastChild; child; child = child.previousSibling) {
      nodes.push(child);
      nodeFlags.push(childFlags);
    }
  }
  // The item's own words: its body element when it marks one, else what is not its frame; quotes
  // of other posts only when there is nothing else.
  const own = collapse(body.parts.join('')) || collapse(rest.parts.join(''));
  return { dates, ratings, text: own || collapse(quote.parts.join('')) };
}

/** An element's date and ratings. Ratings only where the markup speaks of them, or stars are drawn in text: most elements do neither. */
function readElement(el: Element, now: number): ElementReading {
  const date = readDate(el, now);
  const ratings: ElementReading['ratings'] = [];
  if (ratingish(el) || ratingish(el.parentElement)) {
    readRatingAttributes(el, ratings);
    readRatingText(el, ratings);
  } else if (isLeaf(el) && STAR_CHAR.test((el.textContent ?? '').slice(0, 40))) {
    readRatingText(el, ratings);
  }
  return date ? { date, ratings } : { ratings };
}

/** The element's readings as candidates of the item `root`, shaped by where they sit in it. */
function addReadings(el: Element, root: Element, reading: Partial<ElementReading>, dates: Candidate<string>[], ratings: Candidate<RatingReading>[]): void {
  if (!reading.date && !reading.ratings?.length) return;
  const shape = shapeWithin(el, root);
  if (reading.date) dates.push({ el, value: reading.date.iso, shape, rank: reading.date.rank });
  for (const r of reading.ratings ?? []) ratings.push({ el, value: r.value, shape, rank: r.rank });
}

function readDate(el: Element, now: number): ElementReading['date'] {
  const tag = el.localName;
  const push = (iso: string | undefined, rank: number) => (iso && plausible(iso, now) && !isRegistration(el) ? { iso, rank } : undefined);
  if (tag === 'time') {
    const machine = el.getAttribute('datetime') ?? el.getAttribute('dateTime');
    const fromMachine = machine && /\d{4}-\d{2}-\d{2}/.test(machine) ? parseDate(machine) : undefined;
    if (fromMachine) return push(fromMachine, 0);
  }
  if (!el.hasAttributes() && !isLeaf(el)) {
    const words = ownText(el, 80);
    const fromText = dateFrom(words, now);
    return fromText ? push(fromText.iso, fromText.relative ? 3 : 2) : undefined;
  }
  let title: string | null = null;
  // One pass over the attribute names (most elements have one or two): reading el.attributes makes
  // the browser build an Attr object for each.
  for (const name of el.getAttributeNames()) {
    if (name === 'title') title = el.getAttribute(name);
    else if (name.startsWith('data-') && (DATE_ATTRIBUTES as readonly string[]).includes(name)) {
      const value = el.getAttribute(name);
      const iso = value ? (epochDate(value) ?? dateFrom(value, now)?.iso) : undefined;
      if (iso) return push(iso, 1);
    }
  }
  const fromTitle = dateFrom(title, now);
  if (fromTitle && !fromTitle.relative) return push(fromTitle.iso, 1);
  // A leaf's words, or the words an element holds itself beside its links ("# ? Dec 5, 2024 22:23").
  const words = isLeaf(el) ? leafText(el, 80) : ownText(el, 80);
  const fromText = dateFrom(words, now);
  if (fromText) return push(fromText.iso, fromText.relative ? 3 : 2);
  return fromTitle ? push(fromTitle.iso, 3) : undefined;
}

function readRatingAttributes(el: Element, out: ElementReading['ratings']): void {
  if (!el.hasAttributes()) return;
  const prop = el.getAttribute('itemprop');
  if (prop === 'ratingValue') {
    const value = number(el.getAttribute('content') ?? el.textContent ?? '');
    const scope = el.parentElement;
    const best = number(scope?.querySelector('[itemprop="bestRating"]')?.getAttribute('content') ?? '5');
    const scale = scaleOf(best);
    if (Number.isFinite(value) && scale !== undefined && value >= 0 && value <= scale) out.push({ value: { value, scale, kind: 'explicit' }, rank: 0 });
    return;
  }
  const rated = ratingWorded(el, RATING_WORD) || ratingWorded(el, SCORE_WORD);
  if (!rated || hasWord(el, TALLY_WORD)) return;
  for (const name of ['aria-label', 'title', 'alt', 'data-rating', 'data-score', 'data-stars', 'data-value', 'content']) {
    const value = el.getAttribute(name);
    if (!value) continue;
    const reading = ratingInWords(value) ?? (name.startsWith('data-') && /^\d+(?:[.,]\d+)?$/.test(value.trim()) ? { value: number(value), kind: 'number' as const } : undefined);
    if (reading) {
      out.push({ value: reading, rank: 1 });
      return;
    }
  }
  for (const token of classTokensOf(el)) {
    const m = CLASS_NUMBER.exec(token);
    if (m) {
      const value = Number(m[1]) + (m[2] ? Number(m[2]) / 10 : 0);
      out.push({ value: { value, kind: 'class' }, rank: 2 });
      return;
    }
  }
  const width = /(?:^|;)\s*width\s*:\s*(\d{1,3}(?:\.\d+)?)%/.exec(el.getAttribute('style') ?? '');
  if (width && Number(width[1]) <= 100) out.push({ value: { value: Math.round((Number(width[1]) / 20) * 10) / 10, scale: 5, kind: 'explicit' }, rank: 3 });
}

/** Whether the element or its parent says, in its markup, that it holds this kind of value. */
function ratingWorded(el: Element, words: RegExp): boolean {
  return hasWord(el, words) || (el.parentElement !== null && hasWord(el.parentElement, words));
}

function readRatingText(el: Element, out: ElementReading['ratings']): void {
  if (!isLeaf(el)) return;
  const own = shortText(el, 24);
  if (!own) return;
  if (STARS.test(own) && STAR_CHAR.test(own)) {
    const filled = (own.match(FILLED_STAR) ?? []).length + (own.includes('½') ? 0.5 : 0);
    const total = (own.match(/[★☆✩✪✫✬✭✮⭐✰]/gu) ?? []).length;
    const scale = total === 10 ? 10 : 5;
    if (filled <= scale) out.push({ value: { value: filled, scale, kind: 'explicit' }, rank: 1 });
    return;
  }
  if (hasWord(el, TALLY_WORD) || (el.parentElement !== null && hasWord(el.parentElement, TALLY_WORD))) return;
  const words = ratingInWords(own);
  if (words && (ratingWorded(el, RATING_WORD) || ratingWorded(el, SCORE_WORD))) {
    out.push({ value: words, rank: 1 });
    return;
  }
  // A bare number is a rating only where the markup says rating, never just "score" (votes).
  const bare = /^(\d{1,3}(?:[.,]\d)?)$/.exec(own);
  if (bare && ratingWorded(el, RATING_WORD)) out.push({ value: { value: number(bare[1]!), kind: 'number' }, rank: 2 });
}
