/**
 * Contributions that embedded data keeps as rows of positional arrays rather
 * than objects with keys ([id, [name, avatar], stars, null, text, [seconds,
 * nanos], likes, [replier, reply, [seconds, nanos]], ...]): a list of rows
 * whose columns hold, row after row, a person's name, words or stars and a
 * time. Which column is which is read from the values, never from a site.
 */
import type { FoundItem } from './found';
import { isNameLike } from './names';
import { epochDate, stateDate } from './values';
import { UNLIMITED, type Budget } from './budget';

const MAX_NODES = 60_000;
const MAX_COLUMNS = 40;

type Row = readonly unknown[];

/** Every list of rows in the data that reads as contributions, each as its own list. */
export function contributionsInTuples(sources: readonly unknown[], now: number, budget: Budget = UNLIMITED): FoundItem[][] {
  const lists: FoundItem[][] = [];
  const stack: unknown[] = [...sources];
  let visited = 0;
  while (stack.length > 0 && visited++ < MAX_NODES && !budget.spent()) {
    const value = stack.pop();
    if (!Array.isArray(value)) {
      if (typeof value === 'object' && value !== null) for (const v of Object.values(value)) stack.push(v);
      continue;
    }
    const rows = value.filter((v): v is Row => Array.isArray(v) && v.length >= 3);
    const items = rows.length >= 3 && rows.length >= value.length * 0.8 ? readRows(rows, now) : undefined;
    if (items) lists.push(items);
    else for (const v of value) if (typeof v === 'object' && v !== null) stack.push(v);
  }
  return lists;
}

/** A name as a row holds it: the string itself, or the first string of a [name, picture] pair. */
function nameIn(value: unknown): string | undefined {
  const raw = Array.isArray(value) ? value[0] : value;
  if (typeof raw !== 'string') return undefined;
  const name = raw.replace(/\s+/g, ' ').trim();
  return name.length <= 60 && /\p{L}/u.test(name) && isNameLike(name) ? name : undefined;
}

function isText(value: unknown): value is string {
  return typeof value === 'string' && value.trim().length >= 15 && /\s/.test(value.trim());
}

/** A time as rows hold it: Unix seconds or milliseconds, or [seconds, nanoseconds]. */
function isTime(value: unknown): boolean {
  return epochDate(Array.isArray(value) && value.length === 2 ? value[0] : value) !== undefined && (typeof value === 'number' || Array.isArray(value));
}

function share(rows: readonly Row[], column: number, test: (value: unknown) => boolean): number {
  return rows.filter((r) => test(r[column])).length / rows.length;
}

/** [name, text, time]: a reply kept in one slot of its row. */
function replyIn(value: unknown): { name: string; text: string; time: unknown } | undefined {
  if (!Array.isArray(value) || value.length < 2) return undefined;
  const name = nameIn(value[0]);
  return name && typeof value[1] === 'string' && value[1].trim() !== '' ? { name, text: value[1].trim(), time: value[2] } : undefined;
}

function readRows(rows: readonly Row[], now: number): FoundItem[] | undefined {
  const width = Math.min(MAX_COLUMNS, Math.max(...rows.map((r) => r.length)));
  const columns = Array.from({ length: width }, (_, c) => c);
  // Names differ from row to row (a column of one repeated label is not people), and look like names
  // more than ids do: a [name, picture] pair, words, capitals; not "id:1".
  const nameLike = (c: number) =>
    share(rows, c, Array.isArray) + share(rows, c, (v) => /\s/.test(nameIn(v) ?? '')) + share(rows, c, (v) => /^\p{Lu}/u.test(nameIn(v) ?? '')) - share(rows, c, (v) => /[:/\d]/.test(nameIn(v) ?? ''));
  const nameColumn = columns
    .filter((c) => share(rows, c, (v) => nameIn(v) !== undefined) >= 0.9 && new Set(rows.map((r) => nameIn(r[c]))).size >= Math.min(3, rows.length))
    .sort((a, b) => nameLike(b) - nameLike(a) || a - b)[0];
  if (nameColumn === undefined) return undefined;
  const free = columns.filter((c) => c !== nameColumn);
  const meanLength = (c: number) => rows.reduce((sum, r) => sum + (isText(r[c]) ? (r[c] as string).length : 0), 0) / rows.length;
  const textColumn = free.filter((c) => share(rows, c, isText) >= 0.5).sort((a, b) => meanLength(b) - meanLength(a))[0];
  const timeColumn = free.find((c) => c !== textColumn && share(rows, c, isTime) >= 0.8);
  const starColumn = free.find(
    (c) => c !== textColumn && c !== timeColumn && share(rows, c, (v) => Number.isInteger(v) && (v as number) >= 1 && (v as number) <= 5) >= 0.8 && new Set(rows.map((r) => r[c])).size >= 2,
  );
  if (textColumn === undefined && starColumn === undefined) return undefined;
  const replyColumn = free.find((c) => share(rows, c, (v) => replyIn(v) !== undefined) >= 0.2 && share(rows, c, (v) => v === null || v === undefined || replyIn(v) !== undefined) >= 0.95);

  // A reply slot filled by one name on most rows is the page owner answering.
  const repliers = replyColumn === undefined ? [] : rows.flatMap((r) => replyIn(r[replyColumn])?.name ?? []);
  const commonest = Math.max(0, ...[...new Set(repliers)].map((n) => repliers.filter((m) => m === n).length));
  const ownerReplies = repliers.length >= 2 && commonest >= repliers.length * 0.8;

  const items: FoundItem[] = [];
  for (const row of rows) {
    const name = nameIn(row[nameColumn]);
    if (!name) continue;
    const item: FoundItem = { author: { name }, type: starColumn !== undefined ? 'review' : 'comment', depth: 0 };
    if (textColumn !== undefined && typeof row[textColumn] === 'string') item.text = (row[textColumn] as string).trim();
    if (timeColumn !== undefined) item.date = stateDate(row[timeColumn], now);
    if (starColumn !== undefined && typeof row[starColumn] === 'number') {
      item.rating = row[starColumn] as number;
      item.ratingScale = 5;
    }
    if (typeof row[0] === 'string' && row[0].length <= 300 && row[0] !== name) item.id = row[0];
    items.push(item);
    const reply = replyColumn === undefined ? undefined : replyIn(row[replyColumn]);
    // The same answer pasted under many reviews is still one per review: it takes its review's id.
    if (reply) items.push({ author: { name: reply.name }, type: 'comment', depth: 1, text: reply.text, date: stateDate(reply.time, now), ...(item.id ? { id: `${item.id}/reply` } : {}), ...(ownerReplies ? { role: 'owner-reply' as const } : {}) });
  }
  return items.length >= 3 ? items : undefined;
}
