/**
 * schema.org vocabulary to captured people and contributions: Review (with
 * its author, rating, date and the item reviewed) and ProfilePage / Person
 * (with interactionStatistic counts). Works on JSON-LD nodes and on
 * microdata items read into the same shape.
 */
import { parseDate } from '../dates';
import { toFiveStars } from '../ratings';
import { arr, isObject, num, str, type JsonObject } from './json';
import { hasType, resolve, typesOf, walk } from './jsonld';

export interface SchemaNodes {
  roots: JsonObject[];
  byId: Map<string, JsonObject>;
}

export interface SchemaReview {
  authorName?: string;
  authorUrl?: string;
  rating?: number;
  date?: string;
  title?: string;
  text?: string;
  subject?: string;
}

const REVIEW_TYPES = ['Review', 'CriticReview', 'UserReview', 'EmployerReview'];

/** Every Review in the nodes, in document order, with the name of what it reviews. */
export function reviewsFromJsonLd(nodes: SchemaNodes, base: string): SchemaReview[] {
  const reviews: SchemaReview[] = [];
  walk(nodes.roots, (node, parent) => {
    if (!hasType(node, ...REVIEW_TYPES)) return;
    const author = arr(node.author).map((a) => (typeof a === 'string' ? { name: a } : resolve(a, nodes.byId))).find(isObject);
    const ratingNode = resolve(node.reviewRating, nodes.byId);
    const reviewed = resolve(node.itemReviewed, nodes.byId) ?? (parent && arr(parent.review).includes(node) ? parent : undefined);
    reviews.push(
      clean({
        authorName: str(author?.name) ?? str(author?.alternateName),
        authorUrl: url(str(author?.url) ?? str(arr(author?.sameAs)[0]), base),
        rating: ratingNode ? toFiveStars(num(ratingNode.ratingValue), num(ratingNode.bestRating) ?? 5, num(ratingNode.worstRating) ?? 1) : undefined,
        date: parseDate(str(node.datePublished) ?? str(node.dateCreated)),
        title: str(node.name) ?? str(node.headline),
        text: str(node.reviewBody) ?? str(node.description) ?? str(node.text),
        subject: reviewed ? str(reviewed.name) : undefined,
      }),
    );
  });
  return reviews;
}

export interface SchemaProfile {
  name?: string;
  handle?: string;
  url?: string;
  bio?: string;
  location?: string;
  website?: string;
  followers?: number;
  following?: number;
  posts?: number;
}

/** The person (or organisation) a ProfilePage is about, or a Person that is the page's main entity. */
export function profilesFromJsonLd(nodes: SchemaNodes, base: string): SchemaProfile[] {
  const people: SchemaProfile[] = [];
  for (const node of nodes.roots) {
    const entity = hasType(node, 'ProfilePage')
      ? resolve(node.mainEntity, nodes.byId) ?? resolve(node.about, nodes.byId)
      : hasType(node, 'WebPage', 'AboutPage')
        ? resolve(node.mainEntity, nodes.byId)
        : undefined;
    if (!entity || !typesOf(entity).some((t) => t === 'Person' || t === 'Organization')) continue;
    const counts = interactionCounts(entity);
    const related = [...arr(entity.sameAs), ...arr(node.relatedLink), ...arr(entity.url)]
      .map((v) => str(v))
      .filter((v): v is string => v !== undefined);
    people.push(
      clean({
        name: str(entity.name),
        handle: str(entity.additionalName) ?? str(entity.alternateName),
        url: url(str(entity.url), base),
        bio: str(entity.description),
        location: str(resolve(entity.homeLocation, nodes.byId)?.name) ?? str(entity.homeLocation),
        // A link the person chose that is not a shortener or the profile itself.
        website: related.find((link) => !/^https?:\/\/(?:t\.co|bit\.ly)\//i.test(link) && link !== str(entity.url)),
        ...counts,
      }),
    );
  }
  return people;
}

/** interactionStatistic counters to profile counts (X names following "Friends"). */
function interactionCounts(entity: JsonObject): Pick<SchemaProfile, 'followers' | 'following' | 'posts'> {
  const out: Pick<SchemaProfile, 'followers' | 'following' | 'posts'> = {};
  for (const stat of arr(entity.interactionStatistic).filter(isObject)) {
    const type = (str(stat.interactionType) ?? str(isObject(stat.interactionType) ? stat.interactionType['@type'] : undefined) ?? '').replace(/^.*\//, '');
    const name = str(stat.name) ?? '';
    const value = num(stat.userInteractionCount);
    if (value === undefined || !Number.isSafeInteger(value)) continue;
    if (/friend|following/i.test(name)) out.following ??= value;
    else if (type === 'FollowAction' || type === 'SubscribeAction') out.followers ??= value;
    else if (type === 'WriteAction') out.posts ??= value;
  }
  return out;
}

function url(value: string | undefined, base: string): string | undefined {
  if (!value) return undefined;
  try {
    const u = new URL(value, base);
    return u.protocol === 'https:' || u.protocol === 'http:' ? u.href : undefined;
  } catch {
    return undefined;
  }
}

function clean<T extends object>(value: T): T {
  for (const key of Object.keys(value) as (keyof T)[]) if (value[key] === undefined) delete value[key];
  return value;
}
