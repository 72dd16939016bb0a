/**
 * Reviews in the data Google Maps embeds for its own start-up:
 * `window.APP_INITIALIZATION_STATE=[...]`, whose place payloads are strings
 * behind the `)]}'` guard. Positional arrays, never English words, so they
 * read the same in every interface language; but their positions move between
 * Google's releases, so a review is recognised by its shape rather than by a
 * fixed path:
 *   [reviewId, [placeId "0x..:0x<cid>", _, createdMicros, updatedMicros, [... author block ...], ...],
 *    [[rating], ...text...], ...]
 * where the author block holds the name, a /maps/contrib/<id> link and the
 * review count, as in the 2023 and 2026 pages seen (see lib/capture/README.md).
 */
import { parseJson } from '../generic/json';

export interface EmbeddedReview {
  id: string;
  /** The place's cid (hex), from "0x0:0x<cid>", to tell this place's reviews from another's. */
  placeCid: string | undefined;
  contributorId: string;
  name: string;
  reviewCount: number | undefined;
  /** The short line under the name ("Local Guide · 8 reviews"), in the page's language. */
  label: string | undefined;
  /** The 2023 author block starts with [level, _, 1] for Local Guides. */
  localGuide: boolean;
  rating: number | undefined;
  /** When it was written (ISO, UTC), from microseconds since the epoch. */
  date: string | undefined;
  text: string | undefined;
}

export interface EmbeddedPlace {
  name: string | undefined;
  reviews: EmbeddedReview[];
}

const GUARD = ")]}'";
const CONTRIB = /\/maps\/contrib\/(\d{6,30})/;
const MAX_SCRIPT_CHARS = 20_000_000;
/** Nodes visited per payload: a place payload has some 20,000; a hostile one is cut off. */
const WALK_BUDGET = 400_000;

/** The APP_INITIALIZATION_STATE array, or undefined. */
export function appInitializationState(doc: Document): unknown {
  const marker = 'APP_INITIALIZATION_STATE=';
  for (const script of Array.from(doc.querySelectorAll('script:not([src])'))) {
    const source = script.textContent ?? '';
    const at = source.indexOf(marker);
    if (at === -1 || source.length > MAX_SCRIPT_CHARS) continue;
    const start = at + marker.length;
    if (source[start] !== '[') continue;
    // The array ends at one of the "];" that follow it; JSON strings rarely hold one, so few are tried.
    let end = source.indexOf('];', start);
    for (let tries = 0; end !== -1 && tries < 20; tries++) {
      const value = parseJson(source.slice(start, end + 1));
      if (value !== undefined) return value;
      end = source.indexOf('];', end + 2);
    }
  }
  return undefined;
}

/** Every place payload in the state, with the reviews found in it. */
export function embeddedPlaces(doc: Document): EmbeddedPlace[] {
  const places: EmbeddedPlace[] = [];
  for (const payload of guardedPayloads(appInitializationState(doc))) {
    const reviews: EmbeddedReview[] = [];
    walkArrays(payload, (node) => {
      const review = asReview(node);
      if (review) reviews.push(review);
      return review === undefined; // a review's insides hold no further reviews
    });
    places.push({ name: placeName(payload), reviews });
  }
  return places;
}

/** The JSON behind each `)]}'` string in the state. */
function guardedPayloads(state: unknown): unknown[] {
  const found: unknown[] = [];
  walk(state, (value) => {
    if (typeof value === 'string' && value.startsWith(GUARD)) {
      const parsed = parseJson(value.slice(value.indexOf('\n') + 1));
      if (parsed !== undefined) found.push(parsed);
    }
  });
  return found;
}

function walk(root: unknown, visit: (value: unknown) => void): void {
  const stack: unknown[] = [root];
  for (let seen = 0; stack.length > 0 && seen < WALK_BUDGET; seen++) {
    const value = stack.pop();
    visit(value);
    if (Array.isArray(value)) for (let i = value.length - 1; i >= 0; i--) stack.push(value[i]);
  }
}

/** Arrays in document order; `descend` false skips an array's insides. */
function walkArrays(root: unknown, descend: (node: unknown[]) => boolean): void {
  const stack: unknown[] = [root];
  for (let seen = 0; stack.length > 0 && seen < WALK_BUDGET; seen++) {
    const value = stack.pop();
    if (!Array.isArray(value) || !descend(value)) continue;
    for (let i = value.length - 1; i >= 0; i--) if (Array.isArray(value[i])) stack.push(value[i]);
  }
}

