/**
 * schema.org vocabulary to captured people and contributions: Review (with
 * its author, rating on its scale, date and the item reviewed), the
 * discussions around pages (Comment, DiscussionForumPosting,
 * SocialMediaPosting, UserComments, and a QAPage's Question with its Answers,
 * each with nested comments and their depth), and ProfilePage / Person (with
 * interactionStatistic counts). Works on JSON-LD nodes and on microdata and
 * RDFa items read into the same shape.
 */
import type { RatingScale } from '../../model/capture';
import { parseDate } from '../dates';
import { ratingOnScale } from '../ratings';
import type { FoundItem } from './found';
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
  ratingScale?: RatingScale;
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
    const author = authorOf(node, nodes);
    const reviewed = resolve(node.itemReviewed, nodes.byId) ?? (parent && arr(parent.review).includes(node) ? parent : undefined);
    reviews.push(
      clean({
        authorName: author.name,
        authorUrl: url(author.url, base),
        ...ratingOf(node, nodes),
        date: dateOf(node),
        title: str(node.name) ?? str(node.headline),
        text: str(node.reviewBody) ?? str(node.description) ?? str(node.text),
        subject: reviewed ? str(reviewed.name) : undefined,
      }),
    );
  });
  return reviews;
}

function authorOf(node: JsonObject, nodes: SchemaNodes): { name?: string | undefined; url?: string | undefined } {
  const author = [...arr(node.author), ...arr(node.creator)].map((a) => (typeof a === 'string' ? { name: a } : resolve(a, nodes.byId))).find(isObject);
  return { name: str(author?.name) ?? str(author?.alternateName), url: str(author?.url) ?? str(arr(author?.sameAs)[0]) };
}

function ratingOf(node: JsonObject, nodes: SchemaNodes): { rating?: number; ratingScale?: RatingScale } {
  const ratingNode = resolve(node.reviewRating, nodes.byId);
  if (!ratingNode) return {};
  const scaled = ratingOnScale(num(ratingNode.ratingValue), num(ratingNode.bestRating) ?? 5, num(ratingNode.worstRating) ?? 1);
  return scaled ? { rating: scaled.rating, ratingScale: scaled.ratingScale } : {};
}

function dateOf(node: JsonObject): string | undefined {
  return parseDate(str(node.datePublished) ?? str(node.dateCreated) ?? str(node.commentTime) ?? str(node.uploadDate));
}

/** Opening posts: items themselves, with the thread's comments (a question: its answers) beside them. */
const POST_TYPES = ['DiscussionForumPosting', 'SocialMediaPosting', 'Question'];
const ANSWER_KEYS = ['acceptedAnswer', 'suggestedAnswer', 'answer'];
/** Replies: items whose comments sit one level below them. */
const COMMENT_TYPES = ['Comment', 'Answer', 'UserComments'];
/** Where replies hang: comments, and a question's answers. */
const REPLY_KEYS = ['comment', 'comments', 'acceptedAnswer', 'suggestedAnswer', 'answer', 'review', 'reviews'] as const;
const MAX_NODES = 20_000;

/**
 * Every review, comment, forum post, question and answer in the nodes, in
 * document order, with its depth: a thread's opening post and a question at
 * 0 with their comments and answers beside them, replies to those below.
 */
export function contributionsFromSchema(nodes: SchemaNodes, base: string): FoundItem[] {
  const out: FoundItem[] = [];
  const seen = new Set<JsonObject>();
  // Depth-first in document order; each entry knows its depth and the node it hangs from.
  const stack: [JsonObject, number, JsonObject | undefined][] = nodes.roots.map((r): [JsonObject, number, undefined] => [r, 0, undefined]).reverse();
  while (stack.length > 0 && seen.size < MAX_NODES) {
    const [node, depth, parent] = stack.pop()!;
    if (seen.has(node)) continue;
    seen.add(node);
    const review = hasType(node, ...REVIEW_TYPES);
    const post = hasType(node, ...POST_TYPES);
    const item = review || post || hasType(node, ...COMMENT_TYPES) ? foundItem(node, nodes, base, depth, review ? 'review' : post ? 'post' : 'comment', parent) : undefined;
    if (item) out.push(item);
    // A thread's replies and a question's answers sit beside the opening post; a comment on a
    // question, an answer, a comment or a review sits below it; anything else stays where it is.
    const question = hasType(node, 'Question');
    const children: [JsonObject, number, JsonObject][] = [];
    for (const key in node) {
      if (key === '@context') continue;
      const replies = (REPLY_KEYS as readonly string[]).includes(key);
      const beside = post && (!question || ANSWER_KEYS.includes(key));
      const childDepth = replies && item && !beside ? depth + 1 : depth;
      for (const child of arr(node[key])) {
        const resolved = resolve(child, nodes.byId);
        if (resolved) children.push([resolved, childDepth, node]);
      }
    }
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
  }
  return out;
}

function foundItem(node: JsonObject, nodes: SchemaNodes, base: string, depth: number, type: FoundItem['type'], parent: JsonObject | undefined): FoundItem | undefined {
  const author = authorOf(node, nodes);
  if (!author.name) return undefined;
  const reviewed = resolve(node.itemReviewed, nodes.byId) ?? (parent && type === 'review' && arr(parent.review).includes(node) ? parent : undefined);
  const { rating, ratingScale } = ratingOf(node, nodes);
  return clean({
    author: clean({ name: author.name, url: url(author.url, base) }),
    type,
    id: str(node['@id']) ?? str(node.identifier),
    date: dateOf(node),
    rating,
    ratingScale,
    text: str(node.reviewBody) ?? str(node.text) ?? str(node.commentText) ?? str(node.articleBody) ?? str(node.description) ?? str(node.name) ?? str(node.headline),
    subject: reviewed ? str(reviewed.name) : undefined,
    depth,
  });
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