function asReview(node: unknown[]): EmbeddedReview | undefined {
  const [id, meta, body] = node;
  if (typeof id !== 'string' || !/^[\w-]{16,200}$/.test(id) || !Array.isArray(meta)) return undefined;
  const created = meta[2];
  if (typeof created !== 'number' || created < 1e15 || created > 1e17 || !Array.isArray(meta[4])) return undefined;
  const author = authorBlock(meta[4]);
  if (!author) return undefined;
  const rating = Array.isArray(body) && Array.isArray(body[0]) ? body[0][0] : undefined;
  return {
    id,
    placeCid: typeof meta[0] === 'string' ? /:(0x[0-9a-f]+)$/i.exec(meta[0])?.[1]?.toLowerCase() : undefined,
    ...author,
    rating: typeof rating === 'number' && rating >= 1 && rating <= 5 ? rating : undefined,
    date: new Date(Math.floor(created / 1000)).toISOString(),
    text: reviewText(body),
  };
}

type Author = Pick<EmbeddedReview, 'contributorId' | 'name' | 'reviewCount' | 'label' | 'localGuide'>;

/** The first array under `root` (breadth-first) that holds a contributor link, a web address of its own and a name. */
function authorBlock(root: unknown[]): Author | undefined {
  const queue: { node: unknown[]; depth: number }[] = [{ node: root, depth: 0 }];
  for (let i = 0; i < queue.length && i < 200; i++) {
    const { node, depth } = queue[i]!;
    const link = node.map(contribLink).find((v) => v !== undefined);
    const name = node.find((v): v is string => typeof v === 'string' && !/^https?:|^\d+$|^[,\s]/.test(v) && v.trim() !== '');
    // The block itself holds a web address (the avatar, or the link): the array around it holds only
    // the avatar's initial letter beside nested links, which is not the name.
    const ownUrl = node.some((v) => typeof v === 'string' && /^https?:/.test(v));
    if (link && name && ownUrl) {
      const label = firstString(node.filter(Array.isArray), 2);
      return { contributorId: link, name, reviewCount: confirmedCount(node, label), label, localGuide: isGuideMarker(node[0]) };
    }
    if (depth < 3) for (const child of node) if (Array.isArray(child)) queue.push({ node: child, depth: depth + 1 });
  }
  return undefined;
}

/** A contributor id from a link string, or from a one-link array around it. */
function contribLink(value: unknown): string | undefined {
  const link = Array.isArray(value) ? value[0] : value;
  return typeof link === 'string' ? CONTRIB.exec(link)?.[1] : undefined;
}

/**
 * The review count: the first of two integers side by side in the author
 * block (reviews, then photos), kept only when the visible label shows the
 * same number, so a shifted position is never read as a count.
 */
function confirmedCount(block: unknown[], label: string | undefined): number | undefined {
  for (let i = 0; i + 1 < block.length; i++) {
    const [a, b] = [block[i], block[i + 1]];
    if (Number.isSafeInteger(a) && Number.isSafeInteger(b) && (a as number) >= 0) {
      const shown: string[] = (label ?? '').replace(/[\s.,\u00A0\u202F]/g, '').match(/\d+/g) ?? [];
      return shown.includes(String(a)) ? (a as number) : undefined;
    }
  }
  return undefined;
}

function isGuideMarker(value: unknown): boolean {
  return Array.isArray(value) && typeof value[0] === 'number' && value[0] >= 1 && value[0] <= 10;
}

function firstString(nodes: unknown[][], depth: number): string | undefined {
  for (const node of nodes) {
    const direct = node.find((v): v is string => typeof v === 'string' && /\d/.test(v) && !/^https?:/.test(v));
    if (direct) return direct;
    if (depth > 1) {
      const nested = firstString(node.filter(Array.isArray), depth - 1);
      if (nested) return nested;
    }
  }
  return undefined;
}

/** The review's own words: the original of a translated review (2026), else the first text (2023). */
function reviewText(body: unknown): string | undefined {
  if (!Array.isArray(body)) return undefined;
  const translated = body[15];
  const original = Array.isArray(translated) && Array.isArray(translated[0]) ? translated[0][0] : undefined;
  if (typeof original === 'string') return original;
  const plain = Array.isArray(body[1]) ? body[1][0] : undefined;
  return typeof plain === 'string' ? plain : undefined;
}

/** The place's name in its payload ([6][11] in the pages seen). */
function placeName(payload: unknown): string | undefined {
  const place = Array.isArray(payload) ? payload[6] : undefined;
  const name = Array.isArray(place) ? place[11] : undefined;
  return typeof name === 'string' ? name : undefined;
}
